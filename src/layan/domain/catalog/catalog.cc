#include "layan/domain/catalog/catalog.h"

#include <algorithm>

namespace layan::domain::catalog {

namespace {

std::chrono::weekday LocalWeekday(const Hall& hall, core::Instant now) {
    return std::chrono::weekday{std::chrono::sys_days{core::LocalDate(now, hall.utc_offset)}};
}

}  // namespace

const OpeningHours* HoursOnDayOf(const Hall& hall, core::Instant now) {
    const auto weekday = LocalWeekday(hall, now);
    auto it = std::find_if(hall.opening_hours.begin(), hall.opening_hours.end(),
                           [&](const OpeningHours& hours) { return hours.weekday == weekday; });
    return it == hall.opening_hours.end() ? nullptr : &*it;
}

bool IsOpenAt(const Hall& hall, core::Instant now) {
    const auto weekday = LocalWeekday(hall, now);
    const auto time = core::LocalTimeOfDay(now, hall.utc_offset);
    return std::any_of(hall.opening_hours.begin(), hall.opening_hours.end(), [&](const OpeningHours& hours) {
        return hours.weekday == weekday && hours.open <= time && time < hours.close;
    });
}

}  // namespace layan::domain::catalog
