#include "layan/domain/calendar/sla_clock.h"

#include <algorithm>
#include <optional>
#include <random>

#include <gtest/gtest.h>

#include "calendar_2026.h"

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;
using core::kWib;
using core::Millis;

using fixtures::Calendar2026;
using fixtures::Wib;

core::Instant PlainDeadline(const WorkCalendar& calendar, const DeadlineRule& rule, core::Instant start,
                            core::UtcOffset offset) {
    return Deadline(calendar, rule, start, offset);
}

void Must(const core::Status& status) {
    if (!status) {
        throw std::logic_error(status.error().code + ": " + status.error().message);
    }
}

SlaClock ClockWithPause(DeadlineRule rule, core::Instant start, core::Instant pause, core::Instant resume) {
    SlaClock clock = Start(rule, start);
    Must(Pause(clock, pause));
    Must(Resume(clock, resume));
    return clock;
}

// --- concrete cases on the national 2026 calendar ----------------------------------------------------

TEST(SlaClock, OneWorkingDayFromTuesdaySkipsTheMarchBreak) {
    const auto calendar = Calendar2026();
    const auto start = Wib(2026y / March / 17, 10, 0);
    const auto clock = Start({DeadlineUnit::kWorkingDays, 1}, start);
    const auto reading = Read(clock, calendar, kWib, start);
    EXPECT_EQ(reading.deadline, Wib(2026y / March / 25, 16, 0));
    EXPECT_FALSE(reading.provisional);
    EXPECT_EQ(reading.state, SlaState::kOnTrack);
    // Tuesday 10:00–12:00 and 13:00–16:00, then all of Wednesday 25 March (7.5 h).
    EXPECT_EQ(reading.allowed, 12h + 30min);
    EXPECT_EQ(reading.used, 0ms);
    EXPECT_EQ(reading.working_time_left, 12h + 30min);
    EXPECT_EQ(reading.working_days_left, 1);
}

TEST(SlaClock, APauseOverTheMarchBreakMovesNothingItShouldNot) {
    const auto calendar = Calendar2026();
    const auto start = Wib(2026y / March / 17, 10, 0);
    const auto after_close = Wib(2026y / March / 17, 16, 30);
    const auto before_opening = Wib(2026y / March / 25, 7, 0);
    const auto now = Wib(2026y / March / 25, 8, 0);
    // No working day closes and no office hour passes in the pause: no rule counted in working units moves.
    for (DeadlineRule rule : {DeadlineRule{DeadlineUnit::kWorkingDays, 1}, DeadlineRule{DeadlineUnit::kWorkingDays, 3},
                              DeadlineRule{DeadlineUnit::kWorkingHours, 8}}) {
        const auto paused = ClockWithPause(rule, start, after_close, before_opening);
        const auto reading = Read(paused, calendar, kWib, now);
        EXPECT_EQ(reading.deadline, PlainDeadline(calendar, rule, start, kWib)) << ToString(rule.unit);
        EXPECT_EQ(reading.allowed, Read(Start(rule, start), calendar, kWib, now).allowed) << ToString(rule.unit);
    }
    // Calendar days and clock hours count the break, so the same pause moves them by its length in days or
    // hours.
    const auto calendar_days =
        Read(ClockWithPause({DeadlineUnit::kCalendarDays, 2}, start, after_close, before_opening), calendar, kWib, now);
    // Counted day ends: 25, 26 and 27 March (those of 17–24 March fall in the pause).
    EXPECT_EQ(calendar_days.deadline, Wib(2026y / March / 28, 0, 0) - Millis{1});
    const auto clock_hours =
        Read(ClockWithPause({DeadlineUnit::kClockHours, 24}, start, after_close, before_opening), calendar, kWib, now);
    // 6.5 h before the pause, 17.5 h after 25 March 07:00.
    EXPECT_EQ(clock_hours.deadline, Wib(2026y / March / 26, 0, 30));
}

TEST(SlaClock, APausedClosingTimeDoesNotCountEvenOnTheDayOfSubmission) {
    const auto calendar = Calendar2026();
    const auto start = Wib(2026y / March / 17, 10, 0);
    const DeadlineRule rule{DeadlineUnit::kWorkingDays, 1};
    const auto read = [&](core::Instant pause, core::Instant resume) {
        return Read(ClockWithPause(rule, start, pause, resume), calendar, kWib, resume).deadline;
    };
    // Paused at 15:00 over Tuesday's closing time: Wednesday 25 March counts as day 0, Thursday as day 1.
    EXPECT_EQ(read(Wib(2026y / March / 17, 15, 0), Wib(2026y / March / 25, 7, 0)), Wib(2026y / March / 26, 16, 0));
    // A pause from the closing instant holds it; a pause that ends at the closing instant does not.
    EXPECT_EQ(read(Wib(2026y / March / 17, 16, 0), Wib(2026y / March / 25, 7, 0)), Wib(2026y / March / 26, 16, 0));
    EXPECT_EQ(read(Wib(2026y / March / 17, 15, 0), Wib(2026y / March / 17, 16, 0)), Wib(2026y / March / 25, 16, 0));
    // A pause within one day's hours moves a day rule not at all.
    EXPECT_EQ(read(Wib(2026y / March / 17, 10, 30), Wib(2026y / March / 17, 15, 30)), Wib(2026y / March / 25, 16, 0));
}

TEST(SlaClock, APauseOverChristmasMovesOnlyWhatItCovers) {
    const auto calendar = Calendar2026();
    // Monday 21 December + 3 working days: 22, 23, then (24 cuti bersama, 25 Christmas, weekend) 28 December.
    const auto start = Wib(2026y / December / 21, 10, 0);
    const DeadlineRule days3{DeadlineUnit::kWorkingDays, 3};
    const auto plain = Read(Start(days3, start), calendar, kWib, start);
    EXPECT_EQ(plain.deadline, Wib(2026y / December / 28, 16, 0));
    EXPECT_FALSE(plain.provisional);

    // Paused from Christmas Eve morning to Sunday noon: only closed days, so the same deadline.
    const auto over_christmas = Wib(2026y / December / 24, 8, 0);
    const auto sunday_noon = Wib(2026y / December / 27, 12, 0);
    const auto now = Wib(2026y / December / 28, 8, 0);
    EXPECT_EQ(Read(ClockWithPause(days3, start, over_christmas, sunday_noon), calendar, kWib, now).deadline,
              plain.deadline);
    // 24 working hours: 5 + 7.5 + 7.5 before Christmas Eve, the last 4 on Monday 28 December.
    const DeadlineRule hours24{DeadlineUnit::kWorkingHours, 24};
    EXPECT_EQ(PlainDeadline(calendar, hours24, start, kWib), Wib(2026y / December / 28, 11, 30));
    EXPECT_EQ(Read(ClockWithPause(hours24, start, over_christmas, sunday_noon), calendar, kWib, now).deadline,
              Wib(2026y / December / 28, 11, 30));

    // Paused over Wednesday 23 December's closing time too: one working day later.
    EXPECT_EQ(Read(ClockWithPause(days3, start, Wib(2026y / December / 23, 14, 0), Wib(2026y / December / 28, 9, 0)),
                   calendar, kWib, now)
                  .deadline,
              Wib(2026y / December / 29, 16, 0));

    // 72 clock hours run to Thursday 10:00; a 76-hour pause from 08:00 leaves 2 h for Sunday from noon.
    EXPECT_EQ(
        Read(ClockWithPause({DeadlineUnit::kClockHours, 72}, start, over_christmas, sunday_noon), calendar, kWib, now)
            .deadline,
        Wib(2026y / December / 27, 14, 0));
    // 5 calendar days end on 26 December; the ends of 24, 25 and 26 December are paused, so 29 December.
    EXPECT_EQ(
        Read(ClockWithPause({DeadlineUnit::kCalendarDays, 5}, start, over_christmas, sunday_noon), calendar, kWib, now)
            .deadline,
        Wib(2026y / December / 30, 0, 0) - Millis{1});
}

TEST(SlaClock, ADeadlineInAYearWithoutHolidayDataIsProvisional) {
    const auto calendar = Calendar2026();
    ASSERT_FALSE(calendar.HasHolidayData(2027y));
    const auto start = Wib(2026y / December / 23, 10, 0);
    const auto reading = Read(Start({DeadlineUnit::kWorkingDays, 5}, start), calendar, kWib, start);
    // 28–31 December are four working days; the fifth is in 2027, after New Year's Day (a fixed date),
    // and may move once 2027's list is loaded.
    EXPECT_TRUE(reading.provisional);
    EXPECT_EQ(reading.deadline, Wib(2027y / January / 4, 16, 0));
    EXPECT_TRUE(Read(Start({DeadlineUnit::kWorkingHours, 40}, start), calendar, kWib, start).provisional);
    // Within 2026 it is not; and rules that do not follow the calendar are never provisional.
    EXPECT_FALSE(Read(Start({DeadlineUnit::kWorkingDays, 3}, start), calendar, kWib, start).provisional);
    EXPECT_FALSE(Read(Start({DeadlineUnit::kCalendarDays, 30}, start), calendar, kWib, start).provisional);
    EXPECT_FALSE(Read(Start({DeadlineUnit::kClockHours, 24 * 30}, start), calendar, kWib, start).provisional);
    // A start in a year without data is provisional even when the deadline's year has data.
    WorkCalendar only_2027;
    only_2027.MarkHolidayDataComplete(2027y);
    EXPECT_TRUE(Read(Start({DeadlineUnit::kWorkingDays, 10}, start), only_2027, kWib, start).provisional);
}

TEST(SlaClock, OpeningHoursOfTheDayMoveTheTimeButNotTheDate) {
    auto calendar = Calendar2026();
    // Shorter hours on Wednesday 25 March (as in Ramadan): the deadline is that day's own closing time.
    Must(calendar.SetOverride({2026y / March / 25, true, WorkingHours{8h, 14h, 12h, 12h + 30min}, "Ramadan"}));
    const auto start = Wib(2026y / March / 17, 10, 0);
    EXPECT_EQ(Read(Start({DeadlineUnit::kWorkingDays, 1}, start), calendar, kWib, start).deadline,
              Wib(2026y / March / 25, 14, 0));
}

TEST(SlaClock, StatesAtChosenInstants) {
    const auto calendar = Calendar2026();
    const auto start = Wib(2026y / March / 17, 10, 0);
    auto clock = Start({DeadlineUnit::kWorkingDays, 1}, start);
    // Allowed 12.5 h of open time: 5 h on 17 March, 7.5 h on 25 March. 80 % = 10 h, reached on 25 March at
    // 07:30 + 4.5 h (to 12:00) + 0.5 h after the break = 13:30.
    const auto due_soon_at = Wib(2026y / March / 25, 13, 30);
    const auto deadline = Wib(2026y / March / 25, 16, 0);
    auto at = [&](core::Instant now) { return Read(clock, calendar, kWib, now); };

    auto early = at(Wib(2026y / March / 17, 11, 0));
    EXPECT_EQ(early.state, SlaState::kOnTrack);
    EXPECT_EQ(early.used, 1h);
    EXPECT_EQ(early.due_soon_at, due_soon_at);
    EXPECT_EQ(early.working_time_left, 11h + 30min);
    EXPECT_EQ(early.working_days_left, 1);

    EXPECT_EQ(at(due_soon_at - Millis{1}).state, SlaState::kOnTrack);
    auto due_soon = at(due_soon_at);
    EXPECT_EQ(due_soon.state, SlaState::kDueSoon);
    EXPECT_EQ(due_soon.used, 10h);
    EXPECT_EQ(due_soon.working_days_left, 0);
    EXPECT_EQ(due_soon.working_time_left, 2h + 30min);
    // At the deadline it is still on time.
    auto last_moment = at(deadline);
    EXPECT_EQ(last_moment.state, SlaState::kDueSoon);
    EXPECT_EQ(last_moment.used, last_moment.allowed);
    auto overdue = at(deadline + Millis{1});
    EXPECT_EQ(overdue.state, SlaState::kOverdue);
    EXPECT_EQ(overdue.working_time_left, 0ms);
    EXPECT_EQ(overdue.working_days_left, 0);
    auto much_later = at(Wib(2026y / March / 26, 9, 0));
    EXPECT_EQ(much_later.state, SlaState::kOverdue);
    EXPECT_EQ(much_later.used, 12h + 30min + 1h + 30min);
    // Another threshold moves only the due-soon instant.
    EXPECT_EQ(Read(clock, calendar, kWib, due_soon_at, 900).state, SlaState::kOnTrack);
    EXPECT_EQ(Read(clock, calendar, kWib, due_soon_at, 900).due_soon_at, Wib(2026y / March / 25, 14, 45));
    EXPECT_EQ(Read(clock, calendar, kWib, start, 0).state, SlaState::kDueSoon);
    EXPECT_EQ(Read(clock, calendar, kWib, start, 0).due_soon_at, start);

    // Paused at 09:00 on 25 March: while the pause lasts the deadline is projected as if resumed now.
    Must(Pause(clock, Wib(2026y / March / 25, 9, 0)));
    auto paused = at(Wib(2026y / March / 25, 10, 0));
    EXPECT_EQ(paused.state, SlaState::kPaused);
    EXPECT_EQ(paused.deadline, deadline);
    EXPECT_EQ(paused.used, 5h + 1h + 30min);
    EXPECT_EQ(at(Wib(2026y / March / 25, 17, 0)).used, 5h + 1h + 30min);
    // Once the pause holds 25 March's closing time, the 26th is the day that counts.
    auto next_day = at(Wib(2026y / March / 26, 8, 0));
    EXPECT_EQ(next_day.state, SlaState::kPaused);
    EXPECT_EQ(next_day.deadline, Wib(2026y / March / 26, 16, 0));
    EXPECT_EQ(next_day.working_days_left, 0);

    // Stopped while paused: the pause ends, the reading freezes at the stop.
    const auto stop = Wib(2026y / March / 26, 10, 0);
    Must(Stop(clock, stop));
    ASSERT_EQ(clock.pauses.size(), 1U);
    EXPECT_EQ(clock.pauses.back(), (Interval{Wib(2026y / March / 25, 9, 0), stop}));
    auto stopped = at(stop);
    EXPECT_EQ(stopped.state, SlaState::kStopped);
    EXPECT_EQ(stopped.deadline, Wib(2026y / March / 26, 16, 0));
    EXPECT_LE(*clock.stopped_at, stopped.deadline);
    EXPECT_EQ(at(Wib(2026y / June / 1, 10, 0)), stopped);
    EXPECT_EQ(at(Wib(2026y / March / 17, 9, 0)), stopped);
}

TEST(SlaClock, StatesHaveStableNames) {
    EXPECT_EQ(ToString(SlaState::kOnTrack), "on_track");
    EXPECT_EQ(ToString(SlaState::kDueSoon), "due_soon");
    EXPECT_EQ(ToString(SlaState::kOverdue), "overdue");
    EXPECT_EQ(ToString(SlaState::kPaused), "paused");
    EXPECT_EQ(ToString(SlaState::kStopped), "stopped");
}

TEST(SlaClock, RefusesChangesOutOfOrderAndLeavesTheClockAsItWas) {
    const auto start = Wib(2026y / March / 2, 8, 0);
    auto clock = Start({DeadlineUnit::kWorkingDays, 5}, start);
    auto expect_refused = [&](const core::Status& status, core::ErrorKind kind, const std::string& code) {
        ASSERT_FALSE(status);
        EXPECT_EQ(status.error().kind, kind);
        EXPECT_EQ(status.error().code, code);
        EXPECT_FALSE(status.error().message.empty());
    };
    auto before = clock;
    expect_refused(Resume(clock, start + 1h), core::ErrorKind::kConflict, "sla_clock_not_paused");
    expect_refused(Pause(clock, start - 1ms), core::ErrorKind::kInvalid, "sla_clock_time_invalid");
    EXPECT_EQ(clock, before);

    Must(Pause(clock, start + 1h));
    before = clock;
    expect_refused(Pause(clock, start + 2h), core::ErrorKind::kConflict, "sla_clock_already_paused");
    expect_refused(Resume(clock, start + 1h - 1ms), core::ErrorKind::kInvalid, "sla_clock_time_invalid");
    expect_refused(Stop(clock, start + 1h - 1ms), core::ErrorKind::kInvalid, "sla_clock_time_invalid");
    EXPECT_EQ(clock, before);

    Must(Resume(clock, start + 3h));
    EXPECT_EQ(clock.run, 1);
    before = clock;
    expect_refused(Pause(clock, start + 3h - 1ms), core::ErrorKind::kInvalid, "sla_clock_time_invalid");
    expect_refused(Stop(clock, start + 2h), core::ErrorKind::kInvalid, "sla_clock_time_invalid");
    EXPECT_EQ(clock, before);
    // Changes at the same instant as the last one are in order (a zero-length pause).
    Must(Pause(clock, start + 3h));
    Must(Resume(clock, start + 3h));
    EXPECT_EQ(clock.run, 2);

    Must(Stop(clock, start + 4h));
    before = clock;
    expect_refused(Pause(clock, start + 5h), core::ErrorKind::kConflict, "sla_clock_stopped");
    expect_refused(Resume(clock, start + 5h), core::ErrorKind::kConflict, "sla_clock_stopped");
    expect_refused(Stop(clock, start + 5h), core::ErrorKind::kConflict, "sla_clock_stopped");
    EXPECT_EQ(clock, before);
    EXPECT_EQ(clock.run, 2);
    EXPECT_EQ(clock.pauses, (std::vector<Interval>{{start + 1h, start + 3h}, {start + 3h, start + 3h}}));

    EXPECT_THROW((void)Start({DeadlineUnit::kWorkingDays, -1}, start), std::invalid_argument);
}

TEST(SlaClock, ReadCountsPausedTimeOnceInAClockBuiltByHand) {
    const auto calendar = Calendar2026();
    const auto start = Wib(2026y / March / 2, 8, 0);
    auto tidy = Start({DeadlineUnit::kWorkingHours, 20}, start);
    tidy.pauses = {{start + 1h, start + 5h}};
    auto messy = tidy;
    // Unsorted, overlapping, one before the start.
    messy.pauses = {{start + 3h, start + 5h}, {start - 24h, start}, {start + 1h, start + 4h}};
    const auto now = start + 48h;
    EXPECT_EQ(Read(messy, calendar, kWib, now), Read(tidy, calendar, kWib, now));
}

// --- seeded properties -------------------------------------------------------------------------------

enum class Op { kPause, kResume, kStop };

struct Step {
    Op op = Op::kPause;
    core::Instant at{};
};

/// A clock's history as the engine would fold it, and the instant it is read at.
struct Scenario {
    DeadlineRule rule{};
    core::Instant start{};
    std::vector<Step> steps;
    core::UtcOffset offset{};
    core::Instant now{};
};

SlaClock Replay(const Scenario& s) {
    SlaClock clock = Start(s.rule, s.start);
    for (const auto& step : s.steps) {
        switch (step.op) {
            case Op::kPause:
                Must(Pause(clock, step.at));
                break;
            case Op::kResume:
                Must(Resume(clock, step.at));
                break;
            case Op::kStop:
                Must(Stop(clock, step.at));
                break;
        }
    }
    return clock;
}

std::string Describe(const Scenario& s) {
    std::ostringstream out;
    out << ToString(s.rule.unit) << " " << s.rule.amount << " from " << core::FormatIso8601(s.start, s.offset);
    for (const auto& step : s.steps) {
        out << (step.op == Op::kPause    ? ", pause "
                : step.op == Op::kResume ? ", resume "
                                         : ", stop ")
            << core::FormatIso8601(step.at, s.offset);
    }
    out << ", read " << core::FormatIso8601(s.now, s.offset);
    return out.str();
}

std::string Describe(const SlaReading& r) {
    std::ostringstream out;
    out << "deadline " << core::FormatIso8601(r.deadline) << (r.provisional ? " (provisional)" : "") << ", "
        << ToString(r.state) << ", used " << r.used.count() << " of " << r.allowed.count() << " ms, due soon at "
        << core::FormatIso8601(r.due_soon_at) << ", left " << r.working_time_left.count() << " ms / "
        << r.working_days_left << " days";
    return out.str();
}

/// The national 2026 calendar with shorter hours through Ramadan 1447 (19 February – 19 March 2026) and a
/// working Saturday, so days differ in length.
WorkCalendar PropertyCalendar() {
    auto calendar = Calendar2026();
    for (sys_days d = sys_days{2026y / February / 19}; d <= sys_days{2026y / March / 17}; d += days{1}) {
        if (calendar.IsWorkingDay(year_month_day{d})) {
            Must(calendar.SetOverride({year_month_day{d}, true, WorkingHours{8h, 15h, 12h, 12h + 30min}, "Ramadan"}));
        }
    }
    Must(calendar.SetOverride({2026y / May / 9, true, WorkingHours{8h, 12h, 12h, 12h}, "Hari pelayanan Sabtu"}));
    return calendar;
}

class Generator {
public:
    explicit Generator(unsigned seed) : rng_(seed) {}

    int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

    /// Somewhere after `t`: often exactly at an opening, break or closing time or the end of a local day
    /// (where the rules have their edges), sometimes at `t` itself, else a random minute within days.
    core::Instant After(core::Instant t, core::UtcOffset offset, int max_days) {
        switch (Uniform(0, 5)) {
            case 0:
                return t;
            case 1:
            case 2: {
                static constexpr std::array<int, 9> kEdges{0, 450, 480, 690, 720, 780, 900, 960, 990};
                auto day = sys_days{core::LocalDate(t, offset)} + days{Uniform(0, max_days)};
                auto edge = core::FromLocal(year_month_day{day}, minutes{kEdges.at(Uniform(0, 8))}, offset);
                if (Uniform(0, 3) == 0) {
                    edge += days{1} - Millis{1};  // Just before the edge of the next day (midnight: 23:59:59.999).
                }
                return std::max(t, edge);
            }
            default:
                return t + minutes{Uniform(0, max_days * 24 * 60)};
        }
    }

    Scenario Next() {
        Scenario s;
        static constexpr std::array<core::UtcOffset, 3> kOffsets{core::kWib, core::kWita, core::kWit};
        s.offset = kOffsets.at(Uniform(0, 2));
        const auto unit = static_cast<DeadlineUnit>(Uniform(0, 3));
        const bool in_days = unit == DeadlineUnit::kCalendarDays || unit == DeadlineUnit::kWorkingDays;
        s.rule = {unit, in_days ? Uniform(0, 12) : Uniform(0, 60)};
        // 2026 has holiday data, 2027 does not.
        s.start = After(core::FromLocal(2026y / January / 1, minutes{0}, s.offset), s.offset, 540);
        core::Instant t = s.start;
        const int pauses = Uniform(0, 3);
        for (int i = 0; i < pauses; ++i) {
            t = After(t, s.offset, 4);
            s.steps.push_back({Op::kPause, t});
            t = After(t, s.offset, 6);
            if (i + 1 < pauses || Uniform(0, 2) != 0) {
                s.steps.push_back({Op::kResume, t});
            }
        }
        s.now = After(t, s.offset, 10);
        if (Uniform(0, 5) == 0) {
            s.steps.push_back({Op::kStop, s.now});
            s.now = After(s.now, s.offset, 10);
        }
        return s;
    }

private:
    std::mt19937 rng_;
};

/// The instant a scenario is read as of: its stop, else `now` (not before the start).
core::Instant AsOf(const Scenario& s) {
    core::Instant as_of = s.steps.empty() || s.steps.back().op != Op::kStop ? s.now : s.steps.back().at;
    return std::max(as_of, s.start);
}

/// The pauses of a scenario read as of `as_of`, the one in progress ending at `as_of`, written out from the
/// steps (not from the clock).
std::vector<Interval> PausesOf(const Scenario& s, core::Instant as_of) {
    std::vector<Interval> pauses;
    std::optional<core::Instant> since;
    for (const auto& step : s.steps) {
        if (step.op == Op::kPause) {
            since = step.at;
        } else if (since) {
            pauses.push_back({*since, step.at});
            since.reset();
        }
    }
    if (since) {
        pauses.push_back({*since, std::max(*since, as_of)});
    }
    return pauses;
}

bool PausedAt(const std::vector<Interval>& pauses, core::Instant t) {
    return std::any_of(pauses.begin(), pauses.end(), [&](const Interval& p) { return p.begin <= t && t < p.end; });
}

/// Time counted in [from, to): the whole span minus what the pauses cover of it, open time for working
/// units and elapsed time otherwise.
Millis CountedTime(const WorkCalendar& calendar, const Scenario& s, const std::vector<Interval>& pauses,
                   core::Instant from, core::Instant to) {
    const bool open = s.rule.unit == DeadlineUnit::kWorkingDays || s.rule.unit == DeadlineUnit::kWorkingHours;
    auto measure = [&](core::Instant a, core::Instant b) {
        return b <= a ? Millis{0} : open ? calendar.WorkingTimeBetween(a, b, s.offset) : b - a;
    };
    Millis total = measure(from, to);
    for (const auto& p : pauses) {
        total -= measure(std::max(p.begin, from), std::min(p.end, to));
    }
    return total;
}

/// Checks one reading against the rules of sla_clock.h, each computed here another way.
void ExpectFollowsTheRules(const WorkCalendar& calendar, const Scenario& s, const SlaReading& r) {
    SCOPED_TRACE(Describe(s) + " → " + Describe(r));
    const core::Instant as_of = AsOf(s);
    const auto pauses = PausesOf(s, as_of);
    const int n = s.rule.amount;
    switch (s.rule.unit) {
        case DeadlineUnit::kWorkingDays: {
            // The deadline is a closing time at which the clock runs, and the (n+1)-th such after the start.
            const Date last = core::LocalDate(r.deadline, s.offset);
            ASSERT_TRUE(calendar.IsWorkingDay(last));
            EXPECT_EQ(r.deadline, core::FromLocal(last, calendar.HoursOn(last)->close, s.offset));
            int ticks = 0;
            for (sys_days d{core::LocalDate(s.start, s.offset)}; d <= sys_days{last}; d += days{1}) {
                if (auto hours = calendar.HoursOn(year_month_day{d})) {
                    auto close = core::FromLocal(year_month_day{d}, hours->close, s.offset);
                    ticks += close > s.start && !PausedAt(pauses, close) ? 1 : 0;
                }
            }
            EXPECT_EQ(ticks, n + 1);
            EXPECT_FALSE(PausedAt(pauses, r.deadline));
            break;
        }
        case DeadlineUnit::kCalendarDays: {
            const Date last = core::LocalDate(r.deadline, s.offset);
            EXPECT_EQ(r.deadline,
                      core::FromLocal(year_month_day{sys_days{last} + days{1}}, minutes{0}, s.offset) - Millis{1});
            int ticks = 0;
            for (sys_days d{core::LocalDate(s.start, s.offset)}; d <= sys_days{last}; d += days{1}) {
                auto end = core::FromLocal(year_month_day{d + days{1}}, minutes{0}, s.offset) - Millis{1};
                ticks += end >= s.start && !PausedAt(pauses, end) ? 1 : 0;
            }
            EXPECT_EQ(ticks, n + 1);
            break;
        }
        case DeadlineUnit::kWorkingHours:
        case DeadlineUnit::kClockHours:
            // Open (or elapsed) time in [start, deadline] minus what the pauses hold of it is exactly n hours.
            EXPECT_EQ(CountedTime(calendar, s, pauses, s.start, r.deadline), hours{n});
            EXPECT_EQ(r.allowed, hours{n});
            if (n > 0) {
                // And not a millisecond earlier.
                EXPECT_LT(CountedTime(calendar, s, pauses, s.start, r.deadline - Millis{1}), hours{n});
            }
            break;
    }
    EXPECT_EQ(r.allowed, CountedTime(calendar, s, pauses, s.start, r.deadline));
    EXPECT_EQ(r.used, CountedTime(calendar, s, pauses, s.start, as_of));

    const bool working_unit = s.rule.unit == DeadlineUnit::kWorkingDays || s.rule.unit == DeadlineUnit::kWorkingHours;
    EXPECT_EQ(r.provisional, working_unit && core::LocalDate(r.deadline, s.offset).year() != 2026y);

    // Due soon from the first instant at which used·1000 >= allowed·800.
    EXPECT_GE(CountedTime(calendar, s, pauses, s.start, r.due_soon_at).count() * 1000, r.allowed.count() * 800);
    if (r.due_soon_at > s.start) {
        EXPECT_LT(CountedTime(calendar, s, pauses, s.start, r.due_soon_at - Millis{1}).count() * 1000,
                  r.allowed.count() * 800);
    }
    EXPECT_LE(r.due_soon_at, r.deadline);

    const bool overdue = as_of > r.deadline;
    const bool stopped = !s.steps.empty() && s.steps.back().op == Op::kStop;
    const bool paused = !stopped && !s.steps.empty() && s.steps.back().op == Op::kPause;
    SlaState expected = stopped                  ? SlaState::kStopped
                        : paused                 ? SlaState::kPaused
                        : overdue                ? SlaState::kOverdue
                        : as_of >= r.due_soon_at ? SlaState::kDueSoon
                                                 : SlaState::kOnTrack;
    EXPECT_EQ(r.state, expected);
    EXPECT_EQ(r.working_time_left, overdue ? Millis{0} : calendar.WorkingTimeBetween(as_of, r.deadline, s.offset));
    EXPECT_EQ(r.working_days_left, overdue ? 0
                                           : calendar.WorkingDaysBetween(core::LocalDate(as_of, s.offset),
                                                                         core::LocalDate(r.deadline, s.offset)));
    EXPECT_GE(r.working_days_left, 0);
}

TEST(SlaClockProperty, WithoutPausesTheDeadlineIsDeadline) {
    const auto calendar = PropertyCalendar();
    Generator gen(20261);
    for (int i = 0; i < 300; ++i) {
        Scenario s = gen.Next();
        s.steps.clear();
        const auto reading = Read(Replay(s), calendar, s.offset, s.now);
        ASSERT_EQ(reading.deadline, PlainDeadline(calendar, s.rule, s.start, s.offset)) << Describe(s);
        ExpectFollowsTheRules(calendar, s, reading);
    }
}

TEST(SlaClockProperty, EveryReadingFollowsTheRules) {
    const auto calendar = PropertyCalendar();
    Generator gen(20262);
    for (int i = 0; i < 250; ++i) {
        const Scenario s = gen.Next();
        ExpectFollowsTheRules(calendar, s, Read(Replay(s), calendar, s.offset, s.now));
        if (HasFatalFailure()) {
            return;
        }
    }
}

TEST(SlaClockProperty, AZeroLengthPauseChangesNothing) {
    const auto calendar = PropertyCalendar();
    Generator gen(20263);
    for (int i = 0; i < 150; ++i) {
        const Scenario s = gen.Next();
        // Insert it where the clock runs: before a pause, or at the end when nothing is in progress.
        std::vector<std::size_t> places;
        for (std::size_t k = 0; k <= s.steps.size(); ++k) {
            bool running = k == 0 || s.steps[k - 1].op == Op::kResume;
            if (running) {
                places.push_back(k);
            }
        }
        if (places.empty()) {
            continue;
        }
        const std::size_t k = places.at(static_cast<std::size_t>(gen.Uniform(0, static_cast<int>(places.size()) - 1)));
        const core::Instant lo = k == 0 ? s.start : s.steps[k - 1].at;
        const core::Instant hi = k < s.steps.size() ? s.steps[k].at : std::max(lo, s.now);
        const core::Instant at = lo + (hi - lo) * gen.Uniform(0, 4) / 4;
        Scenario with = s;
        with.steps.insert(with.steps.begin() + static_cast<std::ptrdiff_t>(k), {{Op::kPause, at}, {Op::kResume, at}});
        ASSERT_EQ(Read(Replay(with), calendar, s.offset, s.now), Read(Replay(s), calendar, s.offset, s.now))
            << Describe(with);
    }
}

TEST(SlaClockProperty, SplittingAPauseInTwoChangesNothing) {
    const auto calendar = PropertyCalendar();
    Generator gen(20264);
    int split = 0;
    for (int i = 0; i < 150; ++i) {
        const Scenario s = gen.Next();
        for (std::size_t k = 0; k < s.steps.size(); ++k) {
            if (s.steps[k].op != Op::kPause) {
                continue;
            }
            // The pause [a, c) (c is its resume, the stop, or now while it lasts) becomes [a, b) + [b, c).
            const core::Instant a = s.steps[k].at;
            const core::Instant c = k + 1 < s.steps.size() ? s.steps[k + 1].at : std::max(a, s.now);
            const core::Instant b = a + (c - a) * gen.Uniform(0, 8) / 8;
            Scenario with = s;
            with.steps.insert(with.steps.begin() + static_cast<std::ptrdiff_t>(k) + 1,
                              {{Op::kResume, b}, {Op::kPause, b}});
            ASSERT_EQ(Read(Replay(with), calendar, s.offset, s.now), Read(Replay(s), calendar, s.offset, s.now))
                << Describe(with);
            ++split;
        }
    }
    EXPECT_GT(split, 100);
}

TEST(SlaClockProperty, ALongerPauseNeverGivesAnEarlierDeadline) {
    const auto calendar = PropertyCalendar();
    Generator gen(20265);
    int longer = 0;
    for (int i = 0; i < 150; ++i) {
        const Scenario s = gen.Next();
        const auto before = Read(Replay(s), calendar, s.offset, s.now);
        for (std::size_t k = 0; k < s.steps.size(); ++k) {
            if (s.steps[k].op != Op::kPause) {
                continue;
            }
            Scenario with = s;
            if (k + 1 < s.steps.size() && s.steps[k + 1].op == Op::kResume) {
                // Resume later, but not after the next change.
                const core::Instant c = s.steps[k + 1].at;
                const core::Instant limit = k + 2 < s.steps.size() ? s.steps[k + 2].at : std::max(c, s.now);
                with.steps[k + 1].at = c + (limit - c) * gen.Uniform(1, 4) / 4;
            } else if (k + 1 == s.steps.size()) {
                // The pause in progress, read later.
                with.now = s.now + minutes{gen.Uniform(1, 10 * 24 * 60)};
            } else {
                continue;
            }
            const auto after = Read(Replay(with), calendar, s.offset, with.now);
            ASSERT_GE(after.deadline, before.deadline) << Describe(s) << "\nlonger: " << Describe(with);
            ASSERT_LE(after.used, before.used) << Describe(s) << "\nlonger: " << Describe(with);
            ExpectFollowsTheRules(calendar, with, after);
            ++longer;
        }
        // And a pause where there was none.
        if (s.steps.empty()) {
            Scenario with = s;
            with.steps = {{Op::kPause, s.start}, {Op::kResume, std::max(s.start, s.now)}};
            ASSERT_GE(Read(Replay(with), calendar, s.offset, s.now).deadline, before.deadline) << Describe(with);
        }
    }
    EXPECT_GT(longer, 100);
}

}  // namespace
}  // namespace layan::domain::calendar
