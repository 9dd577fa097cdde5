#include "layan/domain/calendar/work_calendar.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;
using core::kWib;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

WorkCalendar Calendar2026() {
    auto calendar = WorkCalendar::FromJson(ReadFile(LAYAN_SOURCE_DIR "/data/calendar/id-2026.json"));
    if (!calendar) {
        throw std::runtime_error(calendar.error().message);
    }
    return *calendar;
}

/// A local wall-clock time in WIB.
core::Instant Wib(year_month_day day, int hh, int mm) { return core::FromLocal(day, minutes{hh * 60 + mm}, kWib); }

TEST(WorkCalendar2026, HoldsSeventeenNationalHolidaysAndEightCutiBersama) {
    auto calendar = Calendar2026();
    int holidays = 0;
    int cuti = 0;
    for (const auto& day : calendar.SpecialDaysIn(2026y)) {
        holidays += day.kind == DayKind::kNationalHoliday ? 1 : 0;
        cuti += day.kind == DayKind::kCutiBersama ? 1 : 0;
        EXPECT_FALSE(day.name.id.empty());
        EXPECT_FALSE(day.name.en.empty());
    }
    EXPECT_EQ(holidays, 17);
    EXPECT_EQ(cuti, 8);
    EXPECT_TRUE(calendar.HasHolidayData(2026y));
}

TEST(WorkCalendar2026, NamesEachDateAfterItsHoliday) {
    auto calendar = Calendar2026();
    auto name = [&](year_month_day d) {
        const auto* day = calendar.SpecialDayOn(d);
        return day == nullptr ? std::string{"(none)"} : day->name.id;
    };
    EXPECT_EQ(name(2026y / January / 1), "Tahun Baru 2026 Masehi");
    EXPECT_EQ(name(2026y / January / 16), "Isra Mikraj Nabi Muhammad SAW");
    EXPECT_EQ(name(2026y / February / 17), "Tahun Baru Imlek 2577 Kongzili");
    EXPECT_EQ(name(2026y / March / 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)");
    EXPECT_EQ(name(2026y / April / 3), "Wafat Yesus Kristus");
    EXPECT_EQ(name(2026y / April / 5), "Kebangkitan Yesus Kristus (Paskah)");
    EXPECT_EQ(name(2026y / May / 27), "Iduladha 1447 Hijriah");
    EXPECT_EQ(name(2026y / May / 31), "Hari Raya Waisak 2570 BE");
    EXPECT_EQ(name(2026y / June / 16), "1 Muharam Tahun Baru Islam 1448 Hijriah");
    EXPECT_EQ(name(2026y / August / 25), "Maulid Nabi Muhammad SAW");
    EXPECT_EQ(name(2026y / December / 25), "Kelahiran Yesus Kristus (Natal)");
    EXPECT_EQ(calendar.SpecialDayOn(2026y / December / 24)->kind, DayKind::kCutiBersama);
    EXPECT_EQ(name(2026y / March / 17), "(none)");
}

TEST(WorkCalendar, DefaultWeekIsMondayToFridayThirtySevenAndAHalfHours) {
    WeeklySchedule week = DefaultSchedule();
    minutes total{0};
    for (const auto& day : week.days) {
        total += day ? day->OpenDuration() : minutes{0};
    }
    EXPECT_EQ(total, minutes{37 * 60 + 30});
    EXPECT_FALSE(week.On(Saturday));
    EXPECT_FALSE(week.On(Sunday));
    EXPECT_EQ(week.On(Friday)->close, minutes{16 * 60 + 30});
    EXPECT_EQ(week.On(Friday)->break_start, minutes{11 * 60 + 30});
    EXPECT_EQ(Calendar2026().schedule(), week);
}

TEST(WorkCalendar2026, HolidaysCutiBersamaAndWeekendsAreNotWorkingDays) {
    auto calendar = Calendar2026();
    EXPECT_TRUE(calendar.IsWorkingDay(2026y / March / 16));      // Monday
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / March / 14));     // Saturday
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / January / 1));    // holiday, Thursday
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / February / 16));  // cuti bersama, Monday
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / May / 15));       // cuti bersama, Friday
}

TEST(WorkCalendar2026, MarchEighteenToTwentyFourIsOneSevenDayBreak) {
    auto calendar = Calendar2026();
    EXPECT_TRUE(calendar.IsWorkingDay(2026y / March / 17));
    for (unsigned d = 18; d <= 24; ++d) {
        EXPECT_FALSE(calendar.IsWorkingDay(2026y / March / day{d})) << "March " << d;
    }
    EXPECT_TRUE(calendar.IsWorkingDay(2026y / March / 25));
    EXPECT_EQ(calendar.NextWorkingDay(2026y / March / 17), 2026y / March / 25);
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / March / 17, 2026y / March / 25), 1);
}

TEST(WorkCalendar2026, OneWorkingDayBeforeTheMarchBreakIsDueAfterIt) {
    auto calendar = Calendar2026();
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 17, 10, 0), 1, kWib), Wib(2026y / March / 25, 16, 0));
    // Three working days from Monday 16 March: 17, 25, 26.
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 16, 9, 0), 3, kWib), Wib(2026y / March / 26, 16, 0));
}

TEST(WorkCalendar2026, FridaySubmissionIsDueOnTheFollowingWorkingDays) {
    auto calendar = Calendar2026();
    auto friday = Wib(2026y / March / 6, 10, 0);
    EXPECT_EQ(calendar.AddWorkingDays(friday, 0, kWib), Wib(2026y / March / 6, 16, 30));  // same day: Friday close
    EXPECT_EQ(calendar.AddWorkingDays(friday, 1, kWib), Wib(2026y / March / 9, 16, 0));   // Monday
    EXPECT_EQ(calendar.AddWorkingDays(friday, 3, kWib), Wib(2026y / March / 11, 16, 0));  // Wednesday
}

TEST(WorkCalendar2026, SubmissionAfterClosingCountsFromTheNextWorkingDay) {
    auto calendar = Calendar2026();
    // Friday 17:00 counts as received Monday: one working day later is Tuesday.
    EXPECT_EQ(calendar.SubmissionDay(Wib(2026y / March / 6, 17, 0), kWib), 2026y / March / 9);
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 6, 17, 0), 1, kWib), Wib(2026y / March / 10, 16, 0));
    // Closing time itself is after hours; a minute before is not.
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 9, 16, 0), 1, kWib), Wib(2026y / March / 11, 16, 0));
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 9, 15, 59), 1, kWib), Wib(2026y / March / 10, 16, 0));
    // Before opening counts for that same day.
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 9, 6, 0), 1, kWib), Wib(2026y / March / 10, 16, 0));
    // A Sunday submission counts from Monday.
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 8, 11, 0), 0, kWib), Wib(2026y / March / 9, 16, 0));
}

TEST(WorkCalendar2026, YearWithoutHolidayDataCountsEveryWeekday) {
    auto calendar = Calendar2026();
    EXPECT_FALSE(calendar.HasHolidayData(2027y));
    // Wednesday 23 Dec 2026: 24 (cuti), 25 (Christmas), 26-27 (weekend) are skipped; then 28, 29, 30, 31.
    auto start = Wib(2026y / December / 23, 10, 0);
    EXPECT_EQ(calendar.AddWorkingDays(start, 4, kWib), Wib(2026y / December / 31, 16, 0));
    // 1 January 2027 is New Year, but 2027 is not loaded: it counts as an ordinary Friday.
    EXPECT_TRUE(calendar.IsWorkingDay(2027y / January / 1));
    EXPECT_EQ(calendar.AddWorkingDays(start, 5, kWib), Wib(2027y / January / 1, 16, 30));
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / December / 23, 2027y / January / 4), 6);
}

TEST(WorkCalendar, WorkingDaysBetweenIsZeroForTheSameDayAndMirroredBackwards) {
    WorkCalendar calendar;
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / March / 9, 2026y / March / 9), 0);
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / March / 6, 2026y / March / 13), 5);
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / March / 13, 2026y / March / 6), -5);
}

TEST(WorkCalendar, IsOpenOnlyWithinHoursAndOutsideTheBreak) {
    WorkCalendar calendar;
    auto monday = 2026y / March / 9;
    EXPECT_FALSE(calendar.IsOpenAt(Wib(monday, 7, 29), kWib));
    EXPECT_TRUE(calendar.IsOpenAt(Wib(monday, 7, 30), kWib));
    EXPECT_TRUE(calendar.IsOpenAt(Wib(monday, 11, 59), kWib));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(monday, 12, 0), kWib));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(monday, 12, 59), kWib));
    EXPECT_TRUE(calendar.IsOpenAt(Wib(monday, 13, 0), kWib));
    EXPECT_TRUE(calendar.IsOpenAt(Wib(monday, 16, 0) - core::Millis{1}, kWib));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(monday, 16, 0), kWib));
    auto friday = 2026y / March / 13;
    EXPECT_FALSE(calendar.IsOpenAt(Wib(friday, 11, 30), kWib));  // Friday prayer break
    EXPECT_TRUE(calendar.IsOpenAt(Wib(friday, 16, 15), kWib));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(2026y / March / 14, 10, 0), kWib));  // Saturday
}

TEST(WorkCalendar, OpeningHoursAreLocalToTheGivenOffset) {
    WorkCalendar calendar;
    // 00:00 UTC on a Monday is 07:00 in WIB (not open yet) and 08:00 in WITA (open).
    auto t = *core::ParseIso8601("2026-03-09T00:00:00Z");
    EXPECT_FALSE(calendar.IsOpenAt(t, core::kWib));
    EXPECT_TRUE(calendar.IsOpenAt(t, core::kWita));
    EXPECT_EQ(calendar.NextOpening(t, core::kWib), *core::ParseIso8601("2026-03-09T07:30:00+07:00"));
}

TEST(WorkCalendar2026, NextOpeningSkipsBreaksNightsAndHolidays) {
    auto calendar = Calendar2026();
    auto monday = 2026y / March / 9;
    EXPECT_EQ(calendar.NextOpening(Wib(monday, 9, 15), kWib), Wib(monday, 9, 15));  // open now
    EXPECT_EQ(calendar.NextOpening(Wib(monday, 6, 0), kWib), Wib(monday, 7, 30));
    EXPECT_EQ(calendar.NextOpening(Wib(monday, 12, 10), kWib), Wib(monday, 13, 0));
    EXPECT_EQ(calendar.NextOpening(Wib(2026y / March / 13, 16, 30), kWib), Wib(2026y / March / 16, 7, 30));
    EXPECT_EQ(calendar.NextOpening(Wib(2026y / March / 17, 16, 5), kWib), Wib(2026y / March / 25, 7, 30));
}

TEST(WorkCalendar2026, WorkingTimeCountsOnlyOpenTime) {
    auto calendar = Calendar2026();
    auto monday = 2026y / March / 9;
    EXPECT_EQ(calendar.WorkingTimeBetween(Wib(monday, 7, 30), Wib(2026y / March / 10, 7, 30), kWib),
              hours{7} + minutes{30});
    EXPECT_EQ(calendar.WorkingTimeBetween(Wib(monday, 11, 0), Wib(monday, 14, 0), kWib), hours{2});
    // Friday 16:00 to Monday 08:00: 30 minutes on Friday, 30 on Monday.
    EXPECT_EQ(calendar.WorkingTimeBetween(Wib(2026y / March / 13, 16, 0), Wib(2026y / March / 16, 8, 0), kWib),
              hours{1});
    // Tuesday 15:00 to Wednesday 25 March 08:00 spans the seven-day break.
    EXPECT_EQ(calendar.WorkingTimeBetween(Wib(2026y / March / 17, 15, 0), Wib(2026y / March / 25, 8, 0), kWib),
              minutes{90});
    EXPECT_EQ(calendar.WorkingTimeBetween(Wib(monday, 14, 0), Wib(monday, 11, 0), kWib), -hours{2});
}

TEST(WorkCalendar2026, AddingWorkingTimeIsTheInverseOfMeasuringIt) {
    auto calendar = Calendar2026();
    auto start = Wib(2026y / March / 9, 15, 0);
    auto due = calendar.AddWorkingTime(start, hours{2}, kWib);
    EXPECT_EQ(due, Wib(2026y / March / 10, 8, 30));
    EXPECT_EQ(calendar.WorkingTimeBetween(start, due, kWib), hours{2});
    // Counting starts at the next opening; zero time is that opening.
    EXPECT_EQ(calendar.AddWorkingTime(Wib(2026y / March / 9, 12, 30), core::Millis{0}, kWib),
              Wib(2026y / March / 9, 13, 0));
    // Time that ends exactly at closing is due at closing, not the next morning.
    EXPECT_EQ(calendar.AddWorkingTime(Wib(2026y / March / 9, 15, 0), hours{1}, kWib), Wib(2026y / March / 9, 16, 0));
    EXPECT_THROW((void)calendar.AddWorkingTime(start, -hours{1}, kWib), std::invalid_argument);
    EXPECT_THROW((void)calendar.AddWorkingDays(start, -1, kWib), std::invalid_argument);
}

TEST(WorkCalendar, OverrideOpensASaturdayWithItsOwnHours) {
    WorkCalendar calendar;
    auto saturday = 2026y / March / 14;
    ASSERT_TRUE(calendar.SetOverride(
        {saturday, true, WorkingHours{hours{8}, hours{12}, hours{12}, hours{12}}, "Layanan Sabtu"}));
    EXPECT_TRUE(calendar.IsWorkingDay(saturday));
    EXPECT_TRUE(calendar.IsOpenAt(Wib(saturday, 11, 0), kWib));
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 13, 10, 0), 1, kWib), Wib(saturday, 12, 0));
    calendar.ClearOverride(saturday);
    EXPECT_FALSE(calendar.IsWorkingDay(saturday));
}

TEST(WorkCalendar, WorkingOverrideOnAClosedWeekdayNeedsHours) {
    WorkCalendar calendar;
    auto result = calendar.SetOverride({2026y / March / 14, true, std::nullopt, "Layanan Sabtu"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "calendar_override_needs_hours");
    EXPECT_EQ(calendar.OverrideOn(2026y / March / 14), nullptr);
}

TEST(WorkCalendar2026, OverrideWinsOverAHolidayAndTakesTheWeekdayHours) {
    auto calendar = Calendar2026();
    auto cuti = 2026y / March / 18;  // Wednesday
    ASSERT_TRUE(calendar.SetOverride({cuti, true, std::nullopt, "Pelayanan darurat"}));
    EXPECT_TRUE(calendar.IsWorkingDay(cuti));
    EXPECT_EQ(calendar.HoursOn(cuti), DefaultSchedule().On(Wednesday));
    EXPECT_EQ(calendar.SpecialDayOn(cuti)->kind, DayKind::kCutiBersama);  // still known as cuti bersama
}

TEST(WorkCalendar, OverrideClosesAWorkingDayOrShortensItsHours) {
    WorkCalendar calendar;
    ASSERT_TRUE(calendar.SetOverride({2026y / March / 10, false, std::nullopt, "Banjir"}));
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / March / 10));
    ASSERT_TRUE(calendar.SetOverride(
        {2026y / March / 11, true, WorkingHours{hours{8}, hours{15}, hours{12}, hours{12} + minutes{30}}, "Ramadan"}));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(2026y / March / 11, 7, 45), kWib));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(2026y / March / 11, 15, 30), kWib));
    EXPECT_EQ(calendar.AddWorkingDays(Wib(2026y / March / 9, 10, 0), 1, kWib), Wib(2026y / March / 11, 15, 0));
    auto with_hours = calendar.SetOverride({2026y / March / 12, false, WorkingHours{}, "Tutup"});
    ASSERT_FALSE(with_hours);
    EXPECT_EQ(with_hours.error().code, "calendar_field_invalid");
}

TEST(WorkCalendar, LocalClosureClosesTheDayAndADateHoldsOneSpecialDay) {
    WorkCalendar calendar;
    ASSERT_TRUE(calendar.AddSpecialDay({2026y / March / 10, DayKind::kLocalClosure, {"Hari Jadi Kota", "City day"}}));
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / March / 10));
    auto again = calendar.AddSpecialDay({2026y / March / 10, DayKind::kLocalClosure, {"Lagi", "Again"}});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "calendar_duplicate_day");
    EXPECT_EQ(calendar.SpecialDayOn(2026y / March / 10)->name.id, "Hari Jadi Kota");
    auto unnamed = calendar.AddSpecialDay({2026y / March / 11, DayKind::kLocalClosure, {"", "x"}});
    EXPECT_FALSE(unnamed);
}

TEST(WorkCalendar, ScheduleMustOpenSomeWeekdayWithOrderedHours) {
    WorkCalendar calendar;
    auto closed = calendar.SetSchedule(WeeklySchedule{});
    ASSERT_FALSE(closed);
    EXPECT_EQ(closed.error().code, "calendar_no_working_weekday");
    WeeklySchedule backwards;
    backwards.On(Monday) = WorkingHours{hours{16}, hours{8}, hours{12}, hours{13}};
    auto bad = calendar.SetSchedule(backwards);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "calendar_hours_invalid");
    EXPECT_EQ(calendar.schedule(), DefaultSchedule());  // unchanged
    WeeklySchedule break_outside;
    break_outside.On(Monday) = WorkingHours{hours{8}, hours{12}, hours{12}, hours{13}};
    EXPECT_FALSE(calendar.SetSchedule(break_outside));
}

TEST(WorkCalendar, ParsesAndFormatsTimesOfDay) {
    EXPECT_EQ(ParseTimeOfDay("07:30"), minutes{450});
    EXPECT_EQ(ParseTimeOfDay("24:00"), minutes{1440});
    EXPECT_FALSE(ParseTimeOfDay("24:01"));
    EXPECT_FALSE(ParseTimeOfDay("7:30"));
    EXPECT_FALSE(ParseTimeOfDay("07:60"));
    EXPECT_FALSE(ParseTimeOfDay("07-30"));
    EXPECT_EQ(FormatTimeOfDay(minutes{450}), "07:30");
}

}  // namespace
}  // namespace layan::domain::calendar
