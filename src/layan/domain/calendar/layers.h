#pragma once

#include <chrono>
#include <compare>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/catalog/catalog.h"

// A tenant's work calendar as administrators shape it: the events of its calendar stream
// ("tenant/<tenant>/calendar"), their fold into layers, and the one way a hall's, a unit's or the tenant's
// WorkCalendar is laid from them on the national calendar.
//
// Precedence for a date, highest first: the hall's or unit's own override, the tenant's override, the
// national holiday or cuti bersama (embedded data, or a year imported into the stream, which replaces it),
// the week. A hall's week is its own week if one was set, else its catalog opening hours; a unit's is its own,
// else the tenant's, else DefaultSchedule(); the tenant's is its own, else DefaultSchedule(). A unit's calendar
// counts its requests' deadlines; it does not close the unit's counters in a hall (the hall's calendar does).

namespace layan::domain::calendar {

/// Where a calendar change applies.
struct Scope {
    enum class Kind { kTenant, kUnit, kHall };
    Kind kind = Kind::kTenant;
    std::string id;  ///< The unit's or hall's id; empty for the tenant.

    [[nodiscard]] static Scope Tenant() { return {}; }
    [[nodiscard]] static Scope Unit(std::string id) { return Scope{Kind::kUnit, std::move(id)}; }
    [[nodiscard]] static Scope Hall(std::string id) { return Scope{Kind::kHall, std::move(id)}; }

    friend auto operator<=>(const Scope&, const Scope&) = default;
    friend bool operator==(const Scope&, const Scope&) = default;
};

/// "tenant", "unit" or "hall".
[[nodiscard]] std::string_view ToString(Scope::Kind kind);
/// {"kind": "tenant"} or {"kind": "unit"|"hall", "id": ...}.
[[nodiscard]] nlohmann::json ToJson(const Scope& scope);
/// Inverse of ToJson. Errors: kInvalid "calendar_scope_invalid" (details.field "scope").
[[nodiscard]] core::Result<Scope> ScopeFromJson(const nlohmann::json& value);

/// "calendar_week_set": the scope's week from now on; nullopt goes back to the scope's default (above).
struct WeekSet {
    static constexpr std::string_view kType = "calendar_week_set";
    core::Instant at{};
    Scope scope;
    std::optional<WeeklySchedule> schedule;
    friend bool operator==(const WeekSet&, const WeekSet&) = default;
};

/// "calendar_day_set": an administrator's decision for one date of the scope (closed, opened, other hours),
/// replacing the scope's earlier decision for that date.
struct DaySet {
    static constexpr std::string_view kType = "calendar_day_set";
    core::Instant at{};
    Scope scope;
    DayOverride day;
    friend bool operator==(const DaySet&, const DaySet&) = default;
};

/// "calendar_day_cleared": the scope's decision for a date is withdrawn.
struct DayCleared {
    static constexpr std::string_view kType = "calendar_day_cleared";
    core::Instant at{};
    Scope scope;
    Date date{};
    friend bool operator==(const DayCleared&, const DayCleared&) = default;
};

/// "calendar_year_imported": a year's national holidays and cuti bersama (a newly published SKB, or a
/// correction), replacing what the binary embeds for that year.
struct YearImported {
    static constexpr std::string_view kType = "calendar_year_imported";
    core::Instant at{};
    std::chrono::year year{};
    std::string source;  ///< The decree, as the document's "source" says.
    std::vector<SpecialDay> days;
    friend bool operator==(const YearImported&, const YearImported&) = default;
};

using Event = std::variant<WeekSet, DaySet, DayCleared, YearImported>;

[[nodiscard]] std::string_view TypeName(const Event& event);
[[nodiscard]] core::Instant At(const Event& event);
/// The event's data as stored (the type travels beside it).
[[nodiscard]] nlohmann::json ToJson(const Event& event);
/// Inverse of ToJson. Errors: kInvalid "calendar_event_invalid" for an unknown type; the parsers' errors for a
/// field.
[[nodiscard]] core::Result<Event> EventFromJson(std::string_view type, const nlohmann::json& data);

/// What one scope has decided.
struct Layer {
    std::optional<WeeklySchedule> week;
    std::map<std::chrono::sys_days, DayOverride> days;
    friend bool operator==(const Layer&, const Layer&) = default;
};

/// A tenant's calendar stream folded: each scope's layer and the imported years.
struct Layers {
    std::map<Scope, Layer> scopes;
    std::map<int, YearImported> years;

    void Apply(const Event& event);
    /// The scope's layer; an empty one when it has decided nothing.
    [[nodiscard]] const Layer& Of(const Scope& scope) const;

    friend bool operator==(const Layers&, const Layers&) = default;
};

/// `embedded` (the national calendar the binary carries) with the imported years laid over it.
[[nodiscard]] WorkCalendar NationalOf(WorkCalendar embedded, const Layers& layers);
/// The calendar of a hall: NationalOf(embedded), the hall's week, the tenant's and the hall's overrides.
[[nodiscard]] WorkCalendar HallCalendar(WorkCalendar embedded, const Layers& layers, const catalog::Hall& hall);
/// The calendar of a unit (its requests' deadlines): NationalOf(embedded), its week, the tenant's and its own
/// overrides.
[[nodiscard]] WorkCalendar UnitCalendar(WorkCalendar embedded, const Layers& layers, std::string_view unit_id);
/// The tenant's own calendar (what a unit without a week of its own follows).
[[nodiscard]] WorkCalendar TenantCalendar(WorkCalendar embedded, const Layers& layers);

// Decisions. `scope_calendar` is the scope's calendar as it is now (HallCalendar, UnitCalendar or
// TenantCalendar); the engine checks that the scope exists.

/// Sets a scope's week. Errors: "calendar_hours_invalid"; "calendar_no_working_weekday" for a week without a
/// working weekday (a hall closed for a while closes its days instead).
[[nodiscard]] core::Result<std::vector<Event>> SetWeek(const Scope& scope, std::optional<WeeklySchedule> schedule,
                                                       core::Instant now);
/// Decides a date for a scope. Errors: as WorkCalendar::SetOverride on `scope_calendar`
/// ("calendar_override_needs_hours", "calendar_hours_invalid", "calendar_field_invalid"); kInvalid
/// "reason_required" when closing or changing a day without a reason (the citizens see it).
[[nodiscard]] core::Result<std::vector<Event>> SetDay(const WorkCalendar& scope_calendar, const Scope& scope,
                                                      DayOverride day, core::Instant now);
/// Withdraws a scope's decision for a date; nothing when there is none (idempotent).
[[nodiscard]] core::Result<std::vector<Event>> ClearDay(const Layers& layers, const Scope& scope, Date date,
                                                        core::Instant now);
/// Imports the national years a calendar document declares complete ("years"), one event per year with its
/// holidays and cuti bersama. Errors: kInvalid "calendar_import_invalid" when the document declares no year,
/// or carries a schedule, local closures or overrides (those are a scope's decisions, not national data).
[[nodiscard]] core::Result<std::vector<Event>> ImportYears(std::string_view document_json, core::Instant now);

}  // namespace layan::domain::calendar
