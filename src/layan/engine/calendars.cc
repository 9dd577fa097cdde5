#include "layan/engine/calendars.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "layan/engine/halls.h"

namespace layan::engine {

namespace calendar = domain::calendar;

core::Result<calendar::Event> TenantCalendarModel::Decode(const store::RecordedEvent& recorded) {
    return calendar::EventFromJson(recorded.type, recorded.data);
}

store::NewEvent TenantCalendarModel::Encode(const calendar::Event& event, const nlohmann::json& metadata) {
    return store::NewEvent{std::string(calendar::TypeName(event)), calendar::ToJson(event), metadata};
}

Calendars::Calendars(store::EventStore& events, Directory& directory, const core::Clock& clock,
                     calendar::WorkCalendar embedded)
    : directory_(directory),
      clock_(clock),
      embedded_(std::move(embedded)),
      streams_(events, dispatcher_,
               [this](const store::StreamId& id, const calendar::Layers& after, const std::vector<calendar::Event>&) {
                   // Another node's change (the stream's lock is held: copy, and tell the listeners after).
                   auto layers = std::make_shared<const calendar::Layers>(after);
                   dispatcher_.Post([this, tenant = id.owner(), layers] { Publish(tenant, *layers); });
               }) {}

Calendars::~Calendars() { Drain(); }

void Calendars::Load() {
    for (const auto& tenant : directory_.TenantIds()) {
        auto layers =
            streams_.Read(store::StreamId::TenantCalendar(tenant), [](const calendar::Layers& state) { return state; });
        if (!layers) {
            throw core::StorageUnavailable(layers.error().message);
        }
        std::lock_guard lock(mutex_);
        layers_.insert_or_assign(tenant, std::make_shared<const calendar::Layers>(std::move(*layers)));
    }
}

std::shared_ptr<const calendar::Layers> Calendars::LayersOf(std::string_view tenant_id) const {
    static const auto kNone = std::make_shared<const calendar::Layers>();
    std::lock_guard lock(mutex_);
    auto found = layers_.find(tenant_id);
    return found == layers_.end() ? kNone : found->second;
}

core::Status Calendars::CheckScope(const std::string& tenant_id, const calendar::Scope& scope) const {
    if (directory_.FindTenant(tenant_id) == nullptr) {
        return core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                          fmt::format("There is no tenant \"{}\".", tenant_id));
    }
    switch (scope.kind) {
        case calendar::Scope::Kind::kTenant:
            return {};
        case calendar::Scope::Kind::kHall:
            return directory_.InTenant(scope.id, tenant_id) ? core::Status{}
                                                            : core::Status{tl::unexpected(HallNotFound(scope.id))};
        case calendar::Scope::Kind::kUnit: {
            const auto& units = directory_.UnitsOf(tenant_id);
            if (std::any_of(units.begin(), units.end(), [&](const auto& unit) { return unit.id == scope.id; })) {
                return {};
            }
            return core::Fail(core::ErrorKind::kNotFound, "unit_not_found",
                              fmt::format("There is no unit \"{}\" in this tenant.", scope.id));
        }
    }
    return {};
}

core::Result<calendar::WorkCalendar> Calendars::CalendarOf(const std::string& tenant_id,
                                                           const calendar::Scope& scope) const {
    if (auto known = CheckScope(tenant_id, scope); !known) {
        return tl::unexpected(known.error());
    }
    return ScopeCalendar(*LayersOf(tenant_id), scope);
}

calendar::WorkCalendar Calendars::ScopeCalendar(const calendar::Layers& layers, const calendar::Scope& scope) const {
    switch (scope.kind) {
        case calendar::Scope::Kind::kHall:
            return calendar::HallCalendar(embedded_, layers, *directory_.FindHall(scope.id));
        case calendar::Scope::Kind::kUnit:
            return calendar::UnitCalendar(embedded_, layers, scope.id);
        case calendar::Scope::Kind::kTenant:
            break;
    }
    return calendar::TenantCalendar(embedded_, layers);
}

std::vector<std::chrono::year> Calendars::YearsToWarn(const std::string& tenant_id, calendar::Date today) const {
    return calendar::NationalOf(embedded_, *LayersOf(tenant_id)).YearsToWarn(today);
}

std::string Calendars::MissingYearMessage(std::chrono::year year) {
    return fmt::format(
        "The national holidays and cuti bersama of {0} are not loaded: in {0} the halls close only on the fixed-date "
        "holidays (1 January, 1 May, 1 June, 17 August, 25 December) and every working-day deadline that falls in "
        "{0} is provisional. Import the joint decree (SKB) for {0} once it is published: `layan calendar import "
        "id-{0}.json` (data/calendar/README.md), or POST it to /api/v1/tenants/{{tenant}}/calendar/years.",
        static_cast<int>(year));
}

void Calendars::OnChange(Listener listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
}

void Calendars::Publish(const std::string& tenant_id, const calendar::Layers& layers) {
    auto kept = std::make_shared<const calendar::Layers>(layers);
    std::vector<Listener> listeners;
    {
        std::lock_guard lock(mutex_);
        layers_.insert_or_assign(tenant_id, kept);
        listeners = listeners_;
    }
    for (const auto& listener : listeners) {
        listener(tenant_id, kept);
    }
}

void Calendars::Execute(const std::string& tenant_id, const Actor& actor, Decide decide,
                        std::function<void(core::Result<CalendarChange>)> done) {
    if (directory_.FindTenant(tenant_id) == nullptr) {
        return done(core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                               fmt::format("There is no tenant \"{}\".", tenant_id)));
    }
    streams_.Execute<CalendarChange>(
        store::StreamId::TenantCalendar(tenant_id), store::MetadataOf(actor), std::move(decide),
        [](const calendar::Layers& after, const std::vector<calendar::Event>& events) {
            return CalendarChange{std::make_shared<const calendar::Layers>(after), events};
        },
        std::function<void(core::Result<CalendarChange>)>(
            [this, tenant_id, done = std::move(done)](core::Result<CalendarChange> change) {
                if (change && !change->events.empty()) {
                    Publish(tenant_id, *change->layers);
                }
                done(std::move(change));
            }));
}

void Calendars::SetWeek(const std::string& tenant_id, const calendar::Scope& scope,
                        std::optional<calendar::WeeklySchedule> schedule, const Actor& actor,
                        std::function<void(core::Result<CalendarChange>)> done) {
    if (auto known = CheckScope(tenant_id, scope); !known) {
        return done(tl::unexpected(known.error()));
    }
    Execute(
        tenant_id, actor,
        [this, scope, schedule](const calendar::Layers&) { return calendar::SetWeek(scope, schedule, clock_.Now()); },
        std::move(done));
}

void Calendars::SetDay(const std::string& tenant_id, const calendar::Scope& scope, const calendar::DayOverride& day,
                       const Actor& actor, std::function<void(core::Result<CalendarChange>)> done) {
    if (auto known = CheckScope(tenant_id, scope); !known) {
        return done(tl::unexpected(known.error()));
    }
    Execute(
        tenant_id, actor,
        [this, scope, day](const calendar::Layers& layers) {
            // Decided on the scope's calendar as the stream now has it, under its lock (the day's earlier
            // decision, if any, is replaced: WorkCalendar::SetOverride).
            return calendar::SetDay(ScopeCalendar(layers, scope), scope, day, clock_.Now());
        },
        std::move(done));
}

void Calendars::ClearDay(const std::string& tenant_id, const calendar::Scope& scope, calendar::Date date,
                         const Actor& actor, std::function<void(core::Result<CalendarChange>)> done) {
    if (auto known = CheckScope(tenant_id, scope); !known) {
        return done(tl::unexpected(known.error()));
    }
    Execute(
        tenant_id, actor,
        [this, scope, date](const calendar::Layers& layers) {
            return calendar::ClearDay(layers, scope, date, clock_.Now());
        },
        std::move(done));
}

void Calendars::ImportYears(const std::string& tenant_id, std::string document, const Actor& actor,
                            std::function<void(core::Result<CalendarChange>)> done) {
    Execute(
        tenant_id, actor,
        [this, document = std::move(document)](const calendar::Layers&) {
            return calendar::ImportYears(document, clock_.Now());
        },
        std::move(done));
}

void Calendars::Drain() {
    streams_.Drain();
    dispatcher_.Drain();
}

void Calendars::Stop() {
    {
        std::lock_guard lock(mutex_);
        listeners_.clear();
    }
    Drain();
}

}  // namespace layan::engine
