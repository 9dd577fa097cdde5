#include "layan/core/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace layan::core {
namespace {

TEST(WorkerPool, RunsEveryJobPostedBeforeDrainAndRefusesLaterOnes) {
    std::atomic<int> ran{0};
    WorkerPool pool("test", 2, 1000);
    for (int i = 0; i < 500; ++i) {
        ASSERT_TRUE(pool.Post([&ran] { ran.fetch_add(1); }));
    }
    pool.Drain();
    EXPECT_EQ(ran.load(), 500);
    EXPECT_FALSE(pool.Post([&ran] { ran.fetch_add(1); }));
    pool.Drain();  // idempotent
    EXPECT_EQ(ran.load(), 500);
}

TEST(WorkerPool, ABoundedQueueRefusesWhenFull) {
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    WorkerPool pool("test", 1, 2);
    ASSERT_TRUE(pool.Post([&started, released] {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait();  // the one thread is busy: what follows queues
    EXPECT_TRUE(pool.Post([] {}));
    EXPECT_TRUE(pool.Post([] {}));
    EXPECT_FALSE(pool.Post([] {})) << "a third queued job is over the bound of 2";
    release.set_value();
}

TEST(WorkerPool, AJobThatThrowsDoesNotStopThePool) {
    std::atomic<int> ran{0};
    WorkerPool pool("test", 1, 10);
    ASSERT_TRUE(pool.Post([] { throw std::runtime_error("bug"); }));
    ASSERT_TRUE(pool.Post([&ran] { ran.fetch_add(1); }));
    pool.Drain();
    EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace layan::core
