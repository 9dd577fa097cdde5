// A unit's backlog (issue #11): how long one page of the work list takes when the civil registry has N open
// requests (100,000 by default). The requests are appended to a fresh SQLite database as the domain decides them
// (request_submitted, and request_returned for every tenth, whose clock is paused), submitted over the 30 days
// before Monday 30 November 2026 09:00 WIB, across the unit's five services (same day to 3 working days), so that
// deadlines spread and most are overdue, as in a unit that has fallen behind. Then the engine starts on it (the
// view folds the log) and the work list is read page after page as the unit's officer reads it:
//   first page   the first read after the start (every clock read once on the unit's calendar)
//   page         the next reads (the clocks' instants kept in the view): p50, p95, p99 of `rounds` reads
//   overdue      the same with ?sla=overdue; returned: ?status=returned
//   reference    sorting N instants in a fresh array (the floor of ordering N deadlines), in the same run
//
// Usage: layan_requests_backlog_bench [requests, default 100000] [rounds, default 200] [directory, default /tmp]
//                                     [keep: leave <directory>/layan-backlog-bench/layan.db for an HTTP run]
// Build it optimised (the release preset) for meaningful numbers.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/time.h"
#include "layan/domain/requests/commands.h"
#include "layan/engine/engine.h"
#include "layan/engine/standards.h"
#include "layan/store/seed.h"
#include "layan/store/sqlite/sqlite_database.h"
#include "layan/store/stream_id.h"

namespace {

using namespace layan;
using Clock = std::chrono::steady_clock;
namespace rq = domain::requests;

constexpr const char* kTenant = "kota-mojokerto";
constexpr const char* kUnit = "dispendukcapil";

struct Service {
    const char* code;
    int working_days;
};
constexpr std::array kServices = {Service{"KTP", 0}, Service{"KK", 3}, Service{"AKTA_LAHIR", 3},
                                  Service{"AKTA_MATI", 3}, Service{"PINDAH", 1}};

double Percentile(std::vector<double> values, double p) {
    std::ranges::sort(values);
    return values.empty() ? 0 : values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

/// Appends `count` requests of the unit, all at once through the store's group commit.
void Seed(store::EventStore& events, int count, core::Instant now) {
    std::mt19937_64 random(20261130);
    std::uniform_int_distribution<std::int64_t> age_ms(0, std::int64_t{30} * 24 * 3600 * 1000);
    const auto metadata =
        store::MetadataOf(store::Processor{.actor = "bench", .role = "system", .ip = "", .device = ""});
    std::atomic<int> left = count;
    std::atomic<int> failed = 0;
    for (int i = 0; i < count; ++i) {
        std::array<std::uint8_t, rq::TrackingCode::kRandomBytes> bytes{};
        for (auto& byte : bytes) {
            byte = static_cast<std::uint8_t>(random());
        }
        const auto code = rq::TrackingCode::FromRandomBytes(bytes);
        const auto& service = kServices[static_cast<std::size_t>(i) % kServices.size()];
        const auto at = now - core::Millis{age_ms(random)};
        rq::RequestSubmitted submitted{
            .service = service.code,
            .standard_version = 1,
            .unit_id = kUnit,
            .hall_id = "mpp-mojokerto",
            .channel = rq::Channel::kOnline,
            .ticket = std::nullopt,
            .by = "",
            .citizen_ref = "c-bench-" + std::to_string(i),
            .masked_nik = "3576**********01",
            .documents = {},
            .rule = {.unit = domain::calendar::DeadlineUnit::kWorkingDays, .amount = service.working_days},
            .at = {}};
        auto decided = rq::Submit({}, submitted, at);
        if (!decided) {
            std::fprintf(stderr, "submission refused: %s\n", decided.error().message.c_str());
            std::exit(1);
        }
        rq::RequestState state;
        std::vector<store::NewEvent> encoded;
        for (const auto& event : *decided) {
            rq::Apply(state, event);
            encoded.push_back(engine::RequestModel::Encode(event, metadata));
        }
        if (i % 10 == 0) {
            const std::vector<std::string> missing = {"KK"};
            auto returned = rq::Return(state, "bench-officer", "Scan kurang jelas", missing, at);
            if (!returned) {
                std::fprintf(stderr, "return refused: %s\n", returned.error().message.c_str());
                std::exit(1);
            }
            for (const auto& event : *returned) {
                encoded.push_back(engine::RequestModel::Encode(event, metadata));
            }
        }
        events.AppendAsync(store::StreamId::Request(kTenant, code.Compact()).Name(),
                           store::ExpectedVersion{.value = store::ExpectedVersion::kNoStream}, std::move(encoded),
                           [&](core::Result<store::AppendResult> result) {
                               if (!result) {
                                   ++failed;
                               }
                               --left;
                           });
    }
    while (left > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    if (failed > 0) {
        std::fprintf(stderr, "%d appends failed\n", failed.load());
    }
}

engine::Caller UnitOfficer() {
    return engine::Caller{.principal = {.role = domain::access::Role::kOfficer,
                                        .id = "siti.rahmawati",
                                        .name = "Siti Rahmawati",
                                        .tenant_id = kTenant,
                                        .units = {kUnit},
                                        .officer_id = "",
                                        .hall_id = "",
                                        .device_kind = domain::access::DeviceKind::kKiosk},
                          .actor = {.actor = "siti.rahmawati", .role = "officer", .ip = "", .device = ""}};
}

template <class Fn>
std::vector<double> Time(int rounds, Fn&& fn) {
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const auto start = Clock::now();
        fn();
        ms.push_back(Millis(Clock::now() - start));
    }
    return ms;
}

void Report(const char* name, const std::vector<double>& ms) {
    std::printf("%-12s p50 %8.2f ms   p95 %8.2f ms   p99 %8.2f ms   (%zu reads)\n", name, Percentile(ms, 0.50),
                Percentile(ms, 0.95), Percentile(ms, 0.99), ms.size());
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::stoi(argv[1]) : 100'000;
    const int rounds = argc > 2 ? std::stoi(argv[2]) : 200;
    const std::filesystem::path dir = std::filesystem::path(argc > 3 ? argv[3] : "/tmp") / "layan-backlog-bench";
    const bool keep = argc > 4 && std::string(argv[4]) == "keep";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);

    const auto now = *core::ParseIso8601("2026-11-30T09:00:00+07:00");
    core::ManualClock clock(now);
    store::DatabaseOptions options;
    options.sync = store::SyncMode::kNormal;
    options.clock = std::shared_ptr<const core::Clock>(&clock, [](const core::Clock*) {});
    auto database = store::sqlite::SqliteDatabase::Open((dir / "layan.db").string(), options);
    if (!store::SeedDemo(*database)) {
        std::fprintf(stderr, "seeding the demo failed\n");
        return 1;
    }
    {
        engine::Directory directory(database->CatalogRepo(), database->Vault());
        directory.Load();
        auto published = engine::PublishFirstVersions(
            database->Events(), directory, nlohmann::json::parse(store::BuiltInDemoStandards()),
            store::MetadataOf(store::Processor{.actor = "bench", .role = "system", .ip = "", .device = ""}));
        if (!published) {
            std::fprintf(stderr, "publishing the standards failed: %s\n", published.error().message.c_str());
            return 1;
        }
    }
    auto start = Clock::now();
    Seed(database->Events(), count, now);
    std::printf("requests     %d open of unit %s (every tenth paused), appended in %.1f s\n", count, kUnit,
                Millis(Clock::now() - start) / 1000);

    start = Clock::now();
    engine::Engine engine(*database, clock, engine::Engine::Options{.performance_views = false});
    std::printf("engine start %.1f s (the view folds the log)\n", Millis(Clock::now() - start) / 1000);

    const auto officer = UnitOfficer();
    engine::WorkListFilter page;
    page.unit_id = kUnit;
    std::vector<engine::RequestFile> shown;
    start = Clock::now();
    shown = *engine.requests.WorkList(kTenant, page, officer);
    std::printf("first page   %.1f ms (%zu rows; every clock read once)\n", Millis(Clock::now() - start), shown.size());

    Report("page", Time(rounds, [&] { shown = *engine.requests.WorkList(kTenant, page, officer); }));
    auto overdue = page;
    overdue.sla = domain::calendar::SlaState::kOverdue;
    Report("overdue", Time(rounds, [&] { shown = *engine.requests.WorkList(kTenant, overdue, officer); }));
    auto returned = page;
    returned.status = rq::RequestStatus::kReturned;
    Report("returned", Time(rounds, [&] { shown = *engine.requests.WorkList(kTenant, returned, officer); }));
    // The reference: sorting N instants in a fresh array, the least any work list ordering N deadlines must do.
    std::mt19937_64 random(1);
    std::vector<std::int64_t> instants(static_cast<std::size_t>(count));
    for (auto& instant : instants) {
        instant = static_cast<std::int64_t>(random() >> 24);
    }
    Report("reference", Time(rounds, [&] {
               auto copy = instants;
               std::ranges::sort(copy);
           }));
    engine.Shutdown();
    database.reset();
    if (keep) {
        std::printf("kept         %s\n", (dir / "layan.db").c_str());
    } else {
        std::filesystem::remove_all(dir);
    }
    return 0;
}
