#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace layan::app {

/// Everything `layan` can be configured with. Precedence: defaults here, then the config file
/// (`--config`, TOML), then `LAYAN_*` environment variables, then command-line flags.
/// Unknown keys in the file and unknown `LAYAN_*` variables are errors that name the key.
struct Config {
    /// Where the data lives: `sqlite:///abs/path/layan.db` or `sqlite://relative/path.db`.
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
    /// fsync every commit (survives a power cut). Off trades the last few commits on power loss for speed.
    bool durable = true;
    /// Largest request body accepted, in bytes.
    std::size_t max_body_bytes = 1024 * 1024;
    /// Largest request header block accepted, in bytes.
    std::size_t max_header_bytes = 16 * 1024;
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
};

/// Registers every Config field as a flag with its LAYAN_* environment variable on `app`,
/// plus `--config FILE`.
void BindConfig(CLI::App& app, Config& config);

/// Rejects LAYAN_* environment variables that name no setting; returns the offending name or "".
[[nodiscard]] std::string FindUnknownEnvironmentKey();

/// Semantic checks beyond types (ranges, known policy names, database URL scheme); "" when valid.
[[nodiscard]] std::string Validate(const Config& config);

/// The settings in force, as TOML, one `key = value` per line (for `layan config check`).
[[nodiscard]] std::string Describe(const Config& config);

}  // namespace layan::app
