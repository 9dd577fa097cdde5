#include "layan/engine/engine.h"

namespace layan::engine {

Engine::Engine(store::Database& database, const core::Clock& time, Options options)
    : clock(time),
      directory(database.CatalogRepo(), database.Vault()),
      personal_data(database.Vault(), database.Events(), directory),
      audit(database.Audit(), database.Events(), directory),
      calendars(database.Events(), directory, time, std::move(options.calendar)),
      standards(database.Events(), directory, time),
      halls(database.Events(), database.CatalogRepo(), time, domain::queue::MakePolicy(options.routing_policy),
            options.rules, calendars),
      workers("engine", options.worker_threads, options.worker_queue),
      queue(halls, personal_data, workers),
      requests(database.Events(), database.Uploads(), directory, personal_data, standards, calendars, time),
      escalations(requests, time),
      surveys(database.Events(), database.Vault(), directory, halls, time, options.survey_link_days),
      performance(database.Events(), directory, halls, time, options.ikm_weight),
      report_workers("reports", 1, 64),
      twin(database, directory, time, options.rules) {
    directory.Load();
    calendars.Load();
    standards.Load();
    requests.Load();
    halls.Load();
    if (options.performance_views) {
        performance.Start();
    }
}

Engine::~Engine() { Shutdown(); }

void Engine::Shutdown() {
    twin.Drain();
    report_workers.Drain();
    workers.Drain();
    escalations.Stop();
    requests.Drain();
    surveys.Drain();
    calendars.Stop();  // before the halls it tells of changes
    standards.Drain();
    halls.Drain();
    performance.Stop();
}

}  // namespace layan::engine
