#include "layan/api/audit_routes.h"

#include <charconv>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/api/views.h"
#include "layan/auth/guard.h"
#include "layan/domain/access/access.h"
#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"
#include "layan/domain/queue/events.h"

namespace layan::api {

namespace access = domain::access;
namespace identity = domain::identity;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

constexpr std::string_view kAuditRead = "audit.read";
constexpr std::string_view kPersonalDataManage = "personal_data.manage";

// What the ticket's optional data is held for, and on what legal basis (UU 27/2022 art. 20).
const store::Ground kNotificationGround{"queue_notification", "consent"};
const store::Ground kPrefetchGround{"public_service", "public_service"};
// Why an administrator's views read the vault.
const store::Ground kAdministrationGround{"administration", "legal_obligation"};

store::Processor ProcessorOf(const Request& request) {
    return auth::ActorOf(auth::CallerOf(request), request.remote_address);
}

core::Error InvalidField(std::string_view field, std::string message, std::string code = "invalid_field") {
    return core::Error{core::ErrorKind::kInvalid, std::move(code), std::move(message), json{{"field", field}}};
}

core::Result<json> JsonObject(const Request& request) {
    if (request.body.empty()) {
        return json::object();
    }
    auto parsed = http::ParseJsonBody(request);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    if (!parsed->is_object()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_body", "The request body must be a JSON object.");
    }
    return parsed;
}

/// An optional string field: absent or null gives nullopt.
core::Result<std::optional<std::string>> OptionalText(const json& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 64) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" must be a short string.", field)));
    }
    return it->get<std::string>();
}

/// The whole NIK or phone in `body`, validated and normalised, as the vault keys it.
core::Result<std::pair<store::PersonalDataKind, std::string>> SubjectOf(const json& body) {
    auto nik = OptionalText(body, "nik");
    auto phone = OptionalText(body, "phone");
    if (!nik) {
        return tl::unexpected(nik.error());
    }
    if (!phone) {
        return tl::unexpected(phone.error());
    }
    if (nik->has_value() == phone->has_value()) {
        return tl::unexpected(InvalidField("nik", "Give the subject's \"nik\" or their \"phone\", one of the two."));
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

std::string Masked(store::PersonalDataKind kind, std::string_view value) {
    return kind == store::PersonalDataKind::kNik ? identity::MaskNik(value) : identity::MaskPhone(value);
}

/// Where an event stream belongs: its tenant, and its hall when it has one.
struct StreamOwner {
    std::string tenant_id{};  ///< Empty: no known tenant (shown to nobody through the API).
    const domain::catalog::Hall* hall = nullptr;
    core::UtcOffset utc_offset{};  ///< The hall's, else the tenant's: local time in the trail.
};

/// The halls and tenants of the catalog, to place events in a tenant and in local time.
class HallIndex {
public:
    explicit HallIndex(ApiContext& context) : context_(context) {
        for (auto& hall : context.database.CatalogRepo().ListHalls()) {
            halls_.emplace(hall.id, std::move(hall));
        }
        for (auto& tenant : context.database.CatalogRepo().ListTenants()) {
            tenants_.emplace(tenant.id, std::move(tenant));
        }
    }

    /// The owner of "hall/<id>/<date>" and "citizen/<ref>" (the hall where the data was collected), and of
    /// "tenant/<id>/..." (a tenant's accounts, devices and sign-ins).
    StreamOwner OwnerOf(const std::string& stream) {
        if (stream.starts_with("tenant/")) {
            auto tenant = tenants_.find(stream.substr(7, stream.find('/', 7) - 7));
            if (tenant == tenants_.end()) {
                return {};
            }
            return StreamOwner{.tenant_id = tenant->first, .hall = nullptr, .utc_offset = tenant->second.utc_offset};
        }
        const auto* hall = OfStream(stream);
        if (hall == nullptr) {
            return {};
        }
        return StreamOwner{.tenant_id = hall->tenant_id, .hall = hall, .utc_offset = hall->utc_offset};
    }

    /// The hall an event stream belongs to: "hall/<id>/<date>", or the hall where a citizen's data was
    /// collected for "citizen/<ref>"; null when none.
    const domain::catalog::Hall* OfStream(const std::string& stream) {
        std::string hall_id;
        if (stream.starts_with("hall/")) {
            hall_id = stream.substr(5, stream.find('/', 5) - 5);
        } else if (stream.starts_with("citizen/")) {
            auto ref = stream.substr(8);
            auto [cached, fresh] = citizen_halls_.try_emplace(ref);
            if (fresh) {
                auto citizen = context_.database.Vault().Find(ref);
                cached->second = citizen ? citizen->hall_id : "";
            }
            hall_id = cached->second;
        }
        return Find(hall_id);
    }

    const domain::catalog::Hall* Find(const std::string& hall_id) const {
        auto found = halls_.find(hall_id);
        return found == halls_.end() ? nullptr : &found->second;
    }

private:
    ApiContext& context_;
    std::map<std::string, domain::catalog::Hall, std::less<>> halls_;
    std::map<std::string, domain::catalog::Tenant, std::less<>> tenants_;
    std::map<std::string, std::string, std::less<>> citizen_halls_;
};

/// Whether something of `hall` belongs to the tenant the route names (the guard has checked that the caller
/// belongs to it). What belongs to no known hall belongs to no tenant and is not shown.
bool OfTenant(const Request& request, const domain::catalog::Hall* hall) {
    return hall != nullptr && hall->tenant_id == request.PathParam("tenant");
}

bool OfTenant(const Request& request, const StreamOwner& owner) {
    return !owner.tenant_id.empty() && owner.tenant_id == request.PathParam("tenant");
}

std::string ChainStatus(const store::ChainedEvent& chained) {
    if (!chained.hash) {
        return "unsealed";
    }
    if (!chained.content_intact) {
        return "edited";
    }
    return chained.linked ? "intact" : "broken";
}

json AuditEventJson(const store::ChainedEvent& chained, const StreamOwner& owner) {
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

core::Result<std::int64_t> IntQuery(const Request& request, std::string_view name, std::int64_t fallback,
                                    std::int64_t low, std::int64_t high) {
    auto text = request.Query(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < low || value > high) {
        return tl::unexpected(
            InvalidField(name, fmt::format("\"{}\" must be a whole number from {} to {}.", name, low, high)));
    }
    return value;
}

void ListAuditEvents(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto after = IntQuery(request, "after", 0, 0, INT64_MAX);
    auto limit = after ? IntQuery(request, "limit", 100, 1, 1000) : tl::unexpected(after.error());
    if (!limit) {
        return respond(Response::Error(limit.error()));
    }
    store::AuditQuery query{
        .stream = std::string(request.Query("stream").value_or("")), .after_position = *after, .limit = *limit};
    auto events = ctx.database.Audit().ReadEvents(query);
    HallIndex halls(ctx);
    json listed = json::array();
    for (const auto& chained : events) {
        const auto owner = halls.OwnerOf(chained.event.stream);
        if (OfTenant(request, owner)) {
            listed.push_back(AuditEventJson(chained, owner));
        }
    }
    respond(Response::Json(200, json{{"events", listed},
                                     {"next_after", events.empty() ? *after : events.back().event.position},
                                     {"head_position", ctx.database.Events().HeadPosition()}}));
}

void VerifyAuditTrail(ApiContext& ctx, const Request& request, const Responder& respond) {
    store::VerifyOptions options;
    if (auto anchor = request.Query("anchor")) {
        options.anchor = store::ParseAnchor(*anchor);
        if (!options.anchor) {
            return respond(Response::Error(InvalidField(
                "anchor",
                "The anchor is \"<position>:<log hash in 64 hex digits>\", as `layan audit verify` prints it.")));
        }
    }
    auto report = ctx.database.Audit().Verify(options);
    HallIndex halls(ctx);
    json problems = json::array();
    int elsewhere = 0;
    for (const auto& problem : report.problems) {
        // Problems of the log as a whole (its head, an anchor) concern every tenant.
        if (!problem.stream.empty() && !OfTenant(request, halls.OwnerOf(problem.stream))) {
            ++elsewhere;
            continue;
        }
        problems.push_back(json{{"kind", store::ToString(problem.kind)},
                                {"stream", problem.stream},
                                {"version", problem.version},
                                {"position", problem.position},
                                {"message", problem.message}});
    }
    json backfill = nullptr;
    if (report.head.backfilled_through > 0) {
        backfill = json{
            {"through_position", report.head.backfilled_through},
            {"at", report.head.backfilled_at ? json(core::FormatIso8601(*report.head.backfilled_at)) : json(nullptr)}};
    }
    auto head_hash = store::crypto::ToHex(report.head.log_hash);
    respond(Response::Json(200, json{{"ok", report.ok()},
                                     {"events", report.events},
                                     {"streams", report.streams},
                                     {"head",
                                      {{"position", report.head.position},
                                       {"log_hash", head_hash},
                                       {"anchor", fmt::format("{}:{}", report.head.position, head_hash)}}},
                                     {"sealed_by_migration", backfill},
                                     {"problems", problems},
                                     {"problems_elsewhere", elsewhere}}));
}

/// A citizen the caller may manage, or 404 (the same answer as for an unknown one: no probing).
core::Result<store::CitizenRecord> ManagedCitizen(ApiContext& ctx, const Request& request, const std::string& ref) {
    auto citizen = ctx.database.Vault().Find(ref);
    if (!citizen || !OfTenant(request, HallIndex(ctx).Find(citizen->hall_id))) {
        return core::Fail(core::ErrorKind::kNotFound, "citizen_not_found", "There is no such citizen in the vault.");
    }
    return *citizen;
}

void GetCitizen(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string ref(request.PathParam("citizen"));
    auto citizen = ManagedCitizen(ctx, request, ref);
    if (!citizen) {
        return respond(Response::Error(citizen.error()));
    }
    json data = json::array();
    if (!citizen->erased_at) {
        auto values = ctx.database.Vault().Reveal(ref, kAdministrationGround, ProcessorOf(request));
        if (!values) {
            return respond(Response::Error(values.error()));
        }
        for (const auto& held : *values) {
            data.push_back(json{{"kind", store::ToString(held.kind)},
                                {"value", Masked(held.kind, held.value)},
                                {"purpose", held.ground.purpose},
                                {"basis", held.ground.basis}});
        }
    }
    json processing = json::array();
    for (const auto& record : ctx.database.Events().ReadStream(store::CitizenStream(ref))) {
        processing.push_back(json{{"type", record.type},
                                  {"at", core::FormatIso8601(record.recorded_at)},
                                  {"details", record.data},
                                  {"by", record.metadata}});
    }
    auto instant = [](const std::optional<core::Instant>& t) { return t ? json(core::FormatIso8601(*t)) : json(); };
    respond(Response::Json(200, json{{"citizen_ref", citizen->ref},
                                     {"hall", citizen->hall_id},
                                     {"ticket", citizen->ticket_id.empty() ? json(nullptr)
                                                                           : json{{"id", citizen->ticket_id},
                                                                                  {"stream", citizen->ticket_stream}}},
                                     {"collected_at", core::FormatIso8601(citizen->collected_at)},
                                     {"erased_at", instant(citizen->erased_at)},
                                     {"erase_reason", citizen->erased_at ? json(citizen->erase_reason) : json(nullptr)},
                                     {"data", data},
                                     {"processing", processing}}));
}

void ExportSubject(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = JsonObject(request);
    auto subject = body ? SubjectOf(*body) : tl::unexpected(body.error());
    if (!subject) {
        return respond(Response::Error(subject.error()));
    }
    HallIndex halls(ctx);
    auto exported = store::ExportSubject(
        ctx.database.Vault(), ctx.database.Events(), subject->first, subject->second, ProcessorOf(request),
        [&](const store::CitizenRecord& citizen) { return OfTenant(request, halls.Find(citizen.hall_id)); });
    respond(exported ? Response::Json(200, *exported) : Response::Error(exported.error()));
}

void EraseSubject(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = JsonObject(request);
    auto subject = body ? SubjectOf(*body) : tl::unexpected(body.error());
    if (!subject) {
        return respond(Response::Error(subject.error()));
    }
    auto reason = OptionalText(*body, "reason");
    if (!reason) {
        return respond(Response::Error(reason.error()));
    }
    HallIndex halls(ctx);
    json erased = json::array();
    for (const auto& citizen : ctx.database.Vault().FindByValue(subject->first, subject->second)) {
        if (!OfTenant(request, halls.Find(citizen.hall_id))) {
            continue;
        }
        auto done =
            ctx.database.Vault().Erase(citizen.ref, reason->value_or("data_subject_request"), ProcessorOf(request));
        if (!done) {
            return respond(Response::Error(done.error()));
        }
        erased.push_back(citizen.ref);
    }
    respond(Response::Json(200, json{{"erased", erased}}));
}

}  // namespace

core::Result<TicketContact> ParseTicketContact(const Request& request) {
    auto body = JsonObject(request);
    if (!body) {
        return tl::unexpected(body.error());
    }
    auto phone = OptionalText(*body, "phone");
    auto nik = phone ? OptionalText(*body, "nik") : tl::unexpected(phone.error());
    if (!nik) {
        return tl::unexpected(nik.error());
    }
    TicketContact contact;
    if (*phone) {
        auto normal = identity::NormalizePhone(**phone);
        if (!normal) {
            return tl::unexpected(normal.error());
        }
        auto consent = body->find("phone_consent");
        if (consent == body->end() || !consent->is_boolean() || !consent->get<bool>()) {
            return tl::unexpected(InvalidField(
                "phone_consent",
                "A phone number is kept only with the citizen's consent to be notified: send \"phone_consent\": true.",
                "consent_required"));
        }
        contact.phone = *normal;
    }
    if (*nik) {
        if (auto valid = identity::ValidateNik(**nik); !valid) {
            return tl::unexpected(valid.error());
        }
        contact.nik = **nik;
    }
    return contact;
}

core::Result<TicketCitizen> CollectTicketContact(ApiContext& context, const Request& request,
                                                 const std::string& hall_id, const TicketContact& contact) {
    TicketCitizen citizen{.ref = "", .by = ProcessorOf(request), .contact = nullptr};
    if (contact.empty()) {
        return citizen;
    }
    std::vector<store::PersonalValue> values;
    if (contact.phone) {
        values.push_back({store::PersonalDataKind::kPhone, *contact.phone, kNotificationGround});
    }
    if (contact.nik) {
        values.push_back({store::PersonalDataKind::kNik, *contact.nik, kPrefetchGround});
    }
    auto ref = context.database.Vault().Collect(hall_id, values, citizen.by);
    if (!ref) {
        return tl::unexpected(ref.error());
    }
    citizen.ref = *ref;
    citizen.contact = json{{"phone", contact.phone ? json(identity::MaskPhone(*contact.phone)) : json(nullptr)},
                           {"nik", contact.nik ? json(identity::MaskNik(*contact.nik)) : json(nullptr)}};
    return citizen;
}

void SettleTicketCitizen(ApiContext& context, const TicketCitizen& citizen,
                         const core::Result<std::vector<store::RecordedEvent>>& issued) {
    if (citizen.ref.empty()) {
        return;
    }
    try {
        if (issued && !issued->empty()) {
            const auto& event = issued->front();
            context.database.Vault().AttachTicket(citizen.ref, event.stream, event.data.value("ticket_id", ""));
            return;
        }
        // Possibly on the store's thread (a failed commit): Discard does not wait for the store.
        context.database.Vault().Discard(citizen.ref, "ticket_not_issued", citizen.by);
    } catch (const std::exception& e) {
        spdlog::error("personal data of citizen {} could not be settled after the ticket: {}", citizen.ref, e.what());
    }
}

void RegisterAuditRoutes(http::Router& router, ApiContext& ctx) {
    auto bind = [&ctx](void (*handler)(ApiContext&, const Request&, const Responder&)) {
        return [&ctx, handler](const Request& request, const Responder& respond) { handler(ctx, request, respond); };
    };
    // Scoped by tenant in the path, so the guard admits only that tenant's auditors and admins.
    const std::string tenant = "/api/v1/tenants/{tenant}";
    const std::string read(kAuditRead);
    const std::string manage(kPersonalDataManage);
    router.Add("GET", tenant + "/audit/events", read, bind(&ListAuditEvents));
    router.Add("GET", tenant + "/audit/verify", read, bind(&VerifyAuditTrail));
    router.Add("GET", tenant + "/personal-data/citizens/{citizen}", manage, bind(&GetCitizen));
    router.Add("POST", tenant + "/personal-data/export", manage, bind(&ExportSubject));
    router.Add("POST", tenant + "/personal-data/erase", manage, bind(&EraseSubject));
}

}  // namespace layan::api
