#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>

#include "layan/core/error.h"

namespace layan::store {

/// What an archive holds, or held: rows per table and the tenant's events.
struct ArchiveSummary {
    std::string tenant;
    std::map<std::string, std::int64_t> rows;  ///< Table → rows (the catalog, accounts, devices, the vault).
    std::int64_t events = 0;                   ///< The tenant's events, every stream whole.
    std::int64_t streams = 0;
    std::int64_t other_events = 0;  ///< Export: events of other tenants in the source, left out.
};

/// A tenant's data as one file, to move it between databases, either way between SQLite and PostgreSQL
/// (`layan export` / `layan import`).
///
/// The file is JSON lines: a header (format, version, tenant, the vault key's fingerprint), one line per
/// row of the tenant's tables (tenant, units, services, halls with hours, services and counters,
/// officers with skills, accounts, devices, citizens and their sealed personal data), one line per event
/// of the tenant's streams in log order with its stream hashes, and an end line with the counts (so a
/// truncated file is refused). Sessions are not carried: people sign in again.
///
/// The events keep their content, versions, times and stream hashes; the importing database gives
/// them the next positions of its own log and continues its log chain over them, so its audit trail
/// verifies afterwards and every stream hash proves the stream arrived unchanged.
class TenantArchive {
public:
    virtual ~TenantArchive() = default;

    /// Writes `tenant`'s archive to `out`, from one consistent snapshot, after verifying the audit trail.
    /// Errors: tenant_not_found; audit_trail_tampered (nothing is exported from a log that does not
    /// verify). Throws core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual core::Result<ArchiveSummary> Export(const std::string& tenant, std::ostream& out) = 0;

    /// Reads an archive written by Export into this database in one transaction: all of it or nothing.
    /// Errors: archive_invalid (not an archive, a line that cannot be read, truncated), archive_tampered
    /// (an event whose content does not give its hash, or a stream whose links break), tenant_exists
    /// (the tenant, one of its halls, or one of its streams is already here), vault_key_mismatch (the
    /// personal data is sealed under another master key than this database's). Throws
    /// core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual core::Result<ArchiveSummary> Import(std::istream& in) = 0;
};

}  // namespace layan::store
