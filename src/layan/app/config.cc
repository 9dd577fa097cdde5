#include "layan/app/config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/auth/client.h"
#include "layan/core/time.h"
#include "layan/domain/survey/ikm.h"
#include "layan/store/database_url.h"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX name

namespace layan::app {
namespace {

/// One setting: its key in the file, flag and environment variable, and how to print its value.
struct Setting {
    std::string key;  // "max_body_bytes" → --max-body-bytes, LAYAN_MAX_BODY_BYTES
    std::string help;
    std::function<CLI::Option*(CLI::App&, const std::string& flag)> bind;
    std::function<std::string()> show;
};

std::string Flag(const std::string& key) {
    std::string flag = "--" + key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

std::string EnvName(const std::string& key) {
    std::string env = "LAYAN_" + key;
    std::transform(env.begin(), env.end(), env.begin(), [](unsigned char c) { return std::toupper(c); });
    return env;
}

std::string Quote(const std::string& s) { return fmt::format("\"{}\"", s); }

template <class T>
Setting Make(std::string key, std::string help, T& field) {
    Setting s;
    s.key = std::move(key);
    s.help = std::move(help);
    s.bind = [&field, h = s.help](CLI::App& app, const std::string& flag) {
        return app.add_option(flag, field, h)->capture_default_str();
    };
    s.show = [&field] {
        if constexpr (std::is_same_v<T, std::string>) {
            return Quote(field);
        } else if constexpr (std::is_same_v<T, bool>) {
            return std::string(field ? "true" : "false");
        } else {
            return std::to_string(field);
        }
    };
    return s;
}

std::vector<Setting> Settings(Config& c) {
    return {
        Make("database",
             "Database URL (sqlite:///abs/path.db, sqlite://relative/path.db or postgresql://user@host:port/name)",
             c.database),
        Make("address", "Address to listen on", c.address),
        Make("port", "TCP port to listen on (0 = any free port)", c.port),
        Make("threads", "HTTP I/O threads", c.threads),
        Make("public_url", "URL citizens reach this server by (for QR codes and links)", c.public_url),
        Make("log_level", "trace, debug, info, warn or error", c.log_level),
        Make("routing_policy", "How the next citizen is chosen: balanced or fcfs", c.routing_policy),
        Make("max_calls", "Calls a ticket gets before it may be recorded as a no-show (1-10)", c.max_calls),
        Make("min_recall_gap_s", "Least seconds between two calls of a ticket, and before a no-show (0-600)",
             c.min_recall_gap_s),
        Make("durable", "fsync every commit so acknowledged data survives a power cut", c.durable),
        Make("max_body_bytes", "Largest request body accepted, in bytes", c.max_body_bytes),
        Make("max_header_bytes", "Largest request header block accepted, in bytes", c.max_header_bytes),
        Make("max_connections", "Most simultaneous connections", c.max_connections),
        Make("idle_timeout_s", "Seconds a keep-alive connection may stay idle", c.idle_timeout_s),
        Make("request_timeout_s", "Seconds allowed to read one request", c.request_timeout_s),
        Make("clock_start", "Run the clock from this RFC 3339 instant (training, demos, tests)", c.clock_start),
        Make("demo_file", "Demo catalog JSON for seed-demo (empty = built in)", c.demo_file),
        Make("web_dir", "Serve the pages from this folder (data/web) instead of the built-in copies (page development)",
             c.web_dir),
        Make("trusted_proxies",
             "Reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-* are believed",
             c.trusted_proxies),
        Make("session_idle_min", "Minutes a signed-in session may stay unused", c.session_idle_min),
        Make("session_max_hours", "Hours a session lasts at most", c.session_max_hours),
        Make("survey_link_days", "Days after a ticket's day that its satisfaction survey still takes an answer (1-90)",
             c.survey_link_days),
        Make("ikm_weight", "Weight of each survey element in the satisfaction index: 1/9, 0.111 or 0.11", c.ikm_weight),
        Make("public_rate_burst", "Anonymous tickets per client address at once (0 = no limit)", c.public_rate_burst),
        Make("public_rate_per_min", "Anonymous tickets per client address per minute after the burst",
             c.public_rate_per_min),
        Make("login_rate_burst", "Sign-in attempts per client address at once", c.login_rate_burst),
        Make("login_rate_per_min", "Sign-in attempts per client address per minute after the burst",
             c.login_rate_per_min),
        Make("personal_data_key_file",
             "Master key file of the personal-data vault (empty = <database file>.key; required with PostgreSQL)",
             c.personal_data_key_file),
        Make("uploads_dir",
             "Folder of uploaded documents (empty = <database file>.uploads; required with PostgreSQL for uploads)",
             c.uploads_dir),
        Make("personal_data_retention_days", "Days citizens' phone numbers and NIKs are kept after their ticket closed",
             c.personal_data_retention_days),
    };
}

}  // namespace

void BindConfig(CLI::App& app, Config& config) {
    app.set_config("--config", "", "Configuration file (TOML); LAYAN_CONFIG also names it")->envname("LAYAN_CONFIG");
    app.allow_config_extras(false);
    for (auto& setting : Settings(config)) {
        // The file's key (log_level) is accepted as a flag too, so CLI11 finds it when reading the file.
        auto names = Flag(setting.key);
        if (setting.key.find('_') != std::string::npos) {
            names += ",--" + setting.key;
        }
        // The last value given wins: environment values come before the command line's (see
        // EnvironmentArguments), and the file only fills what neither gave.
        setting.bind(app, names)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->group("Settings");
    }
}

std::vector<std::string> EnvironmentArguments() {
    Config scratch;
    std::vector<std::string> args;
    for (const auto& setting : Settings(scratch)) {
        if (const char* value = std::getenv(EnvName(setting.key).c_str()); value != nullptr) {
            args.push_back(Flag(setting.key));
            args.emplace_back(value);
        }
    }
    return args;
}

std::string FindUnknownEnvironmentKey() {
    Config scratch;
    std::vector<std::string> known = {"LAYAN_CONFIG"};
    for (const auto& setting : Settings(scratch)) {
        known.push_back(EnvName(setting.key));
    }
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        if (!entry.starts_with("LAYAN_")) {
            continue;
        }
        std::string name(entry.substr(0, entry.find('=')));
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            return name;
        }
    }
    return "";
}

std::string Validate(const Config& config) {
    if (!config.database.starts_with("sqlite://") && !config.database.starts_with("postgres://") &&
        !config.database.starts_with("postgresql://")) {
        return fmt::format(
            "database: \"{}\" is not a database URL; use sqlite:///path/to/layan.db or postgresql://user@host/name",
            config.database);
    }
    if (config.threads < 1 || config.threads > 64) {
        return "threads: must be between 1 and 64";
    }
    if (config.routing_policy != "balanced" && config.routing_policy != "fcfs") {
        return fmt::format("routing_policy: \"{}\" is unknown; use balanced or fcfs", config.routing_policy);
    }
    if (config.max_calls < 1 || config.max_calls > 10) {
        return "max_calls: must be between 1 and 10";
    }
    if (config.min_recall_gap_s < 0 || config.min_recall_gap_s > 600) {
        return "min_recall_gap_s: must be between 0 and 600 seconds";
    }
    if (config.survey_link_days < 1 || config.survey_link_days > 90) {
        return "survey_link_days: must be between 1 and 90";
    }
    if (!domain::survey::ParseIkmWeight(config.ikm_weight)) {
        return fmt::format("ikm_weight: \"{}\" is unknown; use 1/9, 0.111 or 0.11", config.ikm_weight);
    }
    static const std::vector<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
    if (std::find(kLevels.begin(), kLevels.end(), config.log_level) == kLevels.end()) {
        return fmt::format("log_level: \"{}\" is unknown; use trace, debug, info, warn or error", config.log_level);
    }
    if (config.max_body_bytes < 1024) {
        return "max_body_bytes: must be at least 1024";
    }
    if (config.max_header_bytes < 1024) {
        return "max_header_bytes: must be at least 1024";
    }
    if (config.max_connections < 1) {
        return "max_connections: must be at least 1";
    }
    if (config.idle_timeout_s < 1 || config.request_timeout_s < 1) {
        return "idle_timeout_s and request_timeout_s: must be at least 1 second";
    }
    if (!config.public_url.empty() && !config.public_url.starts_with("http://") &&
        !config.public_url.starts_with("https://")) {
        return "public_url: must start with http:// or https://";
    }
    if (!config.clock_start.empty() && !core::ParseIso8601(config.clock_start)) {
        return fmt::format("clock_start: \"{}\" is not an RFC 3339 instant such as 2026-11-30T08:00:00+07:00",
                           config.clock_start);
    }
    if (auto proxies = auth::TrustedProxies::Parse(config.trusted_proxies); !proxies) {
        return proxies.error().message;
    }
    if (config.session_idle_min < 1 || config.session_max_hours < 1 ||
        config.session_idle_min > config.session_max_hours * 60) {
        return "session_idle_min and session_max_hours: at least 1, and the idle limit within the maximum";
    }
    if (config.personal_data_retention_days < 1 || config.personal_data_retention_days > 3650) {
        return "personal_data_retention_days: between 1 and 3650";
    }
    if (config.public_rate_burst < 0 || config.public_rate_per_min < 0 || config.login_rate_burst < 1 ||
        config.login_rate_per_min < 1) {
        return "public_rate_*: 0 or more; login_rate_*: at least 1 (sign-ins are always limited)";
    }
    return "";
}

std::string Describe(const Config& config) {
    Config copy = config;
    std::string out;
    for (const auto& setting : Settings(copy)) {
        // A database URL may carry a password: never printed.
        out += fmt::format("{} = {}\n", setting.key,
                           setting.key == "database" ? Quote(store::RedactedUrl(config.database)) : setting.show());
    }
    return out;
}

}  // namespace layan::app
