#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/calendar/sla_clock.h"
#include "layan/domain/requests/events.h"

namespace layan::domain::requests {

/// Where a request is in its life. The way through:
///
///     submitted → verified → in_process → product_ready → handed_over
///
/// and the ways aside: submitted, verified and in_process may be returned to the citizen for completion
/// (returned, the SLA clock paused), and the completed file is submitted again (to be verified again);
/// submitted, verified, returned and in_process may end rejected (by the unit, with a reason) or withdrawn
/// (by the citizen). The terminal statuses are handed_over, rejected and withdrawn. commands.h has the full
/// table of what each status allows (Allows).
enum class RequestStatus {
    kSubmitted,     ///< Waiting to be verified (again, after a resubmission).
    kVerified,      ///< The file is complete; work may start.
    kReturned,      ///< Back with the citizen for completion; the SLA clock is paused.
    kInProcess,     ///< The unit works on the product.
    kProductReady,  ///< The product waits for the citizen; the SLA clock is stopped.
    kHandedOver,    ///< Done: the citizen has the product.
    kRejected,      ///< Done: refused by the unit, with a reason.
    kWithdrawn,     ///< Done: withdrawn by the citizen.
};

/// The status's stable code for the API: "submitted", "verified", "returned", "in_process", "product_ready",
/// "handed_over", "rejected", "withdrawn".
[[nodiscard]] std::string_view ToString(RequestStatus status);

/// One request as the fold of its events (a plain value: copy it, compare it). Before its RequestSubmitted
/// it does not exist: `submission` is empty and every other member is at its default.
struct RequestState {
    std::optional<RequestSubmitted> submission{};  ///< The facts it was submitted with (documents as then).
    RequestStatus status = RequestStatus::kSubmitted;
    calendar::SlaClock clock{};                    ///< Started at submission, paused while returned, stopped when done.
    std::string assigned_officer{};                ///< Empty until someone is assigned.
    std::map<std::string, Document> documents{};   ///< The latest document per requirement code.
    std::optional<RequestReturned> last_return{};  ///< The return being completed; cleared on resubmission.
    std::vector<Event> timeline{};                 ///< Every event applied, in order (views filter IsPublic).
    std::set<std::string> escalations{};           ///< Keys of the escalations raised ("supervisor:0").
    std::optional<core::Instant> closed_at{};      ///< When it reached a terminal status.

    /// Whether a RequestSubmitted has been applied.
    [[nodiscard]] bool exists() const { return submission.has_value(); }
    /// Handed over, rejected or withdrawn: nothing more happens to it.
    [[nodiscard]] bool IsTerminal() const;

    friend bool operator==(const RequestState&, const RequestState&) = default;
};

/// Folds one event into the state. Never fails: events are facts. An event that cannot come from the
/// decisions (anything before RequestSubmitted, a second RequestSubmitted) is ignored; the others are
/// applied as recorded, and the clock ignores a step it cannot take (calendar::Pause etc. leave it unchanged
/// on error). What each event does besides joining the timeline:
/// - submitted: status submitted, the clock starts at `at` with the rule, the documents are recorded;
/// - verified → verified; processing_started → in_process; handed_over → handed_over (closed);
/// - returned → returned, the clock pauses, last_return is set;
/// - resubmitted → submitted, the clock resumes (its run goes up), documents replace those of the same
///   requirement, last_return is cleared;
/// - product_ready → product_ready and the clock stops; rejected and withdrawn stop it (ending a pause) and
///   close the request;
/// - assigned sets assigned_officer; escalated adds its key; messages and notes only join the timeline.
void Apply(RequestState& state, const Event& event);

/// The fold of `events` from the empty state.
[[nodiscard]] RequestState Fold(std::span<const Event> events);

}  // namespace layan::domain::requests
