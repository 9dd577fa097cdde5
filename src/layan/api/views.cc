#include "layan/api/views.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/queue/prediction.h"
#include "layan/domain/queue/routing.h"
#include "layan/store/catalog_json.h"

namespace layan::api {

namespace queue = domain::queue;
using nlohmann::json;

std::string OffsetText(core::UtcOffset offset) {
    auto m = offset.minutes.count();
    return fmt::format("{}{:02}:{:02}", m < 0 ? '-' : '+', std::abs(m) / 60, std::abs(m) % 60);
}

std::string TimeZoneName(core::UtcOffset offset) {
    if (offset == core::kWib) {
        return "WIB";
    }
    if (offset == core::kWita) {
        return "WITA";
    }
    if (offset == core::kWit) {
        return "WIT";
    }
    return "UTC" + OffsetText(offset);
}

json HallSummaryJson(const domain::catalog::Hall& hall) {
    return json{{"id", hall.id},
                {"name", hall.name},
                {"tenant", hall.tenant_id},
                {"utc_offset", OffsetText(hall.utc_offset)},
                {"time_zone", TimeZoneName(hall.utc_offset)}};
}

std::string StatusUrl(const std::string& public_url, const std::string& hall_id, const std::string& ticket_id,
                      const std::string& survey_key) {
    if (survey_key.empty()) {
        return fmt::format("{}/t/{}/{}", public_url, hall_id, ticket_id);
    }
    return fmt::format("{}/t/{}/{}?k={}", public_url, hall_id, ticket_id, survey_key);
}

namespace {

json Instant(std::optional<core::Instant> t) { return t ? json(core::FormatIso8601(*t)) : json(nullptr); }

json CounterRef(const queue::HallContext& context, const std::string& counter_id) {
    if (counter_id.empty()) {
        return nullptr;
    }
    const auto* counter = context.FindCounter(counter_id);
    return json{{"id", counter_id},
                {"name", context.CounterName(counter_id)},
                {"number", counter != nullptr ? counter->number : 0}};
}

json ServiceName(const queue::HallContext& context, const std::string& code) {
    const auto* service = context.FindService(code);
    return service != nullptr ? store::ToJson(service->name) : json{{"id", code}, {"en", code}};
}

}  // namespace

json TicketJson(const engine::TicketSnapshot& snapshot, const std::string& public_url) {
    const auto& ticket = snapshot.ticket;
    const auto& context = *snapshot.context;
    const auto& offset = context.hall.utc_offset;
    json out{{"id", ticket.id},
             {"number", ticket.number},
             {"service", ticket.service},
             {"service_name", ServiceName(context, ticket.service)},
             {"priority", ticket.priority ? json(std::string(queue::ToString(*ticket.priority))) : json(nullptr)},
             {"status", std::string(queue::ToString(ticket.status))},
             {"issued_at", core::FormatIso8601(ticket.arrived_at)},
             {"issued_at_local", core::FormatIso8601(ticket.arrived_at, offset)},
             {"calls", ticket.calls},
             {"called_at", Instant(ticket.last_called_at)},
             {"counter", CounterRef(context, ticket.counter_id)},
             {"transferred_from", ticket.transferred_from},
             {"status_url", StatusUrl(public_url, context.hall.id, ticket.id)}};
    if (const auto& prediction = snapshot.prediction) {
        out["position"] = prediction->position;
        out["predicted_wait_min"] = prediction->expected_minutes;
        out["predicted_wait"] = json{{"low_min", prediction->low_minutes},
                                     {"high_min", prediction->high_minutes},
                                     {"no_counter_open", prediction->no_counter_open}};
    } else if (ticket.status != queue::TicketStatus::kWaiting) {
        out["position"] = nullptr;
        out["predicted_wait_min"] = nullptr;
        out["predicted_wait"] = nullptr;
    }
    return out;
}

json CounterJson(const engine::CounterSnapshot& snapshot, const std::string& public_url) {
    const auto& counter = snapshot.counter;
    json out{{"id", counter.id}, {"name", counter.name}, {"number", counter.number}};
    const auto& state = snapshot.state;
    if (!state || state->status == queue::CounterStatus::kClosed) {
        out.update(json{{"status", "closed"},
                        {"officer", nullptr},
                        {"services", json::array()},
                        {"ticket", nullptr},
                        {"pause_reason", nullptr}});
        return out;
    }
    const auto* officer = snapshot.context->FindOfficer(state->officer_id);
    out["status"] = std::string(queue::ToString(state->status));
    out["officer"] = json{{"id", state->officer_id}, {"name", officer != nullptr ? officer->name : state->officer_id}};
    out["services"] = state->services;
    out["ticket"] = snapshot.ticket ? TicketJson(*snapshot.ticket, public_url) : json(nullptr);
    out["pause_reason"] = state->status == queue::CounterStatus::kPaused ? json(state->pause_reason) : json(nullptr);
    return out;
}

json ServiceJson(const domain::catalog::Service& service) {
    return json{{"code", service.code},
                {"unit", service.unit_id},
                {"name", store::ToJson(service.name)},
                {"prefix", service.ticket_prefix},
                {"typical_service_min", service.typical_service_time.count()},
                {"themes", service.themes}};
}

json RulesJson(const engine::HallView& view) {
    const auto& rules = view.context.rules;
    return json{{"routing_policy", view.policy.Name()},
                {"max_calls", rules.max_calls},
                {"min_recall_gap_s", rules.min_recall_gap.count()},
                {"max_priority_overtakes", rules.max_priority_overtakes}};
}

json HallJson(const engine::HallView& view, const std::vector<domain::catalog::Unit>& units) {
    const auto& hall = view.context.hall;
    json out = HallSummaryJson(hall);
    json unit_list = json::array();
    for (const auto& unit : units) {
        unit_list.push_back(json{{"id", unit.id}, {"name", store::ToJson(unit.name)}});
    }
    json services = json::array();
    for (const auto& [code, service] : view.context.services) {
        if (view.context.Offers(code)) {
            services.push_back(ServiceJson(service));
        }
    }
    json officers = json::array();
    for (const auto& [id, officer] : view.context.officers) {
        officers.push_back(
            json{{"id", officer.id}, {"name", officer.name}, {"unit", officer.unit_id}, {"skills", officer.skills}});
    }
    json hours = json::array();
    for (const auto& h : hall.opening_hours) {
        hours.push_back(store::ToJson(h));
    }
    json counters = json::array();
    for (const auto& c : hall.counters) {
        counters.push_back(json{{"id", c.id}, {"name", c.name}, {"number", c.number}});
    }
    out.update(json{{"units", unit_list},
                    {"services", services},
                    {"officers", officers},
                    {"opening_hours", hours},
                    {"counters", counters},
                    {"open_now", view.context.IsOpenAt(view.now)},
                    {"rules", RulesJson(view)}});
    return out;
}

json CalendarDaysJson(const domain::calendar::WorkCalendar& work_calendar, std::chrono::year_month_day from, int days) {
    namespace calendar = domain::calendar;
    json list = json::array();
    std::set<int> provisional_years;
    for (int i = 0; i < days; ++i) {
        const std::chrono::year_month_day date{std::chrono::sys_days{from} + std::chrono::days{i}};
        const bool provisional = work_calendar.IsProvisional(date);
        if (provisional) {
            provisional_years.insert(static_cast<int>(date.year()));
        }
        json day{{"date", core::FormatDate(date)}, {"provisional", provisional}};
        const auto* decided = work_calendar.OverrideOn(date);
        if (auto hours = work_calendar.HoursOn(date)) {
            day["open"] = true;
            day["hours"] = {{"open", calendar::FormatTimeOfDay(hours->open)},
                            {"close", calendar::FormatTimeOfDay(hours->close)}};
            if (hours->break_start < hours->break_end) {
                day["hours"]["break"] = {{"from", calendar::FormatTimeOfDay(hours->break_start)},
                                         {"to", calendar::FormatTimeOfDay(hours->break_end)}};
            }
        } else {
            day["open"] = false;
            day["closed"] = nullptr;
            if (auto closure = work_calendar.ClosureOn(date)) {
                day["closed"] = {
                    {"kind", calendar::KindName(*closure)}, {"id", closure->name.id}, {"en", closure->name.en}};
            }
        }
        if (decided != nullptr && !decided->reason.empty()) {
            day["override_reason"] = decided->reason;
        }
        list.push_back(std::move(day));
    }
    return json{{"days", std::move(list)}, {"provisional_years", provisional_years}};
}

json HallCalendarJson(const queue::HallContext& context, std::chrono::year_month_day from, int days) {
    json out{{"hall", context.hall.id}, {"utc_offset", OffsetText(context.hall.utc_offset)}};
    out.update(CalendarDaysJson(context.calendar, from, days));
    return out;
}

json QueueJson(const engine::HallView& view, const std::string& public_url) {
    const auto& hall = view.context.hall;
    json services = json::array();
    auto summaries = view.state.Summaries(view.now);
    for (const auto& code : hall.service_codes) {
        const auto* service = view.context.FindService(code);
        auto it = std::find_if(summaries.begin(), summaries.end(), [&](const auto& s) { return s.service == code; });
        queue::ServiceSummary summary = it != summaries.end() ? *it : queue::ServiceSummary{.service = code};
        services.push_back(
            json{{"code", code},
                 {"name", ServiceName(view.context, code)},
                 {"unit", service != nullptr ? service->unit_id : ""},
                 {"prefix", service != nullptr ? service->ticket_prefix : ""},
                 {"waiting", summary.waiting},
                 {"priority_waiting", summary.priority_waiting},
                 {"counters_open", summary.open_counters},
                 {"longest_wait_min", std::chrono::duration_cast<std::chrono::minutes>(summary.longest_wait).count()}});
    }
    json counters = json::array();
    for (const auto& counter : hall.counters) {
        counters.push_back(CounterJson(engine::SnapshotOf(view, counter), public_url));
    }
    // The latest calls first: what the display board shows at the top.
    std::vector<const queue::Ticket*> called;
    for (const auto& ticket : view.state.Tickets()) {
        if (ticket.last_called_at && !ticket.counter_id.empty()) {
            called.push_back(&ticket);
        }
    }
    std::sort(called.begin(), called.end(),
              [](const auto* a, const auto* b) { return *a->last_called_at > *b->last_called_at; });
    json recent = json::array();
    for (std::size_t i = 0; i < called.size() && i < 10; ++i) {
        const auto& ticket = *called[i];
        recent.push_back(json{{"ticket", ticket.id},
                              {"number", ticket.number},
                              {"service", ticket.service},
                              {"status", std::string(queue::ToString(ticket.status))},
                              {"counter", CounterRef(view.context, ticket.counter_id)},
                              {"at", core::FormatIso8601(*ticket.last_called_at)},
                              {"announcement", engine::AnnouncementOf(view, ticket)}});
    }
    json waiting = json::array();
    for (const auto& prediction : queue::PredictAll(view.state, view.context, view.now)) {
        const auto* ticket = view.state.FindTicket(prediction.ticket_id);
        waiting.push_back(json{
            {"id", prediction.ticket_id},
            {"number", ticket != nullptr ? ticket->number : ""},
            {"service", prediction.service},
            {"priority", ticket != nullptr && ticket->priority ? json(std::string(queue::ToString(*ticket->priority)))
                                                               : json(nullptr)},
            {"position", prediction.position},
            {"predicted_wait_min", prediction.expected_minutes}});
    }
    return json{{"hall", hall.id},
                {"date", core::FormatDate(core::LocalDate(view.now, hall.utc_offset))},
                {"now", core::FormatIso8601(view.now)},
                {"open_now", view.context.IsOpenAt(view.now)},
                {"services", services},
                {"counters", counters},
                {"recent_calls", recent},
                {"waiting", waiting}};
}

namespace {

json Stamp(const store::RecordedEvent& event) {
    return json{{"type", event.type}, {"at", core::FormatIso8601(event.recorded_at)}};
}

json ValuesJson(const std::vector<store::PersonalValue>& values) {
    json out = json::array();
    for (const auto& held : values) {
        out.push_back(json{{"kind", store::ToString(held.kind)},
                           {"value", held.value},
                           {"purpose", held.ground.purpose},
                           {"basis", held.ground.basis}});
    }
    return out;
}

json ProcessingJson(const std::vector<store::RecordedEvent>& records) {
    json out = json::array();
    for (const auto& record : records) {
        auto entry = Stamp(record);
        entry["details"] = record.data;
        entry["by"] = record.metadata;
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

json CitizenFileJson(const engine::CitizenFile& file) {
    const auto& citizen = file.record;
    return json{
        {"citizen_ref", citizen.ref},
        {"hall", citizen.hall_id},
        {"ticket", citizen.ticket_id.empty() ? json(nullptr)
                                             : json{{"id", citizen.ticket_id}, {"stream", citizen.ticket_stream}}},
        {"collected_at", core::FormatIso8601(citizen.collected_at)},
        {"erased_at", Instant(citizen.erased_at)},
        {"erase_reason", citizen.erased_at ? json(citizen.erase_reason) : json(nullptr)},
        {"data", ValuesJson(file.values)},
        {"processing", ProcessingJson(file.processing)}};
}

json SubjectExportJson(const engine::SubjectExport& exported) {
    json citizens = json::array();
    for (const auto& each : exported.citizens) {
        const auto& citizen = each.record;
        json ticket = nullptr;
        if (!citizen.ticket_stream.empty()) {
            json events = json::array();
            for (const auto& event : each.ticket_events) {
                // Officers' addresses and devices in the metadata are theirs, not the citizen's.
                auto entry = Stamp(event);
                entry["data"] = event.data;
                events.push_back(std::move(entry));
            }
            ticket = {{"id", citizen.ticket_id}, {"stream", citizen.ticket_stream}, {"events", events}};
        }
        citizens.push_back(json{{"citizen_ref", citizen.ref},
                                {"hall", citizen.hall_id},
                                {"collected_at", core::FormatIso8601(citizen.collected_at)},
                                {"data", ValuesJson(each.values)},
                                {"ticket", ticket},
                                {"processing", ProcessingJson(each.processing)}});
    }
    return json{{"subject", {{"kind", store::ToString(exported.kind)}, {"value", exported.value}}},
                {"as_of_position", exported.as_of_position},
                {"citizens", citizens}};
}

json AuditReportJson(const store::AuditReport& report, bool ok) {
    json problems = json::array();
    for (const auto& problem : report.problems) {
        problems.push_back(json{{"kind", store::ToString(problem.kind)},
                                {"stream", problem.stream},
                                {"version", problem.version},
                                {"position", problem.position},
                                {"message", problem.message}});
    }
    auto head_hash = store::crypto::ToHex(report.head.log_hash);
    return json{{"ok", ok},
                {"events", report.events},
                {"streams", report.streams},
                {"head",
                 {{"position", report.head.position},
                  {"log_hash", head_hash},
                  {"anchor", fmt::format("{}:{}", report.head.position, head_hash)}}},
                {"problems", problems}};
}

}  // namespace layan::api
