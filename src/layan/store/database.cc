#include "layan/store/database.h"

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "layan/store/database_url.h"
#include "layan/store/postgres/connection.h"
#include "layan/store/postgres/postgres_database.h"
#include "layan/store/sql/sql_audit.h"
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
    throw std::invalid_argument(
        fmt::format("unsupported database URL '{}': expected sqlite:///absolute/path.db, sqlite://relative/path.db, "
                    "sqlite::memory: or postgresql://user@host:port/database",
                    url));
}

bool IsPostgres(std::string_view url) { return url.starts_with("postgresql://") || url.starts_with("postgres://"); }

}  // namespace

std::unique_ptr<Database> Database::Open(const std::string& url, const DatabaseOptions& options) {
    if (IsPostgres(url)) {
        return postgres::Open(url, options);
    }
    return sqlite::SqliteDatabase::Open(SqlitePath(url), options);
}

std::string RedactedUrl(const std::string& url) {
    if (!IsPostgres(url)) {
        return url;
    }
    std::string redacted = url;
    // postgresql://user:secret@host/... : the password sits between the first ':' after the scheme and '@'.
    const auto authority = redacted.find("://") + 3;
    const auto at = redacted.find('@', authority);
    const auto slash = redacted.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
        const auto colon = redacted.find(':', authority);
        if (colon != std::string::npos && colon < at) {
            redacted.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // ...?password=secret&...
    for (auto at_param = redacted.find("password="); at_param != std::string::npos;
         at_param = redacted.find("password=", at_param + 1)) {
        const auto value = at_param + std::string_view("password=").size();
        const auto end = redacted.find('&', value);
        redacted.replace(value, (end == std::string::npos ? redacted.size() : end) - value, "***");
    }
    return redacted;
}

AuditReport VerifyDatabaseFile(const std::string& url, const VerifyOptions& options) {
    if (IsPostgres(url)) {
        // No migration: this only reads one snapshot, beside the running servers.
        postgres::Connection connection(url, postgres::Describe(url), /*synchronous_commit=*/true);
        return sql::VerifyChains(connection, options);
    }
    auto path = SqlitePath(url);
    if (path == ":memory:") {
        throw std::invalid_argument("audit verify reads a database that exists: sqlite::memory: is empty");
    }
    return sqlite::VerifyFile(path, options);
}

std::vector<std::string> Migrate(const std::string& url, const DatabaseOptions& options) {
    return Database::Open(url, options)->AppliedMigrations();
}

}  // namespace layan::store
