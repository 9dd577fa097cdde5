#include "layan/sim/scenario.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace layan::sim {

namespace {

using core::ErrorKind;
using nlohmann::json;

// A scenario problem, thrown while reading and turned into an error at the top.
struct Invalid {
    std::string message;
};

[[noreturn]] void Reject(std::string message) { throw Invalid{std::move(message)}; }

void OnlyKeys(const json& object, std::string_view where, std::initializer_list<std::string_view> known) {
    if (!object.is_object()) {
        Reject(fmt::format("{} must be a JSON object", where));
    }
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (auto name : known) {
                list += list.empty() ? "" : ", ";
                list += name;
            }
            Reject(fmt::format("{} has an unknown key \"{}\" (known: {})", where, key, list));
        }
    }
}

const json& Required(const json& object, std::string_view where, const std::string& key) {
    auto it = object.find(key);
    if (it == object.end()) {
        Reject(fmt::format("{} lacks \"{}\"", where, key));
    }
    return *it;
}

std::string Path(std::string_view where, std::string_view key) {
    return where.empty() ? std::string(key) : fmt::format("{}.{}", where, key);
}

double Number(const json& value, const std::string& path) {
    if (!value.is_number()) {
        Reject(fmt::format("{} must be a number, not {}", path, value.dump()));
    }
    double number = value.get<double>();
    if (!std::isfinite(number)) {
        Reject(fmt::format("{} must be a finite number", path));
    }
    return number;
}

std::string Text(const json& value, const std::string& path) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        Reject(fmt::format("{} must be a non-empty string", path));
    }
    return value.get<std::string>();
}

std::chrono::minutes Clock(const json& value, const std::string& path) {
    std::string text = value.is_string() ? value.get<std::string>() : std::string();
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
    bool shaped =
        text.size() == 5 && text[2] == ':' && digit(0) >= 0 && digit(1) >= 0 && digit(3) >= 0 && digit(4) >= 0;
    int hours = shaped ? digit(0) * 10 + digit(1) : 0;
    int minutes = shaped ? digit(3) * 10 + digit(4) : 0;
    if (!shaped || minutes > 59 || hours * 60 + minutes > 24 * 60) {
        Reject(fmt::format("{} must be a time of day \"HH:MM\" from 00:00 to 24:00, not {}", path, value.dump()));
    }
    return std::chrono::minutes{hours * 60 + minutes};
}

ServiceSpec ReadService(const json& object, const std::string& where, int open_hours, const Scenario& scenario) {
    OnlyKeys(object, where, {"code", "mean_service_min", "service_cv", "service_dist", "arrivals_per_hour"});
    ServiceSpec service;
    service.code = Text(Required(object, where, "code"), Path(where, "code"));
    service.mean_service_min = Number(Required(object, where, "mean_service_min"), Path(where, "mean_service_min"));
    if (service.mean_service_min <= 0) {
        Reject(fmt::format("{} must be more than 0 minutes", Path(where, "mean_service_min")));
    }
    if (object.contains("service_dist")) {
        std::string dist = Text(object["service_dist"], Path(where, "service_dist"));
        if (dist == "exponential") {
            service.distribution = ServiceDistribution::kExponential;
        } else if (dist != "lognormal") {
            Reject(fmt::format("{} must be \"lognormal\" or \"exponential\", not \"{}\"", Path(where, "service_dist"),
                               dist));
        }
    }
    if (object.contains("service_cv")) {
        service.service_cv = Number(object["service_cv"], Path(where, "service_cv"));
        if (service.service_cv < 0) {
            Reject(fmt::format("{} cannot be negative", Path(where, "service_cv")));
        }
    } else if (service.distribution == ServiceDistribution::kLognormal) {
        Reject(fmt::format("{} lacks \"service_cv\" (needed by the lognormal service time)", where));
    }
    const json& rates = Required(object, where, "arrivals_per_hour");
    const std::string rates_path = Path(where, "arrivals_per_hour");
    if (!rates.is_array()) {
        Reject(fmt::format("{} must be a list of rates, one per open hour", rates_path));
    }
    if (static_cast<int>(rates.size()) != open_hours) {
        Reject(fmt::format("{} has {} rates but the hall is open {} hours ({}–{}): give one rate per open hour",
                           rates_path, rates.size(), open_hours, FormatClock(scenario.open),
                           FormatClock(scenario.close)));
    }
    for (std::size_t i = 0; i < rates.size(); ++i) {
        double rate = Number(rates[i], fmt::format("{}[{}]", rates_path, i));
        if (rate < 0) {
            Reject(fmt::format("{}[{}] is {}: an arrival rate cannot be negative", rates_path, i, rate));
        }
        service.arrivals_per_hour.push_back(rate);
    }
    return service;
}

OfficerSpec ReadOfficer(const json& object, const std::string& where, const Scenario& scenario) {
    OnlyKeys(object, where, {"id", "skills", "start", "end"});
    OfficerSpec officer;
    officer.id = Text(Required(object, where, "id"), Path(where, "id"));
    const json& skills = Required(object, where, "skills");
    if (!skills.is_array() || skills.empty()) {
        Reject(fmt::format("{} must list at least one service code", Path(where, "skills")));
    }
    for (std::size_t i = 0; i < skills.size(); ++i) {
        std::string code = Text(skills[i], fmt::format("{}[{}]", Path(where, "skills"), i));
        if (!scenario.ServiceIndex(code)) {
            Reject(fmt::format("{}[{}] is \"{}\", which is not one of the scenario's services", Path(where, "skills"),
                               i, code));
        }
        if (std::find(officer.skills.begin(), officer.skills.end(), code) != officer.skills.end()) {
            Reject(fmt::format("{} lists \"{}\" twice", Path(where, "skills"), code));
        }
        officer.skills.push_back(code);
    }
    officer.start = object.contains("start") ? Clock(object["start"], Path(where, "start")) : scenario.open;
    officer.end = object.contains("end") ? Clock(object["end"], Path(where, "end")) : scenario.close;
    if (officer.end <= officer.start) {
        Reject(fmt::format("{}: end {} is not after start {}", where, FormatClock(officer.end),
                           FormatClock(officer.start)));
    }
    return officer;
}

Scenario Read(const json& root) {
    OnlyKeys(root, "the scenario",
             {"name", "seed", "days", "open", "close", "services", "officers", "priority_share", "patience_min"});
    Scenario scenario;
    scenario.name = root.contains("name") ? Text(root["name"], "name") : std::string("scenario");
    if (root.contains("seed")) {
        if (!root["seed"].is_number_unsigned()) {
            Reject(fmt::format("seed must be a whole number from 0, not {}", root["seed"].dump()));
        }
        scenario.seed = root["seed"].get<std::uint64_t>();
    }
    if (root.contains("days")) {
        if (!root["days"].is_number_integer() || root["days"].get<std::int64_t>() < 1 ||
            root["days"].get<std::int64_t>() > 100'000) {
            Reject(fmt::format("days must be a whole number from 1 to 100000, not {}", root["days"].dump()));
        }
        scenario.days = root["days"].get<int>();
    }
    scenario.open = Clock(Required(root, "the scenario", "open"), "open");
    scenario.close = Clock(Required(root, "the scenario", "close"), "close");
    if (scenario.close <= scenario.open) {
        Reject(fmt::format("close {} is not after open {}", FormatClock(scenario.close), FormatClock(scenario.open)));
    }
    const json& services = Required(root, "the scenario", "services");
    if (!services.is_array() || services.empty()) {
        Reject("services must list at least one service");
    }
    for (std::size_t i = 0; i < services.size(); ++i) {
        ServiceSpec service = ReadService(services[i], fmt::format("services[{}]", i), scenario.OpenHours(), scenario);
        if (scenario.ServiceIndex(service.code)) {
            Reject(fmt::format("services[{}]: the code \"{}\" is used twice", i, service.code));
        }
        scenario.services.push_back(std::move(service));
    }
    const json& officers = Required(root, "the scenario", "officers");
    if (!officers.is_array() || officers.empty()) {
        Reject("officers must list at least one officer");
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < officers.size(); ++i) {
        OfficerSpec officer = ReadOfficer(officers[i], fmt::format("officers[{}]", i), scenario);
        if (!ids.insert(officer.id).second) {
            Reject(fmt::format("officers[{}]: the id \"{}\" is used twice", i, officer.id));
        }
        scenario.officers.push_back(std::move(officer));
    }
    if (root.contains("priority_share")) {
        scenario.priority_share = Number(root["priority_share"], "priority_share");
        if (scenario.priority_share < 0 || scenario.priority_share > 1) {
            Reject(fmt::format("priority_share must be from 0 to 1, not {}", scenario.priority_share));
        }
    }
    if (root.contains("patience_min") && !root["patience_min"].is_null()) {
        scenario.patience_min = Number(root["patience_min"], "patience_min");
        if (*scenario.patience_min <= 0) {
            Reject(fmt::format("patience_min must be more than 0 minutes, not {}", *scenario.patience_min));
        }
    }
    for (const auto& service : scenario.services) {
        bool demanded = std::any_of(service.arrivals_per_hour.begin(), service.arrivals_per_hour.end(),
                                    [](double rate) { return rate > 0; });
        bool served = std::any_of(scenario.officers.begin(), scenario.officers.end(), [&](const OfficerSpec& o) {
            return std::find(o.skills.begin(), o.skills.end(), service.code) != o.skills.end();
        });
        if (demanded && !served) {
            Reject(
                fmt::format("service \"{}\" has arrivals but no officer has it among their skills: nobody can "
                            "serve it",
                            service.code));
        }
    }
    return scenario;
}

}  // namespace

int Scenario::OpenHours() const { return static_cast<int>((close - open).count() + 59) / 60; }

std::optional<std::size_t> Scenario::ServiceIndex(std::string_view code) const {
    for (std::size_t i = 0; i < services.size(); ++i) {
        if (services[i].code == code) {
            return i;
        }
    }
    return std::nullopt;
}

core::Result<Scenario> ParseScenario(const json& root) {
    try {
        return Read(root);
    } catch (const Invalid& invalid) {
        return core::Fail(ErrorKind::kInvalid, "invalid_scenario", invalid.message);
    } catch (const json::exception& e) {  // A value of the wrong type where the reader did not check.
        return core::Fail(ErrorKind::kInvalid, "invalid_scenario", e.what());
    }
}

core::Result<Scenario> ParseScenario(std::string_view text) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        return core::Fail(ErrorKind::kMalformed, "malformed_scenario",
                          fmt::format("the scenario is not valid JSON: {}", e.what()));
    }
    return ParseScenario(root);
}

core::Result<Scenario> LoadScenario(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Fail(ErrorKind::kNotFound, "scenario_not_found",
                          fmt::format("cannot read the scenario file {}", path.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ParseScenario(std::string_view(text.str()));
}

json ToJson(const Scenario& scenario) {
    json services = json::array();
    for (const auto& service : scenario.services) {
        json item = {{"code", service.code}, {"mean_service_min", service.mean_service_min}};
        if (service.distribution == ServiceDistribution::kExponential) {
            item["service_dist"] = "exponential";
        } else {
            item["service_cv"] = service.service_cv;
            item["service_dist"] = "lognormal";
        }
        item["arrivals_per_hour"] = service.arrivals_per_hour;
        services.push_back(std::move(item));
    }
    json officers = json::array();
    for (const auto& officer : scenario.officers) {
        officers.push_back({{"id", officer.id},
                            {"skills", officer.skills},
                            {"start", FormatClock(officer.start)},
                            {"end", FormatClock(officer.end)}});
    }
    json out = {{"name", scenario.name},
                {"seed", scenario.seed},
                {"days", scenario.days},
                {"open", FormatClock(scenario.open)},
                {"close", FormatClock(scenario.close)},
                {"services", std::move(services)},
                {"officers", std::move(officers)},
                {"priority_share", scenario.priority_share}};
    if (scenario.patience_min) {
        out["patience_min"] = *scenario.patience_min;
    }
    return out;
}

std::string FormatClock(std::chrono::minutes time_of_day) {
    return fmt::format("{:02}:{:02}", time_of_day.count() / 60, time_of_day.count() % 60);
}

}  // namespace layan::sim
