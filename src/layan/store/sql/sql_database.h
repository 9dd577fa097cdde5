#pragma once

#include <filesystem>

#include <memory>
#include <string>
#include <vector>

#include "layan/store/database.h"
#include "layan/store/sql/connection.h"
#include "layan/store/sql/sql_accounts.h"
#include "layan/store/sql/sql_archive.h"
#include "layan/store/sql/sql_audit.h"
#include "layan/store/sql/sql_catalog.h"
#include "layan/store/sql/sql_event_store.h"
#include "layan/store/sql/sql_personal_data.h"

namespace layan::store::sql {

/// A database reached through SQL connections (SQLite or PostgreSQL): every repository written once on
/// the connections of one pool. The backends open the pool and migrate it (store/sqlite, store/postgres).
/// Where a database keeps uploaded documents: `path` empty = nowhere (uploads refused); `ephemeral` = a private
/// folder, removed with everything in it when the database closes (in-memory databases).
struct UploadsFolder {
    std::filesystem::path path{};
    bool ephemeral = false;
};

class SqlDatabase : public Database {
public:
    /// The repositories on a migrated `pool`. `vault_key` is where the personal-data vault finds its
    /// master key (see SqlPersonalDataVault); `feed`, when several processes may append, how the event
    /// store learns of their appends (see SqlEventStore).
    SqlDatabase(std::shared_ptr<ConnectionPool> pool, std::vector<std::string> applied, const DatabaseOptions& options,
                VaultKey vault_key, UploadsFolder uploads, std::unique_ptr<ChangeFeed> feed = nullptr);
    ~SqlDatabase() override;
    SqlDatabase(const SqlDatabase&) = delete;
    SqlDatabase& operator=(const SqlDatabase&) = delete;

    [[nodiscard]] SqlEventStore& Events() override { return events_; }
    [[nodiscard]] Catalog& CatalogRepo() override { return catalog_; }
    [[nodiscard]] Accounts& AccountsRepo() override { return accounts_; }
    [[nodiscard]] AuditTrail& Audit() override { return audit_; }
    [[nodiscard]] PersonalDataVault& Vault() override { return vault_; }
    [[nodiscard]] TenantArchive& Archive() override { return archive_; }
    [[nodiscard]] BlobStore* Uploads() override { return uploads_.get(); }
    [[nodiscard]] const std::vector<std::string>& AppliedMigrations() const override { return applied_; }

protected:
    [[nodiscard]] ConnectionPool& pool() { return *pool_; }

private:
    std::shared_ptr<ConnectionPool> pool_;
    std::vector<std::string> applied_;
    SqlCatalog catalog_;
    SqlAccounts accounts_;
    SqlAuditTrail audit_;
    SqlPersonalDataVault vault_;  // records into events_, which it does not touch while constructing
    SqlTenantArchive archive_;    // reads the vault's key
    UploadsFolder uploads_folder_;
    std::unique_ptr<BlobStore> uploads_;  // null without a folder
    SqlEventStore events_;                // last: its writer thread stops first
};

}  // namespace layan::store::sql
