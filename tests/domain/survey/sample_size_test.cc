#include "layan/domain/survey/sample_size.h"

#include <gtest/gtest.h>

namespace layan::domain::survey {
namespace {

TEST(KrejcieMorgan, MatchesThePublishedTable) {
    EXPECT_EQ(KrejcieMorganSampleSize(100), 80);
    EXPECT_EQ(KrejcieMorganSampleSize(200), 132);
    EXPECT_EQ(KrejcieMorganSampleSize(500), 217);
    EXPECT_EQ(KrejcieMorganSampleSize(1'000), 278);
    EXPECT_EQ(KrejcieMorganSampleSize(10'000), 370);
    EXPECT_EQ(KrejcieMorganSampleSize(1'000'000), 384);
}

TEST(KrejcieMorgan, SmallPopulationsAreSurveyedWhole) {
    EXPECT_EQ(KrejcieMorganSampleSize(0), 0);
    EXPECT_EQ(KrejcieMorganSampleSize(-5), 0);
    EXPECT_EQ(KrejcieMorganSampleSize(1), 1);
    EXPECT_EQ(KrejcieMorganSampleSize(10), 10);
}

TEST(KrejcieMorgan, GrowsWithThePopulationButNeverPastThreeEightyFour) {
    std::int64_t previous = 0;
    for (std::int64_t n = 1; n <= 100'000; n += 7) {
        auto s = KrejcieMorganSampleSize(n);
        EXPECT_GE(s, previous) << n;
        EXPECT_LE(s, n) << n;
        previous = s;
    }
    EXPECT_EQ(KrejcieMorganSampleSize(INT64_MAX / 8), 384);
}

}  // namespace
}  // namespace layan::domain::survey
