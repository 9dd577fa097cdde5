// The simulator: queueing theory where it is exact, the hall's rules, determinism, and the
// policies compared on a realistic busy hall.

#include "layan/sim/simulator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/sim/erlang.h"
#include "layan/sim/report.h"
#include "sim_test_support.h"

namespace layan::sim {
namespace {

using ::testing::HasSubstr;
using Fate = TicketOutcome::Fate;

Run Simulated(const Scenario& scenario, std::string_view policy, const Workload& work) {
    auto chosen = PolicyNamed(policy);
    EXPECT_TRUE(chosen) << policy;
    return Simulator(scenario, *chosen).Simulate(work);
}

Run Simulated(const Scenario& scenario, std::string_view policy) {
    return Simulated(scenario, policy, Generate(scenario, scenario.seed, scenario.days));
}

// Mean wait (minutes) and share that waited, of citizens arriving from `from_ms` (past the start of
// the day, when the hall opens empty and the queue has not reached its steady state).
struct Steady {
    double mean_wait_min = 0;
    double p_wait = 0;
    double p_abandon = 0;
    std::int64_t n = 0;
};

Steady SteadyState(const Run& run, std::int64_t from_ms) {
    Steady steady;
    double waits = 0;
    std::int64_t waited = 0;
    std::int64_t abandoned = 0;
    for (const auto& day : run.days) {
        for (const auto& ticket : day.tickets) {
            if (ticket.arrival_ms < from_ms) {
                continue;
            }
            ++steady.n;
            waits += static_cast<double>(ticket.wait_ms) / 60'000;
            waited += ticket.wait_ms > 0 ? 1 : 0;
            abandoned += ticket.fate == Fate::kAbandoned ? 1 : 0;
        }
    }
    const auto n = static_cast<double>(steady.n);
    steady.mean_wait_min = waits / n;
    steady.p_wait = static_cast<double>(waited) / n;
    steady.p_abandon = static_cast<double>(abandoned) / n;
    return steady;
}

// The load a run was actually offered from `from_ms`: arrivals per minute and mean service minutes.
struct Offered {
    double per_min = 0;
    double mean_service_min = 0;
};

Offered OfferedFrom(const Workload& work, std::int64_t from_ms, std::int64_t to_ms) {
    double arrivals = 0;
    double service = 0;
    for (const auto& day : work.days) {
        for (const auto& citizen : day) {
            if (citizen.arrival_ms >= from_ms) {
                arrivals += 1;
                service += static_cast<double>(citizen.service_ms) / 60'000;
            }
        }
    }
    const double minutes = static_cast<double>(work.days.size()) * static_cast<double>(to_ms - from_ms) / 60'000;
    return {arrivals / minutes, service / arrivals};
}

TEST(Simulator, MatchesErlangCForAnMMcQueue) {
    // 21 arrivals an hour, exponential 10-minute services, 5 officers: 3.5 Erlangs, ρ = 0.7. Long:
    // 1,000 days of 20 steady hours, about 420,000 citizens. The formula is taken at the load the
    // run was actually offered (its arrivals and service times), so the comparison tests the
    // queue, not the luck of the draw, to which the mean wait is very sensitive near ρ = 0.7.
    auto scenario = testing::SingleQueue(21, 10, 5, 1000);
    auto work = Generate(scenario, scenario.seed, scenario.days);
    auto run = Simulated(scenario, "fcfs", work);
    const std::int64_t from = 4 * 3'600'000;
    auto steady = SteadyState(run, from);
    ASSERT_GT(steady.n, 400'000);
    auto offered = OfferedFrom(work, from, 24 * 3'600'000);
    const double load = offered.per_min * offered.mean_service_min;
    EXPECT_NEAR(load, 3.5, 0.05);
    const double p_wait = ErlangC(load, 5);
    const double mean_wait = MeanWaitC(load, 5, offered.mean_service_min);
    RecordProperty("simulated_p_wait", std::to_string(steady.p_wait));
    RecordProperty("simulated_mean_wait", std::to_string(steady.mean_wait_min));
    EXPECT_NEAR(steady.p_wait, p_wait, 0.03 * p_wait);
    EXPECT_NEAR(steady.mean_wait_min, mean_wait, 0.03 * mean_wait);
}

TEST(Simulator, MatchesErlangAWhenCitizensLeaveAfterTheirPatience) {
    // 10 Erlangs on 11 officers with 3-minute services and 5 minutes' mean patience.
    auto scenario = testing::SingleQueue(200, 3, 11, 40);
    scenario.patience_min = 5;
    auto work = Generate(scenario, scenario.seed, scenario.days);
    auto run = Simulated(scenario, "fcfs", work);
    const std::int64_t from = 2 * 3'600'000;
    auto steady = SteadyState(run, from);
    auto offered = OfferedFrom(work, from, 24 * 3'600'000);
    auto exact = ErlangA(offered.per_min, offered.mean_service_min, 5, 11, 1);
    EXPECT_NEAR(steady.p_wait, exact.p_wait, 0.03 * exact.p_wait);
    EXPECT_NEAR(steady.p_abandon, exact.p_abandon, 0.06 * exact.p_abandon);
}

TEST(Simulator, TheSameScenarioAndSeedGiveByteIdenticalReports) {
    auto scenario = testing::SingleQueue(30, 7, 3, 4, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{12 * 60});
    scenario.priority_share = 0.1;
    scenario.patience_min = 40;
    auto report = [&](std::uint64_t seed) {
        scenario.seed = seed;
        std::vector<Report> reports{Summarize(scenario, Simulated(scenario, "balanced"))};
        return ToJson(reports, seed).dump(2) + RenderTable(reports, seed);
    };
    EXPECT_EQ(report(9), report(9));
    EXPECT_NE(report(9), report(10));
}

TEST(Simulator, AccountsForEveryCitizen) {
    auto scenario = testing::SingleQueue(60, 7, 2, 5, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{12 * 60});
    scenario.patience_min = 20;
    auto work = Generate(scenario, 3, 5);
    auto report = Summarize(scenario, Simulated(scenario, "fcfs", work));
    EXPECT_EQ(report.overall.arrived, static_cast<std::int64_t>(work.Citizens()));
    EXPECT_EQ(report.overall.arrived, report.overall.served + report.overall.abandoned + report.overall.unserved);
    EXPECT_GT(report.overall.abandoned, 0);  // 60 an hour at 7 minutes on 2 officers: overloaded
    EXPECT_EQ(report.overall.unserved, 0);   // the officers stay until everyone inside is served
    ASSERT_EQ(report.hours.size(), 4U);      // 08:00–12:00
    std::int64_t by_hour = 0;
    for (const auto& hour : report.hours) {
        by_hour += hour.arrived;
        EXPECT_LE(hour.served, hour.arrived);
    }
    EXPECT_EQ(by_hour, report.overall.arrived);
    EXPECT_EQ(report.hours[1].start, std::chrono::minutes{9 * 60});
    EXPECT_GT(report.hours[3].mean_wait_min, report.hours[0].mean_wait_min);  // the queue builds up
}

TEST(Simulator, OfficersStayPastCloseUntilTheHallIsEmpty) {
    // Overloaded, nobody leaves: the queue at close is served in overtime.
    auto scenario = testing::SingleQueue(40, 6, 2, 3, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{10 * 60});
    auto run = Simulated(scenario, "fcfs");
    auto report = Summarize(scenario, run);
    EXPECT_EQ(report.overall.served, report.overall.arrived);
    EXPECT_GT(report.officers[0].present_hours, 2.0 * 3);  // more than the two scheduled hours each day
}

TEST(Simulator, AnOfficerLeavingEarlyFinishesTheCitizenInHandThenCloses) {
    auto scenario = testing::SingleQueue(40, 6, 2, 3, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{10 * 60});
    scenario.officers[1].end = std::chrono::minutes{9 * 60};
    auto report = Summarize(scenario, Simulated(scenario, "fcfs"));
    EXPECT_EQ(report.overall.served, report.overall.arrived);  // officer 1 serves the rest
    EXPECT_LT(report.officers[1].present_hours, 3 * 1.5);      // about an hour a day, not the whole day
    EXPECT_GE(report.officers[1].present_hours, 3 * 1.0);
}

TEST(Simulator, DedicatedCountersServeOnlyTheirOfficersFirstSkill) {
    auto scenario = testing::SingleQueue(10, 5, 1, 2, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{10 * 60});
    ServiceSpec kk = scenario.services[0];
    kk.code = "KK";
    scenario.services.push_back(kk);
    scenario.officers[0].skills = {"KTP", "KK"};
    auto dedicated = Summarize(scenario, Simulated(scenario, "dedicated"));
    auto fcfs = Summarize(scenario, Simulated(scenario, "fcfs"));
    EXPECT_EQ(dedicated.services[1].served, 0);  // nobody's first skill is KK
    EXPECT_EQ(dedicated.services[1].unserved, dedicated.services[1].arrived);
    EXPECT_EQ(fcfs.services[1].served, fcfs.services[1].arrived);
}

TEST(Simulator, PriorityCitizensWaitLessThanRegularOnes) {
    auto scenario = testing::SingleQueue(45, 7, 6, 20, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{15 * 60});
    scenario.priority_share = 0.1;
    auto report = Summarize(scenario, Simulated(scenario, "default"));
    ASSERT_EQ(report.classes.size(), 2U);
    EXPECT_LT(report.classes[0].wait.mean.value, report.classes[1].wait.mean.value / 2);
}

TEST(Simulator, UnknownPolicyNamesTheKnownOnes) {
    auto policy = PolicyNamed("sjf");
    ASSERT_FALSE(policy);
    EXPECT_EQ(policy.error().code, "unknown_policy");
    EXPECT_THAT(policy.error().message, HasSubstr("dedicated, fcfs, balanced, default or pooled"));
}

// The realistic busy hall shipped in data/scenarios: the claims the hall queue makes.
class BusyHall : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto scenario = LoadScenario(LAYAN_SOURCE_DIR "/data/scenarios/mpp-busy.json");
        ASSERT_TRUE(scenario) << scenario.error().message;
        scenario_ = new Scenario(std::move(*scenario));
        scenario_->days = 40;
        auto work = Generate(*scenario_, scenario_->seed, scenario_->days);
        reports_ = new std::map<std::string, Report>();
        for (auto name : {"dedicated", "fcfs", "default", "pooled"}) {
            (*reports_)[name] = Summarize(*scenario_, Simulated(*scenario_, name, work));
        }
    }
    static void TearDownTestSuite() {
        delete reports_;
        delete scenario_;
    }
    static const Report& Of(const std::string& policy) { return reports_->at(policy); }

    static Scenario* scenario_;
    static std::map<std::string, Report>* reports_;
};

Scenario* BusyHall::scenario_ = nullptr;
std::map<std::string, Report>* BusyHall::reports_ = nullptr;

TEST_F(BusyHall, TheDefaultPolicyBeatsFcfsOnMeanWaitWithoutAWorseP95) {
    const auto& fcfs = Of("fcfs").overall.wait;
    const auto& layan = Of("default").overall.wait;
    RecordProperty("fcfs_mean", std::to_string(fcfs.mean.value));
    RecordProperty("default_mean", std::to_string(layan.mean.value));
    EXPECT_LT(layan.mean.value, fcfs.mean.value);
    EXPECT_LE(layan.p95.value, fcfs.p95.value);
}

TEST_F(BusyHall, FlexibilityOrdersThePolicies) {
    EXPECT_LT(Of("pooled").overall.wait.mean.value, Of("default").overall.wait.mean.value);
    EXPECT_LT(Of("fcfs").overall.wait.mean.value, Of("dedicated").overall.wait.mean.value);
}

TEST_F(BusyHall, LayansPredictionBeatsTheQueueLengthPredictor) {
    for (auto name : {"fcfs", "default"}) {  // the server's policies
        const auto& report = Of(name);
        EXPECT_LE(report.mse_ratio, 0.8) << name;
        EXPECT_LT(report.layan.mae_min, report.queue_length.mae_min) << name;
    }
}

}  // namespace
}  // namespace layan::sim
