#include "layan/auth/worker.h"

#include <spdlog/spdlog.h>

namespace layan::auth {

Worker::Worker(int threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (int i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { Run(); });
    }
}

Worker::~Worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        thread.join();
    }
}

bool Worker::Post(std::function<void()> job) {
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

void Worker::Run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            // A job answers its own request; one that throws has a bug, which must not end the thread.
            spdlog::error("auth worker job failed: {}", e.what());
        }
    }
}

}  // namespace layan::auth
