// The performance figures' pure work on a year of a city (city_history.h: five halls, about 500,000 tickets and
// 50,000 survey responses), without the store, the engine or HTTP:
//  - BM_FoldYear: domain::stats::Performance folding every event of the year (the CPU part of a rebuild);
//  - BM_DecodeMonth: one month of events from their stored JSON text back to events (what a rebuild does per
//    event before folding it: parse the text, then queue::FromJson / SurveyAnsweredFromJson);
//  - BM_Query/<period>: one dashboard query as engine::Performance::Report computes it — the service days of the
//    period added into the totals and per hall, unit, service, theme and trend bucket (stats::Accumulator), then
//    each finished (mean, p90 by nth_element, IKM) — without rendering the JSON;
//  - BM_OfficersYear: the officers' figures over the year.
// The year is simulated once, before the first benchmark (a few seconds).

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "city_history.h"
#include "layan/domain/stats/performance.h"
#include "layan/domain/survey/ikm.h"

namespace layan::bench::city {
namespace {

namespace stats = domain::stats;
using std::chrono::sys_days;
using std::chrono::year_month_day;

struct Year {
    CityHistory history{CityOptions{}};
    std::vector<HallDay> days;  // day-major, as the generator appends them
    std::int64_t events = 0;
    stats::Performance folded;
};

const Year& TheYear() {
    static const Year year = [] {
        Year y;
        const auto halls = y.history.HallIds().size();
        for (const auto& day : y.history.Days()) {
            for (std::size_t h = 0; h < halls; ++h) {
                y.days.push_back(y.history.Simulate(h, day));
                y.events += static_cast<std::int64_t>(y.days.back().events.size() + y.days.back().responses.size());
            }
        }
        for (const auto& day : y.days) {
            for (const auto& event : day.events) {
                y.folded.ApplyQueue(day.hall, sys_days{day.day}, event);
            }
            for (const auto& answered : day.responses) {
                y.folded.ApplySurvey(day.hall, sys_days{day.day}, answered);
            }
        }
        return y;
    }();
    return year;
}

void BM_FoldYear(benchmark::State& state) {
    const Year& year = TheYear();
    for (auto _ : state) {
        stats::Performance performance;
        for (const auto& day : year.days) {
            for (const auto& event : day.events) {
                performance.ApplyQueue(day.hall, sys_days{day.day}, event);
            }
            for (const auto& answered : day.responses) {
                performance.ApplySurvey(day.hall, sys_days{day.day}, answered);
            }
        }
        benchmark::DoNotOptimize(performance);
    }
    state.SetItemsProcessed(state.iterations() * year.events);
    state.counters["events"] = static_cast<double>(year.events);
    state.counters["service_days"] = static_cast<double>(year.folded.Services().size());
}
BENCHMARK(BM_FoldYear)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_DecodeMonth(benchmark::State& state) {
    const Year& year = TheYear();
    // The stored text of one month (June 2026) of events: type and data, as the store's rows hold them.
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& day : year.days) {
        if (day.day.year() == std::chrono::year{2026} && day.day.month() == std::chrono::June) {
            for (const auto& event : day.events) {
                rows.emplace_back(std::string(domain::queue::TypeName(event)), domain::queue::ToJson(event).dump());
            }
            for (const auto& answered : day.responses) {
                rows.emplace_back(std::string(domain::survey::SurveyAnswered::kType),
                                  domain::survey::ToJson(answered).dump());
            }
        }
    }
    for (auto _ : state) {
        std::int64_t decoded = 0;
        for (const auto& [type, text] : rows) {
            auto data = nlohmann::json::parse(text);
            if (type == domain::survey::SurveyAnswered::kType) {
                decoded += domain::survey::SurveyAnsweredFromJson(data).has_value() ? 1 : 0;
            } else {
                decoded += domain::queue::FromJson(type, data).has_value() ? 1 : 0;
            }
        }
        benchmark::DoNotOptimize(decoded);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows.size()));
    state.counters["events"] = static_cast<double>(rows.size());
}
BENCHMARK(BM_DecodeMonth)->Unit(benchmark::kMillisecond);

// One dashboard query: what engine::Performance::Report computes under the model's lock (stats::Group), for all
// halls or one.
std::int64_t Query(const Year& year, year_month_day from, year_month_day to, const std::string* only_hall) {
    const auto& catalog = year.history.Catalog();
    stats::Grouping grouping{.halls = {},
                             .from = sys_days{from},
                             .to = sys_days{to},
                             .services = {},
                             .only_these = false,
                             .target = std::chrono::minutes{15},
                             .weight = domain::survey::IkmWeight::kOneNinth,
                             .with_profile = false};
    for (const auto& hall : catalog.halls) {
        if (only_hall == nullptr || hall.id == *only_hall) {
            grouping.halls.push_back(hall.id);
        }
    }
    for (const auto& service : catalog.services) {
        grouping.services.emplace(service.code,
                                  stats::ServiceGroups{.unit = service.unit_id, .themes = service.themes});
    }
    const auto grouped = stats::Group(year.folded, grouping, stats::TrendOf(grouping.from, grouping.to));
    std::int64_t checksum = grouped.total.tickets;
    for (const auto* rows : {&grouped.halls, &grouped.units, &grouped.services, &grouped.themes}) {
        for (const auto& [name, figures] : *rows) {
            checksum += figures.served;
        }
    }
    for (const auto& point : grouped.trend) {
        checksum += point.waits_known;
    }
    return checksum;
}

constexpr year_month_day kYearFrom{std::chrono::year{2025}, std::chrono::December, std::chrono::day{1}};
constexpr year_month_day kYearTo{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
constexpr year_month_day kMonthFrom{std::chrono::year{2026}, std::chrono::June, std::chrono::day{1}};
constexpr year_month_day kMonthTo{std::chrono::year{2026}, std::chrono::June, std::chrono::day{30}};
constexpr year_month_day kDay{std::chrono::year{2026}, std::chrono::June, std::chrono::day{15}};

void BM_Query(benchmark::State& state, year_month_day from, year_month_day to, bool one_hall) {
    const Year& year = TheYear();
    const std::string hall = year.history.HallIds().front();
    for (auto _ : state) {
        benchmark::DoNotOptimize(Query(year, from, to, one_hall ? &hall : nullptr));
    }
}
BENCHMARK_CAPTURE(BM_Query, day, kDay, kDay, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Query, month, kMonthFrom, kMonthTo, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Query, year, kYearFrom, kYearTo, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Query, year_one_hall, kYearFrom, kYearTo, true)->Unit(benchmark::kMillisecond);

void BM_OfficersYear(benchmark::State& state) {
    const Year& year = TheYear();
    std::vector<std::string> halls;
    for (const auto& hall : year.history.Catalog().halls) {
        halls.push_back(hall.id);
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(stats::OfficerTotals(year.folded, halls, sys_days{kYearFrom}, sys_days{kYearTo}));
    }
}
BENCHMARK(BM_OfficersYear)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace layan::bench::city
