#pragma once

// What every `layan` command opens first, the same way: the clock it acts on and the database.

#include <memory>

#include "layan/app/config.h"
#include "layan/core/time.h"
#include "layan/store/database.h"

namespace layan::app {

/// The clock every command acts on: from `clock_start` when set (training, demos, tests; it then runs
/// normally from there), else the real time. The server, the CLI's account and audit commands and the
/// pages (through the Layan-Now header) all use this one clock, so their records agree on the time.
[[nodiscard]] std::shared_ptr<const core::Clock> MakeClock(const Config& config);

/// The store's options from the configuration (durability, clock, personal-data key).
[[nodiscard]] store::DatabaseOptions DatabaseOptionsOf(const Config& config, std::shared_ptr<const core::Clock> clock);

/// Creates the folder of a file database, so that a first run just works.
void PrepareDatabaseFolder(const Config& config);

/// Opens the configured database (creating its folder first) on `clock`.
[[nodiscard]] std::unique_ptr<store::Database> OpenDatabase(const Config& config,
                                                            std::shared_ptr<const core::Clock> clock);

}  // namespace layan::app
