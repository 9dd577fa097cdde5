#pragma once

#include <memory>
#include <vector>

#include "layan/store/audit.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// The head of the log chain recorded in audit_chain_state. Throws sql::SqlError when the database has
/// no audit chain (migration 0003 not applied).
[[nodiscard]] ChainHead ReadChainHead(Connection& connection);

/// Verifies the chains of the database behind `connection` in one read transaction (a consistent
/// snapshot, even while another connection appends). Never writes.
[[nodiscard]] AuditReport VerifyChains(Connection& connection, const VerifyOptions& options);

/// The events a query selects, with their seals and chain status. Never writes.
[[nodiscard]] std::vector<ChainedEvent> ReadChainedEvents(Connection& connection, const AuditQuery& query);

/// The audit trail on the connections of a database.
class SqlAuditTrail final : public AuditTrail {
public:
    explicit SqlAuditTrail(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

    [[nodiscard]] std::vector<ChainedEvent> ReadEvents(const AuditQuery& query) override;
    [[nodiscard]] AuditReport Verify(const VerifyOptions& options = {}) override;

private:
    std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace layan::store::sql
