// Training advice: the skill that shortens waits most, measured on the same simulated work.

#include "layan/sim/training.h"

#include <gtest/gtest.h>

#include "sim_test_support.h"

namespace layan::sim {
namespace {

TEST(AdviseTraining, TeachesTheBusyServiceToTheOfficerWithTimeToSpare) {
    // KTP is busy on two officers; O3 serves a quiet NIB and could help.
    auto scenario = testing::SingleQueue(18, 10, 2, 10, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{12 * 60});
    ServiceSpec nib{"NIB", 5, 0.5, ServiceDistribution::kLognormal, {3, 3, 3, 3}};
    scenario.services.push_back(nib);
    scenario.officers.push_back({"O3", {"NIB"}, scenario.open, scenario.close});
    auto work = Generate(scenario, 4, scenario.days);
    int reports = 0;
    double last = 0;
    auto advice = AdviseTraining(scenario, work, "default", 2, [&](double progress) {
        EXPECT_GE(progress, last);
        last = progress;
        ++reports;
    });
    ASSERT_FALSE(advice.steps.empty());
    EXPECT_EQ(advice.steps[0].officer, "O3");
    EXPECT_EQ(advice.steps[0].service, "KTP");
    EXPECT_LT(advice.steps[0].after.value, advice.steps[0].before.value);
    EXPECT_GT(advice.steps[0].saved.value - advice.steps[0].saved.ci95, 0);  // paired: clearly better
    EXPECT_NEAR(advice.steps[0].before.value, advice.baseline.value, 1e-9);
    EXPECT_EQ(last, 1.0);
    EXPECT_GT(reports, 1);
}

TEST(AdviseTraining, StopsWhenNoSkillHelps) {
    // Everyone already knows everything: nothing to advise.
    auto scenario = testing::SingleQueue(10, 5, 2, 3, ServiceDistribution::kLognormal, std::chrono::minutes{8 * 60},
                                         std::chrono::minutes{10 * 60});
    auto advice = AdviseTraining(scenario, Generate(scenario, 1, 3), "default", 3);
    EXPECT_TRUE(advice.steps.empty());
    EXPECT_EQ(advice.candidates_simulated, 0);
}

}  // namespace
}  // namespace layan::sim
