#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// The services of a tenant with their published standards (docs/API.md, "Service standards"): what is
/// required, how long it takes and what it costs, as in force on a date. Public.
void RegisterStandardRoutes(http::Router& router, ApiContext& context);

}  // namespace layan::api
