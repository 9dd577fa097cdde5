#include "layan/domain/queue/hall_state.h"

#include <algorithm>

namespace layan::domain::queue {

namespace {

// Divisible by 1..16, so a counter serving up to 16 services adds an exact share.
constexpr std::int64_t kCapacityUnits = 720720;

// "A-001" → "A"; a number without a dash is its own prefix.
std::string_view PrefixOf(std::string_view number) {
    auto dash = number.rfind('-');
    return dash == std::string_view::npos ? number : number.substr(0, dash);
}

}  // namespace

std::string_view ToString(TicketStatus status) {
    switch (status) {
        case TicketStatus::kWaiting:
            return "waiting";
        case TicketStatus::kCalled:
            return "called";
        case TicketStatus::kServing:
            return "serving";
        case TicketStatus::kDone:
            return "done";
        case TicketStatus::kNoShow:
            return "no_show";
        case TicketStatus::kCancelled:
            return "cancelled";
    }
    return "waiting";
}

std::string_view ToString(CounterStatus status) {
    switch (status) {
        case CounterStatus::kClosed:
            return "closed";
        case CounterStatus::kOpen:
            return "open";
        case CounterStatus::kPaused:
            return "paused";
    }
    return "closed";
}

bool CounterState::Serves(std::string_view service) const {
    return std::find(services.begin(), services.end(), service) != services.end();
}

void HallState::Apply(const Event& event) {
    std::visit([this](const auto& e) { On(e); }, event);
}

void HallState::ApplyAll(std::span<const Event> events) {
    for (const auto& event : events) {
        Apply(event);
    }
}

// --- events -------------------------------------------------------------------------------------

void HallState::On(const TicketIssued& e) {
    if (ticket_index_.contains(e.ticket_id)) {
        return;
    }
    Ticket ticket;
    ticket.id = e.ticket_id;
    ticket.number = e.number;
    ticket.seq = e.seq;
    ticket.service = e.service;
    ticket.priority = e.priority;
    ticket.arrived_at = e.at;
    ticket.queued_at = e.at;
    ticket.order = static_cast<std::uint32_t>(tickets_.size());
    ticket_index_.emplace(ticket.id, ticket.order);
    tickets_.push_back(std::move(ticket));
    Enqueue(tickets_.back());

    auto [it, inserted] = next_sequence_.try_emplace(std::string(PrefixOf(e.number)), e.seq + 1);
    if (!inserted) {
        it->second = std::max(it->second, e.seq + 1);
    }
}

void HallState::On(const TicketCalled& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || !ticket->is_open()) {
        return;
    }
    Release(*ticket);
    ticket->status = TicketStatus::kCalled;
    ticket->calls = 1;
    ticket->last_called_at = e.at;
    ticket->service_started_at.reset();
    ticket->counter_id = e.counter_id;
    ticket->officer_id = e.officer_id;
    ticket->chosen_by_supervisor = e.chosen_by_supervisor;

    CounterState& counter = MutableCounter(e.counter_id);
    counter.current_ticket = e.ticket_id;
    if (ticket->is_priority()) {
        // Every regular ticket this counter could have called instead was passed (see PriorityOvertakes).
        for (const auto& service : counter.services) {
            auto& calls = MutableLine(service).priority_calls;
            calls.insert(std::upper_bound(calls.begin(), calls.end(), ticket->arrived_at), ticket->arrived_at);
        }
    }
}

void HallState::On(const TicketRecalled& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || ticket->status != TicketStatus::kCalled) {
        return;
    }
    ++ticket->calls;
    ticket->last_called_at = e.at;
}

void HallState::On(const ServiceStarted& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || ticket->status != TicketStatus::kCalled) {
        return;
    }
    ticket->status = TicketStatus::kServing;
    ticket->service_started_at = e.at;
}

void HallState::On(const ServiceFinished& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || !ticket->is_open()) {
        return;
    }
    if (ticket->service_started_at && e.at >= *ticket->service_started_at) {
        MutableLine(ticket->service).durations.push_back(e.at - *ticket->service_started_at);
    }
    Release(*ticket);
    ticket->status = TicketStatus::kDone;
    ticket->ended_at = e.at;
}

void HallState::On(const TicketNoShow& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || !ticket->is_open()) {
        return;
    }
    Release(*ticket);
    ticket->status = TicketStatus::kNoShow;
    ticket->ended_at = e.at;
}

void HallState::On(const TicketTransferred& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || !ticket->is_open()) {
        return;
    }
    Release(*ticket);
    ticket->transferred_from.push_back(ticket->service);
    ticket->service = e.to_service;
    ticket->status = TicketStatus::kWaiting;
    ticket->queued_at = e.at;
    ticket->calls = 0;
    ticket->last_called_at.reset();
    ticket->service_started_at.reset();
    ticket->counter_id.clear();
    ticket->officer_id.clear();
    ticket->chosen_by_supervisor = false;
    Enqueue(*ticket);
}

void HallState::On(const TicketCancelled& e) {
    Ticket* ticket = MutableTicket(e.ticket_id);
    if (!ticket || !ticket->is_open()) {
        return;
    }
    Release(*ticket);
    ticket->status = TicketStatus::kCancelled;
    ticket->ended_at = e.at;
}

void HallState::On(const CounterOpened& e) {
    CounterState& counter = MutableCounter(e.counter_id);
    if (counter.status == CounterStatus::kOpen) {
        CountOpen(counter, -1);
    }
    counter.status = CounterStatus::kOpen;
    counter.officer_id = e.officer_id;
    counter.services.clear();
    for (const auto& service : e.services) {
        if (!counter.Serves(service)) {
            counter.services.push_back(service);
        }
    }
    counter.pause_reason.clear();
    counter.since = e.at;
    CountOpen(counter, +1);
}

void HallState::On(const CounterPaused& e) {
    CounterState& counter = MutableCounter(e.counter_id);
    if (counter.status != CounterStatus::kOpen) {
        return;
    }
    CountOpen(counter, -1);
    counter.status = CounterStatus::kPaused;
    counter.pause_reason = e.reason;
    counter.since = e.at;
}

void HallState::On(const CounterResumed& e) {
    CounterState& counter = MutableCounter(e.counter_id);
    if (counter.status != CounterStatus::kPaused) {
        return;
    }
    counter.status = CounterStatus::kOpen;
    counter.pause_reason.clear();
    counter.since = e.at;
    CountOpen(counter, +1);
}

void HallState::On(const CounterClosed& e) {
    CounterState& counter = MutableCounter(e.counter_id);
    if (counter.status == CounterStatus::kClosed) {
        return;
    }
    if (counter.status == CounterStatus::kOpen) {
        CountOpen(counter, -1);
    }
    counter.status = CounterStatus::kClosed;
    counter.officer_id.clear();
    counter.services.clear();
    counter.pause_reason.clear();
    counter.since = e.at;
}

// --- internals ----------------------------------------------------------------------------------

Ticket* HallState::MutableTicket(std::string_view ticket_id) {
    auto it = ticket_index_.find(ticket_id);
    return it == ticket_index_.end() ? nullptr : &tickets_[it->second];
}

CounterState& HallState::MutableCounter(const std::string& counter_id) {
    auto [it, inserted] = counters_.try_emplace(counter_id);
    if (inserted) {
        it->second.id = counter_id;
    }
    return it->second;
}

HallState::ServiceLine& HallState::MutableLine(const std::string& service) { return lines_[service]; }

const HallState::ServiceLine* HallState::FindLine(std::string_view service) const {
    auto it = lines_.find(service);
    return it == lines_.end() ? nullptr : &it->second;
}

void HallState::Enqueue(const Ticket& ticket) {
    auto& line = MutableLine(ticket.service);
    (ticket.is_priority() ? line.priority : line.regular).insert({ticket.arrived_at, ticket.order});
}

void HallState::Dequeue(const Ticket& ticket) {
    auto& line = MutableLine(ticket.service);
    (ticket.is_priority() ? line.priority : line.regular).erase({ticket.arrived_at, ticket.order});
}

void HallState::Release(const Ticket& ticket) {
    if (ticket.status == TicketStatus::kWaiting) {
        Dequeue(ticket);
        return;
    }
    auto it = counters_.find(ticket.counter_id);
    if (it != counters_.end() && it->second.current_ticket == ticket.id) {
        it->second.current_ticket.clear();
    }
}

void HallState::CountOpen(const CounterState& counter, int delta) {
    if (counter.services.empty()) {
        return;
    }
    const auto share = kCapacityUnits / static_cast<std::int64_t>(counter.services.size());
    for (const auto& service : counter.services) {
        auto& line = MutableLine(service);
        line.open_counters += delta;
        line.capacity_units += delta * share;
        line.peak_open_counters = std::max(line.peak_open_counters, line.open_counters);
    }
}

// --- queries ------------------------------------------------------------------------------------

const Ticket* HallState::FindTicket(std::string_view ticket_id) const {
    auto it = ticket_index_.find(ticket_id);
    return it == ticket_index_.end() ? nullptr : &tickets_[it->second];
}

const CounterState* HallState::FindCounter(std::string_view counter_id) const {
    auto it = counters_.find(counter_id);
    return it == counters_.end() ? nullptr : &it->second;
}

std::vector<const Ticket*> HallState::Waiting(std::span<const std::string> services) const {
    std::vector<QueueKey> priority;
    std::vector<QueueKey> regular;
    auto collect = [&](const ServiceLine& line) {
        priority.insert(priority.end(), line.priority.begin(), line.priority.end());
        regular.insert(regular.end(), line.regular.begin(), line.regular.end());
    };
    if (services.empty()) {
        for (const auto& [code, line] : lines_) {
            collect(line);
        }
    } else {
        std::vector<std::string_view> seen;
        for (const auto& service : services) {
            const auto* line = FindLine(service);
            if (line && std::find(seen.begin(), seen.end(), service) == seen.end()) {
                seen.push_back(service);
                collect(*line);
            }
        }
    }
    std::sort(priority.begin(), priority.end());
    std::sort(regular.begin(), regular.end());
    std::vector<const Ticket*> out;
    out.reserve(priority.size() + regular.size());
    for (const auto& key : priority) {
        out.push_back(&tickets_[key.order]);
    }
    for (const auto& key : regular) {
        out.push_back(&tickets_[key.order]);
    }
    return out;
}

std::vector<const Ticket*> HallState::WaitingLine(std::string_view service, bool priority) const {
    std::vector<const Ticket*> out;
    if (const auto* line = FindLine(service)) {
        const auto& keys = priority ? line->priority : line->regular;
        out.reserve(keys.size());
        for (const auto& key : keys) {
            out.push_back(&tickets_[key.order]);
        }
    }
    return out;
}

LineView HallState::Line(std::string_view service) const {
    LineView view;
    const auto* line = FindLine(service);
    if (!line) {
        return view;
    }
    if (!line->priority.empty()) {
        view.oldest_priority = &tickets_[line->priority.begin()->order];
    }
    if (!line->regular.empty()) {
        view.oldest_regular = &tickets_[line->regular.begin()->order];
        view.oldest_regular_overtakes = PriorityOvertakes(*view.oldest_regular);
    }
    view.priority_waiting = static_cast<int>(line->priority.size());
    view.waiting = view.priority_waiting + static_cast<int>(line->regular.size());
    view.open_counters = line->open_counters;
    view.open_capacity = static_cast<double>(line->capacity_units) / static_cast<double>(kCapacityUnits);
    view.durations = line->durations;
    return view;
}

int HallState::PriorityOvertakes(const Ticket& regular) const {
    const auto* line = FindLine(regular.service);
    if (!line || regular.is_priority()) {
        return 0;
    }
    // A waiting regular ticket was waiting when every priority ticket that arrived after it was called.
    const auto& calls = line->priority_calls;
    return static_cast<int>(calls.end() - std::upper_bound(calls.begin(), calls.end(), regular.arrived_at));
}

bool HallState::ArrivedLastInLine(const Ticket& ticket) const {
    const auto* line = FindLine(ticket.service);
    if (!line || ticket.status != TicketStatus::kWaiting) {
        return false;
    }
    const QueueKey key{ticket.arrived_at, ticket.order};
    const auto& own = ticket.is_priority() ? line->priority : line->regular;
    const auto& other = ticket.is_priority() ? line->regular : line->priority;
    return !own.empty() && *own.rbegin() == key && (other.empty() || *other.rbegin() < key);
}

int HallState::OpenCounters(std::string_view service) const {
    const auto* line = FindLine(service);
    return line ? line->open_counters : 0;
}

double HallState::OpenCapacity(std::string_view service) const { return Line(service).open_capacity; }

int HallState::PeakOpenCounters(std::string_view service) const {
    const auto* line = FindLine(service);
    return line ? line->peak_open_counters : 0;
}

int HallState::WaitingCount(std::string_view service) const {
    const auto* line = FindLine(service);
    return line ? static_cast<int>(line->priority.size() + line->regular.size()) : 0;
}

std::optional<core::Millis> HallState::LongestWait(std::string_view service, core::Instant now) const {
    const auto* line = FindLine(service);
    if (!line || (line->priority.empty() && line->regular.empty())) {
        return std::nullopt;
    }
    core::Instant oldest = core::Instant::max();
    if (!line->priority.empty()) {
        oldest = line->priority.begin()->arrived_at;
    }
    if (!line->regular.empty()) {
        oldest = std::min(oldest, line->regular.begin()->arrived_at);
    }
    return std::max(core::Millis{0}, now - oldest);
}

std::vector<ServiceSummary> HallState::Summaries(core::Instant now) const {
    std::vector<ServiceSummary> out;
    out.reserve(lines_.size());
    for (const auto& [code, line] : lines_) {
        ServiceSummary summary;
        summary.service = code;
        summary.priority_waiting = static_cast<int>(line.priority.size());
        summary.waiting = summary.priority_waiting + static_cast<int>(line.regular.size());
        summary.open_counters = line.open_counters;
        summary.longest_wait = LongestWait(code, now).value_or(core::Millis{0});
        out.push_back(std::move(summary));
    }
    return out;
}

std::vector<NowServingEntry> HallState::NowServing() const {
    std::vector<NowServingEntry> out;
    for (const auto& [id, counter] : counters_) {
        const Ticket* ticket = counter.busy() ? FindTicket(counter.current_ticket) : nullptr;
        if (!ticket) {
            continue;
        }
        out.push_back({id, ticket->id, ticket->number, ticket->service, ticket->status,
                       ticket->last_called_at.value_or(core::Instant{})});
    }
    return out;
}

int HallState::NextSequence(std::string_view prefix) const {
    auto it = next_sequence_.find(prefix);
    return it == next_sequence_.end() ? 1 : it->second;
}

std::span<const core::Millis> HallState::ServiceDurations(std::string_view service) const {
    const auto* line = FindLine(service);
    return line ? std::span<const core::Millis>(line->durations) : std::span<const core::Millis>();
}

std::optional<core::Instant> TicketClosedAt(const HallState& day, std::string_view ticket_id, core::Instant day_end,
                                            core::Instant now) {
    if (const auto* ticket = day.FindTicket(ticket_id); ticket != nullptr && !ticket->is_open() && ticket->ended_at) {
        return ticket->ended_at;
    }
    return now >= day_end ? std::optional{day_end} : std::nullopt;
}

}  // namespace layan::domain::queue
