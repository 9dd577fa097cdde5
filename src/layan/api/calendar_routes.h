#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// The work calendar of a tenant, its units and halls (docs/API.md, "Work calendar"): the days as they are
/// (public), and the administrators' decisions (weeks, closed or opened days, national years).
void RegisterCalendarRoutes(http::Router& router, ApiContext& context);

}  // namespace layan::api
