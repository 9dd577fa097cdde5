#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/prediction.h"
#include "layan/domain/queue/routing.h"
#include "layan/store/catalog.h"
#include "layan/store/event_store.h"

namespace layan::engine {

/// Who performs an action and from where; recorded in every event's metadata.
struct Actor {
    std::string id;      ///< Account or device id; "anonymous" for a citizen at a kiosk.
    std::string role;    ///< citizen, officer, supervisor, device, system, ...
    std::string ip;      ///< The client's address.
    std::string device;  ///< Device token id, when a kiosk or board acts.
};

/// What the hall looks like to a reader: the state, its catalog facts and the time of reading.
struct HallView {
    const domain::queue::HallState& state;
    const domain::queue::HallContext& context;
    const domain::queue::RoutingPolicy& policy;
    core::Instant now;
};

/// A decision of the domain on one hall: events to append, or a rule error.
using Decide = std::function<domain::queue::Decision(const HallView&)>;

/// Reads the hall right after a decision's events are applied, under the hall's lock and before they are
/// committed: the state as of the decision, which later commands may change before the commit is done.
using Observe = std::function<void(const HallView&, const std::vector<domain::queue::Event>&)>;

/// Called once per committed batch of a hall, in commit order, on the engine's dispatch thread, with the hall
/// state as it is after the batch (locked for the duration of the call).
using CommitListener =
    std::function<void(const std::string& hall_id, const std::vector<store::RecordedEvent>&, const HallView&)>;

/// The live halls: one in-memory state per hall and day, kept equal to the fold of its stream.
/// Thread-safe; commands on one hall are serialised by the hall's mutex, which is never held
/// during I/O. Appends are pipelined in submission order (see docs/ARCHITECTURE.md).
class Halls {
public:
    /// How many earlier days (calendar days before today) feed each hall's service-time history.
    static constexpr int kHistoryDays = 28;

    /// `closures`: days every hall is closed (national holidays and cuti bersama, store::NationalCalendar()).
    Halls(store::EventStore& events, store::Catalog& catalog, const core::Clock& clock,
          std::unique_ptr<domain::queue::RoutingPolicy> policy, domain::queue::QueueRules rules = {},
          std::vector<domain::calendar::SpecialDay> closures = {});
    /// Runs the commit callbacks already posted; every append submitted must have been answered by the store.
    ~Halls();
    Halls(const Halls&) = delete;
    Halls& operator=(const Halls&) = delete;

    /// Loads every hall of the catalog and rebuilds today's state from the store.
    /// Throws core::StorageUnavailable when the store cannot be read.
    void Load();

    /// Ids of the halls served.
    [[nodiscard]] std::vector<std::string> HallIds() const;

    /// The stream that holds a hall's events of one local day: "hall/<id>/<yyyy-mm-dd>".
    [[nodiscard]] static std::string StreamName(const std::string& hall_id, std::chrono::year_month_day day);

    /// Decides on the hall's current state and commits the resulting events. `done` gets the
    /// committed events (empty when the decision produced none) after the commit, on the engine's
    /// dispatch thread, or on the caller's thread when nothing was appended; or a rule error (nothing appended),
    /// kNotFound for an unknown hall, kUnavailable when the store failed (the hall is then reloaded from the store).
    /// `observe`, when given, sees the state as of the decision (see Observe); `done` still comes only after the
    /// commit.
    void Execute(const std::string& hall_id, const Actor& actor, const Decide& decide,
                 std::function<void(core::Result<std::vector<store::RecordedEvent>>)> done,
                 const Observe& observe = {});

    /// Runs `read` on the hall's current state under its lock; kNotFound for an unknown hall.
    template <class F>
    auto Read(const std::string& hall_id, F&& read) -> core::Result<decltype(read(std::declval<const HallView&>()))> {
        using R = decltype(read(std::declval<const HallView&>()));
        core::Result<R> result = core::Fail(core::ErrorKind::kNotFound, "hall_not_found", "");
        auto found = WithHall(hall_id, [&](const HallView& view) { result = read(view); });
        if (!found) {
            return tl::unexpected(found.error());
        }
        return result;
    }

    /// Registers a listener for committed events (the SSE publisher).
    void OnCommit(CommitListener listener);

private:
    struct Hall;
    class Dispatcher;

    /// A stream's events folded into a state, and the stream's version.
    struct Folded {
        domain::queue::HallState state;
        std::int64_t version = 0;
    };

    core::Status WithHall(const std::string& hall_id, const std::function<void(const HallView&)>& read);
    [[nodiscard]] Folded Fold(const std::string& stream) const;
    void EnsureCurrent(Hall& hall, core::Instant now);
    void Committed(Hall& hall, core::Result<store::AppendResult> result,
                   const std::function<void(core::Result<std::vector<store::RecordedEvent>>)>& done);

    store::EventStore& events_;
    store::Catalog& catalog_;
    const core::Clock& clock_;
    std::unique_ptr<domain::queue::RoutingPolicy> policy_;
    domain::queue::QueueRules rules_;
    std::vector<domain::calendar::SpecialDay> closures_;
    std::map<std::string, std::unique_ptr<Hall>> halls_;  // fixed after Load()
    std::vector<CommitListener> listeners_;
    // Runs commit callbacks (rendering, SSE, responses) in commit order off the store's writer
    // thread, so the writer only commits. Declared last: destroyed first, after its queue drained.
    std::unique_ptr<Dispatcher> dispatcher_;
};

}  // namespace layan::engine
