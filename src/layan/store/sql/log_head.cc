#include "layan/store/sql/log_head.h"

#include "layan/store/audit.h"

namespace layan::store::sql {

LogTip LockLogHead(Connection& connection) {
    Statement& head = connection.Cached(
        "UPDATE audit_chain_state SET head_position = head_position WHERE id = 1 "
        "RETURNING head_position, head_log_hash");
    ScopedReset reset(head);
    if (!head.Step()) {
        throw SqlError("the audit chain state is missing from the database");
    }
    return LogTip{head.Int(0), crypto::DigestFromBytes(head.Text(1)).value_or(kZeroDigest)};
}

void MoveLogHead(Connection& connection, const LogTip& tip) {
    Statement& head =
        connection.Cached("UPDATE audit_chain_state SET head_position = ?1, head_log_hash = ?2 WHERE id = 1");
    ScopedReset reset(head);
    head.Bind(1, tip.position).Bind(2, Blob{crypto::Bytes(tip.log_hash)}).Run();
    connection.AnnounceAppend();
}

}  // namespace layan::store::sql
