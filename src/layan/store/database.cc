#include "layan/store/database.h"

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "layan/store/sqlite/sqlite_database.h"

namespace layan::store {

namespace {

/// The SQLite file a URL names (":memory:" for sqlite::memory:). Throws std::invalid_argument for
/// any other URL.
std::string SqlitePath(std::string_view url) {
    constexpr std::string_view kSqlite = "sqlite://";
    if (url == "sqlite::memory:") {
        return ":memory:";
    }
    if (url.starts_with(kSqlite) && url.size() > kSqlite.size()) {
        // sqlite:///abs/path keeps the third slash as the root of an absolute path.
        return std::string(url.substr(kSqlite.size()));
    }
    auto scheme_end = url.find(':');
    auto scheme = url.substr(0, scheme_end == std::string_view::npos ? 0 : scheme_end);
    if (scheme == "postgres" || scheme == "postgresql") {
        throw std::invalid_argument(fmt::format(
            "PostgreSQL support is not built yet: use sqlite:///abs/path/layan.db for now (got '{}')", url));
    }
    throw std::invalid_argument(
        fmt::format("unsupported database URL '{}': expected sqlite:///absolute/path.db, sqlite://relative/path.db or "
                    "sqlite::memory:",
                    url));
}

}  // namespace

std::unique_ptr<Database> Database::Open(const std::string& url, const DatabaseOptions& options) {
    return sqlite::SqliteDatabase::Open(SqlitePath(url), options);
}

std::vector<std::string> Migrate(const std::string& url, const DatabaseOptions& options) {
    return Database::Open(url, options)->AppliedMigrations();
}

}  // namespace layan::store
