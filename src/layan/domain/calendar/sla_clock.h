#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/deadline.h"
#include "layan/domain/calendar/work_calendar.h"

namespace layan::domain::calendar {

/// A span of time [begin, end): begin is inside, end is not.
struct Interval {
    core::Instant begin{};
    core::Instant end{};

    friend bool operator==(const Interval&, const Interval&) = default;
};

/// The service-level clock of one request: a rule ("within 5 working days"), when it started, and when it
/// was paused (e.g. while the citizen completes a file). A plain value folded from the request's events;
/// the deadline is never stored but recomputed by Read, so a closure added to the calendar later moves it.
///
/// Invariants kept by Start, Pause, Resume and Stop: `pauses` are closed, in order, do not overlap and lie
/// in [started, ...); `paused_since` is set only while paused and is not before the last pause's end;
/// `stopped_at` is set once, never while paused (Stop ends the pause first). Read tolerates clocks built by
/// hand that break these: it clips pauses to the start, sorts them and counts overlapping time once.
struct SlaClock {
    DeadlineRule rule{};                        ///< What the clock counts, and how much.
    core::Instant started{};                    ///< When it started (the request was accepted).
    std::vector<Interval> pauses;               ///< Closed pauses, in order.
    std::optional<core::Instant> paused_since;  ///< Set while paused: when the current pause began.
    std::optional<core::Instant> stopped_at;    ///< Set once stopped: when (the product was ready).
    int run = 0;  ///< 0 at start, +1 on every Resume: a scheduler keys its timers by run to drop stale ones.

    friend bool operator==(const SlaClock&, const SlaClock&) = default;
};

/// A running clock with no pauses. Throws std::invalid_argument when rule.amount < 0 (a programmer error:
/// rules are checked by MakeDeadlineRule when they are read).
[[nodiscard]] SlaClock Start(const DeadlineRule& rule, core::Instant at);

/// Pauses a running clock at `at`. Errors: "sla_clock_stopped" (kConflict) when stopped;
/// "sla_clock_already_paused" (kConflict) when paused; "sla_clock_time_invalid" (kInvalid) when `at` is
/// before the start or before the end of the last pause. On error the clock is unchanged.
[[nodiscard]] core::Status Pause(SlaClock& clock, core::Instant at);

/// Resumes a paused clock at `at`: the pause [paused_since, at) is recorded and `run` goes up by one.
/// Errors: "sla_clock_stopped" (kConflict); "sla_clock_not_paused" (kConflict) when running;
/// "sla_clock_time_invalid" (kInvalid) when `at` is before the pause began. On error the clock is unchanged.
[[nodiscard]] core::Status Resume(SlaClock& clock, core::Instant at);

/// Stops the clock for good at `at` (the product is ready); a pause in progress is ended at `at` first
/// (without counting as a resume: `run` stays). Errors: "sla_clock_stopped" (kConflict) when already
/// stopped; "sla_clock_time_invalid" (kInvalid) when `at` is before the start, the pause in progress or the
/// end of the last pause. On error the clock is unchanged.
[[nodiscard]] core::Status Stop(SlaClock& clock, core::Instant at);

/// Where a clock stands, most telling first: stopped, then paused, then overdue, due soon, on track.
enum class SlaState {
    kOnTrack,  ///< Running, before the due-soon threshold.
    kDueSoon,  ///< Running, at or past the threshold, not past the deadline.
    kOverdue,  ///< Running, now is after the deadline.
    kPaused,   ///< Paused (even when the projected deadline has passed: compare `deadline` with now).
    kStopped,  ///< Stopped; it was on time when stopped_at <= deadline.
};

/// "on_track", "due_soon", "overdue", "paused", "stopped".
[[nodiscard]] std::string_view ToString(SlaState state);

/// What a clock reads at one instant. "Counted time" is open time (WorkCalendar::WorkingTimeBetween) for
/// working days and working hours, elapsed time for calendar days and clock hours, in both cases outside
/// pauses.
struct SlaReading {
    core::Instant deadline{};  ///< On time when done at or before this instant.
    bool provisional = false;  ///< A working-unit deadline in or across a year without holiday data.
    SlaState state = SlaState::kOnTrack;
    core::Millis used{0};               ///< Counted time from the start to now (above `allowed` when overdue).
    core::Millis allowed{0};            ///< Counted time from the start to the deadline.
    core::Millis working_time_left{0};  ///< Open time from now to the deadline, whatever the unit; 0 if overdue.
    int working_days_left = 0;    ///< WorkingDaysBetween(today, the deadline's date); 0 on its day or when overdue.
    core::Instant due_soon_at{};  ///< The first instant at which the clock is due soon (for a scheduler).

    friend bool operator==(const SlaReading&, const SlaReading&) = default;
};

/// Reads a clock at `now` with the calendar of the unit that owns it, in that unit's UTC offset.
///
/// The deadline, per unit of the rule (with no pauses each equals Deadline(calendar, rule, started,
/// offset)):
/// - working days: a working day's closing time is a tick, counted when the clock runs at that instant (no
///   pause [begin, end) holds it). The deadline is the (amount+1)-th counted tick after the start: with
///   no pauses the submission day's closing time (WorkCalendar::SubmissionDay) and then amount working
///   days more. A day whose closing time falls in a pause does not count, the submission day included;
///   a pause inside one day's hours moves nothing. Opening hours (e.g. Ramadan) do not move it.
/// - calendar days: the same with the last millisecond of each local day (23:59:59.999) as the tick.
/// - working hours: the first instant at which the open time outside pauses reaches amount hours (for 0
///   hours: the first open instant outside pauses, WorkCalendar::NextOpening when there are none).
/// - clock hours: the instant at which the elapsed time outside pauses reaches amount hours.
///
/// The rest:
/// - While paused the deadline is projected as if resumed at `now` (the pause in progress counts as
///   [paused_since, now)), so it moves later as the pause lasts.
/// - A stopped clock reads as of stopped_at, whatever `now` is (the reading is frozen); `now` before the
///   start reads as of the start.
/// - provisional: the rule counts working days or hours and some year from the start's local date to the
///   deadline's local date has no holiday data (WorkCalendar::HasHolidayData), so a holiday published
///   later may move the deadline.
/// - Due soon when used·1000 >= allowed·due_soon_permille (integers; permille is clamped to 0..1000), and
///   due_soon_at is the first instant that holds (counting as for the deadline, the pause in progress
///   projected as above). Overdue when now > deadline.
/// - working_days_left is 0 when overdue; working_time_left is WorkingTimeBetween(now, deadline), 0 when
///   overdue.
/// Throws std::invalid_argument when rule.amount < 0, like Deadline, and whatever the calendar's forward
/// searches throw (a calendar with no working day ahead).
[[nodiscard]] SlaReading Read(const SlaClock& clock, const WorkCalendar& calendar, core::UtcOffset offset,
                              core::Instant now, int due_soon_permille = 800);

}  // namespace layan::domain::calendar
