#include "layan/core/time.h"

#include <gtest/gtest.h>

namespace layan::core {
namespace {

using namespace std::chrono;

TEST(Time, LocalDateCrossesMidnightAtTheTenantOffset) {
    // 18:00 UTC on Nov 28 is 01:00 on Nov 29 in WIB.
    auto t = *ParseIso8601("2026-11-28T18:00:00Z");
    EXPECT_EQ(LocalDate(t, kWib), year_month_day{2026y / November / 29});
    EXPECT_EQ(LocalDate(t, UtcOffset{minutes{0}}), year_month_day{2026y / November / 28});
    EXPECT_EQ(LocalTimeOfDay(t, kWib), minutes{60});
}

TEST(Time, FormatsAndParsesIso8601RoundTrip) {
    auto t = FromLocal(2026y / March / 18, minutes{7 * 60 + 30}, kWita);
    EXPECT_EQ(FormatIso8601(t), "2026-03-17T23:30:00.000Z");
    EXPECT_EQ(FormatIso8601(t, kWita), "2026-03-18T07:30:00.000+08:00");
    EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
    EXPECT_EQ(ParseIso8601(FormatIso8601(t, kWit)), t);
}

TEST(Time, RejectsMalformedDatesAndInstants) {
    EXPECT_FALSE(ParseDate("2026-02-30"));
    EXPECT_FALSE(ParseDate("2026-2-3"));
    EXPECT_FALSE(ParseIso8601("2026-11-29 07:30:00Z"));
    EXPECT_FALSE(ParseIso8601("2026-11-29T25:30:00Z"));
    EXPECT_FALSE(ParseIso8601("2026-11-29T07:30:00+0700"));
    EXPECT_TRUE(ParseIso8601("2026-11-29T07:30:00.5+07:00"));
}

TEST(Time, ManualClockMovesOnlyWhenTold) {
    ManualClock clock(*ParseIso8601("2026-11-29T00:00:00Z"));
    auto before = clock.Now();
    clock.Advance(minutes{5});
    EXPECT_EQ(clock.Now() - before, minutes{5});
}

}  // namespace
}  // namespace layan::core

namespace layan::core {
namespace {

TEST(Time, ShiftedClockStartsAtTheGivenInstantAndRunsWithItsBase) {
    auto real = std::make_shared<ManualClock>(*ParseIso8601("2026-12-04T15:00:00Z"));
    auto start = *ParseIso8601("2025-12-08T09:00:00+07:00");
    ShiftedClock clock(start, real);
    EXPECT_EQ(clock.Now(), start);
    real->Advance(std::chrono::minutes{90});
    EXPECT_EQ(clock.Now(), start + std::chrono::minutes{90});
}

}  // namespace
}  // namespace layan::core
