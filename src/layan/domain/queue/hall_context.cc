#include "layan/domain/queue/hall_context.h"

#include <algorithm>
#include <stdexcept>

namespace layan::domain::queue {

HallContext HallContext::Make(catalog::Hall hall, const std::vector<catalog::Service>& services,
                              const std::vector<catalog::Officer>& officers, QueueRules rules,
                              calendar::WorkCalendar national, const calendar::Layers& layers) {
    HallContext context;
    context.calendar = calendar::HallCalendar(std::move(national), layers, hall);
    context.hall = std::move(hall);
    for (const auto& service : services) {
        context.services.insert_or_assign(service.code, service);
    }
    for (const auto& officer : officers) {
        context.officers.insert_or_assign(officer.id, officer);
    }
    context.rules = rules;
    return context;
}

const catalog::Service* HallContext::FindService(std::string_view code) const {
    auto it = services.find(code);
    return it == services.end() ? nullptr : &it->second;
}

const catalog::Officer* HallContext::FindOfficer(std::string_view id) const {
    auto it = officers.find(id);
    return it == officers.end() ? nullptr : &it->second;
}

const catalog::Counter* HallContext::FindCounter(std::string_view id) const {
    auto it = std::find_if(hall.counters.begin(), hall.counters.end(),
                           [id](const catalog::Counter& counter) { return counter.id == id; });
    return it == hall.counters.end() ? nullptr : &*it;
}

bool HallContext::Offers(std::string_view service) const {
    return FindService(service) != nullptr &&
           std::find(hall.service_codes.begin(), hall.service_codes.end(), service) != hall.service_codes.end();
}

std::string HallContext::CounterName(std::string_view id) const {
    const auto* counter = FindCounter(id);
    return counter && !counter->name.empty() ? counter->name : std::string(id);
}

std::chrono::minutes HallContext::TypicalServiceTime(std::string_view service) const {
    const auto* found = FindService(service);
    return found ? found->typical_service_time : catalog::Service{}.typical_service_time;
}

bool HallContext::IsOpenAt(core::Instant now) const { return calendar.IsOpenAt(now, hall.utc_offset); }

core::Millis HallContext::PriorServiceTime(std::string_view service) const {
    if (auto it = history.find(service); it != history.end()) {
        return it->second;
    }
    return std::chrono::duration_cast<core::Millis>(TypicalServiceTime(service));
}

}  // namespace layan::domain::queue
