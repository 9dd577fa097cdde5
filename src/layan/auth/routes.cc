#include "layan/auth/routes.h"

#include <functional>

#include <fmt/format.h>

#include "layan/auth/client.h"
#include "layan/auth/guard.h"
#include "layan/auth/tokens.h"
#include "layan/core/time.h"
#include "layan/http/body.h"

namespace layan::auth {

namespace access = domain::access;
using core::ErrorKind;
using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

namespace {

constexpr std::string_view kManage = access::permission::kAccountsManage;

Response NoStore(Response response) {
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

Response Busy() {
    return Response::Error(core::Error{ErrorKind::kUnavailable, "busy",
                                       "The server is busy signing other people in; try again in a moment.", nullptr});
}

/// Runs `work` on the worker (it hashes a password or waits for the audit record's commit) and answers with what
/// it returns; 503 "busy" when the worker's queue is full.
void OnWorker(RoutesContext& ctx, const Responder& respond, std::function<Response()> work) {
    if (!ctx.worker.Post([respond, work = std::move(work)] { respond(work()); })) {
        respond(Busy());
    }
}

/// 204 when done, else the error.
Response Done(const core::Status& status) { return status ? Response::NoContent() : Response::Error(status.error()); }

/// Who acts in this request, for the audit trail.
Actor RequestActor(const Request& request) { return ActorOf(CallerOf(request), RequestClient(request).ip); }

/// The error, with Retry-After when it says how long to wait.
Response ErrorWithRetry(const core::Error& error) {
    auto response = Response::Error(error);
    if (error.details.is_object() && error.details.contains("retry_after_s")) {
        response.headers.emplace_back("Retry-After", std::to_string(error.details["retry_after_s"].get<long long>()));
    }
    return response;
}

json SessionJson(const Auth& auth, const store::Account& account, const store::Session& session) {
    return json{{"user", AccountJson(account)},
                {"csrf_token", session.csrf_token},
                {"expires_at", core::FormatIso8601(session.expires_at)},
                {"idle_timeout_s", std::chrono::seconds(auth.Options().idle_timeout).count()}};
}

// --- Sessions ---

void SignIn(RoutesContext& ctx, const Request& request, const Responder& respond) {
    // A cross-site form cannot send application/json without a CORS preflight, which we never grant: this stops
    // login CSRF (someone signing a victim's browser into the attacker's account).
    auto type = request.Header("content-type");
    if (!type || !type->starts_with("application/json")) {
        return respond(Response::Error(
            core::Error{ErrorKind::kMalformed, "json_required", "Send the credentials as application/json.", nullptr}));
    }
    auto body = http::Body::Parse(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    auto username = body->RequiredString("username", 256);
    auto password = username ? body->RequiredString("password", kMaxPasswordBytes) : username;
    if (!password) {
        return respond(Response::Error(password.error()));
    }
    const auto& options = ctx.auth.Options();
    const Client client = RequestClient(request);
    Credentials credentials{.username = *username,
                            .password = *password,
                            .ip = client.ip,
                            .presented_token = CookieValue(request, kSessionCookie)};
    const bool secure = client.https || options.always_secure_cookies;
    bool posted = ctx.worker.Post([&ctx, credentials = std::move(credentials), secure, respond] {
        auto signed_in = ctx.auth.Login(credentials);
        if (!signed_in) {
            return respond(NoStore(ErrorWithRetry(signed_in.error())));
        }
        const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(signed_in->session.expires_at -
                                                                              signed_in->session.created_at)
                                 .count();
        auto response = NoStore(Response::Json(200, SessionJson(ctx.auth, signed_in->account, signed_in->session)));
        response.headers.emplace_back(
            "Set-Cookie",
            SetCookie(kSessionCookie, signed_in->token, {.http_only = true, .secure = secure, .max_age_s = max_age}));
        // Readable by the page's script, which echoes it in X-CSRF-Token (double submit, checked against the
        // session's own copy).
        response.headers.emplace_back("Set-Cookie",
                                      SetCookie(kCsrfCookie, signed_in->session.csrf_token,
                                                {.http_only = false, .secure = secure, .max_age_s = max_age}));
        respond(std::move(response));
    });
    if (!posted) {
        respond(Busy());
    }
}

void WhoAmI(RoutesContext& ctx, const Request& request, const Responder& respond) {
    const auto& caller = CallerOf(request);
    if (caller.role == access::Role::kDevice) {
        auto device = ctx.auth.Database().AccountsRepo().FindDevice(caller.id);
        if (device) {
            return respond(NoStore(Response::Json(200, json{{"device", DeviceJson(*device)}})));
        }
    }
    if (!caller.IsAnonymous()) {
        if (auto cookie = CookieValue(request, kSessionCookie)) {
            store::Session session;
            if (ctx.auth.SessionCaller(*cookie, &session)) {
                if (auto account = ctx.auth.FindAccount(caller.id)) {
                    return respond(NoStore(Response::Json(200, SessionJson(ctx.auth, *account, session))));
                }
            }
        }
    }
    respond(NoStore(Response::Error(
        core::Error{ErrorKind::kUnauthenticated, "not_authenticated", "You are not signed in.", nullptr})));
}

void SignOut(RoutesContext& ctx, const Request& request, const Responder& respond) {
    const Client client = RequestClient(request);
    const bool secure = client.https || ctx.auth.Options().always_secure_cookies;
    OnWorker(ctx, respond, [&ctx, cookie = CookieValue(request, kSessionCookie), ip = client.ip, secure] {
        if (cookie && !cookie->empty()) {
            if (auto ended = ctx.auth.Logout(*cookie, ip); !ended) {
                return Response::Error(ended.error());
            }
        }
        auto response = NoStore(Response::NoContent());
        for (auto& set_cookie : ClearSessionCookies(secure)) {
            response.headers.emplace_back("Set-Cookie", std::move(set_cookie));
        }
        return response;
    });
}

void ChangeOwnPassword(RoutesContext& ctx, const Request& request, const Responder& respond) {
    auto cookie = CookieValue(request, kSessionCookie);
    if (!cookie) {
        // A device holds no password; the guard has let only accounts through, and accounts sign in by cookie.
        return respond(Response::Error(core::Error{ErrorKind::kForbidden, "role_not_allowed",
                                                   "Only a person signed in with a password can change it.", nullptr}));
    }
    auto body = http::Body::Parse(request);
    auto current = body ? body->RequiredString("current_password", kMaxPasswordBytes)
                        : core::Result<std::string>(tl::unexpected(body.error()));
    auto next = current ? body->RequiredString("new_password", kMaxPasswordBytes) : current;
    if (!next) {
        return respond(Response::Error(next.error()));
    }
    OnWorker(ctx, respond, [&ctx, token = *cookie, current = *current, next = *next, ip = RequestClient(request).ip] {
        auto changed = ctx.auth.ChangeOwnPassword(token, current, next, ip);
        return changed ? NoStore(Response::NoContent()) : NoStore(ErrorWithRetry(changed.error()));
    });
}

// --- Accounts ---

void CreateUser(RoutesContext& ctx, const Request& request, const Responder& respond) {
    const auto& caller = CallerOf(request);
    auto body = http::Body::Parse(request);
    if (!body) {
        return respond(Response::Error(body.error()));
    }
    auto tenant = body->StringOr("tenant", 80, "");
    if (!tenant) {
        return respond(Response::Error(tenant.error()));
    }
    NewAccount account;
    account.tenant_id = tenant->empty() ? caller.tenant_id : *tenant;
    if (auto same = access::RequireTenant(caller, account.tenant_id); !same) {
        return respond(Response::Error(same.error()));
    }
    auto username = body->RequiredString("username", 64);
    auto password = username ? body->RequiredString("password", kMaxPasswordBytes) : username;
    auto role = password ? body->RequiredString("role", 40) : password;
    auto officer = role ? body->StringOr("officer", 80, "") : role;
    if (!officer) {
        return respond(Response::Error(officer.error()));
    }
    auto units = body->OptionalStrings("units", 32, 80);
    if (!units) {
        return respond(Response::Error(units.error()));
    }
    auto parsed_role = access::ParseRole(*role);
    if (!parsed_role || !access::IsAssignableRole(*parsed_role)) {
        return respond(Response::Error(core::Error{ErrorKind::kInvalid, "invalid_role",
                                                   "\"role\" is one of officer, supervisor, unit_head, admin, auditor.",
                                                   json{{"field", "role"}}}));
    }
    account.username = *username;
    account.password = *password;
    account.role = *parsed_role;
    account.officer_id = *officer;
    account.units = std::move(*units);
    OnWorker(ctx, respond, [&ctx, account = std::move(account), by = RequestActor(request)] {
        auto created = ctx.auth.CreateAccount(account, by);
        return created ? NoStore(Response::Json(201, AccountJson(*created))) : Response::Error(created.error());
    });
}

void SetUserPassword(RoutesContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto password = body ? body->RequiredString("password", kMaxPasswordBytes)
                         : core::Result<std::string>(tl::unexpected(body.error()));
    if (!password) {
        return respond(Response::Error(password.error()));
    }
    OnWorker(ctx, respond,
             [&ctx, user = std::string(request.PathParam("user")), password = *password, by = RequestActor(request)] {
                 return Done(ctx.auth.SetPassword(user, password, by));
             });
}

http::Handler SetUserDisabled(RoutesContext& ctx, bool disabled) {
    return [&ctx, disabled](const Request& request, const Responder& respond) {
        const std::string user(request.PathParam("user"));
        if (disabled && user == CallerOf(request).id) {
            return respond(Response::Error(core::Error{ErrorKind::kConflict, "cannot_disable_yourself",
                                                       "You cannot disable your own account.", nullptr}));
        }
        OnWorker(ctx, respond, [&ctx, user, disabled, by = RequestActor(request)] {
            return Done(ctx.auth.SetDisabled(user, disabled, by));
        });
    };
}

void ListUsers(RoutesContext& ctx, const Request& request, const Responder& respond) {
    json users = json::array();
    for (const auto& account :
         ctx.auth.Database().AccountsRepo().ListAccounts(std::string(request.PathParam("tenant")))) {
        users.push_back(AccountJson(account));
    }
    respond(NoStore(Response::Json(200, json{{"users", users}})));
}

// --- Devices ---

void CreateDevice(RoutesContext& ctx, const Request& request, const Responder& respond) {
    auto body = http::Body::Parse(request);
    auto hall_id = body ? body->RequiredString("hall", 80) : tl::unexpected(body.error());
    auto kind_code = hall_id ? body->RequiredString("kind", 20) : hall_id;
    auto name = kind_code ? body->RequiredString("name", 80) : kind_code;
    if (!name) {
        return respond(Response::Error(name.error()));
    }
    auto kind = access::ParseDeviceKind(*kind_code);
    if (!kind) {
        return respond(Response::Error(http::InvalidField("kind", "\"kind\" is kiosk or board.")));
    }
    // The catalog is read on the worker too: nothing waits for the store on an event loop.
    OnWorker(
        ctx, respond,
        [&ctx, caller = CallerOf(request), hall_id = *hall_id, kind = *kind, name = *name, by = RequestActor(request)] {
            auto hall = ctx.auth.Database().CatalogRepo().FindHall(hall_id);
            if (!hall) {
                return Response::Error(core::Error{ErrorKind::kNotFound, "hall_not_found",
                                                   fmt::format("There is no hall \"{}\".", hall_id), nullptr});
            }
            if (auto same = access::RequireTenant(caller, hall->tenant_id); !same) {
                return Response::Error(same.error());
            }
            auto made = ctx.auth.AddDevice(hall->tenant_id, hall->id, kind, name, by);
            if (!made) {
                return Response::Error(made.error());
            }
            return NoStore(Response::Json(201, json{{"device", DeviceJson(made->device)},
                                                    {"token", made->token},
                                                    {"url", DeviceUrl(ctx.public_url, made->device, made->token)}}));
        });
}

void DeleteDevice(RoutesContext& ctx, const Request& request, const Responder& respond) {
    OnWorker(ctx, respond, [&ctx, device = std::string(request.PathParam("device")), by = RequestActor(request)] {
        return Done(ctx.auth.RevokeDevice(device, by));
    });
}

void ListDevices(RoutesContext& ctx, const Request& request, const Responder& respond) {
    json devices = json::array();
    for (const auto& device :
         ctx.auth.Database().AccountsRepo().ListDevices(std::string(request.PathParam("tenant")))) {
        devices.push_back(DeviceJson(device));
    }
    respond(NoStore(Response::Json(200, json{{"devices", devices}})));
}

}  // namespace

json AccountJson(const store::Account& account) {
    return json{{"id", account.id},
                {"username", account.username},
                {"role", access::ToString(account.role)},
                {"tenant", account.tenant_id},
                {"officer", account.officer_id.empty() ? json(nullptr) : json(account.officer_id)},
                {"units", account.units},
                {"disabled", account.disabled},
                {"created_at", core::FormatIso8601(account.created_at)},
                {"password_changed_at", core::FormatIso8601(account.password_changed_at)}};
}

json DeviceJson(const store::Device& device) {
    return json{{"id", device.id},
                {"tenant", device.tenant_id},
                {"hall", device.hall_id},
                {"kind", access::ToString(device.kind)},
                {"name", device.name},
                {"created_at", core::FormatIso8601(device.created_at)},
                {"revoked_at", device.revoked_at ? json(core::FormatIso8601(*device.revoked_at)) : json(nullptr)}};
}

std::string DeviceUrl(const std::string& public_url, const store::Device& device, const std::string& token) {
    return fmt::format("{}/halls/{}/{}#device={}", public_url, device.hall_id, access::ToString(device.kind), token);
}

void RegisterRoutes(http::Router& router, RoutesContext& ctx) {
    auto bind = [&ctx](void (*handler)(RoutesContext&, const Request&, const Responder&)) {
        return [&ctx, handler](const Request& request, const Responder& respond) { handler(ctx, request, respond); };
    };
    const std::string session(kSessionPath);
    const std::string public_permission(access::permission::kPublic);
    const std::string manage(kManage);

    router.Add("POST", session, public_permission, bind(&SignIn));
    router.Add("GET", session, public_permission, bind(&WhoAmI));
    router.Add("DELETE", session, public_permission, bind(&SignOut));
    router.Add("POST", session + "/password", std::string(access::permission::kAccountSelf), bind(&ChangeOwnPassword));

    router.Add("POST", "/api/v1/users", manage, bind(&CreateUser));
    router.Add("POST", "/api/v1/users/{user}/password", manage, bind(&SetUserPassword));
    router.Add("POST", "/api/v1/users/{user}/disable", manage, SetUserDisabled(ctx, true));
    router.Add("POST", "/api/v1/users/{user}/enable", manage, SetUserDisabled(ctx, false));
    router.Add("GET", "/api/v1/tenants/{tenant}/users", manage, bind(&ListUsers));

    router.Add("POST", "/api/v1/devices", manage, bind(&CreateDevice));
    router.Add("DELETE", "/api/v1/devices/{device}", manage, bind(&DeleteDevice));
    router.Add("GET", "/api/v1/tenants/{tenant}/devices", manage, bind(&ListDevices));
}

}  // namespace layan::auth
