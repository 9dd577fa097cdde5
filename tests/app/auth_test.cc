// Accounts, sessions and device tokens with the real binary: the demo accounts, the `user` and `device` commands,
// signing in and out over HTTP, lockout, the security headers, and settings that are refused.

#include <stdio.h>
#include <sys/wait.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHall = "/api/v1/halls/mpp-mojokerto";

/// What follows `prefix` in `text` up to the next space, newline or `end` ("" when `prefix` is absent).
std::string After(const std::string& text, const std::string& prefix, char end = ' ') {
    auto start = text.find(prefix);
    if (start == std::string::npos) {
        return "";
    }
    start += prefix.size();
    auto stop = text.find_first_of(std::string("\n ") + end, start);
    return text.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
}

/// True when one line of `text` holds every word, in this order.
bool SomeLineHas(const std::string& text, const std::vector<std::string>& words) {
    std::stringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::size_t at = 0;
        bool all = true;
        for (const auto& word : words) {
            at = line.find(word, at);
            if (at == std::string::npos) {
                all = false;
                break;
            }
            at += word.size();
        }
        if (all) {
            return true;
        }
    }
    return false;
}

/// Runs `layan <args>` with `input` on its stdin; returns the exit code and the output in `output`.
int RunWithInput(const std::string& args, const std::string& input, std::string* output) {
    const std::string command = std::string(LAYAN_BIN) + " " + args + " > /tmp/layan-auth-e2e.out 2>&1";
    FILE* pipe = ::popen(command.c_str(), "w");
    if (pipe == nullptr) {
        return -1;
    }
    ::fwrite(input.data(), 1, input.size(), pipe);
    int status = ::pclose(pipe);
    std::string text;
    if (FILE* in = ::fopen("/tmp/layan-auth-e2e.out", "r")) {
        char buffer[4096];
        for (std::size_t n; (n = ::fread(buffer, 1, sizeof buffer, in)) > 0;) {
            text.append(buffer, n);
        }
        ::fclose(in);
    }
    *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

HttpResponse SignIn(const LayanProcess& server, const std::string& username, const std::string& password) {
    return server.Post("/api/v1/session", json{{"username", username}, {"password", password}}.dump());
}

TEST(Accounts, SeedDemoMakesTheDemoAccountsOnceAndWarnsThatTheirPasswordIsPublic) {
    auto db = LayanProcess::NewDemoDatabase();  // seeded once already
    std::string output;
    ASSERT_EQ(LayanProcess::RunToEnd({"seed-demo", "--database", TestDatabaseUrl(db)}, &output), 0) << output;
    EXPECT_THAT(output, HasSubstr("seeded 0 demo account(s)"));
    EXPECT_THAT(output, HasSubstr("WARNING"));
    EXPECT_THAT(output, HasSubstr("layan-demo"));
    ASSERT_EQ(LayanProcess::RunToEnd({"user", "list", "--database", TestDatabaseUrl(db)}, &output), 0) << output;
    EXPECT_TRUE(SomeLineHas(
        output, {"budi.santoso ", " officer ", " kota-mojokerto ", " budi.santoso ", " dispendukcapil ", " active"}))
        << output;
    for (const auto* role : {"supervisor", "admin", "auditor"}) {
        EXPECT_TRUE(SomeLineHas(output, {std::string(role) + " ", " " + std::string(role) + " ", " active"}))
            << role << "\n"
            << output;
    }
}

TEST(Accounts, DemoOfficerSignsInWorksAtTheirCounterAndSignsOut) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    EXPECT_EQ(server.Post(kHall + "/counters/L01/open", R"({"officer":"budi.santoso","services":["KTP"]})").status,
              401);
    auto budi = server.LoginAs("budi.santoso");
    auto me = server.Get("/api/v1/session", budi);
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.Json()["user"]["officer"], "budi.santoso");
    EXPECT_EQ(
        server.Post(kHall + "/counters/L01/open", R"({"officer":"budi.santoso","services":["KTP"]})", budi).status,
        200);
    EXPECT_EQ(server.Delete("/api/v1/session", budi).status, 204);
    EXPECT_EQ(server.Get("/api/v1/session", budi).status, 401);
    EXPECT_EQ(server.Post(kHall + "/counters/L01/close", "", budi).status, 401);
}

TEST(Accounts, PasswordGuessingLocksTheAccountFor15MinutesEvenAcrossARestart) {
    auto db = LayanProcess::NewDemoDatabase();
    {
        LayanProcess server(db);
        for (int i = 0; i < 5; ++i) {
            auto wrong = SignIn(server, "budi.santoso", "guess-" + std::to_string(i));
            EXPECT_EQ(wrong.status, 401) << i;
            EXPECT_EQ(wrong.Json()["error"]["code"], "invalid_credentials");
        }
        auto locked = SignIn(server, "budi.santoso", kDemoPassword);
        EXPECT_EQ(locked.status, 429);
        EXPECT_EQ(locked.Json()["error"]["code"], "login_locked");
        // 15 minutes from the last failure, less the seconds the (sanitized, loaded) server took since then.
        const int retry_after = std::stoi(locked.headers["retry-after"]);
        EXPECT_LE(retry_after, 900);
        EXPECT_GT(retry_after, 840);
        EXPECT_EQ(SignIn(server, "siti.rahmawati", kDemoPassword).status, 200);
        EXPECT_EQ(server.Terminate(), 0);
    }
    // The failures are in the audit trail, which the restarted server replays: restarting does not lift the lock.
    LayanProcess restarted(db);
    auto still = SignIn(restarted, "budi.santoso", kDemoPassword);
    EXPECT_EQ(still.status, 429) << still.body;
    EXPECT_EQ(still.Json()["error"]["code"], "login_locked");
    EXPECT_EQ(SignIn(restarted, "siti.rahmawati", kDemoPassword).status, 200);
}

TEST(Accounts, UserCommandsCreateResetDisableAndList) {
    auto db = LayanProcess::NewDemoDatabase();
    const std::string database = "--database '" + TestDatabaseUrl(db) + "'";
    std::string output;
    ASSERT_EQ(RunWithInput("user add --username Ana.Putri --role officer --tenant kota-mojokerto --officer "
                           "dewi.lestari --password-stdin " +
                               database,
                           "kopi tubruk pagi hari\n", &output),
              0)
        << output;
    EXPECT_THAT(output, HasSubstr("created officer \"ana.putri\""));
    EXPECT_THAT(output, Not(HasSubstr("kopi tubruk")));
    // Refusals name the problem and change nothing.
    EXPECT_NE(
        RunWithInput("user add --username ana.putri --role admin --tenant kota-mojokerto --password-stdin " + database,
                     "another fine passphrase\n", &output),
        0);
    EXPECT_THAT(output, HasSubstr("username_taken"));
    EXPECT_NE(
        RunWithInput("user add --username weak.one --role admin --tenant kota-mojokerto --password-stdin " + database,
                     "12345\n", &output),
        0);
    EXPECT_THAT(output, HasSubstr("weak_password"));
    EXPECT_EQ(LayanProcess::RunToEnd({"user", "add", "--username", "x", "--role", "root", "--tenant", "kota-mojokerto",
                                      "--database", TestDatabaseUrl(db)},
                                     &output),
              2);

    // A new password printed once by `passwd`.
    ASSERT_EQ(LayanProcess::RunToEnd({"user", "passwd", "--username", "ana.putri", "--database", TestDatabaseUrl(db)},
                                     &output),
              0)
        << output;
    const std::string generated = After(output, "password: ");
    ASSERT_EQ(generated.size(), 16U) << output;
    {
        LayanProcess server(db);
        EXPECT_EQ(SignIn(server, "ana.putri", "kopi tubruk pagi hari").status, 401);
        EXPECT_EQ(SignIn(server, "ana.putri", generated).status, 200);
    }
    ASSERT_EQ(LayanProcess::RunToEnd({"user", "disable", "--username", "ana.putri", "--database", TestDatabaseUrl(db)},
                                     &output),
              0);
    ASSERT_EQ(LayanProcess::RunToEnd({"user", "list", "--database", TestDatabaseUrl(db)}, &output), 0);
    EXPECT_TRUE(SomeLineHas(output, {"ana.putri ", " officer ", " disabled "})) << output;
    LayanProcess server(db);
    auto disabled = SignIn(server, "ana.putri", generated);
    EXPECT_EQ(disabled.status, 403);
    EXPECT_EQ(disabled.Json()["error"]["code"], "account_disabled");

    // Each command is in the tenant's audit trail, made by the command line; the demo accounts by seed-demo.
    auto trail =
        server.Get("/api/v1/tenants/kota-mojokerto/audit/events?stream=tenant/kota-mojokerto/accounts&limit=1000",
                   server.LoginAs("auditor"));
    ASSERT_EQ(trail.status, 200) << trail.body;
    std::vector<std::string> by_cli;
    int seeded = 0;
    const json listed = trail.Json();
    for (const auto& event : listed["events"]) {
        if (event["actor"].is_string() && event["actor"].get<std::string>().starts_with("cli/")) {
            EXPECT_EQ(event["role"], "system");
            EXPECT_EQ(event["data"]["username"], "ana.putri");
            by_cli.push_back(event["type"].get<std::string>());
        }
        seeded += event["actor"] == "seed-demo" ? 1 : 0;
        EXPECT_THAT(event.dump(), Not(HasSubstr("kopi tubruk")));
        EXPECT_THAT(event.dump(), Not(HasSubstr(generated)));
    }
    EXPECT_EQ(by_cli, (std::vector<std::string>{"account_created", "password_reset", "account_disabled"}));
    EXPECT_GT(seeded, 3);
    EXPECT_EQ(LayanProcess::RunToEnd({"audit", "verify", "--database", TestDatabaseUrl(db)}, &output), 0) << output;
}

TEST(Accounts, AFailedSignInUnderAnUnknownNameNeverWritesTheNameToTheLog) {
    // People type their password into the username field: such a name is neither logged nor recorded.
    LayanProcess server(LayanProcess::NewDemoDatabase(), {"--log-level", "info"});
    EXPECT_EQ(SignIn(server, "kopi.tubruk.rahasia", "whatever").status, 401);
    EXPECT_EQ(SignIn(server, "budi.santoso", "a wrong guess").status, 401);
    std::string log;
    for (int i = 0; i < 100 && !SomeLineHas(log, {"failed sign-in for \"budi.santoso\""}); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        log = server.Log();
    }
    EXPECT_TRUE(SomeLineHas(log, {"failed sign-in for an unknown username from 127.0.0.1"})) << log;
    EXPECT_THAT(log, Not(HasSubstr("kopi.tubruk")));
    EXPECT_THAT(log, Not(HasSubstr("a wrong guess")));
}

TEST(Accounts, AccessLogNamesTheClientBehindATrustedProxyAndThePeerOtherwise) {
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess server(db, {"--log-level", "info", "--trusted-proxies", "127.0.0.1"});
    auto proxied = SendRequest(server.port(), "GET", "/api/v1/halls?via=proxy", "",
                               {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}});
    ASSERT_EQ(proxied.status, 200);
    ASSERT_EQ(server.Get("/api/v1/halls/mpp-mojokerto").status, 200);
    std::string log;
    for (int i = 0; i < 100 && !SomeLineHas(log, {"path=/api/v1/halls/mpp-mojokerto "}); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        log = server.Log();
    }
    EXPECT_TRUE(SomeLineHas(log, {"access method=GET path=/api/v1/halls ", "remote=203.0.113.7 via=127.0.0.1"})) << log;
    EXPECT_TRUE(SomeLineHas(log, {"path=/api/v1/halls/mpp-mojokerto ", "remote=127.0.0.1"})) << log;
    EXPECT_FALSE(SomeLineHas(log, {"path=/api/v1/halls/mpp-mojokerto ", "via="})) << log;
}

TEST(Accounts, DeviceTokenFromTheCommandLineWorksUntilRevoked) {
    auto db = LayanProcess::NewDemoDatabase();
    std::string output;
    ASSERT_EQ(LayanProcess::RunToEnd(
                  {"device", "add", "--hall", "mpp-mojokerto", "--kind", "kiosk", "--name", "Kios pintu utama",
                   "--database", TestDatabaseUrl(db), "--public-url", "https://antrian.mojokertokota.go.id"},
                  &output),
              0)
        << output;
    const std::string token = After(output, "token: ");
    const std::string id = After(output, "(d-", ')').empty() ? "" : "d-" + After(output, "(d-", ')');
    ASSERT_TRUE(token.starts_with("lyd_")) << output;
    ASSERT_EQ(id.size(), 18U) << output;
    EXPECT_THAT(output, HasSubstr("https://antrian.mojokertokota.go.id/halls/mpp-mojokerto/kiosk#device=" + token));
    const Session kiosk{.cookie = "", .csrf_token = "", .bearer = token};
    {
        LayanProcess server(db);
        EXPECT_EQ(server.Post(kHall + "/tickets", R"({"service":"KTP","priority":"disability"})", kiosk).status, 201);
        EXPECT_EQ(server.Get("/api/v1/session", kiosk).Json()["device"]["name"], "Kios pintu utama");
    }
    ASSERT_EQ(LayanProcess::RunToEnd({"device", "list", "--database", TestDatabaseUrl(db)}, &output), 0);
    EXPECT_THAT(output, HasSubstr(id));
    EXPECT_THAT(output, Not(HasSubstr(token)));
    ASSERT_EQ(LayanProcess::RunToEnd({"device", "revoke", "--id", id, "--database", TestDatabaseUrl(db)}, &output), 0)
        << output;
    LayanProcess server(db);
    auto refused = server.Post(kHall + "/tickets", R"({"service":"KTP"})", kiosk);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.Json()["error"]["code"], "invalid_token");
}

TEST(Accounts, EveryResponseCarriesTheSecurityHeadersAndOversizedCookiesAre431) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    for (const auto& response : {server.Get("/"), server.Get("/login"), server.Get("/api/v1/halls"),
                                 server.Get("/healthz"), server.Get("/assets/%2e%2e/%2e%2e/etc/passwd")}) {
        EXPECT_THAT(response.headers.at("content-security-policy"), HasSubstr("default-src 'self'; script-src 'self'"));
        EXPECT_EQ(response.headers.at("x-content-type-options"), "nosniff");
        EXPECT_EQ(response.headers.at("referrer-policy"), "no-referrer");
        EXPECT_EQ(response.headers.at("x-frame-options"), "DENY");
    }
    EXPECT_EQ(server.Get("/assets/%2e%2e/%2e%2e/etc/passwd").status, 404);
    auto big = SendRequest(server.port(), "GET", "/api/v1/halls", "", {{"Cookie", "a=" + std::string(8000, 'x')}});
    EXPECT_EQ(big.status, 431);
    EXPECT_EQ(big.Json()["error"]["code"], "cookie_too_large");
}

TEST(Accounts, MalformedTrustedProxiesSettingIsRefusedAtStart) {
    std::string output;
    EXPECT_EQ(LayanProcess::RunToEnd({"config", "check", "--trusted-proxies", "127.0.0.1, localhost"}, &output), 2);
    EXPECT_THAT(output, HasSubstr("localhost"));
    EXPECT_EQ(LayanProcess::RunToEnd({"config", "check", "--trusted-proxies", "127.0.0.1, 10.0.0.0/8"}, &output), 0)
        << output;
}

}  // namespace
}  // namespace layan::testing
