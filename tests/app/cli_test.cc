// The `layan` command line: subcommands, help, configuration precedence and its errors.

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "layan_process.h"

namespace layan::testing {
namespace {

using ::testing::HasSubstr;

std::string TempFile(const std::string& name, const std::string& content) {
    auto dir = std::filesystem::path(LayanProcess::NewDemoDatabase()).parent_path();
    auto path = (dir / name).string();
    std::ofstream(path) << content;
    return path;
}

TEST(Cli, PrintsItsVersion) {
    std::string out;
    EXPECT_EQ(LayanProcess::RunToEnd({"--version"}, &out), 0);
    EXPECT_THAT(out, HasSubstr("layan " LAYAN_VERSION));
}

TEST(Cli, EverySubcommandHasHelp) {
    for (const auto& sub : {"serve", "migrate", "seed-demo", "config", "simulate", "staffing", "advise-training"}) {
        std::string out;
        EXPECT_EQ(LayanProcess::RunToEnd({sub, "--help"}, &out), 0) << sub;
        EXPECT_THAT(out, HasSubstr("Usage")) << sub;
    }
}

TEST(Cli, ConfigFileThenEnvironmentThenFlags) {
    auto file = TempFile("layan.toml", "port = 9001\nthreads = 3\nlog_level = \"debug\"\n");
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"config", "check", "--config", file}, &out, {"LAYAN_THREADS=4"}), 0) << out;
    EXPECT_THAT(out, HasSubstr("port = 9001"));  // from the file
    EXPECT_THAT(out, HasSubstr("threads = 4"));  // the environment beats the file
    EXPECT_THAT(out, HasSubstr("log_level = \"debug\""));
    ASSERT_EQ(
        LayanProcess::RunToEnd({"config", "check", "--config", file, "--threads", "5"}, &out, {"LAYAN_THREADS=4"}), 0);
    EXPECT_THAT(out, HasSubstr("threads = 5"));  // a flag beats both
}

TEST(Cli, UnknownKeyInTheConfigFileIsAnErrorNamingIt) {
    auto file = TempFile("bad.toml", "port = 9001\nprot = 1\n");
    std::string out;
    EXPECT_NE(LayanProcess::RunToEnd({"config", "check", "--config", file}, &out), 0);
    EXPECT_THAT(out, HasSubstr("prot"));
}

TEST(Cli, UnknownEnvironmentSettingIsAnErrorNamingIt) {
    std::string out;
    EXPECT_NE(LayanProcess::RunToEnd({"config", "check"}, &out, {"LAYAN_PROT=1"}), 0);
    EXPECT_THAT(out, HasSubstr("LAYAN_PROT"));
}

TEST(Cli, InvalidValuesAreRefusedWithTheReason) {
    std::string out;
    EXPECT_NE(LayanProcess::RunToEnd({"config", "check", "--routing-policy", "random"}, &out), 0);
    EXPECT_THAT(out, HasSubstr("routing_policy"));
    EXPECT_NE(LayanProcess::RunToEnd({"config", "check", "--database", "/tmp/x.db"}, &out), 0);
    EXPECT_THAT(out, HasSubstr("database URL"));
    EXPECT_NE(LayanProcess::RunToEnd({"config", "check", "--port", "eighty"}, &out), 0);
}

TEST(Cli, MigrateAppliesOnceThenReportsUpToDate) {
    auto dir = std::filesystem::path(LayanProcess::NewDemoDatabase()).parent_path();
    auto url = TestDatabaseUrl((dir / "fresh.db").string());
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"migrate", "--database", url}, &out), 0) << out;
    EXPECT_THAT(out, HasSubstr("applied 0001"));
    ASSERT_EQ(LayanProcess::RunToEnd({"migrate", "--database", url}, &out), 0);
    EXPECT_THAT(out, HasSubstr("up to date"));
}

TEST(Cli, SeedDemoIsIdempotent) {
    auto db = LayanProcess::NewDemoDatabase();
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"seed-demo", "--database", TestDatabaseUrl(db)}, &out), 0) << out;
    EXPECT_THAT(out, HasSubstr("1 hall(s)"));
    LayanProcess server(db);
    auto halls = server.Get("/api/v1/halls").Json()["halls"];
    ASSERT_EQ(halls.size(), 1U);
    EXPECT_EQ(halls[0]["name"], "Mal Pelayanan Publik Kota Mojokerto");
}

TEST(Cli, SecondServerOnTheSameDatabaseFailsAndSaysWhy) {
    if (OnPostgres()) {
        GTEST_SKIP() << "several servers on one PostgreSQL database is what that backend is for";
    }
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess first(db);
    try {
        LayanProcess second(db);
        FAIL() << "a second server started on the same database";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("in use by another layan process"));
    }
    EXPECT_EQ(first.Get("/healthz").status, 200);
}

TEST(Cli, SecondServerOnTheSamePortFailsAndSaysWhy) {
    LayanProcess first(LayanProcess::NewDemoDatabase());
    std::string out;
    auto db = LayanProcess::NewDemoDatabase();
    EXPECT_NE(LayanProcess::RunToEnd(
                  {"serve", "--database", TestDatabaseUrl(db), "--port", std::to_string(first.port())}, &out),
              0);
    EXPECT_THAT(out, HasSubstr("already in use"));
}

TEST(Cli, ServeStopsGracefullyOnSigterm) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    ASSERT_EQ(server.Get("/readyz").status, 200);
    EXPECT_EQ(server.Terminate(), 0);
}

// --- the simulator (docs/SIMULATOR.md) ------------------------------------------------------------

const char* kSmallHall = R"({"name": "small hall", "seed": 3, "days": 4, "open": "08:00", "close": "11:00",
  "services": [{"code": "KTP", "mean_service_min": 8, "service_cv": 0.5, "arrivals_per_hour": [14, 18, 10]},
               {"code": "NIB", "mean_service_min": 5, "service_dist": "exponential", "arrivals_per_hour": [4, 4, 4]}],
  "officers": [{"id": "O1", "skills": ["KTP"]}, {"id": "O2", "skills": ["KTP", "NIB"]}, {"id": "O3", "skills": ["NIB"]}],
  "priority_share": 0.1, "patience_min": 60})";

TEST(Cli, SimulateGivesTheSameAnswerTwiceAndReplaysItsOwnTrace) {
    auto scenario = TempFile("small-hall.json", kSmallHall);
    auto trace = (std::filesystem::path(scenario).parent_path() / "small-hall.csv").string();
    std::string first;
    std::string second;
    std::string replayed;
    ASSERT_EQ(
        LayanProcess::RunToEnd({"simulate", scenario, "--policy", "all", "--json", "--dump-trace", trace}, &first), 0)
        << first;
    ASSERT_EQ(LayanProcess::RunToEnd({"simulate", scenario, "--policy", "all", "--json"}, &second), 0);
    ASSERT_EQ(LayanProcess::RunToEnd({"simulate", scenario, "--policy", "all", "--json", "--trace", trace}, &replayed),
              0);
    EXPECT_EQ(first, second);
    EXPECT_EQ(first, replayed);
    auto report = nlohmann::json::parse(first);
    ASSERT_EQ(report["runs"].size(), 5U);
    EXPECT_EQ(report["runs"][0]["policy"], "dedicated");
    const auto& overall = report["runs"][1]["overall"];
    EXPECT_EQ(overall["arrived"].get<int>(),
              overall["served"].get<int>() + overall["abandoned"].get<int>() + overall["unserved"].get<int>());
    EXPECT_GT(overall["arrived"].get<int>(), 0);
    std::string table;
    ASSERT_EQ(LayanProcess::RunToEnd({"simulate", scenario, "--policy", "fcfs,default", "--days", "2"}, &table), 0);
    EXPECT_THAT(table, HasSubstr("Policy fcfs"));
    EXPECT_THAT(table, HasSubstr("Compared with fcfs"));
}

TEST(Cli, SimulateSaysWhatIsWrongWithAScenario) {
    auto scenario = TempFile("bad-hall.json", R"({"open": "08:00", "close": "10:00",
      "services": [{"code": "KTP", "mean_service_min": 8, "service_cv": 0.5, "arrivals_per_hour": [14]}],
      "officers": [{"id": "O1", "skills": ["KTP"]}]})");
    std::string out;
    EXPECT_EQ(LayanProcess::RunToEnd({"simulate", scenario}, &out), 1);
    EXPECT_THAT(out, HasSubstr("services[0].arrivals_per_hour has 1 rates but the hall is open 2 hours"));
    EXPECT_EQ(LayanProcess::RunToEnd({"simulate", scenario + ".missing"}, &out), 1);
    EXPECT_THAT(out, HasSubstr("cannot read the scenario file"));
    auto good = TempFile("good-hall.json", kSmallHall);
    EXPECT_EQ(LayanProcess::RunToEnd({"simulate", good, "--policy", "shortest"}, &out), 1);
    EXPECT_THAT(out, HasSubstr("unknown policy \"shortest\""));
    EXPECT_EQ(LayanProcess::RunToEnd({"staffing", good, "--target", "most within soon"}, &out), 1);
    EXPECT_THAT(out, HasSubstr("must read like \"80% within 15 min\""));
}

TEST(Cli, StaffingAndTrainingAdviceAnswerInJson) {
    auto scenario = TempFile("small-hall.json", kSmallHall);
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"staffing", scenario, "--target", "80% within 10 min", "--json"}, &out), 0)
        << out;
    auto plan = nlohmann::json::parse(out);
    EXPECT_EQ(plan["model"], "erlang_a");
    EXPECT_EQ(plan["cells"].size(), 6U);  // 3 hours × 2 services
    EXPECT_EQ(plan["officers_per_hour"].size(), 3U);
    ASSERT_EQ(LayanProcess::RunToEnd({"advise-training", scenario, "--budget", "1", "--json"}, &out), 0) << out;
    auto advice = nlohmann::json::parse(out);
    EXPECT_EQ(advice["policy"], "default");
    EXPECT_LE(advice["steps"].size(), 1U);
    EXPECT_GT(advice["candidates_simulated"].get<int>(), 0);
}

TEST(Cli, ScenarioFromHistorySaysWhyItCannotLearn) {
    const std::string url = TestDatabaseUrl(LayanProcess::NewDemoDatabase());
    std::string out;
    auto learn = [&](const std::string& hall, const std::string& from, const std::string& to) {
        return LayanProcess::RunToEnd(
            {"scenario", "from-history", "--hall", hall, "--from", from, "--to", to, "--database", url}, &out);
    };
    EXPECT_EQ(learn("nowhere", "2026-11-02", "2026-11-27"), 1);
    EXPECT_THAT(out, HasSubstr("hall_not_found"));
    // The demo hall exists but nobody took a number in that range.
    EXPECT_EQ(learn("mpp-mojokerto", "2026-11-02", "2026-11-27"), 1);
    EXPECT_THAT(out, HasSubstr("nothing to learn from"));
    EXPECT_EQ(learn("mpp-mojokerto", "2026-11-27", "2026-11-02"), 1);
    EXPECT_THAT(out, HasSubstr("not a range of 1 to 366 days"));
    EXPECT_EQ(learn("mpp-mojokerto", "27/11/2026", "2026-11-02"), 2);
}

}  // namespace
}  // namespace layan::testing
