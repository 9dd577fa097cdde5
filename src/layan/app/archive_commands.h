#pragma once

#include <optional>
#include <string>

#include "layan/app/config.h"

namespace CLI {
class App;
}

namespace layan::app {

/// `layan export` and `layan import`: a tenant's data as one file, to move it between databases, either
/// way between SQLite and PostgreSQL (store::TenantArchive says what the file holds).
///
///     layan export --database sqlite:///var/lib/layan/layan.db --tenant kota-mojokerto --output mojokerto.layan
///     layan import --database postgresql://layan@db/layan mojokerto.layan
///
/// Export verifies the audit trail first and writes the file whole or not at all (a temporary file,
/// synced, then renamed). Import takes all of the file in one transaction or nothing; the target's
/// audit trail verifies afterwards. The personal data moves sealed: the target must use the source's
/// vault key file. Exit codes: 0 done, 1 refused (the reason on stderr).
class ArchiveCommands {
public:
    explicit ArchiveCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    int Export(const Config& config) const;
    int Import(const Config& config) const;

    CLI::App* export_ = nullptr;
    CLI::App* import_ = nullptr;
    std::string tenant_;
    std::string output_;
    std::string input_;
};

}  // namespace layan::app
