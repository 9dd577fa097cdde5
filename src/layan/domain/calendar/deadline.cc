#include "layan/domain/calendar/deadline.h"

#include <stdexcept>

#include <fmt/format.h>

namespace layan::domain::calendar {

using namespace std::chrono;

std::string_view ToString(DeadlineUnit unit) {
    switch (unit) {
        case DeadlineUnit::kCalendarDays:
            return "calendar_days";
        case DeadlineUnit::kWorkingDays:
            return "working_days";
        case DeadlineUnit::kClockHours:
            return "clock_hours";
        case DeadlineUnit::kWorkingHours:
            return "working_hours";
    }
    return "working_days";
}

std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view text) {
    for (auto unit : {DeadlineUnit::kCalendarDays, DeadlineUnit::kWorkingDays, DeadlineUnit::kClockHours,
                      DeadlineUnit::kWorkingHours}) {
        if (ToString(unit) == text) {
            return unit;
        }
    }
    return std::nullopt;
}

core::Result<DeadlineRule> MakeDeadlineRule(DeadlineUnit unit, int amount) {
    if (amount < 0) {
        return core::Fail(
            core::ErrorKind::kInvalid, "deadline_amount_negative",
            fmt::format("A deadline cannot be {} {} away: the amount must be 0 or more.", amount, ToString(unit)));
    }
    return DeadlineRule{unit, amount};
}

core::Instant Deadline(const WorkCalendar& calendar, const DeadlineRule& rule, core::Instant start,
                       core::UtcOffset offset) {
    if (rule.amount < 0) {
        throw std::invalid_argument("Deadline: rule.amount must not be negative");
    }
    switch (rule.unit) {
        case DeadlineUnit::kCalendarDays: {
            sys_days last_day = sys_days{core::LocalDate(start, offset)} + days{rule.amount};
            return core::FromLocal(year_month_day{last_day + days{1}}, minutes{0}, offset) - core::Millis{1};
        }
        case DeadlineUnit::kWorkingDays:
            return calendar.AddWorkingDays(start, rule.amount, offset);
        case DeadlineUnit::kClockHours:
            return start + hours{rule.amount};
        case DeadlineUnit::kWorkingHours:
            return calendar.AddWorkingTime(start, hours{rule.amount}, offset);
    }
    return calendar.AddWorkingDays(start, rule.amount, offset);
}

}  // namespace layan::domain::calendar
