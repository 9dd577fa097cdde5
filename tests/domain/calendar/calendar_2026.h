#pragma once

// What the tests of domain/calendar share: the national 2026 calendar read from its data file, and WIB
// wall-clock instants.

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "layan/core/time.h"
#include "layan/domain/calendar/work_calendar.h"

namespace layan::domain::calendar::fixtures {

/// The national 2026 calendar (holidays, cuti bersama, the default week) from data/calendar/id-2026.json;
/// 2027 has no holiday data.
inline WorkCalendar Calendar2026() {
    std::ifstream in(LAYAN_SOURCE_DIR "/data/calendar/id-2026.json");
    if (!in) {
        throw std::runtime_error("cannot open data/calendar/id-2026.json");
    }
    std::stringstream text;
    text << in.rdbuf();
    auto calendar = WorkCalendar::FromJson(text.str());
    if (!calendar) {
        throw std::runtime_error(calendar.error().message);
    }
    return *calendar;
}

/// A local wall-clock time in WIB.
inline core::Instant Wib(std::chrono::year_month_day day, int hh, int mm) {
    return core::FromLocal(day, std::chrono::minutes{hh * 60 + mm}, core::kWib);
}

}  // namespace layan::domain::calendar::fixtures
