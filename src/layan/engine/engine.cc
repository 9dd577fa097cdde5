#include "layan/engine/engine.h"

namespace layan::engine {

Engine::Engine(store::Database& database, const core::Clock& clock, Options options)
    : directory(database.CatalogRepo(), database.Vault()),
      personal_data(database.Vault(), database.Events(), directory),
      audit(database.Audit(), database.Events(), directory),
      halls(database.Events(), database.CatalogRepo(), clock, domain::queue::MakePolicy(options.routing_policy),
            options.rules, std::move(options.closures)),
      workers("engine", options.worker_threads, options.worker_queue),
      queue(halls, personal_data, workers),
      twin(database, directory, clock, options.rules) {
    directory.Load();
    halls.Load();
}

Engine::~Engine() { Shutdown(); }

void Engine::Shutdown() {
    twin.Drain();
    workers.Drain();
    halls.Drain();
}

}  // namespace layan::engine
