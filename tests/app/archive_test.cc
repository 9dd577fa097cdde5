// `layan export` and `layan import` with the real binary: a hall's day served on SQLite moves to
// PostgreSQL and back, and each database then shows the same hall, the same tickets, the same figures and
// the same sealed personal data, with an audit trail that verifies. And what an import refuses (the tenant
// already there, a truncated or edited archive) leaves the target as it was.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "json_views.h"
#include "layan_process.h"

namespace layan::testing {
namespace {

using ::testing::HasSubstr;

const std::string kHall = "/api/v1/halls/mpp-mojokerto";
const std::string kTenant = "kota-mojokerto";
const std::string kToday = "2026-11-30";

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// `layan <args> --database <url>`: its exit code, with its output in `output`.
int Layan(std::vector<std::string> args, const std::string& url, std::string* output) {
    args.insert(args.end(), {"--database", url, "--log-level", "warn"});
    return LayanProcess::RunToEnd(args, output);
}

/// What a server on `url` shows of the day: the queue, every ticket, the public figures, a citizen's
/// personal data as the vault opens it for an admin (so the sealed data moved readable), all without
/// instants. Signing in works too: the accounts moved with their passwords.
std::string Shown(const std::string& url, const std::vector<std::string>& tickets) {
    LayanProcess server(url);
    nlohmann::json shown;
    shown["queue"] = WithoutInstants(server.Get(kHall + "/queue").Json());
    for (const auto& id : tickets) {
        shown["tickets"][id] = WithoutInstants(server.Get(kHall + "/tickets/" + id).Json());
    }
    auto figures = server.Get("/api/v1/tenants/" + kTenant + "/performance?from=" + kToday + "&to=" + kToday);
    for (int attempt = 0; attempt < 100 && figures.Json()["view"]["behind"] != false; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        figures = server.Get("/api/v1/tenants/" + kTenant + "/performance?from=" + kToday + "&to=" + kToday);
    }
    auto without_view = figures.Json();
    without_view.erase("view");  // where the read model stands in the log: the same, but not a view of the day
    shown["figures"] = WithoutInstants(without_view);
    auto admin = server.LoginAs("admin");
    auto exported =
        server.Post("/api/v1/tenants/" + kTenant + "/personal-data/export", R"({"phone":"0812-3456-7890"})", admin);
    if (exported.status != 200) {
        shown["personal_data"] = exported.body;
    } else {
        const auto body = exported.Json();
        for (const auto& citizen : body["citizens"]) {
            shown["personal_data"].push_back(citizen["data"]);
        }
    }
    return shown.dump(2);
}

class Archive : public ::testing::Test {
protected:
    void SetUp() override {
        if (!OnPostgres()) {
            GTEST_SKIP() << "moves data between SQLite and PostgreSQL (ctest runs this with a PostgreSQL cluster)";
        }
        dir_ = std::filesystem::path(LayanProcess::NewDemoDatabase()).parent_path().string();
        source_ = "sqlite://" + dir_ + "/hall.db";
        std::string output;
        ASSERT_EQ(Layan({"seed-demo"}, source_, &output), 0) << output;
        // A morning at the hall, on SQLite: three tickets (the first with a phone number and its
        // consent), two served, one waiting.
        LayanProcess server(source_);
        auto kiosk = server.NewDevice("mpp-mojokerto");
        auto first = server.Post(kHall + "/tickets",
                                 R"({"service":"KTP","phone":"0812-3456-7890","phone_consent":true})", kiosk);
        ASSERT_EQ(first.status, 201) << first.body;
        tickets_.push_back(first.Json()["id"].get<std::string>());
        for (const char* service : {"KK", "KTP"}) {
            auto issued = server.Post(kHall + "/tickets", std::string(R"({"service":")") + service + R"("})", kiosk);
            ASSERT_EQ(issued.status, 201) << issued.body;
            tickets_.push_back(issued.Json()["id"].get<std::string>());
        }
        auto officer = server.LoginAs("lina.marlina");
        ASSERT_EQ(
            server.Post(kHall + "/counters/L01/open", R"({"officer":"lina.marlina","services":["KTP","KK"]})", officer)
                .status,
            200);
        for (int served = 0; served < 2; ++served) {
            auto call = server.Post(kHall + "/counters/L01/call-next", "", officer);
            ASSERT_EQ(call.status, 200) << call.body;
            auto id = call.Json()["id"].get<std::string>();
            ASSERT_EQ(server.Post(kHall + "/tickets/" + id + "/start", "", officer).status, 200);
            ASSERT_EQ(server.Post(kHall + "/tickets/" + id + "/finish", "", officer).status, 200);
        }
        ASSERT_EQ(server.Terminate(), 0);
    }

    std::string Export(const std::string& url, const std::string& name) const {
        const auto file = dir_ + "/" + name;
        std::string output;
        EXPECT_EQ(Layan({"export", "--tenant", kTenant, "--output", file}, url, &output), 0) << output;
        EXPECT_THAT(output, HasSubstr("exported tenant kota-mojokerto"));
        return file;
    }

    std::string dir_;
    std::string source_;
    std::vector<std::string> tickets_;
};

TEST_F(Archive, AHallDayMovesFromSqliteToPostgresAndBackShowingTheSameEverywhere) {
    const auto on_sqlite = Shown(source_, tickets_);
    ASSERT_THAT(on_sqlite, HasSubstr("+6281234567890"));  // the citizen's phone, opened from the vault

    // SQLite → PostgreSQL.
    const auto archive = Export(source_, "hall.layan");
    const auto postgres = TestDatabaseUrl(dir_ + "/city");
    std::string output;
    ASSERT_EQ(Layan({"import", archive}, postgres, &output), 0) << output;
    EXPECT_THAT(output, HasSubstr("imported tenant kota-mojokerto"));
    ASSERT_EQ(Layan({"audit", "verify"}, postgres, &output), 0) << output;
    const auto on_postgres = Shown(postgres, tickets_);
    EXPECT_TRUE(on_postgres == on_sqlite) << DifferentLines(on_sqlite, on_postgres);

    // PostgreSQL → a new SQLite file: the same again.
    const auto back = Export(postgres, "back.layan");
    const auto returned = "sqlite://" + dir_ + "/returned.db";
    ASSERT_EQ(Layan({"import", back}, returned, &output), 0) << output;
    ASSERT_EQ(Layan({"audit", "verify"}, returned, &output), 0) << output;
    const auto on_returned = Shown(returned, tickets_);
    EXPECT_TRUE(on_returned == on_sqlite) << DifferentLines(on_sqlite, on_returned);
    // The events arrived with their stream hashes: the second archive carries the first one's events as
    // they were, followed by what happened on PostgreSQL (the admin's look at the personal data, recorded).
    auto events_of = [](const std::string& text) {
        std::istringstream lines(text);
        std::string events;
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with(R"({"event")")) {
                events += line + "\n";
            }
        }
        return events;
    };
    const auto moved = events_of(ReadFile(archive));
    const auto moved_back = events_of(ReadFile(back));
    EXPECT_TRUE(moved_back.starts_with(moved)) << DifferentLines(moved, moved_back);
    EXPECT_GT(moved_back.size(), moved.size());
}

TEST_F(Archive, AnImportThatIsRefusedLeavesTheTargetAsItWas) {
    const auto archive = Export(source_, "hall.layan");
    const auto target = TestDatabaseUrl(dir_ + "/target");
    std::string output;
    ASSERT_EQ(Layan({"import", archive}, target, &output), 0) << output;
    const auto before = Shown(target, tickets_);

    // The tenant is there already.
    EXPECT_EQ(Layan({"import", archive}, target, &output), 1);
    EXPECT_THAT(output, HasSubstr("tenant_exists"));

    // A truncated archive (its end line lost), and an edited one (an event's data changed), into a new
    // database: refused, and nothing of them is stored.
    const auto text = ReadFile(archive);
    const auto truncated = dir_ + "/truncated.layan";
    std::ofstream(truncated) << text.substr(0, text.rfind(R"({"end")"));
    const auto fresh = "sqlite://" + dir_ + "/fresh.db";
    EXPECT_EQ(Layan({"import", truncated}, fresh, &output), 1);
    EXPECT_THAT(output, HasSubstr("archive_invalid"));
    EXPECT_THAT(output, HasSubstr("truncated"));
    const auto edited = dir_ + "/edited.layan";
    auto changed = text;
    const auto at = changed.find(R"(\"service\":\"KK\")");
    ASSERT_NE(at, std::string::npos);
    changed.replace(at, std::string(R"(\"service\":\"KK\")").size(), R"(\"service\":\"KTP\")");
    std::ofstream(edited) << changed;
    EXPECT_EQ(Layan({"import", edited}, fresh, &output), 1);
    EXPECT_THAT(output, HasSubstr("archive_tampered"));
    EXPECT_EQ(Layan({"export", "--tenant", kTenant, "--output", dir_ + "/none.layan"}, fresh, &output), 1);
    EXPECT_THAT(output, HasSubstr("tenant_not_found"));

    const auto after = Shown(target, tickets_);
    EXPECT_TRUE(after == before) << DifferentLines(before, after);
}

}  // namespace
}  // namespace layan::testing
