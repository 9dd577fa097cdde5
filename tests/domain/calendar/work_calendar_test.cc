#include "layan/domain/calendar/work_calendar.h"

#include <random>

#include <gtest/gtest.h>

#include "calendar_2026.h"

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;
using core::kWib;

using fixtures::Calendar2026;
using fixtures::Wib;

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
        auto day = calendar.SpecialDayOn(d);
        return day ? day->name.id : std::string{"(none)"};
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

TEST(WorkCalendar2026, AYearWithoutItsListKeepsTheFixedDateHolidaysAndIsProvisional) {
    auto calendar = Calendar2026();
    ASSERT_FALSE(calendar.HasHolidayData(2027y));
    // Wednesday 23 Dec 2026: 24 (cuti), 25 (Christmas), 26-27 (weekend) are skipped; then 28, 29, 30, 31.
    auto start = Wib(2026y / December / 23, 10, 0);
    EXPECT_EQ(calendar.AddWorkingDays(start, 4, kWib), Wib(2026y / December / 31, 16, 0));
    // 1 January 2027 is New Year's Day although 2027's list is not loaded: the fifth day is Monday 4 January.
    EXPECT_FALSE(calendar.IsWorkingDay(2027y / January / 1));
    EXPECT_EQ(calendar.SpecialDayOn(2027y / January / 1)->name.id, "Tahun Baru 2027 Masehi");
    EXPECT_EQ(calendar.AddWorkingDays(start, 5, kWib), Wib(2027y / January / 4, 16, 0));
    EXPECT_EQ(calendar.WorkingDaysBetween(2026y / December / 23, 2027y / January / 4), 5);
    // ... and that deadline is provisional: 2027's moving holidays and cuti bersama are unknown.
    EXPECT_TRUE(calendar.IsProvisional(2027y / January / 4));
    EXPECT_TRUE(calendar.IsProvisional(2026y / December / 23, 2027y / January / 4));
    EXPECT_FALSE(calendar.IsProvisional(2026y / December / 23));
    EXPECT_FALSE(calendar.IsProvisional(2026y / March / 1, 2026y / December / 31));
    // Every fixed-date holiday of 2027 closes the office; an ordinary weekday of 2027 stays open.
    for (const auto& day : FixedDateHolidays(2027y)) {
        EXPECT_FALSE(calendar.IsWorkingDay(day.date)) << core::FormatDate(day.date);
        EXPECT_EQ(day.kind, DayKind::kNationalHoliday);
    }
    EXPECT_TRUE(calendar.IsWorkingDay(2027y / January / 5));
    EXPECT_EQ(calendar.SpecialDayOn(2027y / January / 5), std::nullopt);
    // Listing 2027 shows the five days the calendar applies; listing 2026 shows the loaded list only.
    EXPECT_EQ(calendar.SpecialDaysIn(2027y), FixedDateHolidays(2027y));
    EXPECT_EQ(calendar.SpecialDaysIn(2026y).size(), 25U);
}

TEST(WorkCalendar2026, ALoadedYearUsesItsListNotTheFixedDates) {
    // A year's list is the truth once loaded: if it (say, by a moved holiday) leaves 17 August open,
    // the fixed date does not close it.
    auto calendar = WorkCalendar::FromJson(R"({"years": [2027], "days": [
        {"date": "2027-01-01", "kind": "national_holiday", "name": {"id": "Tahun Baru 2027 Masehi"}}]})");
    ASSERT_TRUE(calendar) << calendar.error().message;
    EXPECT_FALSE(calendar->IsProvisional(2027y / August / 17));
    EXPECT_TRUE(calendar->IsWorkingDay(2027y / August / 17));  // a Tuesday
    EXPECT_FALSE(calendar->IsWorkingDay(2027y / January / 1));
}

TEST(WorkCalendar2026, AnOverrideOpensAFixedDateHolidayOfAYearWithoutData) {
    auto calendar = Calendar2026();
    ASSERT_TRUE(calendar.SetOverride({2027y / January / 1, true, std::nullopt, "Layanan khusus"}));
    EXPECT_TRUE(calendar.IsWorkingDay(2027y / January / 1));
}

TEST(WorkCalendar2026, WarnsOfAMissingYearFromTheFirstOfOctoberBefore) {
    auto calendar = Calendar2026();
    EXPECT_TRUE(calendar.YearsToWarn(2026y / September / 30).empty());
    EXPECT_EQ(calendar.YearsToWarn(2026y / October / 1), std::vector<year>{2027y});
    EXPECT_EQ(calendar.YearsToWarn(2026y / December / 5), std::vector<year>{2027y});
    EXPECT_EQ(calendar.YearsToWarn(2027y / March / 1), std::vector<year>{2027y});
    EXPECT_EQ(calendar.YearsToWarn(2027y / November / 1), (std::vector<year>{2027y, 2028y}));
    // Without any data, even the current year warns.
    EXPECT_EQ(WorkCalendar{}.YearsToWarn(2026y / January / 2), std::vector<year>{2026y});
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

TEST(WorkCalendar, ScheduleNeedsOrderedHours) {
    WorkCalendar calendar;
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

TEST(WorkCalendar, AWeekWithoutWorkingDaysIsClosedAndSearchesRefuseToRunForever) {
    WorkCalendar calendar;
    ASSERT_TRUE(calendar.SetSchedule(WeeklySchedule{}));  // a hall closed until further notice
    EXPECT_FALSE(calendar.IsWorkingDay(2026y / March / 9));
    EXPECT_FALSE(calendar.IsOpenAt(Wib(2026y / March / 9, 10, 0), kWib));
    EXPECT_THROW((void)calendar.NextWorkingDay(2026y / March / 9), std::domain_error);
    EXPECT_THROW((void)calendar.AddWorkingDays(Wib(2026y / March / 9, 10, 0), 1, kWib), std::domain_error);
    EXPECT_THROW((void)calendar.NextOpening(Wib(2026y / March / 9, 10, 0), kWib), std::domain_error);
    EXPECT_THROW((void)calendar.AddWorkingTime(Wib(2026y / March / 9, 10, 0), hours{1}, kWib), std::domain_error);
    // One day opened by an override is found; after it, nothing.
    ASSERT_TRUE(calendar.SetOverride(
        {2026y / March / 14, true, WorkingHours{hours{8}, hours{12}, hours{12}, hours{12}}, "Layanan Sabtu"}));
    EXPECT_EQ(calendar.NextWorkingDay(2026y / March / 9), 2026y / March / 14);
    EXPECT_EQ(calendar.NextOpening(Wib(2026y / March / 9, 10, 0), kWib), Wib(2026y / March / 14, 8, 0));
    EXPECT_EQ(calendar.AddWorkingTime(Wib(2026y / March / 9, 10, 0), hours{4}, kWib), Wib(2026y / March / 14, 12, 0));
    EXPECT_THROW((void)calendar.AddWorkingTime(Wib(2026y / March / 9, 10, 0), hours{5}, kWib), std::domain_error);
    EXPECT_THROW((void)calendar.NextWorkingDay(2026y / March / 14), std::domain_error);
    // A calendar document must open some weekday: there, an empty week is a mistake.
    auto document = WorkCalendar::FromJson(R"({"schedule": {"mon": null}})");
    ASSERT_FALSE(document);
    EXPECT_EQ(document.error().code, "calendar_no_working_weekday");
}

/// A random calendar: a week with one to seven working days (random hours, with or without a break), the
/// 2026 list or not, some local closures and overrides across 2026–2028.
WorkCalendar RandomCalendar(std::mt19937& random) {
    auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>{low, high}(random); };
    WorkCalendar calendar = pick(0, 1) == 1 ? Calendar2026() : WorkCalendar{};
    WeeklySchedule week;
    const int first_open = pick(0, 6);
    for (unsigned wd = 0; wd < 7; ++wd) {
        if (static_cast<int>(wd) == first_open || pick(0, 2) > 0) {
            const minutes open{pick(0, 10 * 60)};
            const minutes close = open + minutes{pick(60, 12 * 60)};
            const bool has_break = pick(0, 1) == 1;
            const minutes break_start = has_break ? open + (close - open) / 3 : close;
            const minutes break_end = has_break ? break_start + minutes{pick(0, 60)} : close;
            week.days.at(wd) = WorkingHours{open, std::min(close, minutes{24 * 60}), break_start,
                                            std::min(break_end, std::min(close, minutes{24 * 60}))};
        }
    }
    EXPECT_TRUE(calendar.SetSchedule(week));
    for (int i = pick(0, 12); i > 0; --i) {
        const Date date{sys_days{2026y / January / 1} + days{pick(0, 3 * 365)}};
        if (pick(0, 1) == 1) {
            (void)calendar.AddSpecialDay({date, DayKind::kLocalClosure, {"Tutup", "Closed"}});
        } else {
            (void)calendar.SetOverride({date, false, std::nullopt, "Tutup"});
        }
    }
    return calendar;
}

TEST(WorkCalendarProperty, AddingWorkingDaysThenCountingThemGivesTheSameNumber) {
    std::mt19937 random{20261205};
    const std::array<core::UtcOffset, 3> offsets{core::kWib, core::kWita, core::kWit};
    for (int round = 0; round < 300; ++round) {
        const auto calendar = RandomCalendar(random);
        const auto offset = offsets.at(round % 3);
        const core::Instant start = core::FromLocal(
            Date{sys_days{2026y / January / 1} + days{std::uniform_int_distribution<int>{0, 2 * 365}(random)}},
            minutes{std::uniform_int_distribution<int>{0, 24 * 60 - 1}(random)}, offset);
        const int n = std::uniform_int_distribution<int>{0, 25}(random);
        const auto due = calendar.AddWorkingDays(start, n, offset);
        const auto due_date = core::LocalDate(due, offset);
        ASSERT_TRUE(calendar.IsWorkingDay(due_date)) << "round " << round;
        EXPECT_EQ(due, core::FromLocal(due_date, calendar.HoursOn(due_date)->close, offset)) << "round " << round;
        EXPECT_EQ(calendar.WorkingDaysBetween(calendar.SubmissionDay(start, offset), due_date), n) << "round " << round;
        // ... and adding open time, then measuring it, gives the same amount.
        const core::Millis amount{std::uniform_int_distribution<std::int64_t>{0, 40LL * 3600 * 1000}(random)};
        const auto reached = calendar.AddWorkingTime(start, amount, offset);
        EXPECT_EQ(calendar.WorkingTimeBetween(start, reached, offset), amount) << "round " << round;
        EXPECT_EQ(calendar.IsProvisional(core::LocalDate(start, offset), due_date),
                  !calendar.HasHolidayData(core::LocalDate(start, offset).year()) ||
                      !calendar.HasHolidayData(due_date.year()))
            << "round " << round;
    }
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
