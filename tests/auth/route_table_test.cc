// Walks the whole route table of `layan serve` (app::BuildRouter, the same function RunServe calls) and proves,
// over real HTTP, that every route that is not public refuses an anonymous caller (401), a caller whose role does
// not hold the route's permission (403) and a caller of another tenant whose role does hold it (403), while a
// caller with the right role in the right tenant gets past the access checks. A public route must be listed
// below on purpose: a route added without thinking about its permission fails this test.

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/domain/access/access.h"
#include "test_site.h"

namespace layan::auth::testing {
namespace {

namespace access = domain::access;
using nlohmann::json;

// Every route anyone may call without signing in. Adding one here is a decision; write down why in its handler.
const std::set<std::string> kPublicRoutes = {
    "GET /api/v1/halls",                                      // discovery
    "GET /api/v1/halls/{hall}",                               // the catalog as citizens see it
    "GET /api/v1/halls/{hall}/queue",                         // the display board and status pages
    "GET /api/v1/halls/{hall}/calendar",                      // when the hall is open: citizens plan their visit
    "GET /api/v1/halls/{hall}/counters/{counter}/next",       // the console's "next" list (what call-next will do)
    "GET /api/v1/halls/{hall}/events",                        // SSE for boards and status pages
    "GET /api/v1/halls/{hall}/tickets/{ticket}",              // a citizen's own ticket (the id is the secret)
    "GET /api/v1/halls/{hall}/tickets/{ticket}/qr.svg",       // its QR code
    "GET /api/v1/halls/{hall}/calls/{ticket}/voice.wav",      // the spoken call
    "GET /api/v1/halls/{hall}/tickets/{ticket}/survey",       // the survey form: its key is checked by the use case
    "POST /api/v1/halls/{hall}/tickets/{ticket}/survey",      // the citizen's answer, by the ticket's key
    "GET /api/v1/tenants/{tenant}/calendar",                  // the days a government works: deadlines, visits
    "GET /api/v1/tenants/{tenant}/performance",               // the public dashboard and open data
    "GET /api/v1/tenants/{tenant}/services",                  // the service standards: what is required, how long,
    "GET /api/v1/tenants/{tenant}/services/{service}",        // what it costs (UU 25/2009 art. 21: published)
    "POST /api/v1/tenants/{tenant}/requests",                 // a citizen submits a request online
    "GET /api/v1/tenants/{tenant}/track/{code}",              // and follows it: the tracking code is the secret
    "POST /api/v1/tenants/{tenant}/track/{code}/completion",  // completes a returned file,
    "POST /api/v1/tenants/{tenant}/track/{code}/withdraw",    // withdraws it,
    "POST /api/v1/tenants/{tenant}/track/{code}/messages",    // or writes to the unit
    "GET /api/v1/tenants/{tenant}/performance/live",
    "GET /api/v1/tenants/{tenant}/performance/{file}",  // open data as CSV and XLSX
    "POST /api/v1/session",                             // sign in
    "GET /api/v1/session",                              // who am I (401 when nobody)
    "DELETE /api/v1/session",                           // sign out
    "GET /",                                            // pages and assets: static, the API guards the data
    "GET /login",
    "GET /audit",
    "GET /sw.js",
    "GET /halls/{hall}/kiosk",
    "GET /halls/{hall}/board",
    "GET /halls/{hall}/console",
    "GET /halls/{hall}/twin",
    "GET /t/{hall}/{ticket}",
    "GET /s/{hall}/{ticket}",
    "GET /halls/{hall}/survey-tablet",
    "GET /kinerja/{tenant}",
    "GET /kinerja/{tenant}/tentang",
    "GET /tenants/{tenant}/skm",
    "GET /tenants/{tenant}/officers",
    "GET /tenants/{tenant}/kalender",
    "GET /layanan/{tenant}",
    "GET /layanan/{tenant}/{service}",
    "GET /lacak/{tenant}",
    "GET /lacak/{tenant}/{code}",
    "GET /tenants/{tenant}/permohonan",
    "GET /tenants/{tenant}/permohonan/{code}",
    "GET /tenants/{tenant}/standar",
    "GET /assets/{path...}",
};

// Routes about the caller's own account only (account.self): they name nothing of any tenant, so "another tenant"
// has no meaning there; the handler acts on the session's own account and nothing else
// (tests/auth/guard_test.cc, OwnPasswordChange*).
const std::set<std::string> kSelfRoutes = {
    "POST /api/v1/session/password",  // change one's own password
};

std::string KeyOf(const http::Route& route) { return route.method + " " + route.pattern; }

class RouteTable : public ::testing::Test {
protected:
    void SetUp() override {
        // Something for every path parameter to name, all in kota-mojokerto: a ticket, a counter held by the
        // officer, a throwaway account and device (so that the calls that succeed harm nothing else).
        auto ticket = site_.Post("/api/v1/halls/mpp-mojokerto/tickets", R"({"service":"KTP"})");
        ASSERT_EQ(ticket.status, 201) << ticket.body;
        ticket_ = ticket.Json()["id"].get<std::string>();
        auto made = site_.auth().CreateAccount(NewAccount{.username = "throwaway",
                                                          .password = kPassword,
                                                          .role = access::Role::kOfficer,
                                                          .tenant_id = kTenant,
                                                          .officer_id = "dewi.lestari",
                                                          .units = {}},
                                               kSetUp);
        ASSERT_TRUE(made) << made.error().message;
        user_ = made->id;
        auto device = site_.auth().AddDevice(kTenant, kHall, access::DeviceKind::kBoard, "throwaway board", kSetUp);
        ASSERT_TRUE(device) << device.error().message;
        device_ = device->device.id;
    }

    /// The path of a route with every parameter filled with something of kota-mojokerto.
    std::string PathOf(const http::Route& route) const {
        std::string path;
        std::string_view pattern = route.pattern;
        while (!pattern.empty()) {
            auto open = pattern.find('{');
            path += pattern.substr(0, open);
            if (open == std::string_view::npos) {
                break;
            }
            auto close = pattern.find('}', open);
            std::string name(pattern.substr(open + 1, close - open - 1));
            static const std::map<std::string, std::string> kValues = {{"hall", kHall},        {"counter", "L01"},
                                                                       {"tenant", kTenant},    {"path...", "app.js"},
                                                                       {"date", "2026-12-01"}, {"service", "KTP"}};
            if (name == "ticket") {
                path += ticket_;
            } else if (name == "user") {
                path += user_;
            } else if (name == "device") {
                path += device_;
            } else {
                auto it = kValues.find(name);
                path += it != kValues.end() ? it->second : "x";
            }
            pattern.remove_prefix(close + 1);
        }
        return path;
    }

    /// One body for every route: each reads the fields it knows, all naming things of kota-mojokerto.
    std::string BodyFor(const http::Route& route) const {
        if (route.method == "GET" || route.method == "DELETE") {
            return "";
        }
        return json{{"service", "KTP"},
                    {"priority", "elderly"},
                    {"officer", "budi.santoso"},
                    {"services", {"KTP"}},
                    {"reason", "test"},
                    {"ticket", ticket_},
                    {"username", "new.person"},
                    {"password", "a long enough passphrase"},
                    {"role", "officer"},
                    {"tenant", kTenant},
                    {"hall", kHall},
                    {"kind", "kiosk"},
                    {"name", "kiosk"}}
            .dump();
    }

    /// A caller of `tenant_suffix` ("" or ".batu") whose role holds (or, with holds = false, lacks) the permission.
    std::optional<Caller> CallerWith(std::string_view permission, bool holds, const std::string& tenant_suffix) {
        // Most capable first, so that "holds" picks one that passes every finer rule (units, own counter).
        const std::vector<std::pair<access::Role, std::string>> roles = {{access::Role::kSupervisor, "supervisor"},
                                                                         {access::Role::kAdmin, "admin"},
                                                                         {access::Role::kAuditor, "auditor"},
                                                                         {access::Role::kOfficer, "officer"},
                                                                         {access::Role::kDevice, "board"}};
        for (const auto& [role, name] : roles) {
            if (access::Holds(role, permission) != holds) {
                continue;
            }
            if (role == access::Role::kDevice) {
                return site_.Device(name + tenant_suffix);
            }
            return site_.As(name + tenant_suffix);
        }
        return std::nullopt;
    }

    /// "METHOD pattern" of every route declaring `permission`.
    std::set<std::string> RoutesWith(std::string_view permission) const {
        std::set<std::string> keys;
        for (const auto& route : site_.router().Routes()) {
            if (route.permission == permission) {
                keys.insert(KeyOf(route));
            }
        }
        return keys;
    }

    TestSite site_;
    std::string ticket_;
    std::string user_;
    std::string device_;
};

TEST_F(RouteTable, EveryRouteDeclaresAPermissionThisBuildKnows) {
    ASSERT_FALSE(site_.router().Routes().empty());
    for (const auto& route : site_.router().Routes()) {
        EXPECT_TRUE(access::IsKnownPermission(route.permission)) << KeyOf(route) << ": \"" << route.permission << "\"";
    }
}

TEST_F(RouteTable, RoutesAboutTheCallerThemselvesAreExactlyTheOnesListedOnPurpose) {
    EXPECT_EQ(RoutesWith(access::permission::kAccountSelf), kSelfRoutes);
}

TEST_F(RouteTable, PublicRoutesAreExactlyTheOnesListedOnPurpose) {
    EXPECT_EQ(RoutesWith(access::permission::kPublic), kPublicRoutes);
}

TEST_F(RouteTable, EveryProtectedRouteRefusesAnonymousWrongRoleAndOtherTenant) {
    int walked = 0;
    for (const auto& route : site_.router().Routes()) {
        if (route.permission == access::permission::kPublic) {
            continue;
        }
        ++walked;
        const std::string path = PathOf(route);
        const std::string body = BodyFor(route);
        SCOPED_TRACE(KeyOf(route) + " as " + route.method + " " + path + " (" + route.permission + ")");

        // Anonymous: asked to sign in; on routes open to citizens (taking a ticket) the priority facility is
        // what an anonymous caller may not use.
        auto anonymous = site_.Send(route.method, path, body);
        if (access::AllowsAnonymous(route.permission)) {
            EXPECT_EQ(anonymous.status, 403) << anonymous.body;
        } else {
            EXPECT_EQ(anonymous.status, 401) << anonymous.body;
            EXPECT_EQ(anonymous.Json()["error"]["code"], "authentication_required");
        }

        // A role that lacks the permission (for queue.issue, whose permission everyone holds: the auditor, who
        // may not use priority facilities).
        auto wrong = CallerWith(route.permission, false, "");
        if (!wrong) {
            wrong = site_.As("auditor");
        }
        auto wrong_role = site_.Send(route.method, path, body, *wrong);
        EXPECT_EQ(wrong_role.status, 403) << wrong_role.body;

        // The right role, in another tenant.
        auto foreign = CallerWith(route.permission, true, ".batu");
        ASSERT_TRUE(foreign) << "no role holds " << route.permission;
        if (!kSelfRoutes.contains(KeyOf(route))) {
            auto other_tenant = site_.Send(route.method, path, body, *foreign);
            EXPECT_EQ(other_tenant.status, 403) << other_tenant.body;
            EXPECT_EQ(other_tenant.Json()["error"]["code"], "other_tenant") << other_tenant.body;
        }

        // The right role in the right tenant passes the access checks (whatever the queue then says), so the
        // refusals above are about who asks, not about the request.
        auto right = CallerWith(route.permission, true, "");
        auto allowed = site_.Send(route.method, path, body, *right);
        EXPECT_NE(allowed.status, 401) << allowed.body;
        EXPECT_NE(allowed.status, 403) << allowed.body;
    }
    EXPECT_GE(walked, 20) << "the walk found fewer protected routes than the queue and accounts have";
}

TEST_F(RouteTable, ASessionOfAnotherTenantIsRefusedEvenWhereCitizensAreWelcome) {
    auto response = site_.Post("/api/v1/halls/mpp-mojokerto/tickets", R"({"service":"KTP"})", site_.As("officer.batu"));
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.Json()["error"]["code"], "other_tenant");
    EXPECT_EQ(
        site_.Post("/api/v1/halls/mpp-mojokerto/tickets", R"({"service":"KTP"})", site_.Device("kiosk.batu")).status,
        403);
}

}  // namespace
}  // namespace layan::auth::testing
