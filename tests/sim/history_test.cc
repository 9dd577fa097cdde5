// Learning a scenario from a hall's events: simulate a known hall, record its events, learn from
// them, and find the hall again.

#include "layan/sim/history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/sim/simulator.h"
#include "sim_test_support.h"

namespace layan::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ScenarioFromHistory, LearnsTheRatesServiceTimesAndOfficersOfTheDaysItReads) {
    auto hall = testing::SingleQueue(30, 6, 2, 30, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                     std::chrono::minutes{12 * 60});
    hall.services[0].service_cv = 0.4;
    hall.services[0].arrivals_per_hour = {20, 30, 30, 10};
    hall.services.push_back({"NIB", 12, 0.3, ServiceDistribution::kLognormal, {4, 4, 4, 4}});
    hall.officers[0].skills = {"KTP", "NIB"};
    hall.officers[1].start = std::chrono::minutes{9 * 60};
    hall.priority_share = 0.1;
    Simulator simulator(hall, *PolicyNamed("default"));
    simulator.Record();
    std::vector<std::vector<domain::queue::Event>> days;
    for (auto& day : simulator.Simulate(Generate(hall, 7, hall.days)).days) {
        days.push_back(std::move(day.log));
    }
    days.emplace_back();  // a closed day counts for nothing

    auto learned = ScenarioFromHistory(simulator.context(), days);
    ASSERT_TRUE(learned) << learned.error().message;
    EXPECT_EQ(learned->open, hall.open);
    EXPECT_EQ(learned->close, hall.close);
    ASSERT_EQ(learned->services.size(), 2U);
    const auto& ktp = learned->services[*learned->ServiceIndex("KTP")];
    ASSERT_EQ(ktp.arrivals_per_hour.size(), 4U);
    for (std::size_t h = 0; h < 4; ++h) {  // 30 days: the standard error of a rate of 30 is 1
        EXPECT_NEAR(ktp.arrivals_per_hour[h], hall.services[0].arrivals_per_hour[h], 3.5) << h;
    }
    EXPECT_NEAR(ktp.mean_service_min, 6, 0.3);
    EXPECT_NEAR(ktp.service_cv, 0.4, 0.06);
    EXPECT_NEAR(learned->services[*learned->ServiceIndex("NIB")].mean_service_min, 12, 1.0);
    ASSERT_EQ(learned->officers.size(), 2U);
    EXPECT_EQ(learned->officers[0].id, "O1");
    EXPECT_THAT(learned->officers[0].skills, ElementsAre("KTP", "NIB"));
    EXPECT_EQ(learned->officers[0].start, std::chrono::minutes{8 * 60});
    EXPECT_EQ(learned->officers[1].start, std::chrono::minutes{9 * 60});
    EXPECT_GE(learned->officers[1].end, hall.close);  // stays until the hall is empty
    EXPECT_NEAR(learned->priority_share, 0.1, 0.03);
}

TEST(ScenarioFromHistory, DaysWithoutTicketsTeachNothing) {
    auto hall = testing::SingleQueue(30, 6, 2, 1);
    Simulator simulator(hall, *PolicyNamed("fcfs"));
    std::vector<std::vector<domain::queue::Event>> days(3);
    auto learned = ScenarioFromHistory(simulator.context(), days);
    ASSERT_FALSE(learned);
    EXPECT_EQ(learned.error().code, "no_history");
    EXPECT_THAT(learned.error().message, HasSubstr("nothing to learn from"));
}

}  // namespace
}  // namespace layan::sim
