#include "layan/engine/halls.h"

#include <algorithm>

#include <fmt/format.h>

namespace layan::engine {

namespace queue = domain::queue;

core::Error HallNotFound(std::string_view hall_id) {
    return core::Error{core::ErrorKind::kNotFound, "hall_not_found", fmt::format("There is no hall \"{}\".", hall_id),
                       nullptr};
}

core::Result<queue::Event> HallDayModel::Decode(const store::RecordedEvent& recorded) {
    return queue::FromJson(recorded.type, recorded.data);
}

store::NewEvent HallDayModel::Encode(const queue::Event& event, const nlohmann::json& metadata) {
    return store::NewEvent{std::string(queue::TypeName(event)), queue::ToJson(event), metadata};
}

Halls::Halls(store::EventStore& events, store::Catalog& catalog, const core::Clock& clock,
             std::unique_ptr<queue::RoutingPolicy> policy, queue::QueueRules rules, Calendars& calendars)
    : catalog_(catalog),
      clock_(clock),
      policy_(std::move(policy)),
      rules_(rules),
      calendars_(calendars),
      streams_(events, dispatcher_,
               [this](const store::StreamId& id, const queue::HallState& state,
                      const std::vector<queue::Event>& observed) { Observed(id, state, observed); }) {}

void Halls::Observed(const store::StreamId& id, const queue::HallState& state,
                     const std::vector<queue::Event>& events) {
    // Another node's command on a hall held here: its boards and consoles hear of it like of this node's.
    if (listeners_.empty()) {
        return;
    }
    auto found = halls_.find(id.owner());
    if (found == halls_.end()) {
        return;
    }
    std::shared_ptr<const queue::HallContext> context;
    {
        std::lock_guard lock(found->second->mutex);
        if (found->second->stream != id) {
            return;  // not the hall's day any more
        }
        context = found->second->context;
    }
    auto changes = ChangesOf(HallView{state, *context, *policy_, clock_.Now(), context}, events);
    if (changes.empty()) {
        return;
    }
    dispatcher_.Post([this, hall_id = id.owner(), changes = std::move(changes)] {
        for (const auto& listener : listeners_) {
            listener(hall_id, changes);
        }
    });
}

Halls::~Halls() { Drain(); }

void Halls::Load() {
    const auto now = clock_.Now();
    for (auto& hall : catalog_.ListHalls()) {
        const auto tenant = hall.tenant_id;
        auto context =
            queue::HallContext::Make(std::move(hall), catalog_.ListServices(tenant), catalog_.ListOfficers(tenant),
                                     rules_, calendars_.embedded(), *calendars_.LayersOf(tenant));
        auto entry = std::make_unique<Hall>();
        entry->context = std::make_shared<const queue::HallContext>(std::move(context));
        const auto id = entry->context->hall.id;
        SwitchDay(*entry, now);
        (void)streams_.Read(*entry->stream, [](const queue::HallState&) { return true; });  // load today now
        halls_.emplace(id, std::move(entry));
    }
    calendars_.OnChange(
        [this](const std::string& tenant_id, const std::shared_ptr<const domain::calendar::Layers>& layers) {
            Recalendar(tenant_id, *layers);
        });
}

void Halls::Recalendar(const std::string& tenant_id, const domain::calendar::Layers& layers) {
    for (auto& [id, hall] : halls_) {
        std::lock_guard lock(hall->mutex);
        if (hall->context->hall.tenant_id != tenant_id) {
            continue;
        }
        auto next = std::make_shared<queue::HallContext>(*hall->context);
        next->calendar = domain::calendar::HallCalendar(calendars_.embedded(), layers, next->hall);
        hall->context = std::move(next);
    }
}

std::vector<std::string> Halls::HallIds() const {
    std::vector<std::string> ids;
    ids.reserve(halls_.size());
    for (const auto& [id, hall] : halls_) {
        ids.push_back(id);
    }
    return ids;
}

const domain::catalog::Hall* Halls::FindHall(std::string_view hall_id) const {
    auto found = halls_.find(hall_id);
    return found == halls_.end() ? nullptr : &found->second->context->hall;
}

core::Result<Halls::Today> Halls::TodayOf(const std::string& hall_id) {
    auto found = halls_.find(hall_id);
    if (found == halls_.end()) {
        return tl::unexpected(HallNotFound(hall_id));
    }
    Hall& hall = *found->second;
    const auto now = clock_.Now();
    {
        std::lock_guard lock(hall.mutex);
        if (hall.stream && hall.day == core::LocalDate(now, hall.context->hall.utc_offset)) {
            return Today{hall.context, *hall.stream, now};
        }
    }
    return SwitchDay(hall, now);
}

core::Instant Halls::NowWithin(const Today& today) const {
    const auto now = clock_.Now();
    const auto offset = today.context->hall.utc_offset;
    return core::LocalDate(now, offset) == *today.stream.day() ? std::max(now, today.now) : today.now;
}

Halls::Today Halls::SwitchDay(Hall& hall, core::Instant now) {
    std::shared_ptr<const queue::HallContext> context;
    {
        std::lock_guard lock(hall.mutex);
        context = hall.context;
    }
    const auto today = core::LocalDate(now, context->hall.utc_offset);
    // Service times of the days before feed the predictions (HallContext::history): read outside any lock.
    std::vector<queue::HallState> days;
    days.reserve(kHistoryDays);
    for (int back = 1; back <= kHistoryDays; ++back) {
        const std::chrono::year_month_day day{std::chrono::sys_days{today} - std::chrono::days{back}};
        days.push_back(streams_.Fold(store::StreamId::HallDay(context->hall.id, day)).state);
    }
    auto next = std::make_shared<queue::HallContext>(*context);
    next->history = queue::MeanServiceTimes(days, *next);

    std::optional<store::StreamId> gone;
    std::lock_guard lock(hall.mutex);
    if (!hall.stream || hall.day != today) {      // another thread may have switched meanwhile
        next->calendar = hall.context->calendar;  // as it is now: the calendar may have changed meanwhile
        gone = hall.stream;
        hall.context = std::move(next);
        hall.day = today;
        hall.stream = store::StreamId::HallDay(hall.context->hall.id, today);
    }
    if (gone && *gone != *hall.stream) {
        streams_.Evict(*gone);
    }
    return Today{hall.context, *hall.stream, now};
}

std::optional<HallRevision> Halls::Revision(const std::string& hall_id) {
    auto today = TodayOf(hall_id);
    if (!today) {
        return std::nullopt;
    }
    auto version = streams_.Version(today->stream);
    return version ? std::optional{HallRevision{*today->stream.day(), *version}} : std::nullopt;
}

void Halls::OnCommit(HallListener listener) { listeners_.push_back(std::move(listener)); }

void Halls::Drain() {
    streams_.Drain();
    dispatcher_.Drain();
}

}  // namespace layan::engine
