#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "layan/api/api.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/http/router.h"

namespace layan::api {

/// The services of a tenant with their published standards (docs/API.md, "Service standards"): what is
/// required, how long it takes and what it costs, as in force on a date. Public.
void RegisterStandardRoutes(http::Router& router, ApiContext& context);

/// The published part of the service's standard in force on `on` (domain::standards::PublishedJson), null when
/// none is: what the services routes and the hall (GET /api/v1/halls/{hall}) show citizens.
[[nodiscard]] nlohmann::json StandardInForceJson(ApiContext& context, const std::string& tenant_id,
                                                 const std::string& service_code, domain::calendar::Date on);

}  // namespace layan::api
