#include "layan/store/audit.h"

#include <charconv>

#include <fmt/format.h>

namespace layan::store {

std::string CanonicalEvent(const RecordedEvent& event) {
    nlohmann::json canonical = {{"data", event.data},
                                {"metadata", event.metadata},
                                {"recorded_at", event.recorded_at.time_since_epoch().count()},
                                {"stream", event.stream},
                                {"type", event.type},
                                {"version", event.version}};
    return canonical.dump();
}

std::string CanonicalEventFromParts(std::string_view stream_json, std::int64_t version, std::string_view type_json,
                                    std::string_view data_json, std::string_view metadata_json,
                                    std::int64_t recorded_at_ms) {
    // The keys in nlohmann's (sorted) order: data, metadata, recorded_at, stream, type, version.
    std::string out;
    out.reserve(data_json.size() + metadata_json.size() + stream_json.size() + type_json.size() + 96);
    out += R"({"data":)";
    out += data_json;
    out += R"(,"metadata":)";
    out += metadata_json;
    out += R"(,"recorded_at":)";
    out += std::to_string(recorded_at_ms);
    out += R"(,"stream":)";
    out += stream_json;
    out += R"(,"type":)";
    out += type_json;
    out += R"(,"version":)";
    out += std::to_string(version);
    out += '}';
    return out;
}

Digest EventHash(const Digest& prev_hash, std::string_view canonical) {
    return crypto::Sha256({crypto::Bytes(prev_hash), canonical});
}

Digest LogHash(const Digest& prev_log_hash, std::int64_t position, const Digest& event_hash) {
    std::array<char, 8> big_endian{};
    auto value = static_cast<std::uint64_t>(position);
    for (int i = 7; i >= 0; --i) {
        big_endian[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
        value >>= 8;
    }
    return crypto::Sha256({crypto::Bytes(prev_log_hash), std::string_view(big_endian.data(), big_endian.size()),
                           crypto::Bytes(event_hash)});
}

std::string_view ToString(TamperKind kind) {
    switch (kind) {
        case TamperKind::kEdited:
            return "edited";
        case TamperKind::kDeleted:
            return "deleted";
        case TamperKind::kInserted:
            return "inserted";
        case TamperKind::kReordered:
            return "reordered";
        case TamperKind::kLogBroken:
            return "log_broken";
        case TamperKind::kUnsealed:
            return "unsealed";
    }
    return "unknown";
}

std::optional<ChainAnchor> ParseAnchor(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    ChainAnchor anchor;
    auto [end, ec] = std::from_chars(text.data(), text.data() + colon, anchor.position);
    auto hash = crypto::DigestFromHex(text.substr(colon + 1));
    if (ec != std::errc{} || end != text.data() + colon || anchor.position < 1 || !hash) {
        return std::nullopt;
    }
    anchor.log_hash = *hash;
    return anchor;
}

void ChainVerifier::LogRow(std::int64_t position, std::string_view stream, std::int64_t version,
                           const std::optional<Digest>& hash, const std::optional<Digest>& log_hash) {
    ++report_.events;
    bool after_gap = false;
    if (position > next_position_) {
        report_.problems.push_back(AuditProblem{
            TamperKind::kDeleted, std::string(stream), version, position,
            next_position_ == position - 1
                ? fmt::format("position {} of the log is missing: the event there was deleted", next_position_)
                : fmt::format("positions {} to {} of the log are missing: the events there were deleted",
                              next_position_, position - 1)});
        after_gap = true;
    }
    next_position_ = position + 1;
    if (!hash || !log_hash) {
        report_.problems.push_back(
            AuditProblem{TamperKind::kUnsealed, std::string(stream), version, position,
                         fmt::format("stream {} version {} at position {} has no seal: it was written outside layan "
                                     "or its hash was removed",
                                     stream, version, position)});
        log_hash_ = kZeroDigest;
        return;
    }
    // After a reported gap the chain cannot be followed across it: pick it up again from this row.
    if (!after_gap && LogHash(log_hash_, position, *hash) != *log_hash) {
        report_.problems.push_back(AuditProblem{
            TamperKind::kLogBroken, std::string(stream), version, position,
            fmt::format("the log chain breaks at position {} (stream {} version {}): an event was moved, inserted "
                        "or replaced here, or its hash changed",
                        position, stream, version)});
    }
    log_hash_ = *log_hash;
    if (options_.anchor && options_.anchor->position == position) {
        anchor_seen_ = true;
        if (options_.anchor->log_hash != *log_hash) {
            report_.problems.push_back(AuditProblem{
                TamperKind::kLogBroken, std::string(stream), version, position,
                fmt::format("the log hash at position {} is not the anchor recorded for it: the log up to there was "
                            "rewritten",
                            position)});
        }
    }
}

void ChainVerifier::StreamRow(const RecordedEvent& event, const std::optional<Digest>& prev_hash,
                              const std::optional<Digest>& hash) {
    if (event.stream != stream_ || report_.streams == 0) {
        ++report_.streams;
        stream_ = event.stream;
        next_version_ = 1;
        stream_hash_ = kZeroDigest;
        last_position_ = 0;
        resync_ = false;
    }
    auto problem = [&](TamperKind kind, std::string message) {
        report_.problems.push_back(AuditProblem{kind, event.stream, event.version, event.position, std::move(message)});
    };
    if (event.version > next_version_) {
        problem(TamperKind::kDeleted,
                next_version_ == event.version - 1
                    ? fmt::format("stream {}: version {} is missing (deleted); the stream goes on at version {} "
                                  "(position {})",
                                  event.stream, next_version_, event.version, event.position)
                    : fmt::format("stream {}: versions {} to {} are missing (deleted); the stream goes on at "
                                  "version {} (position {})",
                                  event.stream, next_version_, event.version - 1, event.version, event.position));
        resync_ = true;
    }
    if (last_position_ > 0 && event.position < last_position_) {
        problem(TamperKind::kReordered,
                fmt::format("stream {}: version {} is at position {}, before the previous version at position {}: "
                            "events were reordered",
                            event.stream, event.version, event.position, last_position_));
    }
    if (hash && prev_hash) {
        // A broken link says more than a changed content: the event is not where the chain says it is.
        if (!resync_ && *prev_hash != stream_hash_) {
            problem(TamperKind::kInserted,
                    fmt::format("stream {}: the chain breaks at version {} (position {}): it does not follow "
                                "version {}, so an event was inserted or replaced here",
                                event.stream, event.version, event.position, event.version - 1));
        } else if (EventHash(*prev_hash, CanonicalEvent(event)) != *hash) {
            problem(TamperKind::kEdited,
                    fmt::format("stream {} version {} (position {}) was edited: its content no longer matches its "
                                "hash",
                                event.stream, event.version, event.position));
        }
        stream_hash_ = *hash;
        resync_ = false;
    } else {
        // Reported as unsealed by the log walk; the next event cannot be linked to this one.
        resync_ = true;
    }
    next_version_ = event.version + 1;
    last_position_ = event.position;
}

AuditReport ChainVerifier::Finish(const ChainHead& head) {
    report_.head = head;
    std::int64_t last = next_position_ - 1;
    if (last < head.position) {
        report_.problems.push_back(AuditProblem{
            TamperKind::kDeleted, "", 0, last + 1,
            fmt::format("the log ends at position {} but layan last wrote position {}: the events at the end were "
                        "deleted",
                        last, head.position)});
    } else if (last > head.position) {
        report_.problems.push_back(AuditProblem{
            TamperKind::kInserted, "", 0, head.position + 1,
            fmt::format("the log runs to position {} but layan last wrote position {}: positions {} to {} were "
                        "inserted outside layan",
                        last, head.position, head.position + 1, last)});
    } else if (last > 0 && head.log_hash != log_hash_) {
        report_.problems.push_back(
            AuditProblem{TamperKind::kLogBroken, "", 0, last,
                         fmt::format("the log hash at position {} is not the head layan recorded: the log was "
                                     "rewritten",
                                     last)});
    }
    if (options_.anchor && !anchor_seen_) {
        report_.problems.push_back(AuditProblem{
            TamperKind::kDeleted, "", 0, options_.anchor->position,
            fmt::format("the anchor names position {}, which the log does not have", options_.anchor->position)});
    }
    return std::move(report_);
}

void MarkChainStatus(ChainedEvent& event, const std::optional<Digest>& previous_hash) {
    if (!event.hash || !event.prev_hash) {
        event.content_intact = false;
        event.linked = false;
        return;
    }
    event.content_intact = EventHash(*event.prev_hash, CanonicalEvent(event.event)) == *event.hash;
    event.linked = event.event.version == 1 ? *event.prev_hash == kZeroDigest
                                            : previous_hash.has_value() && *previous_hash == *event.prev_hash;
}

}  // namespace layan::store
