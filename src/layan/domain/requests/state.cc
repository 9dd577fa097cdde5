#include "layan/domain/requests/state.h"

namespace layan::domain::requests {

namespace {

// Events are facts: a clock step that does not fit (a pause of a stopped clock) leaves the clock as it is
// and the rest of the event still applies.
void Step(const core::Status& ignored) { static_cast<void>(ignored); }

void AddDocuments(RequestState& state, const std::vector<Document>& documents) {
    for (const auto& document : documents) {
        state.documents.insert_or_assign(document.requirement, document);
    }
}

void Close(RequestState& state, RequestStatus status, core::Instant at) {
    state.status = status;
    Step(calendar::Stop(state.clock, at));
    state.closed_at = at;
}

void On(RequestState& state, const RequestSubmitted& e) {
    state.status = RequestStatus::kSubmitted;
    state.clock = calendar::Start(e.rule, e.at);
    AddDocuments(state, e.documents);
    state.submission = e;
}
void On(RequestState& state, const RequestAssigned& e) { state.assigned_officer = e.officer_id; }
void On(RequestState& state, const RequestVerified& /*e*/) { state.status = RequestStatus::kVerified; }
void On(RequestState& state, const RequestReturned& e) {
    state.status = RequestStatus::kReturned;
    Step(calendar::Pause(state.clock, e.at));
    state.last_return = e;
}
void On(RequestState& state, const RequestResubmitted& e) {
    state.status = RequestStatus::kSubmitted;
    Step(calendar::Resume(state.clock, e.at));
    AddDocuments(state, e.documents);
    state.last_return.reset();
}
void On(RequestState& state, const RequestProcessingStarted& /*e*/) { state.status = RequestStatus::kInProcess; }
void On(RequestState& state, const RequestProductReady& e) {
    state.status = RequestStatus::kProductReady;
    Step(calendar::Stop(state.clock, e.at));
}
void On(RequestState& state, const RequestHandedOver& e) {
    state.status = RequestStatus::kHandedOver;
    state.closed_at = e.at;
}
void On(RequestState& state, const RequestRejected& e) { Close(state, RequestStatus::kRejected, e.at); }
void On(RequestState& state, const RequestWithdrawn& e) { Close(state, RequestStatus::kWithdrawn, e.at); }
void On(RequestState& /*state*/, const RequestMessagePosted& /*e*/) {}
void On(RequestState& /*state*/, const RequestNoteAdded& /*e*/) {}
void On(RequestState& state, const RequestEscalated& e) { state.escalations.insert(e.key); }

}  // namespace

std::string_view ToString(RequestStatus status) {
    switch (status) {
        case RequestStatus::kSubmitted:
            return "submitted";
        case RequestStatus::kVerified:
            return "verified";
        case RequestStatus::kReturned:
            return "returned";
        case RequestStatus::kInProcess:
            return "in_process";
        case RequestStatus::kProductReady:
            return "product_ready";
        case RequestStatus::kHandedOver:
            return "handed_over";
        case RequestStatus::kRejected:
            return "rejected";
        case RequestStatus::kWithdrawn:
            return "withdrawn";
    }
    return "submitted";
}

bool RequestState::IsTerminal() const {
    return status == RequestStatus::kHandedOver || status == RequestStatus::kRejected ||
           status == RequestStatus::kWithdrawn;
}

void Apply(RequestState& state, const Event& event) {
    if (std::holds_alternative<RequestSubmitted>(event) == state.exists()) {
        return;  // Nothing happens to a request before it is submitted, and it is submitted once.
    }
    std::visit([&state](const auto& e) { On(state, e); }, event);
    state.timeline.push_back(event);
}

RequestState Fold(std::span<const Event> events) {
    RequestState state;
    for (const auto& event : events) {
        Apply(state, event);
    }
    return state;
}

}  // namespace layan::domain::requests
