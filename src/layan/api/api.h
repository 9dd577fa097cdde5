#pragma once

#include <memory>
#include <string>

#include "layan/engine/engine.h"
#include "layan/http/router.h"
#include "layan/http/sse_hub.h"
#include "layan/voice/voice.h"

namespace layan::api {

class QueueSnapshots;

/// What the API handlers work with. Everything outlives the router. Handlers parse the request, call one use
/// case of the engine and render its result: they hold no rule. Whatever blocks (the vault, a whole-log
/// scan, speech synthesis) runs on the engine's workers, never on the HTTP event loop.
struct ApiContext {
    engine::Engine& engine;
    http::SseHub& hub;
    voice::Voice* voice = nullptr;  ///< Spoken calls; null when espeak-ng is unavailable (voice.wav → 503).
    std::string public_url;         ///< "http://127.0.0.1:8080", without a trailing slash.
    /// Each hall's snapshot, rendered once per change (set by RegisterRoutes).
    std::shared_ptr<QueueSnapshots> snapshots{};
};

/// Adds every /api/v1 route to the router (the whole table is in api.cc, one screen).
void RegisterRoutes(http::Router& router, ApiContext& context);

/// Publishes every committed hall event to the hub's channel "hall/<id>" (see docs/API.md).
void PublishHallEvents(ApiContext& context);

/// The SSE channel of a hall.
[[nodiscard]] std::string HallChannel(const std::string& hall_id);

}  // namespace layan::api
