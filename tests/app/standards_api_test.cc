// The services' published standards through the real binary, on both backends: what a citizen reads before
// coming (requirements with the files accepted, completion time, fee, product, where to complain), never the
// internal components, and the version in force on a date.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;

const std::string kServices = "/api/v1/tenants/kota-mojokerto/services";

TEST(StandardsApi, EveryServiceShowsItsPublishedStandardAndNoInternalComponent) {
    LayanProcess server(LayanProcess::NewDemoDatabase());  // Monday 30 November 2026
    auto listed = server.Get(kServices);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto services = listed.Json()["services"];
    ASSERT_GE(services.size(), 10U);
    EXPECT_EQ(listed.Json()["on"], "2026-11-30");
    for (const auto& service : services) {
        ASSERT_TRUE(service["standard"].is_object()) << service.dump();
        EXPECT_EQ(service["standard"]["version"], 1) << service["code"];
        for (const char* internal :
             {"legal_basis", "facilities", "officer_competence", "internal_supervision", "officer_count",
              "service_guarantee", "security_guarantee", "performance_evaluation"}) {
            EXPECT_FALSE(service["standard"].contains(internal)) << service["code"] << " shows " << internal;
        }
    }

    auto ktp = server.Get(kServices + "/KTP");
    ASSERT_EQ(ktp.status, 200) << ktp.body;
    const auto standard = ktp.Json()["standard"];
    EXPECT_EQ(ktp.Json()["code"], "KTP");
    EXPECT_EQ(standard["valid_from"], "2026-02-01");
    EXPECT_FALSE(standard["decree"]["number"].get<std::string>().empty());
    EXPECT_EQ(standard["requirements"][0]["code"], "USIA");
    bool asks_for_a_file = false;
    for (const auto& requirement : standard["requirements"]) {
        asks_for_a_file = asks_for_a_file || !requirement["accepted_types"].empty();
    }
    EXPECT_TRUE(asks_for_a_file) << standard["requirements"].dump();
    EXPECT_TRUE(standard["completion"].contains("unit"));
    EXPECT_TRUE(standard["fee"].contains("idr"));
    EXPECT_FALSE(standard["complaint_channel"]["id"].get<std::string>().empty());

    // The hall shows the same standard (the kiosk reads its product there), not the catalog's old one.
    auto hall = server.Get("/api/v1/halls/mpp-mojokerto");
    ASSERT_EQ(hall.status, 200) << hall.body;
    const auto hall_services = hall.Json()["services"];
    bool shown = false;
    for (const auto& service : hall_services) {
        if (service["code"] == "KTP") {
            EXPECT_EQ(service["standard"], standard);
            shown = true;
        }
    }
    EXPECT_TRUE(shown) << "the hall offers KTP";
}

TEST(StandardsApi, ADateBeforeTheFirstVersionAnUnknownServiceOrTenantAndABadDateAreClearErrors) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    auto before = server.Get(kServices + "/KTP?on=2026-01-15");
    EXPECT_EQ(before.status, 404);
    EXPECT_EQ(before.Json()["error"]["code"], "standard_not_in_force");
    EXPECT_EQ(before.Json()["error"]["details"]["first_valid_from"], "2026-02-01");
    // In the list, a service without a standard on that day says so with null.
    auto listed = server.Get(kServices + "?on=2026-01-15");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_TRUE(listed.Json()["services"][0]["standard"].is_null());

    auto on_the_day = server.Get(kServices + "/KTP?on=2026-02-01");
    EXPECT_EQ(on_the_day.status, 200) << on_the_day.body;

    auto unknown = server.Get(kServices + "/NOPE");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.Json()["error"]["code"], "service_not_found");
    auto nowhere = server.Get("/api/v1/tenants/nowhere/services");
    EXPECT_EQ(nowhere.status, 404);
    EXPECT_EQ(nowhere.Json()["error"]["code"], "tenant_not_found");
    auto bad_date = server.Get(kServices + "/KTP?on=15-01-2026");
    EXPECT_EQ(bad_date.status, 422);
    EXPECT_EQ(bad_date.Json()["error"]["code"], "invalid_field");
    EXPECT_EQ(bad_date.Json()["error"]["details"]["field"], "on");
}

TEST(StandardsApi, AnAdminPublishesANewVersionFromADateWhileTheOldOneStaysInItsHistory) {
    LayanProcess server(LayanProcess::NewDemoDatabase());  // Monday 30 November 2026
    const auto admin = server.LoginAs("admin");
    auto history = server.Get(kServices + "/KTP/standard-versions", admin);
    ASSERT_EQ(history.status, 200) << history.body;
    ASSERT_EQ(history.Json()["versions"].size(), 1U);
    auto draft = history.Json()["versions"][0];
    EXPECT_TRUE(draft.contains("legal_basis")) << "the unit reads its whole standard, internal components too";
    draft.erase("version");
    draft["decree"] = json{{"number", "188.45/77/417.302/2026"}, {"date", "2026-11-27"}};
    draft["valid_from"] = "2026-12-01";
    draft["fee"]["note"] =
        json{{"id", "Gratis, juga untuk penggantian karena rusak"}, {"en", "Free, also to replace a damaged card"}};

    auto backdated = draft;
    backdated["decree"]["date"] = "2026-10-01";
    backdated["valid_from"] = "2026-11-01";
    auto refused = server.Post(kServices + "/KTP/standard-versions", backdated.dump(), admin);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["code"], "standard_backdated");
    auto supervisor = server.Post(kServices + "/KTP/standard-versions", draft.dump(), server.LoginAs("supervisor"));
    EXPECT_EQ(supervisor.status, 403) << supervisor.body;

    auto published = server.Post(kServices + "/KTP/standard-versions", draft.dump(), admin);
    ASSERT_EQ(published.status, 201) << published.body;
    EXPECT_EQ(published.Json()["version"], 2);

    // Today the first version is still in force; from tomorrow the new one, and citizens see its fee note.
    EXPECT_EQ(server.Get(kServices + "/KTP").Json()["standard"]["version"], 1);
    auto tomorrow = server.Get(kServices + "/KTP?on=2026-12-01");
    ASSERT_EQ(tomorrow.status, 200) << tomorrow.body;
    EXPECT_EQ(tomorrow.Json()["standard"]["version"], 2);
    EXPECT_EQ(tomorrow.Json()["standard"]["fee"]["note"]["en"], "Free, also to replace a damaged card");
    EXPECT_EQ(server.Get(kServices + "/KTP/standard-versions", admin).Json()["versions"].size(), 2U);
}

}  // namespace
}  // namespace layan::testing
