#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/domain/calendar/work_calendar.h"

// The parts of a calendar document (format: data/calendar/README.md) one at a time, for the events that
// carry them (domain/calendar/layers.h) and the API. Read and written in the document's own words, so an
// event's JSON and a calendar file say a day the same way. Errors as WorkCalendar::FromJson's
// ("calendar_field_invalid" with details.path, "calendar_hours_invalid", "calendar_no_working_weekday").

namespace layan::domain::calendar {

/// A "schedule" object: keys mon..sun, each hours or null (closed). At least one weekday must work.
[[nodiscard]] core::Result<WeeklySchedule> ScheduleFromJson(const nlohmann::json& value);
/// One of "overrides": {date, working, hours?, reason?}. `path` names it in errors.
[[nodiscard]] core::Result<DayOverride> OverrideFromJson(const nlohmann::json& value, const std::string& path);
/// One of "days": {date, kind, name {id, en}}. `path` names it in errors.
[[nodiscard]] core::Result<SpecialDay> SpecialDayFromJson(const nlohmann::json& value, const std::string& path);

/// {open, close, break_start?, break_end?} ("HH:MM").
[[nodiscard]] nlohmann::json ToJson(const WorkingHours& hours);
/// Every weekday mon..sun, null when closed.
[[nodiscard]] nlohmann::json ToJson(const WeeklySchedule& schedule);
[[nodiscard]] nlohmann::json ToJson(const DayOverride& day);
[[nodiscard]] nlohmann::json ToJson(const SpecialDay& day);

}  // namespace layan::domain::calendar
