#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/worker_pool.h"
#include "layan/domain/queue/priority.h"
#include "layan/engine/actor.h"
#include "layan/engine/hall_view.h"
#include "layan/engine/halls.h"
#include "layan/engine/personal_data.h"

/// The service hall's use cases: what the kiosk, the officer's console and the supervisor ask of a hall.
/// Each takes a typed request and the caller, checks the caller's powers on the hall as it is when the
/// command runs (domain::access), lets the domain decide, and answers with a typed result after the commit.
/// The API, the CLI and tests call these; none of them holds a rule.
namespace layan::engine {

/// Answers a use case: after the commit, on the engine's dispatch thread or a worker (never under a lock).
template <class T>
using Done = std::function<void(core::Result<T>)>;

/// A ticket at the kiosk: the service, the priority group (checked: only the hall's kiosk or staff issue one),
/// and the personal data the citizen chose to give.
struct IssueTicketRequest {
    std::string hall;
    std::string service;
    std::optional<domain::queue::PriorityReason> priority;
    TicketContact contact;
};

/// The ticket as issued (its place and predicted wait at that instant) and the contact, masked.
struct IssuedTicket {
    TicketSnapshot ticket;
    std::optional<MaskedContact> contact;  ///< When personal data was given.
};

/// What an officer does with the ticket at their counter.
enum class TicketAction { kRecall, kStart, kFinish, kNoShow, kTransfer, kCancel };
struct TicketOperation {
    TicketAction action = TicketAction::kRecall;
    std::string to_service;  ///< kTransfer: the service it waits for next.
    std::string reason;      ///< kCancel: why (free text).
};

/// What an officer does with their counter.
enum class CounterAction { kOpen, kPause, kResume, kClose };
struct CounterOperation {
    CounterAction action = CounterAction::kOpen;
    std::string officer;                ///< kOpen: who serves there.
    std::vector<std::string> services;  ///< kOpen: what they serve.
    std::string reason;                 ///< kPause: why ("istirahat" when empty).
};

class Queue {
public:
    /// `workers` runs what blocks (the personal-data vault) off the caller's thread.
    Queue(Halls& halls, PersonalData& personal_data, core::WorkerPool& workers);

    /// Issues a ticket. With personal data, the vault seals it first (on a worker) and the ticket names the
    /// citizen; a ticket not issued erases it again. Errors: the queue's rules (hall_closed, ...), 403
    /// "priority_not_allowed", the contact's vault errors, 503 "busy" when the workers are saturated.
    void IssueTicket(IssueTicketRequest request, const Caller& caller, Done<IssuedTicket> done);

    /// Calls the next citizen to the caller's counter, as the hall's routing policy decides; nullopt when
    /// nobody waits for the counter's services.
    void CallNext(const std::string& hall, const std::string& counter, const Caller& caller,
                  Done<std::optional<TicketSnapshot>> done);

    /// A supervisor calls a chosen waiting ticket to a counter of their units (recorded as their choice).
    void CallSpecific(const std::string& hall, const std::string& counter, const std::string& ticket,
                      const Caller& caller, Done<TicketSnapshot> done);

    /// Recall, start, finish, no-show, transfer or cancel a ticket; answers with the ticket after it.
    void OperateTicket(const std::string& hall, const std::string& ticket, const TicketOperation& operation,
                       const Caller& caller, Done<TicketSnapshot> done);

    /// Open, pause, resume or close a counter; answers with the counter after it.
    void OperateCounter(const std::string& hall, const std::string& counter, const CounterOperation& operation,
                        const Caller& caller, Done<CounterSnapshot> done);

    /// A ticket of the hall today, with its place and predicted wait while it waits; kNotFound
    /// "ticket_not_found".
    [[nodiscard]] core::Result<TicketSnapshot> Ticket(const std::string& hall, const std::string& ticket);

    /// The waiting tickets the counter would call next, in order (queue::NextCalls with the hall's policy), at
    /// most `limit`; empty when the counter is not open. kNotFound "counter_not_found" for a counter not in the hall.
    [[nodiscard]] core::Result<std::vector<TicketSnapshot>> NextCalls(const std::string& hall,
                                                                      const std::string& counter, std::size_t limit);

    /// The sentence that calls a ticket to its counter; 409 "ticket_not_called" while it is not called.
    [[nodiscard]] core::Result<std::string> CallAnnouncement(const std::string& hall, const std::string& ticket);

private:
    void Issue(const IssueTicketRequest& request, const Caller& caller, const CollectedContact& collected,
               Done<IssuedTicket> done);
    /// `done`, called once the contact is linked to the issued ticket (or erased when none was issued).
    Done<IssuedTicket> SettledFirst(const CollectedContact& collected, Done<IssuedTicket> done);

    Halls& halls_;
    PersonalData& personal_data_;
    core::WorkerPool& workers_;
};

/// 503 "busy": the server's workers are saturated; the answer says to try again shortly.
[[nodiscard]] core::Error Busy();

/// 404 "ticket_not_found".
[[nodiscard]] core::Error TicketNotFound(std::string_view ticket_id);

}  // namespace layan::engine
