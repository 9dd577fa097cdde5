#include "layan/api/survey_routes.h"

#include <fmt/format.h>

#include "layan/api/request.h"
#include "layan/domain/access/access.h"
#include "layan/domain/survey/ikm.h"
#include "layan/http/body.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace permission = domain::access::permission;
namespace survey = domain::survey;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

json QuestionJson(const survey::Question& question) {
    json answers = json::array();
    for (std::size_t i = 0; i < question.answers.size(); ++i) {
        answers.push_back({{"value", static_cast<int>(i) + 1}, {"label", store::ToJson(question.answers.at(i))}});
    }
    return {{"code", question.code}, {"question", store::ToJson(question.question)}, {"answers", std::move(answers)}};
}

std::optional<std::string> KeyOf(const Request& request) {
    auto key = request.Query("k");
    return key ? std::optional<std::string>(*key) : std::nullopt;
}

/// The response in a survey body: "answers" {"U1": 4, ...}, "conduct", "comment", "profile", "consent".
core::Result<survey::Response> ResponseOf(const http::Body& body) {
    survey::Response response;
    response.consent = body.IsTrue("consent");
    auto answers = body.OptionalObject("answers");
    if (!answers) {
        return tl::unexpected(answers.error());
    }
    if (*answers) {
        for (const auto& [code, value] : (*answers)->items()) {
            if (!value.is_number_integer()) {
                return tl::unexpected(http::InvalidField(
                    "answers." + code, fmt::format("The answer to {} must be a whole number from 1 to 4.", code)));
            }
            auto answer = value.get<std::int64_t>();
            // Out-of-range answers are the domain's to refuse, with its own code; keep them within int.
            response.answers[code] = static_cast<int>(std::clamp<std::int64_t>(answer, -1, survey::kMaxAnswer + 1));
        }
    }
    // Absent (or null) is "not rated"; any number, 0 included, is an answer for the domain to judge.
    constexpr std::int64_t kNotRated = INT64_MIN;
    auto conduct = body.IntegerOr("conduct", INT32_MIN, INT32_MAX, kNotRated);
    auto comment =
        conduct ? body.OptionalString("comment", 4 * survey::kMaxCommentLength) : tl::unexpected(conduct.error());
    auto profile = comment ? body.OptionalObject("profile") : tl::unexpected(comment.error());
    if (!profile) {
        return tl::unexpected(profile.error());
    }
    if (*conduct != kNotRated) {
        response.conduct = static_cast<int>(*conduct);
    }
    response.comment = *comment;
    if (*profile) {
        for (const auto& [name, value] : (*profile)->items()) {
            if (value.is_null()) {
                continue;
            }
            if (!value.is_string()) {
                return tl::unexpected(http::InvalidField("profile." + name, "A profile answer must be a code."));
            }
            response.profile[name] = value.get<std::string>();
        }
    }
    return response;
}

void GetSurvey(ApiContext& ctx, const Request& request, const Responder& respond) {
    // A ticket of an earlier day is folded from the store: on a worker.
    OnWorker(ctx, respond,
             [&ctx, hall = std::string(request.PathParam("hall")), ticket = std::string(request.PathParam("ticket")),
              key = KeyOf(request)] {
                 auto form = ctx.engine.surveys.Form(hall, ticket, key);
                 if (!form) {
                     return Response::Error(form.error());
                 }
                 return Response::Json(200, SurveyFormJson(*form)).WithHeader("Cache-Control", "no-store");
             });
}

void GetCounterSurvey(ApiContext& ctx, const Request& request, const Responder& respond) {
    OnWorker(ctx, respond,
             [&ctx, hall = std::string(request.PathParam("hall")), counter = std::string(request.PathParam("counter")),
              caller = CallerOf(request)] {
                 auto form = ctx.engine.surveys.ForCounter(hall, counter, caller);
                 if (!form) {
                     return Response::Error(form.error());
                 }
                 return Response::Json(200, SurveyFormJson(*form)).WithHeader("Cache-Control", "no-store");
             });
}

void AnswerSurvey(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    auto key = body->OptionalString("k", 64);
    auto response = key ? ResponseOf(*body) : tl::unexpected(key.error());
    if (!response) {
        return respond(Response::Error(response.error()));
    }
    engine::SurveyAnswerRequest answer{.hall = std::string(request.PathParam("hall")),
                                       .ticket = std::string(request.PathParam("ticket")),
                                       .key = key->has_value() ? *key : KeyOf(request),
                                       .response = std::move(*response)};
    // Reading a ticket of an earlier day blocks on the store: on a worker. The answer goes out after the commit.
    auto run = [&ctx, answer = std::move(answer), caller = CallerOf(request), respond]() mutable {
        ctx.engine.surveys.Answer(
            std::move(answer), caller, [respond](core::Result<engine::SurveyAnswerReceipt> receipt) {
                if (!receipt) {
                    return respond(Response::Error(receipt.error()));
                }
                respond(Response::Json(
                    201, {{"ticket", receipt->ticket}, {"answered_at", core::FormatIso8601(receipt->at)}}));
            });
    };
    if (!ctx.engine.workers.Post(std::move(run))) {
        respond(Response::Error(engine::Busy()));
    }
}

}  // namespace

json SurveyFormJson(const engine::SurveyForm& form) {
    json questions = json::array();
    for (const auto& question : survey::Questions()) {
        auto entry = QuestionJson(question);
        const auto* element = survey::FindElement(question.code);
        entry["name"] = {{"id", element->name_id}, {"en", element->name_en}};
        questions.push_back(std::move(entry));
    }
    json profile = json::object();
    for (const auto& field : survey::ProfileFields()) {
        json options = json::array();
        for (const auto& option : field.options) {
            options.push_back({{"code", option.code}, {"label", store::ToJson(option.label)}});
        }
        profile[std::string(field.name)] = {{"label", store::ToJson(field.label)}, {"options", std::move(options)}};
    }
    const auto& ticket = form.ticket;
    return {
        {"hall", form.hall},
        {"ticket", ticket.ticket_id},
        {"number", ticket.number},
        {"service", {{"code", ticket.service}, {"name", store::ToJson(form.service_name)}}},
        {"unit", {{"id", ticket.unit}, {"name", store::ToJson(form.unit_name)}}},
        {"officer", form.officer_name ? json{{"id", ticket.officer_id.value_or("")}, {"name", *form.officer_name}}
                                      : json(nullptr)},
        {"counter", ticket.counter_id ? json(*ticket.counter_id) : json(nullptr)},
        {"state", survey::ToString(form.state)},
        {"served_at", ticket.served_at ? json(core::FormatIso8601(*ticket.served_at)) : json(nullptr)},
        {"expires_at", core::FormatIso8601(form.expires_at)},
        {"questions", std::move(questions)},
        {"conduct", QuestionJson(survey::ConductQuestion())},
        {"profile", std::move(profile)},
        {"max_comment_length", survey::kMaxCommentLength},
    };
}

void RegisterSurveyRoutes(http::Router& router, ApiContext& ctx) {
    const std::string anyone(permission::kPublic);
    const std::string tablet(permission::kSurveyTablet);
    const std::string ticket = "/api/v1/halls/{hall}/tickets/{ticket}/survey";
    router.Add("GET", ticket, anyone, Bind(ctx, &GetSurvey));
    router.Add("POST", ticket, anyone, Bind(ctx, &AnswerSurvey));
    router.Add("GET", "/api/v1/halls/{hall}/counters/{counter}/survey", tablet, Bind(ctx, &GetCounterSurvey));
}

}  // namespace layan::api
