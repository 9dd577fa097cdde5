#include "layan/api/performance_routes.h"

#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/api/tables.h"
#include "layan/domain/access/access.h"
#include "layan/domain/survey/ikm.h"
#include "layan/http/body.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace permission = domain::access::permission;
namespace stats = domain::stats;
namespace survey = domain::survey;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

constexpr std::int64_t kDefaultTargetMinutes = 15;

json Optional(const std::optional<double>& value, int places = 2) {
    if (!value) {
        return nullptr;
    }
    const double scale = std::pow(10.0, places);
    return std::round(*value * scale) / scale;
}

/// Whether the respondents reach the Krejcie–Morgan minimum for the citizens served (never with no respondent).
bool SampleReached(const stats::Figures& figures) {
    return figures.survey.respondents() > 0 && figures.survey.respondents() >= figures.sample_needed;
}

json IkmJson(const stats::Figures& figures) {
    if (!figures.ikm) {
        return nullptr;
    }
    const auto& ikm = *figures.ikm;
    return {{"respondents", ikm.respondents},         {"value", Optional(ikm.ikm, 4)},
            {"converted", ikm.ConvertedText()},       {"converted_hundredths", ikm.converted_hundredths},
            {"grade", survey::ToString(ikm.grade)},   {"label", store::ToJson(survey::GradeLabel(ikm.grade))},
            {"sample_needed", figures.sample_needed}, {"sample_reached", ikm.respondents >= figures.sample_needed}};
}

json FiguresJson(const stats::Figures& figures) {
    return {{"tickets", figures.tickets},
            {"served", figures.served},
            {"no_shows", figures.no_shows},
            {"cancelled", figures.cancelled},
            {"waiting_time_known", figures.waits_known},
            {"abandoned", figures.abandoned},
            {"mean_wait_s", Optional(figures.mean_wait_s, 1)},
            {"p90_wait_s", figures.p90_wait_s ? json(*figures.p90_wait_s) : json(nullptr)},
            {"mean_service_s", Optional(figures.mean_service_s, 1)},
            {"within_target", figures.within_target},
            {"within_target_share", Optional(figures.within_target_share, 4)},
            {"respondents", figures.survey.respondents()},
            {"ikm", IkmJson(figures)}};
}

json StatusJson(const engine::ViewStatus& status) {
    return {{"position", status.position},
            {"head", status.head},
            {"behind", status.behind},
            {"rebuilding", status.rebuilding}};
}

/// Rows of figures under a name: {id_field, "name", "unit"?, members_field?, "figures"}. `members_field` names the
/// row's list when it has one (a service's themes, a theme's services).
json RowsJson(const std::vector<engine::NamedFigures>& rows, std::string_view id_field,
              std::string_view members_field = {}) {
    json out = json::array();
    for (const auto& row : rows) {
        json entry = {{std::string(id_field), row.id}, {"name", store::ToJson(row.name)}};
        if (!row.unit.empty()) {
            entry["unit"] = row.unit;
        }
        if (!members_field.empty()) {
            entry[std::string(members_field)] = row.members;
        }
        entry["figures"] = FiguresJson(row.figures);
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

json PerformanceReportJson(const engine::PerformanceReport& report) {
    // A hall's name is one text, not two languages.
    json halls = RowsJson(report.halls, "id");
    for (std::size_t i = 0; i < report.halls.size(); ++i) {
        halls[i]["name"] = report.halls[i].name.id;
    }
    json points = json::array();
    for (const auto& point : report.trend) {
        points.push_back({{"from", core::FormatDate(point.from)},
                          {"to", core::FormatDate(point.to)},
                          {"figures", FiguresJson(point.figures)}});
    }
    return {{"tenant", {{"id", report.tenant.id}, {"name", report.tenant.name}}},
            {"from", core::FormatDate(report.query.from)},
            {"to", core::FormatDate(report.query.to)},
            {"hall", report.query.hall ? json(*report.query.hall) : json(nullptr)},
            {"target_minutes", report.query.target.count()},
            {"view", StatusJson(report.status)},
            {"totals", FiguresJson(report.totals)},
            {"halls", std::move(halls)},
            {"units", RowsJson(report.units, "id")},
            {"services", RowsJson(report.services, "code", "themes")},
            {"themes", RowsJson(report.themes, "id", "services")},
            {"trend", {{"granularity", report.granularity}, {"points", std::move(points)}}}};
}

namespace {

json ProfileJson(const stats::Figures& figures) {
    json profile = json::object();
    for (const auto& field : survey::ProfileFields()) {
        json counts = json::object();
        for (const auto& option : field.options) {
            auto found = figures.profile.find(fmt::format("{}:{}", field.name, option.code));
            counts[std::string(option.code)] = found == figures.profile.end() ? 0 : found->second;
        }
        profile[std::string(field.name)] = std::move(counts);
    }
    return profile;
}

json ElementsJson(const stats::Figures& figures) {
    json elements = json::array();
    for (const auto& element : survey::Elements()) {
        auto tally = figures.survey.Of(element.code);
        elements.push_back(
            {{"code", element.code},
             {"name", {{"id", element.name_id}, {"en", element.name_en}}},
             {"answered", tally.answered},
             {"sum", tally.sum},
             {"nrr", tally.answered > 0
                         ? Optional(static_cast<double>(tally.sum) / static_cast<double>(tally.answered), 3)
                         : json(nullptr)}});
    }
    return elements;
}

json ScopeJson(const engine::PeriodQuery& query) {
    auto text = [](const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); };
    return {{"hall", text(query.hall)}, {"unit", text(query.unit)}, {"service", text(query.service)}};
}

json SkmJson(const engine::SkmReport& report) {
    json comments = json::array();
    for (const auto& comment : report.comments) {
        comments.push_back({{"date", core::FormatDate(std::chrono::year_month_day{comment.day})},
                            {"hall", comment.hall},
                            {"service", comment.service},
                            {"text", comment.text}});  // the day only: an instant would name the citizen
    }
    json services = json::array();
    for (const auto& service : report.services) {
        services.push_back({{"code", service.id},
                            {"name", store::ToJson(service.name)},
                            {"unit", service.unit},
                            {"population", service.figures.served},
                            {"respondents", service.figures.survey.respondents()},
                            {"ikm", IkmJson(service.figures)},
                            {"elements", ElementsJson(service.figures)}});
    }
    const auto& figures = report.figures;
    return {{"from", core::FormatDate(report.query.from)},
            {"to", core::FormatDate(report.query.to)},
            {"scope", ScopeJson(report.query)},
            {"view", StatusJson(report.status)},
            {"weight", survey::ToString(report.weight)},
            {"population", figures.served},
            {"respondents", figures.survey.respondents()},
            {"sample_needed", figures.sample_needed},
            {"sample_reached", SampleReached(figures)},
            {"elements", ElementsJson(figures)},
            {"ikm", IkmJson(figures)},
            {"lowest", report.lowest},
            {"conduct", {{"answered", figures.conduct_answered}, {"mean", Optional(figures.conduct_mean, 2)}}},
            {"profile", ProfileJson(figures)},
            {"comments", std::move(comments)},
            {"services", std::move(services)}};
}

json OfficersJson(const engine::OfficersReport& report) {
    json officers = json::array();
    for (const auto& row : report.officers) {
        const auto& total = row.figures.total;
        officers.push_back(
            {{"id", row.id},
             {"name", row.name},
             {"unit", row.unit},
             {"served", total.served},
             {"mean_service_s", Optional(row.figures.mean_service_s, 1)},
             {"no_shows", total.no_shows},
             {"idle_while_waiting_s", total.idle_while_waiting_ms / 1000},
             {"conduct", {{"answered", total.conduct_answered}, {"mean", Optional(row.figures.conduct_mean)}}}});
    }
    return {{"from", core::FormatDate(report.query.from)},
            {"to", core::FormatDate(report.query.to)},
            {"scope", ScopeJson(report.query)},
            {"view", StatusJson(report.status)},
            {"officers", std::move(officers)}};
}

// ---- the query of a period ----

core::Result<std::optional<std::string>> TextQuery(const Request& request, std::string_view name) {
    auto value = request.Query(name);
    if (!value || value->empty()) {
        return std::nullopt;
    }
    if (value->size() > 64) {
        return tl::unexpected(http::InvalidField(name, fmt::format("\"{}\" is too long.", name)));
    }
    return std::string(*value);
}

core::Result<std::chrono::year_month_day> DateQuery(const Request& request, std::string_view name,
                                                    std::chrono::year_month_day fallback) {
    auto value = request.Query(name);
    if (!value || value->empty()) {
        return fallback;
    }
    auto date = core::ParseDate(*value);
    if (!date) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_range",
                          fmt::format("\"{}\" must be a date written YYYY-MM-DD.", name), {{"field", name}});
    }
    return *date;
}

core::Result<engine::PeriodQuery> PeriodOf(ApiContext& ctx, const Request& request) {
    engine::PeriodQuery query;
    query.tenant = std::string(request.PathParam("tenant"));
    const auto* tenant = ctx.engine.directory.FindTenant(query.tenant);
    const auto today = core::LocalDate(ctx.engine.clock.Now(), tenant != nullptr ? tenant->utc_offset : core::kWib);
    auto from = DateQuery(request, "from", today);
    auto to = from ? DateQuery(request, "to", *from > today ? *from : today) : tl::unexpected(from.error());
    auto target =
        to ? IntegerQuery(request, "target_minutes", kDefaultTargetMinutes, 1, 240) : tl::unexpected(to.error());
    auto hall = target ? TextQuery(request, "hall") : tl::unexpected(target.error());
    auto unit = hall ? TextQuery(request, "unit") : tl::unexpected(hall.error());
    auto service = unit ? TextQuery(request, "service") : tl::unexpected(unit.error());
    if (!service) {
        return tl::unexpected(service.error());
    }
    query.from = *from;
    query.to = *to;
    query.target = std::chrono::minutes{*target};
    query.hall = *hall;
    query.unit = *unit;
    query.service = *service;
    return query;
}

/// A JSON answer with a validator: 304 when the caller has it already.
Response Cached(std::string_view if_none_match, const json& body, int max_age) {
    auto text = body.dump();
    auto etag = fmt::format("\"{:016x}\"", std::hash<std::string>{}(text));
    auto cache = fmt::format("public, max-age={}", max_age);
    if (if_none_match == etag) {
        return Response::Text(304, "", "application/json; charset=utf-8")
            .WithHeader("ETag", etag)
            .WithHeader("Cache-Control", cache)
            .WithHeader("Access-Control-Allow-Origin", "*");
    }
    return Response::Text(200, std::move(text), "application/json; charset=utf-8")
        .WithHeader("ETag", etag)
        .WithHeader("Cache-Control", cache)
        .WithHeader("Access-Control-Allow-Origin", "*");
}

// ---- exports ----

Cell Minutes(const std::optional<double>& seconds) { return seconds ? Cell::Decimal(*seconds / 60.0, 1) : Cell(); }

Cell WholeMinutes(const std::optional<std::int64_t>& seconds) {
    return seconds ? Cell::Decimal(static_cast<double>(*seconds) / 60.0, 1) : Cell();
}

const std::vector<std::string> kFigureHeaders = {"Tiket",
                                                 "Dilayani",
                                                 "Tidak hadir",
                                                 "Dibatalkan",
                                                 "Rata-rata tunggu (menit)",
                                                 "P90 tunggu (menit)",
                                                 "Rata-rata layanan (menit)",
                                                 "Dipanggil tepat target (%)",
                                                 "Responden SKM",
                                                 "IKM",
                                                 "Mutu pelayanan",
                                                 "Sampel minimum",
                                                 "Sampel tercukupi"};

std::vector<Cell> FigureCells(const stats::Figures& figures) {
    std::vector<Cell> cells = {
        figures.tickets,
        figures.served,
        figures.no_shows,
        figures.cancelled,
        Minutes(figures.mean_wait_s),
        WholeMinutes(figures.p90_wait_s),
        Minutes(figures.mean_service_s),
        figures.within_target_share ? Cell::Decimal(*figures.within_target_share * 100.0, 1) : Cell(),
        figures.survey.respondents()};
    if (figures.ikm) {
        cells.push_back(Cell::Decimal(static_cast<double>(figures.ikm->converted_hundredths) / 100.0, 2));
        cells.emplace_back(
            fmt::format("{} ({})", survey::ToString(figures.ikm->grade), survey::GradeLabel(figures.ikm->grade).id));
    } else {
        cells.emplace_back();
        cells.emplace_back();
    }
    cells.emplace_back(figures.sample_needed);
    cells.emplace_back(SampleReached(figures) ? "Ya" : "Tidak");
    return cells;
}

std::string PeriodText(const engine::PeriodQuery& query) {
    return fmt::format("{} s.d. {}", core::FormatDate(query.from), core::FormatDate(query.to));
}

core::Result<Table> ExportTable(const engine::PerformanceReport& report, std::string_view table) {
    Table out;
    auto named = [&](const std::vector<engine::NamedFigures>& rows, std::vector<std::string> headers,
                     std::string_view name, std::string_view title, bool with_unit) {
        out.name = std::string(name);
        out.title = fmt::format("{} — {}, {}", title, report.tenant.name, PeriodText(report.query));
        out.headers = std::move(headers);
        out.headers.insert(out.headers.end(), kFigureHeaders.begin(), kFigureHeaders.end());
        for (const auto& row : rows) {
            std::vector<Cell> cells = {row.id, row.name.id};
            if (with_unit) {
                cells.emplace_back(row.unit);
            }
            auto figures = FigureCells(row.figures);
            cells.insert(cells.end(), figures.begin(), figures.end());
            out.rows.push_back(std::move(cells));
        }
    };
    if (table == "services") {
        named(report.services, {"Kode", "Layanan", "Unit"}, "layanan", "Kinerja per layanan", true);
    } else if (table == "units") {
        named(report.units, {"Kode", "Unit"}, "unit", "Kinerja per unit", false);
    } else if (table == "halls") {
        named(report.halls, {"Kode", "Mal Pelayanan Publik"}, "mpp", "Kinerja per mal pelayanan", false);
    } else if (table == "themes") {
        named(report.themes, {"Kode", "Tema RB"}, "tema", "Kinerja per tema reformasi birokrasi", false);
    } else if (table == "trend") {
        out.name = "tren";
        out.title = fmt::format("Tren kinerja — {}, {}", report.tenant.name, PeriodText(report.query));
        out.headers = {"Dari", "Sampai"};
        out.headers.insert(out.headers.end(), kFigureHeaders.begin(), kFigureHeaders.end());
        for (const auto& point : report.trend) {
            std::vector<Cell> cells = {core::FormatDate(point.from), core::FormatDate(point.to)};
            auto figures = FigureCells(point.figures);
            cells.insert(cells.end(), figures.begin(), figures.end());
            out.rows.push_back(std::move(cells));
        }
    } else {
        return core::Fail(core::ErrorKind::kNotFound, "export_not_found",
                          fmt::format("There is no table '{}': choose services, units, halls, themes or trend.", table),
                          {{"table", table}});
    }
    return out;
}

Table OfficersTable(const engine::OfficersReport& report, const std::string& tenant_name) {
    Table out;
    out.name = "petugas";
    out.title = fmt::format("Kinerja petugas — {}, {}", tenant_name, PeriodText(report.query));
    out.headers = {"Kode",
                   "Nama",
                   "Unit",
                   "Dilayani",
                   "Rata-rata layanan (menit)",
                   "Tidak hadir",
                   "Menganggur saat ada antrean (menit)",
                   "Penilaian sikap (responden)",
                   "Penilaian sikap (1–4)"};
    for (const auto& row : report.officers) {
        const auto& total = row.figures.total;
        out.rows.push_back(
            {row.id, row.name, row.unit, total.served, Minutes(row.figures.mean_service_s), total.no_shows,
             Cell::Decimal(static_cast<double>(total.idle_while_waiting_ms) / 60000.0, 1), total.conduct_answered,
             row.figures.conduct_mean ? Cell::Decimal(*row.figures.conduct_mean, 2) : Cell()});
    }
    return out;
}

/// The export of `table` in the format its file name ends with (".csv", ".xlsx").
Response Export(const Table& table, std::string_view format, const engine::PeriodQuery& query,
                std::string_view cache_control) {
    auto filename = fmt::format("kinerja-{}-{}-{}.{}", table.name, core::FormatDate(query.from),
                                core::FormatDate(query.to), format);
    auto disposition = fmt::format("attachment; filename=\"{}\"", filename);
    if (format == "csv") {
        return Response::Text(200, ToCsv(table), "text/csv; charset=utf-8")
            .WithHeader("Content-Disposition", disposition)
            .WithHeader("Cache-Control", std::string(cache_control));
    }
    auto xlsx = ToXlsx(table);
    if (!xlsx) {
        return Response::Error(xlsx.error());
    }
    return Response::Text(200, std::move(*xlsx), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .WithHeader("Content-Disposition", disposition)
        .WithHeader("Cache-Control", std::string(cache_control));
}

/// "services.csv" → {"services", "csv"}; nullopt for another extension.
std::optional<std::pair<std::string, std::string>> SplitFile(std::string_view file) {
    for (std::string_view format : {"csv", "xlsx"}) {
        if (file.size() > format.size() + 1 && file.ends_with(format) && file[file.size() - format.size() - 1] == '.') {
            return std::pair{std::string(file.substr(0, file.size() - format.size() - 1)), std::string(format)};
        }
    }
    return std::nullopt;
}

// ---- handlers ----

void GetPerformance(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto query = PeriodOf(ctx, request);
    if (!query) {
        return respond(Response::Error(query.error()));
    }
    OnPool(ctx.engine.report_workers, respond,
           [&ctx, match = std::string(request.Header("if-none-match").value_or("")), query = std::move(*query)] {
               auto report = ctx.engine.performance.Report(query);
               if (!report) {
                   return Response::Error(report.error());
               }
               return Cached(match, PerformanceReportJson(*report), 60);
           });
}

void ExportPerformance(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto file = SplitFile(request.PathParam("file"));
    if (!file) {
        return respond(Response::Error(core::Error{core::ErrorKind::kNotFound, "export_not_found",
                                                   "Exports end in .csv or .xlsx, e.g. services.csv.", nullptr}));
    }
    auto query = PeriodOf(ctx, request);
    if (!query) {
        return respond(Response::Error(query.error()));
    }
    OnPool(ctx.engine.report_workers, respond, [&ctx, file = std::move(*file), query = std::move(*query)] {
        auto report = ctx.engine.performance.Report(query);
        if (!report) {
            return Response::Error(report.error());
        }
        auto table = ExportTable(*report, file.first);
        if (!table) {
            return Response::Error(table.error());
        }
        return Export(*table, file.second, query, "public, max-age=60").WithHeader("Access-Control-Allow-Origin", "*");
    });
}

Response LiveResponse(ApiContext& ctx, const std::string& tenant, std::string_view if_none_match) {
    auto live = ctx.engine.performance.Live(tenant);
    if (!live) {
        return Response::Error(live.error());
    }
    json halls = json::array();
    for (const auto& hall : live->halls) {
        json services = json::array();
        for (const auto& service : hall.services) {
            services.push_back({{"code", service.code},
                                {"name", store::ToJson(service.name)},
                                {"waiting", service.waiting},
                                {"longest_wait_s", service.longest_wait.count() / 1000}});
        }
        halls.push_back({{"id", hall.id},
                         {"name", hall.name},
                         {"open", hall.open},
                         {"counters_open", hall.counters_open},
                         {"waiting", hall.waiting},
                         {"longest_wait_s", hall.longest_wait.count() / 1000},
                         {"services", std::move(services)}});
    }
    return Cached(if_none_match, {{"at", core::FormatIso8601(live->at)}, {"halls", std::move(halls)}}, 5);
}

void GetLive(ApiContext& ctx, const Request& request, const Responder& respond) {
    // The first read of a hall after midnight folds its history from the store: on a worker.
    OnPool(ctx.engine.report_workers, respond,
           [&ctx, tenant = std::string(request.PathParam("tenant")),
            match = std::string(request.Header("if-none-match").value_or(""))] {
               return LiveResponse(ctx, tenant, match);
           });
}

/// Supervisors and unit heads see their own units only: a unit of theirs when they name one (403 other_unit
/// otherwise), else all of theirs. Admins and auditors see the whole tenant.
core::Status LimitToCallersUnits(const Request& request, engine::PeriodQuery& query) {
    const auto caller = CallerOf(request).principal;
    if (caller.role != domain::access::Role::kSupervisor && caller.role != domain::access::Role::kUnitHead) {
        return {};
    }
    if (query.unit && !caller.InUnit(*query.unit)) {
        return core::Fail(core::ErrorKind::kForbidden, "other_unit",
                          fmt::format("The unit '{}' is not one of yours.", *query.unit), {{"unit", *query.unit}});
    }
    query.units = caller.units;
    return {};
}

void GetSkm(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto query = PeriodOf(ctx, request);
    if (query) {
        if (auto limited = LimitToCallersUnits(request, *query); !limited) {
            return respond(Response::Error(limited.error()));
        }
    }
    if (!query) {
        return respond(Response::Error(query.error()));
    }
    OnPool(ctx.engine.report_workers, respond, [&ctx, query = std::move(*query)] {
        auto report = ctx.engine.performance.Skm(query);
        if (!report) {
            return Response::Error(report.error());
        }
        return Response::Json(200, SkmJson(*report)).WithHeader("Cache-Control", "private, no-store");
    });
}

void GetOfficers(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto query = PeriodOf(ctx, request);
    if (query) {
        if (auto limited = LimitToCallersUnits(request, *query); !limited) {
            return respond(Response::Error(limited.error()));
        }
    }
    if (!query) {
        return respond(Response::Error(query.error()));
    }
    auto format = request.Query("format").value_or("json");
    if (format != "json" && format != "csv" && format != "xlsx") {
        return respond(Response::Error(http::InvalidField("format", "\"format\" is json, csv or xlsx.")));
    }
    OnPool(ctx.engine.report_workers, respond, [&ctx, query = std::move(*query), format = std::string(format)] {
        auto report = ctx.engine.performance.Officers(query);
        if (!report) {
            return Response::Error(report.error());
        }
        if (format == "json") {
            return Response::Json(200, OfficersJson(*report)).WithHeader("Cache-Control", "private, no-store");
        }
        const auto* tenant = ctx.engine.directory.FindTenant(query.tenant);
        return Export(OfficersTable(*report, tenant->name), format, query, "private, no-store");
    });
}

void Rebuild(ApiContext& ctx, const Request& request, const Responder& respond) {
    if (ctx.engine.directory.FindTenant(request.PathParam("tenant")) == nullptr) {
        return respond(Response::Error(core::Error{core::ErrorKind::kNotFound, "tenant_not_found",
                                                   "There is no such government (tenant).", nullptr}));
    }
    ctx.engine.performance.Rebuild();
    respond(Response::Json(202, {{"view", StatusJson(ctx.engine.performance.Status())}}));
}

}  // namespace

void RegisterPerformanceRoutes(http::Router& router, ApiContext& ctx) {
    const std::string anyone(permission::kPublic);
    const std::string read(permission::kStatsRead);
    const std::string rebuild(permission::kStatsRebuild);
    const std::string tenant = "/api/v1/tenants/{tenant}";
    router.Add("GET", tenant + "/performance", anyone, Bind(ctx, &GetPerformance));
    router.Add("GET", tenant + "/performance/live", anyone, Bind(ctx, &GetLive));
    router.Add("GET", tenant + "/performance/{file}", anyone, Bind(ctx, &ExportPerformance));
    router.Add("POST", tenant + "/performance/rebuild", rebuild, Bind(ctx, &Rebuild));
    router.Add("GET", tenant + "/skm", read, Bind(ctx, &GetSkm));
    router.Add("GET", tenant + "/officers/performance", read, Bind(ctx, &GetOfficers));
}

}  // namespace layan::api
