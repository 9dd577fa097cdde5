#include "layan/domain/queue/commands.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

namespace layan::domain::queue {

namespace {

using core::ErrorKind;
using core::Fail;

// A counter as the commands see it: its state (nullptr = closed, never opened today), and its catalog
// name for messages (looked up only when a message needs it).
struct CounterRef {
    const HallContext* context = nullptr;
    std::string_view id{};
    const CounterState* state = nullptr;

    [[nodiscard]] std::string name() const { return context->CounterName(id); }

    [[nodiscard]] CounterStatus status() const { return state ? state->status : CounterStatus::kClosed; }
};

core::Result<CounterRef> FindCounter(const HallState& state, const HallContext& context, std::string_view counter_id) {
    const CounterState* counter = state.FindCounter(counter_id);
    if (!counter && !context.FindCounter(counter_id)) {
        return Fail(ErrorKind::kNotFound, "counter_not_found",
                    fmt::format("There is no counter {} in {}.", counter_id, context.hall.name));
    }
    return CounterRef{&context, counter_id, counter};
}

core::Result<const Ticket*> FindTicket(const HallState& state, std::string_view ticket_id) {
    const Ticket* ticket = state.FindTicket(ticket_id);
    if (!ticket) {
        return Fail(ErrorKind::kNotFound, "ticket_not_found",
                    fmt::format("There is no ticket {} in this hall today.", ticket_id));
    }
    return ticket;
}

std::string HourMinute(std::chrono::minutes time_of_day) {
    return fmt::format("{:02}:{:02}", time_of_day.count() / 60, time_of_day.count() % 60);
}

// The counter is open, not paused, and free: it may call a ticket.
core::Status RequireReadyToCall(const CounterRef& counter, const HallState& state) {
    switch (counter.status()) {
        case CounterStatus::kClosed:
            return Fail(ErrorKind::kConflict, "counter_closed",
                        fmt::format("{} is closed: open it before calling the next citizen.", counter.name()),
                        {{"counter", counter.name()}});
        case CounterStatus::kPaused:
            return Fail(ErrorKind::kConflict, "counter_paused",
                        fmt::format("{} is paused: resume it before calling the next citizen.", counter.name()),
                        {{"counter", counter.name()}});
        case CounterStatus::kOpen:
            break;
    }
    if (counter.state->busy()) {
        const Ticket* current = state.FindTicket(counter.state->current_ticket);
        const std::string number = current ? current->number : counter.state->current_ticket;
        return Fail(ErrorKind::kConflict, "counter_busy",
                    fmt::format("{} is still busy with {}: finish the service or record a no-show first.",
                                counter.name(), number),
                    {{"counter", counter.name()}, {"ticket", number}});
    }
    return {};
}

core::Status RequireNotBusy(const CounterRef& counter, const HallState& state, std::string_view action) {
    if (counter.state && counter.state->busy()) {
        const Ticket* current = state.FindTicket(counter.state->current_ticket);
        const std::string number = current ? current->number : counter.state->current_ticket;
        return Fail(ErrorKind::kConflict, "counter_busy",
                    fmt::format("{} is still busy with {}: finish the service or record a no-show before {}.",
                                counter.name(), number, action),
                    {{"counter", counter.name()}, {"ticket", number}});
    }
    return {};
}

core::Status RequireCalled(const Ticket& ticket, std::string_view action) {
    if (ticket.status == TicketStatus::kCalled) {
        return {};
    }
    if (ticket.status == TicketStatus::kServing) {
        return Fail(ErrorKind::kConflict, "already_serving",
                    fmt::format("{} is already being served: it cannot be {}.", ticket.number, action),
                    {{"ticket", ticket.number}});
    }
    return Fail(ErrorKind::kConflict, "ticket_not_called",
                fmt::format("{} is {}, not called: only a called ticket can be {}.", ticket.number,
                            ToString(ticket.status), action),
                {{"ticket", ticket.number}, {"status", ToString(ticket.status)}});
}

core::Millis SinceLastCall(const Ticket& ticket, core::Instant now) {
    return ticket.last_called_at ? now - *ticket.last_called_at : core::Millis::max();
}

// Appends `value` in decimal with at least `width` digits (zeros before). Issuing is on every
// citizen's path (and the simulator's): plain appends, no format parsing.
void AppendPadded(std::string& out, long long value, int width) {
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    const auto length = static_cast<int>(end - digits.data());
    out.append(static_cast<std::size_t>(std::max(0, width - length)), '0');
    out.append(digits.data(), end);
}

// "A-001": the prefix and the day's sequence of at least three digits.
std::string TicketNumber(std::string_view prefix, int seq) {
    std::string number(prefix);
    number += '-';
    AppendPadded(number, seq, 3);
    return number;
}

// "20261129-A-001": the hall-local date and the number.
std::string TicketId(std::chrono::year_month_day day, std::string_view number) {
    std::string id;
    id.reserve(9 + number.size());
    AppendPadded(id, static_cast<int>(day.year()), 4);
    AppendPadded(id, static_cast<unsigned>(day.month()), 2);
    AppendPadded(id, static_cast<unsigned>(day.day()), 2);
    id += '-';
    id += number;
    return id;
}

long long SecondsLeft(core::Millis gap, core::Millis elapsed) {
    return std::chrono::ceil<std::chrono::seconds>(gap - elapsed).count();
}

}  // namespace

Decision IssueTicket(const HallState& state, const HallContext& context, std::string_view service,
                     std::optional<PriorityReason> priority, core::Instant now, std::string_view citizen_ref) {
    if (!context.Offers(service)) {
        return Fail(ErrorKind::kNotFound, "service_not_offered",
                    fmt::format("Service {} is not offered at {}.", service, context.hall.name),
                    {{"service", std::string(service)}});
    }
    const auto day = core::LocalDate(now, context.hall.utc_offset);
    if (auto closure = context.calendar.ClosureOn(day)) {
        const auto& reason = closure->name;
        return Fail(ErrorKind::kConflict, "hall_closed",
                    fmt::format("{} is closed today: {} ({}).", context.hall.name, reason.en, reason.id),
                    {{"reason", {{"id", reason.id}, {"en", reason.en}}}, {"kind", calendar::KindName(*closure)}});
    }
    if (!context.IsOpenAt(now)) {
        const auto today = context.calendar.HoursOn(day);
        if (!today) {
            return Fail(ErrorKind::kConflict, "hall_closed", fmt::format("{} is closed today.", context.hall.name),
                        nlohmann::json(nullptr));
        }
        const bool has_break = today->break_start < today->break_end;
        nlohmann::json details{{"opens", HourMinute(today->open)}, {"closes", HourMinute(today->close)}};
        if (has_break) {
            details["break"] = {{"from", HourMinute(today->break_start)}, {"to", HourMinute(today->break_end)}};
        }
        return Fail(ErrorKind::kConflict, "hall_closed",
                    fmt::format("{} is closed now: today it is open {}–{}{}.", context.hall.name,
                                HourMinute(today->open), HourMinute(today->close),
                                has_break ? fmt::format(", with a break {}–{}", HourMinute(today->break_start),
                                                        HourMinute(today->break_end))
                                          : std::string{}),
                    std::move(details));
    }

    const catalog::Service& info = *context.FindService(service);
    const std::string prefix = info.ticket_prefix.empty() ? info.code : info.ticket_prefix;
    const int seq = state.NextSequence(prefix);
    TicketIssued issued;
    issued.number = TicketNumber(prefix, seq);
    issued.ticket_id = TicketId(day, issued.number);
    issued.seq = seq;
    issued.service = std::string(service);
    issued.priority = priority;
    if (!citizen_ref.empty()) {
        issued.citizen_ref = std::string(citizen_ref);
    }
    issued.at = now;
    return std::vector<Event>{std::move(issued)};
}

Decision OpenCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                     std::string_view officer_id, std::span<const std::string> services, core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    const catalog::Officer* officer = context.FindOfficer(officer_id);
    if (!officer) {
        return Fail(ErrorKind::kNotFound, "officer_not_found", fmt::format("There is no officer {}.", officer_id));
    }
    if (counter->status() != CounterStatus::kClosed) {
        return Fail(ErrorKind::kConflict, "counter_already_open",
                    fmt::format("{} is already {}: close it before opening it again.", counter->name(),
                                ToString(counter->status())),
                    {{"counter", counter->name()}, {"status", ToString(counter->status())}});
    }
    for (const auto& [id, other] : state.Counters()) {
        if (other.status != CounterStatus::kClosed && other.officer_id == officer_id) {
            return Fail(
                ErrorKind::kConflict, "officer_at_other_counter",
                fmt::format("{} is already at {}: close that counter first.", officer->name, context.CounterName(id)));
        }
    }

    std::vector<std::string> chosen;
    auto add = [&chosen](const std::string& code) {
        if (std::find(chosen.begin(), chosen.end(), code) == chosen.end()) {
            chosen.push_back(code);
        }
    };
    if (services.empty()) {
        for (const auto& skill : officer->skills) {
            if (context.Offers(skill)) {
                add(skill);
            }
        }
    }
    for (const auto& service : services) {
        if (!context.Offers(service)) {
            return Fail(ErrorKind::kNotFound, "service_not_offered",
                        fmt::format("Service {} is not offered at {}.", service, context.hall.name),
                        {{"service", service}});
        }
        if (std::find(officer->skills.begin(), officer->skills.end(), service) == officer->skills.end()) {
            return Fail(
                ErrorKind::kConflict, "officer_lacks_skill",
                fmt::format("{} is not trained for {}: choose services from their skills.", officer->name, service),
                {{"service", service}});
        }
        add(service);
    }
    if (chosen.empty()) {
        return Fail(ErrorKind::kInvalid, "no_services",
                    fmt::format("Choose at least one service for {}: {} holds no skill offered here.", counter->name(),
                                officer->name));
    }
    return std::vector<Event>{CounterOpened{std::string(counter_id), std::string(officer_id), std::move(chosen), now}};
}

Decision PauseCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                      std::string_view reason, core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    if (counter->status() == CounterStatus::kClosed) {
        return Fail(ErrorKind::kConflict, "counter_closed",
                    fmt::format("{} is closed: there is nothing to pause.", counter->name()),
                    {{"counter", counter->name()}});
    }
    if (counter->status() == CounterStatus::kPaused) {
        return Fail(ErrorKind::kConflict, "counter_paused", fmt::format("{} is already paused.", counter->name()),
                    {{"counter", counter->name()}});
    }
    if (auto free = RequireNotBusy(*counter, state, "pausing"); !free) {
        return tl::unexpected(free.error());
    }
    return std::vector<Event>{CounterPaused{std::string(counter_id), std::string(reason), now}};
}

Decision ResumeCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                       core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    if (counter->status() == CounterStatus::kClosed) {
        return Fail(ErrorKind::kConflict, "counter_closed",
                    fmt::format("{} is closed: open it instead of resuming.", counter->name()),
                    {{"counter", counter->name()}});
    }
    if (counter->status() != CounterStatus::kPaused) {
        return Fail(ErrorKind::kConflict, "counter_not_paused", fmt::format("{} is not paused.", counter->name()),
                    {{"counter", counter->name()}});
    }
    return std::vector<Event>{CounterResumed{std::string(counter_id), now}};
}

Decision CloseCounter(const HallState& state, const HallContext& context, std::string_view counter_id,
                      core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    if (counter->status() == CounterStatus::kClosed) {
        return Fail(ErrorKind::kConflict, "counter_closed", fmt::format("{} is already closed.", counter->name()),
                    {{"counter", counter->name()}});
    }
    if (auto free = RequireNotBusy(*counter, state, "closing"); !free) {
        return tl::unexpected(free.error());
    }
    return std::vector<Event>{CounterClosed{std::string(counter_id), now}};
}

Decision CallNext(const HallState& state, const HallContext& context, std::string_view counter_id,
                  const RoutingPolicy& policy, core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    if (auto ready = RequireReadyToCall(*counter, state); !ready) {
        return tl::unexpected(ready.error());
    }
    const Ticket* next = policy.Choose(state, context, counter_id, now);
    if (!next) {
        return std::vector<Event>{};
    }
    if (next->status != TicketStatus::kWaiting || !counter->state->Serves(next->service)) {
        return Fail(ErrorKind::kInternal, "routing_error",
                    fmt::format("Routing policy {} chose {}, which {} cannot call.", policy.Name(), next->number,
                                counter->name()));
    }
    return std::vector<Event>{TicketCalled{next->id, std::string(counter_id), counter->state->officer_id, now, false}};
}

Decision CallSpecific(const HallState& state, const HallContext& context, std::string_view counter_id,
                      std::string_view ticket_id, core::Instant now) {
    auto counter = FindCounter(state, context, counter_id);
    if (!counter) {
        return tl::unexpected(counter.error());
    }
    auto ticket = FindTicket(state, ticket_id);
    if (!ticket) {
        return tl::unexpected(ticket.error());
    }
    if (auto ready = RequireReadyToCall(*counter, state); !ready) {
        return tl::unexpected(ready.error());
    }
    const Ticket& chosen = **ticket;
    if (chosen.status != TicketStatus::kWaiting) {
        return Fail(ErrorKind::kConflict, "ticket_not_waiting",
                    fmt::format("{} is {}, not waiting: it cannot be called.", chosen.number, ToString(chosen.status)),
                    {{"ticket", chosen.number}, {"status", ToString(chosen.status)}});
    }
    if (!counter->state->Serves(chosen.service)) {
        return Fail(ErrorKind::kConflict, "service_not_at_counter",
                    fmt::format("{} does not serve {} now, the service {} waits for.", counter->name(), chosen.service,
                                chosen.number),
                    {{"counter", counter->name()}, {"ticket", chosen.number}, {"service", chosen.service}});
    }
    return std::vector<Event>{TicketCalled{chosen.id, std::string(counter_id), counter->state->officer_id, now, true}};
}

Decision Recall(const HallState& state, const HallContext& context, std::string_view ticket_id, core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    const Ticket& ticket = **found;
    if (auto called = RequireCalled(ticket, "called again"); !called) {
        return tl::unexpected(called.error());
    }
    const QueueRules& rules = context.rules;
    if (ticket.calls >= rules.max_calls) {
        return Fail(ErrorKind::kConflict, "max_calls_reached",
                    fmt::format("{} has been called {} times: record a no-show instead.", ticket.number, ticket.calls),
                    {{"ticket", ticket.number}, {"calls", ticket.calls}});
    }
    const core::Millis gap = rules.min_recall_gap;
    if (const auto elapsed = SinceLastCall(ticket, now); elapsed < gap) {
        const auto left = SecondsLeft(gap, elapsed);
        return Fail(ErrorKind::kConflict, "recall_too_soon",
                    fmt::format("Wait {} more seconds before calling {} again: the citizen may be on the way.", left,
                                ticket.number),
                    {{"retry_after_seconds", left}, {"ticket", ticket.number}});
    }
    return std::vector<Event>{TicketRecalled{ticket.id, now}};
}

Decision NoShow(const HallState& state, const HallContext& context, std::string_view ticket_id, core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    const Ticket& ticket = **found;
    if (auto called = RequireCalled(ticket, "recorded as a no-show"); !called) {
        return tl::unexpected(called.error());
    }
    const QueueRules& rules = context.rules;
    if (ticket.calls < rules.max_calls) {
        return Fail(ErrorKind::kConflict, "too_few_calls",
                    fmt::format("{} has been called {} of {} times: call again before recording a no-show.",
                                ticket.number, ticket.calls, rules.max_calls),
                    {{"ticket", ticket.number}, {"calls", ticket.calls}, {"max_calls", rules.max_calls}});
    }
    const core::Millis gap = rules.min_recall_gap;
    if (const auto elapsed = SinceLastCall(ticket, now); elapsed < gap) {
        const auto left = SecondsLeft(gap, elapsed);
        return Fail(ErrorKind::kConflict, "no_show_too_soon",
                    fmt::format("Wait {} more seconds before recording {} as a no-show: the citizen may be on the way.",
                                left, ticket.number),
                    {{"retry_after_seconds", left}, {"ticket", ticket.number}});
    }
    return std::vector<Event>{TicketNoShow{ticket.id, now}};
}

Decision StartService(const HallState& state, const HallContext& /*context*/, std::string_view ticket_id,
                      core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    if (auto called = RequireCalled(**found, "started"); !called) {
        return tl::unexpected(called.error());
    }
    return std::vector<Event>{ServiceStarted{(*found)->id, now}};
}

Decision FinishService(const HallState& state, const HallContext& /*context*/, std::string_view ticket_id,
                       core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    const Ticket& ticket = **found;
    if (ticket.status != TicketStatus::kServing) {
        return Fail(ErrorKind::kConflict, "ticket_not_serving",
                    fmt::format("{} is {}, not being served: only a service in progress can be finished.",
                                ticket.number, ToString(ticket.status)),
                    {{"ticket", ticket.number}, {"status", ToString(ticket.status)}});
    }
    return std::vector<Event>{ServiceFinished{ticket.id, now}};
}

Decision Transfer(const HallState& state, const HallContext& context, std::string_view ticket_id,
                  std::string_view to_service, core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    const Ticket& ticket = **found;
    if (!ticket.is_open()) {
        return Fail(ErrorKind::kConflict, "ticket_closed",
                    fmt::format("{} is {}: it can no longer be transferred.", ticket.number, ToString(ticket.status)),
                    {{"ticket", ticket.number}, {"status", ToString(ticket.status)}});
    }
    if (!context.Offers(to_service)) {
        return Fail(ErrorKind::kNotFound, "service_not_offered",
                    fmt::format("Service {} is not offered at {}.", to_service, context.hall.name),
                    {{"service", std::string(to_service)}});
    }
    if (ticket.service == to_service) {
        return Fail(ErrorKind::kInvalid, "same_service",
                    fmt::format("{} is already for {}: choose another service.", ticket.number, to_service),
                    {{"ticket", ticket.number}, {"service", std::string(to_service)}});
    }
    return std::vector<Event>{TicketTransferred{ticket.id, std::string(to_service), now}};
}

Decision Cancel(const HallState& state, const HallContext& /*context*/, std::string_view ticket_id,
                std::string_view reason, core::Instant now) {
    auto found = FindTicket(state, ticket_id);
    if (!found) {
        return tl::unexpected(found.error());
    }
    const Ticket& ticket = **found;
    if (ticket.status != TicketStatus::kWaiting && ticket.status != TicketStatus::kCalled) {
        return Fail(ErrorKind::kConflict, "ticket_not_cancellable",
                    ticket.status == TicketStatus::kServing
                        ? fmt::format("{} is being served: finish the service instead of cancelling.", ticket.number)
                        : fmt::format("{} is already {}.", ticket.number, ToString(ticket.status)),
                    {{"ticket", ticket.number}, {"status", ToString(ticket.status)}});
    }
    return std::vector<Event>{TicketCancelled{ticket.id, std::string(reason), now}};
}

}  // namespace layan::domain::queue
