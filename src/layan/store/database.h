#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "layan/core/time.h"
#include "layan/store/accounts.h"
#include "layan/store/archive.h"
#include "layan/store/audit.h"
#include "layan/store/catalog.h"
#include "layan/store/event_store.h"
#include "layan/store/personal_data.h"
#include "layan/store/uploads.h"

namespace layan::store {

/// How hard a commit insists that its data reached the disk.
enum class SyncMode {
    /// Every commit is fsynced before it is acknowledged: an acknowledged append survives a
    /// crash of the process, of the operating system and a power cut. The default.
    kFull,
    /// Commits are written to the OS but fsynced only at checkpoints: an acknowledged append
    /// survives a crash of the process (kill -9), but the last commits may be lost if the machine
    /// loses power or the OS crashes. Several times faster on slow disks; the log stays consistent
    /// either way (never half an append).
    kNormal,
};

/// How a database is opened. Defaults suit production.
struct DatabaseOptions {
    /// Durability of commits; see SyncMode.
    SyncMode sync = SyncMode::kFull;
    /// Source of `recorded_at` for events and `applied_at` for migrations.
    std::shared_ptr<const core::Clock> clock = std::make_shared<core::SystemClock>();
    /// How long a write waits for a lock held by another connection before failing as unavailable.
    std::chrono::milliseconds busy_timeout{5000};
    /// Most appends committed together in one transaction (group commit).
    std::size_t max_batch = 1024;
    /// The personal-data vault's master key file; empty = "<database file>.key". Created (0600) when
    /// neither it nor data sealed with a key exists. Unused by in-memory databases.
    std::string personal_data_key_file{};
    /// The folder of uploaded documents (Uploads()); empty = "<database file>.uploads" for SQLite, a private
    /// folder removed at close for an in-memory database, and no upload store at all for PostgreSQL (set it to a
    /// folder every node shares).
    std::string uploads_dir{};
};

/// One database: the event log and the catalog, behind interfaces that every backend implements.
/// Chosen by URL so callers never name a backend. Thread-safe.
class Database {
public:
    virtual ~Database() = default;

    /// Opens the database named by `url`, creating it and running pending migrations:
    /// - `sqlite:///abs/path/layan.db` (absolute path), `sqlite://relative/path.db` (relative to
    ///   the working directory), `sqlite::memory:` (private, gone when closed; for tests). A missing
    ///   parent directory is created.
    /// - `postgresql://user[:password]@host[:port]/database[?param=value...]` (libpq's URI): the
    ///   PostgreSQL backend (store/postgres); it needs DatabaseOptions::personal_data_key_file for the vault.
    /// Throws std::invalid_argument for a URL it cannot serve ("unsupported database URL ..."),
    /// std::runtime_error when another layan process has the SQLite file open ("database /p/layan.db is
    /// in use by another layan process (pid N)") and core::StorageUnavailable when the database cannot be
    /// opened, reached or migrated.
    [[nodiscard]] static std::unique_ptr<Database> Open(const std::string& url, const DatabaseOptions& options = {});

    /// The event log.
    [[nodiscard]] virtual EventStore& Events() = 0;

    /// The catalog of tenants, halls, units, services and officers.
    [[nodiscard]] virtual Catalog& CatalogRepo() = 0;

    /// Accounts, sessions and devices.
    [[nodiscard]] virtual Accounts& AccountsRepo() = 0;

    /// The event log's hash chains: listing with seals, verification.
    [[nodiscard]] virtual AuditTrail& Audit() = 0;

    /// Citizens' personal data, encrypted, with every processing recorded in the log.
    [[nodiscard]] virtual PersonalDataVault& Vault() = 0;

    /// The uploaded documents (store/uploads.h), by content; nullptr when this database has none (PostgreSQL
    /// without DatabaseOptions::uploads_dir): uploads are then refused.
    [[nodiscard]] virtual BlobStore* Uploads() = 0;

    /// A tenant's data as one file, to move it to another database (`layan export` / `layan import`).
    [[nodiscard]] virtual TenantArchive& Archive() = 0;

    /// Names of the migrations this Open applied ("0001_events"), in order; empty when the schema
    /// was already current.
    [[nodiscard]] virtual const std::vector<std::string>& AppliedMigrations() const = 0;
};

/// Brings the schema of the database at `url` up to date and closes it again (`layan migrate`).
/// Returns the names of the migrations that ran, in order (empty when none was pending).
/// Throws like Database::Open.
[[nodiscard]] std::vector<std::string> Migrate(const std::string& url, const DatabaseOptions& options = {});

}  // namespace layan::store
