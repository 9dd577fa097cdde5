#include "layan/app/calendar_commands.h"

#include <array>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/app/open.h"
#include "layan/auth/auth.h"
#include "layan/domain/calendar/layers.h"
#include "layan/engine/calendars.h"
#include "layan/engine/directory.h"
#include "layan/store/calendar.h"

namespace layan::app {

namespace calendar = domain::calendar;

namespace {

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

/// Runs one calendar command and waits for its commit.
template <class Command>
core::Result<engine::CalendarChange> Await(Command command) {
    std::promise<core::Result<engine::CalendarChange>> answer;
    auto future = answer.get_future();
    command([&answer](core::Result<engine::CalendarChange> change) { answer.set_value(std::move(change)); });
    return future.get();
}

/// "08:00-12:00" → the hours of an opened day (no break).
std::optional<calendar::WorkingHours> ParseHours(const std::string& text) {
    const auto dash = text.find('-');
    if (dash == std::string::npos) {
        return std::nullopt;
    }
    auto open = calendar::ParseTimeOfDay(text.substr(0, dash));
    auto close = calendar::ParseTimeOfDay(text.substr(dash + 1));
    if (!open || !close) {
        return std::nullopt;
    }
    return calendar::WorkingHours{.open = *open, .close = *close, .break_start = *open, .break_end = *open};
}

void PrintDays(const calendar::WorkCalendar& work_calendar, calendar::Date from, int days) {
    for (int i = 0; i < days; ++i) {
        const calendar::Date date{std::chrono::sys_days{from} + std::chrono::days{i}};
        static constexpr std::array<const char*, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        std::string line = fmt::format("{} {} ", core::FormatDate(date),
                                       kWeekdays.at(std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding()));
        if (auto hours = work_calendar.HoursOn(date)) {
            line += fmt::format("open {}-{}", calendar::FormatTimeOfDay(hours->open),
                                calendar::FormatTimeOfDay(hours->close));
            if (hours->break_start < hours->break_end) {
                line += fmt::format(" (break {}-{})", calendar::FormatTimeOfDay(hours->break_start),
                                    calendar::FormatTimeOfDay(hours->break_end));
            }
        } else if (auto closure = work_calendar.ClosureOn(date)) {
            line += fmt::format("closed: {} ({})", closure->name.id, calendar::KindName(*closure));
        } else {
            line += "closed";
        }
        if (work_calendar.IsProvisional(date)) {
            line += "  [provisional: this year's national holidays are not loaded]";
        }
        std::cout << line << "\n";
    }
}

}  // namespace

CalendarCommands::CalendarCommands(CLI::App& app) {
    calendar_ = app.add_subcommand("calendar", "The work calendar: national years, weeks, closed and opened days");
    calendar_->require_subcommand(1);
    auto scope_options = [this](CLI::App* command) {
        command->add_option("--tenant", tenant_, "The tenant (default: the only one)");
        auto* hall = command->add_option("--hall", hall_, "Only this hall (default: the whole tenant)");
        auto* unit = command->add_option("--unit", unit_, "Only this unit (default: the whole tenant)");
        hall->excludes(unit);
    };
    import_ = calendar_->add_subcommand(
        "import", "Import a year's national holidays and cuti bersama (a file as data/calendar/id-<year>.json)");
    import_->add_option("file", file_, "The calendar document")->required()->check(CLI::ExistingFile);
    import_->add_option("--tenant", tenant_, "Only this tenant (default: every tenant)");
    list_ = calendar_->add_subcommand("list", "Print the days as the tenant, a hall or a unit keeps them");
    scope_options(list_);
    list_->add_option("--from", from_, "First date, YYYY-MM-DD (default: today)");
    list_->add_option("--days", days_, "How many days")->check(CLI::Range(1, 366));
    close_ = calendar_->add_subcommand("close", "Close a day (a local holiday, a flood, a renovation)");
    scope_options(close_);
    close_->add_option("date", date_, "YYYY-MM-DD")->required();
    close_->add_option("--reason", reason_, "Why, as citizens will read it")->required();
    open_ = calendar_->add_subcommand("open", "Open a closed day, or keep other hours on a working day (Ramadan)");
    scope_options(open_);
    open_->add_option("date", date_, "YYYY-MM-DD")->required();
    open_->add_option("--hours", hours_, "HH:MM-HH:MM (default: the weekday's regular hours)");
    open_->add_option("--reason", reason_, "Why, as citizens will read it (required with --hours)");
    clear_ = calendar_->add_subcommand("clear", "Withdraw a decision for a day (close or open)");
    scope_options(clear_);
    clear_->add_option("date", date_, "YYYY-MM-DD")->required();
}

std::optional<int> CalendarCommands::Run(const Config& config) {
    if (!*calendar_) {
        return std::nullopt;
    }
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    engine::Directory directory(database->CatalogRepo(), database->Vault());
    directory.Load();
    engine::Calendars calendars(database->Events(), directory, *clock, store::NationalCalendar());
    calendars.Load();
    const auto by = auth::CommandLineActor();

    auto tenants = directory.TenantIds();
    if (!tenant_.empty()) {
        if (directory.FindTenant(tenant_) == nullptr) {
            std::cerr << fmt::format("layan: there is no tenant \"{}\"\n", tenant_);
            return 1;
        }
        tenants = {tenant_};
    } else if (!*import_ && tenants.size() != 1) {
        std::cerr << "layan: give --tenant: this database holds " << tenants.size() << " tenants\n";
        return 2;
    }
    const auto scope = !hall_.empty()   ? calendar::Scope::Hall(hall_)
                       : !unit_.empty() ? calendar::Scope::Unit(unit_)
                                        : calendar::Scope::Tenant();

    if (*import_) {
        std::ifstream in(file_);
        std::stringstream text;
        text << in.rdbuf();
        for (const auto& tenant : tenants) {
            auto change = Await([&](auto done) { calendars.ImportYears(tenant, text.str(), by, std::move(done)); });
            if (!change) {
                return Fail(change.error());
            }
            for (const auto& event : change->events) {
                const auto& imported = std::get<calendar::YearImported>(event);
                std::cout << fmt::format("{}: imported {} ({} days) from {}\n", tenant, static_cast<int>(imported.year),
                                         imported.days.size(), imported.source.empty() ? file_ : imported.source);
            }
        }
        return 0;
    }
    const auto& tenant = tenants.front();
    if (*list_) {
        auto from = from_.empty() ? core::LocalDate(clock->Now(), directory.FindTenant(tenant)->utc_offset)
                                  : core::ParseDate(from_).value_or(calendar::Date{});
        if (!from.ok()) {
            std::cerr << "layan: --from must be a date written YYYY-MM-DD\n";
            return 2;
        }
        auto work_calendar = calendars.CalendarOf(tenant, scope);
        if (!work_calendar) {
            return Fail(work_calendar.error());
        }
        PrintDays(*work_calendar, from, days_);
        return 0;
    }
    auto date = core::ParseDate(date_);
    if (!date) {
        std::cerr << "layan: the date must be written YYYY-MM-DD\n";
        return 2;
    }
    core::Result<engine::CalendarChange> change;
    if (*clear_) {
        change = Await([&](auto done) { calendars.ClearDay(tenant, scope, *date, by, std::move(done)); });
    } else {
        calendar::DayOverride day{.date = *date, .working = open_->parsed(), .hours = std::nullopt, .reason = reason_};
        if (*open_ && !hours_.empty()) {
            day.hours = ParseHours(hours_);
            if (!day.hours) {
                std::cerr << "layan: --hours must be written HH:MM-HH:MM\n";
                return 2;
            }
        }
        change = Await([&](auto done) { calendars.SetDay(tenant, scope, day, by, std::move(done)); });
    }
    if (!change) {
        return Fail(change.error());
    }
    auto work_calendar = calendars.CalendarOf(tenant, scope);
    if (!work_calendar) {
        return Fail(work_calendar.error());
    }
    if (change->events.empty()) {
        std::cout << "nothing to change\n";
    }
    PrintDays(*work_calendar, *date, 1);
    return 0;
}

}  // namespace layan::app
