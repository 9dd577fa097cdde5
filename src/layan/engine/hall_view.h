#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/prediction.h"
#include "layan/domain/queue/routing.h"

/// What the engine shows of a hall: the live view under the hall's lock, and snapshots taken from it that
/// stay valid after the lock is released (answers, pushed events), so that rendering happens outside.
namespace layan::engine {

/// The hall as a decision or a reader sees it, under the lock: the state, its catalog facts and the time.
struct HallView {
    const domain::queue::HallState& state;
    const domain::queue::HallContext& context;
    const domain::queue::RoutingPolicy& policy;
    core::Instant now;
    /// `context`, shared: what a snapshot keeps (the context of a day is immutable).
    std::shared_ptr<const domain::queue::HallContext> shared_context;
};

/// One ticket as of a moment, with what people read about it.
struct TicketSnapshot {
    domain::queue::Ticket ticket;
    /// Its place and predicted wait while waiting, when asked for (the costly part).
    std::optional<domain::queue::WaitPrediction> prediction;
    /// The sentence spoken when it is called to its counter; empty while it is not.
    std::string announcement;
    std::shared_ptr<const domain::queue::HallContext> context;  ///< Names of services and counters.
    core::Instant at{};                                         ///< The moment of the snapshot.
};

/// One counter of the hall as of a moment.
struct CounterSnapshot {
    domain::catalog::Counter counter;                  ///< Id, name, number.
    std::optional<domain::queue::CounterState> state;  ///< nullopt while closed.
    std::optional<TicketSnapshot> ticket;              ///< The ticket it called or serves.
    std::shared_ptr<const domain::queue::HallContext> context;
};

/// One committed event of a hall with the ticket and counter it concerns, as of its decision: what listeners
/// (the display boards' push channel) are told.
struct HallChange {
    domain::queue::Event event;
    std::optional<TicketSnapshot> ticket;    ///< Without prediction.
    std::optional<CounterSnapshot> counter;  ///< Its ticket with prediction.
};

/// The sentence spoken when a ticket is called to its counter; empty while it is not called.
[[nodiscard]] std::string AnnouncementOf(const HallView& view, const domain::queue::Ticket& ticket);

/// The ticket as it is in `view` now.
[[nodiscard]] TicketSnapshot SnapshotOf(const HallView& view, const domain::queue::Ticket& ticket,
                                        bool with_prediction = true);

/// The counter as it is in `view` now.
[[nodiscard]] CounterSnapshot SnapshotOf(const HallView& view, const domain::catalog::Counter& counter);

/// The changes `events` made, read from `view` right after they were applied.
[[nodiscard]] std::vector<HallChange> ChangesOf(const HallView& view, const std::vector<domain::queue::Event>& events);

}  // namespace layan::engine
