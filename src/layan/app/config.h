#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
}

namespace layan::app {

/// Everything `layan` can be configured with. Precedence: defaults here, then the config file
/// (`--config`, TOML), then `LAYAN_*` environment variables, then command-line flags.
/// Unknown keys in the file and unknown `LAYAN_*` variables are errors that name the key.
struct Config {
    /// Where the data lives: `sqlite:///abs/path/layan.db`, `sqlite://relative/path.db` or
    /// `postgresql://user@host:port/name`.
    std::string database = "sqlite://var/layan.db";
    /// Address to listen on; keep 127.0.0.1 behind a reverse proxy.
    std::string address = "127.0.0.1";
    /// TCP port; 0 picks a free one (tests).
    std::uint16_t port = 8080;
    /// I/O threads of the HTTP server.
    int threads = 2;
    /// The URL citizens reach the server by (QR codes, status links); empty = http://<address>:<port>.
    std::string public_url;
    /// trace, debug, info, warn, error.
    std::string log_level = "info";
    /// How the next citizen is chosen: "balanced" (default) or "fcfs".
    std::string routing_policy = "balanced";
    /// Calls (first call and recalls) a ticket gets before it may be recorded as a no-show (1–10).
    int max_calls = 3;
    /// Least seconds between two calls of a ticket, and from the last call to a no-show: the citizen's walk to the
    /// counter (0–600; a small hall may want 30, a large one 90).
    int min_recall_gap_s = 60;
    /// fsync every commit (survives a power cut). Off trades the last few commits on power loss for speed.
    bool durable = true;
    /// Largest request body accepted, in bytes.
    std::size_t max_body_bytes = std::size_t{1024} * 1024;
    /// Largest request header block accepted, in bytes.
    std::size_t max_header_bytes = std::size_t{16} * 1024;
    /// Most simultaneous connections (display boards and status pages hold one each).
    std::size_t max_connections = 4096;
    /// Seconds a keep-alive connection may stay idle.
    int idle_timeout_s = 30;
    /// Seconds allowed to read one request.
    int request_timeout_s = 30;
    /// Run the clock from this instant (RFC 3339) instead of now; time then moves normally.
    /// For training sessions, demos outside opening hours and tests. Empty = the real time.
    std::string clock_start;
    /// Path of the demo catalog seeded by `layan seed-demo` (empty = the one built in).
    std::string demo_file;
    /// Page development: serve the pages and assets from this folder (a checkout's data/web), read at start,
    /// instead of the copies built into the binary. Empty = built in (production).
    std::string web_dir;
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated IP addresses or
    /// CIDR ranges ("127.0.0.1, 10.0.0.0/8"). Empty = none: the peer is the client, and no request counts as TLS.
    std::string trusted_proxies;
    /// Minutes a signed-in session may stay unused before it ends.
    int session_idle_min = 30;
    /// Hours a session lasts at most, however active.
    int session_max_hours = 12;
    /// Anonymous state-changing requests (taking a ticket) per client address: this many at once...
    int public_rate_burst = 30;
    /// ...then this many per minute. A burst of 0 turns the limit off.
    int public_rate_per_min = 12;
    /// Sign-in attempts per client address: this many at once, then login_rate_per_min per minute.
    int login_rate_burst = 10;
    int login_rate_per_min = 6;
    /// The personal-data vault's master key file; empty = "<database file>.key". Created (0600) on first start;
    /// back it up apart from the database: without it the personal data can never be read again.
    std::string personal_data_key_file;
    /// The folder of citizens' uploaded documents; empty = "<database file>.uploads". Required with PostgreSQL (a
    /// folder every node shares); back it up with the database.
    std::string uploads_dir;
    /// Days a citizen's phone number and NIK are kept after their ticket closed; `layan serve` erases older ones
    /// daily, `layan personal-data purge` on demand.
    int personal_data_retention_days = 30;
    /// Days after a ticket's day that its satisfaction survey link still takes an answer (1–90).
    int survey_link_days = 7;
    /// The weight of each element in the satisfaction index: "1/9" (the regulation), "0.111" or "0.11".
    std::string ikm_weight = "1/9";
};

/// Registers every Config field as a flag with its LAYAN_* environment variable on `app`,
/// plus `--config FILE`.
void BindConfig(CLI::App& app, Config& config);

/// Rejects LAYAN_* environment variables that name no setting; returns the offending name or "".
[[nodiscard]] std::string FindUnknownEnvironmentKey();

/// The settings given as LAYAN_* environment variables, as flags ("--threads", "4", ...). Placed
/// before the command line's own arguments so that a flag beats the environment, which beats the
/// file (CLI11 alone would let the file beat the environment).
[[nodiscard]] std::vector<std::string> EnvironmentArguments();

/// Semantic checks beyond types (ranges, known policy names, database URL scheme); "" when valid.
[[nodiscard]] std::string Validate(const Config& config);

/// The settings in force, as TOML, one `key = value` per line (for `layan config check`).
[[nodiscard]] std::string Describe(const Config& config);

}  // namespace layan::app
