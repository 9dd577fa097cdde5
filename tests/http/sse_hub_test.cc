#include "layan/http/sse_hub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace layan::http {
namespace {

std::vector<std::uint64_t> Ids(const std::vector<SseHub::EventPtr>& events) {
    std::vector<std::uint64_t> ids;
    for (const auto& event : events) {
        ids.push_back(event->id);
    }
    return ids;
}

TEST(SseHub, AssignsIncreasingIdsPerChannel) {
    SseHub hub;
    EXPECT_EQ(hub.Publish("a", "x", "1"), 1u);
    EXPECT_EQ(hub.Publish("a", "x", "2"), 2u);
    EXPECT_EQ(hub.Publish("b", "x", "1"), 1u);
    EXPECT_EQ(hub.LastId("a"), 2u);
    EXPECT_EQ(hub.LastId("none"), 0u);
}

TEST(SseHub, DeliversToSubscribersOfTheChannelOnlyAndWakesThem) {
    SseHub hub;
    int wakes = 0;
    auto subscription = hub.Subscribe("a", std::nullopt, [&wakes] { ++wakes; });
    hub.Publish("a", "called", "A001");
    hub.Publish("b", "called", "B001");
    hub.Publish("a", "called", "A002");
    EXPECT_EQ(wakes, 1);  // Woken when the queue turned non-empty, not once per event.
    std::vector<SseHub::EventPtr> events;
    ASSERT_TRUE(subscription->Drain(events));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0]->data, "A001");
    EXPECT_EQ(events[1]->data, "A002");
    EXPECT_EQ(events[1]->name, "called");
    hub.Publish("a", "called", "A003");
    EXPECT_EQ(wakes, 2);
}

TEST(SseHub, ReplaysBufferedEventsNewerThanLastEventId) {
    SseHub hub(3);
    for (int i = 1; i <= 5; ++i) {
        hub.Publish("a", "", std::to_string(i));
    }
    std::vector<SseHub::EventPtr> events;
    ASSERT_TRUE(hub.Subscribe("a", 3, [] {})->Drain(events));
    EXPECT_EQ(Ids(events), (std::vector<std::uint64_t>{4, 5}));
    events.clear();
    ASSERT_TRUE(hub.Subscribe("a", 0, [] {})->Drain(events));
    EXPECT_EQ(Ids(events), (std::vector<std::uint64_t>{3, 4, 5}));  // Only the last 3 are kept.
    events.clear();
    ASSERT_TRUE(hub.Subscribe("a", std::nullopt, [] {})->Drain(events));
    EXPECT_TRUE(events.empty());
    ASSERT_TRUE(hub.Subscribe("a", 99, [] {})->Drain(events));  // An id from before a restart.
    EXPECT_EQ(Ids(events), (std::vector<std::uint64_t>{3, 4, 5}));
}

TEST(SseHub, SubscriptionOverflowsInsteadOfBlockingThePublisher) {
    SseHub hub;
    int wakes = 0;
    auto subscription = hub.Subscribe(
        "a", std::nullopt, [&wakes] { ++wakes; }, 2);
    hub.Publish("a", "", "1");
    hub.Publish("a", "", "2");
    hub.Publish("a", "", "3");
    EXPECT_EQ(wakes, 2);  // Once for the first event, once for the overflow.
    std::vector<SseHub::EventPtr> events;
    EXPECT_FALSE(subscription->Drain(events));
    EXPECT_TRUE(events.empty());
}

TEST(SseHub, DestroyingASubscriptionUnsubscribes) {
    SseHub hub;
    auto a = hub.Subscribe("a", std::nullopt, [] {});
    auto b = hub.Subscribe("b", std::nullopt, [] {});
    EXPECT_EQ(hub.SubscriberCount(), 2u);
    a.reset();
    EXPECT_EQ(hub.SubscriberCount(), 1u);
    hub.Publish("a", "", "nobody listens");
}

TEST(SseHub, PublishesFromManyThreadsWithoutLosingIds) {
    SseHub hub(10000);
    std::atomic<int> wakes{0};
    auto subscription = hub.Subscribe(
        "a", std::nullopt, [&wakes] { ++wakes; }, 100000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&hub] {
            for (int i = 0; i < 500; ++i) {
                hub.Publish("a", "", "x");
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    std::vector<SseHub::EventPtr> events;
    ASSERT_TRUE(subscription->Drain(events));
    ASSERT_EQ(events.size(), 2000u);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i]->id, i + 1);
    }
}

TEST(SseHub, FormatsEventsInTheWireFormat) {
    std::string out;
    AppendSseEvent(out, SseEvent{7, "called", "line1\nline2\r\nline3"});
    EXPECT_EQ(out, "id: 7\nevent: called\ndata: line1\ndata: line2\ndata: line3\n\n");
    out.clear();
    AppendSseEvent(out, SseEvent{8, "", ""});
    EXPECT_EQ(out, "id: 8\ndata: \n\n");
    out.clear();
    AppendSseEvent(out, SseEvent{9, "bad\nname", "x"});
    EXPECT_EQ(out, "id: 9\nevent: bad\ndata: x\n\n");
}

}  // namespace
}  // namespace layan::http
