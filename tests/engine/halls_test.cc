// The engine on a real store: failed commits, version conflicts, the local-midnight rollover inside a running
// process, concurrent commands on many halls, and the order of what listeners are told.

#include <gmock/gmock.h>

#include <atomic>
#include <set>
#include <thread>

#include "engine_fixture.h"
#include "layan/domain/queue/events.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

using namespace std::chrono_literals;
namespace queue = domain::queue;
using ::testing::ElementsAre;

std::string MondayStream() {
    return store::StreamId::HallDay(kHall, core::LocalDate(MondayMorning(), core::kWib)).Name();
}

TEST_F(EngineTest, AFailedCommitAnswers503AndTheHallIsReloadedFromWhatTheStoreHolds) {
    ASSERT_TRUE(Issue("KTP"));
    // The disk fills up: appends fail until room is made again.
    database_->SetMaxPageCount(1);
    int acknowledged = 1;
    core::Result<IssuedTicket> failed = Issue("KTP");
    for (int i = 0; failed && i < 5000; ++i) {
        ++acknowledged;
        failed = Issue("KTP");
    }
    ASSERT_FALSE(failed) << "the disk never filled up";
    EXPECT_EQ(failed.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(failed.error().code, "storage_unavailable");

    database_->SetMaxPageCount(0);
    // The hall forgot the unsaved ticket: the next number follows the last one acknowledged.
    auto next = Issue("KTP");
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->ticket.ticket.number, fmt::format("A-{:03}", acknowledged + 1));
    auto waiting = engine_->halls.Read(kHall, [](const HallView& view) { return view.state.Tickets().size(); });
    ASSERT_TRUE(waiting);
    EXPECT_EQ(*waiting, static_cast<std::size_t>(acknowledged + 1)) << "the state holds exactly what was stored";
    EXPECT_EQ(database_->Events().StreamVersion(MondayStream()), acknowledged + 1);
}

TEST_F(EngineTest, AnotherWritersAppendIsFollowedOrTheLostRaceDecidedAgain) {
    ASSERT_TRUE(Issue("KTP"));  // A-001, loaded and current
    // Another writer (a second node) appends to today's stream behind the engine's back. The engine either
    // has it already from the store's feed, or its next append loses the race and is decided again on the
    // reloaded stream: the citizen gets the next number either way, never an error or a repeated number.
    queue::TicketIssued foreign{.ticket_id = "20261130-A-002",
                                .number = "A-002",
                                .seq = 2,
                                .service = "KTP",
                                .priority = std::nullopt,
                                .at = MondayMorning(),
                                .citizen_ref = std::nullopt};
    ASSERT_TRUE(database_->Events().Append(
        MondayStream(), store::ExpectedVersion{1},
        {store::NewEvent{std::string(queue::TicketIssued::kType), queue::ToJson(foreign), nlohmann::json::object()}}));

    auto next = Issue("KTP");
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->ticket.ticket.number, "A-003") << "the foreign A-002 was read back";
    EXPECT_EQ(database_->Events().StreamVersion(MondayStream()), 3);
}

TEST_F(EngineTest, AtLocalMidnightTheRunningHallStartsANewDayAndNumberingRestarts) {
    auto monday = Issue("KTP");
    ASSERT_TRUE(monday);
    EXPECT_EQ(monday->ticket.ticket.id, "20261130-A-001");
    const auto before = engine_->halls.Revision(kHall);
    ASSERT_TRUE(before);

    clock_.Set(*core::ParseIso8601("2026-12-01T08:00:00+07:00"));  // Tuesday, no restart
    auto tuesday = Issue("KTP");
    ASSERT_TRUE(tuesday) << tuesday.error().message;
    EXPECT_EQ(tuesday->ticket.ticket.id, "20261201-A-001");
    EXPECT_EQ(tuesday->ticket.ticket.number, "A-001");
    const auto after = engine_->halls.Revision(kHall);
    ASSERT_TRUE(after);
    EXPECT_NE(*after, *before);
    EXPECT_EQ(after->day, std::chrono::year_month_day{std::chrono::year{2026} / 12 / 1});
    EXPECT_EQ(database_->Events().StreamVersion(MondayStream()), 1) << "Monday's stream keeps its one ticket";
    auto today = engine_->halls.Read(kHall, [](const HallView& view) { return view.state.Tickets().size(); });
    ASSERT_TRUE(today);
    EXPECT_EQ(*today, 1U) << "Tuesday starts empty";
}

TEST_F(EngineTest, ListenersAreToldEveryCommittedChangeInCommitOrderWithItsTicket) {
    std::mutex mutex;
    std::vector<std::string> told;
    engine_->halls.OnCommit([&](const std::string& hall, const std::vector<HallChange>& changes) {
        std::lock_guard lock(mutex);
        for (const auto& change : changes) {
            told.push_back(hall + " " + std::string(queue::TypeName(change.event)) + " " +
                           (change.ticket ? change.ticket->ticket.number : "-"));
        }
    });
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    ASSERT_TRUE(Issue("KTP"));
    auto called = CallNext("L01");
    ASSERT_TRUE(called);
    ASSERT_TRUE(*called);
    EXPECT_EQ((*called)->ticket.counter_id, "L01");
    EXPECT_FALSE((*called)->announcement.empty());
    auto busy = CallNext("L01");
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, "counter_busy") << "a refused command is not told";
    std::lock_guard lock(mutex);
    EXPECT_THAT(told, ElementsAre("mpp-mojokerto counter_opened -", "mpp-mojokerto ticket_issued A-001",
                                  "mpp-mojokerto ticket_called A-001"));
}

/// A clock that moves one millisecond at every reading: two readings never agree, so the order of the instants
/// shows the order of the readings.
class TickingClock final : public core::Clock {
public:
    explicit TickingClock(core::Instant start) : next_(start.time_since_epoch().count()) {}
    [[nodiscard]] core::Instant Now() const override { return core::Instant{core::Millis{next_.fetch_add(1)}}; }

private:
    mutable std::atomic<std::int64_t> next_;
};

TEST_F(EngineTest, DecisionsTakeTheirInstantsInTheOrderTheyAreDecided) {
    // Kiosks racing on one hall: each ticket's arrival must follow the one decided before it, or the line's order
    // (and the O(log n) prediction of a new ticket) would not match the order of issue.
    TickingClock ticking(MondayMorning());
    engine_.reset();
    engine_ = std::make_unique<Engine>(*database_, ticking, Engine::Options{});
    std::vector<std::thread> kiosks;
    for (int k = 0; k < 6; ++k) {
        kiosks.emplace_back([this] {
            for (int i = 0; i < 50; ++i) {
                ASSERT_TRUE(Issue("KTP"));
            }
        });
    }
    for (auto& kiosk : kiosks) {
        kiosk.join();
    }
    auto events = database_->Events().ReadStream(MondayStream());
    ASSERT_EQ(events.size(), 300U);
    for (std::size_t i = 1; i < events.size(); ++i) {
        ASSERT_LT(events[i - 1].data.at("at").get<std::string>(), events[i].data.at("at").get<std::string>())
            << "version " << events[i].version << " arrived before the ticket decided ahead of it";
    }
    engine_.reset();  // before the clock it runs on
}

class ManyHalls : public EngineTest {
protected:
    static constexpr int kHalls = 4;
    void Prepare() override {
        auto hall = *database_->CatalogRepo().FindHall(kHall);
        for (int i = 2; i <= kHalls; ++i) {
            hall.id = fmt::format("mpp-{}", i);
            hall.name = fmt::format("MPP {}", i);
            hall.counters.clear();  // kiosks only: counter ids belong to one hall
            auto added = database_->CatalogRepo().UpsertHall(hall);
            ASSERT_TRUE(added) << added.error().message;
        }
    }
};

TEST_F(ManyHalls, ConcurrentKiosksOnManyHallsEachGetTheirOwnNumberAndNothingIsLost) {
    std::vector<std::string> halls = {kHall};
    for (int i = 2; i <= kHalls; ++i) {
        halls.push_back(fmt::format("mpp-{}", i));
    }
    constexpr int kPerThread = 40;
    std::mutex mutex;
    std::map<std::string, std::set<std::string>> numbers;
    std::atomic<int> failures{0};
    std::vector<std::thread> kiosks;
    for (int t = 0; t < 8; ++t) {
        kiosks.emplace_back([&, t] {
            const auto& hall = halls[static_cast<std::size_t>(t) % halls.size()];
            for (int i = 0; i < kPerThread; ++i) {
                auto issued = Issue(i % 2 == 0 ? "KTP" : "KK", hall);
                if (!issued) {
                    failures.fetch_add(1);
                    continue;
                }
                std::lock_guard lock(mutex);
                numbers[hall].insert(issued->ticket.ticket.number);
            }
        });
    }
    for (auto& kiosk : kiosks) {
        kiosk.join();
    }
    EXPECT_EQ(failures.load(), 0);
    for (const auto& hall : halls) {
        // Two kiosks per hall, each 40 tickets: 80 distinct numbers, all stored.
        EXPECT_EQ(numbers[hall].size(), 80U) << hall;
        const auto stream = store::StreamId::HallDay(hall, core::LocalDate(MondayMorning(), core::kWib)).Name();
        EXPECT_EQ(database_->Events().StreamVersion(stream), 80) << hall;
    }
}

}  // namespace
}  // namespace layan::engine::test
