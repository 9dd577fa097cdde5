#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"

namespace layan::domain::calendar {

/// A local calendar date (the tenant's date, not UTC).
using Date = std::chrono::year_month_day;

/// The hours of one working day, in minutes since local midnight. The office is open in
/// [open, break_start) and [break_end, close); break_start == break_end means no break.
struct WorkingHours {
    std::chrono::minutes open{7 * 60 + 30};
    std::chrono::minutes close{16 * 60};
    std::chrono::minutes break_start{12 * 60};
    std::chrono::minutes break_end{13 * 60};

    /// Time the office is open that day: close - open - break.
    [[nodiscard]] std::chrono::minutes OpenDuration() const { return close - open - (break_end - break_start); }

    friend bool operator==(const WorkingHours&, const WorkingHours&) = default;
};

/// Parses a local time of day "HH:MM" (00:00..24:00; 24:00 is the end of the day); nullopt otherwise.
[[nodiscard]] std::optional<std::chrono::minutes> ParseTimeOfDay(std::string_view text);

/// "07:30" for 450 minutes.
[[nodiscard]] std::string FormatTimeOfDay(std::chrono::minutes time_of_day);

/// Ok when 00:00 <= open <= break_start <= break_end <= close <= 24:00 and open < close;
/// otherwise ErrorKind::kInvalid, code "calendar_hours_invalid".
[[nodiscard]] core::Status Validate(const WorkingHours& hours);

/// The hours of each weekday; nullopt means closed on that weekday.
struct WeeklySchedule {
    std::array<std::optional<WorkingHours>, 7> days{};  ///< Indexed by weekday::c_encoding() (0 = Sunday).

    [[nodiscard]] const std::optional<WorkingHours>& On(std::chrono::weekday wd) const {
        return days.at(wd.c_encoding());
    }
    [[nodiscard]] std::optional<WorkingHours>& On(std::chrono::weekday wd) { return days.at(wd.c_encoding()); }

    friend bool operator==(const WeeklySchedule&, const WeeklySchedule&) = default;
};

/// The weekly schedule of a hall from its catalog opening hours. A weekday's periods are sorted and
/// merged where they overlap or touch; the day opens with the first and closes with the last, and the
/// gap between the first two is its break. A third period cannot be expressed (a day has one break):
/// its gaps count as open, and the catalog refuses such hours (store/catalog_json.cc).
[[nodiscard]] WeeklySchedule WeekOf(const std::vector<catalog::OpeningHours>& opening_hours);

/// layan's default office week: Monday–Thursday 07:30–16:00 with a break 12:00–13:00, Friday 07:30–16:30
/// with a break 11:30–13:00 (7.5 hours each day, 37.5 a week), closed on Saturday and Sunday.
[[nodiscard]] WeeklySchedule DefaultSchedule();

/// Why a date is closed.
enum class DayKind {
    kNationalHoliday,  ///< Hari libur nasional (SKB of three ministers).
    kCutiBersama,      ///< Collective leave (SKB of three ministers).
    kLocalClosure,     ///< Closed by the hall or unit (local holiday, renovation, ...).
};

/// "national_holiday", "cuti_bersama", "local_closure".
[[nodiscard]] std::string_view ToString(DayKind kind);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<DayKind> ParseDayKind(std::string_view text);

/// A dated closure with its name, e.g. 2026-03-19 "Hari Suci Nyepi (Tahun Baru Saka 1948)".
struct SpecialDay {
    Date date{};
    DayKind kind = DayKind::kNationalHoliday;
    catalog::LocalizedText name;

    friend bool operator==(const SpecialDay&, const SpecialDay&) = default;
};

/// The national holidays that fall on the same date every year (set by presidential decrees): New Year's
/// Day, Labour Day, Pancasila Day, Independence Day and Christmas, named for `year`. They stand in for
/// a year whose national list is not loaded.
[[nodiscard]] std::vector<SpecialDay> FixedDateHolidays(std::chrono::year year);

/// Why an office is closed all day on a date: a special day (its kind and name) or an administrator's
/// override (kind nullopt; the name is the override's reason).
struct Closure {
    std::optional<DayKind> kind;  ///< nullopt: closed by an override.
    catalog::LocalizedText name;

    friend bool operator==(const Closure&, const Closure&) = default;
};

/// "national_holiday", "cuti_bersama", "local_closure" or "override".
[[nodiscard]] std::string_view KindName(const Closure& closure);

/// An administrator's decision for one date, which wins over the weekly schedule and special days:
/// a closed date made working (e.g. a Saturday service day), a working date closed, or a working
/// date with other hours (e.g. shorter hours in Ramadan).
struct DayOverride {
    Date date{};
    bool working = false;
    std::optional<WorkingHours> hours;  ///< Only when working; nullopt = that weekday's regular hours.
    std::string reason;

    friend bool operator==(const DayOverride&, const DayOverride&) = default;
};

/// The working calendar of a hall or unit: a weekly schedule, holidays and cuti bersama, local
/// closures and admin overrides. Pure: dates are local dates, instants are converted with the
/// UtcOffset passed to each call (so one calendar serves halls in WIB, WITA and WIT alike).
///
/// A date is a working day when an override says so, else when it is not a special day and its
/// weekday has hours. A year whose national list is not loaded (HasHolidayData false) is not taken
/// as a year without holidays: its fixed-date holidays (FixedDateHolidays: 1 January, 1 May, 1 June,
/// 17 August, 25 December) still close the office, and every date in it is provisional
/// (IsProvisional), because its moving holidays and cuti bersama are unknown. YearsToWarn says
/// which years an administrator must load.
///
/// A week without any working weekday is allowed (a hall closed until further notice). Searching
/// forward (NextWorkingDay, NextOpening, AddWorkingTime, AddWorkingDays, SubmissionDay) on such a
/// calendar past its last working override throws std::domain_error: there is no answer.
class WorkCalendar {
public:
    /// The default schedule, no special days, no overrides, no holiday data.
    WorkCalendar() = default;

    /// Builds a calendar from one JSON document (format in data/calendar/README.md), starting from
    /// the default schedule. Errors: "calendar_json_malformed" (kMalformed), "calendar_field_invalid"
    /// (details.path names the field) and the errors of SetSchedule, AddSpecialDay and SetOverride.
    [[nodiscard]] static core::Result<WorkCalendar> FromJson(std::string_view json_text);

    /// Layers another JSON document on this calendar (e.g. a hall's closures on top of the national
    /// file): its "schedule" replaces the weekly schedule, its days and overrides are added. All or
    /// nothing: on error the calendar is unchanged.
    [[nodiscard]] core::Status MergeJson(std::string_view json_text);

    /// Replaces the weekly schedule. Errors: "calendar_hours_invalid". A week without any working weekday
    /// is accepted (see the class comment); calendar documents refuse it (FromJson, MergeJson).
    [[nodiscard]] core::Status SetSchedule(const WeeklySchedule& schedule);

    /// Adds a holiday, cuti bersama or local closure. Errors: "calendar_duplicate_day" when the date
    /// already has one, "calendar_field_invalid" for a date that does not exist or an empty name.id.
    [[nodiscard]] core::Status AddSpecialDay(SpecialDay day);

    /// Sets (or replaces) the override of a date. A working override without hours takes the
    /// weekday's regular hours as they are now. Errors: "calendar_override_needs_hours" (working on a
    /// weekday without regular hours), "calendar_hours_invalid", "calendar_field_invalid" (hours on a
    /// non-working override, or a date that does not exist).
    [[nodiscard]] core::Status SetOverride(DayOverride day_override);

    /// Removes the override of a date, if any.
    void ClearOverride(Date date);

    /// Replaces the national holidays and cuti bersama of `year` by `holidays` (a corrected or newly published
    /// national list) and records the year as loaded; local closures stay. All or nothing. Errors:
    /// "calendar_field_invalid" (a day outside `year`, a local closure, or as AddSpecialDay),
    /// "calendar_duplicate_day" (two days on one date, or a day on a local closure's date).
    [[nodiscard]] core::Status ReplaceHolidayYear(std::chrono::year year, const std::vector<SpecialDay>& holidays);
    /// Records that the national holidays and cuti bersama of `year` are fully loaded.
    void MarkHolidayDataComplete(std::chrono::year year) { holiday_years_.insert(static_cast<int>(year)); }

    /// True when the holidays of `year` are loaded; false means holidays there are unknown.
    [[nodiscard]] bool HasHolidayData(std::chrono::year year) const {
        return holiday_years_.contains(static_cast<int>(year));
    }

    /// True when `date` falls in a year without holiday data: whether it is a working day may change
    /// once that year's national list is loaded.
    [[nodiscard]] bool IsProvisional(Date date) const { return !HasHolidayData(date.year()); }

    /// True when any date in [from, to] (either order) is provisional: a working-day deadline counted
    /// across those dates may move once the missing years are loaded.
    [[nodiscard]] bool IsProvisional(Date from, Date to) const;

    /// The years an administrator must load holiday data for, seen on `today`: this year when it has
    /// none, and from 1 October also next year when it has none (deadlines then reach into it).
    [[nodiscard]] std::vector<std::chrono::year> YearsToWarn(Date today) const;

    [[nodiscard]] const WeeklySchedule& schedule() const { return schedule_; }

    /// The special day on `date`: a loaded one, else in a year without holiday data the fixed-date
    /// holiday on that date; nullopt when none.
    [[nodiscard]] std::optional<SpecialDay> SpecialDayOn(Date date) const;

    /// The override on `date`, or nullptr.
    [[nodiscard]] const DayOverride* OverrideOn(Date date) const;

    /// The years whose national holidays are loaded, ascending.
    [[nodiscard]] std::vector<std::chrono::year> HolidayYears() const;
    /// Why the office is closed all day on `date` (an override's reason, else the special day); nullopt
    /// when it works that day, or when it is closed only because its week has no hours on that weekday.
    [[nodiscard]] std::optional<Closure> ClosureOn(Date date) const;

    /// All special days of a year, in date order, with the fixed-date holidays when the year has no
    /// holiday data.
    [[nodiscard]] std::vector<SpecialDay> SpecialDaysIn(std::chrono::year year) const;

    /// The hours the office keeps on `date`; nullopt when it is not a working day.
    [[nodiscard]] std::optional<WorkingHours> HoursOn(Date date) const;

    /// True when the office works on `date` at all.
    [[nodiscard]] bool IsWorkingDay(Date date) const { return HoursOn(date).has_value(); }

    /// The first working day strictly after `date`.
    [[nodiscard]] Date NextWorkingDay(Date date) const;

    /// The number of working days d with from < d <= to (negative, mirrored, when to < from).
    /// So WorkingDaysBetween(d, NextWorkingDay(d)) == 1 and WorkingDaysBetween(d, d) == 0.
    [[nodiscard]] int WorkingDaysBetween(Date from, Date to) const;

    /// True when `t` is inside the opening hours of a working day and outside its break.
    [[nodiscard]] bool IsOpenAt(core::Instant t, core::UtcOffset offset) const;

    /// The earliest instant >= t at which the office is open (t itself when open at t; the end of the
    /// break during a break; the next working day's opening after closing time).
    [[nodiscard]] core::Instant NextOpening(core::Instant t, core::UtcOffset offset) const;

    /// Open time (breaks, nights, closed days excluded) in [from, to); negative when to < from.
    /// For SLA clocks measured in working hours.
    [[nodiscard]] core::Millis WorkingTimeBetween(core::Instant from, core::Instant to, core::UtcOffset offset) const;

    /// The instant at which `amount` of open time has elapsed since `start` (counting starts at
    /// NextOpening(start)). AddWorkingTime(t, 0) == NextOpening(t). Throws std::invalid_argument
    /// when amount is negative (a programmer error: rules are validated when parsed).
    [[nodiscard]] core::Instant AddWorkingTime(core::Instant start, core::Millis amount, core::UtcOffset offset) const;

    /// The deadline of something submitted at `start` and due within `n` working days: the closing
    /// time of the n-th working day after the day of submission. The day of submission is the local
    /// date of `start` when that is a working day and `start` is before its closing time (a
    /// submission before opening counts for that day); otherwise (after closing time, or on a closed
    /// day) it is the next working day. n == 0 means "same day": closing time of the day of
    /// submission. Example (default schedule): Friday 10:00 + 1 → Monday 16:00; Friday 17:00 + 1 →
    /// Tuesday 16:00. Throws std::invalid_argument when n < 0.
    [[nodiscard]] core::Instant AddWorkingDays(core::Instant start, int n, core::UtcOffset offset) const;

    /// The day of submission as defined for AddWorkingDays.
    [[nodiscard]] Date SubmissionDay(core::Instant start, core::UtcOffset offset) const;

private:
    /// Throws std::domain_error when no date after `date` can be a working day (a week without working
    /// weekdays and no later working override): a forward search from `date` would never end.
    void RequireOpensAfter(Date date) const;

    WeeklySchedule schedule_ = DefaultSchedule();
    std::map<std::chrono::sys_days, SpecialDay> special_days_;
    std::map<std::chrono::sys_days, DayOverride> overrides_;
    std::set<int> holiday_years_;
};

}  // namespace layan::domain::calendar
