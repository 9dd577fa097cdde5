#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/routing.h"
#include "layan/domain/survey/response.h"
#include "layan/sim/scenario.h"
#include "layan/store/catalog_json.h"

/// A year of a city's history, made by driving the domain: the demo tenant (Kota Mojokerto) with five halls,
/// each working day of each hall simulated by the hall simulator (sim::Generate draws the citizens,
/// sim::SimulateDay runs them through the commands of domain/queue on the hall's real catalog), and a share of
/// the served citizens answering the satisfaction survey. Deterministic: the same options give the same events,
/// and a hall's day depends only on the seed, the hall and the date.
///
/// Used by `layan_city_history` (bench/stats/generate_city.cc), which appends the events to a database, and by
/// `layan_figures_bench` (bench/stats/figures_bench.cc), which feeds them to domain::stats::Performance directly.
namespace layan::bench::city {

/// What to generate. The defaults give about 500,000 tickets and 50,000 survey responses.
struct CityOptions {
    std::uint64_t seed = 1;
    std::chrono::year_month_day from{std::chrono::year{2025}, std::chrono::December, std::chrono::day{1}};
    std::chrono::year_month_day to{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
    int halls = 5;                      ///< 1..5: the demo hall first, then four more.
    double tickets_per_hall_day = 420;  ///< Mean citizens per hall and working day (before day-to-day factors).
    double survey_share = 0.105;        ///< Share of the served citizens who answer the survey.
    /// When set, the last day stops at this local time (what has happened by then, nothing after), so that a
    /// server whose clock starts there sees a hall in the middle of its day.
    std::optional<std::chrono::minutes> last_day_until{};
};

/// One hall's day: the queue's events in order and the survey responses for its tickets.
struct HallDay {
    std::string hall;
    std::chrono::year_month_day day{};
    std::vector<domain::queue::Event> events;
    std::vector<domain::survey::SurveyAnswered> responses;
    std::int64_t tickets = 0;  ///< TicketIssued events.
    std::int64_t served = 0;   ///< ServiceFinished events.
};

/// The city: its catalog and the simulation of any hall's day.
class CityHistory {
public:
    /// Builds the catalog from the built-in demo catalog (store::BuiltInDemoCatalog). Throws std::runtime_error
    /// when the demo catalog does not parse (a build defect) or the options are out of range.
    explicit CityHistory(CityOptions options);

    /// The tenant as `layan seed-demo` writes it, with every hall at 14 counters (L01..L14) and 14 officers per
    /// hall: the demo hall keeps its name and its ten officers and gets four more; the other halls are copies of
    /// it with their own ids, names and officers. Seed it with store::SeedCatalog.
    [[nodiscard]] const store::TenantCatalog& Catalog() const { return catalog_; }

    /// The halls simulated, in order (the first is the demo's mpp-mojokerto).
    [[nodiscard]] std::vector<std::string> HallIds() const;

    /// Monday to Friday from `from` to `to`, without the national holidays and cuti bersama of
    /// store::NationalCalendar() (2026) and the two of December 2025 that the embedded calendar does not hold.
    [[nodiscard]] const std::vector<std::chrono::year_month_day>& Days() const { return days_; }

    /// Simulates one hall's day (`hall` indexes HallIds()). Thread-safe.
    [[nodiscard]] HallDay Simulate(std::size_t hall, std::chrono::year_month_day day) const;

    /// The scenario of one hall's day: the services' arrival rates and service times behind Simulate.
    [[nodiscard]] sim::Scenario ScenarioOf(std::size_t hall, std::chrono::year_month_day day) const;

    [[nodiscard]] const CityOptions& options() const { return options_; }

private:
    CityOptions options_;
    store::TenantCatalog catalog_;
    std::vector<domain::queue::HallContext> contexts_;
    std::shared_ptr<const domain::queue::RoutingPolicy> policy_;  // the server's default
    std::vector<std::chrono::year_month_day> days_;
};

}  // namespace layan::bench::city
