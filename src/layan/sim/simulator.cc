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
enum class Kind : std::uint8_t { kFinish, kOfficerEnd, kOfficerStart, kAbandon };

struct Happening {
    std::int64_t at = 0;
    Kind kind = Kind::kFinish;
    std::uint32_t index = 0;  // Officer (finish, start, end) or citizen (abandon).

    friend bool operator>(const Happening& a, const Happening& b) {
        if (a.at != b.at) {
            return a.at > b.at;
        }
        return a.kind != b.kind ? a.kind > b.kind : a.index > b.index;
    }
};

struct CounterRun {
    std::string id{};
    bool open = false;
    bool overtime = false;  // Past its end, staying while citizens wait for its services.
    bool leaving = false;   // Past its end, closing after the citizen in hand.
    std::int64_t opened_at = 0;
    std::int64_t current = -1;  // The citizen being served.
};

// One simulated day: the state, the counters, and what happened to everyone.
class DayRun {
public:
    DayRun(const Scenario& scenario, const Policy& policy, const queue::HallContext& context,
           const std::vector<std::vector<std::string>>& services, const DayWork& work)
        : scenario_(scenario),
          policy_(policy),
          context_(context),
          services_(services),
          work_(work),
          base_(core::FromLocal(kSimulatedDay, std::chrono::minutes{0}, context.hall.utc_offset)) {
        counters_.resize(scenario.officers.size());
        waiting_by_service_.assign(scenario.services.size(), 0);
        for (const auto& codes : services) {
            std::vector<std::uint32_t> indices;
            for (const auto& code : codes) {
                indices.push_back(static_cast<std::uint32_t>(*scenario.ServiceIndex(code)));
            }
            service_indices_.push_back(std::move(indices));
        }
        outcome_.officers.resize(scenario.officers.size());
        outcome_.tickets.resize(work.size());
        for (std::uint32_t i = 0; i < counters_.size(); ++i) {
            counters_[i].id = std::to_string(i + 1);
            const auto& officer = scenario.officers[i];
            pending_.push({officer.start.count() * 60'000, Kind::kOfficerStart, i});
            pending_.push({officer.end.count() * 60'000, Kind::kOfficerEnd, i});
        }
    }

    DayOutcome Run() {
        std::size_t next = 0;
        while (next < work_.size() || !pending_.empty()) {
            std::int64_t now = next < work_.size() ? work_[next].arrival_ms : INT64_MAX;
            if (!pending_.empty()) {
                now = std::min(now, pending_.top().at);
            }
            while (!pending_.empty() && pending_.top().at == now && pending_.top().kind != Kind::kAbandon) {
                Happening happening = pending_.top();
                pending_.pop();
                Handle(happening, now);
            }
            while (next < work_.size() && work_[next].arrival_ms == now) {
                Arrive(static_cast<std::uint32_t>(next++), now);
            }
            while (!pending_.empty() && pending_.top().at == now) {
                Happening happening = pending_.top();
                pending_.pop();
                Handle(happening, now);
            }
            Dispatch(now);
        }
        for (std::size_t i = 0; i < work_.size(); ++i) {
            if (state_.Tickets()[i].status == queue::TicketStatus::kWaiting) {
                outcome_.tickets[i].fate = TicketOutcome::Fate::kUnserved;
            }
        }
        return std::move(outcome_);
    }

private:
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
        return std::move(*decision);
    }

    void Handle(const Happening& happening, std::int64_t now) {
        switch (happening.kind) {
            case Kind::kFinish:
                Finish(happening.index, now);
                break;
            case Kind::kOfficerEnd:
                End(happening.index, now);
                break;
            case Kind::kOfficerStart:
                Start(happening.index, now);
                break;
            case Kind::kAbandon:
                Abandon(happening.index, now);
                break;
        }
    }

    void Start(std::uint32_t officer, std::int64_t now) {
        CounterRun& counter = counters_[officer];
        Do(queue::OpenCounter(state_, context_, counter.id, scenario_.officers[officer].id, services_[officer],
                              At(now)));
        counter.open = true;
        counter.opened_at = now;
    }

    void Close(std::uint32_t officer, std::int64_t now) {
        CounterRun& counter = counters_[officer];
        Do(queue::CloseCounter(state_, context_, counter.id, At(now)));
        counter.open = false;
        counter.overtime = counter.leaving = false;
        outcome_.officers[officer].present_ms += now - counter.opened_at;
    }

    void End(std::uint32_t officer, std::int64_t now) {
        CounterRun& counter = counters_[officer];
        if (!counter.open) {
            return;
        }
        if (scenario_.officers[officer].end >= scenario_.close) {
            counter.overtime = true;  // Closed in Dispatch once nobody waits for its services.
        } else if (counter.current >= 0) {
            counter.leaving = true;
        } else {
            Close(officer, now);
        }
    }

    void Finish(std::uint32_t officer, std::int64_t now) {
        CounterRun& counter = counters_[officer];
        const auto citizen = static_cast<std::size_t>(counter.current);
        Do(queue::FinishService(state_, context_, state_.Tickets()[citizen].id, At(now)));
        outcome_.officers[officer].busy_ms += work_[citizen].service_ms;
        counter.current = -1;
        if (counter.leaving) {
            Close(officer, now);
        }
    }

    void Arrive(std::uint32_t index, std::int64_t now) {
        const Citizen& citizen = work_[index];
        const std::string& code = scenario_.services[citizen.service].code;
        std::optional<queue::PriorityReason> priority;
        if (citizen.priority) {
            priority = queue::PriorityReason::kElderly;
        }
        auto events = Do(queue::IssueTicket(state_, context_, code, priority, At(now)));
        const auto& issued = std::get<queue::TicketIssued>(events.front());
        ++waiting_by_service_[citizen.service];
        TicketOutcome& outcome = outcome_.tickets[index];
        outcome.service = citizen.service;
        outcome.priority = citizen.priority;
        outcome.arrival_ms = now;
        auto prediction = queue::PredictWait(state_, context_, issued.ticket_id, At(now));
        if (prediction) {
            outcome.predicted_ms = prediction->expected.count();
            const auto mean_ms = static_cast<double>(scenario_.services[citizen.service].mean_service_min) * 60'000.0;
            outcome.naive_ms = static_cast<std::int64_t>(static_cast<double>(prediction->position) * mean_ms /
                                                         std::max(1, state_.OpenCounters(code)));
        }
        if (citizen.patience_ms >= 0) {
            pending_.push({now + citizen.patience_ms, Kind::kAbandon, index});
        }
    }

    void Abandon(std::uint32_t index, std::int64_t now) {
        const queue::Ticket& ticket = state_.Tickets()[index];
        if (ticket.status != queue::TicketStatus::kWaiting) {
            return;
        }
        Do(queue::Cancel(state_, context_, ticket.id, "left_before_called", At(now)));
        --waiting_by_service_[work_[index].service];
        outcome_.tickets[index].fate = TicketOutcome::Fate::kAbandoned;
        outcome_.tickets[index].wait_ms = now - work_[index].arrival_ms;
    }

    // Whether anyone waits for the counter's services; read from the simulator's own counts, so a
    // counter with nothing to do does not ask the policy.
    bool WorkFor(std::uint32_t officer) const {
        return std::any_of(service_indices_[officer].begin(), service_indices_[officer].end(),
                           [&](std::uint32_t service) { return waiting_by_service_[service] > 0; });
    }

    void Dispatch(std::int64_t now) {
        for (std::uint32_t officer = 0; officer < counters_.size(); ++officer) {
            CounterRun& counter = counters_[officer];
            if (!counter.open || counter.current >= 0 || counter.leaving) {
                continue;
            }
            if (!WorkFor(officer)) {
                if (counter.overtime) {
                    Close(officer, now);
                }
                continue;
            }
            auto events = Do(queue::CallNext(state_, context_, counter.id, *policy_.routing, At(now)));
            const auto& called = std::get<queue::TicketCalled>(events.at(0));
            const std::uint32_t index = state_.FindTicket(called.ticket_id)->order;
            Do(queue::StartService(state_, context_, called.ticket_id, At(now)));
            --waiting_by_service_[work_[index].service];
            counter.current = index;
            outcome_.tickets[index].wait_ms = now - work_[index].arrival_ms;
            pending_.push({now + work_[index].service_ms, Kind::kFinish, officer});
        }
    }

    const Scenario& scenario_;
    const Policy& policy_;
    const queue::HallContext& context_;
    const std::vector<std::vector<std::string>>& services_;
    const DayWork& work_;
    const core::Instant base_;
    queue::HallState state_;
    std::vector<CounterRun> counters_;
    std::priority_queue<Happening, std::vector<Happening>, std::greater<>> pending_;
    std::vector<std::vector<std::uint32_t>> service_indices_;  // Per officer: the counter's services.
    std::vector<std::int64_t> waiting_by_service_;
    DayOutcome outcome_;
};

}  // namespace

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
        switch (policy_.staffing) {
            case Staffing::kSkills:
                counter_services_.push_back(spec.skills);
                break;
            case Staffing::kDedicated:
                counter_services_.push_back({spec.skills.front()});
                break;
            case Staffing::kPooled:
                counter_services_.push_back(all);
                break;
        }
        officers.push_back(std::move(officer));
    }
    context_ = domain::queue::HallContext::Make(std::move(hall), services, officers);
    // A hall with history: the predictor's prior is the service's true mean, as after a few weeks.
    for (const auto& spec : scenario.services) {
        context_.history[spec.code] = core::Millis{std::llround(spec.mean_service_min * 60'000.0)};
    }
}

DayOutcome Simulator::Day(const DayWork& work) const {
    return DayRun(scenario_, policy_, context_, counter_services_, work).Run();
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
