#include "layan/sim/staffing.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>

#include "layan/sim/erlang.h"
#include "layan/sim/report.h"
#include "layan/sim/simulator.h"

namespace layan::sim {

namespace {

using nlohmann::json;

constexpr int kMaxOfficers = 500;

struct Sized {
    int officers = 0;
    double p_wait = 0;
    double p_abandon = 0;
    double level = 1;
};

Sized Size(const Scenario& scenario, const ServiceSpec& service, double per_hour, ServiceTarget target) {
    Sized sized;
    if (per_hour <= 0) {
        return sized;
    }
    const double per_min = per_hour / 60;
    const double load = per_min * service.mean_service_min;
    // Erlang C needs more officers than Erlangs offered, or the queue grows without end.
    const int first = scenario.patience_min ? 1 : static_cast<int>(std::floor(load)) + 1;
    for (int c = first; c <= kMaxOfficers; ++c) {
        if (scenario.patience_min) {
            auto a = ErlangA(per_min, service.mean_service_min, *scenario.patience_min, c, target.wait_min);
            sized = {c, a.p_wait, a.p_abandon, a.service_level};
        } else {
            sized = {c, ErlangC(load, c), 0, ServiceLevelC(load, c, service.mean_service_min, target.wait_min)};
        }
        if (sized.level >= target.share) {
            break;
        }
    }
    return sized;
}

// One officer per service and level of need, for each run of consecutive hours at that level.
std::vector<OfficerSpec> Shifts(const Scenario& scenario, const std::vector<StaffingCell>& cells) {
    std::vector<OfficerSpec> officers;
    const int hours = scenario.OpenHours();
    for (std::size_t s = 0; s < scenario.services.size(); ++s) {
        const std::string& code = scenario.services[s].code;
        auto need = [&](int hour) {
            return cells[static_cast<std::size_t>(hour) * scenario.services.size() + s].officers;
        };
        int most = 0;
        for (int h = 0; h < hours; ++h) {
            most = std::max(most, need(h));
        }
        for (int level = 1; level <= most; ++level) {
            int shift = 0;
            for (int h = 0; h < hours;) {
                if (need(h) < level) {
                    ++h;
                    continue;
                }
                int end = h;
                while (end < hours && need(end) >= level) {
                    ++end;
                }
                OfficerSpec officer;
                officer.id = fmt::format("{}-{}{}", code, level, shift == 0 ? "" : fmt::format("-{}", shift + 1));
                officer.skills = {code};
                officer.start = scenario.open + std::chrono::minutes{h * 60};
                officer.end = end == hours ? scenario.close
                                           : std::min(scenario.close, scenario.open + std::chrono::minutes{end * 60});
                officers.push_back(std::move(officer));
                ++shift;
                h = end;
            }
        }
    }
    return officers;
}

}  // namespace

core::Result<ServiceTarget> ParseTarget(std::string_view text) {
    // number "%" ("within" | "dalam") number ("min" | "minutes" | "menit"), spaces anywhere between.
    std::size_t at = 0;
    auto skip = [&] {
        while (at < text.size() && text[at] == ' ') {
            ++at;
        }
    };
    auto number = [&](double& out) {
        skip();
        const char* end = text.data() + text.size();
        auto [stop, ec] = std::from_chars(text.data() + at, end, out);
        if (ec != std::errc()) {
            return false;
        }
        at = static_cast<std::size_t>(stop - text.data());
        return std::isfinite(out);
    };
    auto word = [&](std::initializer_list<std::string_view> choices) {
        skip();
        std::size_t end = at;
        while (end < text.size() && text[end] != ' ') {
            ++end;
        }
        std::string lower(text.substr(at, end - at));
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        at = end;
        return std::find(choices.begin(), choices.end(), lower) != choices.end();
    };
    ServiceTarget target;
    bool ok = number(target.share);
    skip();
    ok = ok && at < text.size() && text[at++] == '%';
    ok = ok && word({"within", "dalam"}) && number(target.wait_min) && word({"min", "mins", "minutes", "menit"});
    skip();
    if (!ok || at != text.size()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_target",
                          fmt::format("the target \"{}\" must read like \"80% within 15 min\"", text));
    }
    target.share /= 100;
    if (target.share <= 0 || target.share >= 1 || target.wait_min <= 0) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_target",
                          fmt::format("the target \"{}\" needs a share above 0% and below 100% and a wait above 0 "
                                      "minutes",
                                      text));
    }
    return target;
}

StaffingPlan PlanStaffing(const Scenario& scenario, ServiceTarget target, const Workload& work) {
    StaffingPlan plan;
    plan.target = target;
    plan.model = scenario.patience_min ? "erlang_a" : "erlang_c";
    const int hours = scenario.OpenHours();
    plan.officers_per_hour.assign(static_cast<std::size_t>(hours), 0);
    for (int h = 0; h < hours; ++h) {
        for (const auto& service : scenario.services) {
            StaffingCell cell;
            cell.hour = h;
            cell.service = service.code;
            cell.arrivals_per_hour = service.arrivals_per_hour[static_cast<std::size_t>(h)];
            cell.load = cell.arrivals_per_hour * service.mean_service_min / 60;
            Sized sized = Size(scenario, service, cell.arrivals_per_hour, target);
            cell.officers = sized.officers;
            cell.formula_p_wait = sized.p_wait;
            cell.formula_p_abandon = sized.p_abandon;
            cell.formula_level = sized.level;
            plan.officers_per_hour[static_cast<std::size_t>(h)] += sized.officers;
            plan.cells.push_back(std::move(cell));
        }
    }
    plan.staffed = scenario;
    plan.staffed.name = scenario.name + " (staffed)";
    plan.staffed.officers = Shifts(scenario, plan.cells);

    // Check by simulation: each hour's arrivals, the share served within the target wait.
    auto policy = PolicyNamed("dedicated");
    Simulator simulator(plan.staffed, *policy);
    Run run = simulator.Simulate(work);
    const std::size_t services = scenario.services.size();
    std::vector<std::vector<double>> levels(plan.cells.size());
    const std::int64_t open_ms = scenario.open.count() * 60'000;
    const auto target_ms = static_cast<std::int64_t>(target.wait_min * 60'000);
    for (const auto& day : run.days) {
        std::vector<std::int64_t> arrived(plan.cells.size());
        std::vector<std::int64_t> within(plan.cells.size());
        for (const auto& ticket : day.tickets) {
            const auto hour = static_cast<std::size_t>((ticket.arrival_ms - open_ms) / 3'600'000);
            const std::size_t cell = hour * services + ticket.service;
            ++arrived[cell];
            within[cell] += ticket.fate == TicketOutcome::Fate::kServed && ticket.wait_ms <= target_ms ? 1 : 0;
        }
        for (std::size_t cell = 0; cell < plan.cells.size(); ++cell) {
            if (arrived[cell] > 0) {
                levels[cell].push_back(static_cast<double>(within[cell]) / static_cast<double>(arrived[cell]));
            }
        }
    }
    for (std::size_t cell = 0; cell < plan.cells.size(); ++cell) {
        plan.cells[cell].simulated_level = MeanOf(levels[cell]);
    }
    return plan;
}

json ToJson(const StaffingPlan& plan) {
    json cells = json::array();
    for (const auto& cell : plan.cells) {
        json item = {{"hour", cell.hour},
                     {"service", cell.service},
                     {"arrivals_per_hour", Rounded(cell.arrivals_per_hour)},
                     {"load_erlangs", Rounded(cell.load)},
                     {"officers", cell.officers},
                     {"formula",
                      {{"p_wait", Rounded(cell.formula_p_wait, 5)},
                       {"p_abandon", Rounded(cell.formula_p_abandon, 5)},
                       {"within_target", Rounded(cell.formula_level, 5)}}},
                     {"simulated",
                      {{"within_target", Rounded(cell.simulated_level.value)},
                       {"ci95", Rounded(cell.simulated_level.ci95)},
                       {"days", cell.simulated_level.n}}}};
        cells.push_back(std::move(item));
    }
    return {{"scenario", plan.staffed.name},
            {"target", {{"share", plan.target.share}, {"wait_min", plan.target.wait_min}}},
            {"model", plan.model},
            {"cells", std::move(cells)},
            {"officers_per_hour", plan.officers_per_hour},
            {"staffed_scenario", ToJson(plan.staffed)}};
}

std::string RenderTable(const StaffingPlan& plan) {
    std::string out = fmt::format(
        "Target: {:g}% of citizens served within {:g} min. Formula: {} per service and hour; simulated: that "
        "staffing, one queue per service, mean over days ±95% CI.\n\n",
        plan.target.share * 100, plan.target.wait_min, plan.model == "erlang_a" ? "Erlang A" : "Erlang C");
    out += fmt::format("  {:<13} {:<10} {:>9} {:>8} {:>8} {:>9} {:>10} {:>15}\n", "hour", "service", "arrivals",
                       "erlangs", "officers", "P(wait)", "formula", "simulated");
    const std::size_t hours = plan.officers_per_hour.size();
    const std::size_t services = hours > 0 ? plan.cells.size() / hours : 0;
    for (const auto& cell : plan.cells) {
        const auto start = plan.staffed.open + std::chrono::minutes{cell.hour * 60};
        const auto end = std::min(plan.staffed.close, start + std::chrono::minutes{60});
        out += fmt::format("  {:<13} {:<10} {:>9.1f} {:>8.2f} {:>8} {:>8.1f}% {:>9.1f}% {:>8.1f}% ±{:.1f}\n",
                           FormatClock(start) + "–" + FormatClock(end), cell.service, cell.arrivals_per_hour, cell.load,
                           cell.officers, cell.formula_p_wait * 100, cell.formula_level * 100,
                           cell.simulated_level.value * 100, cell.simulated_level.ci95 * 100);
    }
    out += "\n  officers per hour:";
    for (std::size_t h = 0; h < hours; ++h) {
        out += fmt::format(" {}={}", FormatClock(plan.staffed.open + std::chrono::minutes{static_cast<int>(h) * 60}),
                           plan.officers_per_hour[h]);
    }
    out += fmt::format("\n  ({} services; the staffed scenario is in the JSON output, --json)\n", services);
    return out;
}

}  // namespace layan::sim
