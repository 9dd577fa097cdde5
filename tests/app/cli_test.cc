// The `layan` command line: subcommands, help, configuration precedence and its errors.

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
    for (const auto& sub : {"serve", "migrate", "seed-demo", "config"}) {
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
    auto url = "sqlite://" + (dir / "fresh.db").string();
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"migrate", "--database", url}, &out), 0) << out;
    EXPECT_THAT(out, HasSubstr("applied 0001"));
    ASSERT_EQ(LayanProcess::RunToEnd({"migrate", "--database", url}, &out), 0);
    EXPECT_THAT(out, HasSubstr("up to date"));
}

TEST(Cli, SeedDemoIsIdempotent) {
    auto db = LayanProcess::NewDemoDatabase();
    std::string out;
    ASSERT_EQ(LayanProcess::RunToEnd({"seed-demo", "--database", "sqlite://" + db}, &out), 0) << out;
    EXPECT_THAT(out, HasSubstr("1 hall(s)"));
    LayanProcess server(db);
    auto halls = server.Get("/api/v1/halls").Json()["halls"];
    ASSERT_EQ(halls.size(), 1U);
    EXPECT_EQ(halls[0]["name"], "Mal Pelayanan Publik Kota Mojokerto");
}

TEST(Cli, SecondServerOnTheSameDatabaseFailsAndSaysWhy) {
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
    EXPECT_NE(
        LayanProcess::RunToEnd({"serve", "--database", "sqlite://" + db, "--port", std::to_string(first.port())}, &out),
        0);
    EXPECT_THAT(out, HasSubstr("already in use"));
}

TEST(Cli, ServeStopsGracefullyOnSigterm) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    ASSERT_EQ(server.Get("/readyz").status, 200);
    EXPECT_EQ(server.Terminate(), 0);
}

}  // namespace
}  // namespace layan::testing
