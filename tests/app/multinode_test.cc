// Two `layan serve` nodes on one PostgreSQL database behind nginx (round robin), driven by many clients at
// once; the invariants are checked from the outside, on every answer that was given: no ticket called
// twice, numbers unique and gapless per service, nothing acknowledged lost, both nodes showing the same
// hall, the audit chain whole. And a display board connected to one node hears a call made on the other.
// And failover: the database's primary dies under load, its synchronous standby is promoted, and the two
// nodes go on without a restart, having answered 503 (never a wrong answer) while no server took writes.

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
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

/// A free TCP port on loopback (bound once and released: nginx takes it right after).
int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A free port other than `taken`: two FreePort() in a row may give the same port, since each is released at
/// once (it happened: the standby then could not bind).
int FreePortOtherThan(int taken) {
    int port = FreePort();
    while (port == taken) {
        port = FreePort();
    }
    return port;
}

/// nginx from Debian on loopback, balancing round robin over the given ports; stopped when destroyed.
class Nginx {
public:
    explicit Nginx(const std::vector<int>& upstreams)
        : dir_(std::filesystem::temp_directory_path() / "layan-nginx-XXXXXX") {
        std::string pattern = dir_.string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        dir_ = pattern;
        port_ = FreePort();
        std::ofstream conf(dir_ / "nginx.conf");
        conf << "daemon off;\nworker_processes 1;\npid " << (dir_ / "nginx.pid").string() << ";\n"
             << "error_log " << (dir_ / "error.log").string() << " warn;\n"
             << "events { worker_connections 1024; }\n"
             << "http {\n  access_log off;\n"
             << "  client_body_temp_path " << (dir_ / "body").string() << ";\n"
             << "  proxy_temp_path " << (dir_ / "proxy").string() << ";\n"
             << "  fastcgi_temp_path " << (dir_ / "fastcgi").string() << ";\n"
             << "  uwsgi_temp_path " << (dir_ / "uwsgi").string() << ";\n"
             << "  scgi_temp_path " << (dir_ / "scgi").string() << ";\n"
             << "  upstream layan {\n";
        for (int upstream : upstreams) {
            conf << "    server 127.0.0.1:" << upstream << ";\n";
        }
        conf << "  }\n  server {\n    listen 127.0.0.1:" << port_ << ";\n"
             << "    location / {\n      proxy_pass http://layan;\n      proxy_http_version 1.1;\n"
             << "      proxy_set_header Connection \"\";\n      proxy_next_upstream off;\n    }\n  }\n}\n";
        conf.close();
        pid_ = ::fork();
        if (pid_ == 0) {
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execl("/usr/sbin/nginx", "nginx", "-e", (dir_ / "error.log").c_str(), "-p", dir_.c_str(), "-c",
                    (dir_ / "nginx.conf").c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 100; ++i) {
            try {
                if (SendRequest(port_, "GET", "/healthz", "", {}).status == 200) {
                    return;
                }
            } catch (const std::exception&) {
                // not listening yet
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        auto log = ReadAll(dir_ / "error.log");
        Stop();
        throw std::runtime_error("nginx did not start: " + log);
    }
    ~Nginx() { Stop(); }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    [[nodiscard]] int port() const { return port_; }

private:
    void Stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGQUIT);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    static std::string ReadAll(const std::filesystem::path& path) {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

const std::string kHall = "/api/v1/halls/mpp-mojokerto";

/// The hall as one node shows it (GET .../queue), without instants.
std::string StableView(int port) {
    auto queue = SendRequest(port, "GET", kHall + "/queue", "", {});
    if (queue.status != 200) {
        return "status " + std::to_string(queue.status);
    }
    return WithoutInstants(queue.Json()).dump(2);
}

class TwoNodes : public ::testing::Test {
protected:
    void SetUp() override {
        if (!OnPostgres()) {
            GTEST_SKIP() << "several nodes share a PostgreSQL database (ctest runs this with one)";
        }
        database_ = LayanProcess::NewDemoDatabase();
        a_ = std::make_unique<LayanProcess>(database_);
        b_ = std::make_unique<LayanProcess>(database_);
        balancer_ = std::make_unique<Nginx>(std::vector<int>{a_->port(), b_->port()});
    }

    /// A request through the load balancer.
    HttpResponse Post(const std::string& target, const std::string& body, const Session& as) const {
        return SendRequest(balancer_->port(), "POST", target, body, as.Headers("POST"));
    }

    std::string database_;
    std::unique_ptr<LayanProcess> a_;
    std::unique_ptr<LayanProcess> b_;
    std::unique_ptr<Nginx> balancer_;
};

TEST_F(TwoNodes, ConcurrentIssueCallAndFinishThroughBothNodesKeepEveryInvariant) {
    // Sessions and devices live in the database: one made through node A works through the balancer.
    // Three desks that serve both services and one that serves KTP only.
    const std::vector<std::string> officers = {"siti.rahmawati", "lina.marlina", "ahmad.fauzi", "budi.santoso"};
    const std::vector<std::string> services = {R"(["KTP","KK"])", R"(["KTP","KK"])", R"(["KK"])", R"(["KTP"])"};
    const std::vector<std::string> counters = {"L01", "L02", "L03", "L04"};
    std::map<std::string, Session> sessions;
    for (size_t i = 0; i < officers.size(); ++i) {
        sessions[officers[i]] = a_->LoginAs(officers[i]);
        auto opened =
            Post(kHall + "/counters/" + counters[i] + "/open",
                 R"({"officer":")" + officers[i] + R"(","services":)" + services[i] + "}", sessions[officers[i]]);
        ASSERT_EQ(opened.status, 200) << opened.body;
    }
    const std::vector<Session> kiosks = {a_->NewDevice("mpp-mojokerto"), b_->NewDevice("mpp-mojokerto")};

    std::mutex mutex;
    std::map<std::string, std::vector<std::string>> numbers;  // service → numbers answered 201
    std::set<std::string> issued;                             // ticket ids answered 201
    std::vector<std::string> called;                          // ticket ids answered 200 to a call
    std::set<std::string> finished;                           // ticket ids answered 200 to finish
    std::vector<std::string> unexpected;                      // answers that are neither success nor 503
    int busy = 0;                                             // 503s given up on (nothing was stored for them)
    constexpr int kTicketsPerKiosk = 40;

    std::vector<std::thread> clients;
    for (size_t k = 0; k < kiosks.size(); ++k) {
        clients.emplace_back([&, k] {
            for (int i = 0; i < kTicketsPerKiosk; ++i) {
                const std::string service = i % 2 == 0 ? "KTP" : "KK";
                auto answer =
                    Post(kHall + "/tickets", R"({"service":")" + service + R"(","priority":null})", kiosks[k]);
                std::lock_guard lock(mutex);
                if (answer.status == 201) {
                    auto ticket = answer.Json();
                    numbers[service].push_back(ticket["number"].get<std::string>());
                    issued.insert(ticket["id"].get<std::string>());
                } else if (answer.status == 503) {
                    ++busy;
                } else {
                    unexpected.push_back("issue: " + std::to_string(answer.status) + " " + answer.body);
                }
            }
        });
    }
    std::atomic<bool> kiosks_done{false};
    std::vector<std::thread> desks;
    for (size_t c = 0; c < officers.size(); ++c) {
        desks.emplace_back([&, c] {
            const auto& session = sessions.at(officers[c]);
            int idle = 0;
            for (int round = 0; round < 3000 && idle < 20; ++round) {
                auto call = Post(kHall + "/counters/" + counters[c] + "/call-next", "", session);
                if (call.status == 204) {
                    idle = kiosks_done ? idle + 1 : 0;
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    continue;
                }
                if (call.status == 409 && call.body.find("counter_busy") != std::string::npos) {
                    break;  // a ticket this desk gave up on (503s) still holds it
                }
                if (call.status != 200) {
                    std::lock_guard lock(mutex);
                    if (call.status != 503) {
                        unexpected.push_back("call at " + counters[c] + ": " + std::to_string(call.status) + " " +
                                             call.body);
                    }
                    continue;
                }
                auto id = call.Json()["id"].get<std::string>();
                {
                    std::lock_guard lock(mutex);
                    called.push_back(id);
                }
                for (const char* step : {"start", "finish"}) {
                    HttpResponse done;
                    // 503 is the honest answer while a lost race settles: a console tries again a moment later.
                    for (int attempt = 1; attempt <= 20; ++attempt) {
                        done = Post(kHall + "/tickets/" + id + "/" + step, "", session);
                        if (done.status != 503) {
                            break;
                        }
                        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
                    }
                    std::lock_guard lock(mutex);
                    if (done.status == 200 && std::string_view(step) == "finish") {
                        finished.insert(id);
                    } else if (done.status == 503) {
                        ++busy;
                        break;  // the ticket stays at this desk; the check below allows it
                    } else if (done.status != 200) {
                        unexpected.push_back(std::string(step) + " " + id + ": " + std::to_string(done.status) + " " +
                                             done.body);
                    }
                }
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    kiosks_done = true;
    for (auto& desk : desks) {
        desk.join();
    }

    EXPECT_THAT(unexpected, ::testing::IsEmpty());
    ASSERT_GT(issued.size(), 0U);
    // Numbers: unique and gapless per service (A-001, A-002, ... in the order they were decided).
    for (auto& [service, answered] : numbers) {
        std::sort(answered.begin(), answered.end());
        EXPECT_EQ(std::set<std::string>(answered.begin(), answered.end()).size(), answered.size()) << service;
        for (size_t i = 0; i < answered.size(); ++i) {
            auto number = std::stoi(answered[i].substr(answered[i].find('-') + 1));
            EXPECT_EQ(number, static_cast<int>(i) + 1)
                << service << " numbers have a gap or a repeat near " << answered[i];
        }
    }
    // No ticket called twice.
    std::set<std::string> unique_calls(called.begin(), called.end());
    EXPECT_EQ(unique_calls.size(), called.size()) << "a ticket was called twice";
    // Nothing acknowledged is lost: each node knows every issued ticket; every call and finish answered 200
    // shows. (A 503 stored nothing: the commands given up on are counted, not checked.)
    for (const auto* node : {a_.get(), b_.get()}) {
        for (const auto& id : issued) {
            auto ticket = node->Get(kHall + "/tickets/" + id);
            ASSERT_EQ(ticket.status, 200) << id << " on port " << node->port();
            auto status = ticket.Json()["status"].get<std::string>();
            if (finished.contains(id)) {
                EXPECT_EQ(status, "done") << id << " on port " << node->port();
            } else if (unique_calls.contains(id)) {
                EXPECT_THAT(status, ::testing::AnyOf("called", "serving", "done")) << id << " on port " << node->port();
            }
        }
    }
    EXPECT_GT(finished.size(), 0U) << busy << " commands given up";
    RecordProperty("issued", static_cast<int>(issued.size()));
    RecordProperty("served", static_cast<int>(finished.size()));
    RecordProperty("gave_up_503", busy);
    // Both nodes show the same hall (once each has read the other's last appends: milliseconds).
    std::string view_a;
    std::string view_b;
    for (int i = 0; i < 50 && (view_a.empty() || view_a != view_b); ++i) {
        if (i > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        view_a = StableView(a_->port());
        view_b = StableView(b_->port());
    }
    EXPECT_TRUE(view_a == view_b) << DifferentLines(view_a, view_b);
    // The audit chain of the database the two nodes wrote verifies.
    std::string output;
    EXPECT_EQ(LayanProcess::RunToEnd({"audit", "verify", "--database", TestDatabaseUrl(database_)}, &output), 0)
        << output;
}

TEST_F(TwoNodes, ABoardOnOneNodeHearsACallMadeOnTheOther) {
    const std::string officer = "budi.santoso";
    auto session = b_->LoginAs(officer);
    auto issued = b_->Post(kHall + "/tickets", R"({"service":"KTP","priority":null})", b_->NewDevice("mpp-mojokerto"));
    ASSERT_EQ(issued.status, 201) << issued.body;
    auto id = issued.Json()["id"].get<std::string>();
    ASSERT_EQ(b_->Post(kHall + "/counters/L01/open", R"({"officer":")" + officer + R"(","services":["KTP"]})", session)
                  .status,
              200);

    // The board listens on node A (from now on: no replay); the officer calls on node B.
    std::string heard;
    std::thread board(
        [&] { heard = SendRaw(a_->port(), "GET " + kHall + "/events HTTP/1.1\r\nHost: x\r\n\r\n", 4000); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto call = b_->Post(kHall + "/counters/L01/call-next", "", session);
    ASSERT_EQ(call.status, 200) << call.body;
    board.join();
    EXPECT_THAT(heard, HasSubstr("event: ticket_called"));
    EXPECT_THAT(heard, HasSubstr(id));
    // And node A's own reads show it.
    EXPECT_EQ(a_->Get(kHall + "/tickets/" + id).Json()["status"], "called");
}

/// Asks `node` for a ticket until it answers `status` or about five seconds have passed (another node's event
/// reaches this one through NOTIFY, a moment after the commit); returns the last answer.
HttpResponse TicketAnswerOnceItIs(const LayanProcess& node, int status) {
    auto answer = node.Post(kHall + "/tickets", R"({"service":"KTP"})");
    for (int i = 0; i < 100 && answer.status != status; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        answer = node.Post(kHall + "/tickets", R"({"service":"KTP"})");
    }
    return answer;
}

TEST_F(TwoNodes, AHallClosedOnOneNodeIsClosedOnTheOtherAndOpensAgainOnBoth) {
    const std::string day = "/api/v1/tenants/kota-mojokerto/calendar/days/2026-11-30?hall=mpp-mojokerto";
    ASSERT_EQ(b_->Post(kHall + "/tickets", R"({"service":"KTP"})").status, 201);

    // Monday 30 November: an administrator on node A closes the hall for the day.
    auto closed = a_->Put(day, R"({"reason":"Pemadaman listrik"})", a_->LoginAs("admin"));
    ASSERT_EQ(closed.status, 200) << closed.body;
    auto refused = TicketAnswerOnceItIs(*b_, 409);
    ASSERT_EQ(refused.status, 409) << "node B still issues tickets: " << refused.body;
    EXPECT_EQ(refused.Json()["error"]["code"], "hall_closed");
    EXPECT_EQ(refused.Json()["error"]["details"]["reason"]["id"], "Pemadaman listrik");
    EXPECT_EQ(b_->Get(kHall + "/calendar?from=2026-11-30&days=1").Json()["days"][0]["closed"]["kind"], "override");

    // The power is back: opened again on node B, node A issues tickets again.
    auto opened = b_->Delete(day, b_->LoginAs("admin"));
    ASSERT_EQ(opened.status, 200) << opened.body;
    EXPECT_EQ(opened.Json()["changed"], true);
    auto issued = TicketAnswerOnceItIs(*a_, 201);
    EXPECT_EQ(issued.status, 201) << "node A still refuses tickets: " << issued.body;
}

/// A primary and its synchronous streaming-replication standby, two throwaway clusters on loopback made by
/// scripts/pg-test-cluster.sh (start, standby, crash, promote); both stopped and removed when destroyed.
class ReplicatedPostgres {
public:
    ReplicatedPostgres()
        : primary_dir_("/tmp/layan-failover-" + std::to_string(::getpid()) + "-primary"),
          standby_dir_("/tmp/layan-failover-" + std::to_string(::getpid()) + "-standby"),
          primary_port_(FreePort()),
          standby_port_(FreePortOtherThan(primary_port_)) {
        Script("start " + primary_dir_ + " " + std::to_string(primary_port_));
        Script("standby " + standby_dir_ + " " + std::to_string(standby_port_) + " " + primary_dir_);
    }
    ~ReplicatedPostgres() {
        (void)std::system(("bash " PG_TEST_CLUSTER " stop " + standby_dir_ + " 2>/dev/null").c_str());
        (void)std::system(("bash " PG_TEST_CLUSTER " stop " + primary_dir_ + " 2>/dev/null").c_str());
    }
    ReplicatedPostgres(const ReplicatedPostgres&) = delete;
    ReplicatedPostgres& operator=(const ReplicatedPostgres&) = delete;

    /// The URL the nodes are given: both servers, the one that accepts writes is chosen at each connect.
    [[nodiscard]] std::string Url() const {
        return "postgresql://layan@127.0.0.1:" + std::to_string(primary_port_) +
               ",127.0.0.1:" + std::to_string(standby_port_) +
               "/layan?target_session_attrs=read-write&connect_timeout=2";
    }
    /// The primary's machine loses power: every process of the server is killed.
    void CrashPrimary() { Script("crash " + primary_dir_); }
    /// The standby becomes the primary (what an operator or a failover manager does).
    void PromoteStandby() { Script("promote " + standby_dir_); }

private:
    static void Script(const std::string& arguments) {
        auto command = "bash " PG_TEST_CLUSTER " " + arguments + " >/dev/null";
        if (std::system(command.c_str()) != 0) {
            throw std::runtime_error("failed: " + command);
        }
    }

    std::string primary_dir_;
    std::string standby_dir_;
    int primary_port_;
    int standby_port_;
};

/// Everything the clients of a test were answered, for the checks at its end.
struct Answers {
    std::mutex mutex;
    std::map<std::string, std::set<std::string>> numbers;  // service → numbers answered 201
    std::set<std::string> issued;                          // ticket ids answered 201
    std::vector<std::string> called;                       // ticket ids answered 200 to a call
    std::set<std::string> finished;                        // ticket ids answered 200 to finish
    std::vector<std::string> unexpected;                   // answers that are not an honest one
    int unavailable = 0;                                   // 503s, each with its JSON error
    std::optional<std::chrono::steady_clock::time_point> first_issue_after_crash;
};

TEST(Failover, TwoNodesGoOnAfterThePrimaryDiesAndItsStandbyIsPromotedLosingNothingAcknowledged) {
    if (!OnPostgres()) {
        GTEST_SKIP() << "failover is PostgreSQL's (ctest runs this with a PostgreSQL cluster)";
    }
    ReplicatedPostgres postgres;  // declared first: it outlives the nodes
    // The suite's own clusters, not ctest's: every database the test names lives on this pair.
    ::setenv("TEST_BACKEND", postgres.Url().c_str(), 1);
    const auto database = LayanProcess::NewDemoDatabase();
    LayanProcess a(database);
    LayanProcess b(database);
    Nginx balancer({a.port(), b.port()});
    auto post = [&](const std::string& target, const std::string& body, const Session& as) {
        return SendRequest(balancer.port(), "POST", target, body, as.Headers("POST"));
    };

    auto officer = a.LoginAs("lina.marlina");
    ASSERT_EQ(
        post(kHall + "/counters/L01/open", R"({"officer":"lina.marlina","services":["KTP","KK"]})", officer).status,
        200);
    const std::vector<Session> kiosks = {a.NewDevice("mpp-mojokerto"), b.NewDevice("mpp-mojokerto")};

    Answers answers;
    std::atomic<bool> stop{false};
    std::atomic<bool> crashed{false};
    // A 503 must be the API's error, in JSON with its code and a sentence; anything else is a wrong answer.
    auto honest_unavailable = [&](const HttpResponse& answer, const std::string& what) {
        try {
            auto error = answer.Json()["error"];
            if (error["code"].get<std::string>().empty() || error["message"].get<std::string>().empty()) {
                answers.unexpected.push_back(what + ": a 503 without code or message: " + answer.body);
            }
        } catch (const std::exception&) {
            answers.unexpected.push_back(what + ": a 503 that is not the JSON error: " + answer.body);
        }
        ++answers.unavailable;
    };
    std::vector<std::thread> clients;
    for (size_t k = 0; k < kiosks.size(); ++k) {
        clients.emplace_back([&, k] {
            for (int i = 0; !stop; ++i) {
                const std::string service = i % 2 == 0 ? "KTP" : "KK";
                const bool after_crash = crashed;
                auto answer =
                    post(kHall + "/tickets", R"({"service":")" + service + R"(","priority":null})", kiosks[k]);
                std::lock_guard lock(answers.mutex);
                if (answer.status == 201) {
                    auto ticket = answer.Json();
                    answers.issued.insert(ticket["id"].get<std::string>());
                    if (!answers.numbers[service].insert(ticket["number"].get<std::string>()).second) {
                        answers.unexpected.push_back("number given twice: " + answer.body);
                    }
                    if (after_crash && !answers.first_issue_after_crash) {
                        answers.first_issue_after_crash = std::chrono::steady_clock::now();
                    }
                } else if (answer.status == 503) {
                    honest_unavailable(answer, "issue");
                } else {
                    answers.unexpected.push_back("issue: " + std::to_string(answer.status) + " " + answer.body);
                }
                if (answer.status != 201) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
            }
        });
    }
    // One desk calls, starts and finishes. A step answered 503 is tried again: the answer to a retry of a
    // step that was in fact stored before the server went away is a refusal (409), and the ticket's state
    // is checked at the end either way.
    std::thread desk([&] {
        while (!stop) {
            auto call = post(kHall + "/counters/L01/call-next", "", officer);
            if (call.status == 204 || call.status == 503) {
                if (call.status == 503) {
                    std::lock_guard lock(answers.mutex);
                    honest_unavailable(call, "call");
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            if (call.status != 200) {
                std::lock_guard lock(answers.mutex);
                answers.unexpected.push_back("call: " + std::to_string(call.status) + " " + call.body);
                return;
            }
            auto id = call.Json()["id"].get<std::string>();
            {
                std::lock_guard lock(answers.mutex);
                answers.called.push_back(id);
            }
            for (const std::string step : {"start", "finish"}) {
                bool retried = false;
                for (;;) {
                    auto done = post(kHall + "/tickets/" + id + "/" + step, "", officer);
                    std::lock_guard lock(answers.mutex);
                    if (done.status == 200 || (retried && done.status == 409)) {
                        if (step == "finish") {
                            answers.finished.insert(id);
                        }
                        break;
                    }
                    if (done.status != 503) {
                        answers.unexpected.push_back(step + " " + id + ": " + std::to_string(done.status) + " " +
                                                     done.body);
                        return;
                    }
                    honest_unavailable(done, step);
                    retried = true;
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                }
            }
        }
    });
    auto issued_count = [&] {
        std::lock_guard lock(answers.mutex);
        return answers.issued.size();
    };
    auto wait_for_issued = [&](size_t count) {
        for (int i = 0; i < 600 && issued_count() < count; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return issued_count();
    };

    ASSERT_GE(wait_for_issued(20), 20U);
    postgres.CrashPrimary();
    const auto crash_at = std::chrono::steady_clock::now();
    crashed = true;  // from now on a request finds no server that takes writes, until the promotion
    const auto before_crash = issued_count();
    // The time a failover manager takes to decide; until the standby is promoted nothing can be written.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto promoting_at = std::chrono::steady_clock::now();
    postgres.PromoteStandby();
    const auto served_again = wait_for_issued(before_crash + 20);
    stop = true;
    for (auto& client : clients) {
        client.join();
    }
    desk.join();

    EXPECT_THAT(answers.unexpected, ::testing::IsEmpty());
    EXPECT_GE(served_again, before_crash + 20) << "the nodes did not serve again after the promotion";
    EXPECT_GT(answers.unavailable, 0) << "no request saw the database away";
    ASSERT_TRUE(answers.first_issue_after_crash.has_value());
    EXPECT_GT(*answers.first_issue_after_crash, promoting_at) << "a ticket was issued while no server took writes";
    const auto outage =
        std::chrono::duration_cast<std::chrono::milliseconds>(*answers.first_issue_after_crash - crash_at);
    RecordProperty("issued", static_cast<int>(answers.issued.size()));
    RecordProperty("answered_503", answers.unavailable);
    RecordProperty("crash_to_first_ticket_ms", static_cast<int>(outage.count()));
    std::printf("failover: first ticket %lld ms after the primary died (promoted after 1 s); %d answers were 503\n",
                static_cast<long long>(outage.count()), answers.unavailable);

    // Both nodes show the same hall (once each has read the other's last appends), and the log on the
    // promoted server verifies.
    std::string view_a;
    std::string view_b;
    for (int i = 0; i < 50 && (view_a.empty() || view_a != view_b); ++i) {
        if (i > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        view_a = StableView(a.port());
        view_b = StableView(b.port());
    }
    EXPECT_TRUE(view_a == view_b) << DifferentLines(view_a, view_b);
    // Nothing acknowledged was lost, on either node (both caught up, above): every ticket answered 201 is there, every
    // finish answered is done; no ticket was called twice.
    std::set<std::string> unique_calls(answers.called.begin(), answers.called.end());
    EXPECT_EQ(unique_calls.size(), answers.called.size()) << "a ticket was called twice";
    for (const auto* node : {&a, &b}) {
        for (const auto& id : answers.issued) {
            auto ticket = node->Get(kHall + "/tickets/" + id);
            ASSERT_EQ(ticket.status, 200) << id << " lost on port " << node->port();
            if (answers.finished.contains(id)) {
                EXPECT_EQ(ticket.Json()["status"], "done") << id << " on port " << node->port();
            }
        }
    }
    std::string output;
    EXPECT_EQ(LayanProcess::RunToEnd({"audit", "verify", "--database", TestDatabaseUrl(database)}, &output), 0)
        << output;
}
}  // namespace
}  // namespace layan::testing
