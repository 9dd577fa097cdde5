// The guard and the account routes over real HTTP, wired as `layan serve` wires them: cookies, CSRF, expiry,
// revocation, fixation, rate limits, proxies, security headers, traversal, hostile text, scope rules.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/auth/security_headers.h"
#include "test_site.h"

namespace layan::auth::testing {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kTickets = "/api/v1/halls/mpp-mojokerto/tickets";
const std::string kCounters = "/api/v1/halls/mpp-mojokerto/counters/";

std::string CodeOf(const HttpResponse& response) {
    auto body = json::parse(response.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"]["code"].get<std::string>() : "";
}

class Guard : public ::testing::Test {
protected:
    TestSite site_;
};

TEST_F(Guard, SignInSetsAStrictHttpOnlySessionCookieAndAReadableCsrfCookie) {
    auto response = site_.Post("/api/v1/session", json{{"username", "officer"}, {"password", kPassword}}.dump());
    ASSERT_EQ(response.status, 200) << response.body;
    auto session = SetCookieLine(response, "layan_session");
    EXPECT_THAT(session, HasSubstr("HttpOnly"));
    EXPECT_THAT(session, HasSubstr("SameSite=Strict"));
    EXPECT_THAT(session, HasSubstr("Path=/"));
    EXPECT_THAT(session, HasSubstr("Max-Age=43200"));
    EXPECT_THAT(session, Not(HasSubstr("Secure")));  // plain HTTP, no trusted proxy
    auto csrf = SetCookieLine(response, "layan_csrf");
    EXPECT_THAT(csrf, Not(HasSubstr("HttpOnly")));
    EXPECT_THAT(csrf, HasSubstr("SameSite=Strict"));
    EXPECT_EQ(response.Json()["csrf_token"], SetCookieValue(response, "layan_csrf"));
    EXPECT_EQ(response.Json()["user"]["role"], "officer");
    EXPECT_FALSE(response.Json()["user"].contains("password_hash"));
    EXPECT_EQ(response.headers["cache-control"], "no-store");
}

TEST_F(Guard, WhoAmIAndSignOut) {
    EXPECT_EQ(site_.Get("/api/v1/session").status, 401);
    auto officer = site_.As("officer");
    auto me = site_.Get("/api/v1/session", officer);
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.Json()["user"]["username"], "officer");
    EXPECT_EQ(me.Json()["csrf_token"], officer.csrf);
    auto out = site_.Send("DELETE", "/api/v1/session", "", officer);
    EXPECT_EQ(out.status, 204);
    EXPECT_THAT(SetCookieLine(out, "layan_session"), HasSubstr("Max-Age=0"));
    EXPECT_EQ(site_.Get("/api/v1/session", officer).status, 401);
    auto device = site_.Get("/api/v1/session", site_.Device("kiosk"));
    ASSERT_EQ(device.status, 200);
    EXPECT_EQ(device.Json()["device"]["kind"], "kiosk");
    EXPECT_EQ(device.Json()["device"]["hall"], "mpp-mojokerto");
}

TEST_F(Guard, SignInNeedsJsonSoThatNoOtherSiteCanPostIt) {
    auto form = site_.Send("POST", "/api/v1/session", "username=officer&password=x", {},
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.status, 400);
    EXPECT_EQ(CodeOf(form), "json_required");
    auto text = site_.Send("POST", "/api/v1/session", json{{"username", "officer"}, {"password", kPassword}}.dump(), {},
                           {{"Content-Type", "text/plain"}});
    EXPECT_EQ(text.status, 400);
}

TEST_F(Guard, StateChangingRequestWithoutOrWithAForgedCsrfTokenIsForbidden) {
    auto officer = site_.As("officer");
    const std::string open = R"({"officer":"budi.santoso","services":["KTP"]})";
    auto missing = site_.Send("POST", kCounters + "L01/open", open, {}, {{"Cookie", officer.cookie}});
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(CodeOf(missing), "csrf_invalid");
    auto forged = site_.Send("POST", kCounters + "L01/open", open, {},
                             {{"Cookie", officer.cookie}, {"X-CSRF-Token", officer.csrf.substr(1) + "A"}});
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(CodeOf(forged), "csrf_invalid");
    auto other = site_.As("officer2");  // another session's (valid) token is no good either
    auto crossed = site_.Send("POST", kCounters + "L01/open", open, {},
                              {{"Cookie", officer.cookie}, {"X-CSRF-Token", other.csrf}});
    EXPECT_EQ(crossed.status, 403);
    EXPECT_EQ(site_.Get("/api/v1/halls/mpp-mojokerto/queue").Json()["counters"][0]["status"], "closed");
    EXPECT_EQ(site_.Post(kCounters + "L01/open", open, officer).status, 200);
    // Reading needs no token.
    EXPECT_EQ(site_.Send("GET", "/api/v1/session", "", {}, {{"Cookie", officer.cookie}}).status, 200);
}

TEST_F(Guard, CitizensAndDevicesNeedNoCsrfToken) {
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})").status, 201);
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP","priority":"elderly"})", site_.Device("kiosk")).status, 201);
}

TEST_F(Guard, ExpiredIdleSessionIsRefusedWith401) {
    auto officer = site_.As("officer");
    site_.clock().Advance(minutes{31});
    auto response = site_.Post(kCounters + "L01/open", R"({"officer":"budi.santoso","services":["KTP"]})", officer);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(CodeOf(response), "session_expired");
    EXPECT_THAT(SetCookieLine(response, "layan_session"), HasSubstr("Max-Age=0"));
}

TEST_F(Guard, SessionOlderThanTwelveHoursIsRefusedWith401) {
    auto officer = site_.As("officer");
    for (int i = 0; i < 36; ++i) {
        site_.clock().Advance(minutes{20});
        (void)site_.Get("/api/v1/session", officer);
    }
    EXPECT_EQ(site_.Get("/api/v1/session", officer).status, 401);
    EXPECT_EQ(site_.Post(kCounters + "L01/close", "", officer).status, 401);
}

TEST_F(Guard, RevokedOrUnknownDeviceTokenIsRefusedWith401EvenOnOpenRoutes) {
    auto kiosk = site_.Device("kiosk");
    ASSERT_EQ(site_.Post(kTickets, R"({"service":"KTP"})", kiosk).status, 201);
    ASSERT_TRUE(site_.auth().RevokeDevice(site_.DeviceId("kiosk"), kSetUp));
    auto revoked = site_.Post(kTickets, R"({"service":"KTP"})", kiosk);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(CodeOf(revoked), "invalid_token");
    EXPECT_THAT(revoked.headers["www-authenticate"], HasSubstr("Bearer"));
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})", Caller{"", "", "lyd_made_up"}).status, 401);
    EXPECT_EQ(site_.Send("GET", "/api/v1/halls", "", {}, {{"Authorization", "Basic YWRtaW46YWRtaW4="}}).status, 401);
}

TEST_F(Guard, SessionFixationIsRefused) {
    // An attacker signs in on a shared office PC and leaves their session cookie behind; the officer then signs
    // in on the same browser. The officer gets a new session; the attacker's is ended, not upgraded.
    auto attacker = site_.As("auditor");
    auto response = site_.Send("POST", "/api/v1/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                               {}, {{"Cookie", attacker.cookie}});
    ASSERT_EQ(response.status, 200);
    auto token = SetCookieValue(response, "layan_session");
    EXPECT_THAT(attacker.cookie, Not(HasSubstr(token)));
    EXPECT_EQ(site_.Get("/api/v1/session", attacker).status, 401);
    // And a made-up session cookie never becomes valid.
    Caller invented{"layan_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; layan_csrf=x", "x", ""};
    (void)site_.Send("POST", "/api/v1/session", json{{"username", "admin"}, {"password", kPassword}}.dump(), {},
                     {{"Cookie", invented.cookie}});
    EXPECT_EQ(site_.Get("/api/v1/session", invented).status, 401);
}

TEST_F(Guard, OversizedCookieHeaderIs431) {
    auto response = site_.Send("GET", "/api/v1/halls", "", {}, {{"Cookie", "junk=" + std::string(5000, 'a')}});
    EXPECT_EQ(response.status, 431);
    EXPECT_EQ(CodeOf(response), "cookie_too_large");
}

TEST_F(Guard, PathTraversalInAssetNamesIs404) {
    for (const auto* path :
         {"/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd",
          "/assets/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd", "/assets/....//....//etc/passwd", "/assets/%252e%252e/etc/passwd",
          "/assets/./../pages/login.html", "/assets/%2e%2e/%2e%2e/%2e%2e/proc/self/environ"}) {
        auto response = site_.Get(path);
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_THAT(response.headers["content-type"], HasSubstr("application/json")) << path;
        EXPECT_THAT(response.body, Not(HasSubstr("root:"))) << path;
    }
    // A NUL in the path is not a name at all.
    EXPECT_EQ(site_.Get("/assets/api.js%00.png").status, 400);
    EXPECT_EQ(site_.Get("/assets/login.js").status, 200);
}

TEST_F(Guard, EveryResponseCarriesTheSecurityHeaders) {
    for (const auto& response :
         {site_.Get("/"), site_.Get("/login"), site_.Get("/api/v1/halls"), site_.Get("/nothing/here"),
          site_.Get("/healthz"), site_.Post(kCounters + "L01/open")}) {
        EXPECT_EQ(response.headers.at("content-security-policy"), kContentSecurityPolicy);
        EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
        EXPECT_EQ(response.headers.at("referrer-policy"), "no-referrer");
        EXPECT_EQ(response.headers.at("x-frame-options"), "DENY");
        EXPECT_THAT(response.headers.at("permissions-policy"), HasSubstr("camera=()"));
    }
    EXPECT_THAT(std::string(kContentSecurityPolicy), HasSubstr("script-src 'self';"));
    EXPECT_THAT(std::string(kContentSecurityPolicy), Not(HasSubstr("unsafe-inline")));
    EXPECT_THAT(std::string(kContentSecurityPolicy), HasSubstr("frame-ancestors 'none'"));
}

TEST_F(Guard, LoginPageHasNoInlineScript) {
    auto page = site_.Get("/login");
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr(R"(<script type="module" src="/assets/login.js"></script>)"));
    EXPECT_THAT(page.body, Not(HasSubstr("<script>")));
    EXPECT_THAT(page.body, Not(HasSubstr("style=")));
    EXPECT_THAT(page.body, Not(HasSubstr("onclick")));
}

TEST_F(Guard, HostileTextInFieldsIsStoredAndReturnedInert) {
    auto supervisor = site_.As("supervisor");
    ASSERT_EQ(site_.Post(kCounters + "L01/open", R"({"officer":"budi.santoso","services":["KTP"]})", supervisor).status,
              200);
    const std::string hostile = R"(<img src=x onerror=alert(1)>'); DROP TABLE events; --)";
    auto paused = site_.Post(kCounters + "L01/pause", json{{"reason", hostile}}.dump(), supervisor);
    ASSERT_EQ(paused.status, 200) << paused.body;
    EXPECT_THAT(paused.headers["content-type"], HasSubstr("application/json"));
    EXPECT_EQ(paused.Json()["pause_reason"], hostile);  // the very text, as a JSON string
    auto queue = site_.Get("/api/v1/halls/mpp-mojokerto/queue");
    EXPECT_EQ(queue.Json()["counters"][0]["pause_reason"], hostile);
    // The tables are all still there.
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})").status, 201);
    EXPECT_EQ(site_.Get("/api/v1/session", supervisor).status, 200);

    // Usernames: markup and SQL are refused as usernames, and never match anything at sign-in.
    auto admin = site_.As("admin");
    auto made = site_.Post(
        "/api/v1/users",
        json{{"username", "<script>alert(1)</script>"}, {"password", "a long enough passphrase"}, {"role", "auditor"}}
            .dump(),
        admin);
    EXPECT_EQ(made.status, 422);
    EXPECT_EQ(CodeOf(made), "invalid_username");
    for (const auto* username : {"' OR '1'='1", "admin'--", "admin\" OR \"\"=\"", "admin'; DROP TABLE accounts;--"}) {
        auto login = site_.Post("/api/v1/session", json{{"username", username}, {"password", "' OR '1'='1"}}.dump());
        EXPECT_EQ(login.status, 401) << username;
        EXPECT_EQ(CodeOf(login), "invalid_credentials");
    }
    EXPECT_EQ(site_.Get("/api/v1/session", admin).status, 200);
}

TEST_F(Guard, OfficerActsOnlyAtTheirOwnCounterAndAsThemselves) {
    auto budi = site_.As("officer");   // budi.santoso
    auto siti = site_.As("officer2");  // siti.rahmawati, same unit
    auto as_siti = site_.Post(kCounters + "L01/open", R"({"officer":"siti.rahmawati","services":["KTP"]})", budi);
    EXPECT_EQ(as_siti.status, 403);
    EXPECT_EQ(CodeOf(as_siti), "not_yourself");
    ASSERT_EQ(site_.Post(kCounters + "L01/open", R"({"officer":"budi.santoso","services":["KTP"]})", budi).status, 200);
    auto id = site_.Post(kTickets, R"({"service":"KTP"})").Json()["id"].get<std::string>();
    auto stolen = site_.Post(kCounters + "L01/call-next", "", siti);
    EXPECT_EQ(stolen.status, 403);
    EXPECT_EQ(CodeOf(stolen), "not_your_counter");
    ASSERT_EQ(site_.Post(kCounters + "L01/call-next", "", budi).status, 200);
    auto finish = site_.Post(kTickets + "/" + id + "/start", "", siti);
    EXPECT_EQ(finish.status, 403);
    EXPECT_EQ(CodeOf(finish), "not_your_counter");
    EXPECT_EQ(site_.Post(kCounters + "L01/pause", R"({"reason":"x"})", siti).status, 403);
    // The supervisor of the unit may act for anyone in it.
    EXPECT_EQ(site_.Post(kTickets + "/" + id + "/start", "", site_.As("supervisor")).status, 200);
    // An officer of another unit may not touch this unit's waiting tickets.
    auto waiting = site_.Post(kTickets, R"({"service":"KTP"})").Json()["id"].get<std::string>();
    auto dinsos = site_.Post(kTickets + "/" + waiting + "/cancel", R"({"reason":"x"})", site_.As("dinsos.officer"));
    EXPECT_EQ(dinsos.status, 403);
    EXPECT_EQ(CodeOf(dinsos), "other_unit");
    EXPECT_EQ(site_.Post(kTickets + "/" + waiting + "/cancel", R"({"reason":"left"})", siti).status, 200);
}

TEST_F(Guard, PriorityTicketsOnlyFromTheHallsKioskOrItsStaff) {
    const std::string elderly = R"({"service":"KTP","priority":"elderly"})";
    EXPECT_EQ(CodeOf(site_.Post(kTickets, elderly)), "priority_not_allowed");
    EXPECT_EQ(CodeOf(site_.Post(kTickets, elderly, site_.Device("board"))), "priority_not_allowed");
    EXPECT_EQ(CodeOf(site_.Post(kTickets, elderly, site_.As("auditor"))), "priority_not_allowed");
    EXPECT_EQ(site_.Post(kTickets, elderly, site_.Device("kiosk")).status, 201);
    EXPECT_EQ(site_.Post(kTickets, elderly, site_.As("officer")).status, 201);
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})").status, 201);  // ordinary tickets: anyone
}

TEST_F(Guard, AdminManagesAccountsOfTheirTenantOnly) {
    auto admin = site_.As("admin");
    auto made = site_.Post(
        "/api/v1/users", json{{"username", "new.auditor"}, {"password", kPassword}, {"role", "auditor"}}.dump(), admin);
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(made.Json()["tenant"], kTenant);
    const auto id = made.Json()["id"].get<std::string>();
    auto session = site_.As("new.auditor");
    EXPECT_EQ(
        site_.Post("/api/v1/users/" + id + "/password", R"({"password":"another long passphrase"})", admin).status,
        204);
    EXPECT_EQ(site_.Get("/api/v1/session", session).status, 401);  // the reset ended the session
    session = Caller{};
    auto relog = site_.Post("/api/v1/session",
                            json{{"username", "new.auditor"}, {"password", "another long passphrase"}}.dump());
    EXPECT_EQ(relog.status, 200);
    EXPECT_EQ(site_.Post("/api/v1/users/" + id + "/disable", "", admin).status, 204);
    auto disabled = site_.Post("/api/v1/session",
                               json{{"username", "new.auditor"}, {"password", "another long passphrase"}}.dump());
    EXPECT_EQ(disabled.status, 403);
    EXPECT_EQ(CodeOf(disabled), "account_disabled");
    auto users = site_.Get("/api/v1/tenants/kota-mojokerto/users", admin);
    ASSERT_EQ(users.status, 200);
    EXPECT_THAT(users.body, Not(HasSubstr("argon2")));
    // Another tenant's admin can neither see nor touch them.
    auto foreign = site_.As("admin.batu");
    EXPECT_EQ(site_.Get("/api/v1/tenants/kota-mojokerto/users", foreign).status, 403);
    EXPECT_EQ(site_.Post("/api/v1/users/" + id + "/enable", "", foreign).status, 403);
    EXPECT_EQ(site_
                  .Post("/api/v1/users",
                        json{{"username", "planted"},
                             {"password", "a long enough passphrase"},
                             {"role", "admin"},
                             {"tenant", kTenant}}
                            .dump(),
                        foreign)
                  .status,
              403);
    EXPECT_EQ(CodeOf(site_.Post("/api/v1/users/" + site_.AccountId("admin") + "/disable", "", admin)),
              "cannot_disable_yourself");
}

TEST_F(Guard, AdminIssuesAndRevokesDeviceTokens) {
    auto admin = site_.As("admin");
    auto made =
        site_.Post("/api/v1/devices", R"({"hall":"mpp-mojokerto","kind":"kiosk","name":"Kios lantai 2"})", admin);
    ASSERT_EQ(made.status, 201) << made.body;
    const auto token = made.Json()["token"].get<std::string>();
    EXPECT_THAT(made.Json()["url"].get<std::string>(), HasSubstr("/halls/mpp-mojokerto/kiosk#device=" + token));
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP","priority":"pregnant"})", Caller{"", "", token}).status, 201);
    auto listed = site_.Get("/api/v1/tenants/kota-mojokerto/devices", admin);
    EXPECT_THAT(listed.body, Not(HasSubstr(token)));
    EXPECT_EQ(
        site_.Send("DELETE", "/api/v1/devices/" + made.Json()["device"]["id"].get<std::string>(), "", admin).status,
        204);
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})", Caller{"", "", token}).status, 401);
    EXPECT_EQ(
        site_.Post("/api/v1/devices", R"({"hall":"mpp-mojokerto","kind":"kiosk","name":"x"})", site_.As("admin.batu"))
            .status,
        403);
}

class RateLimits : public ::testing::Test {
protected:
    static AuthOptions Options() {
        auto options = TestSite::TestOptions();
        options.public_writes = {.burst = 3, .per_minute = 6};
        options.logins = {.burst = 2, .per_minute = 1};
        options.trusted_proxies = *TrustedProxies::Parse("127.0.0.1");
        return options;
    }
    TestSite site_{Options()};
};

TEST_F(RateLimits, AnonymousTicketsPerAddressAreLimitedWith429AndRetryAfter) {
    auto from = [&](const std::string& ip) {
        return site_.Send("POST", kTickets, R"({"service":"KTP"})", {}, {{"X-Forwarded-For", ip}});
    };
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(from("198.51.100.7").status, 201) << i;
    }
    auto limited = from("198.51.100.7");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(CodeOf(limited), "rate_limited");
    EXPECT_EQ(limited.headers["retry-after"], "10");
    EXPECT_EQ(from("198.51.100.8").status, 201);  // someone else is not held up
    // Kiosks (devices) and signed-in staff are accountable and not limited per address.
    EXPECT_EQ(site_
                  .Send("POST", kTickets, R"({"service":"KTP"})", site_.Device("kiosk"),
                        {{"X-Forwarded-For", "198.51.100.7"}})
                  .status,
              201);
    site_.clock().Advance(std::chrono::seconds{10});
    EXPECT_EQ(from("198.51.100.7").status, 201);
}

TEST_F(RateLimits, SignInAttemptsPerAddressAreLimited) {
    auto attempt = [&] {
        return site_.Send("POST", "/api/v1/session", json{{"username", "officer"}, {"password", "nope"}}.dump(), {},
                          {{"X-Forwarded-For", "203.0.113.5"}});
    };
    EXPECT_EQ(attempt().status, 401);
    EXPECT_EQ(attempt().status, 401);
    auto limited = attempt();
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.headers["retry-after"], "60");
}

TEST_F(RateLimits, SpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLimit) {
    // This test's client connects from 127.0.0.1, the trusted proxy; a second hop it claims is not trusted, so
    // the address used is the rightmost untrusted one: rotating the leftmost entry changes nothing.
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(site_
                      .Send("POST", kTickets, R"({"service":"KTP"})", {},
                            {{"X-Forwarded-For", "10.9.9." + std::to_string(i) + ", 198.51.100.99"}})
                      .status,
                  201);
    }
    EXPECT_EQ(
        site_.Send("POST", kTickets, R"({"service":"KTP"})", {}, {{"X-Forwarded-For", "10.9.9.200, 198.51.100.99"}})
            .status,
        429);
}

TEST_F(RateLimits, CookiesAreSecureWhenTheTrustedProxySaysTls) {
    auto response = site_.Send("POST", "/api/v1/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                               {}, {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.1"}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_THAT(SetCookieLine(response, "layan_session"), HasSubstr("; Secure"));
    EXPECT_THAT(SetCookieLine(response, "layan_csrf"), HasSubstr("; Secure"));
}

TEST(GuardWithoutProxy, ForwardedHeadersOfAnUntrustedPeerNeitherSecureCookiesNorChangeTheAddress) {
    auto options = TestSite::TestOptions();
    options.public_writes = {.burst = 1, .per_minute = 1};
    TestSite site(options);
    auto response = site.Send("POST", "/api/v1/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                              {}, {{"X-Forwarded-Proto", "https"}});
    ASSERT_EQ(response.status, 200);
    EXPECT_THAT(SetCookieLine(response, "layan_session"), Not(HasSubstr("Secure")));
    EXPECT_EQ(site.Send("POST", kTickets, R"({"service":"KTP"})", {}, {{"X-Forwarded-For", "1.1.1.1"}}).status, 201);
    EXPECT_EQ(site.Send("POST", kTickets, R"({"service":"KTP"})", {}, {{"X-Forwarded-For", "2.2.2.2"}}).status, 429);
}

TEST_F(Guard, HostileTextInTheOtherTextFieldsIsStoredInertOrRefusedWithoutEcho) {
    const std::string hostile = R"(<script>alert(1)</script>'); DROP TABLE accounts; --)";
    auto admin = site_.As("admin");
    auto auditor = site_.As("auditor");

    // A device's name: kept byte for byte, returned as a JSON string, in the listing and the trail.
    auto device =
        site_.Post("/api/v1/devices", json{{"hall", kHall}, {"kind", "kiosk"}, {"name", hostile}}.dump(), admin);
    ASSERT_EQ(device.status, 201) << device.body;
    EXPECT_EQ(device.Json()["device"]["name"], hostile);
    const json devices = site_.Get("/api/v1/tenants/kota-mojokerto/devices", admin).Json();
    bool listed = false;
    for (const auto& each : devices["devices"]) {
        listed = listed || each["name"] == hostile;
    }
    EXPECT_TRUE(listed);

    // A cancellation's reason: in the queue's event as given.
    auto ticket = site_.Post(kTickets, R"({"service":"KTP"})");
    ASSERT_EQ(ticket.status, 201);
    const std::string id = ticket.Json()["id"];
    auto cancelled = site_.Post("/api/v1/halls/mpp-mojokerto/tickets/" + id + "/cancel",
                                json{{"reason", hostile}}.dump(), site_.As("supervisor"));
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;

    const json trail = site_.Get("/api/v1/tenants/kota-mojokerto/audit/events?limit=1000", auditor).Json();
    int kept = 0;
    for (const auto& event : trail["events"]) {
        kept += (event["data"].value("name", "") == hostile || event["data"].value("reason", "") == hostile) ? 1 : 0;
    }
    EXPECT_EQ(kept, 2) << "the device and the cancellation, each with the very text";

    // Query text, a NIK, a service code: refused or matched as plain values, never echoed as markup.
    auto by_stream =
        site_.Get("/api/v1/tenants/kota-mojokerto/audit/events?stream=x%27%20OR%20%271%27%3D%271", auditor);
    EXPECT_EQ(by_stream.status, 200);
    EXPECT_TRUE(by_stream.Json()["events"].empty()) << by_stream.body;
    auto nik = site_.Post("/api/v1/tenants/kota-mojokerto/personal-data/export", json{{"nik", hostile}}.dump(), admin);
    EXPECT_EQ(nik.status, 422);
    EXPECT_EQ(CodeOf(nik), "nik_not_16_digits");
    EXPECT_THAT(nik.body, Not(HasSubstr("<")));
    auto service = site_.Post(kTickets, json{{"service", hostile}}.dump());
    EXPECT_EQ(service.status, 422);
    EXPECT_EQ(CodeOf(service), "invalid_field");  // longer than any service code
    EXPECT_EQ(json::parse(service.body)["error"]["details"]["field"], "service");
    EXPECT_THAT(service.body, Not(HasSubstr("<")));

    // Every table is still there.
    EXPECT_EQ(site_.Get("/api/v1/session", admin).status, 200);
    EXPECT_EQ(site_.Post(kTickets, R"({"service":"KTP"})").status, 201);
    EXPECT_EQ(site_.Get("/api/v1/tenants/kota-mojokerto/audit/verify", auditor).Json()["ok"], true);
}

const std::string kOwnPassword = "/api/v1/session/password";

std::string PasswordChange(const std::string& current, const std::string& next) {
    return json{{"current_password", current}, {"new_password", next}}.dump();
}

TEST_F(Guard, OwnPasswordChangeKeepsThisSessionAndEndsTheOthers) {
    auto here = site_.As("officer");
    auto elsewhere = site_.As("officer");
    const std::string next = "a brand new passphrase";

    auto wrong = site_.Post(kOwnPassword, PasswordChange("not it", next), here);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(CodeOf(wrong), "wrong_password");
    EXPECT_EQ(wrong.Json()["error"]["details"]["field"], "current_password");
    auto missing = site_.Post(kOwnPassword, json{{"new_password", next}}.dump(), here);
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(missing.Json()["error"]["details"]["field"], "current_password");
    auto weak = site_.Post(kOwnPassword, PasswordChange(kPassword, "officer123"), here);
    EXPECT_EQ(weak.status, 422);
    EXPECT_EQ(CodeOf(weak), "weak_password");
    auto forged = site_.Send("POST", kOwnPassword, PasswordChange(kPassword, next), Caller{here.cookie, "forged", ""});
    EXPECT_EQ(CodeOf(forged), "csrf_invalid");

    auto changed = site_.Post(kOwnPassword, PasswordChange(kPassword, next), here);
    EXPECT_EQ(changed.status, 204) << changed.body;
    EXPECT_EQ(site_.Get("/api/v1/session", here).status, 200);
    EXPECT_EQ(site_.Get("/api/v1/session", elsewhere).status, 401);
    EXPECT_EQ(site_.Post("/api/v1/session", json{{"username", "officer"}, {"password", kPassword}}.dump()).status, 401);
    EXPECT_EQ(site_.Post("/api/v1/session", json{{"username", "officer"}, {"password", next}}.dump()).status, 200);
}

TEST_F(Guard, OwnPasswordChangeIsForPeopleSignedInOnly) {
    auto anonymous = site_.Post(kOwnPassword, PasswordChange(kPassword, "a brand new passphrase"));
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(CodeOf(anonymous), "authentication_required");
    auto kiosk = site_.Post(kOwnPassword, PasswordChange(kPassword, "a brand new passphrase"), site_.Device("kiosk"));
    EXPECT_EQ(kiosk.status, 403);
    EXPECT_EQ(CodeOf(kiosk), "role_not_allowed");
}

TEST_F(Guard, MetricsNeedAnAuditorOrAdminUnlessScrapedFromTheServersOwnMachine) {
    const std::map<std::string, std::string> relayed = {{"X-Forwarded-For", "203.0.113.5"}};
    // A Prometheus beside layan: a loopback peer that relays nobody.
    auto local = site_.Get("/metrics");
    EXPECT_EQ(local.status, 200);
    EXPECT_THAT(local.body, HasSubstr("# TYPE"));
    // Anyone through the proxy, or claiming to be relayed, is asked to sign in.
    auto anonymous = site_.Send("GET", "/metrics", "", {}, relayed);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(CodeOf(anonymous), "authentication_required");
    EXPECT_EQ(site_.Send("GET", "/metrics", "", {}, {{"X-Real-IP", "203.0.113.5"}}).status, 401);
    EXPECT_EQ(site_.Send("GET", "/metrics", "", {}, {{"Forwarded", "for=203.0.113.5"}}).status, 401);
    EXPECT_EQ(CodeOf(site_.Send("GET", "/metrics", "", site_.As("officer"), relayed)), "role_not_allowed");
    EXPECT_EQ(CodeOf(site_.Send("GET", "/metrics", "", site_.Device("board"), relayed)), "role_not_allowed");
    EXPECT_EQ(site_.Send("GET", "/metrics", "", site_.As("auditor"), relayed).status, 200);
    EXPECT_EQ(site_.Send("GET", "/metrics", "", site_.As("admin.batu"), relayed).status, 200);
    // Health checks stay open to load balancers.
    EXPECT_EQ(site_.Send("GET", "/healthz", "", {}, relayed).status, 200);
    EXPECT_EQ(site_.Send("GET", "/readyz", "", {}, relayed).status, 200);
}

TEST_F(Guard, AuditorsSeeTheirTenantsSignInsAccountAndDeviceChangesInTheTrail) {
    auto admin = site_.As("admin");
    EXPECT_EQ(site_.Post("/api/v1/session", json{{"username", "officer"}, {"password", "a wrong guess"}}.dump()).status,
              401);
    ASSERT_EQ(site_.Post("/api/v1/users/" + site_.AccountId("officer2") + "/disable", "", admin).status, 204);
    auto device =
        site_.Post("/api/v1/devices", json{{"hall", kHall}, {"kind", "board"}, {"name", "Papan 2"}}.dump(), admin);
    ASSERT_EQ(device.status, 201) << device.body;
    const std::string device_id = device.Json()["device"]["id"];
    ASSERT_EQ(site_.Send("DELETE", "/api/v1/devices/" + device_id, "", admin).status, 204);
    auto officer = site_.As("officer");
    ASSERT_EQ(site_.Send("DELETE", "/api/v1/session", "", officer).status, 204);

    const std::string query = "/audit/events?stream=tenant/kota-mojokerto/accounts&limit=1000";
    auto trail = site_.Get("/api/v1/tenants/kota-mojokerto" + query, site_.As("auditor"));
    ASSERT_EQ(trail.status, 200) << trail.body;
    std::map<std::string, json> last;  // the last event of each type
    const json listed = trail.Json();
    for (const auto& event : listed["events"]) {
        last[event["type"].get<std::string>()] = event;
        EXPECT_EQ(event["chain"], "intact");
        EXPECT_THAT(event.dump(), Not(HasSubstr("a wrong guess")));
        EXPECT_THAT(event.dump(), Not(HasSubstr(device.Json()["token"].get<std::string>())));
    }
    for (const auto* type : {"account_created", "signed_in", "sign_in_failed", "account_disabled", "device_added",
                             "device_revoked", "signed_out"}) {
        ASSERT_TRUE(last.contains(type)) << type << " in " << trail.body;
    }
    EXPECT_EQ(last["sign_in_failed"]["data"]["username"], "officer");
    EXPECT_EQ(last["sign_in_failed"]["actor"], "anonymous");
    EXPECT_EQ(last["account_disabled"]["actor"], site_.AccountId("admin"));
    EXPECT_EQ(last["account_disabled"]["role"], "admin");
    EXPECT_EQ(last["account_disabled"]["ip"], "127.0.0.1");
    EXPECT_EQ(last["account_disabled"]["tenant"], kTenant);
    EXPECT_EQ(last["account_disabled"]["time_zone"], "WIB");
    EXPECT_EQ(last["device_revoked"]["data"]["device"], device_id);
    EXPECT_EQ(last["signed_out"]["actor"], site_.AccountId("officer"));

    // Another tenant's auditor sees none of it, even asking for the stream by name.
    auto foreign = site_.Get("/api/v1/tenants/kota-batu" + query, site_.As("auditor.batu"));
    ASSERT_EQ(foreign.status, 200);
    EXPECT_TRUE(foreign.Json()["events"].empty()) << foreign.body;
    auto verified = site_.Get("/api/v1/tenants/kota-mojokerto/audit/verify", site_.As("auditor"));
    EXPECT_EQ(verified.Json()["ok"], true) << verified.body;
}

}  // namespace
}  // namespace layan::auth::testing
