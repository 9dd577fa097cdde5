#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layan/store/crypto.h"
#include "layan/store/event_store.h"

/// The audit trail: the event log sealed by hash chains, so that an event edited, deleted, inserted
/// or moved after the fact is detected. Definitions (also in docs/audit-and-personal-data.md):
///
/// - canonical(event) = nlohmann::json dump() (compact, UTF-8, object keys sorted bytewise) of
///   {"data": <data>, "metadata": <metadata>, "recorded_at": <ms since epoch, integer>,
///    "stream": <stream>, "type": <type>, "version": <version>};
/// - the stream chain: hash = SHA-256(prev_hash || canonical(event)), prev_hash being the hash of the
///   stream's previous version, 32 zero bytes for version 1;
/// - the log chain: log_hash = SHA-256(prev_log_hash || position as 8 bytes big-endian || hash), over
///   positions 1, 2, 3, ..., 32 zero bytes before position 1;
/// - the head: the position and log_hash the writer last committed, stored beside the log, so that
///   events cut from the end of the log are detected too.
///
/// Without a secret, whoever can write the database file can also recompute every hash: the chains
/// catch edits made by hand or by a tool unaware of them, and a recomputed log is caught by comparing
/// the head with an anchor recorded elsewhere (see VerifyOptions::anchor).
namespace layan::store {

using crypto::Digest;

/// 32 zero bytes: the prev_hash of every version 1 and the log hash before position 1.
inline constexpr Digest kZeroDigest{};

/// canonical(event), as defined above.
[[nodiscard]] std::string CanonicalEvent(const RecordedEvent& event);

/// canonical(event) from pieces already serialised by nlohmann's dump(): `stream_json` and `type_json`
/// are the JSON strings (with quotes), `data_json` and `metadata_json` the compact objects. Equal to
/// CanonicalEvent of the same event; this is the writer's fast path.
[[nodiscard]] std::string CanonicalEventFromParts(std::string_view stream_json, std::int64_t version,
                                                  std::string_view type_json, std::string_view data_json,
                                                  std::string_view metadata_json, std::int64_t recorded_at_ms);

/// SHA-256(prev_hash || canonical).
[[nodiscard]] Digest EventHash(const Digest& prev_hash, std::string_view canonical);

/// SHA-256(prev_log_hash || big-endian 64-bit position || event_hash).
[[nodiscard]] Digest LogHash(const Digest& prev_log_hash, std::int64_t position, const Digest& event_hash);

/// An event with its seals, as the audit trail shows it.
struct ChainedEvent {
    RecordedEvent event;
    std::optional<Digest> prev_hash;  ///< nullopt when the row has no seal at all.
    std::optional<Digest> hash;
    std::optional<Digest> log_hash;
    /// The event's content still gives its hash (false: edited, or unsealed).
    bool content_intact = false;
    /// prev_hash is the hash of the stream's previous version, or zeros for version 1 (false: that
    /// version is missing, or an event was inserted or replaced before this one).
    bool linked = false;
};

/// What kind of tampering a problem reveals.
enum class TamperKind {
    kEdited,     ///< The event's content no longer gives its hash.
    kDeleted,    ///< Versions of a stream or positions of the log are missing.
    kInserted,   ///< The chain breaks: the event does not follow its predecessor, or the log runs past its head.
    kReordered,  ///< A stream's versions are out of order in the log.
    kLogBroken,  ///< The log chain breaks at a position (events moved between places or streams).
    kUnsealed,   ///< An event carries no hash: it was written outside layan, or its seal removed.
};

/// "edited", "deleted", "inserted", "reordered", "log_broken", "unsealed".
[[nodiscard]] std::string_view ToString(TamperKind kind);

/// One problem found, naming the event where it shows (version or position 0 when not applicable).
struct AuditProblem {
    TamperKind kind = TamperKind::kEdited;
    std::string stream;
    std::int64_t version = 0;
    std::int64_t position = 0;
    std::string message;  ///< A sentence for the auditor.
};

/// An anchor recorded outside the database: the log hash the log had at some position.
struct ChainAnchor {
    std::int64_t position = 0;
    Digest log_hash{};
};

/// Parses "<position>:<64 hex>" (as `layan audit verify` prints the head); nullopt if malformed.
[[nodiscard]] std::optional<ChainAnchor> ParseAnchor(std::string_view text);

/// The head of the log chain as the writer recorded it.
struct ChainHead {
    std::int64_t position = 0;
    Digest log_hash{};
    std::int64_t backfilled_through = 0;  ///< Events up to here were sealed by the migration, not at append.
    std::optional<core::Instant> backfilled_at;
};

/// The outcome of a verification.
struct AuditReport {
    std::int64_t events = 0;   ///< Events read.
    std::int64_t streams = 0;  ///< Streams read.
    ChainHead head;            ///< As recorded by the writer.
    std::vector<AuditProblem> problems;

    [[nodiscard]] bool ok() const { return problems.empty(); }
};

/// Which events to list.
struct AuditQuery {
    std::string stream;  ///< Only this stream; empty for every stream.
    std::int64_t after_position = 0;
    std::int64_t limit = 100;
};

/// Options of a verification.
struct VerifyOptions {
    /// Also check that the log chain had this log hash at this position.
    std::optional<ChainAnchor> anchor;
};

/// The audit trail of one database. Thread-safe.
class AuditTrail {
public:
    virtual ~AuditTrail() = default;

    /// Events with position > after_position in position order (of one stream when query.stream is set),
    /// at most query.limit, each with its seals and whether it is intact and linked.
    /// Throws core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual std::vector<ChainedEvent> ReadEvents(const AuditQuery& query) = 0;

    /// Walks every stream and the whole log in one consistent snapshot and reports every problem.
    /// Throws core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual AuditReport Verify(const VerifyOptions& options = {}) = 0;
};

/// Verifies the database at `url` without locking or migrating it, reading one snapshot: works beside
/// a running `layan serve`. Throws std::invalid_argument for a URL that names no database,
/// std::runtime_error when there is no database there or it has no audit chain (not migrated yet),
/// core::StorageUnavailable when a PostgreSQL server cannot be reached.
[[nodiscard]] AuditReport VerifyDatabaseFile(const std::string& url, const VerifyOptions& options = {});

/// The checks of a verification, fed rows by a backend: the log in position order (LogRow), then each
/// stream in version order (StreamRow). Backend-independent.
class ChainVerifier {
public:
    explicit ChainVerifier(VerifyOptions options) : options_(options) {}

    /// The next row of the log, in position order. `hash` or `log_hash` nullopt when the row has none.
    void LogRow(std::int64_t position, std::string_view stream, std::int64_t version, const std::optional<Digest>& hash,
                const std::optional<Digest>& log_hash);

    /// The next event of a stream, in (stream, version) order.
    void StreamRow(const RecordedEvent& event, const std::optional<Digest>& prev_hash,
                   const std::optional<Digest>& hash);

    /// Checks the end of the log against the recorded head and returns the report.
    [[nodiscard]] AuditReport Finish(const ChainHead& head);

private:
    VerifyOptions options_;
    AuditReport report_;
    // The log walk.
    std::int64_t next_position_ = 1;
    Digest log_hash_ = kZeroDigest;
    bool anchor_seen_ = false;
    // The current stream's walk.
    std::string stream_;
    std::int64_t next_version_ = 1;
    Digest stream_hash_ = kZeroDigest;
    std::int64_t last_position_ = 0;
    bool resync_ = false;
};

/// Whether one event is intact and linked to `previous_hash` (the hash of its stream's previous
/// version, zeros for version 1); used to mark events in listings.
void MarkChainStatus(ChainedEvent& event, const std::optional<Digest>& previous_hash);

}  // namespace layan::store
