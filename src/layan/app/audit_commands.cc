#include "layan/app/audit_commands.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "layan/api/views.h"
#include "layan/app/open.h"
#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"
#include "layan/engine/directory.h"
#include "layan/store/audit.h"
#include "layan/store/personal_data.h"

namespace layan::app {

namespace {

/// Who acts from the command line: there is no sign-in there, so the operating-system user is recorded.
store::Processor CommandLineProcessor() {
    const passwd* user = ::getpwuid(::geteuid());
    return store::Processor{.actor = fmt::format("cli:{}", user != nullptr ? user->pw_name : "unknown"),
                            .role = "admin",
                            .ip = "",
                            .device = ""};
}

/// A value given on the command line, or read from stdin when it is "-" (so it stays out of `ps` and the
/// shell's history).
std::string ValueOrStdin(const std::string& value) {
    if (value != "-") {
        return value;
    }
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

/// The subject named by --nik or --phone, validated and normalised like the API does.
core::Result<std::pair<store::PersonalDataKind, std::string>> SubjectOf(const std::string& nik,
                                                                        const std::string& phone) {
    if (nik.empty() == phone.empty()) {
        return core::Fail(core::ErrorKind::kInvalid, "subject_required", "give --nik or --phone (one of the two)");
    }
    if (!nik.empty()) {
        auto value = ValueOrStdin(nik);
        if (auto valid = domain::identity::ValidateNik(value); !valid) {
            return tl::unexpected(valid.error());
        }
        return std::pair{store::PersonalDataKind::kNik, value};
    }
    auto normal = domain::identity::NormalizePhone(ValueOrStdin(phone));
    if (!normal) {
        return tl::unexpected(normal.error());
    }
    return std::pair{store::PersonalDataKind::kPhone, *normal};
}

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

}  // namespace

PersonalDataRetention::PersonalDataRetention(engine::PersonalData& personal_data, engine::Requests& requests,
                                             const core::Clock& clock, std::chrono::days retention,
                                             std::chrono::minutes period)
    : personal_data_(personal_data),
      requests_(requests),
      clock_(clock),
      retention_(retention),
      period_(period),
      thread_([this] { Loop(); }) {}

PersonalDataRetention::~PersonalDataRetention() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void PersonalDataRetention::Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            auto outcome = personal_data_.Purge(clock_.Now(), retention_);
            if (!outcome.erased.empty()) {
                spdlog::info(
                    "retention: erased the personal data of {} citizen(s) whose ticket closed over {} days ago",
                    outcome.erased.size(), retention_.count());
            }
            if (const auto removed = requests_.PurgeDocuments(clock_.Now(), retention_); removed > 0) {
                spdlog::info("retention: removed {} document(s) of requests that ended over {} days ago", removed,
                             retention_.count());
            }
        } catch (const std::exception& e) {
            spdlog::error("retention: the purge failed, it runs again in {} minutes: {}", period_.count(), e.what());
        }
        lock.lock();
        wake_.wait_for(lock, period_, [this] { return stopping_; });
    }
}

AuditCommands::AuditCommands(CLI::App& app) {
    audit_ = app.add_subcommand("audit", "Check the tamper-evident audit trail");
    audit_->require_subcommand(1);
    verify_ = audit_->add_subcommand(
        "verify",
        "Walk every stream and the whole log; name each event edited, deleted, inserted or reordered. "
        "Read-only: runs beside `layan serve`. Exit 0 intact, 1 tampered, 2 could not verify");
    verify_->add_option("--anchor", anchor_,
                        "A head printed earlier (\"<position>:<log hash>\") and kept outside the database: also prove "
                        "the log up to there was not rewritten");
    verify_->add_flag("--json", json_, "Print the report as JSON");

    personal_data_ = app.add_subcommand(
        "personal-data", "Citizens' personal data (UU 27/2022): export, erase, retention purge. Stop the server first");
    personal_data_->require_subcommand(1);
    export_ = personal_data_->add_subcommand(
        "export", "Print as JSON everything held on a data subject, with its processing history (recorded)");
    erase_ = personal_data_->add_subcommand("erase",
                                            "Erase everything held on a data subject (the audit trail stays "
                                            "intact: it never held the data)");
    for (auto* command : {export_, erase_}) {
        command->add_option("--nik", nik_, "The subject's NIK (\"-\" reads it from stdin, out of `ps` and history)");
        command->add_option("--phone", phone_, "The subject's phone number (\"-\" reads it from stdin)");
    }
    erase_->add_option("--reason", reason_, "Why, for the record")->capture_default_str();
    purge_ = personal_data_->add_subcommand(
        "purge",
        "Erase the data of citizens whose ticket closed more than the retention period ago (serve does it "
        "daily)");
    purge_->add_option("--retention-days", retention_days_, "Override personal_data_retention_days for this run");
}

std::optional<int> AuditCommands::Run(const Config& config) {
    if (*verify_) {
        return Verify(config);
    }
    if (*export_) {
        return Export(config);
    }
    if (*erase_) {
        return Erase(config);
    }
    if (*purge_) {
        return Purge(config);
    }
    return std::nullopt;
}

int AuditCommands::Verify(const Config& config) const {
    store::VerifyOptions options;
    if (!anchor_.empty()) {
        options.anchor = store::ParseAnchor(anchor_);
        if (!options.anchor) {
            std::cerr << "layan: --anchor is \"<position>:<log hash in 64 hex digits>\", as `layan audit verify` "
                         "prints it\n";
            return 2;
        }
    }
    store::AuditReport report;
    try {
        report = store::VerifyDatabaseFile(config.database, options);
    } catch (const std::exception& e) {
        std::cerr << "layan: cannot verify: " << e.what() << "\n";
        return 2;
    }
    if (json_) {
        std::cout << api::AuditReportJson(report, report.ok()).dump(2) << "\n";
        return report.ok() ? 0 : 1;
    }
    auto anchor = fmt::format("{}:{}", report.head.position, store::crypto::ToHex(report.head.log_hash));
    if (report.ok()) {
        std::cout << fmt::format("audit trail OK: {} events in {} streams, every seal and link holds\n", report.events,
                                 report.streams);
    } else {
        std::cout << fmt::format("audit trail TAMPERED: {} problem(s) in {} events of {} streams\n",
                                 report.problems.size(), report.events, report.streams);
        for (const auto& problem : report.problems) {
            std::cout << fmt::format("  {:<10} {}\n", store::ToString(problem.kind), problem.message);
        }
    }
    if (report.head.backfilled_through > 0) {
        std::cout << fmt::format(
            "note: events 1 to {} were sealed when the audit chain was added{}, not when they "
            "were written\n",
            report.head.backfilled_through,
            report.head.backfilled_at ? " on " + core::FormatIso8601(*report.head.backfilled_at) : "");
    }
    std::cout << "head: " << anchor << "\n"
              << "Keep the head outside this machine: `layan audit verify --anchor " << anchor
              << "` later proves the log up to it was not rewritten.\n";
    return report.ok() ? 0 : 1;
}

int AuditCommands::Export(const Config& config) const {
    auto subject = SubjectOf(nik_, phone_);
    if (!subject) {
        return Fail(subject.error());
    }
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    engine::Directory directory(database->CatalogRepo(), database->Vault());
    directory.Load();
    engine::PersonalData personal_data(database->Vault(), database->Events(), directory);
    auto exported = personal_data.Export("", subject->first, subject->second, CommandLineProcessor());
    if (!exported) {
        return Fail(exported.error());
    }
    auto out = api::SubjectExportJson(*exported);
    out["generated_at"] = core::FormatIso8601(clock->Now());
    std::cout << out.dump(2) << "\n";
    return 0;
}

int AuditCommands::Erase(const Config& config) const {
    auto subject = SubjectOf(nik_, phone_);
    if (!subject) {
        return Fail(subject.error());
    }
    auto database = OpenDatabase(config, MakeClock(config));
    engine::Directory directory(database->CatalogRepo(), database->Vault());
    directory.Load();
    engine::PersonalData personal_data(database->Vault(), database->Events(), directory);
    auto erased = personal_data.Erase("", subject->first, subject->second, reason_, CommandLineProcessor());
    if (!erased) {
        return Fail(erased.error());
    }
    for (const auto& ref : *erased) {
        std::cout << "erased citizen " << ref << "\n";
    }
    std::cout << fmt::format(
        "erased the personal data of {} citizen record(s); the audit trail keeps only who "
        "processed what, never the data\n",
        erased->size());
    return 0;
}

int AuditCommands::Purge(const Config& config) const {
    int days = retention_days_ > 0 ? retention_days_ : config.personal_data_retention_days;
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    engine::Directory directory(database->CatalogRepo(), database->Vault());
    directory.Load();
    engine::PersonalData personal_data(database->Vault(), database->Events(), directory);
    auto outcome = personal_data.Purge(clock->Now(), std::chrono::days{days});
    for (const auto& ref : outcome.erased) {
        std::cout << "erased citizen " << ref << "\n";
    }
    std::cout << fmt::format("retention {} days: erased {} citizen record(s), kept {} (ticket closed too recently)\n",
                             days, outcome.erased.size(), outcome.kept);
    return 0;
}

}  // namespace layan::app
