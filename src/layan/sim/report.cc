#include "layan/sim/report.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

namespace layan::sim {

namespace {

using nlohmann::json;
using Fate = TicketOutcome::Fate;

constexpr double kMsPerMinute = 60'000.0;

double Minutes(std::int64_t ms) { return static_cast<double>(ms) / kMsPerMinute; }

GroupReport Group(std::string name, const Run& run, double target_min,
                  const std::function<bool(const TicketOutcome&)>& member) {
    GroupReport group;
    group.name = std::move(name);
    std::vector<double> means;
    std::vector<double> p50s;
    std::vector<double> p90s;
    std::vector<double> p95s;
    std::vector<double> within;
    for (const auto& day : run.days) {
        std::vector<double> waits;
        std::int64_t arrived = 0;
        std::int64_t in_target = 0;
        for (const auto& ticket : day.tickets) {
            if (!member(ticket)) {
                continue;
            }
            ++arrived;
            switch (ticket.fate) {
                case Fate::kServed:
                    ++group.served;
                    waits.push_back(Minutes(ticket.wait_ms));
                    in_target += Minutes(ticket.wait_ms) <= target_min ? 1 : 0;
                    break;
                case Fate::kAbandoned:
                    ++group.abandoned;
                    break;
                case Fate::kUnserved:
                    ++group.unserved;
                    break;
            }
        }
        group.arrived += arrived;
        if (arrived > 0) {
            within.push_back(static_cast<double>(in_target) / static_cast<double>(arrived));
        }
        if (waits.empty()) {
            continue;
        }
        double sum = 0;
        for (double w : waits) {
            sum += w;
        }
        means.push_back(sum / static_cast<double>(waits.size()));
        p50s.push_back(Quantile(waits, 0.50));
        p90s.push_back(Quantile(waits, 0.90));
        p95s.push_back(Quantile(waits, 0.95));
        group.wait.max = std::max(group.wait.max, waits.back());  // Quantile sorted them.
    }
    group.wait.mean = MeanOf(means);
    group.wait.p50 = MeanOf(p50s);
    group.wait.p90 = MeanOf(p90s);
    group.wait.p95 = MeanOf(p95s);
    group.within_target = MeanOf(within);
    return group;
}

struct Errors {
    double abs = 0;
    double squares = 0;
    std::int64_t within_5 = 0;
    std::int64_t under = 0;
    std::int64_t n = 0;

    void Add(double predicted_min, double actual_min) {
        double error = predicted_min - actual_min;
        abs += std::abs(error);
        squares += error * error;
        within_5 += std::abs(error) <= 5 ? 1 : 0;
        under += actual_min > predicted_min ? 1 : 0;
        ++n;
    }

    [[nodiscard]] PredictorAccuracy Accuracy() const {
        if (n == 0) {
            return {};
        }
        const auto count = static_cast<double>(n);
        return {abs / count, std::sqrt(squares / count), static_cast<double>(within_5) / count,
                static_cast<double>(under) / count};
    }
};

json EstimateJson(const Estimate& estimate) {
    return {{"value", Rounded(estimate.value)}, {"ci95", Rounded(estimate.ci95)}};
}

json GroupJson(const GroupReport& group) {
    return {{"name", group.name},
            {"arrived", group.arrived},
            {"served", group.served},
            {"abandoned", group.abandoned},
            {"unserved", group.unserved},
            {"wait_min",
             {{"mean", EstimateJson(group.wait.mean)},
              {"p50", EstimateJson(group.wait.p50)},
              {"p90", EstimateJson(group.wait.p90)},
              {"p95", EstimateJson(group.wait.p95)},
              {"max", Rounded(group.wait.max)}}},
            {"within_target", EstimateJson(group.within_target)}};
}

json AccuracyJson(const PredictorAccuracy& accuracy) {
    return {{"mae_min", Rounded(accuracy.mae_min)},
            {"rmse_min", Rounded(accuracy.rmse_min)},
            {"within_5_min", Rounded(accuracy.within_5_min)},
            {"underestimated", Rounded(accuracy.underestimated)}};
}

json ReportJson(const Report& report) {
    json services = json::array();
    for (const auto& group : report.services) {
        services.push_back(GroupJson(group));
    }
    json classes = json::array();
    for (const auto& group : report.classes) {
        classes.push_back(GroupJson(group));
    }
    json hours = json::array();
    for (const auto& hour : report.hours) {
        hours.push_back({{"start", FormatClock(hour.start)},
                         {"arrived", hour.arrived},
                         {"served", hour.served},
                         {"mean_wait_min", Rounded(hour.mean_wait_min)}});
    }
    json officers = json::array();
    for (const auto& officer : report.officers) {
        officers.push_back({{"id", officer.id},
                            {"present_hours", Rounded(officer.present_hours)},
                            {"busy_hours", Rounded(officer.busy_hours)},
                            {"utilisation", Rounded(officer.utilisation)}});
    }
    return {{"policy", report.policy},
            {"overall", GroupJson(report.overall)},
            {"services", std::move(services)},
            {"priority_classes", std::move(classes)},
            {"hours", std::move(hours)},
            {"officers", std::move(officers)},
            {"utilisation", Rounded(report.utilisation)},
            {"prediction",
             {{"layan", AccuracyJson(report.layan)},
              {"queue_length", AccuracyJson(report.queue_length)},
              {"mse_ratio", Rounded(report.mse_ratio)}}},
            {"events", report.events}};
}

// The report the others are compared with: fcfs when present, else the first.
const Report& Reference(const std::vector<Report>& reports) {
    for (const auto& report : reports) {
        if (report.policy == "fcfs") {
            return report;
        }
    }
    return reports.front();
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

std::string Cell(const Estimate& estimate) { return fmt::format("{:.1f} ±{:.1f}", estimate.value, estimate.ci95); }

void GroupRows(std::string& out, const std::vector<GroupReport>& groups) {
    for (const auto& g : groups) {
        out += fmt::format("  {:<12} {:>8} {:>8} {:>9} {:>8}  {:>12} {:>12} {:>12} {:>12} {:>7.1f}  {:>5.1f}%\n",
                           g.name, g.arrived, g.served, g.abandoned, g.unserved, Cell(g.wait.mean), Cell(g.wait.p50),
                           Cell(g.wait.p90), Cell(g.wait.p95), g.wait.max, g.within_target.value * 100);
    }
}

}  // namespace

double Rounded(double value, int digits) {
    const double scale = std::pow(10.0, digits);
    double rounded = std::round(value * scale) / scale;
    return rounded == 0 ? 0 : rounded;  // never "-0"
}

Report Summarize(const Scenario& scenario, const Run& run, double target_wait_min) {
    Report report;
    report.scenario = scenario.name;
    report.policy = run.policy;
    report.days = static_cast<int>(run.days.size());
    report.target_wait_min = target_wait_min;
    report.events = run.Events();
    report.overall = Group("all", run, target_wait_min, [](const TicketOutcome&) { return true; });
    for (std::uint32_t s = 0; s < scenario.services.size(); ++s) {
        report.services.push_back(Group(scenario.services[s].code, run, target_wait_min,
                                        [s](const TicketOutcome& t) { return t.service == s; }));
    }
    report.classes.push_back(
        Group("priority", run, target_wait_min, [](const TicketOutcome& t) { return t.priority; }));
    report.classes.push_back(
        Group("regular", run, target_wait_min, [](const TicketOutcome& t) { return !t.priority; }));
    report.hours.resize(static_cast<std::size_t>(scenario.OpenHours()));
    std::vector<double> waited(report.hours.size());
    for (std::size_t h = 0; h < report.hours.size(); ++h) {
        report.hours[h].start = scenario.open + std::chrono::minutes{60 * static_cast<int>(h)};
    }
    const std::int64_t open_ms = scenario.open.count() * 60'000;
    for (const auto& day : run.days) {
        for (const auto& ticket : day.tickets) {
            const auto h =
                std::min(report.hours.size() - 1,
                         static_cast<std::size_t>(std::max<std::int64_t>(0, ticket.arrival_ms - open_ms) / 3'600'000));
            ++report.hours[h].arrived;
            if (ticket.fate == Fate::kServed) {
                ++report.hours[h].served;
                waited[h] += Minutes(ticket.wait_ms);
            }
        }
    }
    for (std::size_t h = 0; h < report.hours.size(); ++h) {
        const auto served = static_cast<double>(report.hours[h].served);
        report.hours[h].mean_wait_min = served > 0 ? waited[h] / served : 0;
    }

    std::int64_t present = 0;
    std::int64_t busy = 0;
    for (std::size_t o = 0; o < scenario.officers.size(); ++o) {
        OfficerReport officer;
        officer.id = scenario.officers[o].id;
        std::int64_t officer_present = 0;
        std::int64_t officer_busy = 0;
        for (const auto& day : run.days) {
            officer_present += day.officers[o].present_ms;
            officer_busy += day.officers[o].busy_ms;
        }
        officer.present_hours = Minutes(officer_present) / 60;
        officer.busy_hours = Minutes(officer_busy) / 60;
        officer.utilisation = Ratio(static_cast<double>(officer_busy), static_cast<double>(officer_present));
        present += officer_present;
        busy += officer_busy;
        report.officers.push_back(std::move(officer));
    }
    report.utilisation = Ratio(static_cast<double>(busy), static_cast<double>(present));

    Errors layan;
    Errors naive;
    for (const auto& day : run.days) {
        for (const auto& ticket : day.tickets) {
            if (ticket.fate == Fate::kServed) {
                layan.Add(Minutes(ticket.predicted_ms), Minutes(ticket.wait_ms));
                naive.Add(Minutes(ticket.naive_ms), Minutes(ticket.wait_ms));
            }
        }
    }
    report.layan = layan.Accuracy();
    report.queue_length = naive.Accuracy();
    report.mse_ratio = Ratio(layan.squares, naive.squares);
    return report;
}

json ToJson(const std::vector<Report>& reports, std::uint64_t seed) {
    json runs = json::array();
    for (const auto& report : reports) {
        runs.push_back(ReportJson(report));
    }
    json comparison = json::array();
    if (!reports.empty()) {
        const Report& reference = Reference(reports);
        for (const auto& report : reports) {
            comparison.push_back(
                {{"policy", report.policy},
                 {"reference", reference.policy},
                 {"mean_wait_ratio", Rounded(Ratio(report.overall.wait.mean.value, reference.overall.wait.mean.value))},
                 {"p95_wait_ratio", Rounded(Ratio(report.overall.wait.p95.value, reference.overall.wait.p95.value))}});
        }
    }
    return {{"scenario", reports.empty() ? std::string() : reports.front().scenario},
            {"days", reports.empty() ? 0 : reports.front().days},
            {"seed", seed},
            {"target_wait_min", reports.empty() ? 15.0 : reports.front().target_wait_min},
            {"runs", std::move(runs)},
            {"comparison", std::move(comparison)}};
}

std::string RenderTable(const std::vector<Report>& reports, std::uint64_t seed) {
    std::string out;
    if (reports.empty()) {
        return out;
    }
    out += fmt::format("Scenario {}: {} days, seed {}; waits in minutes, mean over days ±95% CI\n\n",
                       reports.front().scenario, reports.front().days, seed);
    const std::string header =
        fmt::format("  {:<12} {:>8} {:>8} {:>9} {:>8}  {:>12} {:>12} {:>12} {:>12} {:>7}  {:>6}\n", "", "arrived",
                    "served", "abandoned", "unserved", "mean", "p50", "p90", "p95", "max",
                    fmt::format("≤{:g}m", reports.front().target_wait_min));
    for (const auto& report : reports) {
        out += fmt::format("Policy {}\n", report.policy);
        out += header;
        GroupRows(out, {report.overall});
        GroupRows(out, report.classes);
        GroupRows(out, report.services);
        out += fmt::format("  utilisation {:.1f}%:", report.utilisation * 100);
        for (const auto& officer : report.officers) {
            out += fmt::format(" {} {:.0f}%", officer.id, officer.utilisation * 100);
        }
        out += "\n";
        out += fmt::format(
            "  wait prediction at issue   MAE      RMSE     within ±5 min  underestimated\n"
            "    layan                    {:>5.2f}    {:>5.2f}    {:>6.1f}%        {:>6.1f}%\n"
            "    queue length             {:>5.2f}    {:>5.2f}    {:>6.1f}%        {:>6.1f}%\n"
            "    MSE ratio layan / queue length: {:.3f}\n\n",
            report.layan.mae_min, report.layan.rmse_min, report.layan.within_5_min * 100,
            report.layan.underestimated * 100, report.queue_length.mae_min, report.queue_length.rmse_min,
            report.queue_length.within_5_min * 100, report.queue_length.underestimated * 100, report.mse_ratio);
    }
    if (reports.size() > 1) {
        const Report& reference = Reference(reports);
        out += fmt::format("Compared with {}:\n", reference.policy);
        for (const auto& report : reports) {
            out += fmt::format("  {:<10} mean wait {:>6.1f} min ({:.2f}×)   p95 {:>6.1f} min ({:.2f}×)\n",
                               report.policy, report.overall.wait.mean.value,
                               Ratio(report.overall.wait.mean.value, reference.overall.wait.mean.value),
                               report.overall.wait.p95.value,
                               Ratio(report.overall.wait.p95.value, reference.overall.wait.p95.value));
        }
    }
    return out;
}

}  // namespace layan::sim
