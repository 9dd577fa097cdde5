#include "layan/api/calendar_routes.h"

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/api/views.h"
#include "layan/domain/access/access.h"
#include "layan/domain/calendar/calendar_json.h"
#include "layan/domain/calendar/layers.h"
#include "layan/http/body.h"

namespace layan::api {

namespace calendar = domain::calendar;
namespace permission = domain::access::permission;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

/// The scope a request names: `?hall=` or `?unit=` (at most one), else the tenant.
core::Result<calendar::Scope> ScopeOf(const Request& request) {
    auto hall = request.Query("hall");
    auto unit = request.Query("unit");
    if (hall && unit) {
        return tl::unexpected(http::InvalidField("hall", "Give either \"hall\" or \"unit\", not both."));
    }
    if (hall && !hall->empty()) {
        return calendar::Scope::Hall(std::string(*hall));
    }
    if (unit && !unit->empty()) {
        return calendar::Scope::Unit(std::string(*unit));
    }
    return calendar::Scope::Tenant();
}

core::Result<calendar::Date> DateParam(const Request& request) {
    auto date = core::ParseDate(request.PathParam("date"));
    if (!date) {
        return tl::unexpected(http::InvalidField("date", "The date must be written YYYY-MM-DD."));
    }
    return *date;
}

json LayerJson(const calendar::Layer& layer) {
    json days = json::array();
    for (const auto& [date, day] : layer.days) {
        days.push_back(calendar::ToJson(day));
    }
    return json{{"week", layer.week ? calendar::ToJson(*layer.week) : json(nullptr)}, {"days", std::move(days)}};
}

/// The administrators' decisions: each scope's week and days, and the imported national years.
json LayersJson(const calendar::Layers& layers) {
    json scopes = json::array();
    for (const auto& [scope, layer] : layers.scopes) {
        auto entry = LayerJson(layer);
        entry["scope"] = calendar::ToJson(scope);
        scopes.push_back(std::move(entry));
    }
    json years = json::array();
    for (const auto& [year, imported] : layers.years) {
        years.push_back({{"year", year},
                         {"source", imported.source},
                         {"days", imported.days.size()},
                         {"imported_at", core::FormatIso8601(imported.at)}});
    }
    return json{{"scopes", std::move(scopes)}, {"years", std::move(years)}};
}

json WarningsJson(const std::vector<std::chrono::year>& years) {
    json out = json::array();
    for (auto year : years) {
        out.push_back({{"code", "calendar_year_missing"},
                       {"year", static_cast<int>(year)},
                       {"message", engine::Calendars::MissingYearMessage(year)}});
    }
    return out;
}

/// Answers a command with the tenant's decisions after it, and the number of events it appended.
std::function<void(core::Result<engine::CalendarChange>)> RespondChange(const Responder& respond) {
    return [respond](core::Result<engine::CalendarChange> change) {
        if (!change) {
            return respond(Response::Error(change.error()));
        }
        auto out = LayersJson(*change->layers);
        out["changed"] = !change->events.empty();
        respond(Response::Json(200, out));
    };
}

void GetCalendar(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    auto scope = ScopeOf(request);
    if (!scope) {
        return respond(Response::Error(scope.error()));
    }
    const auto* found = ctx.engine.directory.FindTenant(tenant);
    const auto offset = found != nullptr ? found->utc_offset : core::kWib;
    const auto today = core::LocalDate(ctx.engine.clock.Now(), offset);
    auto from = today;
    if (auto text = request.Query("from"); text && !text->empty()) {
        auto date = core::ParseDate(*text);
        if (!date) {
            return respond(Response::Error(http::InvalidField("from", "\"from\" must be a date written YYYY-MM-DD.")));
        }
        from = *date;
    }
    auto days = IntegerQuery(request, "days", 31, 1, 366);
    if (!days) {
        return respond(Response::Error(days.error()));
    }
    auto work_calendar = ctx.engine.calendars.CalendarOf(tenant, *scope);
    if (!work_calendar) {
        return respond(Response::Error(work_calendar.error()));
    }
    json out{{"tenant", tenant}, {"scope", calendar::ToJson(*scope)}, {"utc_offset", OffsetText(offset)}};
    out.update(CalendarDaysJson(*work_calendar, from, static_cast<int>(*days)));
    out["warnings"] = WarningsJson(ctx.engine.calendars.YearsToWarn(tenant, today));
    respond(Response::Json(200, out));
}

void GetDecisions(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    if (ctx.engine.directory.FindTenant(tenant) == nullptr) {
        return respond(Response::Error(core::Error{core::ErrorKind::kNotFound, "tenant_not_found",
                                                   fmt::format("There is no tenant \"{}\".", tenant), nullptr}));
    }
    respond(Response::Json(200, LayersJson(*ctx.engine.calendars.LayersOf(tenant))));
}

void PutWeek(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto scope = ScopeOf(request);
    auto body = scope ? http::Body::Parse(request) : tl::unexpected(scope.error());
    auto schedule_json = body ? body->OptionalObject("schedule") : tl::unexpected(body.error());
    if (!schedule_json) {
        return respond(Response::Error(schedule_json.error()));
    }
    std::optional<calendar::WeeklySchedule> schedule;
    if (*schedule_json) {
        auto parsed = calendar::ScheduleFromJson(**schedule_json);
        if (!parsed) {
            return respond(Response::Error(parsed.error()));
        }
        schedule = *parsed;
    }
    ctx.engine.calendars.SetWeek(std::string(request.PathParam("tenant")), *scope, schedule, CallerOf(request).actor,
                                 RespondChange(respond));
}

void PutDay(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto scope = ScopeOf(request);
    auto date = scope ? DateParam(request) : tl::unexpected(scope.error());
    auto body = date ? http::Body::Parse(request) : tl::unexpected(date.error());
    auto hours = body ? body->OptionalObject("hours") : tl::unexpected(body.error());
    auto reason = hours ? body->StringOr("reason", 200, "") : tl::unexpected(hours.error());
    auto working = reason ? body->BooleanOr("working", false) : tl::unexpected(reason.error());
    if (!working) {
        return respond(Response::Error(working.error()));
    }
    json day{{"date", core::FormatDate(*date)}, {"working", *working}, {"reason", *reason}};
    if (*hours) {
        day["hours"] = **hours;
    }
    auto parsed = calendar::OverrideFromJson(day, "");
    if (!parsed) {
        return respond(Response::Error(parsed.error()));
    }
    ctx.engine.calendars.SetDay(std::string(request.PathParam("tenant")), *scope, *parsed, CallerOf(request).actor,
                                RespondChange(respond));
}

void DeleteDay(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto scope = ScopeOf(request);
    auto date = scope ? DateParam(request) : tl::unexpected(scope.error());
    if (!date) {
        return respond(Response::Error(date.error()));
    }
    ctx.engine.calendars.ClearDay(std::string(request.PathParam("tenant")), *scope, *date, CallerOf(request).actor,
                                  RespondChange(respond));
}

void PostYears(ApiContext& ctx, const Request& request, const Responder& respond) {
    ctx.engine.calendars.ImportYears(std::string(request.PathParam("tenant")), request.body, CallerOf(request).actor,
                                     RespondChange(respond));
}

}  // namespace

void RegisterCalendarRoutes(http::Router& router, ApiContext& ctx) {
    const std::string calendar_path = "/api/v1/tenants/{tenant}/calendar";
    const std::string anyone(permission::kPublic);
    const std::string manage(permission::kCalendarManage);
    router.Add("GET", calendar_path, anyone, Bind(ctx, &GetCalendar));
    router.Add("GET", calendar_path + "/decisions", manage, Bind(ctx, &GetDecisions));
    router.Add("PUT", calendar_path + "/week", manage, Bind(ctx, &PutWeek));
    router.Add("PUT", calendar_path + "/days/{date}", manage, Bind(ctx, &PutDay));
    router.Add("DELETE", calendar_path + "/days/{date}", manage, Bind(ctx, &DeleteDay));
    router.Add("POST", calendar_path + "/years", manage, Bind(ctx, &PostYears));
}

}  // namespace layan::api
