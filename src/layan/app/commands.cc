#include "layan/app/commands.h"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/api/api.h"
#include "layan/app/audit_commands.h"
#include "layan/app/open.h"
#include "layan/app/routes.h"
#include "layan/app/user_commands.h"
#include "layan/auth/auth.h"
#include "layan/auth/guard.h"
#include "layan/core/time.h"
#include "layan/core/worker_pool.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/routing.h"
#include "layan/domain/survey/ikm.h"
#include "layan/engine/engine.h"
#include "layan/http/metrics.h"
#include "layan/http/router.h"
#include "layan/http/server.h"
#include "layan/http/sse_hub.h"
#include "layan/store/calendar.h"
#include "layan/store/database.h"
#include "layan/store/database_url.h"
#include "layan/store/seed.h"
#include "layan/voice/voice.h"
#include "layan/web/web.h"

namespace layan::app {

namespace {

/// The queue rules the settings give (the rest keep the domain's defaults).
domain::queue::QueueRules QueueRulesOf(const Config& config) {
    domain::queue::QueueRules rules;
    rules.max_calls = config.max_calls;
    rules.min_recall_gap = std::chrono::seconds{config.min_recall_gap_s};
    return rules;
}

/// What the server warns of about its calendars on `now`: each year whose national holidays a tenant has not
/// loaded (WorkCalendar::YearsToWarn of the embedded data with the tenant's imported years), with the tenants.
nlohmann::json CalendarWarnings(const engine::Engine& engine, core::Instant now) {
    std::map<int, std::vector<std::string>> missing;  // year -> tenants
    for (const auto& tenant : engine.directory.TenantIds()) {
        const auto offset = engine.directory.FindTenant(tenant)->utc_offset;
        for (auto year : engine.calendars.YearsToWarn(tenant, core::LocalDate(now, offset))) {
            missing[static_cast<int>(year)].push_back(tenant);
        }
    }
    auto warnings = nlohmann::json::array();
    for (const auto& [year, tenants] : missing) {
        warnings.push_back({{"code", "calendar_year_missing"},
                            {"year", year},
                            {"tenants", tenants},
                            {"message", engine::Calendars::MissingYearMessage(std::chrono::year{year})}});
    }
    return warnings;
}

std::unique_ptr<voice::Voice> MakeVoice() {
    try {
        return std::make_unique<voice::Voice>("id");
    } catch (const std::exception& e) {
        spdlog::warn("spoken calls are off: {}", e.what());
        return nullptr;
    }
}

}  // namespace

int RunMigrate(const Config& config) {
    PrepareDatabaseFolder(config);
    auto applied = store::Migrate(config.database, DatabaseOptionsOf(config, MakeClock(config)));
    if (applied.empty()) {
        std::cout << "database is up to date\n";
    }
    for (const auto& name : applied) {
        std::cout << "applied " << name << "\n";
    }
    return 0;
}

int RunSeedDemo(const Config& config) {
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    auto seeded = config.demo_file.empty() ? store::SeedDemo(*database) : store::SeedDemo(*database, config.demo_file);
    if (!seeded) {
        std::cerr << "layan: seed-demo failed: " << seeded.error().message << "\n";
        return 1;
    }
    std::cout << fmt::format("seeded {} tenant(s), {} unit(s), {} service(s), {} hall(s), {} officer(s)\n",
                             seeded->tenants, seeded->units, seeded->services, seeded->halls, seeded->officers);
    if (config.demo_file.empty()) {
        // The built-in demo's standards in full (a catalog of one's own gets version 1 from its catalog at the
        // server's first start: engine::Standards::Load).
        engine::Directory directory(database->CatalogRepo(), database->Vault());
        directory.Load();
        auto published = engine::PublishFirstVersions(
            database->Events(), directory, nlohmann::json::parse(store::BuiltInDemoStandards()),
            store::MetadataOf(store::Processor{.actor = "system:seed-demo", .role = "system", .ip = "", .device = ""}));
        if (!published) {
            std::cerr << "layan: seed-demo failed: " << published.error().message << "\n";
            return 1;
        }
        std::cout << fmt::format("seeded {} service standard(s)\n", *published);
    }
    return SeedDemoAccounts(*database, *clock);
}

int RunServe(const Config& config) {
    auto clock = MakeClock(config);
    if (!config.clock_start.empty()) {
        spdlog::warn("the clock runs from {} instead of the real time (clock_start)", config.clock_start);
    }
    auto database = OpenDatabase(config, clock);
    database->Vault().CheckKey();  // a missing or wrong key stops the server now, not at the first citizen

    // Declared in dependency order, so that each outlives what uses it. What runs on other threads is stopped
    // explicitly, in the order of docs/ARCHITECTURE.md "Shutdown", once the server has returned.
    http::Router router;
    http::SseHub hub;
    http::Metrics metrics;
    engine::Engine engine(*database, *clock,
                          {.routing_policy = config.routing_policy,
                           .rules = QueueRulesOf(config),
                           .calendar = store::NationalCalendar(),
                           .worker_threads = 2,
                           .worker_queue = 256,
                           .survey_link_days = config.survey_link_days,
                           .ikm_weight = *domain::survey::ParseIkmWeight(config.ikm_weight),
                           .performance_views = true});
    // Every hall closes on national holidays and cuti bersama (data/calendar, or imported), and on the
    // fixed-date holidays of a year whose list is not loaded; the server warns of such a year from 1 October
    // before.
    for (const auto& warning : CalendarWarnings(engine, clock->Now())) {
        spdlog::warn("{}", warning["message"].get<std::string>());
    }
    PersonalDataRetention retention(engine.personal_data, engine.requests, *clock,
                                    std::chrono::days{config.personal_data_retention_days});
    // Requests due soon go to their unit's supervisor, overdue ones to the unit head, inside working hours; the first
    // tick raises what fell due while the server was down.
    engine.escalations.Start(std::chrono::minutes{1});

    http::ServerOptions options;
    options.address = config.address;
    options.port = config.port;
    options.threads = config.threads;
    options.max_body_bytes = config.max_body_bytes;
    options.max_header_bytes = config.max_header_bytes;
    options.max_connections = config.max_connections;
    options.idle_timeout = std::chrono::seconds{config.idle_timeout_s};
    options.request_timeout = std::chrono::seconds{config.request_timeout_s};
    options.stop_on_signals = true;
    options.clock = clock.get();  // pages read the server's (possibly shifted) clock from Layan-Now
    GuardBuiltinRoutes(options);

    auto auth_options = AuthOptionsOf(config);
    if (!auth_options) {
        throw std::invalid_argument(auth_options.error().message);
    }
    auth::Auth accounts(*database, *clock, *auth_options);
    accounts.RestoreLocks();  // a restart must not lift a sign-in lock
    core::WorkerPool password_worker("auth", auth_options->hash_threads, 64);
    auth::Guard guard(accounts, database->CatalogRepo());

    auto voice = MakeVoice();
    api::ApiContext context{.engine = engine, .hub = hub, .voice = voice.get(), .public_url = config.public_url};
    http::Server server(options, router, hub, metrics);
    Secure(server, guard);
    server.SetReadinessWarnings([&engine, &clock] { return CalendarWarnings(engine, clock->Now()); });
    server.SetReadinessCheck([&database] {
        try {
            (void)database->Events().HeadPosition();
            return true;
        } catch (const std::exception&) {
            return false;
        }
    });
    auto port = server.Listen();
    if (context.public_url.empty()) {
        context.public_url = fmt::format("http://{}:{}", config.address, port);
    }
    auth::RoutesContext account_routes{accounts, password_worker, context.public_url};
    BuildRouter(router, context, account_routes, config.web_dir);
    api::PublishHallEvents(context);

    const auto& base = context.public_url;
    std::cout << fmt::format("layan {} is serving on {} (database {})\n", LAYAN_VERSION, base,
                             store::RedactedUrl(config.database));
    std::cout << fmt::format("  home             {}/\n", base);
    for (const auto& id : engine.halls.HallIds()) {
        std::cout << fmt::format("  kiosk            {}/halls/{}/kiosk\n", base, id);
        std::cout << fmt::format("  display board    {}/halls/{}/board\n", base, id);
        std::cout << fmt::format("  officer console  {}/halls/{}/console\n", base, id);
        std::cout << fmt::format("  queue (JSON)     {}/api/v1/halls/{}/queue\n", base, id);
    }
    std::cout << fmt::format("  sign in          {}/login\n", base);
    std::cout << fmt::format("  health           {}/healthz   metrics {}/metrics\n", base, base);
    std::cout << "Press Ctrl+C to stop.\n" << std::flush;

    // Run returns once the server stopped accepting, drained its in-flight requests (up to the grace period)
    // and closed its SSE streams.
    server.Run();
    // Then: the jobs on the workers (which may still submit commands; later ones are refused), the engine's
    // pending commits and their callbacks (which may still publish or settle personal data, inline now), the
    // sign-in workers, and last the store, when the objects above are destroyed.
    engine.Shutdown();
    password_worker.Drain();
    spdlog::info("layan stopped");
    return 0;
}

}  // namespace layan::app
