#include "layan/api/api.h"

#include <fmt/format.h>

#include "layan/api/audit_routes.h"
#include "layan/api/calendar_routes.h"
#include "layan/api/performance_routes.h"
#include "layan/api/qr_svg.h"
#include "layan/api/queue_snapshots.h"
#include "layan/api/request.h"
#include "layan/api/request_routes.h"
#include "layan/api/standard_routes.h"
#include "layan/api/survey_routes.h"
#include "layan/api/twin_routes.h"
#include "layan/api/views.h"
#include "layan/domain/access/access.h"
#include "layan/domain/queue/priority.h"
#include "layan/http/body.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace access = domain::access;
namespace permission = domain::access::permission;
namespace queue = domain::queue;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

std::string HallChannel(const std::string& hall_id) { return "hall/" + hall_id; }

namespace {

// Answers of commands arrive on the engine's dispatch thread, which serves every hall in commit order: they are
// rendered later, on the connection's own thread (Response::Later).

/// Answers a ticket with `status`, or the error.
engine::Done<engine::TicketSnapshot> RespondTicket(const ApiContext& ctx, Responder respond, int status = 200) {
    return [public_url = ctx.public_url, respond = std::move(respond), status](auto ticket) {
        if (!ticket) {
            return respond(Response::Error(ticket.error()));
        }
        respond(Response::Later([public_url, status, ticket = std::move(*ticket)] {
            return Response::Json(status, TicketJson(ticket, public_url));
        }));
    };
}

/// Answers a call: 200 with the called ticket, 204 when nobody waits.
engine::Done<std::optional<engine::TicketSnapshot>> RespondCalled(const ApiContext& ctx, Responder respond) {
    return [public_url = ctx.public_url, respond = std::move(respond)](auto called) {
        if (!called) {
            return respond(Response::Error(called.error()));
        }
        if (!*called) {
            return respond(Response::NoContent());
        }
        respond(Response::Later([public_url, ticket = std::move(**called)] {
            return Response::Json(200, TicketJson(ticket, public_url));
        }));
    };
}

// ---- citizens: take a ticket and follow it ----

core::Result<std::optional<queue::PriorityReason>> PriorityOf(const http::Body& body) {
    auto code = body.OptionalString("priority", 40);
    if (!code) {
        return tl::unexpected(code.error());
    }
    if (!*code) {
        return std::nullopt;
    }
    if (auto priority = queue::ParsePriority(**code)) {
        return priority;
    }
    std::string known;
    for (auto reason : queue::AllPriorityReasons()) {
        known += (known.empty() ? "" : ", ") + std::string(queue::ToString(reason));
    }
    return tl::unexpected(core::Error{core::ErrorKind::kInvalid, "unknown_priority",
                                      fmt::format("This is not a priority group; use one of: {}.", known),
                                      json{{"field", "priority"}}});
}

void IssueTicket(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    auto service = body->RequiredString("service", 40);
    auto priority = service ? PriorityOf(*body) : tl::unexpected(service.error());
    // An optional phone (notifications, by consent) and NIK go to the personal-data vault; the ticket only
    // names the citizen, and the answer shows them masked.
    auto contact = priority ? TicketContactOf(*body) : tl::unexpected(priority.error());
    if (!contact) {
        return respond(Response::Error(contact.error()));
    }
    engine::IssueTicketRequest issue{.hall = std::string(request.PathParam("hall")),
                                     .service = std::move(*service),
                                     .priority = *priority,
                                     .contact = std::move(*contact)};
    ctx.engine.queue.IssueTicket(
        std::move(issue), CallerOf(request),
        [&ctx, public_url = ctx.public_url, respond](core::Result<engine::IssuedTicket> issued) {
            if (!issued) {
                return respond(Response::Error(issued.error()));
            }
            respond(Response::Later([&ctx, public_url, issued = std::move(*issued)] {
                auto out = TicketJson(issued.ticket, public_url);
                if (issued.contact) {
                    out["contact"] = MaskedContactJson(*issued.contact);
                }
                // Only whoever took the ticket learns its survey key: with it, the status link opens the survey.
                const auto& hall = issued.ticket.context->hall.id;
                auto key = ctx.engine.surveys.KeyOf(hall, issued.ticket.ticket.id);
                out["survey_key"] = key;
                out["status_url"] = StatusUrl(public_url, hall, issued.ticket.ticket.id, key);
                return Response::Json(201, out);
            }));
        });
}

void GetTicket(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto ticket =
        ctx.engine.queue.Ticket(std::string(request.PathParam("hall")), std::string(request.PathParam("ticket")));
    RespondTicket(ctx, respond)(std::move(ticket));
}

void GetTicketQr(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall(request.PathParam("hall"));
    auto ticket = ctx.engine.queue.Ticket(hall, std::string(request.PathParam("ticket")));
    if (!ticket) {
        return respond(Response::Error(ticket.error()));
    }
    // With the ticket's survey key (the kiosk prints it right after issuing), the code carries it: the citizen's
    // phone then opens the survey once the ticket is served. A wrong key is refused rather than printed.
    std::string key(request.Query("k").value_or(""));
    if (!key.empty()) {
        if (!ctx.engine.surveys.IsKeyOf(hall, ticket->ticket.id, key)) {
            return respond(Response::Error(core::Error{core::ErrorKind::kForbidden, "survey_link_invalid",
                                                       "This ticket key is not valid.", nullptr}));
        }
        key = ctx.engine.surveys.KeyOf(hall, ticket->ticket.id);
    }
    respond(Response::Text(200, QrSvg(StatusUrl(ctx.public_url, hall, ticket->ticket.id, key)), "image/svg+xml")
                .WithHeader("Cache-Control", key.empty() ? "public, max-age=86400" : "private, max-age=86400"));
}

void GetCallVoice(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto text = ctx.engine.queue.CallAnnouncement(std::string(request.PathParam("hall")),
                                                  std::string(request.PathParam("ticket")));
    if (!text) {
        return respond(Response::Error(text.error()));
    }
    if (ctx.voice == nullptr) {
        return respond(
            Response::Error(core::Error{core::ErrorKind::kUnavailable, "voice_unavailable",
                                        "Spoken calls are not available: espeak-ng is not installed.", nullptr}));
    }
    // Synthesis takes a while and espeak-ng serves one call at a time: never on the event loop.
    OnWorker(ctx, respond, [voice = ctx.voice, text = std::move(*text)] {
        return Response::Text(200, voice->SynthesizeWav(text), "audio/wav")
            .WithHeader("Cache-Control", "public, max-age=3600");
    });
}

// ---- the hall now ----

void ListHalls(ApiContext& ctx, const Request& /*request*/, const Responder& respond) {
    json halls = json::array();
    for (const auto& id : ctx.engine.halls.HallIds()) {
        halls.push_back(HallSummaryJson(*ctx.engine.halls.FindHall(id)));
    }
    respond(Response::Json(200, json{{"halls", halls}}));
}

void GetHall(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto hall = ctx.engine.halls.Read(std::string(request.PathParam("hall")), [&ctx](const engine::HallView& view) {
        return HallJson(view, ctx.engine.directory.UnitsOf(view.context.hall.tenant_id));
    });
    if (!hall) {
        return respond(Response::Error(hall.error()));
    }
    // Each service's published standard in force today (engine::Standards, outside the hall's lock).
    const auto tenant = (*hall)["tenant"].get<std::string>();
    const auto today = ctx.engine.standards.TodayOf(tenant);
    for (auto& service : (*hall)["services"]) {
        service["standard"] = StandardInForceJson(ctx, tenant, service["code"].get<std::string>(), today);
    }
    respond(Response::Json(200, *hall));
}

/// GET /api/v1/halls/{hall}/calendar?from=YYYY-MM-DD&days=N: `days` (1..366, default 31) local dates from
/// `from` (default: today in the hall's time zone). Public: citizens plan their visit by it.
void GetHallCalendar(ApiContext& ctx, const Request& request, const Responder& respond) {
    const std::string hall_id(request.PathParam("hall"));
    const auto* found = ctx.engine.halls.FindHall(hall_id);
    if (found == nullptr) {
        return respond(Response::Error(engine::HallNotFound(hall_id)));
    }
    auto from = core::LocalDate(ctx.engine.clock.Now(), found->utc_offset);
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
    auto calendar =
        ctx.engine.halls.Read(hall_id, [from, days = static_cast<int>(*days)](const engine::HallView& view) {
            return HallCalendarJson(view.context, from, days);
        });
    respond(calendar ? Response::Json(200, *calendar) : Response::Error(calendar.error()));
}

void GetQueue(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto snapshot = ctx.snapshots->Get(std::string(request.PathParam("hall")));
    if (!snapshot) {
        return respond(Response::Error(snapshot.error()));
    }
    const auto& rendered = **snapshot;
    if (auto match = request.Header("if-none-match"); match && *match == rendered.etag) {
        return respond(
            Response::Text(304, "", "").WithHeader("ETag", rendered.etag).WithHeader("Cache-Control", "no-cache"));
    }
    respond(Response::Text(200, rendered.body, "application/json; charset=utf-8")
                .WithHeader("ETag", rendered.etag)
                .WithHeader("Cache-Control", "no-cache"));
}

void HallEvents(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall(request.PathParam("hall"));
    if (ctx.engine.halls.FindHall(hall) == nullptr) {
        return respond(Response::Error(engine::HallNotFound(hall)));
    }
    respond(Response::EventStream(HallChannel(hall)));
}

// ---- officers: the ticket at their counter, their counter ----

/// A command on the ticket in the path; `operation` reads its fields from the body.
http::Handler TicketCommand(ApiContext& ctx, engine::TicketAction action) {
    return [&ctx, action](const Request& request, const Responder& respond) {
        auto body = http::Body::Parse(request);
        auto operation = body ? TicketOperationOf(action, *body) : tl::unexpected(body.error());
        if (!operation) {
            return respond(Response::Error(operation.error()));
        }
        ctx.engine.queue.OperateTicket(std::string(request.PathParam("hall")), std::string(request.PathParam("ticket")),
                                       *operation, CallerOf(request), RespondTicket(ctx, respond));
    };
}

/// A command on the counter in the path; answers with the counter after it.
http::Handler CounterCommand(ApiContext& ctx, engine::CounterAction action) {
    return [&ctx, action](const Request& request, const Responder& respond) {
        auto body = http::Body::Parse(request);
        auto operation = body ? CounterOperationOf(action, *body) : tl::unexpected(body.error());
        if (!operation) {
            return respond(Response::Error(operation.error()));
        }
        ctx.engine.queue.OperateCounter(
            std::string(request.PathParam("hall")), std::string(request.PathParam("counter")), *operation,
            CallerOf(request), [public_url = ctx.public_url, respond](core::Result<engine::CounterSnapshot> counter) {
                if (!counter) {
                    return respond(Response::Error(counter.error()));
                }
                respond(Response::Later([public_url, counter = std::move(*counter)] {
                    return Response::Json(200, CounterJson(counter, public_url));
                }));
            });
    };
}

void CallNext(ApiContext& ctx, const Request& request, const Responder& respond) {
    ctx.engine.queue.CallNext(std::string(request.PathParam("hall")), std::string(request.PathParam("counter")),
                              CallerOf(request), RespondCalled(ctx, respond));
}

void NextCalls(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto limit = IntegerQuery(request, "limit", 5, 1, 20);
    auto next =
        limit ? ctx.engine.queue.NextCalls(std::string(request.PathParam("hall")),
                                           std::string(request.PathParam("counter")), static_cast<std::size_t>(*limit))
              : tl::unexpected(limit.error());
    if (!next) {
        return respond(Response::Error(next.error()));
    }
    json tickets = json::array();
    for (const auto& ticket : *next) {
        tickets.push_back(TicketJson(ticket, ctx.public_url));
    }
    respond(Response::Json(200, json{{"counter", request.PathParam("counter")}, {"next", tickets}}));
}

void CallSpecific(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto ticket = body ? body->RequiredString("ticket", 80) : tl::unexpected(body.error());
    if (!ticket) {
        return respond(Response::Error(ticket.error()));
    }
    ctx.engine.queue.CallSpecific(std::string(request.PathParam("hall")), std::string(request.PathParam("counter")),
                                  *ticket, CallerOf(request), RespondTicket(ctx, respond));
}

}  // namespace

void RegisterRoutes(http::Router& router, ApiContext& ctx) {
    if (!ctx.snapshots) {
        ctx.snapshots = std::make_shared<QueueSnapshots>(ctx.engine.halls, ctx.public_url);
    }
    using engine::CounterAction;
    using engine::TicketAction;
    const std::string halls = "/api/v1/halls";
    const std::string hall = halls + "/{hall}";
    const std::string ticket = hall + "/tickets/{ticket}";
    const std::string counter = hall + "/counters/{counter}";
    const std::string anyone(permission::kPublic);
    const std::string issue(permission::kQueueIssue);
    const std::string operate(permission::kQueueOperate);
    const std::string cancel(permission::kQueueCancel);
    const std::string supervise(permission::kQueueSupervise);

    // Discovery and the hall now.
    router.Add("GET", halls, anyone, Bind(ctx, &ListHalls));
    router.Add("GET", hall, anyone, Bind(ctx, &GetHall));
    router.Add("GET", hall + "/queue", anyone, Bind(ctx, &GetQueue));
    router.Add("GET", hall + "/calendar", anyone, Bind(ctx, &GetHallCalendar));
    router.Add("GET", hall + "/events", anyone, Bind(ctx, &HallEvents));

    // Citizens: take a ticket and follow it.
    router.Add("POST", hall + "/tickets", issue, Bind(ctx, &IssueTicket));
    router.Add("GET", ticket, anyone, Bind(ctx, &GetTicket));
    router.Add("GET", ticket + "/qr.svg", anyone, Bind(ctx, &GetTicketQr));
    router.Add("GET", hall + "/calls/{ticket}/voice.wav", anyone, Bind(ctx, &GetCallVoice));

    // Officers: the ticket at their counter.
    router.Add("POST", ticket + "/recall", operate, TicketCommand(ctx, TicketAction::kRecall));
    router.Add("POST", ticket + "/start", operate, TicketCommand(ctx, TicketAction::kStart));
    router.Add("POST", ticket + "/finish", operate, TicketCommand(ctx, TicketAction::kFinish));
    router.Add("POST", ticket + "/no-show", operate, TicketCommand(ctx, TicketAction::kNoShow));
    router.Add("POST", ticket + "/transfer", operate, TicketCommand(ctx, TicketAction::kTransfer));
    router.Add("POST", ticket + "/cancel", cancel, TicketCommand(ctx, TicketAction::kCancel));

    // Officers: their counter; supervisors: a chosen call.
    router.Add("POST", counter + "/open", operate, CounterCommand(ctx, CounterAction::kOpen));
    router.Add("POST", counter + "/pause", operate, CounterCommand(ctx, CounterAction::kPause));
    router.Add("POST", counter + "/resume", operate, CounterCommand(ctx, CounterAction::kResume));
    router.Add("POST", counter + "/close", operate, CounterCommand(ctx, CounterAction::kClose));
    router.Add("POST", counter + "/call-next", operate, Bind(ctx, &CallNext));
    router.Add("GET", counter + "/next", anyone, Bind(ctx, &NextCalls));
    router.Add("POST", counter + "/call", supervise, Bind(ctx, &CallSpecific));

    // The audit trail and citizens' personal data (audit_routes.h).
    RegisterAuditRoutes(router, ctx);
    RegisterTwinRoutes(router, ctx);
    RegisterSurveyRoutes(router, ctx);
    RegisterPerformanceRoutes(router, ctx);
    RegisterCalendarRoutes(router, ctx);
    RegisterStandardRoutes(router, ctx);
    RegisterRequestRoutes(router, ctx);
}

void PublishHallEvents(ApiContext& ctx) {
    ctx.engine.halls.OnCommit([&ctx](const std::string& hall_id, const std::vector<engine::HallChange>& changes) {
        for (const auto& change : changes) {
            const auto type = std::string(queue::TypeName(change.event));
            json payload{{"type", type},
                         {"at", core::FormatIso8601(queue::At(change.event))},
                         {"ticket", change.ticket ? TicketJson(*change.ticket, ctx.public_url) : json(nullptr)},
                         {"counter", change.counter ? CounterJson(*change.counter, ctx.public_url) : json(nullptr)},
                         {"announcement", nullptr}};
            const bool call = std::holds_alternative<queue::TicketCalled>(change.event) ||
                              std::holds_alternative<queue::TicketRecalled>(change.event);
            if (call && change.ticket) {
                payload["announcement"] = change.ticket->announcement;
            }
            ctx.hub.Publish(HallChannel(hall_id), type, payload.dump());
        }
    });
}

}  // namespace layan::api
