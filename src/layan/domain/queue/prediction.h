#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"

namespace layan::domain::queue {

/// The expected wait of one ticket, for the citizen ("10–15 min") and for the simulator to score.
struct WaitPrediction {
    std::string ticket_id{};
    std::string service{};
    TicketStatus status = TicketStatus::kWaiting;
    int position = 0;          ///< 1-based place in CallOrder of its service; 0 when not waiting.
    core::Millis expected{0};  ///< Best estimate of the time until it is called; 0 when not waiting.
    int expected_minutes = 0;  ///< `expected` rounded to whole minutes.
    int low_minutes = 0;       ///< Range shown to citizens: low_minutes–high_minutes.
    int high_minutes = 0;
    int open_counters = 0;         ///< Open counters serving the service.
    bool no_counter_open = false;  ///< No open counter serves the service: the estimate assumes typical staffing.

    friend bool operator==(const WaitPrediction&, const WaitPrediction&) = default;
};

/// Expected service time of a service: the prior (HallContext::PriorServiceTime: the mean of earlier
/// days, else the catalog's typical time) blended with the mean
/// of the last QueueRules::recent_durations durations observed today, the prior weighing as
/// QueueRules::prior_weight observations. Never below 30 s.
[[nodiscard]] core::Millis ExpectedServiceTime(std::span<const core::Millis> durations, core::Millis prior,
                                               const QueueRules& rules);

/// The same, read from the state (observed durations) and the context (prior, rules).
[[nodiscard]] core::Millis ExpectedServiceTime(const HallState& state, const HallContext& context,
                                               std::string_view service);

/// The mean service time of each service over earlier days' states (HallContext::history): every
/// duration observed, each day weighing by its number of citizens served. Services never served are absent.
[[nodiscard]] std::map<std::string, core::Millis, std::less<>> MeanServiceTimes(std::span<const HallState> days,
                                                                                const HallContext& context);

/// Predicts how long a waiting ticket will still wait at `now`. Pure function of its arguments.
///
/// Model: the ticket's service is served by its open counters. Each counter first finishes its
/// current ticket (expected service time minus the time already spent, at least a tenth of it; a
/// called ticket counts whole), then takes tickets of this service at its expected service time
/// divided by the share of the counter this service gets (its waiting work per counter over that of
/// all the counter's services, so a counter shared with busy services counts partly). Tickets go
/// in CallOrder (priority bound included) to the counter free first; the ticket's wait is the
/// instant its counter is free. When no counter serving the service is open, the estimate assumes
/// the usual staffing opens now: as many counters as served it at once earlier today, at least one
/// (no_counter_open is set). The range is expected ± max(2 min, 25 %), rounded to whole minutes when
/// expected is under 10 min and to 5 minutes above ("10–15 min"); it always contains expected.
///
/// Cost: O(counters × log) plus QueuePosition's (O(log n) for a ticket just issued), so answering the
/// citizen who takes a number does not grow with the line.
///
/// A ticket that is called or being served gets expected 0; fails with kNotFound
/// ("ticket_not_found") for an unknown ticket and kConflict ("ticket_closed") for a finished one.
[[nodiscard]] core::Result<WaitPrediction> PredictWait(const HallState& state, const HallContext& context,
                                                       std::string_view ticket_id, core::Instant now);

/// PredictWait for every waiting ticket, by service code then call order, in O(n log n) overall
/// (each service's queue is scheduled once).
[[nodiscard]] std::vector<WaitPrediction> PredictAll(const HallState& state, const HallContext& context,
                                                     core::Instant now);

}  // namespace layan::domain::queue
