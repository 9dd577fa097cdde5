#pragma once

#include "layan/app/config.h"

namespace layan::app {

/// `layan migrate`: applies pending migrations; returns the process exit code.
int RunMigrate(const Config& config);

/// `layan seed-demo`: loads the demo catalog idempotently; returns the process exit code.
int RunSeedDemo(const Config& config);

/// `layan serve`: runs until SIGINT or SIGTERM, then shuts down gracefully; returns the exit code.
int RunServe(const Config& config);

}  // namespace layan::app
