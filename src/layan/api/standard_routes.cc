#include "layan/api/standard_routes.h"

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/domain/access/access.h"
#include "layan/domain/standards/events.h"
#include "layan/http/message.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace permission = domain::access::permission;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

/// The tenant's local date to read the standards on: `?on=YYYY-MM-DD`, else today.
core::Result<domain::calendar::Date> OnDate(ApiContext& ctx, const Request& request, const std::string& tenant) {
    if (auto text = request.Query("on"); text && !text->empty()) {
        auto date = core::ParseDate(*text);
        if (!date) {
            return tl::unexpected(http::InvalidField("on", "\"on\" must be a date written YYYY-MM-DD."));
        }
        return *date;
    }
    return ctx.engine.standards.TodayOf(tenant);
}

/// A service as citizens see it, with its standard in force (null when none is).
json ServiceJson(ApiContext& ctx, const std::string& tenant, const domain::catalog::Service& service,
                 domain::calendar::Date on) {
    return json{{"code", service.code},
                {"unit", service.unit_id},
                {"name", store::ToJson(service.name)},
                {"standard", StandardInForceJson(ctx, tenant, service.code, on)}};
}

core::Status KnownTenant(ApiContext& ctx, const std::string& tenant) {
    if (ctx.engine.directory.FindTenant(tenant) == nullptr) {
        return core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                          fmt::format("There is no tenant \"{}\".", tenant));
    }
    return {};
}

void ListServices(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    if (auto known = KnownTenant(ctx, tenant); !known) {
        return respond(Response::Error(known.error()));
    }
    auto on = OnDate(ctx, request, tenant);
    if (!on) {
        return respond(Response::Error(on.error()));
    }
    json services = json::array();
    for (const auto& service : ctx.engine.directory.ServicesOf(tenant)) {
        services.push_back(ServiceJson(ctx, tenant, service, *on));
    }
    respond(Response::Json(200, json{{"tenant", tenant}, {"on", core::FormatDate(*on)}, {"services", services}}));
}

void GetService(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    const std::string code(request.PathParam("service"));
    if (auto known = KnownTenant(ctx, tenant); !known) {
        return respond(Response::Error(known.error()));
    }
    auto on = OnDate(ctx, request, tenant);
    if (!on) {
        return respond(Response::Error(on.error()));
    }
    auto version = ctx.engine.standards.InForce(tenant, code, *on);  // 404 for an unknown service too
    if (!version) {
        return respond(Response::Error(version.error()));
    }
    const auto* service = ctx.engine.directory.FindService(tenant, code);
    json out{{"tenant", tenant}, {"on", core::FormatDate(*on)}};
    out.update({{"code", service->code},
                {"unit", service->unit_id},
                {"name", store::ToJson(service->name)},
                {"standard", domain::standards::PublishedJson(*version)}});
    respond(Response::Json(200, out));
}

void ListVersions(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    const std::string code(request.PathParam("service"));
    auto history = ctx.engine.standards.HistoryFor(tenant, code, CallerOf(request).principal);
    if (!history) {
        return respond(Response::Error(history.error()));
    }
    json versions = json::array();
    for (const auto& version : history->versions) {
        versions.push_back(domain::standards::ToJson(version));
    }
    respond(Response::Json(200, json{{"tenant", tenant}, {"service", code}, {"versions", versions}}));
}

void PublishVersion(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::ParseJsonBody(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    // The number is the history's to give: a draft names none.
    if (body->is_object() && !body->contains("version")) {
        (*body)["version"] = 0;
    }
    auto draft = domain::standards::StandardVersionFromJson(*body);
    if (!draft) {
        return respond(Response::Error(draft.error()));
    }
    const auto caller = CallerOf(request);
    ctx.engine.standards.Publish(std::string(request.PathParam("tenant")), std::string(request.PathParam("service")),
                                 std::move(*draft), caller.principal, caller.actor,
                                 [respond](core::Result<domain::standards::StandardVersion> published) {
                                     respond(published ? Response::Json(201, domain::standards::ToJson(*published))
                                                       : Response::Error(published.error()));
                                 });
}

}  // namespace

json StandardInForceJson(ApiContext& ctx, const std::string& tenant_id, const std::string& service_code,
                         domain::calendar::Date on) {
    auto version = ctx.engine.standards.InForce(tenant_id, service_code, on);
    return version ? domain::standards::PublishedJson(*version) : json(nullptr);
}

void RegisterStandardRoutes(http::Router& router, ApiContext& ctx) {
    const std::string services = "/api/v1/tenants/{tenant}/services";
    const std::string anyone(permission::kPublic);
    router.Add("GET", services, anyone, Bind(ctx, &ListServices));
    router.Add("GET", services + "/{service}", anyone, Bind(ctx, &GetService));
    const std::string manage(permission::kStandardsManage);
    router.Add("GET", services + "/{service}/standard-versions", manage, Bind(ctx, &ListVersions));
    router.Add("POST", services + "/{service}/standard-versions", manage, Bind(ctx, &PublishVersion));
}

}  // namespace layan::api
