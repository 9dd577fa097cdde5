#include "layan/engine/twin.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/engine/halls.h"
#include "layan/engine/history.h"
#include "layan/sim/history.h"
#include "layan/sim/simulator.h"
#include "layan/sim/workload.h"

namespace layan::engine {

namespace {

namespace access = domain::access;

constexpr std::size_t kMostWaiting = 2;
// Finished studies kept per server (the oldest are forgotten first).
constexpr std::size_t kMostKept = 50;

core::Error Invalid(std::string message) {
    return core::Error{core::ErrorKind::kInvalid, "invalid_study", std::move(message), nullptr};
}

}  // namespace

std::string_view ToString(Study study) {
    switch (study) {
        case Study::kPolicies:
            return "policies";
        case Study::kStaffing:
            return "staffing";
        case Study::kTraining:
            return "training";
    }
    return "policies";
}

std::optional<Study> ParseStudy(std::string_view code) {
    for (auto study : {Study::kPolicies, Study::kStaffing, Study::kTraining}) {
        if (ToString(study) == code) {
            return study;
        }
    }
    return std::nullopt;
}

std::string_view ToString(StudyJob::Status status) {
    switch (status) {
        case StudyJob::Status::kQueued:
            return "queued";
        case StudyJob::Status::kRunning:
            return "running";
        case StudyJob::Status::kDone:
            return "done";
        case StudyJob::Status::kFailed:
            return "failed";
    }
    return "queued";
}

Twin::Twin(store::Database& database, const Directory& directory, const core::Clock& clock,
           domain::queue::QueueRules rules)
    : database_(database), directory_(directory), clock_(clock), rules_(rules), pool_("twin", 1, kMostWaiting) {}

Twin::~Twin() { Drain(); }

void Twin::Drain() { pool_.Drain(); }

core::Status Twin::MaySupervise(const Caller& caller, std::string_view hall_id) const {
    const auto* hall = directory_.FindHall(hall_id);
    if (!hall) {
        return tl::unexpected(HallNotFound(hall_id));
    }
    return access::Authorize(caller.principal, access::permission::kQueueSupervise, {hall->tenant_id, hall->id});
}

core::Result<StudyJob> Twin::Start(const Caller& caller, StudyRequest request) {
    if (auto allowed = MaySupervise(caller, request.hall_id); !allowed) {
        return tl::unexpected(allowed.error());
    }
    if (auto range = CheckHistoryRange(request.from, request.to); !range) {
        return tl::unexpected(range.error());
    }
    if (request.days < 1 || request.days > kMostSimulatedDays) {
        return tl::unexpected(
            Invalid(fmt::format("Simulate from 1 to {} days, not {}.", kMostSimulatedDays, request.days)));
    }
    if (request.budget < 1 || request.budget > kMostTrainings) {
        return tl::unexpected(
            Invalid(fmt::format("Advise from 1 to {} trainings, not {}.", kMostTrainings, request.budget)));
    }
    if (request.target.share <= 0 || request.target.share >= 1 || request.target.wait_min <= 0) {
        return tl::unexpected(
            Invalid("The staffing target needs a share above 0 % and below 100 % and a wait above 0."));
    }
    StudyJob job;
    job.hall_id = request.hall_id;
    job.study = request.study;
    job.requested_by = caller.actor.actor;
    job.requested_at = clock_.Now();
    job.request = std::move(request);
    {
        std::lock_guard lock(mutex_);
        job.id = fmt::format("{}-{}", job.hall_id, next_id_++);
        while (jobs_.size() >= kMostKept) {  // forget the oldest finished study
            auto oldest = std::find_if(jobs_.begin(), jobs_.end(), [](const auto& entry) {
                return entry.second.status == StudyJob::Status::kDone ||
                       entry.second.status == StudyJob::Status::kFailed;
            });
            if (oldest == jobs_.end()) {
                break;
            }
            jobs_.erase(oldest);
        }
        jobs_[job.id] = job;
    }
    if (!pool_.Post([this, id = job.id] { Run(id); })) {
        std::lock_guard lock(mutex_);
        jobs_.erase(job.id);
        return core::Fail(core::ErrorKind::kUnavailable, "busy",
                          "Other studies are running; try again in a few minutes.");
    }
    return job;
}

core::Result<StudyJob> Twin::Find(const Caller& caller, std::string_view hall_id, std::string_view id) const {
    if (auto allowed = MaySupervise(caller, hall_id); !allowed) {
        return tl::unexpected(allowed.error());
    }
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second.hall_id != hall_id) {
        return core::Fail(
            core::ErrorKind::kNotFound, "study_not_found",
            fmt::format("There is no study {} of this hall (studies are kept until the server restarts).", id));
    }
    return it->second;
}

void Twin::Update(const std::string& id, const std::function<void(StudyJob&)>& change) {
    std::lock_guard lock(mutex_);
    if (auto it = jobs_.find(id); it != jobs_.end()) {
        change(it->second);
    }
}

void Twin::Run(const std::string& id) {
    StudyRequest request;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(id);
        if (it == jobs_.end()) {
            return;
        }
        it->second.status = StudyJob::Status::kRunning;
        request = it->second.request;
    }
    auto fail = [&](core::Error error) {
        Update(id, [&](StudyJob& job) {
            job.status = StudyJob::Status::kFailed;
            job.error = std::move(error);
        });
    };
    try {
        auto history = ReadHallHistory(database_, request.hall_id, request.from, request.to, rules_);
        if (!history) {
            return fail(history.error());
        }
        auto scenario = sim::ScenarioFromHistory(history->context, history->days);
        if (!scenario) {
            return fail(scenario.error());
        }
        scenario->name = fmt::format("{} ({} to {})", history->context.hall.name, core::FormatDate(request.from),
                                     core::FormatDate(request.to));
        scenario->days = request.days;
        scenario->seed = request.seed;
        auto result = std::make_shared<StudyResult>();
        result->scenario = *scenario;
        const sim::Workload work = sim::Generate(*scenario, scenario->seed, scenario->days);
        auto progress = [&](double done) { Update(id, [&](StudyJob& job) { job.progress = done; }); };
        switch (request.study) {
            case Study::kPolicies: {
                const auto names = sim::PolicyNames();
                for (std::size_t i = 0; i < names.size(); ++i) {
                    sim::Simulator simulator(result->scenario, *sim::PolicyNamed(names[i]));
                    result->policies.push_back(sim::Summarize(result->scenario, simulator.Simulate(work)));
                    progress(static_cast<double>(i + 1) / static_cast<double>(names.size()));
                }
                break;
            }
            case Study::kStaffing:
                result->staffing = sim::PlanStaffing(result->scenario, request.target, work);
                break;
            case Study::kTraining:
                result->training = sim::AdviseTraining(result->scenario, work, "default", request.budget, progress);
                break;
        }
        Update(id, [&](StudyJob& job) {
            job.status = StudyJob::Status::kDone;
            job.progress = 1;
            job.result = std::move(result);
        });
    } catch (const std::exception& e) {
        spdlog::error("study {} failed: {}", id, e.what());
        fail({core::ErrorKind::kUnavailable, "study_failed", "The study could not read the hall's days; try again.",
              nullptr});
    }
}

}  // namespace layan::engine
