// Staffing per hour: the formula's answer is the fewest officers meeting the target, and
// simulating that staffing meets it too.

#include "layan/sim/staffing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/sim/erlang.h"
#include "sim_test_support.h"

namespace layan::sim {
namespace {

using ::testing::HasSubstr;

TEST(ServiceTarget, ReadsEnglishAndIndonesian) {
    auto english = ParseTarget("80% within 15 min");
    ASSERT_TRUE(english);
    EXPECT_DOUBLE_EQ(english->share, 0.8);
    EXPECT_DOUBLE_EQ(english->wait_min, 15);
    auto indonesian = ParseTarget("90 % dalam 10 menit");
    ASSERT_TRUE(indonesian);
    EXPECT_DOUBLE_EQ(indonesian->share, 0.9);
    EXPECT_DOUBLE_EQ(indonesian->wait_min, 10);
}

TEST(ServiceTarget, RefusesWhatItCannotRead) {
    for (const char* text :
         {"80 within 15 min", "80% in 15 min", "150% within 15 min", "80% within 0 min", "80% within 15 hours", ""}) {
        auto target = ParseTarget(text);
        ASSERT_FALSE(target) << text;
        EXPECT_EQ(target.error().code, "invalid_target");
        EXPECT_THAT(target.error().message, HasSubstr(std::string("\"") + text + "\"")) << text;
    }
}

TEST(Staffing, TheFormulaGivesTheFewestOfficersMeetingTheTarget) {
    auto scenario = testing::SingleQueue(60, 6, 1, 30, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{15 * 60});
    scenario.services[0].arrivals_per_hour = {30, 60, 90, 60, 30, 20, 10};
    ServiceTarget target{0.8, 5};
    auto plan = PlanStaffing(scenario, target, Generate(scenario, 1, scenario.days));
    EXPECT_EQ(plan.model, "erlang_c");
    ASSERT_EQ(plan.cells.size(), 7U);
    for (const auto& cell : plan.cells) {
        const double load = cell.arrivals_per_hour * 6 / 60;
        EXPECT_GE(ServiceLevelC(load, cell.officers, 6, 5), 0.8) << cell.hour;
        EXPECT_LT(ServiceLevelC(load, cell.officers - 1, 6, 5), 0.8) << cell.hour;
        EXPECT_NEAR(cell.formula_level, ServiceLevelC(load, cell.officers, 6, 5), 1e-12);
    }
    EXPECT_EQ(plan.cells[2].officers, plan.officers_per_hour[2]);
    EXPECT_GT(plan.cells[2].officers, plan.cells[0].officers);  // the peak needs more
}

TEST(Staffing, SimulatingThePlanMeetsTheTargetInSteadyHours) {
    // A constant rate, so each hour is close to the formula's steady state.
    auto scenario = testing::SingleQueue(60, 6, 1, 40, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{15 * 60});
    auto plan = PlanStaffing(scenario, {0.8, 5}, Generate(scenario, 2, scenario.days));
    for (std::size_t h = 1; h < plan.cells.size(); ++h) {  // the first hour starts empty: better than steady
        const auto& cell = plan.cells[h];
        EXPECT_NEAR(cell.simulated_level.value, cell.formula_level, 0.05) << h;
    }
    // One officer per level of need, on shift for the hours needing them.
    EXPECT_EQ(static_cast<int>(plan.staffed.officers.size()), plan.cells[0].officers);
}

TEST(Staffing, UsesErlangAWhenCitizensHaveLimitedPatience) {
    auto scenario = testing::SingleQueue(60, 6, 1, 5, ServiceDistribution::kExponential, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{10 * 60});
    scenario.patience_min = 10;
    auto plan = PlanStaffing(scenario, {0.8, 5}, Generate(scenario, 2, scenario.days));
    EXPECT_EQ(plan.model, "erlang_a");
    for (const auto& cell : plan.cells) {
        auto a = ErlangA(1, 6, 10, cell.officers, 5);
        EXPECT_NEAR(cell.formula_level, a.service_level, 1e-12);
        EXPECT_GE(cell.formula_level, 0.8);
        EXPECT_LT(ErlangA(1, 6, 10, cell.officers - 1, 5).service_level, 0.8);
        EXPECT_GT(cell.formula_p_abandon, 0);
    }
}

}  // namespace
}  // namespace layan::sim
