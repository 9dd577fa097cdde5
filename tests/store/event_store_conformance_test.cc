// The contract of store::EventStore (see event_store.h), run on every backend.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/store/event_store.h"
#include "test_support.h"

namespace layan::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<NewEvent> Events(std::initializer_list<std::string> types) {
    std::vector<NewEvent> events;
    for (const auto& type : types) {
        events.push_back(NewEvent{.type = type, .data = {{"type", type}}, .metadata = {{"actor", "test"}}});
    }
    return events;
}

std::vector<std::string> Types(const std::vector<RecordedEvent>& events) {
    std::vector<std::string> types;
    for (const auto& event : events) {
        types.push_back(event.type);
    }
    return types;
}

std::vector<std::int64_t> Versions(const std::vector<RecordedEvent>& events) {
    std::vector<std::int64_t> versions;
    for (const auto& event : events) {
        versions.push_back(event.version);
    }
    return versions;
}

/// Where an event was published or stored, in one line: "stream v<version> p<position> <type>".
std::string Where(const RecordedEvent& event) {
    return event.stream + " v" + std::to_string(event.version) + " p" + std::to_string(event.position) + " " +
           event.type;
}

std::vector<std::string> Wheres(const std::vector<RecordedEvent>& events) {
    std::vector<std::string> wheres;
    for (const auto& event : events) {
        wheres.push_back(Where(event));
    }
    return wheres;
}

/// Every field of what a subscriber was given equals what the store holds.
void ExpectSameEvents(const std::vector<RecordedEvent>& published, const std::vector<RecordedEvent>& stored) {
    ASSERT_EQ(published.size(), stored.size());
    for (size_t i = 0; i < published.size(); ++i) {
        SCOPED_TRACE(Where(stored[i]));
        EXPECT_EQ(published[i].stream, stored[i].stream);
        EXPECT_EQ(published[i].version, stored[i].version);
        EXPECT_EQ(published[i].position, stored[i].position);
        EXPECT_EQ(published[i].type, stored[i].type);
        EXPECT_EQ(published[i].data, stored[i].data);
        EXPECT_EQ(published[i].metadata, stored[i].metadata);
        EXPECT_EQ(published[i].recorded_at, stored[i].recorded_at);
    }
}

/// A subscriber that keeps the events it is given, for the test thread to wait on.
class Received {
public:
    [[nodiscard]] std::function<void(const RecordedEvent&)> Listener() {
        return [this](const RecordedEvent& event) {
            std::lock_guard lock(mutex_);
            events_.push_back(event);
            arrived_.notify_all();
        };
    }

    /// The events received once there are at least `count` (what there is after 10 s otherwise).
    [[nodiscard]] std::vector<RecordedEvent> AtLeast(size_t count) {
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= count; });
        return events_;
    }

    [[nodiscard]] std::vector<RecordedEvent> SoFar() {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<RecordedEvent> events_;
};

class EventStoreConformance : public ::testing::TestWithParam<test::Backend> {
protected:
    void SetUp() override {
        if (auto why = test::Unavailable(GetParam()); !why.empty()) {
            GTEST_SKIP() << why;
        }
        Open(DatabaseOptions{});
    }

    void Open(const DatabaseOptions& options) {
        database_.reset();
        database_ = GetParam().open(dir_, options);
    }

    EventStore& store() { return database_->Events(); }

    test::TempDir dir_;
    std::unique_ptr<Database> database_;
};

TEST_P(EventStoreConformance, AppendedEventsReadBackWithVersionsPositionsDataAndMetadata) {
    NewEvent issued{.type = "TicketIssued",
                    .data = {{"ticket", "A-001"}, {"service", "KTP"}, {"note", "Ibu hamil, prioritas ✓"}},
                    .metadata = {{"actor", "kiosk-1"}, {"ip", "10.0.0.5"}}};
    auto result = store().Append("hall-1/2026-03-02", ExpectedVersion{ExpectedVersion::kNoStream}, {issued});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->first_version, 1);
    EXPECT_EQ(result->last_version, 1);
    ASSERT_EQ(result->events.size(), 1u);

    auto events = store().ReadStream("hall-1/2026-03-02");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].stream, "hall-1/2026-03-02");
    EXPECT_EQ(events[0].version, 1);
    EXPECT_EQ(events[0].position, result->last_position);
    EXPECT_EQ(events[0].type, "TicketIssued");
    EXPECT_EQ(events[0].data, issued.data);
    EXPECT_EQ(events[0].metadata, issued.metadata);
    EXPECT_EQ(events[0].recorded_at, result->events[0].recorded_at);
}

TEST_P(EventStoreConformance, WrongExpectedVersionFailsWithConflictAndStoresNothing) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{ExpectedVersion::kNoStream}, Events({"A", "B"})));
    auto head = store().HeadPosition();

    auto stale = store().Append("s", ExpectedVersion{1}, Events({"C"}));
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(stale.error().code, "version_conflict");
    EXPECT_EQ(stale.error().details["actual_version"], 2);

    auto ahead = store().Append("s", ExpectedVersion{5}, Events({"C"}));
    ASSERT_FALSE(ahead);
    EXPECT_EQ(ahead.error().code, "version_conflict");

    EXPECT_THAT(Types(store().ReadStream("s")), ElementsAre("A", "B"));
    EXPECT_EQ(store().StreamVersion("s"), 2);
    EXPECT_EQ(store().HeadPosition(), head);
    EXPECT_EQ(store().ReadAll(0, 100).size(), 2u);
}

TEST_P(EventStoreConformance, AnAppendThatFollowsAFailedOneFailsEvenWhenItsVersionMatches) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A"})));
    // The pipeline's first append expected version 0 and lost (another writer had made it 1) ...
    auto lost = store().Append("s", ExpectedVersion{0}, Events({"Mine"}));
    ASSERT_FALSE(lost);
    // ... so the one decided on top of it fails too, although "s" is at the version it expects.
    auto following = store().Append("s", ExpectedVersion{1, true}, Events({"OnTopOfMine"}));
    ASSERT_FALSE(following);
    EXPECT_EQ(following.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(following.error().code, "previous_append_failed");
    EXPECT_EQ(store().StreamVersion("s"), 1);
    // A new decision, not following anything, goes through.
    auto fresh = store().Append("s", ExpectedVersion{1}, Events({"Fresh"}));
    ASSERT_TRUE(fresh) << fresh.error().message;
    EXPECT_EQ(fresh->last_version, 2);
}

TEST_P(EventStoreConformance, NoStreamSucceedsOnlyWhileTheStreamDoesNotExist) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{ExpectedVersion::kNoStream}, Events({"A"})));
    auto again = store().Append("s", ExpectedVersion{ExpectedVersion::kNoStream}, Events({"B"}));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "version_conflict");
    EXPECT_THAT(Types(store().ReadStream("s")), ElementsAre("A"));
}

TEST_P(EventStoreConformance, AnyAppendsWhateverTheVersion) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{ExpectedVersion::kAny}, Events({"A"})));
    ASSERT_TRUE(store().Append("s", ExpectedVersion{ExpectedVersion::kAny}, Events({"B", "C"})));
    auto result = store().Append("s", ExpectedVersion{}, Events({"D"}));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->first_version, 4);
    EXPECT_THAT(Versions(store().ReadStream("s")), ElementsAre(1, 2, 3, 4));
}

TEST_P(EventStoreConformance, MultiEventAppendIsStoredWholeWithContiguousVersions) {
    ASSERT_TRUE(store().Append("other", ExpectedVersion{}, Events({"X"})));
    auto result = store().Append("s", ExpectedVersion{ExpectedVersion::kNoStream}, Events({"A", "B", "C"}));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->first_version, 1);
    EXPECT_EQ(result->last_version, 3);
    ASSERT_EQ(result->events.size(), 3u);
    EXPECT_EQ(result->events[1].position, result->events[0].position + 1);
    EXPECT_EQ(result->events[2].position, result->last_position);
    EXPECT_THAT(Types(store().ReadStream("s")), ElementsAre("A", "B", "C"));
}

TEST_P(EventStoreConformance, FailedMultiEventAppendStoresNoneOfItsEvents) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A"})));
    EXPECT_FALSE(store().Append("s", ExpectedVersion{ExpectedVersion::kNoStream}, Events({"B", "C", "D"})));

    // One bad event in the middle (an empty type) rejects the whole append.
    auto events = Events({"B", "C", "D"});
    events[1].type.clear();
    auto invalid = store().Append("s", ExpectedVersion{1}, events);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().kind, core::ErrorKind::kInvalid);

    EXPECT_THAT(Types(store().ReadStream("s")), ElementsAre("A"));
    EXPECT_EQ(store().ReadAll(0, 100).size(), 1u);
}

TEST_P(EventStoreConformance, RejectsAppendsWithoutEventsOrStream) {
    auto empty = store().Append("s", ExpectedVersion{}, {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().kind, core::ErrorKind::kInvalid);
    auto nameless = store().Append("", ExpectedVersion{}, Events({"A"}));
    ASSERT_FALSE(nameless);
    EXPECT_EQ(nameless.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(store().HeadPosition(), 0);
}

TEST_P(EventStoreConformance, ReadStreamStartsAtTheGivenVersionAndHonoursTheLimit) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A", "B", "C", "D", "E"})));
    EXPECT_THAT(Types(store().ReadStream("s", 3)), ElementsAre("C", "D", "E"));
    EXPECT_THAT(Types(store().ReadStream("s", 2, 2)), ElementsAre("B", "C"));
    EXPECT_TRUE(store().ReadStream("s", 6).empty());
    EXPECT_TRUE(store().ReadStream("unknown").empty());
}

TEST_P(EventStoreConformance, ReadAllReturnsEventsAfterAPositionAcrossStreamsInCommitOrder) {
    ASSERT_TRUE(store().Append("a", ExpectedVersion{}, Events({"A1"})));
    ASSERT_TRUE(store().Append("b", ExpectedVersion{}, Events({"B1", "B2"})));
    ASSERT_TRUE(store().Append("a", ExpectedVersion{}, Events({"A2"})));

    auto all = store().ReadAll(0, 100);
    EXPECT_THAT(Types(all), ElementsAre("A1", "B1", "B2", "A2"));
    for (size_t i = 1; i < all.size(); ++i) {
        EXPECT_EQ(all[i].position, all[i - 1].position + 1);
    }
    EXPECT_THAT(Types(store().ReadAll(all[1].position, 100)), ElementsAre("B2", "A2"));
    EXPECT_THAT(Types(store().ReadAll(all[0].position, 2)), ElementsAre("B1", "B2"));
    EXPECT_TRUE(store().ReadAll(all.back().position, 100).empty());
}

TEST_P(EventStoreConformance, HeadPositionIsTheLastCommittedPosition) {
    EXPECT_EQ(store().HeadPosition(), 0);
    auto first = store().Append("a", ExpectedVersion{}, Events({"A", "B"}));
    ASSERT_TRUE(first);
    EXPECT_EQ(store().HeadPosition(), first->last_position);
    auto second = store().Append("b", ExpectedVersion{}, Events({"C"}));
    ASSERT_TRUE(second);
    EXPECT_EQ(store().HeadPosition(), second->last_position);
    EXPECT_GT(second->last_position, first->last_position);
}

TEST_P(EventStoreConformance, StreamVersionIsZeroForAnUnknownStreamElseItsLastVersion) {
    EXPECT_EQ(store().StreamVersion("s"), 0);
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A", "B", "C"})));
    ASSERT_TRUE(store().Append("t", ExpectedVersion{}, Events({"X"})));
    EXPECT_EQ(store().StreamVersion("s"), 3);
    EXPECT_EQ(store().StreamVersion("t"), 1);
}

TEST_P(EventStoreConformance, RecordedAtComesFromTheInjectedClock) {
    auto clock = std::make_shared<core::ManualClock>(*core::ParseIso8601("2026-03-02T00:30:00Z"));
    Open(DatabaseOptions{.clock = clock});
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A"})));
    clock->Advance(std::chrono::minutes{90});
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"B"})));

    auto events = store().ReadStream("s");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].recorded_at, *core::ParseIso8601("2026-03-02T00:30:00Z"));
    EXPECT_EQ(events[1].recorded_at, *core::ParseIso8601("2026-03-02T02:00:00Z"));
}

TEST_P(EventStoreConformance, AppendsToOneStreamAreStoredInSubmissionOrder) {
    constexpr int kCount = 200;
    std::mutex mutex;
    std::condition_variable all_done;
    int done = 0;
    for (int i = 0; i < kCount; ++i) {
        store().AppendAsync(
            "s", ExpectedVersion{}, {NewEvent{.type = "E", .data = {{"i", i}}}},
            [&, i](core::Result<AppendResult> result) {
                // Each callback reports its own append, at the version its place in the
                // submission order gives it.
                EXPECT_TRUE(result) << i;
                if (result) {
                    EXPECT_EQ(result->first_version, i + 1);
                    EXPECT_EQ(result->last_version, i + 1);
                    EXPECT_EQ(result->last_position, i + 1);
                    EXPECT_THAT(Wheres(result->events),
                                ElementsAre("s v" + std::to_string(i + 1) + " p" + std::to_string(i + 1) + " E"));
                    EXPECT_EQ(result->events.at(0).data["i"], i);
                }
                std::lock_guard lock(mutex);
                ++done;
                all_done.notify_one();
            });
    }
    std::unique_lock lock(mutex);
    ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(60), [&] { return done == kCount; }));
    auto events = store().ReadStream("s");
    ASSERT_EQ(events.size(), static_cast<size_t>(kCount));
    for (int i = 0; i < kCount; ++i) {
        EXPECT_EQ(events[i].data["i"], i);
        EXPECT_EQ(events[i].version, i + 1);
    }
}

TEST_P(EventStoreConformance, SubscriberSeesLaterEventsInPositionOrderAndNothingAfterItsHandleDies) {
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"Before"})));

    Received received;
    auto handle = store().Subscribe(received.Listener());
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A", "B"})));
    ASSERT_TRUE(store().Append("t", ExpectedVersion{}, Events({"C"})));
    // Exactly the events committed after Subscribe, in position order, each as stored.
    auto published = received.AtLeast(3);
    EXPECT_THAT(Wheres(published), ElementsAre("s v2 p2 A", "s v3 p3 B", "t v1 p4 C"));
    ExpectSameEvents(published, store().ReadAll(1, 100));

    handle.reset();
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"After"})));
    // A second subscriber, given the next event, proves "After" was published before we look.
    Received witness;
    auto witnessing = store().Subscribe(witness.Listener());
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"Later"})));
    auto later = witness.AtLeast(1);
    EXPECT_THAT(Wheres(later), ElementsAre("s v5 p6 Later"));
    ExpectSameEvents(later, store().ReadAll(5, 100));
    EXPECT_THAT(Wheres(received.SoFar()), ElementsAre("s v2 p2 A", "s v3 p3 B", "t v1 p4 C"));
}

TEST_P(EventStoreConformance, SubscriberMayEndItsOwnSubscriptionFromInsideTheListener) {
    Received received;
    std::shared_ptr<void> handle;
    handle = store().Subscribe([&handle, keep = received.Listener()](const RecordedEvent& event) {
        keep(event);
        handle.reset();
    });
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"A", "B", "C"})));
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"D"})));
    Received witness;
    auto witnessing = store().Subscribe(witness.Listener());
    ASSERT_TRUE(store().Append("s", ExpectedVersion{}, Events({"E"})));
    // The witness is given "E", so everything before it has been published: the first subscriber got "A" and
    // nothing after it.
    auto later = witness.AtLeast(1);
    EXPECT_THAT(Wheres(later), ElementsAre("s v5 p5 E"));
    auto published = received.SoFar();
    EXPECT_THAT(Wheres(published), ElementsAre("s v1 p1 A"));
    ExpectSameEvents(published, store().ReadAll(0, 1));
}

TEST_P(EventStoreConformance, ConcurrentAppendersToOneStreamWinEachVersionExactlyOnce) {
    constexpr int kThreads = 8;
    constexpr int kAttempts = 40;
    std::mutex mutex;
    std::map<std::int64_t, std::pair<int, int>> winners;  // version → (thread, attempt)
    std::atomic<int> conflicts = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int a = 0; a < kAttempts; ++a) {
                auto version = store().StreamVersion("contended");
                auto result = store().Append("contended", ExpectedVersion{version},
                                             {NewEvent{.type = "E", .data = {{"thread", t}, {"attempt", a}}}});
                if (result) {
                    std::lock_guard lock(mutex);
                    EXPECT_TRUE(winners.emplace(result->first_version, std::pair{t, a}).second)
                        << "version " << result->first_version << " was won twice";
                } else {
                    EXPECT_EQ(result.error().code, "version_conflict");
                    ++conflicts;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }

    auto events = store().ReadStream("contended");
    ASSERT_EQ(events.size(), winners.size());
    EXPECT_EQ(static_cast<int>(winners.size()) + conflicts, kThreads * kAttempts);
    std::set<std::pair<int, int>> distinct;
    for (size_t i = 0; i < events.size(); ++i) {
        ASSERT_EQ(events[i].version, static_cast<std::int64_t>(i) + 1) << "versions have a gap";
        auto winner = winners.at(events[i].version);
        EXPECT_EQ(events[i].data["thread"], winner.first);
        EXPECT_EQ(events[i].data["attempt"], winner.second);
        EXPECT_TRUE(distinct.insert(winner).second) << "an append was stored twice";
    }
}

TEST_P(EventStoreConformance, ConcurrentAppendersToDifferentStreamsAllSucceed) {
    constexpr int kThreads = 8;
    constexpr int kAppends = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::string stream = "stream-" + std::to_string(t);
            for (int a = 0; a < kAppends; ++a) {
                auto result = store().Append(stream, ExpectedVersion{a}, {NewEvent{.type = "E", .data = {{"a", a}}}});
                EXPECT_TRUE(result) << (result ? "" : result.error().message);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (int t = 0; t < kThreads; ++t) {
        auto events = store().ReadStream("stream-" + std::to_string(t));
        ASSERT_EQ(events.size(), static_cast<size_t>(kAppends));
        for (int a = 0; a < kAppends; ++a) {
            EXPECT_EQ(events[a].data["a"], a);
        }
    }
    auto all = store().ReadAll(0, INT64_MAX);
    ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kAppends));
    EXPECT_EQ(all.back().position, store().HeadPosition());
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreConformance, ::testing::ValuesIn(test::AllBackends()), test::BackendName);

}  // namespace
}  // namespace layan::store
