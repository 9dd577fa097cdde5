#include "layan/api/views.h"

#include <algorithm>

#include <fmt/format.h>

#include "layan/domain/queue/prediction.h"
#include "layan/domain/queue/routing.h"
#include "layan/domain/speech/speech.h"
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

std::string StatusUrl(const std::string& public_url, const std::string& hall_id, const std::string& ticket_id) {
    return fmt::format("{}/t/{}/{}", public_url, hall_id, ticket_id);
}

namespace {

json Instant(std::optional<core::Instant> t) { return t ? json(core::FormatIso8601(*t)) : json(nullptr); }

json CounterRef(const engine::HallView& view, const std::string& counter_id) {
    if (counter_id.empty()) {
        return nullptr;
    }
    const auto* counter = view.context.FindCounter(counter_id);
    return json{{"id", counter_id},
                {"name", view.context.CounterName(counter_id)},
                {"number", counter != nullptr ? counter->number : 0}};
}

json ServiceName(const engine::HallView& view, const std::string& code) {
    const auto* service = view.context.FindService(code);
    return service != nullptr ? store::ToJson(service->name) : json{{"id", code}, {"en", code}};
}

}  // namespace

std::string Announcement(const engine::HallView& view, const queue::Ticket& ticket) {
    if (ticket.counter_id.empty()) {
        return "";
    }
    const auto* counter = view.context.FindCounter(ticket.counter_id);
    return domain::speech::CallAnnouncement(ticket.number, counter != nullptr ? counter->number : 0);
}

json TicketJson(const engine::HallView& view, const queue::Ticket& ticket, const std::string& public_url,
                bool with_prediction) {
    const auto& offset = view.context.hall.utc_offset;
    json out{{"id", ticket.id},
             {"number", ticket.number},
             {"service", ticket.service},
             {"service_name", ServiceName(view, ticket.service)},
             {"priority", ticket.priority ? json(std::string(queue::ToString(*ticket.priority))) : json(nullptr)},
             {"status", std::string(queue::ToString(ticket.status))},
             {"issued_at", core::FormatIso8601(ticket.arrived_at)},
             {"issued_at_local", core::FormatIso8601(ticket.arrived_at, offset)},
             {"calls", ticket.calls},
             {"called_at", Instant(ticket.last_called_at)},
             {"counter", CounterRef(view, ticket.counter_id)},
             {"transferred_from", ticket.transferred_from},
             {"status_url", StatusUrl(public_url, view.context.hall.id, ticket.id)}};
    if (ticket.status == queue::TicketStatus::kWaiting && with_prediction) {
        auto prediction = queue::PredictWait(view.state, view.context, ticket.id, view.now);
        if (prediction) {
            out["position"] = prediction->position;
            out["predicted_wait_min"] = prediction->expected_minutes;
            out["predicted_wait"] = json{{"low_min", prediction->low_minutes},
                                         {"high_min", prediction->high_minutes},
                                         {"no_counter_open", prediction->no_counter_open}};
        }
    } else if (ticket.status != queue::TicketStatus::kWaiting) {
        out["position"] = nullptr;
        out["predicted_wait_min"] = nullptr;
        out["predicted_wait"] = nullptr;
    }
    return out;
}

json CounterJson(const engine::HallView& view, const domain::catalog::Counter& counter, const std::string& public_url) {
    json out{{"id", counter.id}, {"name", counter.name}, {"number", counter.number}};
    const auto* state = view.state.FindCounter(counter.id);
    if (state == nullptr || state->status == queue::CounterStatus::kClosed) {
        out.update(json{{"status", "closed"},
                        {"officer", nullptr},
                        {"services", json::array()},
                        {"ticket", nullptr},
                        {"pause_reason", nullptr}});
        return out;
    }
    const auto* officer = view.context.FindOfficer(state->officer_id);
    out["status"] = std::string(queue::ToString(state->status));
    out["officer"] = json{{"id", state->officer_id}, {"name", officer != nullptr ? officer->name : state->officer_id}};
    out["services"] = state->services;
    const auto* ticket = state->busy() ? view.state.FindTicket(state->current_ticket) : nullptr;
    out["ticket"] = ticket != nullptr ? TicketJson(view, *ticket, public_url) : json(nullptr);
    out["pause_reason"] = state->status == queue::CounterStatus::kPaused ? json(state->pause_reason) : json(nullptr);
    return out;
}

json ServiceJson(const domain::catalog::Service& service) {
    return json{{"code", service.code},
                {"unit", service.unit_id},
                {"name", store::ToJson(service.name)},
                {"prefix", service.ticket_prefix},
                {"typical_service_min", service.typical_service_time.count()},
                {"standard", store::ToJson(service.standard)},
                {"themes", service.themes}};
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
                 {"name", ServiceName(view, code)},
                 {"unit", service != nullptr ? service->unit_id : ""},
                 {"prefix", service != nullptr ? service->ticket_prefix : ""},
                 {"waiting", summary.waiting},
                 {"priority_waiting", summary.priority_waiting},
                 {"counters_open", summary.open_counters},
                 {"longest_wait_min", std::chrono::duration_cast<std::chrono::minutes>(summary.longest_wait).count()}});
    }
    json counters = json::array();
    for (const auto& counter : hall.counters) {
        counters.push_back(CounterJson(view, counter, public_url));
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
                              {"counter", CounterRef(view, ticket.counter_id)},
                              {"at", core::FormatIso8601(*ticket.last_called_at)},
                              {"announcement", Announcement(view, ticket)}});
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

}  // namespace layan::api
