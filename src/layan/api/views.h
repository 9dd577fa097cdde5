#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "layan/domain/catalog/catalog.h"
#include "layan/engine/hall_view.h"
#include "layan/engine/personal_data.h"
#include "layan/store/audit.h"

namespace layan::api {

/// How the API renders the hall's state as JSON (shapes in docs/API.md). Pure functions of a view.

/// "+07:00" and "WIB" for an offset.
[[nodiscard]] std::string OffsetText(core::UtcOffset offset);
[[nodiscard]] std::string TimeZoneName(core::UtcOffset offset);

/// A hall as listed by GET /api/v1/halls.
[[nodiscard]] nlohmann::json HallSummaryJson(const domain::catalog::Hall& hall);

/// A hall with its units, services, officers, opening hours and counters, and whether it takes tickets now.
/// The queue rules pages act on: {"routing_policy", "max_calls", "min_recall_gap_s", "max_priority_overtakes"}
/// (the console enables recall and no-show from them).
[[nodiscard]] nlohmann::json RulesJson(const engine::HallView& view);

[[nodiscard]] nlohmann::json HallJson(const engine::HallView& view, const std::vector<domain::catalog::Unit>& units);

/// {"days", "provisional_years"} of a calendar for `days` local dates from `from`: each day open with its hours,
/// or closed with why (a holiday, cuti bersama, a local closure, an override; null for a weekday without
/// hours), and whether it is provisional (its year's national list is not loaded).
[[nodiscard]] nlohmann::json CalendarDaysJson(const domain::calendar::WorkCalendar& work_calendar,
                                              std::chrono::year_month_day from, int days);

/// The hall's calendar (GET /api/v1/halls/{hall}/calendar): CalendarDaysJson with the hall and its offset.
[[nodiscard]] nlohmann::json HallCalendarJson(const domain::queue::HallContext& context,
                                              std::chrono::year_month_day from, int days);

/// A ticket with its counter once called and, while waiting and when the snapshot has it, its position and
/// predicted wait (pushed events leave it out: pages fetch their own ticket).
[[nodiscard]] nlohmann::json TicketJson(const engine::TicketSnapshot& ticket, const std::string& public_url);

/// A counter of the hall with its officer, services and current ticket.
[[nodiscard]] nlohmann::json CounterJson(const engine::CounterSnapshot& counter, const std::string& public_url);

/// The whole hall now: services with waiting counts, counters, recent calls, waiting tickets.
/// A service of the catalog as clients see it: code, unit, name, prefix, typical_service_min, standard, themes.
[[nodiscard]] nlohmann::json ServiceJson(const domain::catalog::Service& service);

[[nodiscard]] nlohmann::json QueueJson(const engine::HallView& view, const std::string& public_url);

/// What the vault holds on a citizen, masked, and their processing history (docs/audit-and-personal-data.md).
[[nodiscard]] nlohmann::json CitizenFileJson(const engine::CitizenFile& file);

/// A data subject's access request answered: everything held on whoever has the value
/// (docs/audit-and-personal-data.md). The API and `layan personal-data export` print this.
[[nodiscard]] nlohmann::json SubjectExportJson(const engine::SubjectExport& exported);

/// A verification of the audit chains: {"ok", "events", "streams", "head": {"position", "log_hash", "anchor"},
/// "problems": [...]}; `ok` is given apart, since a tenant's view may leave out other tenants' problems. The API
/// and `layan audit verify --json` print this.
[[nodiscard]] nlohmann::json AuditReportJson(const store::AuditReport& report, bool ok);

/// The citizen's status page of a ticket; with the ticket's survey key (`?k=`) when given.
[[nodiscard]] std::string StatusUrl(const std::string& public_url, const std::string& hall_id,
                                    const std::string& ticket_id, const std::string& survey_key = {});

}  // namespace layan::api
