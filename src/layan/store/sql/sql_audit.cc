#include "layan/store/sql/sql_audit.h"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace layan::store::sql {

namespace {

std::optional<Digest> DigestColumn(const Statement& row, int column) {
    if (row.IsNull(column)) {
        return std::nullopt;
    }
    return crypto::DigestFromBytes(row.Text(column));
}

// A row whose JSON no longer parses cannot give its hash; keeping the raw text as a JSON string makes the
// content check report it as edited instead of stopping the walk.
nlohmann::json JsonColumn(const Statement& row, int column) {
    auto text = row.Text(column);
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    return value.is_discarded() ? nlohmann::json(text) : value;
}

// Columns: stream, version, position, type, data, metadata, recorded_at, prev_hash, hash, log_hash.
constexpr std::string_view kChainedColumns =
    "SELECT stream, version, position, type, data, metadata, recorded_at, prev_hash, hash, log_hash";

ChainedEvent ReadChainedRow(const Statement& row) {
    ChainedEvent chained;
    chained.event.stream = row.Text(0);
    chained.event.version = row.Int(1);
    chained.event.position = row.Int(2);
    chained.event.type = row.Text(3);
    chained.event.data = JsonColumn(row, 4);
    chained.event.metadata = JsonColumn(row, 5);
    chained.event.recorded_at = core::Instant{core::Millis{row.Int(6)}};
    chained.prev_hash = DigestColumn(row, 7);
    chained.hash = DigestColumn(row, 8);
    chained.log_hash = DigestColumn(row, 9);
    return chained;
}

}  // namespace

ChainHead ReadChainHead(Connection& connection) {
    Statement& read = connection.Cached(
        "SELECT head_position, head_log_hash, backfilled_through, backfilled_at FROM audit_chain_state WHERE id = 1");
    ScopedReset reset(read);
    if (!read.Step()) {
        throw std::runtime_error("the audit chain state is missing from the database");
    }
    ChainHead head;
    head.position = read.Int(0);
    head.log_hash = crypto::DigestFromBytes(read.Text(1)).value_or(kZeroDigest);
    head.backfilled_through = read.Int(2);
    if (!read.IsNull(3)) {
        head.backfilled_at = core::Instant{core::Millis{read.Int(3)}};
    }
    return head;
}

AuditReport VerifyChains(Connection& connection, const VerifyOptions& options) {
    ReadTransaction snapshot(connection);
    ChainVerifier verifier(options);
    {
        auto log = connection.Prepare("SELECT position, stream, version, hash, log_hash FROM events ORDER BY position");
        while (log->Step()) {
            verifier.LogRow(log->Int(0), log->Text(1), log->Int(2), DigestColumn(*log, 3), DigestColumn(*log, 4));
        }
    }
    {
        // The UNIQUE (stream, version) index gives this order without sorting.
        auto streams = connection.Prepare(fmt::format("{} FROM events ORDER BY stream, version", kChainedColumns));
        while (streams->Step()) {
            auto row = ReadChainedRow(*streams);
            verifier.StreamRow(row.event, row.prev_hash, row.hash);
        }
    }
    return verifier.Finish(ReadChainHead(connection));
}

std::vector<ChainedEvent> ReadChainedEvents(Connection& connection, const AuditQuery& query) {
    std::vector<ChainedEvent> events;
    if (query.limit <= 0) {
        return events;
    }
    ReadTransaction snapshot(connection);
    {
        static const std::string kAll =
            fmt::format("{} FROM events WHERE position > ?1 ORDER BY position LIMIT ?2", kChainedColumns);
        static const std::string kOne = fmt::format(
            "{} FROM events WHERE position > ?1 AND stream = ?3 ORDER BY position LIMIT ?2", kChainedColumns);
        Statement& read = connection.Cached(query.stream.empty() ? kAll : kOne);
        ScopedReset reset(read);
        read.Bind(1, query.after_position).Bind(2, query.limit);
        if (!query.stream.empty()) {
            read.Bind(3, query.stream);
        }
        while (read.Step()) {
            events.push_back(ReadChainedRow(read));
        }
    }
    // The hash each event should follow: its stream's previous version, from this page when it is there.
    std::map<std::pair<std::string, std::int64_t>, std::optional<Digest>> hashes;
    for (const auto& chained : events) {
        hashes[{chained.event.stream, chained.event.version}] = chained.hash;
    }
    Statement& previous = connection.Cached("SELECT hash FROM events WHERE stream = ?1 AND version = ?2");
    for (auto& chained : events) {
        std::optional<Digest> previous_hash;
        if (chained.event.version > 1) {
            auto key = std::make_pair(chained.event.stream, chained.event.version - 1);
            if (auto found = hashes.find(key); found != hashes.end()) {
                previous_hash = found->second;
            } else {
                ScopedReset reset(previous);
                previous.Bind(1, key.first).Bind(2, key.second);
                if (previous.Step()) {
                    previous_hash = DigestColumn(previous, 0);
                }
            }
        }
        MarkChainStatus(chained, previous_hash);
    }
    return events;
}

std::vector<ChainedEvent> SqlAuditTrail::ReadEvents(const AuditQuery& query) {
    auto connection = pool_->Reader();
    return ReadChainedEvents(*connection, query);
}

AuditReport SqlAuditTrail::Verify(const VerifyOptions& options) {
    auto connection = pool_->Reader();
    return VerifyChains(*connection, options);
}

}  // namespace layan::store::sql
