// Loading a WorkCalendar from JSON (format: data/calendar/README.md).

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "layan/domain/calendar/calendar_json.h"
#include "layan/domain/calendar/work_calendar.h"

namespace layan::domain::calendar {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kWeekdayKeys{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/// "days[3]" + "date" → "days[3].date".
std::string Child(const std::string& path, std::string_view key) {
    return path.empty() ? std::string{key} : fmt::format("{}.{}", path, key);
}

tl::unexpected<core::Error> Invalid(const std::string& path, std::string_view what) {
    return core::Fail(core::ErrorKind::kInvalid, "calendar_field_invalid",
                      fmt::format("Calendar field \"{}\" {}.", path, what), json{{"path", path}});
}

/// Fails on any key of `object` not in `allowed`: a typo must not silently drop a holiday.
core::Status OnlyKeys(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return Invalid(Child(path, key), "is not a known key");
        }
    }
    return {};
}

core::Result<std::string> String(const json& object, const std::string& path, const char* key, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
        if (required) {
            return Invalid(Child(path, key), "is required");
        }
        return std::string{};
    }
    if (!it->is_string()) {
        return Invalid(Child(path, key), "must be a string");
    }
    return it->get<std::string>();
}

core::Result<Date> DateField(const json& object, const std::string& path) {
    auto text = String(object, path, "date", true);
    if (!text) {
        return tl::unexpected(text.error());
    }
    auto date = core::ParseDate(*text);
    if (!date) {
        return Invalid(Child(path, "date"), "must be a real date written YYYY-MM-DD");
    }
    return *date;
}

core::Result<std::chrono::minutes> TimeField(const json& object, const std::string& path, const char* key) {
    auto text = String(object, path, key, true);
    if (!text) {
        return tl::unexpected(text.error());
    }
    auto time = ParseTimeOfDay(*text);
    if (!time) {
        return Invalid(Child(path, key), "must be a time of day written HH:MM");
    }
    return *time;
}

core::Result<WorkingHours> HoursValue(const json& value, const std::string& path) {
    if (!value.is_object()) {
        return Invalid(path, "must be an object with open and close (and optionally break_start and break_end)");
    }
    if (auto ok = OnlyKeys(value, path, {"open", "close", "break_start", "break_end"}); !ok) {
        return tl::unexpected(ok.error());
    }
    WorkingHours hours;
    auto open = TimeField(value, path, "open");
    auto close = TimeField(value, path, "close");
    if (!open || !close) {
        return tl::unexpected(!open ? open.error() : close.error());
    }
    hours.open = *open;
    hours.close = *close;
    if (value.contains("break_start") != value.contains("break_end")) {
        return Invalid(path, "must give both break_start and break_end, or neither");
    }
    if (value.contains("break_start")) {
        auto start = TimeField(value, path, "break_start");
        auto end = TimeField(value, path, "break_end");
        if (!start || !end) {
            return tl::unexpected(!start ? start.error() : end.error());
        }
        hours.break_start = *start;
        hours.break_end = *end;
    } else {
        hours.break_start = hours.open;
        hours.break_end = hours.open;
    }
    if (auto ok = Validate(hours); !ok) {
        return tl::unexpected(ok.error());
    }
    return hours;
}

core::Result<WeeklySchedule> ScheduleValue(const json& value) {
    if (!value.is_object()) {
        return Invalid("schedule", "must be an object keyed by weekday (mon..sun)");
    }
    if (auto ok = OnlyKeys(value, "schedule", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}); !ok) {
        return tl::unexpected(ok.error());
    }
    WeeklySchedule schedule;
    for (size_t i = 0; i < kWeekdayKeys.size(); ++i) {
        auto it = value.find(kWeekdayKeys.at(i));
        if (it == value.end() || it->is_null()) {
            continue;  // Closed that weekday.
        }
        auto hours = HoursValue(*it, fmt::format("schedule.{}", kWeekdayKeys.at(i)));
        if (!hours) {
            return tl::unexpected(hours.error());
        }
        schedule.days.at(i) = *hours;
    }
    // A document describes an office that works: a week without a working day is a mistake there (a hall
    // closed for a while closes its days with overrides instead).
    if (std::none_of(schedule.days.begin(), schedule.days.end(), [](const auto& day) { return day.has_value(); })) {
        return core::Fail(core::ErrorKind::kInvalid, "calendar_no_working_weekday",
                          "The weekly schedule must have at least one working weekday.", json{{"path", "schedule"}});
    }
    return schedule;
}

core::Result<SpecialDay> SpecialDayValue(const json& value, const std::string& path) {
    if (!value.is_object()) {
        return Invalid(path, "must be an object with date, kind and name");
    }
    if (auto ok = OnlyKeys(value, path, {"date", "kind", "name"}); !ok) {
        return tl::unexpected(ok.error());
    }
    SpecialDay day;
    auto date = DateField(value, path);
    if (!date) {
        return tl::unexpected(date.error());
    }
    day.date = *date;
    auto kind_text = String(value, path, "kind", true);
    if (!kind_text) {
        return tl::unexpected(kind_text.error());
    }
    auto kind = ParseDayKind(*kind_text);
    if (!kind) {
        return Invalid(Child(path, "kind"), "must be national_holiday, cuti_bersama or local_closure");
    }
    day.kind = *kind;
    auto name = value.find("name");
    if (name == value.end() || !name->is_object()) {
        return Invalid(Child(path, "name"), "must be an object {\"id\": ..., \"en\": ...}");
    }
    if (auto ok = OnlyKeys(*name, Child(path, "name"), {"id", "en"}); !ok) {
        return tl::unexpected(ok.error());
    }
    auto id = String(*name, Child(path, "name"), "id", true);
    auto en = String(*name, Child(path, "name"), "en", false);
    if (!id || !en) {
        return tl::unexpected(!id ? id.error() : en.error());
    }
    day.name = catalog::LocalizedText{*id, *en};
    return day;
}

core::Result<DayOverride> OverrideValue(const json& value, const std::string& path) {
    if (!value.is_object()) {
        return Invalid(path, "must be an object with date and working");
    }
    if (auto ok = OnlyKeys(value, path, {"date", "working", "hours", "reason"}); !ok) {
        return tl::unexpected(ok.error());
    }
    DayOverride o;
    auto date = DateField(value, path);
    if (!date) {
        return tl::unexpected(date.error());
    }
    o.date = *date;
    auto working = value.find("working");
    if (working == value.end() || !working->is_boolean()) {
        return Invalid(Child(path, "working"), "must be true or false");
    }
    o.working = working->get<bool>();
    if (auto hours = value.find("hours"); hours != value.end() && !hours->is_null()) {
        auto parsed = HoursValue(*hours, Child(path, "hours"));
        if (!parsed) {
            return tl::unexpected(parsed.error());
        }
        o.hours = *parsed;
    }
    auto reason = String(value, path, "reason", false);
    if (!reason) {
        return tl::unexpected(reason.error());
    }
    o.reason = *reason;
    return o;
}

/// Applies one parsed document to `calendar` in order: years, schedule, days, overrides (so a working
/// override without hours takes the document's own schedule).
core::Status Apply(const json& doc, WorkCalendar& calendar) {
    if (!doc.is_object()) {
        return Invalid("(document)", "must be a JSON object");
    }
    if (auto ok = OnlyKeys(doc, "", {"description", "source", "years", "schedule", "days", "overrides"}); !ok) {
        return ok;
    }
    for (const char* key : {"description", "source"}) {
        if (doc.contains(key) && !doc[key].is_string()) {
            return Invalid(key, "must be a string");
        }
    }
    std::set<int> years;
    if (auto it = doc.find("years"); it != doc.end()) {
        if (!it->is_array()) {
            return Invalid("years", "must be an array of years whose national holidays are complete");
        }
        for (size_t i = 0; i < it->size(); ++i) {
            const auto& y = (*it)[i];
            if (!y.is_number_integer() || y.get<std::int64_t>() < 1900 || y.get<std::int64_t>() > 2200) {
                return Invalid(fmt::format("years[{}]", i), "must be a year between 1900 and 2200");
            }
            years.insert(static_cast<int>(y.get<std::int64_t>()));
        }
    }
    for (int y : years) {
        calendar.MarkHolidayDataComplete(std::chrono::year{y});
    }
    if (auto it = doc.find("schedule"); it != doc.end()) {
        auto schedule = ScheduleValue(*it);
        if (!schedule) {
            return tl::unexpected(schedule.error());
        }
        if (auto ok = calendar.SetSchedule(*schedule); !ok) {
            return ok;
        }
    }
    if (auto it = doc.find("days"); it != doc.end()) {
        if (!it->is_array()) {
            return Invalid("days", "must be an array");
        }
        for (size_t i = 0; i < it->size(); ++i) {
            const std::string path = fmt::format("days[{}]", i);
            auto day = SpecialDayValue((*it)[i], path);
            if (!day) {
                return tl::unexpected(day.error());
            }
            // A national day outside the declared years would make HasHolidayData lie about that year.
            if (day->kind != DayKind::kLocalClosure && !calendar.HasHolidayData(day->date.year())) {
                return core::Fail(
                    core::ErrorKind::kInvalid, "calendar_day_outside_years",
                    fmt::format("{} is dated {} but holiday data for its year is not declared in \"years\".", path,
                                core::FormatDate(day->date)),
                    json{{"path", path}});
            }
            if (auto ok = calendar.AddSpecialDay(std::move(*day)); !ok) {
                return ok;
            }
        }
    }
    if (auto it = doc.find("overrides"); it != doc.end()) {
        if (!it->is_array()) {
            return Invalid("overrides", "must be an array");
        }
        for (size_t i = 0; i < it->size(); ++i) {
            auto o = OverrideValue((*it)[i], fmt::format("overrides[{}]", i));
            if (!o) {
                return tl::unexpected(o.error());
            }
            if (auto ok = calendar.SetOverride(std::move(*o)); !ok) {
                return ok;
            }
        }
    }
    return {};
}

}  // namespace

core::Result<WeeklySchedule> ScheduleFromJson(const nlohmann::json& value) { return ScheduleValue(value); }

core::Result<DayOverride> OverrideFromJson(const nlohmann::json& value, const std::string& path) {
    return OverrideValue(value, path);
}

core::Result<SpecialDay> SpecialDayFromJson(const nlohmann::json& value, const std::string& path) {
    return SpecialDayValue(value, path);
}

nlohmann::json ToJson(const WorkingHours& hours) {
    json out{{"open", FormatTimeOfDay(hours.open)}, {"close", FormatTimeOfDay(hours.close)}};
    if (hours.break_start < hours.break_end) {
        out["break_start"] = FormatTimeOfDay(hours.break_start);
        out["break_end"] = FormatTimeOfDay(hours.break_end);
    }
    return out;
}

nlohmann::json ToJson(const WeeklySchedule& schedule) {
    json out = json::object();
    for (size_t i = 0; i < kWeekdayKeys.size(); ++i) {
        const auto& day = schedule.days.at(i);
        out[std::string(kWeekdayKeys.at(i))] = day ? ToJson(*day) : json(nullptr);
    }
    return out;
}

nlohmann::json ToJson(const DayOverride& day) {
    json out{{"date", core::FormatDate(day.date)}, {"working", day.working}, {"reason", day.reason}};
    if (day.hours) {
        out["hours"] = ToJson(*day.hours);
    }
    return out;
}

nlohmann::json ToJson(const SpecialDay& day) {
    return json{{"date", core::FormatDate(day.date)},
                {"kind", ToString(day.kind)},
                {"name", {{"id", day.name.id}, {"en", day.name.en}}}};
}

core::Status WorkCalendar::MergeJson(std::string_view json_text) {
    json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return core::Fail(core::ErrorKind::kMalformed, "calendar_json_malformed", "The calendar is not valid JSON.");
    }
    WorkCalendar updated = *this;
    if (auto ok = Apply(doc, updated); !ok) {
        return ok;
    }
    *this = std::move(updated);
    return {};
}

core::Result<WorkCalendar> WorkCalendar::FromJson(std::string_view json_text) {
    WorkCalendar calendar;
    if (auto ok = calendar.MergeJson(json_text); !ok) {
        return tl::unexpected(ok.error());
    }
    return calendar;
}

}  // namespace layan::domain::calendar
