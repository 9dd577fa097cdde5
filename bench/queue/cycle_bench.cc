// The whole life of a ticket over HTTP, as a busy hall lives it: a kiosk issues a ticket, the officer at a
// counter calls the next citizen, starts and finishes the service. N workers, each one counter (its own
// officer and a service no other counter serves, so each worker calls the ticket it issued), run the cycle in
// a loop against a running `layan serve`. Every step is a durable append when the server runs with
// durable = true (the default).
//
// Each worker holds two keep-alive connections: the kiosk's (anonymous) and the officer's console (signed in
// when the server has sign-in: POST /api/v1/session with the demo password, then the session cookie and the
// X-CSRF-Token header on every officer request).
//
// Usage: layan_cycle_bench --port P [--workers 8] [--seconds 10] [--max-cycles 200000]
//                          [--demo data/demo/mojokerto.json] [--hall mpp-mojokerto] [--password layan-demo]
// Prints a table and one "RESULT key=value ..." line for scripts. Exits non-zero when no cycle completed.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include "http_client.h"

namespace {

using layan::bench::Headers;
using layan::bench::HttpConnection;
using layan::bench::HttpResponse;
using layan::bench::Ms;
using layan::bench::Samples;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct Options {
    std::uint16_t port = 0;
    int workers = 8;
    int seconds = 10;
    long max_cycles = 200'000;
    std::string demo = "data/demo/mojokerto.json";
    std::string hall = "mpp-mojokerto";
    std::string password = "layan-demo";
};

/// One counter of the benchmark: who opens it and the one service it serves.
struct Desk {
    std::string counter;
    std::string officer;
    std::string service;
};

enum Step { kIssue, kCallNext, kStart, kFinish, kSteps };
constexpr std::array<const char*, kSteps> kStepNames = {"issue", "call-next", "start", "finish"};
constexpr std::array<int, kSteps> kExpectedStatus = {201, 200, 200, 200};

struct WorkerResult {
    long cycles = 0;
    std::array<Samples, kSteps> latency{};
    std::map<std::string, long> unexpected;  // "call-next 204" → count
    std::string fatal;
};

// Flags as bench/run.sh passes them; --help lists them. A bad flag exits with CLI11's message.
Options ParseOptions(int argc, char** argv) {
    Options options;
    CLI::App app{"issue -> call-next -> start -> finish cycles against a running layan serve"};
    app.add_option("--port", options.port, "port of the running layan serve on 127.0.0.1")->required();
    app.add_option("--workers", options.workers, "counters worked at once, one closed-loop client each");
    app.add_option("--seconds", options.seconds, "how long to run");
    app.add_option("--max-cycles", options.max_cycles, "stop after this many cycles in all");
    app.add_option("--demo", options.demo, "the demo catalog the server was seeded with");
    app.add_option("--hall", options.hall, "hall id");
    app.add_option("--password", options.password, "the demo accounts' password");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::exit(app.exit(e));
    }
    return options;
}

/// Pairs the hall's counters with officers and gives each a service of the officer's skills that no other desk
/// serves, in the order of the demo file; at most `wanted` desks.
std::vector<Desk> PlanDesks(const Options& options) {
    std::ifstream in(options.demo);
    if (!in) {
        throw std::runtime_error("cannot read " + options.demo);
    }
    json demo = json::parse(in);
    for (const auto& tenant : demo.at("tenants")) {
        for (const auto& hall : tenant.at("halls")) {
            if (hall.at("id") != options.hall) {
                continue;
            }
            std::vector<Desk> desks;
            std::set<std::string> taken;
            const auto& counters = hall.at("counters");
            for (const auto& officer : tenant.at("officers")) {
                if (desks.size() == counters.size() || static_cast<int>(desks.size()) == options.workers) {
                    break;
                }
                for (const auto& skill : officer.at("skills")) {
                    if (taken.insert(skill.get<std::string>()).second) {
                        desks.push_back(Desk{.counter = counters[desks.size()].at("id").get<std::string>(),
                                             .officer = officer.at("id").get<std::string>(),
                                             .service = skill.get<std::string>()});
                        break;
                    }
                }
            }
            return desks;
        }
    }
    throw std::runtime_error("no hall " + options.hall + " in " + options.demo);
}

/// The officer's console: signs in when the server offers sign-in, then sends officer requests with the session
/// cookie and the CSRF header.
class Console {
public:
    Console(std::uint16_t port, std::string api) : connection_(port), api_(std::move(api)) {}

    /// Returns false when the server has no sign-in route (404/405): requests then go without a session.
    bool SignIn(const std::string& username, const std::string& password) {
        auto response =
            connection_.Send("POST", "/api/v1/session", json{{"username", username}, {"password", password}}.dump());
        if (response.status == 404 || response.status == 405) {
            return false;
        }
        if (response.status != 200) {
            throw std::runtime_error("sign-in of " + username + " answered " + std::to_string(response.status) + ": " +
                                     response.body);
        }
        for (const auto& [name, value] : response.headers) {
            if (name == "set-cookie" && value.starts_with("layan_session=")) {
                session_cookie_ = value.substr(0, value.find(';'));
            }
        }
        csrf_token_ = json::parse(response.body).at("csrf_token").get<std::string>();
        if (session_cookie_.empty()) {
            throw std::runtime_error("sign-in of " + username + " set no layan_session cookie");
        }
        return true;
    }

    HttpResponse Post(const std::string& path, const std::string& body = {}) {
        Headers headers;
        if (!session_cookie_.empty()) {
            headers = {{"Cookie", session_cookie_}, {"X-CSRF-Token", csrf_token_}};
        }
        return connection_.Send("POST", api_ + path, body, headers);
    }

private:
    HttpConnection connection_;
    std::string api_;
    std::string session_cookie_;
    std::string csrf_token_;
};

WorkerResult RunWorker(const Options& options, const Desk& desk, Console& console, SteadyClock::time_point deadline,
                       std::atomic<long>& cycles_left) {
    WorkerResult result;
    HttpConnection kiosk(options.port);
    const std::string api = "/api/v1/halls/" + options.hall;
    const std::string issue_body = json{{"service", desk.service}}.dump();
    auto unexpected = [&result](Step step, const HttpResponse& response) {
        ++result.unexpected[std::string(kStepNames[step]) + " " + std::to_string(response.status)];
    };
    try {
        while (SteadyClock::now() < deadline && cycles_left.fetch_sub(1) > 0) {
            auto t0 = SteadyClock::now();
            auto issued = kiosk.Send("POST", api + "/tickets", issue_body);
            auto t1 = SteadyClock::now();
            if (issued.status != kExpectedStatus[kIssue]) {
                unexpected(kIssue, issued);
                continue;
            }
            result.latency[kIssue].Add(Ms(t0, t1));

            auto called = console.Post("/counters/" + desk.counter + "/call-next");
            auto t2 = SteadyClock::now();
            if (called.status != kExpectedStatus[kCallNext]) {
                unexpected(kCallNext, called);
                continue;
            }
            result.latency[kCallNext].Add(Ms(t1, t2));
            const std::string ticket = json::parse(called.body).at("id").get<std::string>();

            auto started = console.Post("/tickets/" + ticket + "/start");
            auto t3 = SteadyClock::now();
            if (started.status != kExpectedStatus[kStart]) {
                unexpected(kStart, started);
                continue;
            }
            result.latency[kStart].Add(Ms(t2, t3));

            auto finished = console.Post("/tickets/" + ticket + "/finish");
            auto t4 = SteadyClock::now();
            if (finished.status != kExpectedStatus[kFinish]) {
                unexpected(kFinish, finished);
                continue;
            }
            result.latency[kFinish].Add(Ms(t3, t4));
            ++result.cycles;
        }
    } catch (const std::exception& e) {
        result.fatal = e.what();
    }
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    std::vector<Desk> desks;
    try {
        options = ParseOptions(argc, argv);
        desks = PlanDesks(options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "layan_cycle_bench: %s\n", e.what());
        return 2;
    }
    const std::string api = "/api/v1/halls/" + options.hall;

    // Sign in and open the counters before the clock starts.
    std::vector<std::unique_ptr<Console>> consoles;
    bool signed_in = false;
    try {
        for (const auto& desk : desks) {
            consoles.push_back(std::make_unique<Console>(options.port, api));
            signed_in = consoles.back()->SignIn(desk.officer, options.password);
            auto opened = consoles.back()->Post("/counters/" + desk.counter + "/open",
                                                json{{"officer", desk.officer}, {"services", {desk.service}}}.dump());
            if (opened.status != 200) {
                throw std::runtime_error("opening " + desk.counter + " for " + desk.officer + " answered " +
                                         std::to_string(opened.status) + ": " + opened.body);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "layan_cycle_bench: setup failed: %s\n", e.what());
        return 1;
    }
    std::printf("%zu counters open (%s); running for %d s, at most %ld cycles\n", desks.size(),
                signed_in ? "officers signed in, cookie + CSRF header" : "no sign-in on this server", options.seconds,
                options.max_cycles);
    for (const auto& desk : desks) {
        std::printf("  %s  %-18s %s\n", desk.counter.c_str(), desk.officer.c_str(), desk.service.c_str());
    }

    std::atomic<long> cycles_left = options.max_cycles;
    std::vector<WorkerResult> results(desks.size());
    std::vector<std::thread> threads;
    auto start = SteadyClock::now();
    auto deadline = start + std::chrono::seconds{options.seconds};
    for (std::size_t i = 0; i < desks.size(); ++i) {
        threads.emplace_back(
            [&, i] { results[i] = RunWorker(options, desks[i], *consoles[i], deadline, cycles_left); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();

    long cycles = 0;
    std::array<Samples, kSteps> latency{};
    std::map<std::string, long> unexpected;
    for (const auto& result : results) {
        cycles += result.cycles;
        for (int step = 0; step < kSteps; ++step) {
            latency[step].Merge(result.latency[step]);
        }
        for (const auto& [what, count] : result.unexpected) {
            unexpected[what] += count;
        }
        if (!result.fatal.empty()) {
            std::fprintf(stderr, "a worker stopped: %s\n", result.fatal.c_str());
        }
    }
    long unexpected_total = 0;
    for (const auto& [what, count] : unexpected) {
        std::printf("unexpected: %s x %ld\n", what.c_str(), count);
        unexpected_total += count;
    }
    const double cycles_per_s = static_cast<double>(cycles) / seconds;
    std::printf("%ld cycles in %.1f s: %.0f cycles/s (%.0f durable appends/s)\n", cycles, seconds, cycles_per_s,
                4 * cycles_per_s);
    std::printf("%-10s %8s %9s %9s %9s\n", "step", "count", "p50 ms", "p99 ms", "max ms");
    for (int step = 0; step < kSteps; ++step) {
        std::printf("%-10s %8zu %9.2f %9.2f %9.2f\n", kStepNames[step], latency[step].Count(),
                    latency[step].Percentile(50), latency[step].Percentile(99), latency[step].Percentile(100));
    }
    std::printf("RESULT cycles_per_s=%.1f cycles=%ld workers=%zu signed_in=%d unexpected=%ld", cycles_per_s, cycles,
                desks.size(), signed_in ? 1 : 0, unexpected_total);
    for (int step = 0; step < kSteps; ++step) {
        std::string name = kStepNames[step];
        std::replace(name.begin(), name.end(), '-', '_');
        std::printf(" %s_p50_ms=%.2f %s_p99_ms=%.2f", name.c_str(), latency[step].Percentile(50), name.c_str(),
                    latency[step].Percentile(99));
    }
    std::printf("\n");
    return cycles > 0 ? 0 : 1;
}
