#include "layan/engine/queue.h"

#include <fmt/format.h>

#include "layan/domain/access/access.h"
#include "layan/domain/queue/commands.h"

namespace layan::engine {

namespace access = domain::access;
namespace queue = domain::queue;

core::Error Busy() {
    return core::Error{core::ErrorKind::kUnavailable, "busy", "The server is busy; please try again in a moment.",
                       nullptr};
}

core::Error TicketNotFound(std::string_view ticket_id) {
    return core::Error{core::ErrorKind::kNotFound, "ticket_not_found",
                       fmt::format("There is no ticket \"{}\" in this hall today.", ticket_id), nullptr};
}

namespace {

core::Error CounterNotFound(std::string_view counter_id) {
    return core::Error{core::ErrorKind::kNotFound, "counter_not_found",
                       fmt::format("There is no counter \"{}\" in this hall.", counter_id), nullptr};
}

/// Runs `decide` only when `allowed` (on the same hall state, under the hall's lock) says yes.
Decide Checked(std::function<core::Status(const HallView&)> allowed, Decide decide) {
    return [allowed = std::move(allowed), decide = std::move(decide)](const HallView& view) -> queue::Decision {
        if (auto ok = allowed(view); !ok) {
            return tl::unexpected(ok.error());
        }
        return decide(view);
    };
}

/// The ticket a call decided, as it is after the call; nullopt when nobody was called.
std::optional<TicketSnapshot> CalledTicket(const HallView& view, const std::vector<queue::Event>& events) {
    for (const auto& event : events) {
        if (const auto* called = std::get_if<queue::TicketCalled>(&event)) {
            if (const auto* ticket = view.state.FindTicket(called->ticket_id)) {
                return SnapshotOf(view, *ticket);
            }
        }
    }
    return std::nullopt;
}

/// Answers `done` with what a command presented, or with `missing` when it found nothing to present.
template <class T>
Done<std::optional<T>> Required(Done<T> done, core::Error missing) {
    return [done = std::move(done), missing = std::move(missing)](core::Result<std::optional<T>> result) {
        if (!result) {
            return done(tl::unexpected(result.error()));
        }
        if (!*result) {
            return done(tl::unexpected(missing));
        }
        done(std::move(**result));
    };
}

/// The domain's decision for a ticket operation.
Decide TicketDecision(const std::string& ticket, const TicketOperation& operation) {
    return [ticket, operation](const HallView& v) -> queue::Decision {
        switch (operation.action) {
            case TicketAction::kRecall:
                return queue::Recall(v.state, v.context, ticket, v.now);
            case TicketAction::kStart:
                return queue::StartService(v.state, v.context, ticket, v.now);
            case TicketAction::kFinish:
                return queue::FinishService(v.state, v.context, ticket, v.now);
            case TicketAction::kNoShow:
                return queue::NoShow(v.state, v.context, ticket, v.now);
            case TicketAction::kTransfer:
                return queue::Transfer(v.state, v.context, ticket, operation.to_service, v.now);
            case TicketAction::kCancel:
                return queue::Cancel(v.state, v.context, ticket, operation.reason, v.now);
        }
        return core::Fail(core::ErrorKind::kInternal, "unknown_action", "Unknown ticket action.");
    };
}

/// The domain's decision for a counter operation.
Decide CounterDecision(const std::string& counter, const CounterOperation& operation) {
    return [counter, operation](const HallView& v) -> queue::Decision {
        switch (operation.action) {
            case CounterAction::kOpen:
                return queue::OpenCounter(v.state, v.context, counter, operation.officer, operation.services, v.now);
            case CounterAction::kPause:
                return queue::PauseCounter(v.state, v.context, counter,
                                           operation.reason.empty() ? "istirahat" : operation.reason, v.now);
            case CounterAction::kResume:
                return queue::ResumeCounter(v.state, v.context, counter, v.now);
            case CounterAction::kClose:
                return queue::CloseCounter(v.state, v.context, counter, v.now);
        }
        return core::Fail(core::ErrorKind::kInternal, "unknown_action", "Unknown counter action.");
    };
}

}  // namespace

Queue::Queue(Halls& halls, PersonalData& personal_data, core::WorkerPool& workers)
    : halls_(halls), personal_data_(personal_data), workers_(workers) {}

void Queue::IssueTicket(IssueTicketRequest request, const Caller& caller, Done<IssuedTicket> done) {
    if (request.contact.empty()) {
        return Issue(request, caller, CollectedContact{.ref = "", .by = caller.actor, .masked = {}}, std::move(done));
    }
    // Nothing is collected for a hall that does not exist.
    if (halls_.FindHall(request.hall) == nullptr) {
        return done(tl::unexpected(HallNotFound(request.hall)));
    }
    // The vault writes synchronously: seal the contact on a worker, then issue the ticket that names the citizen.
    auto job = [this, request = std::move(request), caller, done]() mutable {
        auto collected = personal_data_.CollectForTicket(request.hall, request.contact, caller.actor);
        if (!collected) {
            return done(tl::unexpected(collected.error()));
        }
        Issue(request, caller, *collected, std::move(done));
    };
    if (!workers_.Post(std::move(job))) {
        done(tl::unexpected(Busy()));
    }
}

void Queue::Issue(const IssueTicketRequest& request, const Caller& caller, const CollectedContact& collected,
                  Done<IssuedTicket> done) {
    // Priority facilities may not be used by others: only the hall's kiosk or its tenant's staff issue them.
    auto allowed = [principal = caller.principal, priority = request.priority](const HallView& v) -> core::Status {
        if (!priority) {
            return {};
        }
        return access::CanIssuePriority(principal, v.context.hall.id, v.context.hall.tenant_id);
    };
    auto decide = [service = request.service, priority = request.priority, ref = collected.ref](const HallView& v) {
        return queue::IssueTicket(v.state, v.context, service, priority, v.now, ref);
    };
    // The answer shows the ticket as it was issued (position and predicted wait at that instant), taken while it
    // is still the newest of its line, which keeps the prediction cheap however long the line is.
    const auto masked = collected.ref.empty() ? std::nullopt : std::optional{collected.masked};
    Present<std::optional<IssuedTicket>> present =
        [masked](const HallView& view, const std::vector<queue::Event>& events) -> std::optional<IssuedTicket> {
        const auto* issued = events.empty() ? nullptr : std::get_if<queue::TicketIssued>(&events.front());
        const auto* ticket = issued != nullptr ? view.state.FindTicket(issued->ticket_id) : nullptr;
        if (ticket == nullptr) {
            return std::nullopt;
        }
        return IssuedTicket{.ticket = SnapshotOf(view, *ticket), .contact = masked};
    };
    auto answer = collected.ref.empty() ? std::move(done) : SettledFirst(collected, std::move(done));
    halls_.Execute<std::optional<IssuedTicket>>(
        request.hall, caller.actor, Checked(allowed, decide), present,
        Required(std::move(answer),
                 core::Error{core::ErrorKind::kInternal, "ticket_not_issued", "The ticket was not issued.", nullptr}));
}

Done<IssuedTicket> Queue::SettledFirst(const CollectedContact& collected, Done<IssuedTicket> done) {
    // Links the citizen to the ticket (or erases what was collected for a ticket not issued), then answers.
    return [this, collected, done = std::move(done)](core::Result<IssuedTicket> issued) {
        auto settle = [this, collected, done, issued = std::move(issued)] {
            std::optional<store::StreamId> stream;
            std::string ticket_id;
            if (issued) {
                const auto& ticket = issued->ticket;
                const auto& hall = ticket.context->hall;
                stream = store::StreamId::HallDay(hall.id, core::LocalDate(ticket.ticket.arrived_at, hall.utc_offset));
                ticket_id = ticket.ticket.id;
            }
            personal_data_.SettleTicket(collected, stream, ticket_id);
            done(issued);
        };
        if (!workers_.Post(settle)) {
            settle();  // the workers are saturated: settle here rather than leave the citizen's data behind
        }
    };
}

void Queue::CallNext(const std::string& hall, const std::string& counter, const Caller& caller,
                     Done<std::optional<TicketSnapshot>> done) {
    auto allowed = [principal = caller.principal, counter](const HallView& v) {
        return access::CanOperate(principal, access::CounterWork(v.state, v.context, counter));
    };
    auto decide = [counter](const HallView& v) {
        return queue::CallNext(v.state, v.context, counter, v.policy, v.now);
    };
    halls_.Execute<std::optional<TicketSnapshot>>(hall, caller.actor, Checked(allowed, decide), CalledTicket,
                                                  std::move(done));
}

void Queue::CallSpecific(const std::string& hall, const std::string& counter, const std::string& ticket,
                         const Caller& caller, Done<TicketSnapshot> done) {
    auto allowed = [principal = caller.principal, counter](const HallView& v) {
        return access::CanSupervise(principal, access::CounterWork(v.state, v.context, counter).unit_id);
    };
    auto decide = [counter, ticket](const HallView& v) {
        return queue::CallSpecific(v.state, v.context, counter, ticket, v.now);
    };
    halls_.Execute<std::optional<TicketSnapshot>>(hall, caller.actor, Checked(allowed, decide), CalledTicket,
                                                  Required(std::move(done), TicketNotFound(ticket)));
}

void Queue::OperateTicket(const std::string& hall, const std::string& ticket, const TicketOperation& operation,
                          const Caller& caller, Done<TicketSnapshot> done) {
    // An officer acts only on the tickets at their own counter (or, when nobody holds it, of their units);
    // supervisors on those of their units.
    auto allowed = [principal = caller.principal, ticket](const HallView& v) {
        return access::CanOperate(principal, access::TicketWork(v.state, v.context, ticket));
    };
    Present<std::optional<TicketSnapshot>> present =
        [ticket](const HallView& view, const std::vector<queue::Event>&) -> std::optional<TicketSnapshot> {
        const auto* found = view.state.FindTicket(ticket);
        return found != nullptr ? std::optional{SnapshotOf(view, *found)} : std::nullopt;
    };
    halls_.Execute<std::optional<TicketSnapshot>>(hall, caller.actor,
                                                  Checked(allowed, TicketDecision(ticket, operation)), present,
                                                  Required(std::move(done), TicketNotFound(ticket)));
}

void Queue::OperateCounter(const std::string& hall, const std::string& counter, const CounterOperation& operation,
                           const Caller& caller, Done<CounterSnapshot> done) {
    std::function<core::Status(const HallView&)> allowed;
    if (operation.action == CounterAction::kOpen) {
        // An officer opens a counter only as themselves; a supervisor for an officer of their unit.
        allowed = [principal = caller.principal, officer = operation.officer](const HallView& v) {
            return access::CanOpenCounterFor(principal, officer, access::UnitOfOfficer(v.context, officer));
        };
    } else {
        // An officer acts only on the counter they hold; supervisors on those of their units.
        allowed = [principal = caller.principal, counter](const HallView& v) {
            return access::CanOperate(principal, access::CounterWork(v.state, v.context, counter));
        };
    }
    Present<std::optional<CounterSnapshot>> present =
        [counter](const HallView& view, const std::vector<queue::Event>&) -> std::optional<CounterSnapshot> {
        const auto* found = view.context.FindCounter(counter);
        return found != nullptr ? std::optional{SnapshotOf(view, *found)} : std::nullopt;
    };
    halls_.Execute<std::optional<CounterSnapshot>>(hall, caller.actor,
                                                   Checked(allowed, CounterDecision(counter, operation)), present,
                                                   Required(std::move(done), CounterNotFound(counter)));
}

core::Result<TicketSnapshot> Queue::Ticket(const std::string& hall, const std::string& ticket) {
    auto found = halls_.Read(hall, [&](const HallView& view) -> core::Result<TicketSnapshot> {
        const auto* t = view.state.FindTicket(ticket);
        if (t == nullptr) {
            return tl::unexpected(TicketNotFound(ticket));
        }
        return SnapshotOf(view, *t);
    });
    return found ? *found : tl::unexpected(found.error());
}

core::Result<std::vector<TicketSnapshot>> Queue::NextCalls(const std::string& hall, const std::string& counter,
                                                           std::size_t limit) {
    auto found = halls_.Read(hall, [&](const HallView& view) -> core::Result<std::vector<TicketSnapshot>> {
        if (view.context.FindCounter(counter) == nullptr) {
            return core::Fail(core::ErrorKind::kNotFound, "counter_not_found",
                              fmt::format("There is no counter {} in {}.", counter, view.context.hall.name),
                              {{"counter", counter}});
        }
        std::vector<TicketSnapshot> next;
        for (const auto& id : queue::NextCalls(view.state, view.context, view.policy, counter, view.now, limit)) {
            // Without predictions: the list names who comes next, and this runs under the hall's lock.
            next.push_back(SnapshotOf(view, *view.state.FindTicket(id), /*with_prediction=*/false));
        }
        return next;
    });
    return found ? *found : tl::unexpected(found.error());
}

core::Result<std::string> Queue::CallAnnouncement(const std::string& hall, const std::string& ticket) {
    auto snapshot = Ticket(hall, ticket);
    if (!snapshot) {
        return tl::unexpected(snapshot.error());
    }
    if (snapshot->announcement.empty()) {
        return core::Fail(core::ErrorKind::kConflict, "ticket_not_called",
                          fmt::format("Ticket {} has not been called to a counter.", snapshot->ticket.number));
    }
    return snapshot->announcement;
}

}  // namespace layan::engine
