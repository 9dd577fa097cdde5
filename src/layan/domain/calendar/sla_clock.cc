#include "layan/domain/calendar/sla_clock.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace layan::domain::calendar {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;

namespace {

tl::unexpected<core::Error> Stopped(std::string_view action) {
    return core::Fail(core::ErrorKind::kConflict, "sla_clock_stopped",
                      fmt::format("The service clock has stopped, so it cannot be {}.", action));
}

tl::unexpected<core::Error> TimeInvalid(std::string_view action, core::Instant at, core::Instant last) {
    return core::Fail(core::ErrorKind::kInvalid, "sla_clock_time_invalid",
                      fmt::format("The service clock cannot be {} at {}: that is before its last change, at {}.",
                                  action, core::FormatIso8601(at), core::FormatIso8601(last)));
}

/// The instant of the clock's last change while running: its start or the end of its last pause.
core::Instant LastChange(const SlaClock& clock) {
    return clock.pauses.empty() ? clock.started : std::max(clock.started, clock.pauses.back().end);
}

/// The pauses that count at `as_of`: the closed ones and the one in progress as if it ended at `as_of`,
/// clipped to the start, sorted, empty ones dropped and touching or overlapping ones merged.
std::vector<Interval> CountedPauses(const SlaClock& clock, core::Instant as_of) {
    std::vector<Interval> all = clock.pauses;
    if (clock.paused_since) {
        all.push_back({*clock.paused_since, std::max(*clock.paused_since, as_of)});
    }
    std::sort(all.begin(), all.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
    std::vector<Interval> merged;
    for (Interval p : all) {
        p.begin = std::max(p.begin, clock.started);
        if (p.end <= p.begin) {
            continue;
        }
        if (!merged.empty() && p.begin <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, p.end);
        } else {
            merged.push_back(p);
        }
    }
    return merged;
}

/// Time counted by a clock along its timeline: open time or elapsed time, outside its pauses.
class Counter {
public:
    Counter(const WorkCalendar& calendar, core::UtcOffset offset, bool open_time, core::Instant started,
            const std::vector<Interval>& pauses)
        : calendar_(calendar), offset_(offset), open_time_(open_time), started_(started), pauses_(pauses) {}

    /// Counted time in [from, to); 0 when to <= from.
    [[nodiscard]] core::Millis Between(core::Instant from, core::Instant to) const {
        core::Millis total{0};
        core::Instant cursor = from;
        for (const auto& p : pauses_) {
            if (cursor >= to) {
                break;
            }
            if (p.end <= cursor) {
                continue;
            }
            if (p.begin > cursor) {
                total += Plain(cursor, std::min(p.begin, to));
            }
            cursor = p.end;
        }
        if (cursor < to) {
            total += Plain(cursor, to);
        }
        return total;
    }

    /// The first instant t >= start with Between(start, t) == amount (start itself for 0).
    [[nodiscard]] core::Instant Reach(core::Millis amount) const {
        if (amount <= core::Millis{0}) {
            return started_;
        }
        core::Millis remaining = amount;
        core::Instant t = started_;
        for (const auto& p : pauses_) {
            if (p.end <= t) {
                continue;
            }
            if (p.begin > t) {
                core::Millis gap = Plain(t, p.begin);
                if (remaining <= gap) {
                    return Advance(t, remaining);
                }
                remaining -= gap;
            }
            t = p.end;
        }
        return Advance(t, remaining);
    }

    /// The first open instant >= start outside the pauses.
    [[nodiscard]] core::Instant FirstOpening() const {
        core::Instant t = started_;
        for (const auto& p : pauses_) {
            if (p.end <= t) {
                continue;
            }
            core::Instant opening = calendar_.NextOpening(t, offset_);
            if (opening < p.begin) {
                return opening;
            }
            t = p.end;
        }
        return calendar_.NextOpening(t, offset_);
    }

private:
    [[nodiscard]] core::Millis Plain(core::Instant from, core::Instant to) const {
        return open_time_ ? calendar_.WorkingTimeBetween(from, to, offset_) : to - from;
    }

    [[nodiscard]] core::Instant Advance(core::Instant from, core::Millis amount) const {
        return open_time_ ? calendar_.AddWorkingTime(from, amount, offset_) : from + amount;
    }

    const WorkCalendar& calendar_;
    core::UtcOffset offset_;
    bool open_time_;
    core::Instant started_;
    const std::vector<Interval>& pauses_;
};

/// Answers "is the clock paused at t" for non-decreasing t, walking the sorted pauses once.
class PauseCursor {
public:
    explicit PauseCursor(const std::vector<Interval>& pauses) : pauses_(pauses) {}

    [[nodiscard]] bool PausedAt(core::Instant t) {
        while (next_ < pauses_.size() && pauses_[next_].end <= t) {
            ++next_;
        }
        return next_ < pauses_.size() && pauses_[next_].begin <= t;
    }

private:
    const std::vector<Interval>& pauses_;
    std::size_t next_ = 0;
};

/// The deadline of a rule counted in days: the (amount+1)-th tick (closing time of a working day, or the
/// last millisecond of a calendar day) at which the clock runs, from the first tick after the start.
core::Instant DayDeadline(const SlaClock& clock, const WorkCalendar& calendar, core::UtcOffset offset,
                          const std::vector<Interval>& pauses) {
    PauseCursor cursor(pauses);
    int counted = 0;
    if (clock.rule.unit == DeadlineUnit::kWorkingDays) {
        for (Date d = calendar.SubmissionDay(clock.started, offset);; d = calendar.NextWorkingDay(d)) {
            core::Instant close = core::FromLocal(d, calendar.HoursOn(d)->close, offset);
            if (!cursor.PausedAt(close) && ++counted > clock.rule.amount) {
                return close;
            }
        }
    }
    for (sys_days d{core::LocalDate(clock.started, offset)};; d += days{1}) {
        core::Instant end_of_day = core::FromLocal(Date{d + days{1}}, minutes{0}, offset) - core::Millis{1};
        if (!cursor.PausedAt(end_of_day) && ++counted > clock.rule.amount) {
            return end_of_day;
        }
    }
}

bool CountsOpenTime(DeadlineUnit unit) {
    return unit == DeadlineUnit::kWorkingDays || unit == DeadlineUnit::kWorkingHours;
}

}  // namespace

SlaClock Start(const DeadlineRule& rule, core::Instant at) {
    if (rule.amount < 0) {
        throw std::invalid_argument("sla_clock Start: rule.amount must not be negative");
    }
    SlaClock clock;
    clock.rule = rule;
    clock.started = at;
    return clock;
}

core::Status Pause(SlaClock& clock, core::Instant at) {
    if (clock.stopped_at) {
        return Stopped("paused");
    }
    if (clock.paused_since) {
        return core::Fail(
            core::ErrorKind::kConflict, "sla_clock_already_paused",
            fmt::format("The service clock is already paused (since {}).", core::FormatIso8601(*clock.paused_since)));
    }
    if (core::Instant last = LastChange(clock); at < last) {
        return TimeInvalid("paused", at, last);
    }
    clock.paused_since = at;
    return {};
}

core::Status Resume(SlaClock& clock, core::Instant at) {
    if (clock.stopped_at) {
        return Stopped("resumed");
    }
    if (!clock.paused_since) {
        return core::Fail(core::ErrorKind::kConflict, "sla_clock_not_paused",
                          "The service clock is running, so there is nothing to resume.");
    }
    if (at < *clock.paused_since) {
        return TimeInvalid("resumed", at, *clock.paused_since);
    }
    clock.pauses.push_back({*clock.paused_since, at});
    clock.paused_since.reset();
    ++clock.run;
    return {};
}

core::Status Stop(SlaClock& clock, core::Instant at) {
    if (clock.stopped_at) {
        return Stopped("stopped again");
    }
    core::Instant last = clock.paused_since ? std::max(*clock.paused_since, LastChange(clock)) : LastChange(clock);
    if (at < last) {
        return TimeInvalid("stopped", at, last);
    }
    if (clock.paused_since) {
        clock.pauses.push_back({*clock.paused_since, at});
        clock.paused_since.reset();
    }
    clock.stopped_at = at;
    return {};
}

std::string_view ToString(SlaState state) {
    switch (state) {
        case SlaState::kOnTrack:
            return "on_track";
        case SlaState::kDueSoon:
            return "due_soon";
        case SlaState::kOverdue:
            return "overdue";
        case SlaState::kPaused:
            return "paused";
        case SlaState::kStopped:
            return "stopped";
    }
    return "on_track";
}

SlaReading Read(const SlaClock& clock, const WorkCalendar& calendar, core::UtcOffset offset, core::Instant now,
                int due_soon_permille) {
    if (clock.rule.amount < 0) {
        throw std::invalid_argument("sla_clock Read: rule.amount must not be negative");
    }
    const core::Instant as_of = std::max(clock.stopped_at.value_or(now), clock.started);
    const std::vector<Interval> pauses = CountedPauses(clock, as_of);
    const bool open_time = CountsOpenTime(clock.rule.unit);
    const Counter counter(calendar, offset, open_time, clock.started, pauses);

    SlaReading reading;
    switch (clock.rule.unit) {
        case DeadlineUnit::kWorkingDays:
        case DeadlineUnit::kCalendarDays:
            reading.deadline = DayDeadline(clock, calendar, offset, pauses);
            break;
        case DeadlineUnit::kWorkingHours:
            reading.deadline =
                clock.rule.amount == 0 ? counter.FirstOpening() : counter.Reach(hours{clock.rule.amount});
            break;
        case DeadlineUnit::kClockHours:
            reading.deadline = counter.Reach(hours{clock.rule.amount});
            break;
    }

    reading.provisional = open_time && calendar.IsProvisional(core::LocalDate(clock.started, offset),
                                                              core::LocalDate(reading.deadline, offset));

    reading.used = counter.Between(clock.started, as_of);
    reading.allowed = counter.Between(clock.started, reading.deadline);
    const std::int64_t permille = std::clamp(due_soon_permille, 0, 1000);
    // The first whole millisecond m with m·1000 >= allowed·permille.
    const core::Millis threshold{(reading.allowed.count() * permille + 999) / 1000};
    reading.due_soon_at = counter.Reach(threshold);

    const bool overdue = as_of > reading.deadline;
    if (!overdue) {
        reading.working_time_left = calendar.WorkingTimeBetween(as_of, reading.deadline, offset);
        reading.working_days_left =
            calendar.WorkingDaysBetween(core::LocalDate(as_of, offset), core::LocalDate(reading.deadline, offset));
    }

    if (clock.stopped_at) {
        reading.state = SlaState::kStopped;
    } else if (clock.paused_since) {
        reading.state = SlaState::kPaused;
    } else if (overdue) {
        reading.state = SlaState::kOverdue;
    } else if (reading.used.count() * 1000 >= reading.allowed.count() * permille) {
        reading.state = SlaState::kDueSoon;
    } else {
        reading.state = SlaState::kOnTrack;
    }
    return reading;
}

}  // namespace layan::domain::calendar
