#pragma once

#include <span>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/sim/scenario.h"

namespace layan::sim {

/// A scenario learned from a hall's recorded days, for what-if studies on real data:
///  - the hours: the earliest opening and the latest closing of the catalog's hours on the days with
///    tickets;
///  - per service with tickets: the arrival rate of each open hour (tickets issued in that hour ÷
///    days with tickets); the service time's mean and coefficient of variation from every observed
///    service (start to finish), lognormal; the catalog's typical time and cv 0.5 when fewer than two
///    were observed;
///  - officers who worked on at least half of those days (and, for a service nobody of them served,
///    the one who served it most often): the services of the counters they opened, and the median
///    of their daily first opening and last closing;
///  - the share of priority tickets. Patience is not learned (cancellations are rare and mixed).
/// Services nobody ever served at a counter are left out (the simulation could not serve them).
/// `days` holds each day's events in order. Fails "no_history" when no ticket was issued.
[[nodiscard]] core::Result<Scenario> ScenarioFromHistory(const domain::queue::HallContext& context,
                                                         std::span<const std::vector<domain::queue::Event>> days);

}  // namespace layan::sim
