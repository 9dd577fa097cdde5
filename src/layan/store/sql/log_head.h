#pragma once

#include <cstdint>

#include "layan/store/crypto.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// Where the log chain ends: the last position and its log hash (the row of audit_chain_state).
struct LogTip {
    std::int64_t position = 0;
    crypto::Digest log_hash{};
};

/// Reads the log's head and locks it until the transaction ends: appends of other connections (other
/// nodes, an import) wait, so positions stay gapless and become visible in order. Inside a write
/// transaction. Throws SqlError when the database has no audit chain state.
[[nodiscard]] LogTip LockLogHead(Connection& connection);

/// Records `tip` as the log's head and announces the append to other nodes (delivered at commit).
void MoveLogHead(Connection& connection, const LogTip& tip);

}  // namespace layan::store::sql
