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

// The trend's buckets as engine::Performance::Report makes them: days up to 31 days, weeks up to 186, else months.
std::vector<std::pair<sys_days, sys_days>> Buckets(year_month_day from, year_month_day to) {
    std::vector<std::pair<sys_days, sys_days>> ranges;
    const sys_days first{from};
    const sys_days last{to};
    const auto days = (last - first).count() + 1;
    const auto step = days <= 31 ? 1 : days <= 186 ? 7 : 0;
    if (step > 0) {
        for (auto day = first; day <= last; day += std::chrono::days{step}) {
            ranges.emplace_back(day, std::min(last, day + std::chrono::days{step - 1}));
        }
        return ranges;
    }
    auto month = from.year() / from.month();
    for (sys_days start = first; start <= last;) {
        month += std::chrono::months{1};
        sys_days next{month / std::chrono::day{1}};
        ranges.emplace_back(start, std::min(last, next - std::chrono::days{1}));
        start = next;
    }
    return ranges;
}

// One dashboard query: what engine::Performance::Report computes under the model's lock, and the Finish of every
// row after it.
std::int64_t Query(const Year& year, year_month_day from, year_month_day to, const std::string* only_hall) {
    const auto target = std::chrono::seconds{15 * 60};
    const auto& catalog = year.history.Catalog();
    std::map<std::string, const domain::catalog::Service*, std::less<>> service_of;
    for (const auto& service : catalog.services) {
        service_of[service.code] = &service;
    }
    const auto ranges = Buckets(from, to);
    stats::Accumulator total(target);
    std::map<std::string, stats::Accumulator, std::less<>> by_hall;
    std::map<std::string, stats::Accumulator, std::less<>> by_unit;
    std::map<std::string, stats::Accumulator, std::less<>> by_service;
    std::map<std::string, stats::Accumulator, std::less<>> by_theme;
    std::vector<stats::Accumulator> by_bucket(ranges.size(), stats::Accumulator(target));
    auto add = [&](auto& map, std::string_view key, const stats::ServiceDay& day) {
        auto found = map.find(key);
        if (found == map.end()) {
            found = map.emplace(std::string(key), stats::Accumulator(target)).first;
        }
        found->second.Add(day);
    };
    const auto& services = year.folded.Services();
    for (const auto& hall : catalog.halls) {
        if (only_hall != nullptr && hall.id != *only_hall) {
            continue;
        }
        for (auto it = services.lower_bound(stats::Key{hall.id, sys_days{from}, ""});
             it != services.end() && it->first.hall == hall.id && it->first.day <= sys_days{to}; ++it) {
            const auto& [key, day] = *it;
            total.Add(day);
            add(by_hall, key.hall, day);
            add(by_service, key.name, day);
            if (auto service = service_of.find(key.name); service != service_of.end()) {
                add(by_unit, service->second->unit_id, day);
                for (const auto& theme : service->second->themes) {
                    add(by_theme, theme, day);
                }
            }
            auto bucket = std::upper_bound(ranges.begin(), ranges.end(), key.day,
                                           [](sys_days d, const auto& range) { return d < range.first; });
            by_bucket[static_cast<std::size_t>(bucket - ranges.begin()) - 1].Add(day);
        }
    }
    std::int64_t checksum = total.Finish().tickets;
    for (const auto* map : {&by_hall, &by_unit, &by_service, &by_theme}) {
        for (const auto& [name, accumulator] : *map) {
            checksum += accumulator.Finish().served;
        }
    }
    for (const auto& accumulator : by_bucket) {
        checksum += accumulator.Finish().waits_known;
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
    for (auto _ : state) {
        std::map<std::string, stats::OfficerDay, std::less<>> totals;
        for (const auto& hall : year.history.Catalog().halls) {
            const auto& officers = year.folded.Officers();
            for (auto it = officers.lower_bound(stats::Key{hall.id, sys_days{kYearFrom}, ""});
                 it != officers.end() && it->first.hall == hall.id && it->first.day <= sys_days{kYearTo}; ++it) {
                stats::AddTo(totals[it->first.name], it->second);
            }
        }
        benchmark::DoNotOptimize(totals);
    }
}
BENCHMARK(BM_OfficersYear)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace layan::bench::city
