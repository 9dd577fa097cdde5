#include "layan/api/twin_routes.h"

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/core/time.h"
#include "layan/domain/access/access.h"
#include "layan/http/body.h"
#include "layan/sim/report.h"
#include "layan/sim/staffing.h"
#include "layan/sim/training.h"

namespace layan::api {

namespace permission = domain::access::permission;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

core::Result<std::chrono::year_month_day> DateField(const http::Body& body, std::string_view field) {
    auto text = body.RequiredString(field, 10);
    if (!text) {
        return tl::unexpected(text.error());
    }
    auto date = core::ParseDate(*text);
    if (!date) {
        return tl::unexpected(http::InvalidField(field, fmt::format("\"{}\" must be a date, YYYY-MM-DD.", field)));
    }
    return *date;
}

core::Result<engine::StudyRequest> StudyRequestOf(const Request& request) {
    auto body = http::Body::Parse(request);
    if (!body) {
        return tl::unexpected(body.error());
    }
    engine::StudyRequest study;
    study.hall_id = std::string(request.PathParam("hall"));
    auto kind = body->StringOr("study", 20, "policies");
    if (!kind) {
        return tl::unexpected(kind.error());
    }
    auto parsed = engine::ParseStudy(*kind);
    if (!parsed) {
        return tl::unexpected(
            http::InvalidField("study", "\"study\" must be \"policies\", \"staffing\" or \"training\"."));
    }
    study.study = *parsed;
    auto from = DateField(*body, "from");
    auto to = from ? DateField(*body, "to") : tl::unexpected(from.error());
    if (!to) {
        return tl::unexpected(to.error());
    }
    study.from = *from;
    study.to = *to;
    auto days = body->IntegerOr("days", 1, engine::kMostSimulatedDays, 20);
    auto seed = days ? body->IntegerOr("seed", 0, INT64_MAX, 1) : tl::unexpected(days.error());
    auto budget = seed ? body->IntegerOr("budget", 1, engine::kMostTrainings, 3) : tl::unexpected(seed.error());
    auto target = budget ? body->StringOr("target", 60, "80% within 15 min") : tl::unexpected(budget.error());
    if (!target) {
        return tl::unexpected(target.error());
    }
    auto parsed_target = sim::ParseTarget(*target);
    if (!parsed_target) {
        return tl::unexpected(http::InvalidField("target", parsed_target.error().message));
    }
    study.days = static_cast<int>(*days);
    study.seed = static_cast<std::uint64_t>(*seed);
    study.budget = static_cast<int>(*budget);
    study.target = *parsed_target;
    return study;
}

json ResultJson(const engine::StudyJob& job) {
    if (!job.result) {
        return nullptr;
    }
    const auto& result = *job.result;
    json out = {{"scenario", sim::ToJson(result.scenario)}};
    if (!result.policies.empty()) {
        out["policies"] = sim::ToJson(result.policies, result.scenario.seed);
    }
    if (result.staffing) {
        out["staffing"] = sim::ToJson(*result.staffing);
    }
    if (result.training) {
        out["training"] = sim::ToJson(*result.training);
    }
    return out;
}

json StudyJson(const engine::StudyJob& job) {
    const auto& request = job.request;
    return {{"id", job.id},
            {"hall", job.hall_id},
            {"study", engine::ToString(job.study)},
            {"status", engine::ToString(job.status)},
            {"progress", sim::Rounded(job.progress, 3)},
            {"requested_at", core::FormatIso8601(job.requested_at)},
            {"request",
             {{"from", core::FormatDate(request.from)},
              {"to", core::FormatDate(request.to)},
              {"days", request.days},
              {"seed", request.seed},
              {"budget", request.budget},
              {"target", {{"share", request.target.share}, {"wait_min", request.target.wait_min}}}}},
            {"error", job.error ? json{{"code", job.error->code}, {"message", job.error->message}} : json(nullptr)},
            {"result", ResultJson(job)}};
}

void StartStudy(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto study = StudyRequestOf(request);
    if (!study) {
        return respond(Response::Error(study.error()));
    }
    auto job = ctx.engine.twin.Start(CallerOf(request), std::move(*study));
    if (!job) {
        return respond(Response::Error(job.error()));
    }
    auto response = Response::Json(202, StudyJson(*job));
    response.headers.emplace_back("Location", fmt::format("/api/v1/halls/{}/studies/{}", job->hall_id, job->id));
    respond(std::move(response));
}

void GetStudy(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto job = ctx.engine.twin.Find(CallerOf(request), request.PathParam("hall"), request.PathParam("study"));
    if (!job) {
        return respond(Response::Error(job.error()));
    }
    auto response = Response::Json(200, StudyJson(*job));
    response.headers.emplace_back("Cache-Control", "no-store");
    respond(std::move(response));
}

}  // namespace

void RegisterTwinRoutes(http::Router& router, ApiContext& ctx) {
    const std::string supervise(permission::kQueueSupervise);
    router.Add("POST", "/api/v1/halls/{hall}/studies", supervise, Bind(ctx, &StartStudy));
    router.Add("GET", "/api/v1/halls/{hall}/studies/{study}", supervise, Bind(ctx, &GetStudy));
}

}  // namespace layan::api
