#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "layan/store/sql/sql_database.h"

namespace layan::store::sqlite {

/// The embedded backend: one SQLite file (WAL) holding the event log and the catalog, used by one
/// process at a time (a lock file keeps others out). Connections are configured alike: WAL,
/// synchronous FULL (or NORMAL), foreign keys, the busy timeout, and deleted rows overwritten with zeros
/// (secure_delete, for erased personal data).
class SqliteDatabase final : public sql::SqlDatabase {
public:
    /// Opens `path` (":memory:" for a private in-memory database): creates its folder, locks it,
    /// migrates it, starts the event store's writer. Throws like Database::Open.
    [[nodiscard]] static std::unique_ptr<SqliteDatabase> Open(const std::string& path,
                                                              const DatabaseOptions& options = {});

    using sql::SqlDatabase::SqlDatabase;

    /// Caps the database file at `pages` pages (SQLite's max_page_count; never below its current
    /// size, 0 lifts the cap). An append that would grow the file past it fails as "storage_unavailable"
    /// ("the database disk is full"), exactly like a full disk. For quotas, and to test that path.
    void SetMaxPageCount(std::int64_t pages);
};

/// Verifies the chains of the SQLite file at `path` without locking or migrating it (see
/// store::VerifyDatabaseFile).
[[nodiscard]] AuditReport VerifyFile(const std::string& path, const VerifyOptions& options);

}  // namespace layan::store::sqlite
