#pragma once

#include <string>

#include "layan/engine/halls.h"
#include "layan/http/router.h"
#include "layan/http/sse_hub.h"
#include "layan/store/database.h"
#include "layan/voice/voice.h"

namespace layan::api {

/// What the API handlers work with. Everything outlives the router.
struct ApiContext {
    engine::Halls& halls;
    store::Database& database;
    http::SseHub& hub;
    voice::Voice* voice = nullptr;  ///< Spoken calls; null when espeak-ng is unavailable (voice.wav → 503).
    std::string public_url;         ///< "http://127.0.0.1:8080", without a trailing slash.
};

/// Adds every /api/v1 route to the router (the whole table is in api.cc, one screen).
void RegisterRoutes(http::Router& router, ApiContext& context);

/// Publishes every committed hall event to the hub's channel "hall/<id>" (see docs/API.md).
void PublishHallEvents(ApiContext& context);

/// The SSE channel of a hall.
[[nodiscard]] std::string HallChannel(const std::string& hall_id);

}  // namespace layan::api
