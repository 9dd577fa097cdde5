// The work calendar as administrators shape it, through the real binary: the API and `layan calendar`, on both
// backends. The calendar is the queue's one model of "open", so each change is checked where citizens feel it:
// a ticket refused or issued.

#include <fstream>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kCalendar = "/api/v1/tenants/kota-mojokerto/calendar";
const std::string kHall = "/api/v1/halls/mpp-mojokerto";
const std::string kHallScope = "?hall=mpp-mojokerto";

/// A national list of 2027 for the tests (not the real decree: two days are enough to tell it is used).
const char* kTest2027 = R"({
  "source": "SKB uji 2027",
  "years": [2027],
  "days": [
    {"date": "2027-01-01", "kind": "national_holiday", "name": {"id": "Tahun Baru 2027 Masehi", "en": "New Year's Day"}},
    {"date": "2027-01-04", "kind": "cuti_bersama", "name": {"id": "Cuti bersama uji", "en": "Test collective leave"}}
  ]
})";

std::string WriteFile(const std::string& name, const std::string& text) {
    const auto path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

json DayOf(const LayanProcess& server, const std::string& target) {
    auto answer = server.Get(target);
    EXPECT_EQ(answer.status, 200) << answer.body;
    const auto days = answer.Json()["days"];
    return days.empty() ? json{} : days[0];
}

TEST(CalendarApi, AnAdminClosesTheHallForADayAndTicketsWaitUntilItIsOpenedAgain) {
    auto db = LayanProcess::NewDemoDatabase();
    auto server = std::make_unique<LayanProcess>(db);  // Monday 30 November 2026, 08:00 WIB
    const auto admin = server->LoginAs("admin");
    EXPECT_EQ(server->Post(kHall + "/tickets", R"({"service":"KTP"})").status, 201);

    auto closed = server->Put(kCalendar + "/days/2026-11-30" + kHallScope, R"({"reason":"Banjir"})", admin);
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(closed.Json()["changed"], true);
    auto refused = server->Post(kHall + "/tickets", R"({"service":"KTP"})");
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(refused.Json()["error"]["code"], "hall_closed");
    EXPECT_EQ(refused.Json()["error"]["details"]["kind"], "override");
    EXPECT_EQ(refused.Json()["error"]["details"]["reason"]["id"], "Banjir");
    EXPECT_EQ(DayOf(*server, kHall + "/calendar?from=2026-11-30&days=1")["closed"]["kind"], "override");
    // The hall's closure is the hall's: the tenant's own calendar (its units' deadlines) still works that day.
    EXPECT_EQ(DayOf(*server, kCalendar + "?from=2026-11-30&days=1")["open"], true);

    // The decision is an event: it survives a restart.
    server->Terminate();
    server = std::make_unique<LayanProcess>(db);
    EXPECT_EQ(server->Post(kHall + "/tickets", R"({"service":"KTP"})").status, 409);
    const auto admin_again = server->LoginAs("admin");
    auto decisions = server->Get(kCalendar + "/decisions", admin_again);
    ASSERT_EQ(decisions.status, 200) << decisions.body;
    ASSERT_EQ(decisions.Json()["scopes"].size(), 1U);
    EXPECT_EQ(decisions.Json()["scopes"][0]["scope"], json({{"kind", "hall"}, {"id", "mpp-mojokerto"}}));
    EXPECT_EQ(decisions.Json()["scopes"][0]["days"][0]["reason"], "Banjir");

    auto opened = server->Delete(kCalendar + "/days/2026-11-30" + kHallScope, admin_again);
    ASSERT_EQ(opened.status, 200) << opened.body;
    EXPECT_EQ(opened.Json()["changed"], true);
    EXPECT_EQ(server->Post(kHall + "/tickets", R"({"service":"KTP"})").status, 201);
    EXPECT_EQ(server->Delete(kCalendar + "/days/2026-11-30" + kHallScope, admin_again).Json()["changed"], false);

    // Shorter hours for the tenant (every hall and unit): after them the hall is closed for tickets.
    auto shorter =
        server->Put(kCalendar + "/days/2026-11-30",
                    R"({"working":true,"hours":{"open":"07:30","close":"07:45"},"reason":"Upacara"})", admin_again);
    ASSERT_EQ(shorter.status, 200) << shorter.body;
    EXPECT_EQ(DayOf(*server, kHall + "/calendar?from=2026-11-30&days=1")["hours"]["close"], "07:45");
    EXPECT_EQ(server->Post(kHall + "/tickets", R"({"service":"KTP"})").status, 409);
}

TEST(CalendarApi, OnlyTheTenantsAdminsDecideAndBadDecisionsChangeNothing) {
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess server(db);
    const auto admin = server.LoginAs("admin");
    const auto supervisor = server.LoginAs("supervisor");
    EXPECT_EQ(server.Put(kCalendar + "/days/2026-12-01", R"({"reason":"x"})").status, 401);
    EXPECT_EQ(server.Put(kCalendar + "/days/2026-12-01", R"({"reason":"x"})", supervisor).status, 403);
    EXPECT_EQ(server.Get(kCalendar + "/decisions", supervisor).status, 403);

    auto expect_refused = [&](const std::string& method, const std::string& target, const std::string& body, int status,
                              const std::string& code) {
        auto answer = method == "PUT"    ? server.Put(target, body, admin)
                      : method == "POST" ? server.Post(target, body, admin)
                                         : server.Delete(target, admin);
        EXPECT_EQ(answer.status, status) << target << " " << answer.body;
        EXPECT_EQ(answer.Json()["error"]["code"], code) << target << " " << answer.body;
    };
    expect_refused("PUT", kCalendar + "/days/2026-12-01", R"({})", 422, "reason_required");
    expect_refused("PUT", kCalendar + "/days/2026-12-01", R"({"working":"yes","reason":"x"})", 422, "invalid_field");
    expect_refused("PUT", kCalendar + "/days/01-12-2026", R"({"reason":"x"})", 422, "invalid_field");
    expect_refused("PUT", kCalendar + "/days/2026-12-01?hall=nowhere", R"({"reason":"x"})", 404, "hall_not_found");
    expect_refused("PUT", kCalendar + "/days/2026-12-01?unit=nowhere", R"({"reason":"x"})", 404, "unit_not_found");
    // Sunday 6 December: the tenant's week has no hours to open it with.
    expect_refused("PUT", kCalendar + "/days/2026-12-06", R"({"working":true})", 422, "calendar_override_needs_hours");
    expect_refused("PUT", kCalendar + "/days/2026-12-01",
                   R"({"working":true,"hours":{"open":"16:00","close":"08:00"},"reason":"x"})", 422,
                   "calendar_hours_invalid");
    expect_refused("PUT", kCalendar + "/week", R"({"schedule":{"mon":null}})", 422, "calendar_no_working_weekday");
    expect_refused("POST", kCalendar + "/years",
                   R"({"years":[2027],"schedule":{"mon":{"open":"08:00","close":"12:00"}}})", 422,
                   "calendar_import_invalid");
    expect_refused("POST", kCalendar + "/years", R"({"days":[]})", 422, "calendar_import_invalid");
    expect_refused("POST", kCalendar + "/years", R"({"years":[2027)", 400, "calendar_json_malformed");
    expect_refused("POST", "/api/v1/tenants/nowhere/calendar/years", kTest2027, 403, "other_tenant");

    auto decisions = server.Get(kCalendar + "/decisions", admin);
    ASSERT_EQ(decisions.status, 200) << decisions.body;
    EXPECT_EQ(decisions.Json()["scopes"], json::array());
    EXPECT_EQ(decisions.Json()["years"], json::array());
}

TEST(CalendarApi, ANationalYearImportedEndsTheWarningAndItsDaysAreExact) {
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess server(db, {"--clock-start", "2026-10-01T10:00:00+07:00"});
    ASSERT_EQ(server.Get("/readyz").Json()["warnings"].size(), 1U);
    auto before = server.Get(kCalendar + "?from=2027-01-04&days=1");
    EXPECT_EQ(before.Json()["days"][0]["open"], true);
    EXPECT_EQ(before.Json()["days"][0]["provisional"], true);
    EXPECT_EQ(before.Json()["warnings"][0]["year"], 2027);

    auto imported = server.Post(kCalendar + "/years", kTest2027, server.LoginAs("admin"));
    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(imported.Json()["years"][0]["year"], 2027);
    EXPECT_EQ(imported.Json()["years"][0]["source"], "SKB uji 2027");

    EXPECT_EQ(server.Get("/readyz").Json()["warnings"], json::array());
    auto after = server.Get(kCalendar + "?from=2027-01-04&days=1");
    EXPECT_EQ(after.Json()["days"][0]["open"], false);
    EXPECT_EQ(after.Json()["days"][0]["closed"]["kind"], "cuti_bersama");
    EXPECT_EQ(after.Json()["days"][0]["provisional"], false);
    EXPECT_EQ(after.Json()["warnings"], json::array());
    EXPECT_EQ(DayOf(server, kHall + "/calendar?from=2027-01-04&days=1")["closed"]["id"], "Cuti bersama uji");
}

TEST(CalendarCli, CloseListClearAndImportRoundTripAndTheServerFollows) {
    auto db = LayanProcess::NewDemoDatabase();
    const auto url = TestDatabaseUrl(db);
    const auto env = TestEnvironment();
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"calendar", "close", "2026-12-01", "--hall", "mpp-mojokerto", "--reason",
                                      "Rapat kerja", "--database", url},
                                     &out, env),
              0)
        << out;
    EXPECT_THAT(out, HasSubstr("2026-12-01 Tue closed: Rapat kerja (override)"));
    ASSERT_EQ(LayanProcess::RunToEnd({"calendar", "list", "--hall", "mpp-mojokerto", "--from", "2026-11-30", "--days",
                                      "2", "--database", url},
                                     &out, env),
              0)
        << out;
    EXPECT_THAT(out, HasSubstr("2026-11-30 Mon open 07:30-"));
    EXPECT_THAT(out, HasSubstr("2026-12-01 Tue closed: Rapat kerja"));
    {
        LayanProcess tuesday(db, {"--clock-start", "2026-12-01T09:00:00+07:00"});
        EXPECT_EQ(tuesday.Post(kHall + "/tickets", R"({"service":"KTP"})").status, 409);
    }
    ASSERT_EQ(LayanProcess::RunToEnd({"calendar", "clear", "2026-12-01", "--hall", "mpp-mojokerto", "--database", url},
                                     &out, env),
              0)
        << out;
    EXPECT_THAT(out, HasSubstr("2026-12-01 Tue open"));
    {
        LayanProcess tuesday(db, {"--clock-start", "2026-12-01T09:00:00+07:00"});
        EXPECT_EQ(tuesday.Post(kHall + "/tickets", R"({"service":"KTP"})").status, 201);
    }

    const auto file = WriteFile("id-2027-test.json", kTest2027);
    ASSERT_EQ(LayanProcess::RunToEnd({"calendar", "import", file, "--database", url}, &out, env), 0) << out;
    EXPECT_THAT(out, HasSubstr("kota-mojokerto: imported 2027 (2 days) from SKB uji 2027"));
    ASSERT_EQ(LayanProcess::RunToEnd({"calendar", "list", "--from", "2027-01-04", "--days", "1", "--database", url},
                                     &out, env),
              0)
        << out;
    EXPECT_THAT(out, HasSubstr("2027-01-04 Mon closed: Cuti bersama uji (cuti_bersama)"));
    EXPECT_THAT(out, Not(HasSubstr("provisional")));

    EXPECT_NE(LayanProcess::RunToEnd({"calendar", "close", "2026-12-02", "--database", url}, &out, env), 0);
    EXPECT_THAT(out, HasSubstr("--reason"));
}

}  // namespace
}  // namespace layan::testing
