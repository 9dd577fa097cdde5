#include "layan/domain/queue/hall_context.h"

#include <gtest/gtest.h>

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;
using std::chrono::December;
using std::chrono::January;
using std::chrono::November;
using std::chrono::year;
using std::chrono::year_month_day;

// A hall in WITA (UTC+8) open Monday 07:30–12:00 and 13:00–16:00, Saturday 08:00–12:00.
catalog::Hall SplitShiftHall() {
    catalog::Hall hall;
    hall.id = "mpp-test";
    hall.utc_offset = core::kWita;
    hall.opening_hours = {
        {std::chrono::Monday, 7h + 30min, 12h}, {std::chrono::Monday, 13h, 16h}, {std::chrono::Saturday, 8h, 12h}};
    return hall;
}

/// The national calendar of a test: 2026's list holds one holiday (Christmas), 2027 has no list.
calendar::WorkCalendar National2026() {
    calendar::WorkCalendar national;
    national.MarkHolidayDataComplete(year{2026});
    EXPECT_TRUE(national.AddSpecialDay(
        {year{2026} / December / 25, calendar::DayKind::kNationalHoliday, {"Kelahiran Yesus Kristus", "Christmas"}}));
    return national;
}

HallContext ContextOf(catalog::Hall hall) { return HallContext::Make(std::move(hall), {}, {}, {}, National2026()); }

core::Instant Local(year_month_day day, std::chrono::minutes time) { return core::FromLocal(day, time, core::kWita); }

TEST(HallCalendar, OpenFromOpeningIncludedToClosingExcludedWithTheBreakBetweenTwoPeriods) {
    const auto context = ContextOf(SplitShiftHall());
    const auto monday = year{2026} / November / 30;
    EXPECT_FALSE(context.IsOpenAt(Local(monday, 7h + 29min)));
    EXPECT_TRUE(context.IsOpenAt(Local(monday, 7h + 30min)));
    EXPECT_TRUE(context.IsOpenAt(Local(monday, 11h + 59min)));
    EXPECT_FALSE(context.IsOpenAt(Local(monday, 12h)));  // the lunch break between the two periods
    EXPECT_TRUE(context.IsOpenAt(Local(monday, 13h)));
    EXPECT_FALSE(context.IsOpenAt(Local(monday, 16h)));
    EXPECT_EQ(context.calendar.HoursOn(monday), (calendar::WorkingHours{7h + 30min, 16h, 12h, 13h}));
}

TEST(HallCalendar, IsReadInTheHallsLocalTime) {
    const auto context = ContextOf(SplitShiftHall());
    // 23:45 UTC on Sunday 29 November is 07:45 on Monday in WITA: open.
    const core::Instant sunday_night_utc =
        core::FromLocal(year{2026} / November / 29, 23h + 45min, core::UtcOffset{std::chrono::minutes{0}});
    EXPECT_TRUE(context.IsOpenAt(sunday_night_utc));
}

TEST(HallCalendar, ADayWithoutHoursIsClosedAllDayWithoutAReason) {
    const auto context = ContextOf(SplitShiftHall());
    EXPECT_FALSE(context.IsOpenAt(Local(year{2026} / November / 29, 10h)));  // Sunday
    EXPECT_EQ(context.calendar.ClosureOn(year{2026} / November / 29), std::nullopt);
    EXPECT_TRUE(context.IsOpenAt(Local(year{2026} / November / 28, 10h)));  // Saturday 08:00–12:00
    EXPECT_EQ(context.calendar.HoursOn(year{2026} / November / 28)->close, 12h);
}

TEST(HallCalendar, TheNationalHolidaysCloseTheHallWhateverItsWeek) {
    auto hall = SplitShiftHall();
    hall.opening_hours.push_back({std::chrono::Friday, 8h, 12h});
    const auto context = ContextOf(hall);
    // Friday 25 December 2026 is Christmas in the national list.
    EXPECT_FALSE(context.IsOpenAt(Local(year{2026} / December / 25, 9h)));
    EXPECT_EQ(context.calendar.ClosureOn(year{2026} / December / 25)->name.en, "Christmas");
    EXPECT_TRUE(context.IsOpenAt(Local(year{2026} / December / 18, 9h)));
    // Friday 1 January 2027: 2027's list is not loaded, but New Year's Day is on a fixed date.
    EXPECT_FALSE(context.IsOpenAt(Local(year{2027} / January / 1, 9h)));
    EXPECT_EQ(context.calendar.ClosureOn(year{2027} / January / 1)->name.id, "Tahun Baru 2027 Masehi");
    EXPECT_TRUE(context.IsOpenAt(Local(year{2027} / January / 8, 9h)));
}

TEST(HallCalendar, AnOverrideOfTheNationalCalendarReachesTheHallWithItsReason) {
    auto national = National2026();
    ASSERT_TRUE(national.SetOverride({year{2026} / November / 30, false, std::nullopt, "Banjir"}));
    ASSERT_TRUE(national.SetOverride({year{2026} / December / 25, true, std::nullopt, "Layanan Natal"}));
    const auto context = HallContext::Make(SplitShiftHall(), {}, {}, {}, national);
    EXPECT_FALSE(context.IsOpenAt(Local(year{2026} / November / 30, 9h)));
    EXPECT_EQ(context.calendar.ClosureOn(year{2026} / November / 30)->name.id, "Banjir");
    // An override that opens a day keeps the hours it was given (here the national Friday's).
    EXPECT_TRUE(context.calendar.IsWorkingDay(year{2026} / December / 25));
    EXPECT_EQ(context.calendar.ClosureOn(year{2026} / December / 25), std::nullopt);
}

TEST(HallWeek, MergesOverlappingPeriodsAndKeepsOneBreak) {
    const auto week = calendar::WeekOf({{std::chrono::Tuesday, 8h, 10h},
                                        {std::chrono::Tuesday, 9h, 12h},
                                        {std::chrono::Tuesday, 12h, 12h + 30min},
                                        {std::chrono::Tuesday, 13h, 15h}});
    EXPECT_EQ(week.On(std::chrono::Tuesday), (calendar::WorkingHours{8h, 15h, 12h + 30min, 13h}));
    EXPECT_FALSE(week.On(std::chrono::Monday));
    const auto single = calendar::WeekOf({{std::chrono::Sunday, 0h, 24h}});
    EXPECT_EQ(single.On(std::chrono::Sunday)->OpenDuration(), 24h);
}

TEST(HallWeek, AHallWithoutHoursIsNeverOpen) {
    catalog::Hall hall = SplitShiftHall();
    hall.opening_hours.clear();
    const auto context = ContextOf(hall);
    EXPECT_FALSE(context.IsOpenAt(Local(year{2026} / November / 30, 9h)));
    EXPECT_FALSE(context.calendar.IsWorkingDay(year{2026} / November / 30));
}

}  // namespace
}  // namespace layan::domain::queue
