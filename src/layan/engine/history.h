#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/store/database.h"

namespace layan::engine {

/// A hall's recorded days, as facts: what the digital twin learns from (sim::ScenarioFromHistory).
struct HallHistory {
    domain::queue::HallContext context{};
    /// One entry per local day from `from` to `to`, each that day's events in order (empty when closed).
    std::vector<std::vector<domain::queue::Event>> days{};
};

/// 422 "invalid_range" (details.field "from" or "to") unless `from`..`to` (both included) are valid dates, `to` not
/// before `from`, at most 366 days: the one check of a period, for the command line, the studies and the figures.
[[nodiscard]] core::Status CheckHistoryRange(std::chrono::year_month_day from, std::chrono::year_month_day to);

/// Reads the day streams of a hall from `from` to `to`, both included, with the queue rules the hall runs
/// on (the server's settings). Reads only: it runs beside `layan serve`. 404 "hall_not_found";
/// CheckHistoryRange's error.
[[nodiscard]] core::Result<HallHistory> ReadHallHistory(store::Database& database, std::string_view hall_id,
                                                        std::chrono::year_month_day from,
                                                        std::chrono::year_month_day to,
                                                        const domain::queue::QueueRules& rules = {});

}  // namespace layan::engine
