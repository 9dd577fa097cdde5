#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "layan/core/time.h"
#include "layan/core/worker_pool.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/engine/audit.h"
#include "layan/engine/calendars.h"
#include "layan/engine/directory.h"
#include "layan/engine/escalations.h"
#include "layan/engine/halls.h"
#include "layan/engine/performance.h"
#include "layan/engine/personal_data.h"
#include "layan/engine/queue.h"
#include "layan/engine/requests.h"
#include "layan/engine/standards.h"
#include "layan/engine/survey.h"
#include "layan/engine/twin.h"
#include "layan/store/calendar.h"
#include "layan/store/database.h"

namespace layan::engine {

/// Everything the engine runs on one database, wired once: the server, the tests and the benchmarks build
/// it the same way. A new capability adds its use cases here.
class Engine {
public:
    struct Options {
        std::string routing_policy = "balanced";  ///< domain::queue::MakePolicy.
        domain::queue::QueueRules rules{};
        /// The national calendar the binary embeds, on which every tenant's calendar is laid (Calendars).
        domain::calendar::WorkCalendar calendar = store::NationalCalendar();
        int worker_threads = 2;          ///< For what blocks: the vault, whole-log scans, speech.
        std::size_t worker_queue = 256;  ///< Jobs waiting beyond this are refused (503 busy).
        int survey_link_days = 7;        ///< Days after a ticket's day that its survey link takes an answer.
        domain::survey::IkmWeight ikm_weight = domain::survey::IkmWeight::kOneNinth;
        bool performance_views = true;  ///< Fold the log into the performance figures (off for tools that need none).
    };

    /// Loads the catalog and every hall's state of today. Throws core::StorageUnavailable when the store
    /// cannot be read. `database` and `time` (kept as `clock`) must outlive the engine.
    Engine(store::Database& database, const core::Clock& time, Options options);
    /// Shutdown().
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Stops in order: the study running (studies waiting are dropped), the reports and the workers' jobs (which may
    /// still submit commands; later jobs are refused), the survey answers and the commits still pending with their
    /// callbacks, then the figures' feed. Call once no request can arrive any more. Idempotent.
    void Shutdown();

    const core::Clock& clock;  ///< The clock every use case reads.
    Directory directory;
    PersonalData personal_data;
    Audit audit;
    Calendars calendars;  ///< The work calendars of the tenants, their units and halls (the queue's and deadlines').
    Standards standards;  ///< The published standards of the services (what is required, how long, what it costs).
    Halls halls;
    core::WorkerPool workers;
    Queue queue;
    Requests requests;  ///< Service requests with their SLA clocks (permohonan).
    /// Escalates requests due soon or overdue; its thread runs only once started (`serve` does, every minute).
    Escalations escalations;
    Surveys surveys;          ///< The satisfaction survey of each served ticket.
    Performance performance;  ///< The figures of the dashboard, open data and reports: a view of the log.
    /// Where the figures' reports are computed: apart from `workers`, so that a crowd reading the public
    /// dashboard never delays a citizen's ticket or survey.
    core::WorkerPool report_workers;
    Twin twin;  ///< What-if studies of a hall's recorded days (the simulator).
};

}  // namespace layan::engine
