#pragma once

// A whole layan site in the test process, wired exactly as `layan serve` wires it (app::BuildRouter and
// app::Secure), on a real SQLite file and a real socket on 127.0.0.1:0, with a clock the test moves. The demo
// city (kota-mojokerto, hall mpp-mojokerto) plus a second tenant (kota-batu, hall mpp-batu), and in each
// tenant one account per role and a kiosk and a board. Every account's password is kPassword.

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "http_client.h"
#include "layan/api/api.h"
#include "layan/auth/auth.h"
#include "layan/auth/guard.h"
#include "layan/auth/routes.h"
#include "layan/core/time.h"
#include "layan/core/worker_pool.h"
#include "layan/engine/engine.h"
#include "layan/http/metrics.h"
#include "layan/http/router.h"
#include "layan/http/server.h"
#include "layan/http/sse_hub.h"
#include "layan/store/database.h"

namespace layan::auth::testing {

using layan::testing::HttpResponse;

inline constexpr const char* kPassword = "correct horse battery";
inline constexpr const char* kHall = "mpp-mojokerto";
inline constexpr const char* kOtherHall = "mpp-batu";
inline constexpr const char* kTenant = "kota-mojokerto";
inline constexpr const char* kOtherTenant = "kota-batu";

/// Who the tests' own set-up acts as, for the audit trail.
inline const Actor kSetUp{.actor = "test-setup", .role = "system", .ip = "", .device = ""};

/// Who a test request is sent as (see TestSite::As and TestSite::Device).
struct Caller {
    std::string cookie;  ///< "layan_session=...; layan_csrf=..."
    std::string csrf;
    std::string bearer;
};

/// A scratch directory removed at the end.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// The demo catalog plus the second tenant, accounts and devices, in `database`.
/// Account usernames: "<role>" in kota-mojokerto (officer = budi.santoso, officer2 = siti.rahmawati, whose unit is
/// dispendukcapil; "dinsos.officer" = nur.aini of dinsos) and "<role>.batu" in kota-batu.
void SeedSites(store::Database& database, Auth& auth);

class TestSite {
public:
    /// Starts the site at Monday 2026-11-30 08:00 WIB (halls open). `options` tune auth (tests lower the
    /// password cost to kTestPasswordCost by default).
    explicit TestSite(AuthOptions options = TestOptions());
    ~TestSite();
    TestSite(const TestSite&) = delete;
    TestSite& operator=(const TestSite&) = delete;

    [[nodiscard]] static AuthOptions TestOptions();

    /// Sends a request as `caller` (cookie and, for state-changing methods, X-CSRF-Token; or the bearer token).
    HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                      const Caller& caller = {}, std::map<std::string, std::string> headers = {}) const;
    HttpResponse Get(const std::string& target, const Caller& caller = {}) const {
        return Send("GET", target, "", caller);
    }
    HttpResponse Post(const std::string& target, const std::string& body = "", const Caller& caller = {}) const {
        return Send("POST", target, body, caller);
    }

    /// Signs in over HTTP; fails the test (throws) when refused.
    [[nodiscard]] Caller As(const std::string& username) const;
    /// The bearer of a device of SeedSites: "kiosk", "board", "kiosk.batu", "board.batu".
    [[nodiscard]] Caller Device(const std::string& name) const { return Caller{"", "", device_tokens_.at(name)}; }
    [[nodiscard]] const std::string& DeviceId(const std::string& name) const { return device_ids_.at(name); }
    /// The account id of a username.
    [[nodiscard]] std::string AccountId(const std::string& username);

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] core::ManualClock& clock() { return clock_; }
    [[nodiscard]] Auth& auth() { return *auth_; }
    [[nodiscard]] store::Database& database() { return *database_; }
    [[nodiscard]] const http::Router& router() const { return router_; }

private:
    ScratchDir dir_;
    core::ManualClock clock_;
    std::unique_ptr<store::Database> database_;
    std::unique_ptr<Auth> auth_;
    std::unique_ptr<core::WorkerPool> worker_;
    std::unique_ptr<Guard> guard_;
    std::unique_ptr<engine::Engine> engine_;
    http::Router router_;
    http::SseHub hub_;
    http::Metrics metrics_;
    std::unique_ptr<api::ApiContext> api_;
    std::unique_ptr<RoutesContext> accounts_;
    std::unique_ptr<http::Server> server_;
    std::thread thread_;
    int port_ = 0;
    std::map<std::string, std::string> device_tokens_;
    std::map<std::string, std::string> device_ids_;
};

/// The Monday 08:00 WIB the site starts at.
[[nodiscard]] core::Instant MondayMorning();

/// The value of a cookie in a response's Set-Cookie lines ("" when absent), and the whole line.
[[nodiscard]] std::string SetCookieValue(const HttpResponse& response, const std::string& name);
[[nodiscard]] std::string SetCookieLine(const HttpResponse& response, const std::string& name);

}  // namespace layan::auth::testing
