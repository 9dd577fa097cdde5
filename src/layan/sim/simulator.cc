#include "layan/sim/simulator.h"

#include <algorithm>
#include <array>
#include <queue>
#include <stdexcept>

#include <fmt/format.h>

#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/prediction.h"

namespace layan::sim {

namespace {

namespace queue = domain::queue;

// Every simulated day is this Monday: days are independent replications of the same day.
constexpr std::chrono::year_month_day kSimulatedDay{std::chrono::year{2026}, std::chrono::January, std::chrono::day{5}};

constexpr std::array<std::string_view, 5> kPolicyNames{"dedicated", "fcfs", "balanced", "default", "pooled"};

// The server's default policy; see engine::Engine::Options::routing_policy.
constexpr std::string_view kServerDefault = "balanced";

// What happens, in the order things happening at one instant are handled.
enum class Kind : std::uint8_t { kFinish, kCounterEnd, kCounterStart, kAbandon };

struct Happening {
    std::int64_t at = 0;
    Kind kind = Kind::kFinish;
    std::uint32_t index = 0;  // Counter (finish, start, end) or visit (abandon).

    friend bool operator>(const Happening& a, const Happening& b) {
        if (a.at != b.at) {
            return a.at > b.at;
        }
        return a.kind != b.kind ? a.kind > b.kind : a.index > b.index;
    }
};

struct CounterRun {
    bool open = false;
    bool overtime = false;  // Past its end, staying while citizens wait for its services.
    bool leaving = false;   // Past its end, closing after the citizen in hand.
    std::int64_t opened_at = 0;
    std::int64_t current = -1;           // The visit being served.
    std::vector<std::uint32_t> lines{};  // Its services, as indices into DayRun::codes_.
};

// One simulated day: the state, the counters, and what happened to everyone.
class DayRun {
public:
    DayRun(const queue::HallContext& context, core::Instant base, std::span<const CounterPlan> plans,
           std::span<const Visit> visits, const queue::RoutingPolicy& policy, const DayOptions& options)
        : context_(context), base_(base), plans_(plans), visits_(visits), policy_(policy), options_(options) {
        counters_.resize(plans.size());
        outcome_.officers.resize(plans.size());
        outcome_.tickets.resize(visits.size());
        for (std::uint32_t i = 0; i < plans.size(); ++i) {
            pending_.push({plans[i].start_ms, Kind::kCounterStart, i});
            if (plans[i].end_ms != INT64_MAX) {
                pending_.push({plans[i].end_ms, Kind::kCounterEnd, i});
            }
        }
        visit_lines_.reserve(visits.size());
        for (const auto& visit : visits) {
            visit_lines_.push_back(LineOf(visit.service));
        }
    }

    DayOutcome Run() {
        std::size_t next = 0;
        while (next < visits_.size() || !pending_.empty()) {
            std::int64_t now = next < visits_.size() ? visits_[next].arrival_ms : INT64_MAX;
            if (!pending_.empty()) {
                now = std::min(now, pending_.top().at);
            }
            while (!pending_.empty() && pending_.top().at == now && pending_.top().kind != Kind::kAbandon) {
                Happening happening = pending_.top();
                pending_.pop();
                Handle(happening, now);
            }
            while (next < visits_.size() && visits_[next].arrival_ms == now) {
                Arrive(static_cast<std::uint32_t>(next++), now);
            }
            while (!pending_.empty() && pending_.top().at == now) {
                Happening happening = pending_.top();
                pending_.pop();
                Handle(happening, now);
            }
            Dispatch(now);
        }
        for (std::size_t i = 0; i < visits_.size(); ++i) {
            if (state_.Tickets()[i].status == queue::TicketStatus::kWaiting) {
                outcome_.tickets[i].fate = TicketOutcome::Fate::kUnserved;
            }
        }
        return std::move(outcome_);
    }

private:
    std::uint32_t LineOf(std::string_view code) {
        auto it = std::find(codes_.begin(), codes_.end(), code);
        if (it == codes_.end()) {
            codes_.emplace_back(code);
            waiting_.push_back(0);
            return static_cast<std::uint32_t>(codes_.size() - 1);
        }
        return static_cast<std::uint32_t>(it - codes_.begin());
    }

    core::Instant At(std::int64_t ms) const { return base_ + core::Millis{ms}; }

    std::vector<queue::Event> Do(queue::Decision decision) {
        if (!decision) {  // The simulator only asks for what the rules allow: a refusal is a bug.
            throw std::logic_error(
                fmt::format("simulation refused: {}: {}", decision.error().code, decision.error().message));
        }
        for (const auto& event : *decision) {
            state_.Apply(event);
        }
        outcome_.events += decision->size();
        if (options_.record) {
            outcome_.log.insert(outcome_.log.end(), decision->begin(), decision->end());
        }
        return std::move(*decision);
    }

    void Handle(const Happening& happening, std::int64_t now) {
        switch (happening.kind) {
            case Kind::kFinish:
                Finish(happening.index, now);
                break;
            case Kind::kCounterEnd:
                End(happening.index, now);
                break;
            case Kind::kCounterStart:
                Start(happening.index, now);
                break;
            case Kind::kAbandon:
                Abandon(happening.index, now);
                break;
        }
    }

    void Start(std::uint32_t i, std::int64_t now) {
        const CounterPlan& plan = plans_[i];
        Do(queue::OpenCounter(state_, context_, plan.counter_id, plan.officer_id, plan.services, At(now)));
        CounterRun& counter = counters_[i];
        counter.open = true;
        counter.opened_at = now;
        counter.lines.clear();  // The services it opened with (all the officer's skills when none were named).
        for (const auto& code : state_.FindCounter(plan.counter_id)->services) {
            counter.lines.push_back(LineOf(code));
        }
    }

    void Close(std::uint32_t i, std::int64_t now) {
        CounterRun& counter = counters_[i];
        Do(queue::CloseCounter(state_, context_, plans_[i].counter_id, At(now)));
        counter.open = false;
        counter.overtime = counter.leaving = false;
        outcome_.officers[i].present_ms += now - counter.opened_at;
    }

    void End(std::uint32_t i, std::int64_t now) {
        CounterRun& counter = counters_[i];
        if (!counter.open) {
            return;
        }
        if (plans_[i].stays_until_empty) {
            counter.overtime = true;  // Closed in Dispatch once nobody waits for its services.
        } else if (counter.current >= 0) {
            counter.leaving = true;
        } else {
            Close(i, now);
        }
    }

    void Finish(std::uint32_t i, std::int64_t now) {
        CounterRun& counter = counters_[i];
        const auto visit = static_cast<std::size_t>(counter.current);
        Do(queue::FinishService(state_, context_, state_.Tickets()[visit].id, At(now)));
        outcome_.officers[i].busy_ms += visits_[visit].service_ms;
        counter.current = -1;
        if (counter.leaving) {
            Close(i, now);
        }
    }

    void Arrive(std::uint32_t index, std::int64_t now) {
        const Visit& visit = visits_[index];
        auto events = Do(queue::IssueTicket(state_, context_, visit.service, visit.priority, At(now)));
        const auto& issued = std::get<queue::TicketIssued>(events.front());
        ++waiting_[visit_lines_[index]];
        TicketOutcome& outcome = outcome_.tickets[index];
        outcome.service = visit.group;
        outcome.priority = visit.priority.has_value();
        outcome.arrival_ms = now;
        auto prediction = queue::PredictWait(state_, context_, issued.ticket_id, At(now));
        if (prediction) {
            outcome.predicted_ms = prediction->expected.count();
            const auto mean = static_cast<double>(context_.PriorServiceTime(visit.service).count());
            outcome.naive_ms = static_cast<std::int64_t>(static_cast<double>(prediction->position) * mean /
                                                         std::max(1, state_.OpenCounters(visit.service)));
        }
        if (visit.patience_ms >= 0) {
            pending_.push({now + visit.patience_ms, Kind::kAbandon, index});
        }
    }

    void Abandon(std::uint32_t index, std::int64_t now) {
        const queue::Ticket& ticket = state_.Tickets()[index];
        if (ticket.status != queue::TicketStatus::kWaiting) {
            return;
        }
        Do(queue::Cancel(state_, context_, ticket.id, "left_before_called", At(now)));
        --waiting_[visit_lines_[index]];
        outcome_.tickets[index].fate = TicketOutcome::Fate::kAbandoned;
        outcome_.tickets[index].wait_ms = now - visits_[index].arrival_ms;
    }

    // Whether anyone waits for the counter's services; read from the simulator's own counts, so a
    // counter with nothing to do does not ask the policy.
    bool WorkFor(const CounterRun& counter) const {
        return std::any_of(counter.lines.begin(), counter.lines.end(),
                           [&](std::uint32_t line) { return waiting_[line] > 0; });
    }

    void Dispatch(std::int64_t now) {
        for (std::uint32_t i = 0; i < counters_.size(); ++i) {
            CounterRun& counter = counters_[i];
            if (!counter.open || counter.current >= 0 || counter.leaving) {
                continue;
            }
            if (!WorkFor(counter)) {
                if (counter.overtime) {
                    Close(i, now);
                }
                continue;
            }
            auto decision = queue::CallNext(state_, context_, plans_[i].counter_id, policy_, At(now));
            if (decision && !decision->empty() && options_.on_call) {
                const auto& chosen = std::get<queue::TicketCalled>(decision->front());
                options_.on_call(state_, plans_[i].counter_id, *state_.FindTicket(chosen.ticket_id), At(now));
            }
            auto events = Do(std::move(decision));
            const auto& called = std::get<queue::TicketCalled>(events.at(0));
            const std::uint32_t index = state_.FindTicket(called.ticket_id)->order;
            Do(queue::StartService(state_, context_, called.ticket_id, At(now)));
            --waiting_[visit_lines_[index]];
            counter.current = index;
            outcome_.tickets[index].wait_ms = now - visits_[index].arrival_ms;
            pending_.push({now + visits_[index].service_ms, Kind::kFinish, i});
        }
    }

    const queue::HallContext& context_;
    const core::Instant base_;
    std::span<const CounterPlan> plans_;
    std::span<const Visit> visits_;
    const queue::RoutingPolicy& policy_;
    const DayOptions& options_;
    queue::HallState state_;
    std::vector<std::string> codes_;          // The services seen, in first-seen order.
    std::vector<std::uint32_t> visit_lines_;  // Per visit: its service's index in codes_.
    std::vector<std::int64_t> waiting_;       // Per service index: citizens waiting.
    std::vector<CounterRun> counters_;
    std::priority_queue<Happening, std::vector<Happening>, std::greater<>> pending_;
    DayOutcome outcome_;
};

}  // namespace

DayOutcome SimulateDay(const queue::HallContext& context, core::Instant base, std::span<const CounterPlan> counters,
                       std::span<const Visit> visits, const queue::RoutingPolicy& policy, const DayOptions& options) {
    return DayRun(context, base, counters, visits, policy, options).Run();
}

std::span<const std::string_view> PolicyNames() { return kPolicyNames; }

core::Result<Policy> PolicyNamed(std::string_view name) {
    std::string_view routing = name == "default" ? kServerDefault : name;
    Policy policy;
    policy.name = std::string(name);
    if (name == "dedicated" || name == "pooled") {
        policy.staffing = name == "dedicated" ? Staffing::kDedicated : Staffing::kPooled;
        routing = "fcfs";
    }
    std::shared_ptr<const queue::RoutingPolicy> rule = queue::MakePolicy(routing);
    if (!rule || std::find(kPolicyNames.begin(), kPolicyNames.end(), name) == kPolicyNames.end()) {
        return core::Fail(core::ErrorKind::kInvalid, "unknown_policy",
                          fmt::format("unknown policy \"{}\": use dedicated, fcfs, balanced, default or pooled", name));
    }
    policy.routing = std::move(rule);
    return policy;
}

std::uint64_t Run::Events() const {
    std::uint64_t total = 0;
    for (const auto& day : days) {
        total += day.events;
    }
    return total;
}

Simulator::Simulator(const Scenario& scenario, Policy policy) : scenario_(scenario), policy_(std::move(policy)) {
    domain::catalog::Hall hall;
    hall.id = "sim";
    hall.tenant_id = "sim";
    hall.name = scenario.name;
    for (unsigned day = 0; day < 7; ++day) {
        hall.opening_hours.push_back({std::chrono::weekday{day}, scenario.open, scenario.close});
    }
    std::vector<domain::catalog::Service> services;
    std::vector<std::string> all;
    for (const auto& spec : scenario.services) {
        domain::catalog::Service service;
        service.code = spec.code;
        service.unit_id = "sim";
        service.name = {spec.code, spec.code};
        service.ticket_prefix = spec.code;
        service.typical_service_time =
            std::max(std::chrono::minutes{1}, std::chrono::minutes{std::lround(spec.mean_service_min)});
        services.push_back(std::move(service));
        hall.service_codes.push_back(spec.code);
        all.push_back(spec.code);
    }
    std::vector<domain::catalog::Officer> officers;
    for (std::size_t i = 0; i < scenario.officers.size(); ++i) {
        const auto& spec = scenario.officers[i];
        hall.counters.push_back(
            {std::to_string(i + 1), hall.id, fmt::format("Loket {}", i + 1), static_cast<int>(i + 1)});
        domain::catalog::Officer officer;
        officer.id = spec.id;
        officer.tenant_id = "sim";
        officer.name = spec.id;
        officer.unit_id = "sim";
        officer.skills = policy_.staffing == Staffing::kPooled ? all : spec.skills;
        CounterPlan plan;
        plan.counter_id = std::to_string(i + 1);
        plan.officer_id = spec.id;
        switch (policy_.staffing) {
            case Staffing::kSkills:
                plan.services = spec.skills;
                break;
            case Staffing::kDedicated:
                plan.services = {spec.skills.front()};
                break;
            case Staffing::kPooled:
                plan.services = all;
                break;
        }
        plan.start_ms = spec.start.count() * 60'000;
        plan.end_ms = spec.end.count() * 60'000;
        plan.stays_until_empty = spec.end >= scenario.close;
        counters_.push_back(std::move(plan));
        officers.push_back(std::move(officer));
    }
    context_ = domain::queue::HallContext::Make(std::move(hall), services, officers);
    // A hall with history: the predictor's prior is the service's true mean, as after a few weeks.
    for (const auto& spec : scenario.services) {
        context_.history[spec.code] = core::Millis{std::llround(spec.mean_service_min * 60'000.0)};
    }
}

DayOutcome Simulator::Day(const DayWork& work) const {
    std::vector<Visit> visits;
    visits.reserve(work.size());
    for (const auto& citizen : work) {
        Visit visit;
        visit.arrival_ms = citizen.arrival_ms;
        visit.service = scenario_.services[citizen.service].code;
        if (citizen.priority) {
            visit.priority = domain::queue::PriorityReason::kElderly;
        }
        visit.service_ms = citizen.service_ms;
        visit.patience_ms = citizen.patience_ms;
        visit.group = citizen.service;
        visits.push_back(visit);
    }
    DayOptions options;
    options.record = record_;
    const auto base = core::FromLocal(kSimulatedDay, std::chrono::minutes{0}, context_.hall.utc_offset);
    return SimulateDay(context_, base, counters_, visits, *policy_.routing, options);
}

Run Simulator::Simulate(const Workload& work) const {
    Run run;
    run.policy = policy_.name;
    run.days.reserve(work.days.size());
    for (const auto& day : work.days) {
        run.days.push_back(Day(day));
    }
    return run;
}

}  // namespace layan::sim
