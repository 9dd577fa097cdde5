#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/core/worker_pool.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/engine/actor.h"
#include "layan/engine/directory.h"
#include "layan/sim/report.h"
#include "layan/sim/scenario.h"
#include "layan/sim/staffing.h"
#include "layan/sim/training.h"
#include "layan/store/database.h"

/// The digital twin of a live hall (docs/SIMULATOR.md): what-if studies on the hall's own recorded
/// days, for its supervisors. A study learns a scenario from the days asked for
/// (sim::ScenarioFromHistory) and then compares the policies, plans the staffing or advises training,
/// in the background, one study at a time, with its progress readable while it runs.
namespace layan::engine {

enum class Study { kPolicies, kStaffing, kTraining };

/// "policies", "staffing", "training".
[[nodiscard]] std::string_view ToString(Study study);
[[nodiscard]] std::optional<Study> ParseStudy(std::string_view code);

/// The bounds of a study (the API reads its fields within them; Twin::Start refuses anything else).
inline constexpr int kMostSimulatedDays = 200;
inline constexpr int kMostTrainings = 10;

struct StudyRequest {
    std::string hall_id{};
    std::chrono::year_month_day from{};  ///< The recorded days to learn from, both included.
    std::chrono::year_month_day to{};
    Study study = Study::kPolicies;
    int days = 20;  ///< Simulated days (1–kMostSimulatedDays).
    std::uint64_t seed = 1;
    sim::ServiceTarget target{};  ///< Staffing.
    int budget = 3;               ///< Training: how many trainings to advise (1–kMostTrainings).
};

/// What a finished study found.
struct StudyResult {
    sim::Scenario scenario{};             ///< Learned from the hall's days.
    std::vector<sim::Report> policies{};  ///< Study::kPolicies: every policy on the same simulated days.
    std::optional<sim::StaffingPlan> staffing{};
    std::optional<sim::TrainingAdvice> training{};
};

struct StudyJob {
    enum class Status { kQueued, kRunning, kDone, kFailed };
    std::string id{};
    std::string hall_id{};
    Study study = Study::kPolicies;
    Status status = Status::kQueued;
    double progress = 0;  ///< 0 to 1.
    std::string requested_by{};
    core::Instant requested_at{};
    std::shared_ptr<const StudyResult> result{};  ///< When done.
    std::optional<core::Error> error{};           ///< When failed (e.g. "no_history").
    StudyRequest request{};
};

/// "queued", "running", "done", "failed".
[[nodiscard]] std::string_view ToString(StudyJob::Status status);

class Twin {
public:
    /// `database`, `directory` and `clock` must outlive the object. Studies replay the halls' days with `rules`,
    /// the queue rules the server runs on.
    Twin(store::Database& database, const Directory& directory, const core::Clock& clock,
         domain::queue::QueueRules rules = {});
    /// Drain().
    ~Twin();
    Twin(const Twin&) = delete;
    Twin& operator=(const Twin&) = delete;

    /// Queues a study of a hall the caller supervises (queue.supervise in the hall's tenant): 404
    /// "hall_not_found", 403, 422 "invalid_range" (CheckHistoryRange), 422 "invalid_study" for a parameter out of
    /// bounds, 503 "busy" when two studies already wait. The job runs later; Find tells how far it is.
    [[nodiscard]] core::Result<StudyJob> Start(const Caller& caller, StudyRequest request);

    /// A study of the hall, as it stands now: 404 "study_not_found" (also for another hall's study).
    [[nodiscard]] core::Result<StudyJob> Find(const Caller& caller, std::string_view hall_id,
                                              std::string_view id) const;

    /// Finishes the study running and drops those waiting. Idempotent.
    void Drain();

private:
    void Run(const std::string& id);
    void Update(const std::string& id, const std::function<void(StudyJob&)>& change);
    [[nodiscard]] core::Status MaySupervise(const Caller& caller, std::string_view hall_id) const;

    store::Database& database_;
    const Directory& directory_;
    const core::Clock& clock_;
    domain::queue::QueueRules rules_;
    mutable std::mutex mutex_;
    std::map<std::string, StudyJob, std::less<>> jobs_;
    std::uint64_t next_id_ = 1;
    core::WorkerPool pool_;
};

}  // namespace layan::engine
