// The staffing formulas against published values and against each other.

#include "layan/sim/erlang.h"

#include <cmath>

#include <gtest/gtest.h>

namespace layan::sim {
namespace {

// 10 Erlangs offered to 14 agents, 3-minute handling time: the textbook call-centre example.
constexpr double kLoad = 10;
constexpr int kServers = 14;
constexpr double kHandlingMin = 3;

TEST(ErlangC, ProbabilityOfWaitingMatchesThePublishedValue) { EXPECT_NEAR(ErlangC(kLoad, kServers), 0.17413, 5e-6); }

TEST(ErlangC, ServiceLevelWithinTwentySecondsMatchesThePublishedValue) {
    EXPECT_NEAR(ServiceLevelC(kLoad, kServers, kHandlingMin, 20.0 / 60), 0.88835, 5e-6);
}

TEST(ErlangC, AnOverloadedQueueAlwaysWaitsAndNeverMeetsALevel) {
    EXPECT_EQ(ErlangC(14, 14), 1.0);
    EXPECT_EQ(ServiceLevelC(15, 14, kHandlingMin, 1), 0.0);
    EXPECT_TRUE(std::isinf(MeanWaitC(14, 14, kHandlingMin)));
}

TEST(ErlangB, OneServerLosesTheShareOfItsLoad) {
    EXPECT_NEAR(ErlangB(1, 1), 0.5, 1e-12);  // a / (1 + a)
    EXPECT_NEAR(ErlangB(2, 2), 0.4, 1e-12);  // (a²/2) / (1 + a + a²/2)
}

TEST(ErlangA, MatchesThePublishedValuesWithFiveMinutesPatience) {
    // Arrival rate 10/3 per minute (10 Erlangs at 3 minutes), mean patience 5 minutes.
    auto result = ErlangA(kLoad / kHandlingMin, kHandlingMin, 5, kServers, 20.0 / 60);
    EXPECT_NEAR(result.p_wait, 0.14526, 5e-6);
    EXPECT_NEAR(result.p_abandon, 0.013984, 5e-7);
}

TEST(ErlangA, WithoutImpatienceBecomesErlangC) {
    auto result = ErlangA(kLoad / kHandlingMin, kHandlingMin, 1e9, kServers, 20.0 / 60);
    EXPECT_NEAR(result.p_wait, ErlangC(kLoad, kServers), 1e-6);
    EXPECT_NEAR(result.service_level, ServiceLevelC(kLoad, kServers, kHandlingMin, 20.0 / 60), 1e-6);
    EXPECT_NEAR(result.mean_wait, MeanWaitC(kLoad, kServers, kHandlingMin), 1e-5);
    EXPECT_LT(result.p_abandon, 1e-6);
}

TEST(ErlangA, StaysFiniteWhenOverloadedBecauseCitizensLeave) {
    auto result = ErlangA(10, kHandlingMin, 5, kServers, 1);  // 30 Erlangs on 14 officers
    EXPECT_GT(result.p_wait, 0.99);
    EXPECT_GT(result.p_abandon, 0.4);
    EXPECT_LT(result.p_abandon, 1);
    EXPECT_GT(result.service_level, 0);
    EXPECT_LT(result.service_level, 1 - result.p_abandon + 1e-9);
}

TEST(ErlangA, ServiceLevelGrowsWithTheWaitAllowed) {
    double previous = -1;
    for (double wait : {0.0, 0.5, 1.0, 5.0, 30.0}) {
        auto result = ErlangA(kLoad / kHandlingMin, kHandlingMin, 5, kServers, wait);
        EXPECT_GT(result.service_level, previous) << wait;
        previous = result.service_level;
    }
    auto none = ErlangA(kLoad / kHandlingMin, kHandlingMin, 5, kServers, 0);
    EXPECT_NEAR(none.service_level, 1 - none.p_wait, 1e-12);
}

}  // namespace
}  // namespace layan::sim
