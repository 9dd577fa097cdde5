#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/calendar/layers.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/catalog/catalog.h"

namespace layan::domain::queue {

/// The queue rules of a hall. Defaults are layan's; a hall may configure each.
struct QueueRules {
    /// Calls (the first call and its recalls) a ticket gets before it may be recorded as a no-show.
    int max_calls = 3;
    /// Least time between two calls of the same ticket, so the citizen can walk to the counter.
    /// A no-show may be recorded this long after the last call, not sooner.
    std::chrono::seconds min_recall_gap{60};
    /// Priority bound (UU 25/2009 art. 29 vs. fairness): a regular ticket is passed by at most this
    /// many priority tickets at the counters able to serve it; after that it goes before any further
    /// priority ticket. At least 1 (smaller values count as 1).
    int max_priority_overtakes = 3;
    /// Anti-starvation bound of the balanced policy: a regular ticket is never passed by a regular
    /// ticket that arrived this much later than it (FCFS never passes anyone). 5 minutes: on the
    /// simulated busy hall (data/scenarios/mpp-busy.json, bench/README.md) it keeps most of the
    /// mean-wait gain of shortest-job-first while the 95th percentile stays below FCFS's; 20 minutes
    /// cut the mean as much but made the slowest 5 % wait longer than under FCFS.
    std::chrono::minutes overtake_window{5};
    /// How many of today's most recent service durations of a service feed its expected service time.
    int recent_durations = 20;
    /// Weight of the catalog's typical service time in that estimate, counted in observations: with
    /// the default 3, three observed durations weigh as much as the prior.
    int prior_weight = 3;

    friend bool operator==(const QueueRules&, const QueueRules&) = default;
};

/// The catalog facts the queue decisions need about one hall: the hall (opening hours, services,
/// counters), its work calendar, the services and officers by code, and the rules. Built once per
/// hall by the engine (or the simulator) and passed to every command.
struct HallContext {
    catalog::Hall hall{};
    std::map<std::string, catalog::Service, std::less<>> services{};  ///< By service code.
    std::map<std::string, catalog::Officer, std::less<>> officers{};  ///< By officer id.
    QueueRules rules{};
    /// Mean service time per service code observed on the hall's earlier days (see MeanServiceTimes);
    /// where known it is the prior of the expected service time instead of the catalog's typical time.
    std::map<std::string, core::Millis, std::less<>> history{};
    /// When the hall is open: calendar::HallCalendar, i.e. the hall's week (its own, else calendar::WeekOf
    /// its opening hours) on the national holidays, cuti bersama and fixed-date fallback, with the
    /// tenant's and the hall's day overrides. The one model of "open" of the queue; the same
    /// WorkCalendar counts deadlines.
    calendar::WorkCalendar calendar{};

    /// Builds a context from catalog lists (later duplicates of a code replace earlier ones). The hall's
    /// calendar is calendar::HallCalendar(national, layers, hall): `national` is the calendar the binary
    /// embeds, `layers` the tenant's calendar stream folded.
    [[nodiscard]] static HallContext Make(catalog::Hall hall, const std::vector<catalog::Service>& services,
                                          const std::vector<catalog::Officer>& officers, QueueRules rules = {},
                                          calendar::WorkCalendar national = {}, const calendar::Layers& layers = {});

    /// The service when the catalog knows it; nullptr otherwise.
    [[nodiscard]] const catalog::Service* FindService(std::string_view code) const;
    /// The officer when known; nullptr otherwise.
    [[nodiscard]] const catalog::Officer* FindOfficer(std::string_view id) const;
    /// The counter when it belongs to the hall; nullptr otherwise.
    [[nodiscard]] const catalog::Counter* FindCounter(std::string_view id) const;
    /// True when the hall lists the service and the catalog knows it.
    [[nodiscard]] bool Offers(std::string_view service) const;
    /// The name people read and hear for a counter ("Loket 3"); the id when the hall has no such counter.
    [[nodiscard]] std::string CounterName(std::string_view id) const;
    /// The catalog's typical service time of a service (10 min when the catalog does not know it).
    [[nodiscard]] std::chrono::minutes TypicalServiceTime(std::string_view service) const;
    /// Whether the hall is open at `now` (its calendar, read in the hall's time zone).
    [[nodiscard]] bool IsOpenAt(core::Instant now) const;
    /// What a service is expected to take before anything is observed today: its mean on earlier days
    /// (`history`) when known, else the catalog's typical time.
    [[nodiscard]] core::Millis PriorServiceTime(std::string_view service) const;
};

}  // namespace layan::domain::queue
