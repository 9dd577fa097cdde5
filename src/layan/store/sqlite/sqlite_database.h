#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layan/store/database.h"
#include "layan/store/sqlite/connection_pool.h"
#include "layan/store/sqlite/sqlite_catalog.h"
#include "layan/store/sqlite/sqlite_event_store.h"

namespace layan::store::sqlite {

/// The embedded backend: one SQLite file (WAL) holding the event log and the catalog, used by one
/// process at a time.
class SqliteDatabase final : public Database {
  public:
    /// Opens `path` (":memory:" for a private in-memory database): locks it, migrates it, starts the
    /// event store's writer. Throws like Database::Open.
    [[nodiscard]] static std::unique_ptr<SqliteDatabase> Open(const std::string& path,
                                                              const DatabaseOptions& options = {});

    SqliteDatabase(std::shared_ptr<ConnectionPool> pool, std::vector<std::string> applied,
                   const DatabaseOptions& options);

    [[nodiscard]] SqliteEventStore& Events() override { return events_; }
    [[nodiscard]] Catalog& CatalogRepo() override { return catalog_; }
    [[nodiscard]] const std::vector<std::string>& AppliedMigrations() const override { return applied_; }

  private:
    std::shared_ptr<ConnectionPool> pool_;
    std::vector<std::string> applied_;
    SqliteCatalog catalog_;
    SqliteEventStore events_;  // last: its writer thread stops first
};

}  // namespace layan::store::sqlite
