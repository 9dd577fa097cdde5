#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layan/engine/directory.h"
#include "layan/store/audit.h"
#include "layan/store/event_store.h"

/// The audit trail as one tenant's auditors see it: only the records of the tenant's halls, citizens and
/// accounts (Directory places each stream), in the local time of where they happened. Every call reads the
/// whole log or a page of it: run it on a worker pool, never on an HTTP event loop.
namespace layan::engine {

/// One record of the trail with its seals and where it belongs.
struct AuditRecord {
    store::ChainedEvent chained;
    StreamOwner owner;
};

/// A page of a tenant's trail.
struct AuditPage {
    std::vector<AuditRecord> records;  ///< Of the tenant only.
    std::int64_t next_after = 0;       ///< Ask for position > next_after to continue.
    std::int64_t head_position = 0;    ///< The log's last position now.
};

/// The chains checked, as a tenant may see the result.
struct TenantAuditReport {
    bool ok = true;              ///< The whole log verified, other tenants' streams included.
    store::AuditReport report;   ///< With the problems of other tenants' streams removed.
    int problems_elsewhere = 0;  ///< How many were removed.
};

class Audit {
public:
    Audit(store::AuditTrail& trail, store::EventStore& events, Directory& directory);

    /// The tenant's records after `query.after_position` (a page of at most query.limit of the log).
    [[nodiscard]] AuditPage Events(const std::string& tenant_id, const store::AuditQuery& query);

    /// Verifies every chain; the problems of the log as a whole (its head, an anchor) concern every tenant.
    [[nodiscard]] TenantAuditReport Verify(const std::string& tenant_id, const store::VerifyOptions& options);

private:
    store::AuditTrail& trail_;
    store::EventStore& events_;
    Directory& directory_;
};

}  // namespace layan::engine
