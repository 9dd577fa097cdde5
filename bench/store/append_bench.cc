// Durable appends per second through group commit: N submitters, each appending one event at a time
// and waiting for its commit (as the engine does per hall), for FULL and NORMAL sync.
//
// Usage: layan_store_append_bench [seconds per run, default 3] [directory for the database, default /tmp]
// Build it optimised (the release preset) for meaningful numbers.

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "layan/store/database.h"

namespace {

using namespace layan::store;
using Clock = std::chrono::steady_clock;

struct Run {
    double appends_per_second = 0;
    double mean_latency_ms = 0;
    std::int64_t failures = 0;
};

Run Measure(const std::filesystem::path& dir, SyncMode sync, int submitters, std::chrono::seconds duration) {
    std::filesystem::path file = dir / "bench.db";
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
        std::filesystem::remove(file.string() + suffix);
    }
    auto database = Database::Open("sqlite://" + file.string(), DatabaseOptions{.sync = sync});
    EventStore& events = database->Events();

    std::atomic<bool> stop = false;
    std::atomic<std::int64_t> appended = 0;
    std::atomic<std::int64_t> failures = 0;
    std::atomic<std::int64_t> latency_us = 0;
    std::vector<std::thread> threads;
    auto start = Clock::now();
    for (int t = 0; t < submitters; ++t) {
        threads.emplace_back([&, t] {
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
                latency_us += std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - begin).count();
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
    std::int64_t total = appended + failures;
    return Run{.appends_per_second = static_cast<double>(appended) / seconds,
               .mean_latency_ms = total > 0 ? static_cast<double>(latency_us) / 1000.0 / static_cast<double>(total) : 0,
               .failures = failures};
}

}  // namespace

int main(int argc, char** argv) {
    std::chrono::seconds duration{argc > 1 ? std::atoi(argv[1]) : 3};
    std::filesystem::path base = argc > 2 ? argv[2] : std::filesystem::temp_directory_path().string();
    std::string pattern = (base / "layan-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    std::filesystem::path dir = pattern;

    std::printf("%-7s %11s %14s %16s %9s\n", "sync", "submitters", "appends/s", "mean latency ms", "failures");
    for (SyncMode sync : {SyncMode::kFull, SyncMode::kNormal}) {
        for (int submitters : {1, 4, 16, 64, 256}) {
            Run run = Measure(dir, sync, submitters, duration);
            std::printf("%-7s %11d %14.0f %16.2f %9lld\n", sync == SyncMode::kFull ? "FULL" : "NORMAL", submitters,
                        run.appends_per_second, run.mean_latency_ms, static_cast<long long>(run.failures));
            std::fflush(stdout);
        }
    }
    std::filesystem::remove_all(dir);
}
