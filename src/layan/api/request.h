#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "layan/api/api.h"
#include "layan/core/error.h"
#include "layan/core/worker_pool.h"
#include "layan/engine/actor.h"
#include "layan/engine/personal_data.h"
#include "layan/engine/queue.h"
#include "layan/http/body.h"
#include "layan/http/message.h"

/// What every API handler reads from its request the same way: the caller, the typed requests of the use
/// cases, and how blocking work is answered from a worker.
namespace layan::api {

/// Who calls, as the auth guard established it (an anonymous citizen when nobody signed in), and how the
/// records name them.
[[nodiscard]] engine::Caller CallerOf(const http::Request& request);

/// A handler of the API's shape, `handler(context, request, respond)`, bound to `context` as the router takes it.
[[nodiscard]] http::Handler Bind(ApiContext& context,
                                 void (*handler)(ApiContext&, const http::Request&, const http::Responder&));

/// Runs `work` on the API's workers and answers with what it returns; 503 "busy" at once when they are
/// saturated.
void OnWorker(ApiContext& context, const http::Responder& respond, std::function<http::Response()> work);

/// Runs `work` on `pool` and answers with what it returns; 503 "busy" at once when it is saturated.
void OnPool(core::WorkerPool& pool, const http::Responder& respond, std::function<http::Response()> work);

/// The whole number in query parameter `name`, `fallback` when absent; 422 "invalid_field" naming it when it is not
/// a whole number from `low` to `high`.
[[nodiscard]] core::Result<std::int64_t> IntegerQuery(const http::Request& request, std::string_view name,
                                                      std::int64_t fallback, std::int64_t low, std::int64_t high);

/// Reads "phone", "phone_consent" and "nik": 422 with details.field: the codes of domain::identity (e.g.
/// "phone_not_mobile", "nik_bad_month"), "invalid_field" for a wrong type, "consent_required" for a phone
/// without "phone_consent": true.
[[nodiscard]] core::Result<engine::TicketContact> TicketContactOf(const http::Body& body);

/// {"phone": "+62812****7890"|null, "nik": "3516**********12"|null}.
[[nodiscard]] nlohmann::json MaskedContactJson(const engine::MaskedContact& contact);

/// The operation of a ticket route: "service" for a transfer, "reason" for a cancellation.
[[nodiscard]] core::Result<engine::TicketOperation> TicketOperationOf(engine::TicketAction action,
                                                                      const http::Body& body);

/// The operation of a counter route: "officer" and "services" to open, "reason" to pause.
[[nodiscard]] core::Result<engine::CounterOperation> CounterOperationOf(engine::CounterAction action,
                                                                        const http::Body& body);

}  // namespace layan::api
