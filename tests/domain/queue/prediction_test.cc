#include "layan/domain/queue/prediction.h"

#include <gtest/gtest.h>

#include <random>

#include "layan/domain/queue/routing.h"
#include "queue_test_support.h"

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;
using testing::DemoHall;
using testing::Hall;
using testing::MondayAt;

core::Millis Expected(const Hall& hall, std::string_view id, core::Instant now) {
    auto prediction = PredictWait(hall.state(), hall.context(), id, now);
    EXPECT_TRUE(prediction) << (prediction ? "" : prediction.error().message);
    return prediction ? prediction->expected : core::Millis{-1};
}

// Serves one ticket of `service` at `counter` from `at` for `duration`.
void ServeOne(Hall& hall, const std::string& counter, const std::string& service, core::Instant at,
              core::Millis duration) {
    auto id = hall.Issue(service, at);
    ASSERT_EQ(hall.Next(counter, at), id);
    hall.Do(StartService(hall.state(), hall.context(), id, at));
    hall.Do(FinishService(hall.state(), hall.context(), id, at + duration));
}

// --- expected service time -----------------------------------------------------------------------

TEST(ExpectedServiceTime, IsTheCatalogPriorBeforeAnyObservation) {
    EXPECT_EQ(ExpectedServiceTime({}, 10min, QueueRules{}), 10min);
}

TEST(ExpectedServiceTime, BlendsThePriorWithObservedDurations) {
    std::vector<core::Millis> observed{20min, 20min, 20min};
    // Prior weight 3: (3 × 10 + 3 × 20) / 6 = 15 min.
    EXPECT_EQ(ExpectedServiceTime(observed, 10min, QueueRules{}), 15min);
}

TEST(ExpectedServiceTime, UsesOnlyTheMostRecentDurations) {
    QueueRules rules;
    rules.recent_durations = 2;
    rules.prior_weight = 0;
    std::vector<core::Millis> observed{60min, 4min, 6min};
    EXPECT_EQ(ExpectedServiceTime(observed, 10min, rules), 5min);
}

// --- history of earlier days -------------------------------------------------------------------

TEST(MeanServiceTimes, AveragesEveryDurationOfEarlierDaysPerService) {
    Hall friday;
    friday.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    ServeOne(friday, "1", "KTP", MondayAt(8, 0), 20min);
    ServeOne(friday, "1", "KTP", MondayAt(8, 30), 10min);
    Hall saturday;
    saturday.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    ServeOne(saturday, "1", "KTP", MondayAt(8, 0), 30min);
    std::vector<HallState> days{friday.state(), saturday.state()};
    auto means = MeanServiceTimes(days, friday.context());
    EXPECT_EQ(means.at("KTP"), 20min);   // (20 + 10 + 30) / 3
    EXPECT_FALSE(means.contains("KK"));  // never served: the catalog's time stays the prior
}

TEST(PredictWait, UsesTheServiceTimeOfEarlierDaysBeforeAnythingIsObservedToday) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto second = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_EQ(Expected(hall, second, MondayAt(8, 0)), 10min);  // the catalog's typical KTP time
    hall.context().history["KTP"] = 4min;
    EXPECT_EQ(Expected(hall, second, MondayAt(8, 0)), 4min);
    EXPECT_EQ(hall.context().PriorServiceTime("KK"), 15min);  // no history: the catalog's
}

// --- PredictWait ---------------------------------------------------------------------------------

TEST(PredictWait, GrowsWithThePlaceInTheQueue) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) {
        ids.push_back(hall.Issue("KTP", MondayAt(8, i)));
    }
    auto now = MondayAt(8, 10);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        EXPECT_GT(Expected(hall, ids[i], now), Expected(hall, ids[i - 1], now)) << i;
    }
    // Free counter, 10-minute services: the sixth waits for five services.
    EXPECT_EQ(Expected(hall, ids[0], now), 0min);
    EXPECT_EQ(Expected(hall, ids[5], now), 50min);
}

TEST(PredictWait, FollowsTheCallOrderForPriorityTickets) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    auto regular = hall.Issue("KTP", MondayAt(8, 0));
    auto priority = hall.Issue("KTP", MondayAt(8, 5), PriorityReason::kElderly);
    auto at_regular = PredictWait(hall.state(), hall.context(), regular, MondayAt(8, 6));
    auto at_priority = PredictWait(hall.state(), hall.context(), priority, MondayAt(8, 6));
    ASSERT_TRUE(at_regular && at_priority);
    EXPECT_EQ(at_priority->position, 1);
    EXPECT_EQ(at_regular->position, 2);
    EXPECT_LT(at_priority->expected, at_regular->expected);
}

TEST(PredictWait, ShrinksWhenASecondCounterOpens) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    std::string last;
    for (int i = 0; i < 6; ++i) {
        last = hall.Issue("KTP", MondayAt(8, i));
    }
    auto one_counter = Expected(hall, last, MondayAt(8, 10));
    hall.Open("2", "budi", {"KTP"}, MondayAt(8, 10));
    auto two_counters = Expected(hall, last, MondayAt(8, 10));
    EXPECT_LT(two_counters, one_counter);
    EXPECT_EQ(two_counters, 20min);  // Five ahead on two free counters: 10, 10 | 10, 10 | 10 → starts at 20 min.
}

TEST(PredictWait, ACounterSharedWithABusierServiceCountsOnlyInPart) {
    auto predict = [](std::vector<std::string> services) {
        Hall hall;
        hall.Open("1", "budi", services, MondayAt(7, 30));
        for (int i = 0; i < 6; ++i) {
            hall.Issue("KK", MondayAt(8, 0));
        }
        std::string ktp;
        for (int i = 0; i < 3; ++i) {
            ktp = hall.Issue("KTP", MondayAt(8, 1));
        }
        return Expected(hall, ktp, MondayAt(8, 2));
    };
    EXPECT_GT(predict({"KTP", "KK"}), predict({"KTP"}));
}

TEST(PredictWait, CountsOnlyTheRemainderOfTheServiceInProgress) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    auto first = hall.Issue("KTP", MondayAt(8, 0));
    auto second = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 0));
    hall.Do(StartService(hall.state(), hall.context(), first, MondayAt(8, 0)));
    EXPECT_EQ(Expected(hall, second, MondayAt(8, 7)), 3min);
    // Past its expected time the service is assumed nearly done, not over.
    EXPECT_EQ(Expected(hall, second, MondayAt(8, 30)), 1min);
}

TEST(PredictWait, LearnsFromServiceTimesObservedToday) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    for (int i = 0; i < 3; ++i) {
        ServeOne(hall, "1", "KTP", MondayAt(8, 0) + i * 20min, 20min);
    }
    hall.Issue("KTP", MondayAt(9, 0));
    auto second = hall.Issue("KTP", MondayAt(9, 0));
    // Expected service time (3 × 10 + 3 × 20) / 6 = 15 min; one ticket ahead, free counter.
    EXPECT_EQ(Expected(hall, second, MondayAt(9, 0)), 15min);
}

TEST(PredictWait, FlagsNoOpenCounterAndAssumesTheUsualStaffing) {
    Hall hall;
    std::string last;
    for (int i = 0; i < 4; ++i) {
        last = hall.Issue("KTP", MondayAt(8, 0));
    }
    auto nobody = PredictWait(hall.state(), hall.context(), last, MondayAt(8, 1));
    ASSERT_TRUE(nobody);
    EXPECT_TRUE(nobody->no_counter_open);
    EXPECT_EQ(nobody->open_counters, 0);
    EXPECT_EQ(nobody->expected, 30min);  // As if one counter opened now.

    // Two counters served KTP at once earlier today, then closed: assume two again.
    hall.Open("1", "sari", {"KTP"}, MondayAt(8, 1));
    hall.Open("2", "budi", {"KTP"}, MondayAt(8, 1));
    hall.Do(CloseCounter(hall.state(), hall.context(), "1", MondayAt(8, 2)));
    hall.Do(CloseCounter(hall.state(), hall.context(), "2", MondayAt(8, 2)));
    auto usual = PredictWait(hall.state(), hall.context(), last, MondayAt(8, 3));
    ASSERT_TRUE(usual);
    EXPECT_TRUE(usual->no_counter_open);
    EXPECT_EQ(usual->expected, 10min);
}

TEST(PredictWait, GivesACitizenRangeAroundTheEstimate) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto second = hall.Issue("KTP", MondayAt(8, 0));
    auto prediction = PredictWait(hall.state(), hall.context(), second, MondayAt(8, 0));
    ASSERT_TRUE(prediction);
    // 10 min ± 2.5 min, to 5 minutes.
    EXPECT_EQ(prediction->expected_minutes, 10);
    EXPECT_EQ(prediction->low_minutes, 10);
    EXPECT_EQ(prediction->high_minutes, 15);
}

TEST(PredictWait, ASmallEstimateGetsAWholeMinuteRange) {
    Hall hall;
    hall.Open("1", "andi", {"NIB"}, MondayAt(7, 30));
    hall.Issue("NIB", MondayAt(8, 0));
    auto second = hall.Issue("NIB", MondayAt(8, 0));
    auto prediction = PredictWait(hall.state(), hall.context(), second, MondayAt(8, 0));
    ASSERT_TRUE(prediction);
    EXPECT_EQ(prediction->low_minutes, 3);
    EXPECT_EQ(prediction->high_minutes, 7);
}

TEST(PredictWait, IsZeroForACalledTicketAndRefusesUnknownOrFinishedOnes) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 1));
    auto called = PredictWait(hall.state(), hall.context(), id, MondayAt(8, 2));
    ASSERT_TRUE(called);
    EXPECT_EQ(called->status, TicketStatus::kCalled);
    EXPECT_EQ(called->expected, 0min);
    EXPECT_EQ(called->position, 0);
    auto unknown = PredictWait(hall.state(), hall.context(), "20261130-A-404", MondayAt(8, 2));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "ticket_not_found");
    hall.Do(Cancel(hall.state(), hall.context(), id, "", MondayAt(8, 3)));
    auto cancelled = PredictWait(hall.state(), hall.context(), id, MondayAt(8, 4));
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().code, "ticket_closed");
}

// --- PredictAll ----------------------------------------------------------------------------------

Hall MixedQueue() {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("2", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("3", "andi", {"KK", "NIB"}, MondayAt(7, 30));
    const char* services[] = {"KTP", "KK", "NIB", "KTP", "KTP", "KK"};
    for (int i = 0; i < 30; ++i) {
        hall.Issue(services[i % 6], MondayAt(8, i), i % 5 == 0 ? std::optional(PriorityReason::kChild) : std::nullopt);
    }
    hall.Next("1", MondayAt(8, 30));
    hall.Next("2", MondayAt(8, 30));
    return hall;
}

TEST(PredictAll, AgreesWithPredictWaitForEveryWaitingTicket) {
    Hall hall = MixedQueue();
    auto all = PredictAll(hall.state(), hall.context(), MondayAt(8, 35));
    EXPECT_EQ(all.size(), hall.state().Waiting().size());
    for (const auto& prediction : all) {
        auto one = PredictWait(hall.state(), hall.context(), prediction.ticket_id, MondayAt(8, 35));
        ASSERT_TRUE(one);
        EXPECT_EQ(*one, prediction);
    }
}

TEST(PredictAll, IsMonotoneAlongEachServicesCallOrder) {
    Hall hall = MixedQueue();
    auto all = PredictAll(hall.state(), hall.context(), MondayAt(8, 35));
    for (std::size_t i = 1; i < all.size(); ++i) {
        if (all[i].service != all[i - 1].service) {
            EXPECT_EQ(all[i].position, 1);
            continue;
        }
        EXPECT_EQ(all[i].position, all[i - 1].position + 1);
        EXPECT_GE(all[i].expected, all[i - 1].expected);
    }
}

TEST(PredictAll, PositionsMatchQueuePosition) {
    Hall hall = MixedQueue();
    for (const auto& prediction : PredictAll(hall.state(), hall.context(), MondayAt(8, 35))) {
        EXPECT_EQ(QueuePosition(hall.state(), hall.context().rules, prediction.ticket_id), prediction.position);
    }
}

// PredictWait finds a ticket's place and start without scheduling the line before it (QueuePosition's
// shortcut for a ticket just issued, the k-th start of the merged counters); PredictAll schedules
// every ticket one by one. On random days, with the priority bound tight so that it often applies,
// both must give the same answer for every waiting ticket at every step.
class RandomDay : public ::testing::TestWithParam<unsigned> {};

TEST_P(RandomDay, PredictWaitAgreesWithTheFullScheduleAtEveryStep) {
    Hall hall;
    hall.context().rules.max_priority_overtakes = 1;
    std::mt19937 random(GetParam());
    auto pick = [&random](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    const std::vector<std::string> services{"KTP", "KK", "NIB"};
    const std::vector<std::string> counters{"1", "2", "3"};
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("2", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("3", "andi", {"KK", "NIB"}, MondayAt(7, 30));
    core::Instant now = MondayAt(8, 0);
    const BalancedPolicy policy;
    int checked = 0;
    for (int step = 0; step < 250; ++step) {
        now += std::chrono::seconds{10 + pick(50)};
        auto apply = [&hall](const Decision& decision) {
            if (decision) {
                hall.Do(decision);
            }
        };
        const int action = pick(10);
        const auto& waiting = hall.state().Waiting();
        if (action < 5) {
            std::optional<PriorityReason> priority;
            if (pick(4) == 0) {
                priority = PriorityReason::kElderly;
            }
            hall.Issue(services[static_cast<std::size_t>(pick(3))], now, priority);
        } else if (action < 8) {
            const auto& counter = counters[static_cast<std::size_t>(pick(3))];
            const CounterState* state = hall.state().FindCounter(counter);
            if (state != nullptr && state->busy()) {
                const std::string current = state->current_ticket;
                if (hall.ticket(current).status == TicketStatus::kCalled) {
                    apply(StartService(hall.state(), hall.context(), current, now));
                } else {
                    apply(FinishService(hall.state(), hall.context(), current, now));
                }
            } else {
                apply(CallNext(hall.state(), hall.context(), counter, policy, now));
            }
        } else if (action == 8 && !waiting.empty()) {
            const std::string id = waiting[static_cast<std::size_t>(pick(static_cast<int>(waiting.size())))]->id;
            apply(Transfer(hall.state(), hall.context(), id, services[static_cast<std::size_t>(pick(3))], now));
        } else if (!waiting.empty()) {
            const std::string id = waiting[static_cast<std::size_t>(pick(static_cast<int>(waiting.size())))]->id;
            apply(Cancel(hall.state(), hall.context(), id, "", now));
        }

        auto all = PredictAll(hall.state(), hall.context(), now);
        ASSERT_EQ(all.size(), hall.state().Waiting().size());
        for (const auto& expected : all) {
            auto one = PredictWait(hall.state(), hall.context(), expected.ticket_id, now);
            ASSERT_TRUE(one);
            ASSERT_EQ(*one, expected) << "ticket " << expected.ticket_id << " at step " << step;
            auto order = CallOrder(hall.state(), hall.context().rules, expected.service);
            ASSERT_EQ(order.at(static_cast<std::size_t>(expected.position) - 1)->id, expected.ticket_id);
            ++checked;
        }
    }
    EXPECT_GT(checked, 1000);  // the day really had queues
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomDay, ::testing::Values(1U, 2U, 3U, 4U, 5U, 6U, 7U, 8U));

}  // namespace
}  // namespace layan::domain::queue
