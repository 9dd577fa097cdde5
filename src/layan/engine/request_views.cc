#include "layan/engine/request_views.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace layan::engine {

namespace calendar = domain::calendar;
namespace rq = domain::requests;

namespace {

/// The state of a running clock at `now` from its instants, as calendar::Read decides it (used time reaches the
/// due-soon share at due_soon_at and passes the allowed time after the deadline).
calendar::SlaState RunningState(core::Instant deadline, core::Instant due_soon_at, core::Instant now) {
    if (now > deadline) {
        return calendar::SlaState::kOverdue;
    }
    return now >= due_soon_at ? calendar::SlaState::kDueSoon : calendar::SlaState::kOnTrack;
}

}  // namespace

void RequestViews::Keep(Entry& entry, rq::RequestState& state) {
    state.timeline.clear();
    state.timeline.shrink_to_fit();
    state.documents.clear();
    if (state.submission) {
        state.submission->documents.clear();
        state.submission->documents.shrink_to_fit();
    }
    entry.exists = state.exists();
    entry.summary = Summary{.unit_id = state.exists() ? state.submission->unit_id : std::string(),
                            .status = state.status,
                            .terminal = state.IsTerminal(),
                            .assigned_officer = state.assigned_officer};
    entry.paused_since = state.clock.paused_since;
    entry.stopped = state.clock.stopped_at.has_value();
    entry.run = state.clock.run;
    entry.escalated_to_supervisor =
        state.escalations.contains(rq::EscalationKey(rq::EscalationLevel::kSupervisor, entry.run));
    entry.escalated_to_unit_head =
        state.escalations.contains(rq::EscalationKey(rq::EscalationLevel::kUnitHead, entry.run));
}

std::size_t RequestViews::SlotOf(Tenant& tenant, const std::string& code) {
    auto [slot, added] = tenant.slots.try_emplace(code, tenant.entries.size());
    if (added) {
        tenant.entries.emplace_back().code = code;
        tenant.states.emplace_back();
    }
    return slot->second;
}

void RequestViews::MarkStale(const std::string& tenant_id, Entry& entry, bool stale) {
    entry.stale = stale;
    if (stale) {
        stale_.emplace(tenant_id, entry.code);
    } else {
        stale_.erase({tenant_id, entry.code});
    }
}

void RequestViews::Apply(const std::string& tenant_id, const std::string& code, std::int64_t version,
                         const rq::Event& event) {
    std::lock_guard lock(mutex_);
    auto& tenant = tenants_[tenant_id];
    const auto slot = SlotOf(tenant, code);
    auto& entry = tenant.entries[slot];
    if (version <= entry.version) {
        return;  // folded already (the start's scan and the feed overlap)
    }
    entry.newest_seen = std::max(entry.newest_seen, version);
    if (version != entry.version + 1) {
        MarkStale(tenant_id, entry, true);  // an event of the stream is missing here: read it again
        return;
    }
    rq::Apply(tenant.states[slot], event);
    Keep(entry, tenant.states[slot]);
    entry.version = version;
}

void RequestViews::Refresh(const std::string& tenant_id, const std::string& code, std::int64_t version,
                           rq::RequestState state) {
    std::lock_guard lock(mutex_);
    auto& tenant = tenants_[tenant_id];
    const auto slot = SlotOf(tenant, code);
    auto& entry = tenant.entries[slot];
    if (version < entry.version) {
        return;
    }
    tenant.states[slot] = std::move(state);
    Keep(entry, tenant.states[slot]);
    entry.version = version;
    entry.newest_seen = std::max(entry.newest_seen, version);
    // A later event the feed brought while the stream was being read is not in this fold: still stale.
    MarkStale(tenant_id, entry, entry.newest_seen > version);
}

bool RequestViews::Contains(const std::string& tenant_id, const std::string& code) const {
    std::lock_guard lock(mutex_);
    const auto tenant = tenants_.find(tenant_id);
    if (tenant == tenants_.end()) {
        return false;
    }
    const auto slot = tenant->second.slots.find(code);
    return slot != tenant->second.slots.end() && tenant->second.entries[slot->second].exists;
}

std::vector<std::pair<std::string, std::string>> RequestViews::Stale(const std::string& tenant_id) const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> stale;
    for (const auto& key : stale_) {
        if (tenant_id.empty() || key.first == tenant_id) {
            stale.push_back(key);
        }
    }
    return stale;
}

std::size_t RequestViews::size() const {
    std::lock_guard lock(mutex_);
    std::size_t count = 0;
    for (const auto& [id, tenant] : tenants_) {
        count += tenant.entries.size();
    }
    return count;
}

void RequestViews::Instants(const std::string& tenant_id, Entry& entry, const rq::RequestState& state,
                            const std::shared_ptr<const void>& calendar, const ClockReader& reader) {
    if (entry.read_version == entry.version && entry.calendar == calendar) {
        return;
    }
    const auto reading = reader.read(tenant_id, state);
    entry.deadline = reading.deadline;
    entry.due_soon_at = reading.due_soon_at;
    entry.calendar = calendar;
    entry.read_version = entry.version;
}

std::vector<RequestViews::Row> RequestViews::WorkList(const std::string& tenant_id, const Query& query,
                                                      core::Instant now, const ClockReader& reader) const {
    struct Candidate {
        int rank;
        core::Instant order;
        std::size_t slot;
    };
    std::lock_guard lock(mutex_);
    const auto tenant = tenants_.find(tenant_id);
    if (tenant == tenants_.end()) {
        return {};
    }
    const auto calendar_now = reader.calendar(tenant_id);
    std::vector<Candidate> candidates;
    auto& entries = tenant->second.entries;
    const auto& states = tenant->second.states;
    for (std::size_t slot = 0; slot < entries.size(); ++slot) {
        auto& entry = entries[slot];
        if (!entry.exists || !query.keep(entry.summary)) {
            continue;
        }
        calendar::SlaState state = calendar::SlaState::kOnTrack;
        Candidate candidate{.rank = 0, .order = {}, .slot = slot};
        if (entry.stopped) {
            Instants(tenant_id, entry, states[slot], calendar_now, reader);
            state = calendar::SlaState::kStopped;
            candidate.rank = 2;
            candidate.order = entry.deadline;
        } else if (entry.paused_since) {
            state = calendar::SlaState::kPaused;
            candidate.rank = 1;
            candidate.order = *entry.paused_since;
        } else {
            Instants(tenant_id, entry, states[slot], calendar_now, reader);
            state = RunningState(entry.deadline, entry.due_soon_at, now);
            candidate.order = entry.deadline;
        }
        if (query.sla && state != *query.sla) {
            continue;
        }
        candidates.push_back(candidate);
    }
    const auto by_order = [&entries](const Candidate& a, const Candidate& b) {
        return std::tie(a.rank, a.order, entries[a.slot].code) < std::tie(b.rank, b.order, entries[b.slot].code);
    };
    const auto shown = std::min(query.limit, candidates.size());
    std::ranges::partial_sort(candidates, candidates.begin() + static_cast<std::ptrdiff_t>(shown), by_order);
    std::vector<Row> rows;
    rows.reserve(shown);
    for (std::size_t i = 0; i < shown; ++i) {
        rows.push_back(Row{.code = entries[candidates[i].slot].code, .state = states[candidates[i].slot]});
    }
    return rows;
}

std::vector<RequestViews::Due> RequestViews::DueAt(core::Instant now, const ClockReader& reader) const {
    std::vector<Due> due;
    std::lock_guard lock(mutex_);
    for (auto& [id, tenant] : tenants_) {
        const std::string& tenant_id = id;  // a lambda below names it (a structured binding it may not)
        const auto calendar_now = reader.calendar(tenant_id);
        for (std::size_t slot = 0; slot < tenant.entries.size(); ++slot) {
            auto& entry = tenant.entries[slot];
            if (!entry.exists || entry.summary.terminal || entry.paused_since || entry.stopped) {
                continue;
            }
            Instants(tenant_id, entry, tenant.states[slot], calendar_now, reader);
            const auto raise = [&](rq::EscalationLevel level, core::Instant at) {
                due.push_back(Due{.tenant_id = tenant_id,
                                  .code = entry.code,
                                  .unit_id = entry.summary.unit_id,
                                  .level = level,
                                  .run = entry.run,
                                  .due_at = at});
            };
            if (now >= entry.due_soon_at && !entry.escalated_to_supervisor) {
                raise(rq::EscalationLevel::kSupervisor, entry.due_soon_at);
            }
            if (now > entry.deadline && !entry.escalated_to_unit_head) {
                raise(rq::EscalationLevel::kUnitHead, entry.deadline);
            }
        }
    }
    return due;
}

}  // namespace layan::engine
