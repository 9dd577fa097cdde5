#include "layan/domain/calendar/work_calendar.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <fmt/format.h>

namespace layan::domain::calendar {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;

namespace {

constexpr minutes kMidnight{0};
constexpr minutes kEndOfDay{24 * 60};

/// A span of open time [begin, end) on one day.
struct OpenPeriod {
    core::Instant begin;
    core::Instant end;
};

/// The (at most two) open periods of a working day: before and after the break.
std::vector<OpenPeriod> Periods(Date date, const WorkingHours& hours, core::UtcOffset offset) {
    std::vector<OpenPeriod> periods;
    auto add = [&](minutes from, minutes to) {
        if (from < to) {
            periods.push_back({core::FromLocal(date, from, offset), core::FromLocal(date, to, offset)});
        }
    };
    add(hours.open, hours.break_start);
    add(hours.break_end, hours.close);
    return periods;
}

Date NextDay(Date date) { return Date{sys_days{date} + days{1}}; }

/// True when `date` is the date of one of FixedDateHolidays (checked without building their names).
bool IsFixedDateHoliday(Date date) {
    using namespace std::chrono;
    constexpr std::array<month_day, 5> kFixed{January / 1, May / 1, June / 1, August / 17, December / 25};
    const month_day md{date.month(), date.day()};
    return std::find(kFixed.begin(), kFixed.end(), md) != kFixed.end();
}

core::Status FieldInvalid(std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, "calendar_field_invalid", std::move(message));
}

}  // namespace

std::optional<minutes> ParseTimeOfDay(std::string_view text) {
    auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
    if (text.size() != 5 || text[2] != ':' || digit(0) < 0 || digit(1) < 0 || digit(3) < 0 || digit(4) < 0) {
        return std::nullopt;
    }
    int hh = digit(0) * 10 + digit(1);
    int mm = digit(3) * 10 + digit(4);
    if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) {
        return std::nullopt;
    }
    return minutes{hh * 60 + mm};
}

std::string FormatTimeOfDay(minutes time_of_day) {
    auto m = time_of_day.count();
    return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

core::Status Validate(const WorkingHours& h) {
    bool ordered = kMidnight <= h.open && h.open <= h.break_start && h.break_start <= h.break_end &&
                   h.break_end <= h.close && h.close <= kEndOfDay && h.open < h.close;
    if (!ordered) {
        return core::Fail(core::ErrorKind::kInvalid, "calendar_hours_invalid",
                          fmt::format("Working hours must satisfy 00:00 <= open <= break start <= break end <= "
                                      "close <= 24:00 with open before close (got open {}, break {}-{}, close {}).",
                                      FormatTimeOfDay(h.open), FormatTimeOfDay(h.break_start),
                                      FormatTimeOfDay(h.break_end), FormatTimeOfDay(h.close)));
    }
    return {};
}

WeeklySchedule DefaultSchedule() {
    using namespace std::chrono;
    WeeklySchedule s;
    const WorkingHours mon_thu{minutes{7 * 60 + 30}, minutes{16 * 60}, minutes{12 * 60}, minutes{13 * 60}};
    for (auto wd : {Monday, Tuesday, Wednesday, Thursday}) {
        s.On(wd) = mon_thu;
    }
    s.On(Friday) = WorkingHours{minutes{7 * 60 + 30}, minutes{16 * 60 + 30}, minutes{11 * 60 + 30}, minutes{13 * 60}};
    return s;
}

std::string_view ToString(DayKind kind) {
    switch (kind) {
        case DayKind::kNationalHoliday:
            return "national_holiday";
        case DayKind::kCutiBersama:
            return "cuti_bersama";
        case DayKind::kLocalClosure:
            return "local_closure";
    }
    return "local_closure";
}

std::optional<DayKind> ParseDayKind(std::string_view text) {
    for (auto kind : {DayKind::kNationalHoliday, DayKind::kCutiBersama, DayKind::kLocalClosure}) {
        if (ToString(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

WeeklySchedule WeekOf(const std::vector<catalog::OpeningHours>& opening_hours) {
    WeeklySchedule week;
    for (unsigned wd = 0; wd < week.days.size(); ++wd) {
        std::vector<std::pair<minutes, minutes>> periods;
        for (const auto& hours : opening_hours) {
            if (hours.weekday.c_encoding() == wd && hours.open < hours.close) {
                periods.emplace_back(hours.open, hours.close);
            }
        }
        if (periods.empty()) {
            continue;
        }
        std::sort(periods.begin(), periods.end());
        std::vector<std::pair<minutes, minutes>> merged{periods.front()};
        for (const auto& [open, close] : periods) {
            if (open <= merged.back().second) {
                merged.back().second = std::max(merged.back().second, close);
            } else {
                merged.emplace_back(open, close);
            }
        }
        const minutes close = std::min(merged.back().second, kEndOfDay);
        const bool has_break = merged.size() > 1;
        week.days.at(wd) = WorkingHours{.open = merged.front().first,
                                        .close = close,
                                        .break_start = has_break ? merged[0].second : close,
                                        .break_end = has_break ? merged[1].first : close};
    }
    return week;
}

std::vector<SpecialDay> FixedDateHolidays(std::chrono::year year) {
    using namespace std::chrono;
    const int y = static_cast<int>(year);
    auto holiday = [&](month_day md, std::string id, std::string en) {
        return SpecialDay{year / md, DayKind::kNationalHoliday, catalog::LocalizedText{std::move(id), std::move(en)}};
    };
    return {
        holiday(January / 1, fmt::format("Tahun Baru {} Masehi", y), fmt::format("New Year's Day {}", y)),
        holiday(May / 1, "Hari Buruh Internasional", "International Labour Day"),
        holiday(June / 1, "Hari Lahir Pancasila", "Pancasila Day"),
        holiday(August / 17, "Hari Proklamasi Kemerdekaan Republik Indonesia", "Indonesian Independence Day"),
        holiday(December / 25, "Kelahiran Yesus Kristus (Natal)", "Christmas Day"),
    };
}

core::Status WorkCalendar::SetSchedule(const WeeklySchedule& schedule) {
    for (const auto& day : schedule.days) {
        if (day) {
            if (auto ok = Validate(*day); !ok) {
                return ok;
            }
        }
    }
    schedule_ = schedule;
    return {};
}

core::Status WorkCalendar::AddSpecialDay(SpecialDay day) {
    if (!day.date.ok()) {
        return FieldInvalid("A special day needs a real date.");
    }
    if (day.name.id.empty()) {
        return FieldInvalid(
            fmt::format("The special day on {} needs a name in Bahasa Indonesia.", core::FormatDate(day.date)));
    }
    auto [it, inserted] = special_days_.try_emplace(sys_days{day.date}, day);
    if (!inserted) {
        return core::Fail(core::ErrorKind::kInvalid, "calendar_duplicate_day",
                          fmt::format("{} already is a special day ({}); one date holds one special day.",
                                      core::FormatDate(day.date), it->second.name.id));
    }
    return {};
}

core::Status WorkCalendar::SetOverride(DayOverride day_override) {
    if (!day_override.date.ok()) {
        return FieldInvalid("An override needs a real date.");
    }
    const std::string date = core::FormatDate(day_override.date);
    if (!day_override.working && day_override.hours) {
        return FieldInvalid(fmt::format("The override on {} closes the day, so it cannot have hours.", date));
    }
    if (day_override.working && !day_override.hours) {
        day_override.hours = schedule_.On(std::chrono::weekday{sys_days{day_override.date}});
        if (!day_override.hours) {
            return core::Fail(core::ErrorKind::kInvalid, "calendar_override_needs_hours",
                              fmt::format("The override on {} opens a day of the week that has no regular hours; "
                                          "give its hours.",
                                          date));
        }
    }
    if (day_override.hours) {
        if (auto ok = Validate(*day_override.hours); !ok) {
            return ok;
        }
    }
    overrides_.insert_or_assign(sys_days{day_override.date}, std::move(day_override));
    return {};
}

void WorkCalendar::ClearOverride(Date date) { overrides_.erase(sys_days{date}); }

std::optional<SpecialDay> WorkCalendar::SpecialDayOn(Date date) const {
    if (auto it = special_days_.find(sys_days{date}); it != special_days_.end()) {
        return it->second;
    }
    if (!IsProvisional(date) || !IsFixedDateHoliday(date)) {
        return std::nullopt;
    }
    const auto fixed = FixedDateHolidays(date.year());
    auto it = std::find_if(fixed.begin(), fixed.end(), [&](const SpecialDay& day) { return day.date == date; });
    return it == fixed.end() ? std::nullopt : std::optional<SpecialDay>{*it};
}

bool WorkCalendar::IsProvisional(Date from, Date to) const {
    if (sys_days{to} < sys_days{from}) {
        std::swap(from, to);
    }
    for (auto y = from.year(); y <= to.year(); ++y) {
        if (!HasHolidayData(y)) {
            return true;
        }
    }
    return false;
}

std::vector<std::chrono::year> WorkCalendar::YearsToWarn(Date today) const {
    using namespace std::chrono;
    std::vector<year> missing;
    if (!HasHolidayData(today.year())) {
        missing.push_back(today.year());
    }
    const year next = today.year() + years{1};
    if (today.month() >= October && !HasHolidayData(next)) {
        missing.push_back(next);
    }
    return missing;
}

const DayOverride* WorkCalendar::OverrideOn(Date date) const {
    auto it = overrides_.find(sys_days{date});
    return it == overrides_.end() ? nullptr : &it->second;
}

std::vector<std::chrono::year> WorkCalendar::HolidayYears() const {
    std::vector<std::chrono::year> years;
    years.reserve(holiday_years_.size());
    for (int year : holiday_years_) {
        years.emplace_back(year);
    }
    return years;
}

core::Status WorkCalendar::ReplaceHolidayYear(std::chrono::year year, const std::vector<SpecialDay>& holidays) {
    using namespace std::chrono;
    WorkCalendar updated = *this;
    const auto first = updated.special_days_.lower_bound(sys_days{year / January / 1});
    const auto last = updated.special_days_.lower_bound(sys_days{(year + years{1}) / January / 1});
    for (auto it = first; it != last;) {
        it = it->second.kind == DayKind::kLocalClosure ? std::next(it) : updated.special_days_.erase(it);
    }
    for (const auto& day : holidays) {
        if (day.date.year() != year || day.kind == DayKind::kLocalClosure) {
            return FieldInvalid(fmt::format("{} is not a national holiday or cuti bersama of {}.",
                                            core::FormatDate(day.date), static_cast<int>(year)));
        }
        if (auto added = updated.AddSpecialDay(day); !added) {
            return added;
        }
    }
    updated.MarkHolidayDataComplete(year);
    *this = std::move(updated);
    return {};
}

std::string_view KindName(const Closure& closure) {
    return closure.kind ? ToString(*closure.kind) : std::string_view("override");
}

std::optional<Closure> WorkCalendar::ClosureOn(Date date) const {
    if (IsWorkingDay(date)) {
        return std::nullopt;
    }
    if (const auto* closed = OverrideOn(date)) {
        if (closed->reason.empty()) {
            return Closure{std::nullopt,
                           catalog::LocalizedText{"Ditutup oleh pengelola", "Closed by the administrator"}};
        }
        return Closure{std::nullopt, catalog::LocalizedText{closed->reason, closed->reason}};
    }
    if (auto special = SpecialDayOn(date)) {
        return Closure{special->kind, special->name};
    }
    return std::nullopt;
}

std::vector<SpecialDay> WorkCalendar::SpecialDaysIn(std::chrono::year year) const {
    using namespace std::chrono;
    std::map<sys_days, SpecialDay> by_date;
    if (!HasHolidayData(year)) {
        for (auto& day : FixedDateHolidays(year)) {
            by_date.emplace(sys_days{day.date}, std::move(day));
        }
    }
    auto first = special_days_.lower_bound(sys_days{year / January / 1});
    auto last = special_days_.lower_bound(sys_days{(year + years{1}) / January / 1});
    for (auto it = first; it != last; ++it) {
        by_date.insert_or_assign(it->first, it->second);  // a loaded day wins over the fixed-date one
    }
    std::vector<SpecialDay> out;
    out.reserve(by_date.size());
    for (auto& [date, day] : by_date) {
        out.push_back(std::move(day));
    }
    return out;
}

std::optional<WorkingHours> WorkCalendar::HoursOn(Date date) const {
    if (const auto* o = OverrideOn(date)) {
        return o->working ? o->hours : std::nullopt;
    }
    if (special_days_.contains(sys_days{date}) || (IsProvisional(date) && IsFixedDateHoliday(date))) {
        return std::nullopt;  // a special day (SpecialDayOn), without building its name
    }
    return schedule_.On(std::chrono::weekday{sys_days{date}});
}

void WorkCalendar::RequireOpensAfter(Date date) const {
    if (std::any_of(schedule_.days.begin(), schedule_.days.end(), [](const auto& day) { return day.has_value(); })) {
        return;
    }
    for (auto it = overrides_.upper_bound(sys_days{date}); it != overrides_.end(); ++it) {
        if (it->second.working) {
            return;
        }
    }
    throw std::domain_error(
        fmt::format("WorkCalendar: no working day after {}: the week has no working weekday "
                    "and no later override opens a day",
                    core::FormatDate(date)));
}

Date WorkCalendar::NextWorkingDay(Date date) const {
    // Ends: a working weekday recurs every week (special days are finitely many), else a later working
    // override exists (RequireOpensAfter).
    RequireOpensAfter(date);
    Date d = NextDay(date);
    while (!IsWorkingDay(d)) {
        d = NextDay(d);
    }
    return d;
}

int WorkCalendar::WorkingDaysBetween(Date from, Date to) const {
    if (sys_days{to} < sys_days{from}) {
        return -WorkingDaysBetween(to, from);
    }
    int count = 0;
    for (sys_days d = sys_days{from} + days{1}; d <= sys_days{to}; d += days{1}) {
        count += IsWorkingDay(Date{d}) ? 1 : 0;
    }
    return count;
}

bool WorkCalendar::IsOpenAt(core::Instant t, core::UtcOffset offset) const {
    Date date = core::LocalDate(t, offset);
    auto hours = HoursOn(date);
    if (!hours) {
        return false;
    }
    auto periods = Periods(date, *hours, offset);
    return std::any_of(periods.begin(), periods.end(), [&](const OpenPeriod& p) { return p.begin <= t && t < p.end; });
}

core::Instant WorkCalendar::NextOpening(core::Instant t, core::UtcOffset offset) const {
    for (Date date = core::LocalDate(t, offset);; date = NextDay(date)) {
        if (auto hours = HoursOn(date)) {
            for (const auto& p : Periods(date, *hours, offset)) {
                if (t < p.end) {
                    return std::max(t, p.begin);
                }
            }
        }
        RequireOpensAfter(date);
    }
}

core::Millis WorkCalendar::WorkingTimeBetween(core::Instant from, core::Instant to, core::UtcOffset offset) const {
    if (to < from) {
        return -WorkingTimeBetween(to, from, offset);
    }
    core::Millis total{0};
    const sys_days last{core::LocalDate(to, offset)};
    for (Date date = core::LocalDate(from, offset); sys_days{date} <= last; date = NextDay(date)) {
        if (auto hours = HoursOn(date)) {
            for (const auto& p : Periods(date, *hours, offset)) {
                auto begin = std::max(p.begin, from);
                auto end = std::min(p.end, to);
                if (begin < end) {
                    total += end - begin;
                }
            }
        }
    }
    return total;
}

core::Instant WorkCalendar::AddWorkingTime(core::Instant start, core::Millis amount, core::UtcOffset offset) const {
    if (amount < core::Millis{0}) {
        throw std::invalid_argument("WorkCalendar::AddWorkingTime: amount must not be negative");
    }
    core::Millis remaining = amount;
    for (Date date = core::LocalDate(start, offset);; date = NextDay(date)) {
        if (auto hours = HoursOn(date)) {
            for (const auto& p : Periods(date, *hours, offset)) {
                auto begin = std::max(p.begin, start);
                if (begin >= p.end) {
                    continue;
                }
                if (remaining <= p.end - begin) {
                    return begin + remaining;
                }
                remaining -= p.end - begin;
            }
        }
        RequireOpensAfter(date);
    }
}

Date WorkCalendar::SubmissionDay(core::Instant start, core::UtcOffset offset) const {
    Date date = core::LocalDate(start, offset);
    auto hours = HoursOn(date);
    if (hours && start < core::FromLocal(date, hours->close, offset)) {
        return date;
    }
    return NextWorkingDay(date);
}

core::Instant WorkCalendar::AddWorkingDays(core::Instant start, int n, core::UtcOffset offset) const {
    if (n < 0) {
        throw std::invalid_argument("WorkCalendar::AddWorkingDays: n must not be negative");
    }
    Date date = SubmissionDay(start, offset);
    for (int i = 0; i < n; ++i) {
        date = NextWorkingDay(date);
    }
    return core::FromLocal(date, HoursOn(date)->close, offset);
}

}  // namespace layan::domain::calendar
