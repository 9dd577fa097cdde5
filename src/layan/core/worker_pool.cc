#include "layan/core/worker_pool.h"

#include <spdlog/spdlog.h>

namespace layan::core {

WorkerPool::WorkerPool(std::string name, int threads, std::size_t max_queued)
    : name_(std::move(name)), max_queued_(max_queued) {
    for (int i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { Run(); });
    }
}

WorkerPool::~WorkerPool() {
    Drain();
    for (auto& thread : threads_) {
        thread.join();
    }
}

bool WorkerPool::Post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (jobs_.size() >= max_queued_ || stopping_) {
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::Drain() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    idle_.wait(lock, [this] { return jobs_.empty() && running_ == 0; });
}

void WorkerPool::Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) {
            return;  // stopping, and everything queued has run
        }
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        ++running_;
        lock.unlock();
        try {
            job();
        } catch (const std::exception& e) {
            // A job answers its own request; one that throws has a bug, which must not end the thread.
            spdlog::error("{} worker: a job failed: {}", name_, e.what());
        }
        job = nullptr;  // its captures (a responder, say) go before the pool counts it done
        lock.lock();
        --running_;
        if (jobs_.empty() && running_ == 0) {
            idle_.notify_all();
        }
    }
}

}  // namespace layan::core
