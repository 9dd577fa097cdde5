#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"
#include "layan/domain/stats/performance.h"
#include "layan/domain/survey/ikm.h"
#include "layan/engine/directory.h"
#include "layan/engine/halls.h"
#include "layan/engine/history.h"
#include "layan/store/event_store.h"

/// How well citizens are served, for the public dashboard, open data, the satisfaction report (SKM) and the
/// supervisors: a read model of the event log (domain::stats::Performance) kept up to date from the store's
/// subscription on a thread of its own, never recomputed per request. At start it folds the whole log in the
/// background; until it has caught up, and whenever it falls behind, its status says so.
namespace layan::engine {

/// Where the read model stands against the log.
struct ViewStatus {
    std::int64_t position = 0;  ///< The last event folded in.
    std::int64_t head = 0;      ///< The log's last event.
    bool behind = false;        ///< Catching up at start or after a rebuild, or lagging for more than two seconds.
    bool rebuilding = false;    ///< A rebuild from the events is running (the figures shown are the old ones).
};

/// A period of a tenant's figures. `from`..`to` are local days, both included.
struct PeriodQuery {
    std::string tenant;
    std::chrono::year_month_day from{};
    std::chrono::year_month_day to{};
    std::chrono::minutes target{15};     ///< A wait within this counts as on target.
    std::optional<std::string> hall;     ///< Only this hall of the tenant.
    std::optional<std::string> unit;     ///< Only this unit's services (the satisfaction report and officers).
    std::optional<std::string> service;  ///< Only this service (the satisfaction report).
    /// Only the services and officers of these units (a supervisor's or unit head's own); empty = every unit.
    std::vector<std::string> units{};

    /// Whether the unit is in the query's scope (its `unit` and `units`).
    [[nodiscard]] bool Covers(std::string_view unit_id) const;
};

/// Figures under a name: a hall, a unit, a service or a theme.
struct NamedFigures {
    std::string id;
    domain::catalog::LocalizedText name;
    std::string unit;                  ///< Services: their unit.
    std::vector<std::string> members;  ///< Services: their themes; themes: their services.
    domain::stats::Figures figures;
};

struct TrendPoint {
    std::chrono::year_month_day from{};
    std::chrono::year_month_day to{};
    domain::stats::Figures figures;
};

/// The figures of a period, overall and per hall, unit, service, theme, and over time.
struct PerformanceReport {
    domain::catalog::Tenant tenant;
    PeriodQuery query;
    ViewStatus status;
    domain::stats::Figures totals;
    std::vector<NamedFigures> halls;
    std::vector<NamedFigures> units;
    std::vector<NamedFigures> services;
    std::vector<NamedFigures> themes;
    std::string granularity;  ///< "day", "week" (seven days from the period's first) or "month".
    std::vector<TrendPoint> trend;
};

/// The satisfaction report (SKM) of a period and scope.
struct SkmReport {
    PeriodQuery query;
    ViewStatus status;
    domain::survey::IkmWeight weight = domain::survey::IkmWeight::kOneNinth;
    domain::stats::Figures figures;                ///< Population = figures.served.
    std::vector<std::string> lowest;               ///< The three elements with the lowest NRR, lowest first.
    std::vector<domain::stats::Comment> comments;  ///< Newest first, at most 200.
    std::vector<NamedFigures> services;
};

struct OfficerRow {
    std::string id;
    std::string name;
    std::string unit;
    domain::stats::OfficerFigures figures;
};

struct OfficersReport {
    PeriodQuery query;
    ViewStatus status;
    std::vector<OfficerRow> officers;
};

/// A hall right now.
struct LiveService {
    std::string code;
    domain::catalog::LocalizedText name;
    int waiting = 0;
    core::Millis longest_wait{0};
};
struct LiveHall {
    std::string id;
    std::string name;
    bool open = false;
    int counters_open = 0;
    int waiting = 0;
    core::Millis longest_wait{0};
    std::vector<LiveService> services;
};
struct LiveReport {
    core::Instant at{};
    std::vector<LiveHall> halls;
};

/// Folds the whole log into figures, as a rebuild does (`layan views rebuild`). Sets `*position` to the last
/// event folded. Throws core::StorageUnavailable when the store cannot be read.
[[nodiscard]] domain::stats::Performance FoldPerformance(store::EventStore& events, std::int64_t* position = nullptr);

/// Adds one recorded event to the figures (events of other streams are ignored). False when it could not be read.
bool ApplyToPerformance(domain::stats::Performance& performance, const store::RecordedEvent& event);

class Performance {
public:
    Performance(store::EventStore& events, Directory& directory, Halls& halls, const core::Clock& clock,
                domain::survey::IkmWeight weight);
    /// Stop().
    ~Performance();
    Performance(const Performance&) = delete;
    Performance& operator=(const Performance&) = delete;

    /// Subscribes to the store and starts folding the log in the background. Call once.
    void Start();
    /// Ends the subscription and the thread. Idempotent.
    void Stop();

    /// Recomputes the figures from the events in the background; the old ones answer meanwhile.
    void Rebuild();

    [[nodiscard]] ViewStatus Status() const;

    /// Waits until the read model has folded every event committed before the call (tests, the CLI). False on
    /// timeout.
    bool WaitUntilCurrent(std::chrono::milliseconds timeout) const;

    /// 404 "tenant_not_found", "hall_not_found"; CheckHistoryRange's 422 "invalid_range" (1 to 366 days).
    [[nodiscard]] core::Result<PerformanceReport> Report(const PeriodQuery& query) const;
    /// Also 404 "unit_not_found", "service_not_found".
    [[nodiscard]] core::Result<SkmReport> Skm(const PeriodQuery& query) const;
    [[nodiscard]] core::Result<OfficersReport> Officers(const PeriodQuery& query) const;
    /// From the halls' live state, not the read model.
    [[nodiscard]] core::Result<LiveReport> Live(const std::string& tenant) const;

    /// A copy of the figures (tests compare it with a rebuild).
    [[nodiscard]] domain::stats::Performance Snapshot() const;

private:
    void Feed();
    /// Status() with the position the figures were read at (under the model's lock).
    [[nodiscard]] ViewStatus StatusAt(std::int64_t position) const;
    [[nodiscard]] core::Status CheckQuery(const PeriodQuery& query) const;
    /// The halls a query covers: its hall, else every hall of its tenant.
    [[nodiscard]] std::vector<std::string> HallsIn(const PeriodQuery& query) const;
    /// How the model groups a query's service days: its halls, period, the services of its scope.
    [[nodiscard]] domain::stats::Grouping GroupingOf(const PeriodQuery& query) const;

    store::EventStore& events_;
    Directory& directory_;
    Halls& halls_;
    const core::Clock& clock_;
    domain::survey::IkmWeight weight_;

    mutable std::shared_mutex model_mutex_;  // guards model_ and position_
    domain::stats::Performance model_;
    std::int64_t position_ = 0;

    mutable std::mutex feed_mutex_;  // guards the fields below
    mutable std::condition_variable feed_wake_;
    mutable std::condition_variable fed_;
    std::deque<store::RecordedEvent> incoming_;
    bool catching_up_ = true;
    bool rebuild_requested_ = false;
    bool rebuilding_ = false;
    bool stopping_ = false;
    core::Instant last_progress_{};
    std::int64_t fed_position_ = 0;  // position_ as the feed thread last published it

    std::shared_ptr<void> subscription_;
    std::thread feeder_;

    // The reports already made at a position of the log: the same query at the same position has the same answer,
    // so a crowd asking for the same period costs one computation per change of the log.
    struct CachedReport {
        std::int64_t position = 0;
        PerformanceReport report;
    };
    mutable std::mutex cache_mutex_;
    mutable std::map<std::string, CachedReport, std::less<>> cache_;
};

}  // namespace layan::engine
