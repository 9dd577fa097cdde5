#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

namespace layan::api {

/// The satisfaction survey of a ticket (docs/API.md, "Satisfaction survey"): its form and its answer, by the
/// citizen's link or from the counter's tablet.
void RegisterSurveyRoutes(http::Router& router, ApiContext& context);

/// The form of a ticket's survey as JSON: the ticket, its service and officer, its state, the nine questions with
/// their answers, the conduct question and the profile fields.
[[nodiscard]] nlohmann::json SurveyFormJson(const engine::SurveyForm& form);

}  // namespace layan::api
