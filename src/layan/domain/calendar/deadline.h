#pragma once

#include <optional>
#include <string_view>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/work_calendar.h"

namespace layan::domain::calendar {

/// How a deadline is counted. The law sometimes says "days" (calendar days), SP4N-LAPOR! says working
/// days, personal-data requests say 3×24 hours: each rule chooses.
enum class DeadlineUnit {
    kCalendarDays,  ///< Ends at the end (23:59:59.999 local) of the n-th calendar day after the start's date.
    kWorkingDays,   ///< WorkCalendar::AddWorkingDays: closing time of the n-th working day after submission.
    kClockHours,    ///< Exactly n hours of elapsed time after the start (nights and holidays included).
    kWorkingHours,  ///< n hours of open time (WorkCalendar::AddWorkingTime): for SLA clocks in hours.
};

/// "calendar_days", "working_days", "clock_hours", "working_hours".
[[nodiscard]] std::string_view ToString(DeadlineUnit unit);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view text);

/// "Within `amount` units", e.g. {kWorkingDays, 5} for a follow-up under SP4N-LAPOR!.
struct DeadlineRule {
    DeadlineUnit unit = DeadlineUnit::kWorkingDays;
    int amount = 0;  ///< >= 0; 0 means "same day" for days and "now" for hours.

    friend bool operator==(const DeadlineRule&, const DeadlineRule&) = default;
};

/// A checked rule: Fails with kInvalid, code "deadline_amount_negative", when amount < 0.
[[nodiscard]] core::Result<DeadlineRule> MakeDeadlineRule(DeadlineUnit unit, int amount);

/// The instant by which something started at `start` is due under `rule`; it is on time when done at
/// or before that instant. Calendar days do not move off holidays or weekends (the law counts days);
/// working days and hours follow `calendar`. Throws std::invalid_argument when rule.amount < 0.
[[nodiscard]] core::Instant Deadline(const WorkCalendar& calendar, const DeadlineRule& rule, core::Instant start,
                                     core::UtcOffset offset);

}  // namespace layan::domain::calendar
