#include "layan/app/archive_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/app/open.h"
#include "layan/store/archive.h"

namespace layan::app {

namespace {

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

std::string Counts(const store::ArchiveSummary& summary) {
    std::string rows;
    for (const auto& [table, count] : summary.rows) {
        if (count > 0) {
            rows += fmt::format("{}{} {}", rows.empty() ? "" : ", ", count, table);
        }
    }
    return fmt::format("{} events in {} streams; {}", summary.events, summary.streams, rows.empty() ? "no rows" : rows);
}

/// fsync of a file or folder by path; false when it cannot be done.
bool Sync(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

}  // namespace

ArchiveCommands::ArchiveCommands(CLI::App& app) {
    export_ = app.add_subcommand(
        "export", "Write a tenant's data (catalog, accounts, devices, sealed personal data, events) to one file");
    export_->add_option("--tenant", tenant_, "The government (tenant) whose data to export")->required();
    export_->add_option("--output,-o", output_, "The archive file to write; - for standard output")->required();
    import_ = app.add_subcommand("import", "Read a tenant's archive written by `layan export` into this database");
    import_->add_option("archive", input_, "The archive file; - for standard input")->required();
}

std::optional<int> ArchiveCommands::Run(const Config& config) {
    if (*export_) {
        return Export(config);
    }
    if (*import_) {
        return Import(config);
    }
    return std::nullopt;
}

int ArchiveCommands::Export(const Config& config) const {
    auto database = OpenDatabase(config, MakeClock(config));
    if (output_ == "-") {
        auto summary = database->Archive().Export(tenant_, std::cout);
        if (!summary) {
            return Fail(summary.error());
        }
        std::cerr << fmt::format("exported tenant {}: {}\n", tenant_, Counts(*summary));
        return 0;
    }
    // Whole or not at all: a temporary file beside the archive, synced, then renamed over it.
    const std::filesystem::path target = output_;
    const auto partial = std::filesystem::path(output_ + ".partial");
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) {
        std::cerr << fmt::format("layan: cannot write {}: {}\n", partial.string(), std::strerror(errno));
        return 1;
    }
    auto summary = database->Archive().Export(tenant_, out);
    out.close();
    std::error_code ignored;
    if (!summary) {
        std::filesystem::remove(partial, ignored);
        return Fail(summary.error());
    }
    if (out.fail() || !Sync(partial)) {
        std::filesystem::remove(partial, ignored);
        std::cerr << fmt::format("layan: cannot write {} (is the disk full?)\n", target.string());
        return 1;
    }
    std::filesystem::rename(partial, target);
    (void)Sync(target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path());
    std::cout << fmt::format("exported tenant {} to {}: {}", tenant_, target.string(), Counts(*summary));
    if (summary->other_events > 0) {
        std::cout << fmt::format(" ({} events of other tenants left out)", summary->other_events);
    }
    std::cout << "\n";
    return 0;
}

int ArchiveCommands::Import(const Config& config) const {
    std::ifstream file;
    if (input_ != "-") {
        file.open(input_, std::ios::binary);
        if (!file) {
            std::cerr << fmt::format("layan: cannot read {}: {}\n", input_, std::strerror(errno));
            return 1;
        }
    }
    auto database = OpenDatabase(config, MakeClock(config));
    auto summary = database->Archive().Import(input_ == "-" ? std::cin : file);
    if (!summary) {
        return Fail(summary.error());
    }
    std::cout << fmt::format("imported tenant {}: {}\n", summary->tenant, Counts(*summary))
              << "Check it: `layan audit verify` on this database.\n";
    return 0;
}

}  // namespace layan::app
