#include "layan/sim/workload.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "layan/sim/random.h"

namespace layan::sim {

namespace {

constexpr double kMsPerMinute = 60'000.0;

std::int64_t ToMs(double minutes) { return std::llround(minutes * kMsPerMinute); }

std::vector<std::string_view> SplitCsv(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = line.find(',', start);
        fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) {
            return fields;
        }
        start = comma + 1;
    }
}

bool ParseInt(std::string_view text, std::int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool ParseMinutes(std::string_view text, std::int64_t& ms) {
    double minutes = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minutes);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(minutes) || minutes < 0) {
        return false;
    }
    ms = ToMs(minutes);
    return true;
}

// "HH:MM:SS.mmm" (or "HH:MM:SS", "HH:MM") → ms from midnight.
bool ParseClock(std::string_view text, std::int64_t& ms) {
    std::int64_t h = 0;
    std::int64_t m = 0;
    std::int64_t s = 0;
    std::int64_t milli = 0;
    if (text.size() < 5 || text[2] != ':' || !ParseInt(text.substr(0, 2), h) || !ParseInt(text.substr(3, 2), m)) {
        return false;
    }
    if (text.size() > 5) {
        if (text[5] != ':' || text.size() < 8 || !ParseInt(text.substr(6, 2), s)) {
            return false;
        }
        if (text.size() > 8 && (text[8] != '.' || text.size() != 12 || !ParseInt(text.substr(9, 3), milli))) {
            return false;
        }
    }
    if (h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 59 || milli < 0) {
        return false;
    }
    ms = ((h * 60 + m) * 60 + s) * 1000 + milli;
    return true;
}

std::string FormatMs(std::int64_t ms) {
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

}  // namespace

std::size_t Workload::Citizens() const {
    std::size_t total = 0;
    for (const auto& day : days) {
        total += day.size();
    }
    return total;
}

Workload Generate(const Scenario& scenario, std::uint64_t seed, int days) {
    Workload work;
    work.days.resize(static_cast<std::size_t>(std::max(0, days)));
    const std::int64_t open_ms = scenario.open.count() * 60'000;
    const std::int64_t close_ms = scenario.close.count() * 60'000;
    for (std::size_t d = 0; d < work.days.size(); ++d) {
        Random random(seed, d);
        DayWork& day = work.days[d];
        for (std::uint32_t s = 0; s < scenario.services.size(); ++s) {
            const ServiceSpec& service = scenario.services[s];
            for (std::size_t h = 0; h < service.arrivals_per_hour.size(); ++h) {
                const double rate = service.arrivals_per_hour[h];
                const double hour_start = static_cast<double>(open_ms) + static_cast<double>(h) * 3'600'000.0;
                const double hour_end = std::min(hour_start + 3'600'000.0, static_cast<double>(close_ms));
                if (rate <= 0) {
                    continue;
                }
                // A Poisson process restarted at the hour's start (memoryless, so exact).
                for (double t = hour_start + random.Exponential(3'600'000.0 / rate); t < hour_end;
                     t += random.Exponential(3'600'000.0 / rate)) {
                    Citizen citizen;
                    citizen.arrival_ms = std::min(static_cast<std::int64_t>(t), close_ms - 1);
                    citizen.service = s;
                    citizen.priority = random.Bernoulli(scenario.priority_share);
                    double minutes = service.distribution == ServiceDistribution::kExponential
                                         ? random.Exponential(service.mean_service_min)
                                         : random.LogNormal(service.mean_service_min, service.service_cv);
                    citizen.service_ms = std::max<std::int64_t>(1, ToMs(minutes));
                    if (scenario.patience_min) {
                        citizen.patience_ms = ToMs(random.Exponential(*scenario.patience_min));
                    }
                    day.push_back(citizen);
                }
            }
        }
        std::stable_sort(day.begin(), day.end(),
                         [](const Citizen& a, const Citizen& b) { return a.arrival_ms < b.arrival_ms; });
    }
    return work;
}

void WriteTrace(std::ostream& out, const Scenario& scenario, const Workload& work) {
    out << "day,arrival,service,priority,service_min,patience_min\n";
    for (std::size_t d = 0; d < work.days.size(); ++d) {
        for (const auto& citizen : work.days[d]) {
            out << fmt::format("{},{},{},{},{:.6f},", d + 1, FormatMs(citizen.arrival_ms),
                               scenario.services[citizen.service].code, citizen.priority ? 1 : 0,
                               static_cast<double>(citizen.service_ms) / kMsPerMinute);
            if (citizen.patience_ms >= 0) {
                out << fmt::format("{:.6f}", static_cast<double>(citizen.patience_ms) / kMsPerMinute);
            }
            out << '\n';
        }
    }
}

core::Result<Workload> ReadTrace(std::istream& in, const Scenario& scenario) {
    auto fail = [](std::size_t line, const std::string& why) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_trace", fmt::format("trace line {}: {}", line, why));
    };
    Workload work;
    std::string line;
    std::size_t number = 0;
    const std::int64_t open_ms = scenario.open.count() * 60'000;
    const std::int64_t close_ms = scenario.close.count() * 60'000;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (number == 1) {
            if (line != "day,arrival,service,priority,service_min,patience_min") {
                return fail(number, "the header must be day,arrival,service,priority,service_min,patience_min");
            }
            continue;
        }
        if (line.empty()) {
            continue;
        }
        auto fields = SplitCsv(line);
        if (fields.size() != 6) {
            return fail(number, fmt::format("{} fields instead of 6", fields.size()));
        }
        std::int64_t day = 0;
        if (!ParseInt(fields[0], day) || day < 1 || day > 100'000) {
            return fail(number, fmt::format("day \"{}\" is not a number from 1", fields[0]));
        }
        if (static_cast<std::size_t>(day) < work.days.size()) {
            return fail(number,
                        fmt::format("day {} comes after day {}: lines must be in day order", day, work.days.size()));
        }
        work.days.resize(static_cast<std::size_t>(day));
        Citizen citizen;
        if (!ParseClock(fields[1], citizen.arrival_ms) || citizen.arrival_ms < open_ms ||
            citizen.arrival_ms >= close_ms) {
            return fail(number, fmt::format("arrival \"{}\" is not a time within the hall's hours {}–{}", fields[1],
                                            FormatClock(scenario.open), FormatClock(scenario.close)));
        }
        auto service = scenario.ServiceIndex(fields[2]);
        if (!service) {
            return fail(number, fmt::format("service \"{}\" is not one of the scenario's services", fields[2]));
        }
        citizen.service = static_cast<std::uint32_t>(*service);
        if (fields[3] != "0" && fields[3] != "1") {
            return fail(number, fmt::format("priority must be 0 or 1, not \"{}\"", fields[3]));
        }
        citizen.priority = fields[3] == "1";
        if (!ParseMinutes(fields[4], citizen.service_ms)) {
            return fail(number, fmt::format("service_min \"{}\" is not a number of minutes", fields[4]));
        }
        citizen.service_ms = std::max<std::int64_t>(1, citizen.service_ms);
        if (!fields[5].empty() && !ParseMinutes(fields[5], citizen.patience_ms)) {
            return fail(number, fmt::format("patience_min \"{}\" is not a number of minutes", fields[5]));
        }
        DayWork& work_of_day = work.days.back();
        if (!work_of_day.empty() && work_of_day.back().arrival_ms > citizen.arrival_ms) {
            return fail(number, "arrivals of a day must be in time order");
        }
        work_of_day.push_back(citizen);
    }
    if (number == 0) {
        return fail(1, "the trace is empty");
    }
    return work;
}

core::Result<Workload> LoadTrace(const std::filesystem::path& path, const Scenario& scenario) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Fail(core::ErrorKind::kNotFound, "trace_not_found",
                          fmt::format("cannot read the trace file {}", path.string()));
    }
    return ReadTrace(in, scenario);
}

}  // namespace layan::sim
