#include "layan/store/sqlite/sqlite_database.h"

#include <filesystem>

#include <fmt/format.h>

#include "layan/core/error.h"
#include "layan/store/crypto.h"
#include "layan/store/sql/migrations.h"
#include "layan/store/sqlite/connection.h"
#include "layan/store/sqlite/file_lock.h"

namespace layan::store::sqlite {

namespace {

// SQLite's default max_page_count (SQLITE_MAX_PAGE_COUNT in 3.40), restored when a cap is lifted.
constexpr std::int64_t kDefaultMaxPageCount = 1073741823;

constexpr std::string_view kInMemory = ":memory:";

std::unique_ptr<Connection> OpenConnection(const std::string& path, const DatabaseOptions& options) {
    auto connection = std::make_unique<Connection>(path);
    sqlite3_busy_timeout(connection->handle(), static_cast<int>(options.busy_timeout.count()));
    connection->Exec(options.sync == SyncMode::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    connection->Exec("PRAGMA foreign_keys=ON");
    // Deleted rows are overwritten with zeros in the file, not merely marked free (erased personal data).
    connection->Exec("PRAGMA secure_delete=ON");
    return connection;
}

}  // namespace

std::unique_ptr<SqliteDatabase> SqliteDatabase::Open(const std::string& path, const DatabaseOptions& options) {
    const bool in_memory = path == kInMemory;
    std::shared_ptr<FileLock> lock;
    if (!in_memory) {
        // A fresh deployment's data directory (var/ by default) is created rather than refused.
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code error;
        if (!parent.empty() && !std::filesystem::is_directory(parent, error) &&
            !std::filesystem::create_directories(parent, error)) {
            throw core::StorageUnavailable(fmt::format("cannot create the directory {} for database {}: {}",
                                                       parent.string(), path, error.message()));
        }
        lock = std::make_shared<FileLock>(path);
    }
    // The opener holds the lock, so the pool releases it only after its last connection has closed.
    auto pool = std::make_shared<sql::ConnectionPool>(
        sql::Dialect::kSqlite, fmt::format("database {}", in_memory ? "in memory" : path),
        [path, options, lock] { return OpenConnection(path, options); },
        /*shared=*/in_memory);
    if (!in_memory) {
        // WAL is a property of the file: set once, every later connection inherits it.
        auto mode = pool->Writer()->QueryText("PRAGMA journal_mode=WAL");
        if (mode != "wal") {
            throw core::StorageUnavailable(fmt::format(
                "database {} cannot use write-ahead logging (journal mode is {})", path, mode.value_or("unknown")));
        }
    }
    auto applied = sql::ApplyMigrations(*pool->Writer(), *options.clock, pool->description());
    sql::VaultKey key{.file = in_memory                                ? std::string()
                              : options.personal_data_key_file.empty() ? path + ".key"
                                                                       : options.personal_data_key_file,
                      .ephemeral = in_memory};
    sql::UploadsFolder uploads{.path = in_memory ? std::filesystem::temp_directory_path() /
                                                       ("layan-uploads-" + crypto::ToHex(crypto::RandomBytes(8)))
                                       : options.uploads_dir.empty() ? std::filesystem::path(path + ".uploads")
                                                                     : std::filesystem::path(options.uploads_dir),
                               .ephemeral = in_memory};
    return std::make_unique<SqliteDatabase>(std::move(pool), std::move(applied), options, std::move(key),
                                            std::move(uploads));
}

void SqliteDatabase::SetMaxPageCount(std::int64_t pages) {
    [[maybe_unused]] auto effective =
        pool().Writer()->QueryText(fmt::format("PRAGMA max_page_count = {}", pages > 0 ? pages : kDefaultMaxPageCount));
}

AuditReport VerifyFile(const std::string& path, const VerifyOptions& options) {
    if (!std::filesystem::is_regular_file(path)) {
        throw std::runtime_error(fmt::format("there is no database at {}", path));
    }
    // No lock and no migration: this only reads, so it may run beside `layan serve` (WAL lets it).
    Connection connection(path);
    sqlite3_busy_timeout(connection.handle(), 5000);
    auto has_chain =
        connection.QueryText("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain_state'");
    if (has_chain != "1") {
        throw std::runtime_error(
            fmt::format("database {} has no audit chain yet: run `layan migrate` to add and seal it", path));
    }
    return sql::VerifyChains(connection, options);
}

}  // namespace layan::store::sqlite
