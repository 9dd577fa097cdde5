#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/routing.h"
#include "layan/engine/actor.h"
#include "layan/engine/calendars.h"
#include "layan/engine/dispatcher.h"
#include "layan/engine/hall_view.h"
#include "layan/engine/streams.h"
#include "layan/store/catalog.h"
#include "layan/store/event_store.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

/// 404 "hall_not_found".
[[nodiscard]] core::Error HallNotFound(std::string_view hall_id);

/// How a hall's day stream folds and travels through the store (see Streams).
struct HallDayModel {
    using State = domain::queue::HallState;
    using Event = domain::queue::Event;
    static void Apply(State& state, const Event& event) { state.Apply(event); }
    static core::Result<Event> Decode(const store::RecordedEvent& recorded);
    static store::NewEvent Encode(const Event& event, const nlohmann::json& metadata);
};

/// A decision of the domain on one hall: events to append, or a rule error.
using Decide = std::function<domain::queue::Decision(const HallView&)>;

/// What a command answers, read from the hall right after its events are applied (under the lock).
template <class R>
using Present = std::function<R(const HallView&, const std::vector<domain::queue::Event>&)>;

/// Told every committed batch of a hall, in commit order, on the engine's dispatch thread, with no lock held.
using HallListener = std::function<void(const std::string& hall_id, const std::vector<HallChange>& changes)>;

/// The revision of a hall's state: it changes whenever the state does (a new event, a new day).
struct HallRevision {
    std::chrono::year_month_day day{};
    std::int64_t version = 0;
    friend bool operator==(const HallRevision&, const HallRevision&) = default;
};

/// The live halls: one state per hall and local day (the stream "hall/<id>/<date>", StreamId::HallDay),
/// run by the generic stream machinery (Streams). A new local day starts a new stream (numbering restarts):
/// the first command or read after midnight switches the hall to it, inside the running process.
/// Thread-safe. The use cases built on it are in queue.h.
class Halls {
public:
    /// How many earlier days (calendar days before today) feed each hall's service-time history.
    static constexpr int kHistoryDays = 28;

    /// `calendars`: each hall's calendar (domain::queue::HallContext::calendar) is laid from its tenant's, and
    /// follows its changes.
    Halls(store::EventStore& events, store::Catalog& catalog, const core::Clock& clock,
          std::unique_ptr<domain::queue::RoutingPolicy> policy, domain::queue::QueueRules rules, Calendars& calendars);
    /// Drain().
    ~Halls();
    Halls(const Halls&) = delete;
    Halls& operator=(const Halls&) = delete;

    /// Loads every hall of the catalog and today's state of each from the store, and follows the calendars'
    /// changes. Call once, after the calendars' Load, before use. Throws core::StorageUnavailable when the store
    /// cannot be read.
    void Load();

    /// Ids of the halls served, sorted.
    [[nodiscard]] std::vector<std::string> HallIds() const;

    /// The catalog facts of a hall (as loaded); nullptr for an unknown hall. Valid as long as the Halls.
    [[nodiscard]] const domain::catalog::Hall* FindHall(std::string_view hall_id) const;

    /// Decides on the hall's current state and commits the events: see Streams::Execute. `present` reads the
    /// hall right after the events are applied; `done` gets what it returned after the commit, or the error:
    /// the decision's, kNotFound "hall_not_found", kUnavailable when the store failed (the hall is then
    /// reloaded). Listeners are told the committed changes before `done` runs.
    template <class R>
    void Execute(const std::string& hall_id, const Actor& actor, const Decide& decide, const Present<R>& present,
                 std::function<void(core::Result<R>)> done);

    /// Runs `read(const HallView&)` on the hall's current state under its lock; kNotFound for an unknown hall.
    template <class F>
    auto Read(const std::string& hall_id, F&& read) -> core::Result<std::invoke_result_t<F, const HallView&>>;

    /// The hall's current revision (switching to a new day first when needed, but loading nothing); nullopt for
    /// an unknown hall or one not loaded.
    [[nodiscard]] std::optional<HallRevision> Revision(const std::string& hall_id);

    /// Registers a listener of committed changes. Call before the first command.
    void OnCommit(HallListener listener);

    /// Waits until every append submitted has been committed (or failed) and its callbacks have run.
    void Drain();

private:
    struct Hall {
        std::mutex mutex;  // guards the fields below (the day's switch), never held across I/O
        std::shared_ptr<const domain::queue::HallContext> context;
        std::chrono::year_month_day day{};
        std::optional<store::StreamId> stream;
    };

    /// The hall's stream and context of the local day of `now`; switches to a new day first when needed.
    struct Today {
        std::shared_ptr<const domain::queue::HallContext> context;
        store::StreamId stream;
        core::Instant now;
    };
    core::Result<Today> TodayOf(const std::string& hall_id);
    /// The clock's instant now, unless it has passed into the next local day since `today` was taken (then
    /// today's instant): what a decision under the stream's lock runs at.
    [[nodiscard]] core::Instant NowWithin(const Today& today) const;
    Today SwitchDay(Hall& hall, core::Instant now);
    /// Another process's events applied to a held hall (Streams' `observed`): tells the listeners.
    void Observed(const store::StreamId& id, const domain::queue::HallState& state,
                  const std::vector<domain::queue::Event>& events);
    /// A tenant's calendar changed: its halls' contexts take their new calendars.
    void Recalendar(const std::string& tenant_id, const domain::calendar::Layers& layers);

    store::Catalog& catalog_;
    const core::Clock& clock_;
    std::unique_ptr<domain::queue::RoutingPolicy> policy_;
    domain::queue::QueueRules rules_;
    Calendars& calendars_;
    std::map<std::string, std::unique_ptr<Hall>, std::less<>> halls_;  // fixed after Load()
    std::vector<HallListener> listeners_;
    // Commit callbacks run in commit order off the store's writer thread. Declared before the streams, which
    // drain into it when destroyed.
    Dispatcher dispatcher_;
    Streams<HallDayModel> streams_;
};

template <class R>
void Halls::Execute(const std::string& hall_id, const Actor& actor, const Decide& decide, const Present<R>& present,
                    std::function<void(core::Result<R>)> done) {
    auto today = TodayOf(hall_id);
    if (!today) {
        return done(tl::unexpected(today.error()));
    }
    struct Outcome {
        R answer;
        std::vector<HallChange> changes;
    };
    // The instant of the decision is read under the stream's lock, so that decisions and their instants come in
    // the same order (a ticket issued later never arrives before one issued earlier). The call owns what its
    // decision reads: a decision that lost a race with another node is taken again after Execute returned.
    struct Call {
        Today today;
        core::Instant now;
        Decide decide;
        Present<R> present;
    };
    auto call = std::make_shared<Call>(Call{*today, today->now, decide, present});
    auto view_of = [this, call](const domain::queue::HallState& state) {
        return HallView{state, *call->today.context, *policy_, call->now, call->today.context};
    };
    streams_.Execute<Outcome>(
        call->today.stream, store::MetadataOf(actor),
        [this, call, view_of](const domain::queue::HallState& state) {
            call->now = NowWithin(call->today);
            return call->decide(view_of(state));
        },
        [this, call, view_of](const domain::queue::HallState& state, const std::vector<domain::queue::Event>& events) {
            auto view = view_of(state);
            return Outcome{call->present(view, events),
                           listeners_.empty() ? std::vector<HallChange>{} : ChangesOf(view, events)};
        },
        std::function<void(core::Result<Outcome>)>(
            [this, hall_id, done = std::move(done)](core::Result<Outcome> outcome) {
                if (!outcome) {
                    return done(tl::unexpected(outcome.error()));
                }
                if (!outcome->changes.empty()) {
                    for (const auto& listener : listeners_) {
                        listener(hall_id, outcome->changes);
                    }
                }
                done(std::move(outcome->answer));
            }));
}

template <class F>
auto Halls::Read(const std::string& hall_id, F&& read) -> core::Result<std::invoke_result_t<F, const HallView&>> {
    auto today = TodayOf(hall_id);
    if (!today) {
        return tl::unexpected(today.error());
    }
    return streams_.Read(today->stream, [&](const domain::queue::HallState& state) {
        return read(HallView{state, *today->context, *policy_, NowWithin(*today), today->context});
    });
}

}  // namespace layan::engine
