#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// The digital twin of a hall for its supervisors (docs/API.md, "Studies"): POST a study of the hall's
/// recorded days, then GET it until it is done.
void RegisterTwinRoutes(http::Router& router, ApiContext& context);

}  // namespace layan::api
