#include "layan/app/view_commands.h"

#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/api/performance_routes.h"
#include "layan/app/open.h"
#include "layan/core/time.h"
#include "layan/domain/survey/ikm.h"
#include "layan/engine/engine.h"
#include "layan/store/calendar.h"

namespace layan::app {

namespace {

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

std::string Minutes(const std::optional<double>& seconds) {
    return seconds ? fmt::format("{:.1f} min", *seconds / 60.0) : "-";
}

}  // namespace

ViewCommands::ViewCommands(CLI::App& app) {
    views_ = app.add_subcommand("views", "The read models of the event log (performance figures)");
    views_->require_subcommand(1);
    rebuild_ = views_->add_subcommand("rebuild", "Recompute the performance figures from every event and print them");
    rebuild_->add_option("--tenant", tenant_, "The government (tenant) whose figures to print")->required();
    rebuild_->add_option("--from", from_, "First day of the period, YYYY-MM-DD (default: today)");
    rebuild_->add_option("--to", to_, "Last day of the period, YYYY-MM-DD (default: --from)");
    rebuild_->add_option("--hall", hall_, "Only this hall");
    rebuild_->add_option("--target-minutes", target_minutes_, "A wait within this is on target")
        ->check(CLI::Range(1, 240));
    rebuild_->add_flag("--json", json_, "Print the figures as GET /api/v1/tenants/{tenant}/performance answers them");
}

std::optional<int> ViewCommands::Run(const Config& config) {
    if (*rebuild_) {
        return Rebuild(config);
    }
    return std::nullopt;
}

int ViewCommands::Rebuild(const Config& config) const {
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    const auto started = std::chrono::steady_clock::now();
    // The engine folds every event into its figures as it starts, from nothing: that is the rebuild.
    engine::Engine engine(*database, *clock,
                          {.routing_policy = config.routing_policy,
                           .rules = {},
                           .calendar = store::NationalCalendar(),
                           .worker_threads = 1,
                           .worker_queue = 16,
                           .survey_link_days = config.survey_link_days,
                           .ikm_weight = *domain::survey::ParseIkmWeight(config.ikm_weight),
                           .performance_views = true});
    if (!engine.performance.WaitUntilCurrent(std::chrono::hours{1})) {
        return Fail(
            {core::ErrorKind::kUnavailable, "rebuild_timeout", "the figures did not catch up within an hour", nullptr});
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    const auto status = engine.performance.Status();

    const auto* tenant = engine.directory.FindTenant(tenant_);
    if (tenant == nullptr) {
        return Fail(
            {core::ErrorKind::kNotFound, "tenant_not_found", fmt::format("there is no tenant '{}'", tenant_), nullptr});
    }
    const auto today = core::LocalDate(clock->Now(), tenant->utc_offset);
    auto from = from_.empty() ? std::optional{today} : core::ParseDate(from_);
    auto to = to_.empty() ? from : core::ParseDate(to_);
    if (!from || !to) {
        return Fail({core::ErrorKind::kInvalid, "invalid_range", "--from and --to are dates, YYYY-MM-DD", nullptr});
    }
    engine::PeriodQuery query;
    query.tenant = tenant_;
    query.from = *from;
    query.to = *to;
    query.target = std::chrono::minutes{target_minutes_};
    query.hall = hall_;
    auto report = engine.performance.Report(query);
    if (!report) {
        return Fail(report.error());
    }
    if (json_) {
        std::cout << api::PerformanceReportJson(*report).dump(2) << "\n";
        return 0;
    }
    const auto& totals = report->totals;
    std::cout << fmt::format("Folded {} events in {} ms.\n", status.position, took.count());
    std::cout << fmt::format("{}, {} to {}:\n", tenant->name, core::FormatDate(*from), core::FormatDate(*to));
    std::cout << fmt::format("  tickets {}, served {}, no-shows {}, cancelled {}\n", totals.tickets, totals.served,
                             totals.no_shows, totals.cancelled);
    std::cout << fmt::format("  wait: mean {}, p90 {}; service: mean {}\n", Minutes(totals.mean_wait_s),
                             totals.p90_wait_s ? Minutes(static_cast<double>(*totals.p90_wait_s)) : "-",
                             Minutes(totals.mean_service_s));
    if (totals.ikm) {
        std::cout << fmt::format("  IKM {} ({}), {} respondents of {} needed\n", totals.ikm->ConvertedText(),
                                 domain::survey::ToString(totals.ikm->grade), totals.ikm->respondents,
                                 totals.sample_needed);
    } else {
        std::cout << "  IKM - (no survey responses)\n";
    }
    return 0;
}

}  // namespace layan::app
