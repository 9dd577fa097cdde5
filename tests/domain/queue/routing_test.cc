#include "layan/domain/queue/routing.h"

#include <gtest/gtest.h>

#include "queue_test_support.h"

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;
using testing::Arrival;
using testing::DemoHall;
using testing::Hall;
using testing::MondayAt;
using testing::Simulate;
using testing::Staffing;

constexpr auto kElderly = PriorityReason::kElderly;

std::vector<std::string> Numbers(const std::vector<const Ticket*>& tickets) {
    std::vector<std::string> numbers;
    for (const auto* ticket : tickets) {
        numbers.push_back(ticket->number);
    }
    return numbers;
}

std::vector<std::string> CalledNumbers(const testing::SimulationResult& result) {
    std::vector<std::string> numbers;
    for (const auto& id : result.called) {
        numbers.push_back(id.substr(id.find('-') + 1));
    }
    return numbers;
}

// --- rules shared by every policy ----------------------------------------------------------------

class EveryPolicy : public ::testing::TestWithParam<std::string> {
protected:
    std::unique_ptr<RoutingPolicy> policy_ = MakePolicy(GetParam());
};

INSTANTIATE_TEST_SUITE_P(Policies, EveryPolicy, ::testing::Values("fcfs", "balanced"));

TEST_P(EveryPolicy, CallsAPriorityTicketBeforeEarlierRegularTickets) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KK", MondayAt(8, 1));
    auto priority = hall.Issue("KK", MondayAt(8, 20), kElderly);
    EXPECT_EQ(hall.Next("1", MondayAt(8, 21), *policy_), priority);
}

TEST_P(EveryPolicy, CallsPriorityTicketsAmongThemselvesByArrival) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    auto first = hall.Issue("KK", MondayAt(8, 0), PriorityReason::kPregnant);
    hall.Issue("KTP", MondayAt(8, 1), PriorityReason::kDisability);
    EXPECT_EQ(hall.Next("1", MondayAt(8, 2), *policy_), first);
}

TEST_P(EveryPolicy, ARegularTicketIsPassedByAtMostMaxPriorityOvertakesPriorityTickets) {
    Hall hall;  // Default bound: 3.
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));  // A-001, regular.
    for (int i = 1; i <= 5; ++i) {
        hall.Issue("KTP", MondayAt(8, i), kElderly);  // A-002..A-006
    }
    std::vector<std::string> called;
    for (int i = 0; i < 6; ++i) {
        auto id = hall.Next("1", MondayAt(9, i * 10), *policy_);
        called.push_back(hall.ticket(id).number);
        hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(9, i * 10)));
        hall.Do(FinishService(hall.state(), hall.context(), id, MondayAt(9, i * 10 + 9)));
    }
    EXPECT_EQ(called, (std::vector<std::string>{"A-002", "A-003", "A-004", "A-001", "A-005", "A-006"}));
}

TEST_P(EveryPolicy, ThePriorityBoundIsConfigurable) {
    QueueRules rules;
    rules.max_priority_overtakes = 1;
    Hall hall(DemoHall(rules));
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1), kElderly);
    hall.Issue("KTP", MondayAt(8, 2), kElderly);
    EXPECT_EQ(Numbers(CallOrder(hall.state(), hall.context().rules, "KTP")),
              (std::vector<std::string>{"A-002", "A-001", "A-003"}));
    auto first = hall.Next("1", MondayAt(8, 3), *policy_);
    hall.Do(Cancel(hall.state(), hall.context(), first, "", MondayAt(8, 4)));
    EXPECT_EQ(hall.ticket(hall.Next("1", MondayAt(8, 5), *policy_)).number, "A-001");
}

TEST_P(EveryPolicy, AContinuousPriorityStreamCannotHoldARegularCitizenBeyondTheBound) {
    // One KTP counter (10 min per citizen); a priority citizen arrives every 5 minutes for three
    // hours, more than the counter can serve. A regular citizen arrives at 08:02.
    std::vector<Arrival> arrivals;
    for (int i = 0; i < 36; ++i) {
        arrivals.push_back({core::Millis{i * 5min}, "KTP", 10min, kElderly});
    }
    arrivals.push_back({2min, "KTP", 10min, std::nullopt});
    auto result = Simulate(DemoHall(), {{"1", "sari", {"KTP"}}}, arrivals, *policy_);
    EXPECT_EQ(result.max_priority_overtakes, 3);
    // Passed by at most 3 priority citizens: served within the service in progress plus 3 services.
    EXPECT_LE(result.waits.back(), 4 * 10min);
    EXPECT_EQ(CalledNumbers(result)[4], "A-002");
}

TEST_P(EveryPolicy, ThePriorityBoundHoldsAtCountersSharedWithOtherServices) {
    // A KK citizen at a counter serving KTP and KK while KTP priority citizens keep coming.
    std::vector<Arrival> arrivals{{1min, "KK", 15min, std::nullopt}};
    for (int i = 0; i < 30; ++i) {
        arrivals.push_back({core::Millis{i * 4min}, "KTP", 10min, PriorityReason::kChild});
    }
    auto result = Simulate(DemoHall(), {{"1", "budi", {"KTP", "KK"}}}, arrivals, *policy_);
    EXPECT_EQ(result.max_priority_overtakes, 3);
    EXPECT_LE(result.waits.front(), 4 * 10min);
}

TEST_P(EveryPolicy, ChoosesNothingAtAClosedOrPausedCounter) {
    Hall hall;
    hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_EQ(policy_->Choose(hall.state(), hall.context(), "1", MondayAt(8, 1)), nullptr);
    hall.Open("1", "sari", {"KTP"}, MondayAt(8, 1));
    EXPECT_NE(policy_->Choose(hall.state(), hall.context(), "1", MondayAt(8, 1)), nullptr);
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 2)));
    EXPECT_EQ(policy_->Choose(hall.state(), hall.context(), "1", MondayAt(8, 3)), nullptr);
}

TEST_P(EveryPolicy, WithinOneServiceCallsByArrival) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    auto first = hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1));
    EXPECT_EQ(hall.Next("1", MondayAt(8, 2), *policy_), first);
}

TEST_P(EveryPolicy, IsDeterministic) {
    std::vector<Arrival> arrivals;
    for (int i = 0; i < 40; ++i) {
        const char* service = (i % 3 == 0) ? "KK" : (i % 3 == 1 ? "KTP" : "NIB");
        arrivals.push_back({core::Millis{i * 90s}, service, core::Millis{(5 + (i * 7) % 11) * 1min},
                            i % 7 == 0 ? std::optional(kElderly) : std::nullopt});
    }
    std::vector<Staffing> staffing{{"1", "sari", {"KTP"}}, {"2", "budi", {"KTP", "KK"}}, {"3", "andi", {}}};
    auto first = Simulate(DemoHall(), staffing, arrivals, *policy_);
    auto second = Simulate(DemoHall(), staffing, arrivals, *policy_);
    EXPECT_EQ(first.log, second.log);
}

// The console's "next" list is what call-next does: calling the counter over and over (each called citizen then
// leaving, so no service time observed changes the policy's view) calls exactly NextCalls' list, in its order
// (mixed services, priority citizens and the bound).
TEST_P(EveryPolicy, NextCallsIsTheOrderCallNextFollows) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    for (int i = 0; i < 12; ++i) {
        const char* service = (i % 3 == 0) ? "KK" : "KTP";
        hall.Issue(service, MondayAt(8, i), i % 4 == 3 ? std::optional(kElderly) : std::nullopt);
    }
    const auto now = MondayAt(8, 30);
    const auto predicted = NextCalls(hall.state(), hall.context(), *policy_, "1", now, 12);
    ASSERT_EQ(predicted.size(), 12U);
    EXPECT_EQ(NextCalls(hall.state(), hall.context(), *policy_, "1", now, 5),
              std::vector<std::string>(predicted.begin(), predicted.begin() + 5))
        << "a shorter list is the start of the longer one";
    std::vector<std::string> called;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        called.push_back(hall.Next("1", now, *policy_));
        hall.Do(Cancel(hall.state(), hall.context(), called.back(), "left", now));
    }
    EXPECT_EQ(called, predicted);
    EXPECT_TRUE(NextCalls(hall.state(), hall.context(), *policy_, "1", now, 5).empty()) << "nobody left";
}

TEST_P(EveryPolicy, NextCallsIsEmptyAtACounterThatIsNotOpenAndLeavesTheStateAlone) {
    Hall hall;
    hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_TRUE(NextCalls(hall.state(), hall.context(), *policy_, "1", MondayAt(8, 1), 5).empty());
    hall.Open("1", "sari", {"KTP"}, MondayAt(8, 1));
    const HallState before = hall.state();
    EXPECT_EQ(NextCalls(hall.state(), hall.context(), *policy_, "1", MondayAt(8, 2), 5).size(), 1U);
    EXPECT_EQ(hall.state(), before);
    EXPECT_TRUE(NextCalls(hall.state(), hall.context(), *policy_, "1", MondayAt(8, 2), 0).empty());
}

// --- FCFS ----------------------------------------------------------------------------------------

TEST(FcfsPolicy, CallsTheEarliestArrivalAcrossTheCountersServices) {
    Hall hall;
    hall.Open("1", "dewi", {"KTP", "KK", "NIB"}, MondayAt(7, 30));
    hall.Issue("NIB", MondayAt(8, 5));
    auto earliest = hall.Issue("KK", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1));
    EXPECT_EQ(hall.Next("1", MondayAt(8, 10), FcfsPolicy()), earliest);
}

// --- Balanced ------------------------------------------------------------------------------------

TEST(BalancedPolicy, AMultiSkilledCounterTakesTheServiceFewerCountersServe) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("2", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("3", "eko", {"KTP"}, MondayAt(7, 30));
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(7, 31)));
    hall.Issue("KTP", MondayAt(8, 0));
    auto kk = hall.Issue("KK", MondayAt(8, 1));
    // KTP: 10 min × (½ + 1) counters of capacity = 15; KK: 15 min × ½ = 7.5.
    EXPECT_EQ(hall.Next("2", MondayAt(8, 2), BalancedPolicy()), kk);
}

TEST(BalancedPolicy, ASingleCounterTakesTheShorterServiceFirst) {
    Hall hall;
    hall.Open("1", "dewi", {"KTP", "NIB"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto nib = hall.Issue("NIB", MondayAt(8, 1));
    EXPECT_EQ(hall.Next("1", MondayAt(8, 2), BalancedPolicy()), nib);
}

TEST(BalancedPolicy, UsesServiceTimesObservedTodayOverTheCatalogPrior) {
    Hall hall;
    hall.Open("1", "dewi", {"KTP", "NIB"}, MondayAt(7, 30));
    // NIB turns out to take 40 minutes today (catalog: 5).
    auto at = MondayAt(8, 0);
    for (int i = 0; i < 6; ++i, at += 40min) {
        auto id = hall.Issue("NIB", at);
        hall.Next("1", at, FcfsPolicy());
        hall.Do(StartService(hall.state(), hall.context(), id, at));
        hall.Do(FinishService(hall.state(), hall.context(), id, at + 40min));
    }
    auto ktp = hall.Issue("KTP", at);
    hall.Issue("NIB", at);
    EXPECT_EQ(hall.Next("1", at + 1min, BalancedPolicy()), ktp);
}

TEST(BalancedPolicy, NeverPassesATicketWithOneThatArrivedAWindowLater) {
    Hall hall;
    hall.Open("1", "dewi", {"KTP", "NIB"}, MondayAt(7, 30));
    auto ktp = hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("NIB", MondayAt(8, 5));  // Exactly the 5-minute window later: may not pass.
    EXPECT_EQ(hall.Next("1", MondayAt(8, 21), BalancedPolicy()), ktp);
}

TEST(BalancedPolicy, MayPassATicketWithOneThatArrivedWithinTheWindow) {
    Hall hall;
    hall.Open("1", "dewi", {"KTP", "NIB"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto nib = hall.Issue("NIB", MondayAt(8, 4, 59));
    EXPECT_EQ(hall.Next("1", MondayAt(8, 21), BalancedPolicy()), nib);
}

TEST(BalancedPolicy, AContinuousStreamOfShortServicesCannotStarveALongOne) {
    // One counter serving KTP (10 min) and NIB (5 min); a NIB citizen every 4 minutes for 3 hours.
    std::vector<Arrival> arrivals{{0min, "KTP", 10min, std::nullopt}};
    for (int i = 0; i < 45; ++i) {
        arrivals.push_back({core::Millis{i * 4min}, "NIB", 5min, std::nullopt});
    }
    std::vector<Staffing> staffing{{"1", "dewi", {"KTP", "NIB"}}};
    auto balanced = Simulate(DemoHall(), staffing, arrivals, BalancedPolicy());
    const core::Millis window = DemoHall().rules.overtake_window;
    EXPECT_LT(balanced.max_regular_overtake_gap, window);
    // Passed only by NIB citizens who came within the window after it, one service each.
    EXPECT_LE(balanced.waits.front(), window + 5min);

    // Without the window (shortest job first alone) the KTP citizen waits behind the whole stream.
    QueueRules no_window;
    no_window.overtake_window = std::chrono::minutes{24 * 60};
    auto unbounded = Simulate(DemoHall(no_window), staffing, arrivals, BalancedPolicy());
    EXPECT_GT(unbounded.waits.front(), 2h);
}

TEST(BalancedPolicy, NobodyIsPassedByARegularTicketArrivingAWindowLaterOnAMixedDay) {
    std::vector<Arrival> arrivals;
    const char* services[] = {"KTP", "NIB", "KK", "NIB", "KTP", "AKTA", "NIB"};
    for (int i = 0; i < 160; ++i) {
        arrivals.push_back({core::Millis{i * 80s}, services[i % 7], core::Millis{(3 + (i * 5) % 13) * 1min},
                            i % 9 == 0 ? std::optional(kElderly) : std::nullopt});
    }
    std::vector<Staffing> staffing{{"1", "sari", {"KTP"}}, {"2", "dewi", {}}, {"3", "andi", {}}, {"4", "eko", {}}};
    auto result = Simulate(DemoHall(), staffing, arrivals, BalancedPolicy());
    EXPECT_LT(result.max_regular_overtake_gap, core::Millis{DemoHall().rules.overtake_window});
    EXPECT_LE(result.max_priority_overtakes, 3);
}

// --- Balanced against FCFS -----------------------------------------------------------------------

TEST(BalancedVsFcfs, LowerMeanWaitWhenAMultiSkilledCounterTakesTheScarceService) {
    // Loket 1 serves KTP only, Loket 2 serves KTP and KK. Four KTP citizens then two KK citizens.
    std::vector<Arrival> arrivals{{0min, "KTP", 10min}, {0min, "KTP", 10min}, {0min, "KTP", 10min},
                                  {0min, "KTP", 10min}, {1min, "KK", 15min},  {1min, "KK", 15min}};
    std::vector<Staffing> staffing{{"1", "sari", {"KTP"}}, {"2", "budi", {"KTP", "KK"}}};
    auto fcfs = Simulate(DemoHall(), staffing, arrivals, FcfsPolicy());
    auto balanced = Simulate(DemoHall(), staffing, arrivals, BalancedPolicy());
    // FCFS: waits 0, 0, 10, 10, 19, 34 → 12.17 min; balanced: 0, 0, 10, 20, 9, 24 → 10.5 min.
    EXPECT_NEAR(fcfs.MeanWaitMinutes(), 73.0 / 6, 1e-9);
    EXPECT_NEAR(balanced.MeanWaitMinutes(), 63.0 / 6, 1e-9);
    EXPECT_LT(balanced.MeanWaitMinutes(), fcfs.MeanWaitMinutes());
    EXPECT_EQ(balanced.MaxWait(), 24min);
    EXPECT_EQ(fcfs.MaxWait(), 34min);
}

TEST(BalancedVsFcfs, LowerMeanWaitWhenShortServicesGoFirstAtOneCounter) {
    std::vector<Arrival> arrivals{
        {0min, "KTP", 10min}, {0min, "KTP", 10min}, {0min, "NIB", 5min}, {0min, "NIB", 5min}, {0min, "NIB", 5min}};
    std::vector<Staffing> staffing{{"1", "dewi", {"KTP", "NIB"}}};
    auto fcfs = Simulate(DemoHall(), staffing, arrivals, FcfsPolicy());
    auto balanced = Simulate(DemoHall(), staffing, arrivals, BalancedPolicy());
    // FCFS: 0, 10, 20, 25, 30 → 17 min; balanced: 15, 25, 0, 5, 10 → 11 min.
    EXPECT_NEAR(fcfs.MeanWaitMinutes(), 17.0, 1e-9);
    EXPECT_NEAR(balanced.MeanWaitMinutes(), 11.0, 1e-9);
}

TEST(BalancedVsFcfs, LowerMeanWaitOverAMorningWithSpecialisedAndMultiSkilledCounters) {
    // Two hours of arrivals every 2 minutes in a fixed service pattern, services taking their
    // catalog times; Loket 1 KTP only, Loket 2 KTP+KK, Loket 3 KK+NIB.
    const char* pattern[] = {"KTP", "KK", "KTP", "NIB", "KK", "KTP", "NIB", "KTP"};
    const std::map<std::string, std::chrono::minutes> duration{{"KTP", 10min}, {"KK", 15min}, {"NIB", 5min}};
    std::vector<Arrival> arrivals;
    for (int i = 0; i < 60; ++i) {
        const char* service = pattern[i % 8];
        arrivals.push_back({core::Millis{i * 2min}, service, duration.at(service)});
    }
    std::vector<Staffing> staffing{{"1", "sari", {"KTP"}}, {"2", "budi", {"KTP", "KK"}}, {"3", "andi", {"KK", "NIB"}}};
    auto fcfs = Simulate(DemoHall(), staffing, arrivals, FcfsPolicy());
    auto balanced = Simulate(DemoHall(), staffing, arrivals, BalancedPolicy());
    RecordProperty("fcfs_mean_wait_min", std::to_string(fcfs.MeanWaitMinutes()));
    RecordProperty("balanced_mean_wait_min", std::to_string(balanced.MeanWaitMinutes()));
    EXPECT_LT(balanced.MeanWaitMinutes(), fcfs.MeanWaitMinutes());
}

// --- call order, position, factory ---------------------------------------------------------------

TEST(CallOrder, PutsPriorityFirstWithinTheBound) {
    Hall hall;
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1));
    for (int i = 0; i < 4; ++i) {
        hall.Issue("KTP", MondayAt(8, 2 + i), kElderly);  // A-003..A-006
    }
    // are each passed by three priority tickets, then go before the fourth.
    EXPECT_EQ(Numbers(CallOrder(hall.state(), hall.context().rules, "KTP")),
              (std::vector<std::string>{"A-003", "A-004", "A-005", "A-001", "A-002", "A-006"}));
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, "20261130-A-001"), 4);
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, "20261130-A-003"), 1);
}

TEST(CallOrder, CountsPassesThatAlreadyHappened) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    for (int i = 0; i < 4; ++i) {
        hall.Issue("KTP", MondayAt(8, 1 + i), kElderly);  // A-002..A-005
    }
    auto first = hall.Next("1", MondayAt(8, 10));
    hall.Do(StartService(hall.state(), hall.context(), first, MondayAt(8, 10)));
    hall.Do(FinishService(hall.state(), hall.context(), first, MondayAt(8, 15)));
    hall.Next("1", MondayAt(8, 16));
    // A-001 has been passed twice: one more priority ticket may go first.
    EXPECT_EQ(Numbers(CallOrder(hall.state(), hall.context().rules, "KTP")),
              (std::vector<std::string>{"A-004", "A-001", "A-005"}));
}

TEST(QueuePosition, IsEmptyForATicketNotWaiting) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 1));
    EXPECT_FALSE(QueuePosition(hall.state(), hall.context().rules, id));
    EXPECT_FALSE(QueuePosition(hall.state(), hall.context().rules, "20261130-A-404"));
}

TEST(QueuePosition, OfTheNewestTicketIsLastUnlessItWasPassedEnough) {
    Hall hall;
    hall.context().rules.max_priority_overtakes = 1;
    hall.Open("2", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    auto early_priority = hall.Issue("NIB", MondayAt(7, 55), kElderly);  // waits for NIB, nobody serves it yet
    auto regular = hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KK", MondayAt(8, 1), kElderly);
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, regular), 1);
    hall.Next("2", MondayAt(8, 2));  // the KK priority ticket passes the KTP regular one: the bound is reached
    hall.Do(Transfer(hall.state(), hall.context(), early_priority, "KTP", MondayAt(8, 3)));
    // The regular ticket still arrived last, but goes before the priority ticket that arrived earlier.
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, regular), 1);
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, early_priority), 2);
    auto newest = hall.Issue("KTP", MondayAt(8, 4));  // not passed by anyone: last
    EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, newest), 3);
}

TEST(MakePolicy, KnowsFcfsAndBalancedOnly) {
    EXPECT_EQ(MakePolicy("fcfs")->Name(), "fcfs");
    EXPECT_EQ(MakePolicy("balanced")->Name(), "balanced");
    EXPECT_EQ(MakePolicy("random"), nullptr);
    EXPECT_EQ(MakePolicy(""), nullptr);
}

}  // namespace
}  // namespace layan::domain::queue
