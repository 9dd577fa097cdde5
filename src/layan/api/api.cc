#include "layan/api/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/api/audit_routes.h"
#include "layan/api/body.h"
#include "layan/api/qr_svg.h"
#include "layan/api/views.h"
#include "layan/auth/guard.h"
#include "layan/domain/access/access.h"
#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/priority.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace access = domain::access;
namespace queue = domain::queue;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

std::string HallChannel(const std::string& hall_id) { return "hall/" + hall_id; }

namespace {

// Who acts, as the auth guard established it (an anonymous citizen when nobody signed in).
engine::Actor ActorOf(const Request& request) {
    const auto& caller = auth::CallerOf(request);
    const bool device = caller.role == access::Role::kDevice;
    return engine::Actor{.id = caller.IsAnonymous() ? "anonymous" : caller.id,
                         .role = std::string(access::ToString(caller.role)),
                         .ip = request.remote_address,
                         .device = device ? caller.id : ""};
}

// The unit that answers for an officer's work; "" when the catalog does not know the officer.
std::string UnitOfOfficer(const queue::HallContext& context, std::string_view officer_id) {
    const auto* officer = context.FindOfficer(officer_id);
    return officer != nullptr ? officer->unit_id : "";
}

// What a ticket command touches: the officer holding the ticket, else the unit of its service.
access::Work TicketWork(const engine::HallView& view, std::string_view ticket_id) {
    const auto* ticket = view.state.FindTicket(ticket_id);
    if (ticket == nullptr) {
        return {};
    }
    if (!ticket->officer_id.empty() && ticket->is_open()) {
        return {.officer_id = ticket->officer_id, .unit_id = UnitOfOfficer(view.context, ticket->officer_id)};
    }
    const auto* service = view.context.FindService(ticket->service);
    return {.officer_id = "", .unit_id = service != nullptr ? service->unit_id : ""};
}

// What a counter command touches: the officer holding the counter (nobody when it is closed).
access::Work CounterWork(const engine::HallView& view, std::string_view counter_id) {
    const auto* counter = view.state.FindCounter(counter_id);
    if (counter == nullptr || counter->officer_id.empty()) {
        return {};
    }
    return {.officer_id = counter->officer_id, .unit_id = UnitOfOfficer(view.context, counter->officer_id)};
}

// Runs `decide` only when `allowed` (evaluated on the same hall state, under the hall's lock) says yes.
engine::Decide Checked(std::function<core::Status(const engine::HallView&)> allowed, engine::Decide decide) {
    return [allowed = std::move(allowed), decide = std::move(decide)](const engine::HallView& view) -> queue::Decision {
        if (auto ok = allowed(view); !ok) {
            return tl::unexpected(ok.error());
        }
        return decide(view);
    };
}

core::Result<Body> JsonBody(const Request& request) {
    if (request.body.empty()) {
        return Body::From(json::object());
    }
    auto parsed = http::ParseJsonBody(request);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    return Body::From(std::move(*parsed));
}

core::Error TicketNotFound(std::string_view ticket_id) {
    return core::Error{core::ErrorKind::kNotFound, "ticket_not_found",
                       fmt::format("There is no ticket \"{}\" in this hall today.", ticket_id), nullptr};
}

/// Renders the ticket after a command and answers with it.
void RespondTicket(ApiContext& ctx, const std::string& hall, const std::string& ticket_id, int status,
                   const Responder& respond, const json& extra = nullptr) {
    auto rendered = ctx.halls.Read(hall, [&](const engine::HallView& view) -> core::Result<json> {
        const auto* ticket = view.state.FindTicket(ticket_id);
        if (ticket == nullptr) {
            return tl::unexpected(TicketNotFound(ticket_id));
        }
        return TicketJson(view, *ticket, ctx.public_url);
    });
    if (!rendered) {
        respond(Response::Error(rendered.error()));
    } else if (!*rendered) {
        respond(Response::Error(rendered->error()));
    } else {
        if (extra.is_object()) {
            (*rendered)->update(extra);
        }
        respond(Response::Json(status, **rendered));
    }
}

void RespondCounter(ApiContext& ctx, const std::string& hall, const std::string& counter_id, const Responder& respond) {
    auto rendered = ctx.halls.Read(hall, [&](const engine::HallView& view) -> core::Result<json> {
        for (const auto& counter : view.context.hall.counters) {
            if (counter.id == counter_id) {
                return CounterJson(view, counter, ctx.public_url);
            }
        }
        return core::Fail(core::ErrorKind::kNotFound, "counter_not_found",
                          fmt::format("There is no counter \"{}\" in this hall.", counter_id));
    });
    if (!rendered) {
        respond(Response::Error(rendered.error()));
    } else if (!*rendered) {
        respond(Response::Error(rendered->error()));
    } else {
        respond(Response::Json(200, **rendered));
    }
}

/// A command on one ticket ({ticket} in the path); answers with the ticket after the commit.
/// An officer acts only on the tickets at their own counter (or, when nobody holds it, of their units);
/// supervisors on those of their units (domain::access::CanOperate).
http::Handler TicketCommand(ApiContext& ctx,
                            std::function<core::Result<engine::Decide>(const Body&, std::string ticket_id)> make) {
    return [&ctx, make = std::move(make)](const Request& request, const Responder& respond) {
        auto body = JsonBody(request);
        if (!body) {
            return respond(Response::Error(body.error()));
        }
        std::string hall(request.PathParam("hall"));
        std::string ticket(request.PathParam("ticket"));
        auto decide = make(*body, ticket);
        if (!decide) {
            return respond(Response::Error(decide.error()));
        }
        auto caller = auth::CallerOf(request);
        auto allowed = [caller, ticket](const engine::HallView& v) {
            return access::CanOperate(caller, TicketWork(v, ticket));
        };
        ctx.halls.Execute(hall, ActorOf(request), Checked(allowed, *decide),
                          [&ctx, hall, ticket, respond](auto result) {
                              if (!result) {
                                  return respond(Response::Error(result.error()));
                              }
                              RespondTicket(ctx, hall, ticket, 200, respond);
                          });
    };
}

/// Who may run a counter command, judged on the hall's state when it runs.
using CounterCheck = std::function<core::Status(const access::Principal&, const Body&, const std::string& counter,
                                                const engine::HallView&)>;

/// By default an officer acts only on the counter they hold; supervisors on those of their units.
core::Status OperatesCounter(const access::Principal& caller, const Body& /*body*/, const std::string& counter,
                             const engine::HallView& view) {
    return access::CanOperate(caller, CounterWork(view, counter));
}

/// A command on one counter ({counter} in the path); answers with the counter after the commit.
http::Handler CounterCommand(ApiContext& ctx,
                             std::function<core::Result<engine::Decide>(const Body&, std::string counter_id)> make,
                             CounterCheck check = &OperatesCounter) {
    return [&ctx, make = std::move(make), check = std::move(check)](const Request& request, const Responder& respond) {
        auto body = JsonBody(request);
        if (!body) {
            return respond(Response::Error(body.error()));
        }
        std::string hall(request.PathParam("hall"));
        std::string counter(request.PathParam("counter"));
        auto decide = make(*body, counter);
        if (!decide) {
            return respond(Response::Error(decide.error()));
        }
        auto allowed = [caller = auth::CallerOf(request), body = *body, counter, check](const engine::HallView& v) {
            return check(caller, body, counter, v);
        };
        ctx.halls.Execute(hall, ActorOf(request), Checked(allowed, *decide),
                          [&ctx, hall, counter, respond](auto result) {
                              if (!result) {
                                  return respond(Response::Error(result.error()));
                              }
                              RespondCounter(ctx, hall, counter, respond);
                          });
    };
}

/// Calls a ticket to a counter (next or a chosen one): 200 with the called ticket, 204 when nobody waits.
void RespondCalled(ApiContext& ctx, const std::string& hall, const Responder& respond,
                   core::Result<std::vector<store::RecordedEvent>> result) {
    if (!result) {
        return respond(Response::Error(result.error()));
    }
    if (result->empty()) {
        return respond(Response::NoContent());
    }
    RespondTicket(ctx, hall, result->front().data.value("ticket_id", ""), 200, respond);
}

void IssueTicket(ApiContext& ctx, const Request& request, Responder respond) {
    auto body = JsonBody(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    auto service = body->RequiredString("service", 40);
    if (!service) {
        return respond(Response::Error(service.error()));
    }
    auto priority_code = body->OptionalString("priority", 40);
    if (!priority_code) {
        return respond(Response::Error(priority_code.error()));
    }
    std::optional<queue::PriorityReason> priority;
    if (*priority_code) {
        priority = queue::ParsePriority(**priority_code);
        if (!priority) {
            std::string known;
            for (auto reason : queue::AllPriorityReasons()) {
                known += (known.empty() ? "" : ", ") + std::string(queue::ToString(reason));
            }
            return respond(Response::Error(
                core::Error{core::ErrorKind::kInvalid, "unknown_priority",
                            fmt::format("\"{}\" is not a priority group; use one of: {}.", **priority_code, known),
                            json{{"field", "priority"}}}));
        }
    }
    std::string hall(request.PathParam("hall"));
    // An optional phone (notifications, by consent) and NIK go to the personal-data vault; the ticket only
    // names the citizen, and the answer shows them masked.
    auto contact = ParseTicketContact(request);
    auto citizen = contact ? CollectTicketContact(ctx, request, hall, *contact) : tl::unexpected(contact.error());
    if (!citizen) {
        return respond(Response::Error(citizen.error()));
    }
    // Priority facilities may not be used by others: only the hall's kiosk or its tenant's staff issue them.
    auto allowed = [caller = auth::CallerOf(request), priority](const engine::HallView& v) -> core::Status {
        if (!priority) {
            return {};
        }
        return access::CanIssuePriority(caller, v.context.hall.id, v.context.hall.tenant_id);
    };
    // The answer shows the ticket as it was issued (position and predicted wait at that instant), rendered
    // while it is still the newest of its line, which keeps the prediction cheap however long the line is.
    auto at_issue = std::make_shared<json>();
    auto render_at_issue = [&ctx, at_issue](const engine::HallView& view, const std::vector<queue::Event>& events) {
        const auto* issued = std::get_if<queue::TicketIssued>(&events.front());
        const auto* ticket = issued != nullptr ? view.state.FindTicket(issued->ticket_id) : nullptr;
        if (ticket != nullptr) {
            *at_issue = TicketJson(view, *ticket, ctx.public_url);
        }
    };
    ctx.halls.Execute(
        hall, ActorOf(request),
        Checked(allowed,
                [service = *service, priority, ref = citizen->ref](const engine::HallView& v) {
                    auto decision = queue::IssueTicket(v.state, v.context, service, priority, v.now);
                    if (decision && !ref.empty() && !decision->empty()) {
                        if (auto* issued = std::get_if<queue::TicketIssued>(&decision->front())) {
                            issued->citizen_ref = ref;
                        }
                    }
                    return decision;
                }),
        [&ctx, hall, respond, citizen = *citizen, at_issue](auto result) {
            SettleTicketCitizen(ctx, citizen, result);
            if (!result) {
                return respond(Response::Error(result.error()));
            }
            json extra = citizen.ref.empty() ? json(nullptr) : json{{"contact", citizen.contact}};
            if (at_issue->is_null()) {  // not rendered at issue: render it now
                return RespondTicket(ctx, hall, result->front().data.value("ticket_id", ""), 201, respond, extra);
            }
            if (extra.is_object()) {
                at_issue->update(extra);
            }
            respond(Response::Json(201, *at_issue));
        },
        render_at_issue);
}

void GetTicket(ApiContext& ctx, const Request& request, const Responder& respond) {
    RespondTicket(ctx, std::string(request.PathParam("hall")), std::string(request.PathParam("ticket")), 200, respond);
}

void GetTicketQr(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall(request.PathParam("hall"));
    std::string ticket(request.PathParam("ticket"));
    auto exists =
        ctx.halls.Read(hall, [&](const engine::HallView& view) { return view.state.FindTicket(ticket) != nullptr; });
    if (!exists) {
        return respond(Response::Error(exists.error()));
    }
    if (!*exists) {
        return respond(Response::Error(TicketNotFound(ticket)));
    }
    respond(Response::Text(200, QrSvg(StatusUrl(ctx.public_url, hall, ticket)), "image/svg+xml")
                .WithHeader("Cache-Control", "public, max-age=86400"));
}

void GetCallVoice(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall(request.PathParam("hall"));
    std::string ticket_id(request.PathParam("ticket"));
    auto text = ctx.halls.Read(hall, [&](const engine::HallView& view) -> core::Result<std::string> {
        const auto* ticket = view.state.FindTicket(ticket_id);
        if (ticket == nullptr) {
            return tl::unexpected(TicketNotFound(ticket_id));
        }
        auto sentence = Announcement(view, *ticket);
        if (sentence.empty()) {
            return core::Fail(core::ErrorKind::kConflict, "ticket_not_called",
                              fmt::format("Ticket {} has not been called to a counter.", ticket->number));
        }
        return sentence;
    });
    if (!text) {
        return respond(Response::Error(text.error()));
    }
    if (!*text) {
        return respond(Response::Error(text->error()));
    }
    if (ctx.voice == nullptr) {
        return respond(
            Response::Error(core::Error{core::ErrorKind::kUnavailable, "voice_unavailable",
                                        "Spoken calls are not available: espeak-ng is not installed.", nullptr}));
    }
    respond(Response::Text(200, ctx.voice->SynthesizeWav(**text), "audio/wav")
                .WithHeader("Cache-Control", "public, max-age=3600"));
}

void ListHalls(ApiContext& ctx, const Request& /*request*/, const Responder& respond) {
    json halls = json::array();
    for (const auto& hall : ctx.database.CatalogRepo().ListHalls()) {
        halls.push_back(HallSummaryJson(hall));
    }
    respond(Response::Json(200, json{{"halls", halls}}));
}

void GetHall(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall_id(request.PathParam("hall"));
    auto& catalog = ctx.database.CatalogRepo();
    auto hall = catalog.FindHall(hall_id);
    if (!hall) {
        return respond(Response::Error(core::Error{core::ErrorKind::kNotFound, "hall_not_found",
                                                   fmt::format("There is no hall \"{}\".", hall_id), nullptr}));
    }
    json out = HallSummaryJson(*hall);
    json units = json::array();
    for (const auto& unit : catalog.ListUnits(hall->tenant_id)) {
        units.push_back(json{{"id", unit.id}, {"name", store::ToJson(unit.name)}});
    }
    json services = json::array();
    for (const auto& service : catalog.ListServices(hall->tenant_id)) {
        if (std::find(hall->service_codes.begin(), hall->service_codes.end(), service.code) !=
            hall->service_codes.end()) {
            services.push_back(ServiceJson(service));
        }
    }
    json officers = json::array();
    for (const auto& officer : catalog.ListOfficers(hall->tenant_id)) {
        officers.push_back(
            json{{"id", officer.id}, {"name", officer.name}, {"unit", officer.unit_id}, {"skills", officer.skills}});
    }
    json hours = json::array();
    for (const auto& h : hall->opening_hours) {
        hours.push_back(store::ToJson(h));
    }
    json counters = json::array();
    for (const auto& c : hall->counters) {
        counters.push_back(json{{"id", c.id}, {"name", c.name}, {"number", c.number}});
    }
    out.update(json{{"units", units},
                    {"services", services},
                    {"officers", officers},
                    {"opening_hours", hours},
                    {"counters", counters}});
    auto open = ctx.halls.Read(hall_id, [](const engine::HallView& view) { return QueueJson(view, "")["open_now"]; });
    out["open_now"] = open ? *open : json(false);
    respond(Response::Json(200, out));
}

void GetQueue(ApiContext& ctx, const Request& request, const Responder& respond) {
    auto rendered = ctx.halls.Read(std::string(request.PathParam("hall")),
                                   [&](const engine::HallView& view) { return QueueJson(view, ctx.public_url); });
    respond(rendered ? Response::Json(200, *rendered) : Response::Error(rendered.error()));
}

void HallEvents(ApiContext& ctx, const Request& request, const Responder& respond) {
    std::string hall(request.PathParam("hall"));
    auto exists = ctx.halls.Read(hall, [](const engine::HallView&) { return true; });
    respond(exists ? Response::EventStream(HallChannel(hall)) : Response::Error(exists.error()));
}

core::Result<engine::Decide> Decide(engine::Decide decide) { return decide; }

}  // namespace

void RegisterRoutes(http::Router& router, ApiContext& ctx) {
    auto bind = [&ctx](void (*handler)(ApiContext&, const Request&, const Responder&)) {
        return [&ctx, handler](const Request& request, const Responder& respond) { handler(ctx, request, respond); };
    };
    using engine::HallView;
    const std::string halls = "/api/v1/halls";
    const std::string hall = halls + "/{hall}";
    const std::string ticket = hall + "/tickets/{ticket}";
    const std::string counter = hall + "/counters/{counter}";

    // Discovery and the hall now.
    router.Add("GET", halls, "public", bind(&ListHalls));
    router.Add("GET", hall, "public", bind(&GetHall));
    router.Add("GET", hall + "/queue", "public", bind(&GetQueue));
    router.Add("GET", hall + "/events", "public", bind(&HallEvents));

    // Citizens: take a ticket and follow it.
    router.Add("POST", hall + "/tickets", "queue.issue",
               [&ctx](const Request& r, Responder respond) { IssueTicket(ctx, r, std::move(respond)); });
    router.Add("GET", ticket, "public", bind(&GetTicket));
    router.Add("GET", ticket + "/qr.svg", "public", bind(&GetTicketQr));
    router.Add("GET", hall + "/calls/{ticket}/voice.wav", "public", bind(&GetCallVoice));

    // Officers: the ticket at their counter.
    router.Add("POST", ticket + "/recall", "queue.operate", TicketCommand(ctx, [](const Body&, const std::string& id) {
                   return Decide([id](const HallView& v) { return queue::Recall(v.state, v.context, id, v.now); });
               }));
    router.Add(
        "POST", ticket + "/start", "queue.operate", TicketCommand(ctx, [](const Body&, const std::string& id) {
            return Decide([id](const HallView& v) { return queue::StartService(v.state, v.context, id, v.now); });
        }));
    router.Add(
        "POST", ticket + "/finish", "queue.operate", TicketCommand(ctx, [](const Body&, const std::string& id) {
            return Decide([id](const HallView& v) { return queue::FinishService(v.state, v.context, id, v.now); });
        }));
    router.Add("POST", ticket + "/no-show", "queue.operate", TicketCommand(ctx, [](const Body&, const std::string& id) {
                   return Decide([id](const HallView& v) { return queue::NoShow(v.state, v.context, id, v.now); });
               }));
    router.Add("POST", ticket + "/transfer", "queue.operate",
               TicketCommand(ctx, [](const Body& body, const std::string& id) -> core::Result<engine::Decide> {
                   auto to = body.RequiredString("service", 40);
                   if (!to) {
                       return tl::unexpected(to.error());
                   }
                   return Decide([id, to = *to](const HallView& v) {
                       return queue::Transfer(v.state, v.context, id, to, v.now);
                   });
               }));
    router.Add("POST", ticket + "/cancel", "queue.cancel",
               TicketCommand(ctx, [](const Body& body, const std::string& id) -> core::Result<engine::Decide> {
                   auto reason = body.OptionalString("reason", 200);
                   if (!reason) {
                       return tl::unexpected(reason.error());
                   }
                   return Decide([id, reason = reason->value_or("")](const HallView& v) {
                       return queue::Cancel(v.state, v.context, id, reason, v.now);
                   });
               }));

    // Officers: their counter.
    router.Add("POST", counter + "/open", "queue.operate",
               CounterCommand(
                   ctx,
                   [](const Body& body, const std::string& id) -> core::Result<engine::Decide> {
                       auto officer = body.RequiredString("officer", 80);
                       if (!officer) {
                           return tl::unexpected(officer.error());
                       }
                       auto services = body.RequiredStrings("services");
                       if (!services) {
                           return tl::unexpected(services.error());
                       }
                       return Decide([id, officer = *officer, services = *services](const HallView& v) {
                           return queue::OpenCounter(v.state, v.context, id, officer, services, v.now);
                       });
                   },
                   [](const access::Principal& caller, const Body& body, const std::string&, const HallView& v) {
                       // An officer opens a counter only as themselves; a supervisor for an officer of their unit.
                       auto officer = body.RequiredString("officer", 80);
                       const std::string officer_id = officer ? *officer : "";
                       return access::CanOpenCounterFor(caller, officer_id, UnitOfOfficer(v.context, officer_id));
                   }));
    router.Add("POST", counter + "/pause", "queue.operate",
               CounterCommand(ctx, [](const Body& body, const std::string& id) -> core::Result<engine::Decide> {
                   auto reason = body.OptionalString("reason", 200);
                   if (!reason) {
                       return tl::unexpected(reason.error());
                   }
                   return Decide([id, reason = reason->value_or("istirahat")](const HallView& v) {
                       return queue::PauseCounter(v.state, v.context, id, reason, v.now);
                   });
               }));
    router.Add(
        "POST", counter + "/resume", "queue.operate", CounterCommand(ctx, [](const Body&, const std::string& id) {
            return Decide([id](const HallView& v) { return queue::ResumeCounter(v.state, v.context, id, v.now); });
        }));
    router.Add(
        "POST", counter + "/close", "queue.operate", CounterCommand(ctx, [](const Body&, const std::string& id) {
            return Decide([id](const HallView& v) { return queue::CloseCounter(v.state, v.context, id, v.now); });
        }));
    router.Add("POST", counter + "/call-next", "queue.operate", [&ctx](const Request& request, Responder respond) {
        std::string hall_id(request.PathParam("hall"));
        std::string counter_id(request.PathParam("counter"));
        auto allowed = [caller = auth::CallerOf(request), counter_id](const HallView& v) {
            return access::CanOperate(caller, CounterWork(v, counter_id));
        };
        ctx.halls.Execute(
            hall_id, ActorOf(request),
            Checked(allowed,
                    [counter_id](const HallView& v) {
                        return queue::CallNext(v.state, v.context, counter_id, v.policy, v.now);
                    }),
            [&ctx, hall_id, respond](auto result) { RespondCalled(ctx, hall_id, respond, std::move(result)); });
    });
    router.Add("POST", counter + "/call", "queue.supervise", [&ctx](const Request& request, Responder respond) {
        auto body = JsonBody(request);
        auto ticket_id = body ? body->RequiredString("ticket", 80) : tl::unexpected(body.error());
        if (!ticket_id) {
            return respond(Response::Error(ticket_id.error()));
        }
        std::string hall_id(request.PathParam("hall"));
        std::string counter_id(request.PathParam("counter"));
        auto allowed = [caller = auth::CallerOf(request), counter_id](const HallView& v) {
            return access::CanSupervise(caller, CounterWork(v, counter_id).unit_id);
        };
        ctx.halls.Execute(
            hall_id, ActorOf(request),
            Checked(allowed,
                    [counter_id, t = *ticket_id](const HallView& v) {
                        return queue::CallSpecific(v.state, v.context, counter_id, t, v.now);
                    }),
            [&ctx, hall_id, respond](auto result) { RespondCalled(ctx, hall_id, respond, std::move(result)); });
    });

    // The audit trail and citizens' personal data (audit_routes.h).
    RegisterAuditRoutes(router, ctx);
}

void PublishHallEvents(ApiContext& ctx) {
    ctx.halls.OnCommit([&ctx](const std::string& hall_id, const std::vector<store::RecordedEvent>& events,
                              const engine::HallView& view) {
        for (const auto& event : events) {
            json payload{{"type", event.type},
                         {"at", event.data.value("at", "")},
                         {"ticket", nullptr},
                         {"counter", nullptr},
                         {"announcement", nullptr}};
            if (auto id = event.data.value("ticket_id", ""); !id.empty()) {
                if (const auto* ticket = view.state.FindTicket(id)) {
                    payload["ticket"] = TicketJson(view, *ticket, ctx.public_url, /*with_prediction=*/false);
                    if (event.type == "ticket_called" || event.type == "ticket_recalled") {
                        payload["announcement"] = Announcement(view, *ticket);
                    }
                }
            }
            if (auto id = event.data.value("counter_id", ""); !id.empty()) {
                if (const auto* counter = view.context.FindCounter(id)) {
                    payload["counter"] = CounterJson(view, *counter, ctx.public_url);
                }
            }
            ctx.hub.Publish(HallChannel(hall_id), event.type, payload.dump());
        }
    });
}

}  // namespace layan::api
