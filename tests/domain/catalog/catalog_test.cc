#include "layan/domain/catalog/catalog.h"

#include <gtest/gtest.h>

namespace layan::domain::catalog {
namespace {

using namespace std::chrono_literals;
using std::chrono::November;
using std::chrono::year;

// A hall in WITA (UTC+8) open Monday 07:30–12:00 and 13:00–16:00, Saturday 08:00–12:00.
Hall SplitShiftHall() {
    Hall hall;
    hall.id = "mpp-test";
    hall.utc_offset = core::kWita;
    hall.opening_hours = {
        {std::chrono::Monday, 7h + 30min, 12h}, {std::chrono::Monday, 13h, 16h}, {std::chrono::Saturday, 8h, 12h}};
    return hall;
}

core::Instant Local(unsigned day, std::chrono::minutes time) {
    return core::FromLocal(year{2026} / November / day, time, core::kWita);
}

TEST(OpeningHours, OpenFromOpeningIncludedToClosingExcluded) {
    const Hall hall = SplitShiftHall();
    EXPECT_FALSE(IsOpenAt(hall, Local(30, 7h + 29min)));  // Monday 30 November 2026
    EXPECT_TRUE(IsOpenAt(hall, Local(30, 7h + 30min)));
    EXPECT_TRUE(IsOpenAt(hall, Local(30, 11h + 59min)));
    EXPECT_FALSE(IsOpenAt(hall, Local(30, 12h)));  // the lunch break between the two shifts
    EXPECT_TRUE(IsOpenAt(hall, Local(30, 13h)));
    EXPECT_FALSE(IsOpenAt(hall, Local(30, 16h)));
}

TEST(OpeningHours, AreReadInTheHallsLocalTime) {
    const Hall hall = SplitShiftHall();
    // 23:45 UTC on Sunday 29 November is 07:45 on Monday in WITA: open.
    const core::Instant sunday_night_utc =
        core::FromLocal(year{2026} / November / 29, 23h + 45min, core::UtcOffset{std::chrono::minutes{0}});
    EXPECT_TRUE(IsOpenAt(hall, sunday_night_utc));
    EXPECT_EQ(HoursOnDayOf(hall, sunday_night_utc)->open, 7h + 30min);
}

TEST(OpeningHours, ADayWithoutHoursIsClosedAllDay) {
    const Hall hall = SplitShiftHall();
    EXPECT_FALSE(IsOpenAt(hall, Local(29, 10h)));  // Sunday
    EXPECT_EQ(HoursOnDayOf(hall, Local(29, 10h)), nullptr);
    ASSERT_NE(HoursOnDayOf(hall, Local(28, 10h)), nullptr);  // Saturday
    EXPECT_EQ(HoursOnDayOf(hall, Local(28, 10h))->close, 12h);
}

}  // namespace
}  // namespace layan::domain::catalog
