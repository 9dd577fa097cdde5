#include "layan/domain/calendar/layers.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "layan/domain/calendar/calendar_json.h"

namespace layan::domain::calendar {

namespace {

using nlohmann::json;

tl::unexpected<core::Error> EventInvalid(std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, "calendar_event_invalid", std::move(message));
}

/// Lays `schedule` on `calendar`; a schedule comes from a validated event or the catalog, so a failure is a bug.
void SetWeekOf(WorkCalendar& calendar, const WeeklySchedule& schedule) {
    if (auto set = calendar.SetSchedule(schedule); !set) {
        throw std::logic_error("calendar layers: a stored week is invalid: " + set.error().message);
    }
}

/// Lays a layer's overrides on `calendar`. An override that does not fit this calendar (a tenant-wide "open"
/// without hours, on a weekday this hall or unit does not work) leaves that date as the week says.
void SetDaysOf(WorkCalendar& calendar, const Layer& layer) {
    for (const auto& [date, day] : layer.days) {
        (void)calendar.SetOverride(day);
    }
}

core::Result<Date> DateOf(const json& data) {
    auto text = data.find("date");
    auto date = text != data.end() && text->is_string() ? core::ParseDate(text->get<std::string>()) : std::nullopt;
    if (!date) {
        return EventInvalid("A calendar event's \"date\" must be a date written YYYY-MM-DD.");
    }
    return *date;
}

core::Result<core::Instant> AtOf(const json& data) {
    auto text = data.find("at");
    auto at = text != data.end() && text->is_string() ? core::ParseIso8601(text->get<std::string>()) : std::nullopt;
    if (!at) {
        return EventInvalid("A calendar event's \"at\" must be an instant (ISO 8601).");
    }
    return *at;
}

}  // namespace

std::string_view ToString(Scope::Kind kind) {
    switch (kind) {
        case Scope::Kind::kTenant:
            return "tenant";
        case Scope::Kind::kUnit:
            return "unit";
        case Scope::Kind::kHall:
            return "hall";
    }
    return "tenant";
}

json ToJson(const Scope& scope) {
    json out{{"kind", ToString(scope.kind)}};
    if (scope.kind != Scope::Kind::kTenant) {
        out["id"] = scope.id;
    }
    return out;
}

core::Result<Scope> ScopeFromJson(const json& value) {
    auto invalid = [] {
        return core::Fail(core::ErrorKind::kInvalid, "calendar_scope_invalid",
                          "\"scope\" must be {\"kind\": \"tenant\"}, or {\"kind\": \"unit\" or \"hall\", \"id\": ...}.",
                          json{{"field", "scope"}});
    };
    if (!value.is_object() || !value.contains("kind") || !value["kind"].is_string()) {
        return invalid();
    }
    const auto kind = value["kind"].get<std::string>();
    if (kind == "tenant") {
        return value.size() == 1 ? core::Result<Scope>(Scope::Tenant()) : invalid();
    }
    if ((kind != "unit" && kind != "hall") || value.size() != 2 || !value.contains("id") || !value["id"].is_string() ||
        value["id"].get<std::string>().empty()) {
        return invalid();
    }
    auto id = value["id"].get<std::string>();
    return kind == "unit" ? Scope::Unit(std::move(id)) : Scope::Hall(std::move(id));
}

std::string_view TypeName(const Event& event) {
    return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, event);
}

core::Instant At(const Event& event) {
    return std::visit([](const auto& e) { return e.at; }, event);
}

json ToJson(const Event& event) {
    json out{{"at", core::FormatIso8601(At(event))}};
    std::visit(
        [&out](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, WeekSet>) {
                out["scope"] = ToJson(e.scope);
                out["schedule"] = e.schedule ? ToJson(*e.schedule) : json(nullptr);
            } else if constexpr (std::is_same_v<T, DaySet>) {
                out["scope"] = ToJson(e.scope);
                out["day"] = ToJson(e.day);
            } else if constexpr (std::is_same_v<T, DayCleared>) {
                out["scope"] = ToJson(e.scope);
                out["date"] = core::FormatDate(e.date);
            } else {
                out["year"] = static_cast<int>(e.year);
                out["source"] = e.source;
                out["days"] = json::array();
                for (const auto& day : e.days) {
                    out["days"].push_back(ToJson(day));
                }
            }
        },
        event);
    return out;
}

core::Result<Event> EventFromJson(std::string_view type, const json& data) {
    if (!data.is_object()) {
        return EventInvalid("A calendar event must be a JSON object.");
    }
    auto at = AtOf(data);
    if (!at) {
        return tl::unexpected(at.error());
    }
    if (type == YearImported::kType) {
        YearImported e{.at = *at, .year = {}, .source = {}, .days = {}};
        if (!data.contains("year") || !data["year"].is_number_integer() || !data.contains("days") ||
            !data["days"].is_array()) {
            return EventInvalid("calendar_year_imported needs \"year\" and \"days\".");
        }
        e.year = std::chrono::year{data["year"].get<int>()};
        e.source = data.value("source", "");
        for (std::size_t i = 0; i < data["days"].size(); ++i) {
            auto day = SpecialDayFromJson(data["days"][i], fmt::format("days[{}]", i));
            if (!day) {
                return tl::unexpected(day.error());
            }
            e.days.push_back(std::move(*day));
        }
        return e;
    }
    auto scope = ScopeFromJson(data.value("scope", json(nullptr)));
    if (!scope) {
        return tl::unexpected(scope.error());
    }
    if (type == WeekSet::kType) {
        WeekSet e{.at = *at, .scope = std::move(*scope), .schedule = std::nullopt};
        if (auto it = data.find("schedule"); it != data.end() && !it->is_null()) {
            auto schedule = ScheduleFromJson(*it);
            if (!schedule) {
                return tl::unexpected(schedule.error());
            }
            e.schedule = *schedule;
        }
        return e;
    }
    if (type == DaySet::kType) {
        auto day = OverrideFromJson(data.value("day", json(nullptr)), "day");
        if (!day) {
            return tl::unexpected(day.error());
        }
        return DaySet{.at = *at, .scope = std::move(*scope), .day = std::move(*day)};
    }
    if (type == DayCleared::kType) {
        auto date = DateOf(data);
        if (!date) {
            return tl::unexpected(date.error());
        }
        return DayCleared{.at = *at, .scope = std::move(*scope), .date = *date};
    }
    return EventInvalid(fmt::format("\"{}\" is not a calendar event.", type));
}

void Layers::Apply(const Event& event) {
    std::visit(
        [this](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, WeekSet>) {
                scopes[e.scope].week = e.schedule;
            } else if constexpr (std::is_same_v<T, DaySet>) {
                scopes[e.scope].days.insert_or_assign(std::chrono::sys_days{e.day.date}, e.day);
            } else if constexpr (std::is_same_v<T, DayCleared>) {
                scopes[e.scope].days.erase(std::chrono::sys_days{e.date});
            } else {
                years.insert_or_assign(static_cast<int>(e.year), e);
            }
        },
        event);
}

const Layer& Layers::Of(const Scope& scope) const {
    static const Layer kNone;
    auto found = scopes.find(scope);
    return found == scopes.end() ? kNone : found->second;
}

WorkCalendar NationalOf(WorkCalendar embedded, const Layers& layers) {
    for (const auto& [year, imported] : layers.years) {
        if (auto replaced = embedded.ReplaceHolidayYear(imported.year, imported.days); !replaced) {
            throw std::logic_error("calendar layers: a stored year is invalid: " + replaced.error().message);
        }
    }
    return embedded;
}

WorkCalendar TenantCalendar(WorkCalendar embedded, const Layers& layers) {
    auto national = NationalOf(std::move(embedded), layers);
    const auto& tenant = layers.Of(Scope::Tenant());
    SetWeekOf(national, tenant.week.value_or(DefaultSchedule()));
    SetDaysOf(national, tenant);
    return national;
}

WorkCalendar UnitCalendar(WorkCalendar embedded, const Layers& layers, std::string_view unit_id) {
    auto national = NationalOf(std::move(embedded), layers);
    const auto& tenant = layers.Of(Scope::Tenant());
    const auto& unit = layers.Of(Scope::Unit(std::string(unit_id)));
    SetWeekOf(national, unit.week.value_or(tenant.week.value_or(DefaultSchedule())));
    SetDaysOf(national, tenant);
    SetDaysOf(national, unit);
    return national;
}

WorkCalendar HallCalendar(WorkCalendar embedded, const Layers& layers, const catalog::Hall& hall) {
    auto national = NationalOf(std::move(embedded), layers);
    const auto& own = layers.Of(Scope::Hall(hall.id));
    SetWeekOf(national, own.week.value_or(WeekOf(hall.opening_hours)));
    SetDaysOf(national, layers.Of(Scope::Tenant()));
    SetDaysOf(national, own);
    return national;
}

core::Result<std::vector<Event>> SetWeek(const Scope& scope, std::optional<WeeklySchedule> schedule,
                                         core::Instant now) {
    if (schedule) {
        for (const auto& day : schedule->days) {
            if (day) {
                if (auto valid = Validate(*day); !valid) {
                    return tl::unexpected(valid.error());
                }
            }
        }
        if (std::none_of(schedule->days.begin(), schedule->days.end(),
                         [](const auto& day) { return day.has_value(); })) {
            return core::Fail(core::ErrorKind::kInvalid, "calendar_no_working_weekday",
                              "The weekly schedule must have at least one working weekday; close single days instead.",
                              json{{"field", "schedule"}});
        }
    }
    return std::vector<Event>{WeekSet{.at = now, .scope = scope, .schedule = schedule}};
}

core::Result<std::vector<Event>> SetDay(const WorkCalendar& scope_calendar, const Scope& scope, DayOverride day,
                                        core::Instant now) {
    const bool changes_hours = day.working && day.hours.has_value();
    if ((!day.working || changes_hours) && day.reason.empty()) {
        return core::Fail(core::ErrorKind::kInvalid, "reason_required",
                          "Say why the day is closed or keeps other hours: citizens see the reason.",
                          json{{"field", "reason"}});
    }
    WorkCalendar trial = scope_calendar;
    if (auto set = trial.SetOverride(day); !set) {
        return tl::unexpected(set.error());
    }
    if (day.working && !day.hours) {
        day.hours = trial.HoursOn(day.date);  // the weekday's hours as they are now: the event says what it means
    }
    return std::vector<Event>{DaySet{.at = now, .scope = scope, .day = std::move(day)}};
}

core::Result<std::vector<Event>> ClearDay(const Layers& layers, const Scope& scope, Date date, core::Instant now) {
    if (!layers.Of(scope).days.contains(std::chrono::sys_days{date})) {
        return std::vector<Event>{};
    }
    return std::vector<Event>{DayCleared{.at = now, .scope = scope, .date = date}};
}

core::Result<std::vector<Event>> ImportYears(std::string_view document_json, core::Instant now) {
    auto invalid = [](std::string message) {
        return core::Fail(core::ErrorKind::kInvalid, "calendar_import_invalid", std::move(message));
    };
    const json doc = json::parse(document_json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_object()) {
        for (const char* key : {"schedule", "overrides"}) {
            if (doc.contains(key)) {
                return invalid(fmt::format(
                    "A national calendar carries holidays only; \"{}\" is a tenant's, unit's or hall's decision.",
                    key));
            }
        }
    }
    auto calendar = WorkCalendar::FromJson(document_json);
    if (!calendar) {
        return tl::unexpected(calendar.error());
    }
    const auto years = calendar->HolidayYears();
    if (years.empty()) {
        return invalid("The document declares no year as complete (\"years\"): there is nothing to import.");
    }
    std::vector<Event> events;
    for (auto year : years) {
        auto days = calendar->SpecialDaysIn(year);
        if (std::any_of(days.begin(), days.end(), [](const auto& d) { return d.kind == DayKind::kLocalClosure; })) {
            return invalid("A national calendar carries no local closures; close those days for a scope instead.");
        }
        events.emplace_back(YearImported{.at = now, .year = year, .source = doc.value("source", ""), .days = days});
    }
    return events;
}

}  // namespace layan::domain::calendar
