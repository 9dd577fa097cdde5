#include "layan/domain/calendar/deadline.h"

#include <gtest/gtest.h>

#include "calendar_2026.h"

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;
using core::kWib;

using fixtures::Wib;

/// The 2026 March break only (cuti bersama and holidays 18–24 March), on the default week.
WorkCalendar MarchBreak() {
    WorkCalendar calendar;
    calendar.MarkHolidayDataComplete(2026y);
    for (unsigned d = 18; d <= 24; ++d) {
        auto added = calendar.AddSpecialDay({2026y / March / day{d}, DayKind::kCutiBersama, {"Libur", "Holiday"}});
        if (!added) {
            throw std::runtime_error(added.error().message);
        }
    }
    return calendar;
}

TEST(Deadline, CalendarDaysRunThroughHolidaysAndEndAtLocalMidnight) {
    auto calendar = MarchBreak();
    auto start = Wib(2026y / March / 17, 10, 0);
    EXPECT_EQ(Deadline(calendar, {DeadlineUnit::kCalendarDays, 7}, start, kWib),
              Wib(2026y / March / 25, 0, 0) - core::Millis{1});
    EXPECT_EQ(Deadline(calendar, {DeadlineUnit::kCalendarDays, 0}, start, kWib),
              Wib(2026y / March / 18, 0, 0) - core::Millis{1});
    // An evening submission does not move a calendar-day deadline.
    EXPECT_EQ(Deadline(calendar, {DeadlineUnit::kCalendarDays, 1}, Wib(2026y / March / 17, 23, 0), kWib),
              Wib(2026y / March / 19, 0, 0) - core::Millis{1});
}

TEST(Deadline, WorkingDaysSkipTheBreak) {
    auto calendar = MarchBreak();
    auto start = Wib(2026y / March / 17, 10, 0);
    auto due = Deadline(calendar, {DeadlineUnit::kWorkingDays, 1}, start, kWib);
    EXPECT_EQ(due, Wib(2026y / March / 25, 16, 0));
    EXPECT_EQ(due, calendar.AddWorkingDays(start, 1, kWib));
}

TEST(Deadline, ClockHoursCountEveryHour) {
    auto calendar = MarchBreak();
    auto start = Wib(2026y / March / 17, 10, 0);
    EXPECT_EQ(Deadline(calendar, {DeadlineUnit::kClockHours, 72}, start, kWib), Wib(2026y / March / 20, 10, 0));
}

TEST(Deadline, WorkingHoursCountOnlyOpenTime) {
    auto calendar = MarchBreak();
    // Two hours left on Tuesday 17 March (14:00–16:00), the other two on Wednesday 25 March from 07:30.
    auto start = Wib(2026y / March / 17, 14, 0);
    auto due = Deadline(calendar, {DeadlineUnit::kWorkingHours, 4}, start, kWib);
    EXPECT_EQ(due, Wib(2026y / March / 25, 9, 30));
    EXPECT_EQ(calendar.WorkingTimeBetween(start, due, kWib), hours{4});
}

TEST(Deadline, NegativeAmountIsRejectedWhenTheRuleIsMade) {
    auto rule = MakeDeadlineRule(DeadlineUnit::kWorkingDays, -1);
    ASSERT_FALSE(rule);
    EXPECT_EQ(rule.error().code, "deadline_amount_negative");
    EXPECT_EQ(MakeDeadlineRule(DeadlineUnit::kCalendarDays, 60), (DeadlineRule{DeadlineUnit::kCalendarDays, 60}));
    EXPECT_THROW((void)Deadline(WorkCalendar{}, {DeadlineUnit::kCalendarDays, -1}, core::Instant{}, kWib),
                 std::invalid_argument);
}

TEST(Deadline, UnitsRoundTripThroughText) {
    for (auto unit : {DeadlineUnit::kCalendarDays, DeadlineUnit::kWorkingDays, DeadlineUnit::kClockHours,
                      DeadlineUnit::kWorkingHours}) {
        EXPECT_EQ(ParseDeadlineUnit(ToString(unit)), unit);
    }
    EXPECT_FALSE(ParseDeadlineUnit("days"));
}

}  // namespace
}  // namespace layan::domain::calendar
