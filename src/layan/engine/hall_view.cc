#include "layan/engine/hall_view.h"

#include "layan/domain/speech/speech.h"

namespace layan::engine {

namespace queue = domain::queue;

std::string AnnouncementOf(const HallView& view, const queue::Ticket& ticket) {
    if (ticket.counter_id.empty()) {
        return "";
    }
    const auto* counter = view.context.FindCounter(ticket.counter_id);
    return domain::speech::CallAnnouncement(ticket.number, counter != nullptr ? counter->number : 0);
}

TicketSnapshot SnapshotOf(const HallView& view, const queue::Ticket& ticket, bool with_prediction) {
    TicketSnapshot snapshot{.ticket = ticket,
                            .prediction = std::nullopt,
                            .announcement = "",
                            .context = view.shared_context,
                            .at = view.now};
    if (ticket.status == queue::TicketStatus::kWaiting && with_prediction) {
        if (auto prediction = queue::PredictWait(view.state, view.context, ticket.id, view.now)) {
            snapshot.prediction = *prediction;
        }
    }
    snapshot.announcement = AnnouncementOf(view, ticket);
    return snapshot;
}

CounterSnapshot SnapshotOf(const HallView& view, const domain::catalog::Counter& counter) {
    CounterSnapshot snapshot{
        .counter = counter, .state = std::nullopt, .ticket = std::nullopt, .context = view.shared_context};
    const auto* state = view.state.FindCounter(counter.id);
    if (state == nullptr || state->status == queue::CounterStatus::kClosed) {
        return snapshot;
    }
    snapshot.state = *state;
    if (const auto* ticket = state->busy() ? view.state.FindTicket(state->current_ticket) : nullptr) {
        snapshot.ticket = SnapshotOf(view, *ticket);
    }
    return snapshot;
}

std::vector<HallChange> ChangesOf(const HallView& view, const std::vector<queue::Event>& events) {
    std::vector<HallChange> changes;
    changes.reserve(events.size());
    for (const auto& event : events) {
        HallChange change{.event = event, .ticket = std::nullopt, .counter = std::nullopt};
        if (auto id = queue::TicketOf(event); !id.empty()) {
            if (const auto* ticket = view.state.FindTicket(id)) {
                change.ticket = SnapshotOf(view, *ticket, /*with_prediction=*/false);
            }
        }
        if (auto id = queue::CounterOf(event); !id.empty()) {
            if (const auto* counter = view.context.FindCounter(id)) {
                change.counter = SnapshotOf(view, *counter);
            }
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

}  // namespace layan::engine
