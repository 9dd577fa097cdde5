#include "layan/api/request_routes.h"

#include <array>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/domain/access/access.h"
#include "layan/domain/requests/events.h"
#include "layan/http/body.h"
#include "layan/http/multipart.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace calendar = domain::calendar;
namespace permission = domain::access::permission;
namespace rq = domain::requests;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

/// The most a submission or completion may carry: a few documents of a standard's sizes, and the form.
constexpr std::size_t kMaxFormBytes = std::size_t{25} * 1024 * 1024;

constexpr std::array kStatuses = {rq::RequestStatus::kSubmitted,    rq::RequestStatus::kVerified,
                                  rq::RequestStatus::kReturned,     rq::RequestStatus::kInProcess,
                                  rq::RequestStatus::kProductReady, rq::RequestStatus::kHandedOver,
                                  rq::RequestStatus::kRejected,     rq::RequestStatus::kWithdrawn};
constexpr std::array kSlaStates = {calendar::SlaState::kOnTrack, calendar::SlaState::kDueSoon,
                                   calendar::SlaState::kOverdue, calendar::SlaState::kPaused,
                                   calendar::SlaState::kStopped};

core::UtcOffset OffsetOf(ApiContext& ctx, const std::string& tenant_id) {
    const auto* tenant = ctx.engine.directory.FindTenant(tenant_id);
    return tenant != nullptr ? tenant->utc_offset : core::kWib;
}

json SlaJson(const calendar::SlaReading& sla, core::UtcOffset offset) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(sla.working_time_left).count();
    const auto used_permille = sla.allowed.count() > 0 ? sla.used.count() * 1000 / sla.allowed.count() : 0;
    return json{{"state", calendar::ToString(sla.state)},
                {"deadline", core::FormatIso8601(sla.deadline, offset)},
                {"provisional", sla.provisional},
                {"working_days_left", sla.working_days_left},
                {"working_minutes_left", minutes},
                {"used_permille", used_permille},
                {"due_soon_at", core::FormatIso8601(sla.due_soon_at, offset)}};
}

/// What the citizen may see of an event: its type, when, and the words meant for them (never who in the unit).
json PublicEventJson(const rq::Event& event, core::UtcOffset offset) {
    json out{{"type", rq::TypeName(event)}, {"at", core::FormatIso8601(rq::At(event), offset)}};
    const auto data = rq::ToJson(event);
    for (const char* field : {"reason", "missing", "text", "author"}) {
        if (data.contains(field)) {
            out[field] = data[field];
        }
    }
    if (data.contains("documents")) {
        json requirements = json::array();
        for (const auto& document : data["documents"]) {
            requirements.push_back(document["requirement"]);
        }
        out["documents"] = requirements;
    }
    return out;
}

/// The request as the citizen holding its code sees it.
json PublicJson(ApiContext& ctx, const engine::RequestFile& file) {
    const auto offset = OffsetOf(ctx, file.tenant_id);
    const auto& submitted = *file.state.submission;
    const auto* service = ctx.engine.directory.FindService(file.tenant_id, submitted.service);
    json documents = json::array();
    for (const auto& [requirement, document] : file.state.documents) {
        documents.push_back(requirement);
    }
    json timeline = json::array();
    for (const auto& event : file.state.timeline) {
        if (rq::IsPublic(event)) {
            timeline.push_back(PublicEventJson(event, offset));
        }
    }
    json out{{"tenant", file.tenant_id},
             {"code", file.code.Display()},
             {"service", submitted.service},
             {"service_name", service != nullptr ? store::ToJson(service->name) : json(nullptr)},
             {"unit", submitted.unit_id},
             {"status", rq::ToString(file.state.status)},
             {"submitted_at", core::FormatIso8601(submitted.at, offset)},
             {"sla", SlaJson(file.sla, offset)},
             {"documents", documents},
             {"timeline", timeline}};
    if (file.state.last_return) {
        out["returned"] =
            json{{"reason", file.state.last_return->reason}, {"missing", file.state.last_return->missing}};
    }
    return out;
}

/// The request as the unit works it: everything but the citizen's vault reference.
json OfficerJson(ApiContext& ctx, const engine::RequestFile& file) {
    const auto offset = OffsetOf(ctx, file.tenant_id);
    auto out = PublicJson(ctx, file);
    const auto& submitted = *file.state.submission;
    json documents = json::array();
    for (const auto& [requirement, document] : file.state.documents) {
        documents.push_back(json{{"requirement", requirement},
                                 {"size", document.size},
                                 {"media_type", document.media_type},
                                 {"sha256", document.sha256}});
    }
    json timeline = json::array();
    for (const auto& event : file.state.timeline) {
        auto entry = rq::ToJson(event);
        entry.erase("citizen_ref");
        entry["type"] = rq::TypeName(event);
        entry["at"] = core::FormatIso8601(rq::At(event), offset);
        entry["public"] = rq::IsPublic(event);
        timeline.push_back(std::move(entry));
    }
    out.update(
        json{{"channel", rq::ToString(submitted.channel)},
             {"hall", submitted.hall_id},
             {"standard_version", submitted.standard_version},
             {"masked_nik", submitted.masked_nik},
             {"assigned", file.state.assigned_officer.empty() ? json(nullptr) : json(file.state.assigned_officer)},
             {"documents", documents},
             {"timeline", timeline}});
    return out;
}

/// Answers a use case's file with `render` (201 for a new request, else 200).
std::function<void(core::Result<engine::RequestFile>)> RespondFile(ApiContext& ctx, const Responder& respond,
                                                                   bool officer, int status = 200) {
    return [&ctx, respond, officer, status](core::Result<engine::RequestFile> file) {
        if (!file) {
            return respond(Response::Error(file.error()));
        }
        respond(Response::Json(status, officer ? OfficerJson(ctx, *file) : PublicJson(ctx, *file)));
    };
}

/// A multipart form's text fields and files. An empty file input (a browser sends it with no name and no bytes) is
/// no file.
struct Form {
    std::map<std::string, std::string> fields;
    std::vector<engine::Upload> uploads;
};

core::Result<Form> FormOf(const Request& request) {
    auto parts = http::ParseMultipart(request.Header("content-type").value_or(""), request.body);
    if (!parts) {
        return tl::unexpected(parts.error());
    }
    Form form;
    for (auto& part : *parts) {
        if (part.file_name) {
            if (part.file_name->empty() && part.data.empty()) {
                continue;
            }
            form.uploads.push_back(
                engine::Upload{.requirement = part.name, .file_name = *part.file_name, .bytes = std::move(part.data)});
        } else {
            form.fields[part.name] = std::move(part.data);
        }
    }
    return form;
}

void Submit(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto form = FormOf(request);
    if (!form) {
        return respond(Response::Error(form.error()));
    }
    engine::Submission submission{.tenant_id = std::string(request.PathParam("tenant")),
                                  .service = form->fields["service"],
                                  .nik = form->fields["nik"],
                                  .phone = std::nullopt,
                                  .uploads = std::move(form->uploads)};
    if (submission.service.empty()) {
        return respond(Response::Error(http::InvalidField("service", "Choose the service you request.")));
    }
    if (submission.nik.empty()) {
        return respond(Response::Error(http::InvalidField("nik", "The NIK (16 digits, on the KTP) is required.")));
    }
    if (auto phone = form->fields.find("phone"); phone != form->fields.end() && !phone->second.empty()) {
        submission.phone = phone->second;
    }
    ctx.engine.requests.Submit(std::move(submission), CallerOf(request).actor, RespondFile(ctx, respond, false, 201));
}

void Track(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto file = ctx.engine.requests.Find(std::string(request.PathParam("tenant")), request.PathParam("code"));
    respond(file ? Response::Json(200, PublicJson(ctx, *file)) : Response::Error(file.error()));
}

void Complete(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto form = FormOf(request);
    if (!form) {
        return respond(Response::Error(form.error()));
    }
    engine::RequestCommand command;
    command.action = rq::Action::kResubmit;
    command.uploads = std::move(form->uploads);
    ctx.engine.requests.Act(std::string(request.PathParam("tenant")), request.PathParam("code"), std::move(command),
                            CallerOf(request), RespondFile(ctx, respond, false));
}

/// The command of an action from a JSON body (an empty body is an empty object).
core::Result<engine::RequestCommand> CommandOf(rq::Action action, const Request& request) {
    engine::RequestCommand command;
    command.action = action;
    if (request.body.empty()) {
        return command;
    }
    auto body = http::Body::Parse(request);
    if (!body) {
        return tl::unexpected(body.error());
    }
    // Lengths are the domain's to judge (in code points, with a clear code); these caps only bound the parse.
    auto reason = body->StringOr("reason", 4 * rq::kMaxReasonLength, "");
    auto text = reason ? body->StringOr("text", 4 * rq::kMaxTextLength, "") : tl::unexpected(reason.error());
    auto officer = text ? body->StringOr("officer", 200, "") : tl::unexpected(text.error());
    auto missing = officer ? body->OptionalStrings("missing", 50, 64) : tl::unexpected(officer.error());
    if (!missing) {
        return tl::unexpected(missing.error());
    }
    command.reason = *reason;
    command.text = *text;
    command.officer = *officer;
    command.missing = *missing;
    return command;
}

/// A route acting on a request: the public ones (the citizen's) answer the citizen's view, the unit's the full one.
http::Handler ActOn(ApiContext& ctx, rq::Action action, bool officer) {
    return [&ctx, action, officer](const Request& request, const Responder& respond) {
        auto command = CommandOf(action, request);
        if (!command) {
            return respond(Response::Error(command.error()));
        }
        ctx.engine.requests.Act(std::string(request.PathParam("tenant")), request.PathParam("code"),
                                std::move(*command), CallerOf(request), RespondFile(ctx, respond, officer));
    };
}

void WorkList(ApiContext& ctx, const Request& request, const Responder& respond) {
    engine::WorkListFilter filter;
    filter.unit_id = std::string(request.Query("unit").value_or(""));
    filter.assigned = std::string(request.Query("assigned").value_or(""));
    if (auto status = request.Query("status"); status && !status->empty()) {
        const auto* found = std::ranges::find(kStatuses, *status, [](auto s) { return rq::ToString(s); });
        if (found == kStatuses.end()) {
            return respond(Response::Error(
                http::InvalidField("status", fmt::format("\"{}\" is not a status of a request.", *status))));
        }
        filter.status = *found;
    }
    if (auto sla = request.Query("sla"); sla && !sla->empty()) {
        const auto* found = std::ranges::find(kSlaStates, *sla, [](auto s) { return calendar::ToString(s); });
        if (found == kSlaStates.end()) {
            return respond(Response::Error(
                http::InvalidField("sla", fmt::format("\"{}\" is not a state of a service clock.", *sla))));
        }
        filter.sla = *found;
    }
    if (auto limit = request.Query("limit"); limit && !limit->empty()) {
        std::size_t value = 0;
        auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
        if (error != std::errc{} || end != limit->data() + limit->size() || value < 1 || value > 500) {
            return respond(Response::Error(http::InvalidField("limit", "\"limit\" must be a number from 1 to 500.")));
        }
        filter.limit = value;
    }
    const std::string tenant(request.PathParam("tenant"));
    OnWorker(ctx, respond, [&ctx, tenant, filter, caller = CallerOf(request)] {
        auto files = ctx.engine.requests.WorkList(tenant, filter, caller);
        if (!files) {
            return Response::Error(files.error());
        }
        const auto offset = OffsetOf(ctx, tenant);
        json list = json::array();
        for (const auto& file : *files) {
            const auto& submitted = *file.state.submission;
            list.push_back(json{
                {"code", file.code.Display()},
                {"service", submitted.service},
                {"unit", submitted.unit_id},
                {"status", rq::ToString(file.state.status)},
                {"submitted_at", core::FormatIso8601(submitted.at, offset)},
                {"assigned", file.state.assigned_officer.empty() ? json(nullptr) : json(file.state.assigned_officer)},
                {"sla", SlaJson(file.sla, offset)}});
        }
        return Response::Json(200, json{{"tenant", tenant}, {"requests", list}});
    });
}

void GetRequest(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto file = ctx.engine.requests.FileFor(std::string(request.PathParam("tenant")), request.PathParam("code"),
                                            CallerOf(request));
    respond(file ? Response::Json(200, OfficerJson(ctx, *file)) : Response::Error(file.error()));
}

void GetDocument(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string tenant(request.PathParam("tenant"));
    const std::string code(request.PathParam("code"));
    const std::string requirement(request.PathParam("requirement"));
    OnWorker(ctx, respond, [&ctx, tenant, code, requirement, caller = CallerOf(request)] {
        auto document = ctx.engine.requests.DocumentOf(tenant, code, requirement, caller);
        if (!document) {
            return Response::Error(document.error());
        }
        // Served as what its bytes were judged to be, never sniffed again, never shown inline (a file may be a PDF
        // and something else at once).
        const auto extension = document->document.media_type == "application/pdf" ? "pdf"
                               : document->document.media_type == "image/png"     ? "png"
                               : document->document.media_type == "image/jpeg"    ? "jpg"
                                                                                  : "bin";
        return Response::Text(200, std::move(document->bytes), document->document.media_type)
            .WithHeader("Content-Disposition", fmt::format("attachment; filename=\"{}.{}\"", requirement, extension))
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Cache-Control", "no-store");
    });
}

void OpenFromTicket(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto nik = body ? body->RequiredString("nik", 64) : tl::unexpected(body.error());
    if (!nik) {
        return respond(Response::Error(nik.error()));
    }
    ctx.engine.requests.OpenFromTicket(std::string(request.PathParam("hall")), std::string(request.PathParam("ticket")),
                                       *nik, CallerOf(request), RespondFile(ctx, respond, true));
}

}  // namespace

void RegisterRequestRoutes(http::Router& router, ApiContext& ctx) {
    const std::string tenant = "/api/v1/tenants/{tenant}";
    const std::string anyone(permission::kPublic);
    const std::string work(permission::kRequestsWork);
    router.Add("POST", tenant + "/requests", anyone, Bind(ctx, &Submit), kMaxFormBytes);
    router.Add("GET", tenant + "/track/{code}", anyone, Bind(ctx, &Track));
    router.Add("POST", tenant + "/track/{code}/completion", anyone, Bind(ctx, &Complete), kMaxFormBytes);
    router.Add("POST", tenant + "/track/{code}/withdraw", anyone, ActOn(ctx, rq::Action::kWithdraw, false));
    router.Add("POST", tenant + "/track/{code}/messages", anyone, ActOn(ctx, rq::Action::kPostMessage, false));

    router.Add("GET", tenant + "/requests", work, Bind(ctx, &WorkList));
    router.Add("POST", "/api/v1/halls/{hall}/tickets/{ticket}/request", work, Bind(ctx, &OpenFromTicket));
    router.Add("GET", tenant + "/requests/{code}", work, Bind(ctx, &GetRequest));
    router.Add("GET", tenant + "/requests/{code}/documents/{requirement}", work, Bind(ctx, &GetDocument));
    for (auto [path, action] :
         {std::pair{"verify", rq::Action::kVerify}, std::pair{"return", rq::Action::kReturn},
          std::pair{"start", rq::Action::kStartProcessing}, std::pair{"ready", rq::Action::kMarkProductReady},
          std::pair{"hand-over", rq::Action::kHandOver}, std::pair{"reject", rq::Action::kReject},
          std::pair{"assign", rq::Action::kAssign}, std::pair{"messages", rq::Action::kPostMessage},
          std::pair{"notes", rq::Action::kAddNote}}) {
        router.Add("POST", fmt::format("{}/requests/{{code}}/{}", tenant, path), work, ActOn(ctx, action, true));
    }
}

}  // namespace layan::api
