// Durable appends per second through group commit: N submitters, each appending one event at a time
// and waiting for its commit (as the engine does per hall), for FULL and NORMAL sync, on SQLite and, when
// a server is given, on PostgreSQL with one and with two "nodes" (two databases opened on one schema, the
// submitters split between them, as two `layan serve` behind a balancer). Then, on PostgreSQL, how long an
// append of one node takes to reach a subscriber of the other (LISTEN/NOTIFY and the tail read).
//
// Usage: layan_store_append_bench [seconds per run, default 3] [directory for SQLite, default /tmp]
//                                 [postgresql://... server URL; each run gets a schema of its own]
// Build it optimised (the release preset) for meaningful numbers.

#include <stdlib.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "layan/store/database.h"

namespace {

using namespace layan::store;
using Clock = std::chrono::steady_clock;

struct Run {
    double appends_per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    std::int64_t failures = 0;
};

double Percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    auto at = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
    return values[at];
}

/// A fresh schema on the server; the URL that selects it.
std::string NewSchema(const std::string& server) {
    static int serial = 0;
    std::string schema = "bench_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
    PGconn* connection = PQconnectdb(server.c_str());
    PQclear(PQexec(connection, ("CREATE SCHEMA " + schema).c_str()));
    PQfinish(connection);
    return server + (server.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

/// `nodes` databases opened on `url` (one for SQLite), the submitters spread over them round robin.
Run Measure(const std::string& url, int nodes, const DatabaseOptions& options, int submitters,
            std::chrono::seconds duration) {
    std::vector<std::unique_ptr<Database>> databases;
    for (int i = 0; i < nodes; ++i) {
        databases.push_back(Database::Open(url, options));
    }
    std::atomic<bool> stop = false;
    std::atomic<std::int64_t> appended = 0;
    std::atomic<std::int64_t> failures = 0;
    std::vector<std::vector<double>> latencies(static_cast<size_t>(submitters));
    std::vector<std::thread> threads;
    auto start = Clock::now();
    for (int t = 0; t < submitters; ++t) {
        threads.emplace_back([&, t] {
            EventStore& events = databases[static_cast<size_t>(t % nodes)]->Events();
            // One stream per submitter, like one hall per strand; a realistic small ticket event.
            std::string stream = "mpp-" + std::to_string(t) + "/2026-03-02";
            for (int n = 0; !stop; ++n) {
                NewEvent event{.type = "TicketIssued",
                               .data = {{"ticket", "A-" + std::to_string(n)},
                                        {"service", "KTP"},
                                        {"priority", "none"},
                                        {"predicted_wait_s", 840}},
                               .metadata = {{"actor", "kiosk-1"}, {"ip", "10.0.0.5"}}};
                auto begin = Clock::now();
                auto result = events.Append(stream, ExpectedVersion{n}, {std::move(event)});
                latencies[static_cast<size_t>(t)].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
                if (result) {
                    ++appended;
                } else {
                    ++failures;
                    --n;
                }
            }
        });
    }
    std::this_thread::sleep_for(duration);
    stop = true;
    for (auto& thread : threads) {
        thread.join();
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& some : latencies) {
        all.insert(all.end(), some.begin(), some.end());
    }
    return Run{.appends_per_second = static_cast<double>(appended) / seconds,
               .p50_ms = Percentile(all, 0.50),
               .p99_ms = Percentile(all, 0.99),
               .failures = failures};
}

/// Node A appends one event every 5 ms; node B's subscriber notes when each arrives.
void MeasureDelivery(const std::string& url, int count) {
    auto a = Database::Open(url);
    auto b = Database::Open(url);
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<double> delays;
    std::vector<Clock::time_point> sent(static_cast<size_t>(count));
    auto subscription = b->Events().Subscribe([&](const RecordedEvent& event) {
        auto now = Clock::now();
        std::lock_guard lock(mutex);
        auto n = event.data.value("n", -1);
        if (n >= 0 && n < count) {
            delays.push_back(std::chrono::duration<double, std::milli>(now - sent[static_cast<size_t>(n)]).count());
        }
        arrived.notify_all();
    });
    for (int n = 0; n < count; ++n) {
        {
            std::lock_guard lock(mutex);
            sent[static_cast<size_t>(n)] = Clock::now();
        }
        // From the moment the append is submitted: commit, NOTIFY, the tail's read, the call.
        (void)a->Events().Append("delivery", ExpectedVersion{n}, {NewEvent{"Probe", {{"n", n}}, {}}});
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(5), [&] { return delays.size() == static_cast<size_t>(count); });
    auto received = delays.size();
    std::printf("delivery from node A's append to node B's subscriber: %zu/%d events, p50 %.2f ms, p99 %.2f ms\n",
                received, count, Percentile(delays, 0.50), Percentile(delays, 0.99));
}

void Print(const char* backend, int nodes, SyncMode sync, int submitters, const Run& run) {
    std::printf("%-10s %5d %-7s %11d %12.0f %9.2f %9.2f %9lld\n", backend, nodes,
                sync == SyncMode::kFull ? "FULL" : "NORMAL", submitters, run.appends_per_second, run.p50_ms, run.p99_ms,
                static_cast<long long>(run.failures));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::chrono::seconds duration{argc > 1 ? std::atoi(argv[1]) : 3};
    std::filesystem::path base = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();
    std::string server = argc > 3 ? argv[3] : "";
    std::string pattern = (base / "layan-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    std::filesystem::path dir = pattern;

    std::printf("%-10s %5s %-7s %11s %12s %9s %9s %9s\n", "backend", "nodes", "sync", "submitters", "appends/s",
                "p50 ms", "p99 ms", "failures");
    for (SyncMode sync : {SyncMode::kFull, SyncMode::kNormal}) {
        for (int submitters : {1, 4, 16, 64, 256}) {
            std::filesystem::path file = dir / "bench.db";
            for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
                std::filesystem::remove(file.string() + suffix);
            }
            Print("sqlite", 1, sync, submitters,
                  Measure("sqlite://" + file.string(), 1, DatabaseOptions{.sync = sync}, submitters, duration));
            if (!server.empty()) {
                for (int nodes : {1, 2}) {
                    Print("postgresql", nodes, sync, submitters,
                          Measure(NewSchema(server), nodes, DatabaseOptions{.sync = sync}, submitters, duration));
                }
            }
        }
    }
    if (!server.empty()) {
        MeasureDelivery(NewSchema(server), 1000);
    }
    std::filesystem::remove_all(dir);
}
