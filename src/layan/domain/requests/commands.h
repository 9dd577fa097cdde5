#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/requests/events.h"
#include "layan/domain/requests/state.h"

/// The decisions on a service request: pure functions of the folded request (RequestState), the command's
/// inputs and the instant `now`. Each returns the events to append, in order, or why it refuses; none
/// changes the state (the caller appends, then folds with Apply). Who may act (an officer of the unit, the
/// citizen holding the tracking code) is checked before, by access/ and the engine; which documents a
/// standard requires, by the engine against the standard in force.
///
/// Checks, in this order, with their codes:
///  1. ErrorKind::kNotFound "request_not_found": the request has not been submitted (Submit: kConflict
///     "request_exists" when it has: the engine draws another tracking code).
///  2. ErrorKind::kConflict "request_transition_invalid", details {"state": ToString(status), "action":
///     ToString(action)}: the status does not allow the action (table at Allows).
///  3. ErrorKind::kInvalid, details {"field": name} (plus {"max": n} for lengths): "reason_required",
///     "reason_too_long", "text_required", "text_too_long" (what a citizen or officer typed; texts are
///     trimmed of surrounding white space before they are checked and stored, lengths count Unicode code
///     points); "request_document_missing" (details {"field": "documents", "requirement": code}) when a
///     completion lacks a document the return asked for; "request_field_invalid" for what the engine passes
///     wrong (an empty id, a malformed digest, a NIK that is not masked).
///
/// Time: every event is stamped max(now, the last event's instant), so a request's events never go back
/// in time even when the nodes of a cluster disagree on the clock by a little (the SLA clock could not
/// resume before its pause began).
namespace layan::domain::requests {

/// The events a command decided, or why it refused.
using Decision = core::Result<std::vector<Event>>;

/// What can be done to a submitted request.
enum class Action {
    kVerify,
    kReturn,
    kResubmit,
    kStartProcessing,
    kMarkProductReady,
    kHandOver,
    kReject,
    kWithdraw,
    kAssign,
    kPostMessage,
    kAddNote,
};

/// The action's code, as in details.action and the API's paths: "verify", "return", "resubmit", "start",
/// "ready", "hand_over", "reject", "withdraw", "assign", "message", "note".
[[nodiscard]] std::string_view ToString(Action action);

/// Whether a request in `status` allows `action`:
///
/// | status        | allows                                                              |
/// |---------------|---------------------------------------------------------------------|
/// | submitted     | verify, return, reject, withdraw, assign, message, note             |
/// | verified      | start, return, reject, withdraw, assign, message, note              |
/// | returned      | resubmit, reject, withdraw, assign, message, note                   |
/// | in_process    | ready, return, reject, withdraw, assign, message, note              |
/// | product_ready | hand_over, assign, message, note                                    |
/// | handed_over, rejected, withdrawn (terminal) | nothing                               |
///
/// Decided where the plan left it open: a request in process may still be returned for completion (the
/// officer may find a gap only while working); a completed file goes back to submitted, to be verified
/// again before work goes on; the citizen may withdraw until the product is ready, not after (the work is
/// done); a terminal request accepts nothing, not even a message (a new question is a new request or a
/// complaint).
[[nodiscard]] bool Allows(RequestStatus status, Action action);

/// The most code points of a reason (return, rejection, withdrawal).
inline constexpr std::size_t kMaxReasonLength = 1000;
/// The most code points of a message or an internal note.
inline constexpr std::size_t kMaxTextLength = 2000;

/// Submits a request online or opens it from a walk-in ticket: RequestSubmitted = `submission` with `at` =
/// now (the clock's start). Refuses "request_exists" when the state already holds a request, and
/// "request_field_invalid" when: service, unit_id, hall_id or citizen_ref is empty; standard_version < 1;
/// rule.amount < 0; masked_nik is not 16 characters of 4 digits, 10 '*' and 2 digits; channel online with a
/// ticket or `by`, or walk_in without both (ticket ids not empty); a document has an empty requirement, a
/// sha256 that is not 64 lower-case hex digits, a size <= 0, a media type that is not "type/subtype", or
/// the requirement of an earlier one ("documents[i].<field>").
[[nodiscard]] Decision Submit(const RequestState& state, RequestSubmitted submission, core::Instant now);

/// `officer` verified the file: RequestVerified.
[[nodiscard]] Decision Verify(const RequestState& state, std::string_view officer, core::Instant now);

/// `officer` returns the file for completion: RequestReturned (pauses the clock). `reason` is required;
/// `missing` lists requirement codes to hand in (optional; empty codes are refused, repeats dropped).
[[nodiscard]] Decision Return(const RequestState& state, std::string_view officer, std::string_view reason,
                              std::span<const std::string> missing, core::Instant now);

/// The citizen completes a returned file: RequestResubmitted (resumes the clock). Every requirement the
/// return listed as missing must be among `documents` ("request_document_missing"); documents are checked
/// as in Submit.
[[nodiscard]] Decision Resubmit(const RequestState& state, std::vector<Document> documents, core::Instant now);

/// `officer` starts work on a verified request: RequestProcessingStarted.
[[nodiscard]] Decision StartProcessing(const RequestState& state, std::string_view officer, core::Instant now);

/// `officer` marks the product ready: RequestProductReady (stops the clock).
[[nodiscard]] Decision MarkProductReady(const RequestState& state, std::string_view officer, core::Instant now);

/// `officer` handed the product to the citizen: RequestHandedOver.
[[nodiscard]] Decision HandOver(const RequestState& state, std::string_view officer, core::Instant now);

/// `officer` rejects the request: RequestRejected (stops the clock). `reason` is required.
[[nodiscard]] Decision Reject(const RequestState& state, std::string_view officer, std::string_view reason,
                              core::Instant now);

/// The citizen withdraws the request: RequestWithdrawn (stops the clock). `reason` is optional (empty or
/// white space: none).
[[nodiscard]] Decision Withdraw(const RequestState& state, std::string_view reason, core::Instant now);

/// `by` assigns the request to `officer` (by == officer: taking it on): RequestAssigned. Success with no
/// events when `officer` is already assigned.
[[nodiscard]] Decision Assign(const RequestState& state, std::string_view officer, std::string_view by,
                              core::Instant now);

/// A public message: RequestMessagePosted. `by` names the officer when author is kOfficer and must be
/// empty for the citizen.
[[nodiscard]] Decision PostMessage(const RequestState& state, Author author, std::string_view by, std::string_view text,
                                   core::Instant now);

/// `by` adds an internal note: RequestNoteAdded.
[[nodiscard]] Decision AddNote(const RequestState& state, std::string_view by, std::string_view text,
                               core::Instant now);

/// Raises an escalation of the clock's run `run` (the run the caller's calendar::SlaReading was computed
/// for), due at `due_at`: RequestEscalated with key EscalationKey(level, run). Exactly once per level per
/// run: success with NO events (not an error, so a second tick, a restart or a second node is harmless)
/// when the key was raised already, when `run` is not the clock's current run (a stale timer), or when the
/// clock is not running (paused while returned, stopped, or the request is terminal). Only
/// "request_not_found" is refused.
[[nodiscard]] Decision Escalate(const RequestState& state, EscalationLevel level, int run, core::Instant due_at,
                                core::Instant now);

}  // namespace layan::domain::requests
