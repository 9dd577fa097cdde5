#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// How well a government serves (docs/API.md, "Performance"): the public dashboard's figures and open data (JSON,
/// CSV, XLSX, no login), the satisfaction report (SKM) and the per-officer figures for supervisors, and the
/// rebuild of the figures from the events for administrators.
void RegisterPerformanceRoutes(http::Router& router, ApiContext& context);

/// The figures of a period as the API answers them (GET /api/v1/tenants/{tenant}/performance); also printed by
/// `layan views rebuild --json`, so that a rebuild can be compared with what the server showed.
[[nodiscard]] nlohmann::json PerformanceReportJson(const engine::PerformanceReport& report);

}  // namespace layan::api
