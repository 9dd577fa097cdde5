#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/priority.h"
#include "layan/domain/queue/routing.h"

/// The queue's decisions: pure functions of the hall state, the catalog facts (HallContext) and the
/// instant `now`. Each returns the events to append, in order, or why it refuses. They never change
/// the state: the caller appends the events and then folds them (HallState::Apply).
///
/// Refusals carry a stable code and a sentence for the officer:
///  - ErrorKind::kNotFound: "counter_not_found", "officer_not_found", "ticket_not_found",
///    "service_not_offered" (not offered at this hall);
///  - ErrorKind::kInvalid: "no_services", "same_service";
///  - ErrorKind::kConflict: every rule of the moment ("hall_closed", "counter_closed", "counter_busy",
///    "counter_paused", "counter_not_paused", "counter_already_open", "officer_at_other_counter",
///    "officer_lacks_skill", "ticket_not_waiting", "service_not_at_counter", "ticket_not_called",
///    "already_serving", "ticket_not_serving", "max_calls_reached", "recall_too_soon",
///    "too_few_calls", "no_show_too_soon", "ticket_closed", "ticket_not_cancellable");
///  - ErrorKind::kInternal: "routing_error" (a policy chose a ticket the counter cannot call: a bug).
namespace layan::domain::queue {

/// The events a command decided, or why it refused.
using Decision = core::Result<std::vector<Event>>;

/// Issues a ticket for `service` at the kiosk: TicketIssued. The number is the service's ticket
/// prefix (its code when it has none) and the day's next sequence of that prefix, "A-001"; the id
/// adds the hall-local date, "20261129-A-001", so it is unique in the hall across days.
/// `citizen_ref`, when not empty, names the citizen whose personal data the vault holds for this ticket.
/// Refuses "service_not_offered" when the hall does not offer the service and "hall_closed" outside
/// the hall's opening hours (hall-local time; open <= t < close on that weekday).
[[nodiscard]] Decision IssueTicket(const HallState& state, const HallContext& context, std::string_view service,
                                   std::optional<PriorityReason> priority, core::Instant now,
                                   std::string_view citizen_ref = {});

/// Opens a counter for an officer: CounterOpened. `services` empty means every skill of the officer
/// that the hall offers. Refuses when the counter is already open or paused, the officer is at
/// another open or paused counter, a service is not offered at the hall, or the officer lacks a
/// skill (services must be a subset of the officer's skills).
[[nodiscard]] Decision OpenCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                                   std::string_view officer_id, std::span<const std::string> services,
                                   core::Instant now);

/// Pauses an open counter that is not busy with a called or served ticket: CounterPaused.
[[nodiscard]] Decision PauseCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                                    std::string_view reason, core::Instant now);

/// Resumes a paused counter: CounterResumed.
[[nodiscard]] Decision ResumeCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                                     core::Instant now);

/// Closes an open or paused counter that is not busy: CounterClosed.
[[nodiscard]] Decision CloseCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                                    core::Instant now);

/// Calls the next citizen at a counter: the routing policy decides, the officer cannot choose.
/// The counter must be open (not paused) and not busy with a called or served ticket.
/// Success with one TicketCalled (chosen_by_supervisor = false), or success with NO events when no
/// ticket of the counter's services waits: the caller tells the officer "nobody is waiting".
[[nodiscard]] Decision CallNext(const HallState& state, const HallContext& context, std::string_view counter_id,
                                const RoutingPolicy& policy, core::Instant now);

/// A supervisor calls a specific waiting ticket to a counter that serves its service:
/// TicketCalled with chosen_by_supervisor = true (audited). Same counter rules as CallNext.
[[nodiscard]] Decision CallSpecific(const HallState& state, const HallContext& context, std::string_view counter_id,
                                    std::string_view ticket_id, core::Instant now);

/// Calls a called ticket again: TicketRecalled. At most QueueRules::max_calls calls in all, at least
/// QueueRules::min_recall_gap apart.
[[nodiscard]] Decision Recall(const HallState& state, const HallContext& context, std::string_view ticket_id,
                              core::Instant now);

/// Records that a called citizen did not come: TicketNoShow. Only after QueueRules::max_calls calls,
/// and at least min_recall_gap after the last one.
[[nodiscard]] Decision NoShow(const HallState& state, const HallContext& context, std::string_view ticket_id,
                              core::Instant now);

/// The called citizen is at the counter: ServiceStarted.
[[nodiscard]] Decision StartService(const HallState& state, const HallContext& context, std::string_view ticket_id,
                                    core::Instant now);

/// The citizen has been served: ServiceFinished. Only for a ticket being served.
[[nodiscard]] Decision FinishService(const HallState& state, const HallContext& context, std::string_view ticket_id,
                                     core::Instant now);

/// Sends a waiting, called or served ticket to another service: TicketTransferred. The ticket
/// waits again, for `to_service`, keeping its number and its original arrival (so it is called
/// before those who came after it). Rule: the hall must offer `to_service`; an open counter for it is
/// not required (it may open later; predictions flag no_counter_open).
[[nodiscard]] Decision Transfer(const HallState& state, const HallContext& context, std::string_view ticket_id,
                                std::string_view to_service, core::Instant now);

/// Withdraws a waiting or called ticket: TicketCancelled.
[[nodiscard]] Decision Cancel(const HallState& state, const HallContext& context, std::string_view ticket_id,
                              std::string_view reason, core::Instant now);

}  // namespace layan::domain::queue
