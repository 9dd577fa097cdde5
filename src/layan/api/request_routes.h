#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// Service requests (docs/API.md, "Service requests"): a citizen submits one with documents and follows it by its
/// tracking code (public); the unit's officers list, read and work them (requests.work).
void RegisterRequestRoutes(http::Router& router, ApiContext& context);

}  // namespace layan::api
