#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace layan::core {

/// A few threads for work that blocks (a synchronous store write, a whole-log scan, speech synthesis,
/// Argon2id hashing), so that it never runs on an HTTP event loop. Bounded: when `max_queued` jobs
/// already wait, Post refuses and the caller answers 503 at once instead of queueing without end.
class WorkerPool {
public:
    /// `name` appears in the log when a job throws.
    WorkerPool(std::string name, int threads, std::size_t max_queued);
    /// Drain(), then joins the threads.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues `job`; false (and the job dropped) when the queue is full or the pool has been drained.
    [[nodiscard]] bool Post(std::function<void()> job);

    /// Refuses new jobs, then waits until every queued and running job has finished. Idempotent.
    void Drain();

private:
    void Run();

    std::string name_;
    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<std::function<void()>> jobs_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace layan::core
