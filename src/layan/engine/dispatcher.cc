#include "layan/engine/dispatcher.h"

#include <spdlog/spdlog.h>

namespace layan::engine {

Dispatcher::Dispatcher() : thread_([this] { Loop(); }) {}

Dispatcher::~Dispatcher() {
    Drain();
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Dispatcher::Post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
}

void Dispatcher::Drain() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return tasks_.empty() && !running_task_; });
}

void Dispatcher::Loop() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) {
            return;  // stopping, and everything posted has run
        }
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        running_task_ = true;
        lock.unlock();
        try {
            task();
        } catch (const std::exception& e) {
            spdlog::error("commit callback failed: {}", e.what());
        }
        task = nullptr;
        lock.lock();
        running_task_ = false;
        if (tasks_.empty()) {
            idle_.notify_all();
        }
    }
}

}  // namespace layan::engine
