#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace layan::engine {

/// One thread that runs posted tasks in the order they were posted: the engine's commit callbacks, so
/// that the store's writer thread only commits and every listener sees a stream's commits in order.
class Dispatcher {
public:
    Dispatcher();
    /// Drain(), then joins the thread.
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /// Queues `task` (never refused: a commit callback must run).
    void Post(std::function<void()> task);

    /// Waits until every task posted so far has run (tasks they post included).
    void Drain();

private:
    void Loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<std::function<void()>> tasks_;
    bool running_task_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace layan::engine
