#include "layan/app/open.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace layan::app {

std::shared_ptr<const core::Clock> MakeClock(const Config& config) {
    if (config.clock_start.empty()) {
        return std::make_shared<core::SystemClock>();
    }
    // Config validation has refused a clock_start that does not parse.
    return std::make_shared<core::ShiftedClock>(*core::ParseIso8601(config.clock_start));
}

store::DatabaseOptions DatabaseOptionsOf(const Config& config, std::shared_ptr<const core::Clock> clock) {
    store::DatabaseOptions options;
    options.sync = config.durable ? store::SyncMode::kFull : store::SyncMode::kNormal;
    options.clock = std::move(clock);
    options.personal_data_key_file = config.personal_data_key_file;
    options.uploads_dir = config.uploads_dir;
    return options;
}

void PrepareDatabaseFolder(const Config& config) {
    constexpr std::string_view kScheme = "sqlite://";  // sqlite:///abs/path or sqlite://relative/path
    if (!config.database.starts_with(kScheme)) {
        return;
    }
    const std::filesystem::path path = config.database.substr(kScheme.size());
    if (auto parent = path.parent_path(); !path.empty() && !parent.empty()) {
        std::filesystem::create_directories(parent);
    }
}

std::unique_ptr<store::Database> OpenDatabase(const Config& config, std::shared_ptr<const core::Clock> clock) {
    PrepareDatabaseFolder(config);
    return store::Database::Open(config.database, DatabaseOptionsOf(config, std::move(clock)));
}

}  // namespace layan::app
