#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/calendar/sla_clock.h"
#include "layan/domain/requests/events.h"
#include "layan/domain/requests/state.h"

/// A view of every service request of the log, held in memory for the work lists and the escalation scheduler,
/// so that neither reads the store per request: per tenant, each request's fold without its timeline and
/// documents, its stream's version, and the instants of its clock (deadline, due soon) as last read. A few hundred
/// bytes a request: 100,000 open requests take some tens of megabytes.
///
/// It is fed the log's events by Requests (the start's scan, then the store's feed). During the start's catch-up
/// an event may come twice (ignored: its version is folded already) or after a later one of its stream (a gap:
/// the request is marked stale and Requests reads it again from its stream before using it).
namespace layan::engine {

class RequestViews {
public:
    /// One request as a work list or the scheduler reads it.
    struct Row {
        std::string code;  ///< Compact.
        domain::requests::RequestState state;
    };

    /// What a work list filters on: the few facts of a request kept next to each other for every request, so
    /// that a list walks 100,000 of them in a few milliseconds.
    struct Summary {
        std::string unit_id;
        domain::requests::RequestStatus status = domain::requests::RequestStatus::kSubmitted;
        bool terminal = false;
        std::string assigned_officer;
    };

    /// What a work list wants (the caller's access and the filters, judged on the summary).
    struct Query {
        std::function<bool(const Summary&)> keep;
        std::optional<domain::calendar::SlaState> sla;  ///< Only clocks in this state (as of `now`).
        std::size_t limit = 100;
    };

    /// How the view reads a request's clock: `calendar` gives the identity of the tenant's calendar as it is now
    /// (a reading is kept while it stays the same), `read` reads the clock with the calendar of the request's unit.
    struct ClockReader {
        std::function<std::shared_ptr<const void>(const std::string& tenant_id)> calendar;
        std::function<domain::calendar::SlaReading(const std::string& tenant_id,
                                                   const domain::requests::RequestState& state)>
            read;
    };

    /// An escalation due: to whom, for which run of the clock, since when.
    struct Due {
        std::string tenant_id;
        std::string code;  ///< Compact.
        std::string unit_id;
        domain::requests::EscalationLevel level = domain::requests::EscalationLevel::kSupervisor;
        int run = 0;
        core::Instant due_at{};
    };

    /// Folds the event at `version` of the request's stream (a version already folded is ignored; one past the
    /// next marks the request stale).
    void Apply(const std::string& tenant_id, const std::string& code, std::int64_t version,
               const domain::requests::Event& event);
    /// Replaces a request with its fold read from the store at `version` (unless the view holds a later one).
    void Refresh(const std::string& tenant_id, const std::string& code, std::int64_t version,
                 domain::requests::RequestState state);
    [[nodiscard]] bool Contains(const std::string& tenant_id, const std::string& code) const;
    /// The codes of the tenant's requests to read again (all tenants' when `tenant_id` is empty).
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> Stale(const std::string& tenant_id = {}) const;

    /// The requests of the tenant that `query.keep` accepts, in work-list order at `now`: running clocks by deadline
    /// (soonest first), then paused ones by how long they have waited on the citizen (longest first), then stopped
    /// ones by deadline; at most `query.limit`. Each row's fold is slim (no timeline, no documents).
    [[nodiscard]] std::vector<Row> WorkList(const std::string& tenant_id, const Query& query, core::Instant now,
                                            const ClockReader& reader) const;

    /// The escalations due at `now` and not yet raised, over every tenant: a running clock past its due-soon instant
    /// (to the supervisor) or past its deadline (to the unit head), each once per run of the clock.
    [[nodiscard]] std::vector<Due> DueAt(core::Instant now, const ClockReader& reader) const;

    [[nodiscard]] std::size_t size() const;

private:
    /// A request's hot facts: what a work list and the scheduler read for every request.
    struct Entry {
        std::string code;  ///< Compact.
        std::int64_t version = 0;
        std::int64_t newest_seen = 0;  ///< The highest version the feed brought (above `version` while stale).
        bool stale = false;
        bool exists = false;
        Summary summary;
        // The clock, as far as ordering and escalating need it.
        std::optional<core::Instant> paused_since;
        bool stopped = false;
        bool escalated_to_supervisor = false;  ///< In the clock's current run.
        bool escalated_to_unit_head = false;
        int run = 0;
        // The clock's instants as last read: valid while `read_version` is `version` and the calendar is the same.
        // A paused clock's deadline moves with time: it is read, not kept.
        std::int64_t read_version = -1;
        std::shared_ptr<const void> calendar;
        core::Instant deadline{};
        core::Instant due_soon_at{};
    };

    /// Fills the entry's deadline and due-soon instants, unless they were read at its version with `calendar`.
    static void Instants(const std::string& tenant_id, Entry& entry, const domain::requests::RequestState& state,
                         const std::shared_ptr<const void>& calendar, const ClockReader& reader);
    /// Drops the timeline and documents of a fold and copies its hot facts into the entry.
    static void Keep(Entry& entry, domain::requests::RequestState& state);

    /// A tenant's requests: the hot facts in one array (a work list walks all of them: small, contiguous entries
    /// walk fast), the slim folds in another at the same index, and an index by code.
    struct Tenant {
        std::vector<Entry> entries;
        std::vector<domain::requests::RequestState> states;
        std::unordered_map<std::string, std::size_t> slots;
    };
    /// The tenant's slot for `code`, made empty when absent.
    std::size_t SlotOf(Tenant& tenant, const std::string& code);
    void MarkStale(const std::string& tenant_id, Entry& entry, bool stale);

    mutable std::mutex mutex_;
    // Mutable: the instants are a cache, filled by readers.
    mutable std::map<std::string, Tenant, std::less<>> tenants_;
    std::set<std::pair<std::string, std::string>> stale_;  // (tenant, code)
};

}  // namespace layan::engine
