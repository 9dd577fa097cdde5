#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace layan::auth {

/// A few threads for slow work (Argon2id takes a quarter of a second and 64 MiB), so that sign-ins never block
/// the HTTP event loops and never use more memory than `threads` hashes at once. Bounded: when `max_queued`
/// jobs already wait, Post refuses and the caller answers 503.
class Worker {
public:
    Worker(int threads, std::size_t max_queued);
    /// Runs the queued jobs, then joins the threads.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Queues `job`; false (and the job dropped) when the queue is full.
    [[nodiscard]] bool Post(std::function<void()> job);

private:
    void Run();

    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace layan::auth
