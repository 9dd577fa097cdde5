#include "layan/api/audit_routes.h"

#include <charconv>

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/api/views.h"
#include "layan/domain/access/access.h"
#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"
#include "layan/http/body.h"

namespace layan::api {

namespace identity = domain::identity;
namespace permission = domain::access::permission;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

/// The whole NIK or phone in `body`, validated and normalised, as the vault keys it.
core::Result<std::pair<store::PersonalDataKind, std::string>> SubjectOf(const http::Body& body) {
    auto nik = body.OptionalString("nik", 64);
    auto phone = nik ? body.OptionalString("phone", 64) : tl::unexpected(nik.error());
    if (!phone) {
        return tl::unexpected(phone.error());
    }
    if (nik->has_value() == phone->has_value()) {
        return tl::unexpected(
            http::InvalidField("nik", "Give the subject's \"nik\" or their \"phone\", one of the two."));
    }
    if (*nik) {
        if (auto valid = identity::ValidateNik(**nik); !valid) {
            return tl::unexpected(valid.error());
        }
        return std::pair{store::PersonalDataKind::kNik, **nik};
    }
    auto normal = identity::NormalizePhone(**phone);
    if (!normal) {
        return tl::unexpected(normal.error());
    }
    return std::pair{store::PersonalDataKind::kPhone, *normal};
}

std::string TenantOf(const Request& request) { return std::string(request.PathParam("tenant")); }

std::string ChainStatus(const store::ChainedEvent& chained) {
    if (!chained.hash) {
        return "unsealed";
    }
    if (!chained.content_intact) {
        return "edited";
    }
    return chained.linked ? "intact" : "broken";
}

json AuditEventJson(const store::ChainedEvent& chained, const engine::StreamOwner& owner) {
    const auto* hall = owner.hall;
    const auto& event = chained.event;
    auto meta = [&](const char* key) -> json {
        auto found = event.metadata.is_object() ? event.metadata.find(key) : event.metadata.end();
        return event.metadata.is_object() && found != event.metadata.end() ? *found : json(nullptr);
    };
    auto hex = [](const std::optional<store::Digest>& digest) -> json {
        return digest ? json(store::crypto::ToHex(*digest)) : json(nullptr);
    };
    return json{{"position", event.position},
                {"stream", event.stream},
                {"version", event.version},
                {"type", event.type},
                {"data", event.data},
                {"actor", meta("actor")},
                {"role", meta("role")},
                {"ip", meta("ip")},
                {"device", meta("device")},
                {"hall", hall != nullptr ? json(hall->id) : json(nullptr)},
                {"recorded_at", core::FormatIso8601(event.recorded_at)},
                {"tenant", owner.tenant_id},
                {"recorded_at_local", core::FormatIso8601(event.recorded_at, owner.utc_offset)},
                {"time_zone", TimeZoneName(owner.utc_offset)},
                {"prev_hash", hex(chained.prev_hash)},
                {"hash", hex(chained.hash)},
                {"chain", ChainStatus(chained)}};
}

void ListAuditEvents(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto after = IntegerQuery(request, "after", 0, 0, INT64_MAX);
    auto limit = after ? IntegerQuery(request, "limit", 100, 1, 1000) : tl::unexpected(after.error());
    if (!limit) {
        return respond(Response::Error(limit.error()));
    }
    store::AuditQuery query{
        .stream = std::string(request.Query("stream").value_or("")), .after_position = *after, .limit = *limit};
    OnWorker(ctx, respond, [&ctx, tenant = TenantOf(request), query] {
        auto page = ctx.engine.audit.Events(tenant, query);
        json listed = json::array();
        for (const auto& record : page.records) {
            listed.push_back(AuditEventJson(record.chained, record.owner));
        }
        return Response::Json(
            200, json{{"events", listed}, {"next_after", page.next_after}, {"head_position", page.head_position}});
    });
}

void VerifyAuditTrail(ApiContext& ctx, const Request& request, const Responder& respond) {
    store::VerifyOptions options;
    if (auto anchor = request.Query("anchor")) {
        options.anchor = store::ParseAnchor(*anchor);
        if (!options.anchor) {
            return respond(Response::Error(http::InvalidField(
                "anchor",
                "The anchor is \"<position>:<log hash in 64 hex digits>\", as `layan audit verify` prints it.")));
        }
    }
    // A walk of the whole log: never on the event loop.
    OnWorker(ctx, respond, [&ctx, tenant = TenantOf(request), options] {
        auto verified = ctx.engine.audit.Verify(tenant, options);
        const auto& report = verified.report;
        json backfill = nullptr;
        if (report.head.backfilled_through > 0) {
            backfill = json{{"through_position", report.head.backfilled_through},
                            {"at", report.head.backfilled_at ? json(core::FormatIso8601(*report.head.backfilled_at))
                                                             : json(nullptr)}};
        }
        auto out = AuditReportJson(report, verified.ok);
        out["sealed_by_migration"] = backfill;
        out["problems_elsewhere"] = verified.problems_elsewhere;
        return Response::Json(200, out);
    });
}

void GetCitizen(ApiContext& ctx, const Request& request, const Responder& respond) {
    OnWorker(ctx, respond,
             [&ctx, tenant = TenantOf(request), ref = std::string(request.PathParam("citizen")),
              by = CallerOf(request).actor] {
                 auto file = ctx.engine.personal_data.Citizen(tenant, ref, by);
                 return file ? Response::Json(200, CitizenFileJson(*file)) : Response::Error(file.error());
             });
}

void ExportSubject(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto subject = body ? SubjectOf(*body) : tl::unexpected(body.error());
    if (!subject) {
        return respond(Response::Error(subject.error()));
    }
    OnWorker(ctx, respond, [&ctx, tenant = TenantOf(request), subject = *subject, by = CallerOf(request).actor] {
        auto exported = ctx.engine.personal_data.Export(tenant, subject.first, subject.second, by);
        return exported ? Response::Json(200, SubjectExportJson(*exported)) : Response::Error(exported.error());
    });
}

void EraseSubject(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto subject = body ? SubjectOf(*body) : tl::unexpected(body.error());
    auto reason = subject ? body->OptionalString("reason", 64) : tl::unexpected(subject.error());
    if (!reason) {
        return respond(Response::Error(reason.error()));
    }
    OnWorker(ctx, respond,
             [&ctx, tenant = TenantOf(request), subject = *subject, reason = reason->value_or("data_subject_request"),
              by = CallerOf(request).actor] {
                 auto erased = ctx.engine.personal_data.Erase(tenant, subject.first, subject.second, reason, by);
                 return erased ? Response::Json(200, json{{"erased", *erased}}) : Response::Error(erased.error());
             });
}

}  // namespace

void RegisterAuditRoutes(http::Router& router, ApiContext& ctx) {
    // Scoped by tenant in the path, so the guard admits only that tenant's auditors and admins.
    const std::string tenant = "/api/v1/tenants/{tenant}";
    const std::string read(permission::kAuditRead);
    const std::string manage(permission::kPersonalDataManage);
    router.Add("GET", tenant + "/audit/events", read, Bind(ctx, &ListAuditEvents));
    router.Add("GET", tenant + "/audit/verify", read, Bind(ctx, &VerifyAuditTrail));
    router.Add("GET", tenant + "/personal-data/citizens/{citizen}", manage, Bind(ctx, &GetCitizen));
    router.Add("POST", tenant + "/personal-data/export", manage, Bind(ctx, &ExportSubject));
    router.Add("POST", tenant + "/personal-data/erase", manage, Bind(ctx, &EraseSubject));
}

}  // namespace layan::api
