#include "layan/domain/requests/commands.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace layan::domain::requests {

namespace {

using core::ErrorKind;
using core::Fail;

core::Status Exists(const RequestState& state) {
    if (!state.exists()) {
        return Fail(ErrorKind::kNotFound, "request_not_found", "There is no such request.");
    }
    return {};
}

core::Status Permit(const RequestState& state, Action action) {
    if (auto found = Exists(state); !found) {
        return found;
    }
    if (!Allows(state.status, action)) {
        return Fail(ErrorKind::kConflict, "request_transition_invalid",
                    fmt::format("A request that is {} cannot take the action \"{}\".", ToString(state.status),
                                ToString(action)),
                    {{"state", ToString(state.status)}, {"action", ToString(action)}});
    }
    return {};
}

tl::unexpected<core::Error> FieldInvalid(const std::string& field, std::string_view what) {
    return Fail(ErrorKind::kInvalid, "request_field_invalid", fmt::format("{}: {}.", field, what), {{"field", field}});
}

core::Status RequireId(std::string_view value, const char* field) {
    if (value.empty()) {
        return FieldInvalid(field, "must not be empty");
    }
    return {};
}

// Later events never go back in time: see commands.h.
core::Instant Stamp(const RequestState& state, core::Instant now) {
    return state.timeline.empty() ? now : std::max(now, At(state.timeline.back()));
}

std::string_view Trimmed(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// A typed text, trimmed; `field` ("reason" or "text") names the codes "<field>_required", "<field>_too_long".
core::Result<std::string> TypedText(std::string_view typed, std::string_view field, std::size_t max) {
    const std::string_view text = Trimmed(typed);
    if (text.empty()) {
        return Fail(ErrorKind::kInvalid, fmt::format("{}_required", field), fmt::format("Please write the {}.", field),
                    {{"field", field}});
    }
    if (CodePoints(text) > max) {
        return Fail(ErrorKind::kInvalid, fmt::format("{}_too_long", field),
                    fmt::format("The {} may have at most {} characters.", field, max),
                    {{"field", field}, {"max", max}});
    }
    return std::string(text);
}

bool IsLowerHex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsMediaType(std::string_view text) {
    const auto slash = text.find('/');
    return slash != std::string_view::npos && slash > 0 && slash + 1 < text.size() &&
           text.find_first_of(" \t/", slash + 1) == std::string_view::npos;
}

core::Status CheckDocuments(const std::vector<Document>& documents) {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        const Document& document = documents[i];
        const auto field = [i](std::string_view name) { return fmt::format("documents[{}].{}", i, name); };
        if (document.requirement.empty()) {
            return FieldInvalid(field("requirement"), "must not be empty");
        }
        if (!seen.insert(document.requirement).second) {
            return FieldInvalid(field("requirement"), "one document per requirement");
        }
        if (document.sha256.size() != 64 || !IsLowerHex(document.sha256)) {
            return FieldInvalid(field("sha256"), "must be 64 lower-case hex digits");
        }
        if (document.size <= 0) {
            return FieldInvalid(field("size"), "must be above 0");
        }
        if (!IsMediaType(document.media_type)) {
            return FieldInvalid(field("media_type"), "must be type/subtype");
        }
    }
    return {};
}

// "3516**********12": what identity::MaskNik makes of a 16-digit NIK.
bool IsMaskedNik(std::string_view text) {
    if (text.size() != 16) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool shown = i < 4 || i >= 14;
        if (shown ? (text[i] < '0' || text[i] > '9') : text[i] != '*') {
            return false;
        }
    }
    return true;
}

core::Status CheckSubmission(const RequestSubmitted& submission) {
    for (const auto& [value, field] :
         {std::pair{&submission.service, "service"}, std::pair{&submission.unit_id, "unit_id"},
          std::pair{&submission.hall_id, "hall_id"}, std::pair{&submission.citizen_ref, "citizen_ref"}}) {
        if (auto ok = RequireId(*value, field); !ok) {
            return ok;
        }
    }
    if (submission.standard_version < 1) {
        return FieldInvalid("standard_version", "must be 1 or more");
    }
    if (submission.rule.amount < 0) {
        return FieldInvalid("rule", "the amount must not be negative");
    }
    if (!IsMaskedNik(submission.masked_nik)) {
        return FieldInvalid("masked_nik", "must be a masked NIK (4 digits, 10 '*', 2 digits)");
    }
    const bool walk_in = submission.channel == Channel::kWalkIn;
    if (walk_in != submission.ticket.has_value()) {
        return FieldInvalid("ticket", "a walk-in request names its ticket, an online one none");
    }
    if (walk_in && (submission.ticket->hall_id.empty() || submission.ticket->ticket_id.empty())) {
        return FieldInvalid("ticket", "the hall and the ticket id must not be empty");
    }
    if (walk_in == submission.by.empty()) {
        return FieldInvalid("by", "a walk-in request names the officer who opened it, an online one nobody");
    }
    return CheckDocuments(submission.documents);
}

// An officer's action: allowed now, and the officer named.
core::Status PermitOfficer(const RequestState& state, Action action, std::string_view officer) {
    if (auto permitted = Permit(state, action); !permitted) {
        return permitted;
    }
    return RequireId(officer, "by");
}

// An officer's action with a typed text (a reason, a note): the text, trimmed, once everything is checked.
core::Result<std::string> OfficerText(const RequestState& state, Action action, std::string_view officer,
                                      std::string_view typed, std::string_view field, std::size_t max) {
    if (auto permitted = PermitOfficer(state, action, officer); !permitted) {
        return tl::unexpected(permitted.error());
    }
    return TypedText(typed, field, max);
}

// The events of an officer's action that carries nothing but who and when.
template <class E>
Decision OfficerStep(const RequestState& state, Action action, std::string_view officer, core::Instant now) {
    if (auto permitted = PermitOfficer(state, action, officer); !permitted) {
        return tl::unexpected(permitted.error());
    }
    return std::vector<Event>{E{.by = std::string(officer), .at = Stamp(state, now)}};
}

}  // namespace

std::string_view ToString(Action action) {
    switch (action) {
        case Action::kVerify:
            return "verify";
        case Action::kReturn:
            return "return";
        case Action::kResubmit:
            return "resubmit";
        case Action::kStartProcessing:
            return "start";
        case Action::kMarkProductReady:
            return "ready";
        case Action::kHandOver:
            return "hand_over";
        case Action::kReject:
            return "reject";
        case Action::kWithdraw:
            return "withdraw";
        case Action::kAssign:
            return "assign";
        case Action::kPostMessage:
            return "message";
        case Action::kAddNote:
            return "note";
    }
    return "verify";
}

bool Allows(RequestStatus status, Action action) {
    // What every open status allows, then the status's own way forward.
    const bool open_action = action == Action::kAssign || action == Action::kPostMessage || action == Action::kAddNote;
    const bool ends_early = action == Action::kReject || action == Action::kWithdraw;
    switch (status) {
        case RequestStatus::kSubmitted:
            return open_action || ends_early || action == Action::kVerify || action == Action::kReturn;
        case RequestStatus::kVerified:
            return open_action || ends_early || action == Action::kStartProcessing || action == Action::kReturn;
        case RequestStatus::kReturned:
            return open_action || ends_early || action == Action::kResubmit;
        case RequestStatus::kInProcess:
            return open_action || ends_early || action == Action::kMarkProductReady || action == Action::kReturn;
        case RequestStatus::kProductReady:
            return open_action || action == Action::kHandOver;
        case RequestStatus::kHandedOver:
        case RequestStatus::kRejected:
        case RequestStatus::kWithdrawn:
            return false;
    }
    return false;
}

Decision Submit(const RequestState& state, RequestSubmitted submission, core::Instant now) {
    if (state.exists()) {
        return Fail(ErrorKind::kConflict, "request_exists", "A request with this tracking code exists already.");
    }
    if (auto ok = CheckSubmission(submission); !ok) {
        return tl::unexpected(ok.error());
    }
    submission.at = now;
    return std::vector<Event>{std::move(submission)};
}

Decision Verify(const RequestState& state, std::string_view officer, core::Instant now) {
    return OfficerStep<RequestVerified>(state, Action::kVerify, officer, now);
}

Decision Return(const RequestState& state, std::string_view officer, std::string_view reason,
                std::span<const std::string> missing, core::Instant now) {
    auto text = OfficerText(state, Action::kReturn, officer, reason, "reason", kMaxReasonLength);
    if (!text) {
        return tl::unexpected(text.error());
    }
    RequestReturned returned{.by = std::string(officer), .reason = std::move(*text), .at = Stamp(state, now)};
    for (const auto& code : missing) {
        if (code.empty()) {
            return FieldInvalid("missing", "a requirement code must not be empty");
        }
        if (std::find(returned.missing.begin(), returned.missing.end(), code) == returned.missing.end()) {
            returned.missing.push_back(code);
        }
    }
    return std::vector<Event>{std::move(returned)};
}

Decision Resubmit(const RequestState& state, std::vector<Document> documents, core::Instant now) {
    if (auto permitted = Permit(state, Action::kResubmit); !permitted) {
        return tl::unexpected(permitted.error());
    }
    if (auto ok = CheckDocuments(documents); !ok) {
        return tl::unexpected(ok.error());
    }
    if (state.last_return) {
        for (const auto& code : state.last_return->missing) {
            const bool handed_in = std::any_of(documents.begin(), documents.end(),
                                               [&](const Document& document) { return document.requirement == code; });
            if (!handed_in) {
                return Fail(ErrorKind::kInvalid, "request_document_missing",
                            fmt::format("The document for requirement {} is still missing.", code),
                            {{"field", "documents"}, {"requirement", code}});
            }
        }
    }
    return std::vector<Event>{RequestResubmitted{.documents = std::move(documents), .at = Stamp(state, now)}};
}

Decision StartProcessing(const RequestState& state, std::string_view officer, core::Instant now) {
    return OfficerStep<RequestProcessingStarted>(state, Action::kStartProcessing, officer, now);
}

Decision MarkProductReady(const RequestState& state, std::string_view officer, core::Instant now) {
    return OfficerStep<RequestProductReady>(state, Action::kMarkProductReady, officer, now);
}

Decision HandOver(const RequestState& state, std::string_view officer, core::Instant now) {
    return OfficerStep<RequestHandedOver>(state, Action::kHandOver, officer, now);
}

Decision Reject(const RequestState& state, std::string_view officer, std::string_view reason, core::Instant now) {
    auto text = OfficerText(state, Action::kReject, officer, reason, "reason", kMaxReasonLength);
    if (!text) {
        return tl::unexpected(text.error());
    }
    return std::vector<Event>{
        RequestRejected{.by = std::string(officer), .reason = std::move(*text), .at = Stamp(state, now)}};
}

Decision Withdraw(const RequestState& state, std::string_view reason, core::Instant now) {
    if (auto permitted = Permit(state, Action::kWithdraw); !permitted) {
        return tl::unexpected(permitted.error());
    }
    RequestWithdrawn withdrawn{.at = Stamp(state, now)};
    if (!Trimmed(reason).empty()) {
        auto text = TypedText(reason, "reason", kMaxReasonLength);
        if (!text) {
            return tl::unexpected(text.error());
        }
        withdrawn.reason = std::move(*text);
    }
    return std::vector<Event>{std::move(withdrawn)};
}

Decision Assign(const RequestState& state, std::string_view officer, std::string_view by, core::Instant now) {
    if (auto permitted = Permit(state, Action::kAssign); !permitted) {
        return tl::unexpected(permitted.error());
    }
    if (auto ok = RequireId(officer, "officer_id"); !ok) {
        return tl::unexpected(ok.error());
    }
    if (auto ok = RequireId(by, "by"); !ok) {
        return tl::unexpected(ok.error());
    }
    if (state.assigned_officer == officer) {
        return std::vector<Event>{};
    }
    return std::vector<Event>{
        RequestAssigned{.officer_id = std::string(officer), .by = std::string(by), .at = Stamp(state, now)}};
}

Decision PostMessage(const RequestState& state, Author author, std::string_view by, std::string_view text,
                     core::Instant now) {
    if (auto permitted = Permit(state, Action::kPostMessage); !permitted) {
        return tl::unexpected(permitted.error());
    }
    if ((author == Author::kOfficer) == by.empty()) {
        return FieldInvalid("by", "an officer's message names the officer, the citizen's nobody");
    }
    auto typed = TypedText(text, "text", kMaxTextLength);
    if (!typed) {
        return tl::unexpected(typed.error());
    }
    return std::vector<Event>{RequestMessagePosted{
        .author = author, .by = std::string(by), .text = std::move(*typed), .at = Stamp(state, now)}};
}

Decision AddNote(const RequestState& state, std::string_view by, std::string_view text, core::Instant now) {
    auto typed = OfficerText(state, Action::kAddNote, by, text, "text", kMaxTextLength);
    if (!typed) {
        return tl::unexpected(typed.error());
    }
    return std::vector<Event>{
        RequestNoteAdded{.by = std::string(by), .text = std::move(*typed), .at = Stamp(state, now)}};
}

Decision Escalate(const RequestState& state, EscalationLevel level, int run, core::Instant due_at, core::Instant now) {
    if (auto found = Exists(state); !found) {
        return tl::unexpected(found.error());
    }
    const bool running = !state.IsTerminal() && !state.clock.paused_since && !state.clock.stopped_at;
    auto key = EscalationKey(level, run);
    if (!running || run != state.clock.run || state.escalations.contains(key)) {
        return std::vector<Event>{};
    }
    return std::vector<Event>{
        RequestEscalated{.level = level, .key = std::move(key), .due_at = due_at, .at = Stamp(state, now)}};
}

}  // namespace layan::domain::requests
