#pragma once

#include <chrono>
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
#include "layan/domain/calendar/layers.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/engine/actor.h"
#include "layan/engine/directory.h"
#include "layan/engine/dispatcher.h"
#include "layan/engine/streams.h"
#include "layan/store/event_store.h"

/// The work calendar's use cases: each tenant's stream "tenant/<tenant>/calendar" (weeks, day overrides of the
/// tenant, its units and halls, imported national years; domain/calendar/layers.h) and the calendars laid from
/// it, the one model of "open" for the queue (the halls' contexts follow every change, this node's and other
/// nodes') and for deadlines (UnitCalendar).
namespace layan::engine {

/// How a tenant's calendar stream folds and travels through the store (see Streams).
struct TenantCalendarModel {
    using State = domain::calendar::Layers;
    using Event = domain::calendar::Event;
    static void Apply(State& state, const Event& event) { state.Apply(event); }
    static core::Result<Event> Decode(const store::RecordedEvent& recorded);
    static store::NewEvent Encode(const Event& event, const nlohmann::json& metadata);
};

/// What a calendar command answers: the tenant's layers after it and the events it appended (none when it
/// changed nothing).
struct CalendarChange {
    std::shared_ptr<const domain::calendar::Layers> layers;
    std::vector<domain::calendar::Event> events;
};

class Calendars {
public:
    /// Told of every change of a tenant's calendar (this node's commits and other nodes' events), on the
    /// engine's dispatch thread or the store's subscription thread, with no lock held.
    using Listener =
        std::function<void(const std::string& tenant_id, const std::shared_ptr<const domain::calendar::Layers>&)>;

    /// `embedded`: the national calendar the binary carries (store::NationalCalendar()).
    Calendars(store::EventStore& events, Directory& directory, const core::Clock& clock,
              domain::calendar::WorkCalendar embedded);
    /// Drain().
    ~Calendars();
    Calendars(const Calendars&) = delete;
    Calendars& operator=(const Calendars&) = delete;

    /// Reads every tenant's calendar stream. Call once, after the directory's Load and before the halls'.
    /// Throws core::StorageUnavailable when the store cannot be read.
    void Load();

    /// The tenant's layers as folded now; empty layers for a tenant without a calendar stream or unknown.
    [[nodiscard]] std::shared_ptr<const domain::calendar::Layers> LayersOf(std::string_view tenant_id) const;
    [[nodiscard]] const domain::calendar::WorkCalendar& embedded() const { return embedded_; }
    /// The calendar of a scope of the tenant now (domain::calendar::HallCalendar, UnitCalendar, TenantCalendar).
    /// Errors: 404 "hall_not_found" / "unit_not_found" for a scope not of this tenant.
    [[nodiscard]] core::Result<domain::calendar::WorkCalendar> CalendarOf(const std::string& tenant_id,
                                                                          const domain::calendar::Scope& scope) const;
    /// The years the tenant's administrators must load on `today` (WorkCalendar::YearsToWarn of the national
    /// calendar with the tenant's imported years).
    [[nodiscard]] std::vector<std::chrono::year> YearsToWarn(const std::string& tenant_id,
                                                             domain::calendar::Date today) const;
    /// What an administrator reads for a year of YearsToWarn: what it means and how to load it.
    [[nodiscard]] static std::string MissingYearMessage(std::chrono::year year);

    /// Registers a listener of changes.
    void OnChange(Listener listener);

    // Commands (the route checks calendar.manage in the tenant). Errors: the domain's decisions', 404 for an
    // unknown tenant or scope, 503 when the store fails.
    void SetWeek(const std::string& tenant_id, const domain::calendar::Scope& scope,
                 std::optional<domain::calendar::WeeklySchedule> schedule, const Actor& actor,
                 std::function<void(core::Result<CalendarChange>)> done);
    void SetDay(const std::string& tenant_id, const domain::calendar::Scope& scope,
                const domain::calendar::DayOverride& day, const Actor& actor,
                std::function<void(core::Result<CalendarChange>)> done);
    void ClearDay(const std::string& tenant_id, const domain::calendar::Scope& scope, domain::calendar::Date date,
                  const Actor& actor, std::function<void(core::Result<CalendarChange>)> done);
    /// Imports the national years of a calendar document (data/calendar/README.md) into the tenant's stream.
    void ImportYears(const std::string& tenant_id, std::string document, const Actor& actor,
                     std::function<void(core::Result<CalendarChange>)> done);

    /// Waits until every change submitted has been committed (or failed) and its callbacks have run.
    void Drain();
    /// Tells no listener any more (they may be gone), then Drain(). Idempotent.
    void Stop();

private:
    using Decide = std::function<core::Result<std::vector<domain::calendar::Event>>(const domain::calendar::Layers&)>;
    void Execute(const std::string& tenant_id, const Actor& actor, Decide decide,
                 std::function<void(core::Result<CalendarChange>)> done);
    /// The scope's calendar laid from `layers` (the scope is known to exist: CheckScope).
    [[nodiscard]] domain::calendar::WorkCalendar ScopeCalendar(const domain::calendar::Layers& layers,
                                                               const domain::calendar::Scope& scope) const;
    [[nodiscard]] core::Status CheckScope(const std::string& tenant_id, const domain::calendar::Scope& scope) const;
    /// Keeps the tenant's new layers and tells the listeners.
    void Publish(const std::string& tenant_id, const domain::calendar::Layers& layers);

    Directory& directory_;
    const core::Clock& clock_;
    domain::calendar::WorkCalendar embedded_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const domain::calendar::Layers>, std::less<>> layers_;  // by mutex_
    std::vector<Listener> listeners_;                                                             // by mutex_
    Dispatcher dispatcher_;
    Streams<TenantCalendarModel> streams_;
};

}  // namespace layan::engine
