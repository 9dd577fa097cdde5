// The work of simulated days: drawn reproducibly, at the scenario's rates, and written to and read
// from CSV traces exactly.

#include "layan/sim/workload.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim_test_support.h"

namespace layan::sim {
namespace {

using ::testing::HasSubstr;

Scenario TwoServices() {
    auto scenario = testing::SingleQueue(30, 6, 2, 10, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{11 * 60});
    ServiceSpec kk;
    kk.code = "KK";
    kk.mean_service_min = 9;
    kk.distribution = ServiceDistribution::kExponential;
    kk.arrivals_per_hour = {0, 12, 6};
    scenario.services.push_back(kk);
    scenario.officers[1].skills.push_back("KK");
    scenario.priority_share = 0.1;
    scenario.patience_min = 30;
    return scenario;
}

bool Same(const Citizen& a, const Citizen& b) {
    return a.arrival_ms == b.arrival_ms && a.service == b.service && a.priority == b.priority &&
           a.service_ms == b.service_ms && a.patience_ms == b.patience_ms;
}

TEST(Workload, TheSameSeedDrawsTheSameWorkAndAnotherSeedOtherWork) {
    auto scenario = TwoServices();
    auto a = Generate(scenario, 1, 3);
    auto b = Generate(scenario, 1, 3);
    auto c = Generate(scenario, 2, 3);
    ASSERT_EQ(a.Citizens(), b.Citizens());
    for (std::size_t d = 0; d < 3; ++d) {
        ASSERT_EQ(a.days[d].size(), b.days[d].size());
        for (std::size_t i = 0; i < a.days[d].size(); ++i) {
            EXPECT_TRUE(Same(a.days[d][i], b.days[d][i]));
        }
    }
    EXPECT_FALSE(a.days[0].size() == c.days[0].size() && Same(a.days[0][0], c.days[0][0]));
}

TEST(Workload, ADayIsTheSameWhateverTheNumberOfDays) {
    auto scenario = TwoServices();
    auto short_run = Generate(scenario, 5, 2);
    auto long_run = Generate(scenario, 5, 8);
    ASSERT_EQ(short_run.days[1].size(), long_run.days[1].size());
    for (std::size_t i = 0; i < short_run.days[1].size(); ++i) {
        EXPECT_TRUE(Same(short_run.days[1][i], long_run.days[1][i]));
    }
}

TEST(Workload, ArrivalsFollowEachHoursRateAndTheHallsHours) {
    auto scenario = TwoServices();
    const int days = 400;
    auto work = Generate(scenario, 11, days);
    std::vector<double> kk_per_hour(3);
    double ktp = 0;
    double priority = 0;
    double ktp_minutes = 0;
    for (const auto& day : work.days) {
        for (std::size_t i = 0; i < day.size(); ++i) {
            const auto& citizen = day[i];
            ASSERT_GE(citizen.arrival_ms, 8 * 3'600'000);
            ASSERT_LT(citizen.arrival_ms, 11 * 3'600'000);
            if (i > 0) {
                ASSERT_LE(day[i - 1].arrival_ms, citizen.arrival_ms);
            }
            if (citizen.service == 1) {
                kk_per_hour[static_cast<std::size_t>(citizen.arrival_ms / 3'600'000 - 8)] += 1;
            } else {
                ktp += 1;
                ktp_minutes += static_cast<double>(citizen.service_ms) / 60'000;
            }
            priority += citizen.priority ? 1 : 0;
            ASSERT_GE(citizen.patience_ms, 0);
        }
    }
    // Poisson counts: mean 90 KTP a day, standard error √(90/400) ≈ 0.47 → within 2.5 (5 SE).
    EXPECT_NEAR(ktp / days, 90, 2.5);
    EXPECT_EQ(kk_per_hour[0], 0);  // rate 0 in the first hour
    EXPECT_NEAR(kk_per_hour[1] / days, 12, 1.0);
    EXPECT_NEAR(kk_per_hour[2] / days, 6, 0.7);
    EXPECT_NEAR(priority / static_cast<double>(work.Citizens()), 0.1, 0.01);
    EXPECT_NEAR(ktp_minutes / ktp, 6, 0.1);  // lognormal with mean 6
}

TEST(Workload, ATraceReadsBackExactly) {
    auto scenario = TwoServices();
    auto work = Generate(scenario, 3, 4);
    std::stringstream trace;
    WriteTrace(trace, scenario, work);
    auto read = ReadTrace(trace, scenario);
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_EQ(read->days.size(), work.days.size());
    for (std::size_t d = 0; d < work.days.size(); ++d) {
        ASSERT_EQ(read->days[d].size(), work.days[d].size());
        for (std::size_t i = 0; i < work.days[d].size(); ++i) {
            EXPECT_TRUE(Same(read->days[d][i], work.days[d][i])) << d << " " << i;
        }
    }
}

TEST(Workload, ATraceLineThatDoesNotFitIsNamed) {
    auto scenario = TwoServices();
    auto error = [&](const std::string& body) {
        std::stringstream in("day,arrival,service,priority,service_min,patience_min\n" + body);
        auto read = ReadTrace(in, scenario);
        EXPECT_FALSE(read);
        return read ? std::string() : read.error().message;
    };
    EXPECT_THAT(error("1,08:00:01.000,PBG,0,5,\n"), HasSubstr("trace line 2: service \"PBG\""));
    EXPECT_THAT(error("1,07:59:00.000,KTP,0,5,\n"), HasSubstr("not a time within the hall's hours 08:00–11:00"));
    EXPECT_THAT(error("1,08:00:01.000,KTP,2,5,\n"), HasSubstr("priority must be 0 or 1"));
    EXPECT_THAT(error("1,08:00:01.000,KTP,0,-5,\n"), HasSubstr("service_min \"-5\""));
    EXPECT_THAT(error("2,08:00:01.000,KTP,0,5,\n1,08:00:02.000,KTP,0,5,\n"), HasSubstr("trace line 3: day 1 comes "
                                                                                       "after day 2"));
    EXPECT_THAT(error("1,09:00:00.000,KTP,0,5,\n1,08:00:00.000,KTP,0,5,\n"), HasSubstr("in time order"));
    EXPECT_THAT(error("1,08:00:01.000,KTP,0\n"), HasSubstr("4 fields instead of 6"));
    std::stringstream wrong_header("day,time,service\n");
    auto read = ReadTrace(wrong_header, scenario);
    ASSERT_FALSE(read);
    EXPECT_THAT(read.error().message, HasSubstr("header"));
}

}  // namespace
}  // namespace layan::sim
