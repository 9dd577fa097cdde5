#include "layan/api/request.h"

#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "layan/auth/auth.h"
#include "layan/auth/guard.h"
#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"

namespace layan::api {

namespace identity = domain::identity;

engine::Caller CallerOf(const http::Request& request) {
    const auto& principal = auth::CallerOf(request);
    return engine::Caller{.principal = principal, .actor = auth::ActorOf(principal, request.remote_address)};
}

void OnWorker(ApiContext& context, const http::Responder& respond, std::function<http::Response()> work) {
    OnPool(context.engine.workers, respond, std::move(work));
}

void OnPool(core::WorkerPool& pool, const http::Responder& respond, std::function<http::Response()> work) {
    if (!pool.Post([respond, work = std::move(work)] { respond(work()); })) {
        respond(http::Response::Error(engine::Busy()));
    }
}

core::Result<engine::TicketContact> TicketContactOf(const http::Body& body) {
    auto phone = body.OptionalString("phone", 64);
    auto nik = phone ? body.OptionalString("nik", 64) : tl::unexpected(phone.error());
    if (!nik) {
        return tl::unexpected(nik.error());
    }
    engine::TicketContact contact;
    if (*phone) {
        auto normal = identity::NormalizePhone(**phone);
        if (!normal) {
            return tl::unexpected(normal.error());
        }
        if (!body.IsTrue("phone_consent")) {
            return tl::unexpected(core::Error{
                core::ErrorKind::kInvalid, "consent_required",
                "A phone number is kept only with the citizen's consent to be notified: send \"phone_consent\": true.",
                nlohmann::json{{"field", "phone_consent"}}});
        }
        contact.phone = *normal;
    }
    if (*nik) {
        if (auto valid = identity::ValidateNik(**nik); !valid) {
            return tl::unexpected(valid.error());
        }
        contact.nik = **nik;
    }
    return contact;
}

nlohmann::json MaskedContactJson(const engine::MaskedContact& contact) {
    auto or_null = [](const std::optional<std::string>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    return nlohmann::json{{"phone", or_null(contact.phone)}, {"nik", or_null(contact.nik)}};
}

core::Result<engine::TicketOperation> TicketOperationOf(engine::TicketAction action, const http::Body& body) {
    engine::TicketOperation operation{.action = action, .to_service = "", .reason = ""};
    if (action == engine::TicketAction::kTransfer) {
        auto to = body.RequiredString("service", 40);
        if (!to) {
            return tl::unexpected(to.error());
        }
        operation.to_service = std::move(*to);
    } else if (action == engine::TicketAction::kCancel) {
        auto reason = body.OptionalString("reason", 200);
        if (!reason) {
            return tl::unexpected(reason.error());
        }
        operation.reason = reason->value_or("");
    }
    return operation;
}

core::Result<engine::CounterOperation> CounterOperationOf(engine::CounterAction action, const http::Body& body) {
    engine::CounterOperation operation{.action = action, .officer = "", .services = {}, .reason = ""};
    if (action == engine::CounterAction::kOpen) {
        auto officer = body.RequiredString("officer", 80);
        auto services = officer ? body.RequiredStrings("services") : tl::unexpected(officer.error());
        if (!services) {
            return tl::unexpected(services.error());
        }
        operation.officer = std::move(*officer);
        operation.services = std::move(*services);
    } else if (action == engine::CounterAction::kPause) {
        auto reason = body.OptionalString("reason", 200);
        if (!reason) {
            return tl::unexpected(reason.error());
        }
        operation.reason = reason->value_or("");
    }
    return operation;
}

core::Result<std::int64_t> IntegerQuery(const http::Request& request, std::string_view name, std::int64_t fallback,
                                        std::int64_t low, std::int64_t high) {
    auto text = request.Query(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < low || value > high) {
        return tl::unexpected(
            http::InvalidField(name, fmt::format("\"{}\" must be a whole number from {} to {}.", name, low, high)));
    }
    return value;
}

http::Handler Bind(ApiContext& context, void (*handler)(ApiContext&, const http::Request&, const http::Responder&)) {
    return [&context, handler](const http::Request& request, const http::Responder& respond) {
        handler(context, request, respond);
    };
}

}  // namespace layan::api
