#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layan/store/database.h"
#include "layan/store/sqlite/connection_pool.h"
#include "layan/store/sqlite/sqlite_accounts.h"
#include "layan/store/sqlite/sqlite_audit.h"
#include "layan/store/sqlite/sqlite_catalog.h"
#include "layan/store/sqlite/sqlite_event_store.h"
#include "layan/store/sqlite/sqlite_personal_data.h"

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
    [[nodiscard]] Accounts& AccountsRepo() override { return accounts_; }
    [[nodiscard]] AuditTrail& Audit() override { return audit_; }
    [[nodiscard]] PersonalDataVault& Vault() override { return vault_; }
    [[nodiscard]] const std::vector<std::string>& AppliedMigrations() const override { return applied_; }

private:
    std::shared_ptr<ConnectionPool> pool_;
    std::vector<std::string> applied_;
    SqliteCatalog catalog_;
    SqliteAccounts accounts_;
    SqliteAuditTrail audit_;
    SqlitePersonalDataVault vault_;  // records into events_, which it does not touch while constructing
    SqliteEventStore events_;        // last: its writer thread stops first
};

}  // namespace layan::store::sqlite
