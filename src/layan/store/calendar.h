#pragma once

#include "layan/domain/calendar/work_calendar.h"

namespace layan::store {

/// Indonesia's national work calendar as compiled into the binary from data/calendar/id-*.json:
/// national holidays and cuti bersama per year, and the default office week. Throws
/// std::runtime_error naming the file if an embedded file does not parse (a build defect).
[[nodiscard]] domain::calendar::WorkCalendar NationalCalendar();

}  // namespace layan::store
