// The server over real TCP on 127.0.0.1: each test starts a Server on port 0 in a thread and talks to it with
// a raw-socket client.

#include "layan/http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "layan/core/embedded.h"
#include "layan/http/static_files.h"
#include "test_client.h"

namespace layan::http {
namespace {

using namespace std::chrono_literals;
using testing::ClientResponse;
using testing::TestClient;

/// Polls `done` until it holds or `within` passes.
template <class Predicate>
bool WaitFor(Predicate done, std::chrono::milliseconds within = 5s) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

class ServerTest : public ::testing::Test {
protected:
    ServerTest() { spdlog::set_level(spdlog::level::warn); }

    ~ServerTest() override {
        StopAndJoin();
        std::lock_guard lock(spawned_mutex_);
        for (auto& thread : spawned_) {
            thread.join();
        }
        spdlog::set_level(spdlog::level::info);
    }

    static ServerOptions Options() {
        ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        return options;
    }

    /// Builds the server on the routes added so far, listens, and runs it in a thread.
    void Start(ServerOptions options = Options()) {
        server_ = std::make_unique<Server>(options, router_, hub_, metrics_);
        if (configure_) {
            configure_(*server_);
        }
        port_ = server_->Listen();
        run_thread_ = std::thread([this] {
            server_->Run();
            run_returned_ = true;
        });
    }

    void StopAndJoin() {
        if (server_) {
            server_->Stop();
        }
        if (run_thread_.joinable()) {
            run_thread_.join();
        }
    }

    /// Runs `work` on a thread of its own (joined at the end of the test), as the store's commit thread would.
    void Spawn(std::function<void()> work) {
        std::lock_guard lock(spawned_mutex_);
        spawned_.emplace_back(std::move(work));
    }

    Router router_;
    SseHub hub_;
    Metrics metrics_;
    std::function<void(Server&)> configure_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
    std::thread run_thread_;
    std::atomic<bool> run_returned_{false};
    std::mutex spawned_mutex_;
    std::vector<std::thread> spawned_;
};

nlohmann::json ErrorOf(const ClientResponse& response) { return response.Json().at("error"); }

TEST_F(ServerTest, HealthzAnswersOkWithARequestId) {
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/healthz");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Json(), nlohmann::json({{"status", "ok"}}));
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    ASSERT_TRUE(response.Header("x-request-id"));
    EXPECT_EQ(response.Header("x-request-id")->size(), 16u);
    EXPECT_NE(client.Request("GET", "/healthz").Header("x-request-id"), response.Header("x-request-id"));
}

TEST_F(ServerTest, EveryAnswerCarriesTheApplicationClockWhileDateStaysTheRealTime) {
    // A hall rehearsing on another day: its clock is a year behind the real one.
    core::ManualClock clock(*core::ParseIso8601("2025-06-02T02:00:00.250Z"));
    router_.Add("GET", "/nothing", "public",
                [](const Request&, const Responder& respond) { respond(Response::NoContent()); });
    auto options = Options();
    options.clock = &clock;
    Start(options);
    TestClient client(port_);
    auto health = client.Request("GET", "/healthz");
    EXPECT_EQ(health.Header("layan-now"), "2025-06-02T02:00:00.250Z");
    clock.Advance(std::chrono::minutes{90});
    EXPECT_EQ(client.Request("GET", "/nothing").Header("layan-now"), "2025-06-02T03:30:00.250Z");
    EXPECT_EQ(client.Request("GET", "/no-such-route").Header("layan-now"), "2025-06-02T03:30:00.250Z");
    ASSERT_TRUE(health.Header("date"));
    EXPECT_EQ(health.Header("date")->find("2025"), std::string::npos)
        << "Date is the real time: " << *health.Header("date");
}

TEST_F(ServerTest, WithoutAnApplicationClockThereIsNoLayanNowHeader) {
    Start();
    TestClient client(port_);
    EXPECT_FALSE(client.Request("GET", "/healthz").Header("layan-now"));
}

TEST_F(ServerTest, RoutesPathParametersToTheHandler) {
    router_.Add(
        "GET", "/api/v1/halls/{hall}/tickets/{number}", "public", [](const Request& request, Responder respond) {
            respond(Response::Json(200, {{"hall", request.PathParam("hall")},
                                         {"number", request.PathParam("number")},
                                         {"route", request.route},
                                         {"path", request.path},
                                         {"status", request.query.count("status") ? request.query.at("status") : ""}}));
        });
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/api/v1/halls/mpp-mojokerto/tickets/A%20001?status=wait%2Bing");
    ASSERT_EQ(response.status, 200);
    auto body = response.Json();
    EXPECT_EQ(body["hall"], "mpp-mojokerto");
    EXPECT_EQ(body["number"], "A 001");
    EXPECT_EQ(body["route"], "/api/v1/halls/{hall}/tickets/{number}");
    EXPECT_EQ(body["path"], "/api/v1/halls/mpp-mojokerto/tickets/A 001");
    EXPECT_EQ(body["status"], "wait+ing");
}

TEST_F(ServerTest, UnknownPathAnswers404JsonError) {
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/no/such/thing");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(ErrorOf(response)["code"], "not_found");
    EXPECT_FALSE(ErrorOf(response)["message"].get<std::string>().empty());
}

TEST_F(ServerTest, WrongMethodAnswers405WithAllowHeader) {
    auto ok = [](const Request&, Responder respond) { respond(Response::NoContent()); };
    router_.Add("GET", "/api/v1/halls/{hall}/tickets", "public", ok);
    router_.Add("POST", "/api/v1/halls/{hall}/tickets", "public", ok);
    Start();
    TestClient client(port_);
    auto response = client.Request("DELETE", "/api/v1/halls/x/tickets");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(ErrorOf(response)["code"], "method_not_allowed");
    EXPECT_EQ(response.Header("allow"), "GET, HEAD, POST");
    EXPECT_EQ(client.Request("POST", "/api/v1/halls/x/tickets").status, 204);
}

TEST_F(ServerTest, HeadOnAGetRouteSendsTheHeadWithoutTheBody) {
    router_.Add("GET", "/text", "public", [](const Request&, Responder respond) {
        respond(Response::Text(200, "hello world", "text/plain; charset=utf-8"));
    });
    Start();
    TestClient client(port_);
    auto head = client.Request("HEAD", "/text");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), "11");
    EXPECT_TRUE(head.body.empty());
    // Had a body been sent after the HEAD response, it would corrupt this next response on the connection.
    auto get = client.Request("GET", "/text");
    EXPECT_EQ(get.status, 200);
    EXPECT_EQ(get.body, "hello world");
}

TEST_F(ServerTest, MalformedJsonBodyAnswers400ThroughTheHelper) {
    router_.Add("POST", "/json", "public", [](const Request& request, Responder respond) {
        auto body = ParseJsonBody(request);
        respond(body ? Response::Json(200, *body) : Response::Error(body.error()));
    });
    Start();
    TestClient client(port_);
    auto bad = client.Request("POST", "/json", R"({"service": )");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(ErrorOf(bad)["code"], "malformed_json");
    EXPECT_NE(ErrorOf(bad)["message"].get<std::string>().find("byte"), std::string::npos);
    auto good = client.Request("POST", "/json", R"({"service":"KTP"})");
    EXPECT_EQ(good.status, 200);
    EXPECT_EQ(good.Json()["service"], "KTP");
}

TEST_F(ServerTest, OversizeBodyAnswers413Json) {
    std::atomic<bool> handled{false};
    router_.Add("POST", "/upload", "public", [&](const Request&, Responder respond) {
        handled = true;
        respond(Response::NoContent());
    });
    auto options = Options();
    options.max_body_bytes = 1024;
    Start(options);
    TestClient client(port_);
    EXPECT_EQ(client.Request("POST", "/upload", std::string(1024, 'x')).status, 204);
    handled = false;
    auto response = client.Request("POST", "/upload", std::string(4096, 'x'));
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(ErrorOf(response)["code"], "body_too_large");
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_FALSE(handled);
}

TEST_F(ServerTest, OversizeChunkedBodyAnswers413Json) {
    router_.Add("POST", "/upload", "public", [](const Request&, Responder respond) { respond(Response::NoContent()); });
    auto options = Options();
    options.max_body_bytes = 100;
    Start(options);
    TestClient client(port_);
    std::string chunk(80, 'x');
    client.Send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + chunk + "\r\n50\r\n" +
                chunk + "\r\n0\r\n\r\n");
    auto response = client.ReadResponse();
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(ErrorOf(response)["code"], "body_too_large");
}

TEST_F(ServerTest, ARouteMayAcceptLargerBodiesThanTheServerWhileOthersKeepItsLimit) {
    constexpr std::size_t kMiB = std::size_t{1024} * 1024;
    std::atomic<std::size_t> received{0};
    std::atomic<int> handled{0};
    router_.Add(
        "POST", "/uploads", "public",
        [&](const Request& request, Responder respond) {
            received = request.body.size();
            ++handled;
            respond(Response::NoContent());
        },
        5 * kMiB);
    router_.Add("POST", "/json", "public", [&](const Request&, Responder respond) {
        ++handled;
        respond(Response::NoContent());
    });
    auto options = Options();
    options.max_body_bytes = kMiB;
    Start(options);

    TestClient client(port_);
    EXPECT_EQ(client.Request("POST", "/uploads", std::string(3 * kMiB, 'x')).status, 204);
    EXPECT_EQ(received, 3 * kMiB);
    EXPECT_EQ(client.Request("POST", "/json", std::string(kMiB, 'x')).status, 204);  // Same connection, next request.
    EXPECT_EQ(handled, 2);

    TestClient other(port_);
    auto refused = other.Request("POST", "/json", std::string(2 * kMiB, 'x'));
    EXPECT_EQ(refused.status, 413);
    EXPECT_EQ(ErrorOf(refused)["code"], "body_too_large");
    EXPECT_NE(ErrorOf(refused)["message"].get<std::string>().find(std::to_string(kMiB)), std::string::npos);

    TestClient beyond(port_);
    auto too_large = beyond.Request("POST", "/uploads", std::string(5 * kMiB + 1, 'x'));
    EXPECT_EQ(too_large.status, 413);
    EXPECT_NE(ErrorOf(too_large)["message"].get<std::string>().find(std::to_string(5 * kMiB)), std::string::npos);

    // Chunked bodies have no length up front: the route's limit stops them as they arrive.
    TestClient chunked(port_);
    std::string chunk(kMiB, 'x');
    std::string framed = fmt::format("{:x}\r\n{}\r\n", chunk.size(), chunk);
    chunked.Send("POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + framed + framed +
                 "0\r\n\r\n");
    auto chunked_refused = chunked.ReadResponse();
    EXPECT_EQ(chunked_refused.status, 413);
    EXPECT_EQ(ErrorOf(chunked_refused)["code"], "body_too_large");
    EXPECT_EQ(handled, 2);

    // A path without a route keeps the server's limit, so a large body to nowhere is not read.
    TestClient nowhere(port_);
    EXPECT_EQ(nowhere.Request("POST", "/nowhere", std::string(2 * kMiB, 'x')).status, 413);
}

TEST_F(ServerTest, OversizeHeaderAnswers431Json) {
    auto options = Options();
    options.max_header_bytes = 1024;
    Start(options);
    TestClient client(port_);
    auto response = client.Request("GET", "/healthz", "", {{"X-Big", std::string(2000, 'a')}});
    EXPECT_EQ(response.status, 431);
    EXPECT_EQ(ErrorOf(response)["code"], "header_too_large");
    TestClient small(port_);
    EXPECT_EQ(small.Request("GET", "/healthz", "", {{"X-Small", std::string(500, 'a')}}).status, 200);
}

TEST_F(ServerTest, MalformedRequestAnswers400Json) {
    Start();
    TestClient client(port_);
    client.Send("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n");
    auto response = client.ReadResponse();
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(ErrorOf(response)["code"], "malformed_request");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    Start();
    TestClient client(port_);
    auto first = client.Request("GET", "/healthz");
    auto second = client.Request("GET", "/healthz");
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_FALSE(first.Header("connection"));
    // Pipelined: both requests in one write, answered in order.
    client.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.ReadResponse().status, 200);
    EXPECT_EQ(client.ReadResponse().status, 404);
    EXPECT_EQ(metrics_.OpenConnections(), 1);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/healthz", "", {{"Connection", "close"}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_TRUE(client.WaitForClose(2s));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
    router_.Add("POST", "/echo", "public", [](const Request& request, Responder respond) {
        respond(Response::Text(200, request.body, "text/plain"));
    });
    Start();
    TestClient client(port_);
    client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(client.ReadHead().status, 100);
    client.Send("hello");
    auto response = client.ReadResponse();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "hello");
}

TEST_F(ServerTest, HandlerMayRespondLaterFromAnotherThreadAndTheRequestStaysAlive) {
    router_.Add("POST", "/halls/{hall}/tickets", "public", [this](const Request& request, Responder respond) {
        Spawn([&request, respond = std::move(respond)] {
            std::this_thread::sleep_for(100ms);
            // The request must still be alive here, long after the handler returned.
            respond(Response::Json(201, {{"hall", request.PathParam("hall")}, {"body", request.body}}));
        });
    });
    Start();
    TestClient client(port_);
    auto response = client.Request("POST", "/halls/mpp-1/tickets", "KTP");
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.Json()["hall"], "mpp-1");
    EXPECT_EQ(response.Json()["body"], "KTP");
    EXPECT_EQ(client.Request("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, AResponseMadeLaterIsMadeOnTheConnectionsThreadNotTheRespondersAndAThrowIs500) {
    std::promise<std::thread::id> made_on;
    auto made_future = made_on.get_future();
    std::thread::id responder_thread;
    router_.Add("GET", "/later", "public", [&](const Request&, Responder respond) {
        std::thread([&, respond = std::move(respond)] {
            responder_thread = std::this_thread::get_id();
            respond(Response::Later([&made_on] {
                made_on.set_value(std::this_thread::get_id());
                return Response::Json(201, {{"made", "later"}});
            }));
        }).join();
    });
    router_.Add("GET", "/later-throws", "public", [](const Request&, const Responder& respond) {
        respond(Response::Later([]() -> Response { throw std::runtime_error("render failed"); }));
    });
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/later");
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.Json(), nlohmann::json({{"made", "later"}}));
    EXPECT_NE(made_future.get(), responder_thread);
    auto failed = client.Request("GET", "/later-throws");
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(ErrorOf(failed)["code"], "internal_error");
}

TEST_F(ServerTest, ManyConcurrentAsyncAnswersReachTheirOwnConnections) {
    router_.Add("GET", "/echo/{n}", "public", [this](const Request& request, Responder respond) {
        Spawn([n = std::string(request.PathParam("n")), respond = std::move(respond)] {
            respond(Response::Text(200, n, "text/plain"));
        });
    });
    Start();
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<TestClient>(port_));
    }
    for (int round = 0; round < 5; ++round) {
        for (std::size_t i = 0; i < clients.size(); ++i) {
            clients[i]->SendRequest("GET", "/echo/" + std::to_string(round * 100 + static_cast<int>(i)));
        }
        for (std::size_t i = 0; i < clients.size(); ++i) {
            EXPECT_EQ(clients[i]->ReadResponse().body, std::to_string(round * 100 + static_cast<int>(i)));
        }
    }
}

TEST_F(ServerTest, ThrowingHandlerAnswers500JsonAndTheServerKeepsServing) {
    router_.Add("GET", "/boom", "public",
                [](const Request&, Responder) -> void { throw std::runtime_error("secret detail 3174000000000001"); });
    Start();
    TestClient client(port_);
    auto response = client.Request("GET", "/boom");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(ErrorOf(response)["code"], "internal");
    EXPECT_EQ(response.body.find("3174000000000001"), std::string::npos);
    EXPECT_EQ(client.Request("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, StorageUnavailableAnswers503) {
    router_.Add("POST", "/tickets", "public",
                [](const Request&, Responder) -> void { throw core::StorageUnavailable("disk full"); });
    Start();
    TestClient client(port_);
    auto response = client.Request("POST", "/tickets", "{}");
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(ErrorOf(response)["code"], "storage_unavailable");
}

TEST_F(ServerTest, HandlerThatDropsItsResponderAnswers500) {
    router_.Add("GET", "/forgetful", "public", [](const Request&, Responder) {});
    router_.Add("GET", "/forgetful-later", "public", [this](const Request&, Responder respond) {
        Spawn([respond = std::move(respond)] { std::this_thread::sleep_for(50ms); });
    });
    Start();
    TestClient client(port_);
    auto now = client.Request("GET", "/forgetful");
    EXPECT_EQ(now.status, 500);
    EXPECT_EQ(ErrorOf(now)["code"], "no_response");
    auto later = client.Request("GET", "/forgetful-later");
    EXPECT_EQ(later.status, 500);
    EXPECT_EQ(ErrorOf(later)["code"], "no_response");
}

TEST_F(ServerTest, BeforeHandlerHookCanShortCircuitAndDefaultHeadersAreAdded) {
    router_.Add("GET", "/private", "hall:admin", [](const Request& request, Responder respond) {
        respond(Response::Json(200, {{"user", *request.Header("x-user")}}));
    });
    configure_ = [](Server& server) {
        server.SetBeforeHandler([](Request& request, const Route& route) -> std::optional<Response> {
            if (route.permission != "public" && !request.Header("authorization")) {
                return Response::Error({core::ErrorKind::kUnauthenticated, "unauthenticated", "Sign in first."});
            }
            request.headers.emplace_back("x-user", "officer-1");
            return std::nullopt;
        });
        server.SetDefaultHeaders({{"X-Content-Type-Options", "nosniff"}});
    };
    Start();
    TestClient client(port_);
    auto refused = client.Request("GET", "/private");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(ErrorOf(refused)["code"], "unauthenticated");
    auto allowed = client.Request("GET", "/private", "", {{"Authorization", "Bearer x"}});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(allowed.Json()["user"], "officer-1");
    EXPECT_EQ(allowed.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(client.Request("GET", "/nowhere").Header("x-content-type-options"), "nosniff");
}

TEST_F(ServerTest, ReadyzFollowsTheReadinessCheck) {
    std::atomic<bool> ready{false};
    configure_ = [&ready](Server& server) { server.SetReadinessCheck([&ready] { return ready.load(); }); };
    Start();
    TestClient client(port_);
    auto not_ready = client.Request("GET", "/readyz");
    EXPECT_EQ(not_ready.status, 503);
    EXPECT_EQ(ErrorOf(not_ready)["code"], "not_ready");
    ready = true;
    auto now_ready = client.Request("GET", "/readyz");
    EXPECT_EQ(now_ready.status, 200);
    EXPECT_EQ(now_ready.Json()["status"], "ready");
    EXPECT_EQ(now_ready.Json()["warnings"], nlohmann::json::array());
}

TEST_F(ServerTest, ReadyzCarriesTheWarningsOfAReadyServer) {
    std::atomic<bool> warn{true};
    configure_ = [&warn](Server& server) {
        server.SetReadinessWarnings([&warn] {
            return warn.load() ? nlohmann::json::array({{{"code", "calendar_year_missing"}, {"message", "m"}}})
                               : nlohmann::json::array();
        });
    };
    Start();
    TestClient client(port_);
    auto warned = client.Request("GET", "/readyz");
    EXPECT_EQ(warned.status, 200);
    EXPECT_EQ(warned.Json()["warnings"][0]["code"], "calendar_year_missing");
    warn = false;
    EXPECT_EQ(client.Request("GET", "/readyz").Json()["warnings"], nlohmann::json::array());
}

constexpr std::array<core::EmbeddedFile, 3> kFiles = {{
    {"app.js", "console.log('layan');"},
    {"index.html", "<!doctype html><title>layan</title>"},
    {"../secret.txt", "must never be served"},
}};

TEST_F(ServerTest, StaticFilesCarryEtagsAnswer304AndRefuseTraversal) {
    static const StaticFiles files(kFiles);
    router_.Add("GET", "/assets/{path...}", "public", [](const Request& request, Responder respond) {
        auto response = files.Serve(request, request.PathParam("path"));
        respond(response ? std::move(*response)
                         : Response::Error({core::ErrorKind::kNotFound, "not_found", "No such file."}));
    });
    Start();
    TestClient client(port_);
    auto js = client.Request("GET", "/assets/app.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log('layan');");
    EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.Header("cache-control"), "public, max-age=3600");
    ASSERT_TRUE(js.Header("etag"));
    auto cached = client.Request("GET", "/assets/app.js", "", {{"If-None-Match", *js.Header("etag")}});
    EXPECT_EQ(cached.status, 304);
    EXPECT_TRUE(cached.body.empty());
    EXPECT_EQ(cached.Header("etag"), js.Header("etag"));
    auto page = client.Request("GET", "/assets/");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.Header("cache-control"), "no-cache");
    EXPECT_EQ(client.Request("GET", "/assets/%2e%2e/secret.txt").status, 404);
    EXPECT_EQ(client.Request("GET", "/assets/..%2fsecret.txt").status, 404);
}

TEST_F(ServerTest, SseDeliversEventsAndReplaysAfterLastEventId) {
    router_.Add("GET", "/events/{hall}", "public", [](const Request& request, Responder respond) {
        respond(Response::EventStream("hall:" + std::string(request.PathParam("hall"))));
    });
    Start();
    TestClient live(port_);
    live.SendRequest("GET", "/events/x");
    auto head = live.ReadHead();
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-type"), "text/event-stream");
    EXPECT_EQ(head.Header("cache-control"), "no-cache");
    EXPECT_EQ(head.Header("x-accel-buffering"), "no");
    EXPECT_FALSE(head.Header("content-length"));
    live.ReadUntil("retry: 2000\n\n");
    ASSERT_TRUE(WaitFor([&] { return hub_.SubscriberCount() == 1; }));
    EXPECT_EQ(metrics_.SseSubscribers(), 1);

    hub_.Publish("hall:x", "called", R"({"ticket":"A001"})");
    hub_.Publish("hall:y", "called", "not for hall x");
    hub_.Publish("hall:x", "called", "line1\nline2");
    auto text = live.ReadUntil("data: line2\n\n");
    EXPECT_NE(text.find("id: 1\nevent: called\ndata: {\"ticket\":\"A001\"}\n\n"), std::string::npos) << text;
    EXPECT_NE(text.find("id: 2\nevent: called\ndata: line1\ndata: line2\n\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("not for hall x"), std::string::npos);

    TestClient resumed(port_);
    resumed.SendRequest("GET", "/events/x", "", {{"Last-Event-ID", "1"}});
    EXPECT_EQ(resumed.ReadHead().status, 200);
    auto replayed = resumed.ReadUntil("data: line2\n\n");
    EXPECT_EQ(replayed.find("A001"), std::string::npos) << replayed;

    TestClient by_query(port_);
    by_query.SendRequest("GET", "/events/x?last_event_id=0");
    EXPECT_EQ(by_query.ReadHead().status, 200);
    auto all = by_query.ReadUntil("data: line2\n\n");
    EXPECT_NE(all.find("A001"), std::string::npos) << all;
}

TEST_F(ServerTest, SseSendsHeartbeatsOnAnIdleStream) {
    router_.Add("GET", "/events", "public",
                [](const Request&, Responder respond) { respond(Response::EventStream("quiet")); });
    auto options = Options();
    options.sse_heartbeat = 100ms;
    Start(options);
    TestClient client(port_);
    client.SendRequest("GET", "/events");
    EXPECT_EQ(client.ReadHead().status, 200);
    EXPECT_NE(client.ReadUntil(": heartbeat\n\n").find(": heartbeat"), std::string::npos);
}

TEST_F(ServerTest, SseClientThatFallsBehindIsDropped) {
    router_.Add("GET", "/events", "public",
                [](const Request&, Responder respond) { respond(Response::EventStream("busy")); });
    auto options = Options();
    options.sse_queue_limit = 4;
    Start(options);
    TestClient client(port_);
    client.SendRequest("GET", "/events");
    ASSERT_TRUE(WaitFor([&] { return hub_.SubscriberCount() == 1; }));
    // The client never reads: socket buffers fill, then the bounded queue, and the server gives up on it
    // while Publish never blocks (were it to wait for the client, this loop would never end).
    std::string big(64 * 1024, 'x');
    std::uint64_t published = 0;
    for (int i = 0; i < 2000 && hub_.SubscriberCount() > 0; ++i) {
        published = hub_.Publish("busy", "", big);
    }
    EXPECT_GT(published, 4U) << "the client was dropped before its queue could overflow";
    EXPECT_TRUE(WaitFor([&] { return hub_.SubscriberCount() == 0; }));
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
    router_.Add("GET", "/api/v1/halls/{hall}/tickets", "public",
                [](const Request&, Responder respond) { respond(Response::Json(200, nlohmann::json::array())); });
    Start();
    TestClient client(port_);
    client.Request("GET", "/api/v1/halls/a/tickets");
    client.Request("GET", "/api/v1/halls/b/tickets");
    client.Request("GET", "/missing");
    auto response = client.Request("GET", "/metrics");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const auto& text = response.body;
    EXPECT_NE(
        text.find(R"(layan_http_requests_total{route="/api/v1/halls/{hall}/tickets",method="GET",status="2xx"} 2)"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(layan_http_requests_total{route="unmatched",method="GET",status="4xx"} 1)"),
              std::string::npos)
        << text;
    EXPECT_NE(
        text.find(R"(layan_http_request_duration_seconds_count{route="/api/v1/halls/{hall}/tickets",method="GET"} 2)"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("layan_http_open_connections 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("layan_http_sse_subscribers 0\n"), std::string::npos) << text;
}

TEST_F(ServerTest, AccessLogHasOneLinePerRequestWithoutQueryOrBody) {
    router_.Add("POST", "/api/v1/citizens/{id}", "public",
                [](const Request&, Responder respond) { respond(Response::NoContent()); });
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(32);
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    spdlog::set_level(spdlog::level::info);
    Start();
    TestClient client(port_);
    auto response = client.Request("POST", "/api/v1/citizens/42?nik=3174000000000001", R"({"nik":"3174000000000002"})");
    ASSERT_EQ(response.status, 204);
    auto access_lines = [&] {
        std::vector<std::string> lines;
        for (auto& line : sink->last_formatted()) {
            if (line.find("access ") != std::string::npos) {
                lines.push_back(line);
            }
        }
        return lines;
    };
    ASSERT_TRUE(WaitFor([&] { return access_lines().size() == 1; }));
    auto line = access_lines().front();
    spdlog::set_default_logger(previous);
    EXPECT_NE(line.find("method=POST"), std::string::npos) << line;
    EXPECT_NE(line.find("path=/api/v1/citizens/42 "), std::string::npos) << line;
    EXPECT_NE(line.find("route=/api/v1/citizens/{id}"), std::string::npos) << line;
    EXPECT_NE(line.find("status=204"), std::string::npos) << line;
    EXPECT_NE(line.find("latency_us="), std::string::npos) << line;
    EXPECT_NE(line.find("request_id=" + *response.Header("x-request-id")), std::string::npos) << line;
    EXPECT_NE(line.find("remote=127.0.0.1"), std::string::npos) << line;
    EXPECT_EQ(line.find("3174000000000001"), std::string::npos) << line;
    EXPECT_EQ(line.find("3174000000000002"), std::string::npos) << line;
}

TEST_F(ServerTest, GracefulStopLetsAnInFlightRequestFinish) {
    std::promise<void> started;
    std::promise<void> finish;
    auto finished = finish.get_future().share();
    router_.Add("GET", "/slow", "public", [this, &started, finished](const Request&, Responder respond) {
        started.set_value();
        Spawn([respond = std::move(respond), finished] {
            finished.wait();
            respond(Response::Json(200, {{"done", true}}));
        });
    });
    auto options = Options();
    // Longer than any wait below, shorter than the test's timeout: only the request's end stops the server in time.
    options.shutdown_grace = 45s;
    Start(options);
    TestClient client(port_);
    client.SendRequest("GET", "/slow");
    ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
    server_->Stop();
    EXPECT_FALSE(run_returned_) << "Stop did not wait for the request in flight";
    finish.set_value();
    auto response = client.ReadResponse();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Json()["done"], true);
    EXPECT_EQ(response.Header("connection"), "close");
    // Run returns once the last request is answered, not when the grace runs out.
    ASSERT_TRUE(WaitFor([&] { return run_returned_.load(); }, 20s)) << "Stop waited for the grace";
    run_thread_.join();
    EXPECT_THROW(TestClient{port_}, std::runtime_error);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndSseStreamsAtOnce) {
    router_.Add("GET", "/events", "public",
                [](const Request&, Responder respond) { respond(Response::EventStream("board")); });
    auto options = Options();
    // Longer than any wait below (shorter than the test's timeout): closing in time shows nothing waited for it.
    options.shutdown_grace = 45s;
    Start(options);
    TestClient idle(port_);
    EXPECT_EQ(idle.Request("GET", "/healthz").status, 200);
    TestClient stream(port_);
    stream.SendRequest("GET", "/events");
    stream.ReadUntil("retry: 2000");
    ASSERT_TRUE(WaitFor([&] { return hub_.SubscriberCount() == 1; }));
    server_->Stop();
    EXPECT_TRUE(idle.WaitForClose(10s));
    EXPECT_TRUE(stream.WaitForClose(10s));
    ASSERT_TRUE(WaitFor([&] { return run_returned_.load(); }, 10s)) << "Stop waited for the grace";
    run_thread_.join();
    EXPECT_EQ(hub_.SubscriberCount(), 0u);
}

TEST_F(ServerTest, StopGivesUpOnAStuckRequestAfterTheGraceAndALateAnswerIsHarmless) {
    std::promise<void> started;
    std::mutex held_mutex;
    Responder held;
    router_.Add("GET", "/stuck", "public", [&](const Request&, Responder respond) {
        std::lock_guard lock(held_mutex);
        held = std::move(respond);
        started.set_value();
    });
    auto options = Options();
    options.shutdown_grace = 1s;
    Start(options);
    TestClient client(port_);
    client.SendRequest("GET", "/stuck");
    ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
    auto stop_time = std::chrono::steady_clock::now();
    server_->Stop();
    // Gives up: Run returns although the request never answers...
    ASSERT_TRUE(WaitFor([&] { return run_returned_.load(); }, 30s)) << "Stop never gave up on the stuck request";
    run_thread_.join();
    // ...but not before the grace: a lower bound that a monotonic clock and a timer that never fires early
    // cannot undercut, however loaded the machine (no upper bound: that would measure the machine).
    EXPECT_GE(std::chrono::steady_clock::now() - stop_time, options.shutdown_grace);
    EXPECT_TRUE(client.WaitForClose(1s));
    server_.reset();
    std::lock_guard lock(held_mutex);
    held(Response::NoContent());  // After the server is gone: dropped, no crash (ASan would tell).
}

TEST_F(ServerTest, ListeningOnAPortInUseFailsWithAClearMessage) {
    Start();
    auto options = Options();
    options.port = port_;
    Server second(options, router_, hub_, metrics_);
    try {
        second.Listen();
        FAIL() << "Listen on a busy port succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "port " + std::to_string(port_) + " on 127.0.0.1 is already in use");
    }
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitGet503Json) {
    auto options = Options();
    options.max_connections = 2;
    Start(options);
    auto first = std::make_unique<TestClient>(port_);
    TestClient second(port_);
    EXPECT_EQ(first->Request("GET", "/healthz").status, 200);
    EXPECT_EQ(second.Request("GET", "/healthz").status, 200);
    TestClient third(port_);
    auto refused = third.Request("GET", "/healthz");
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(ErrorOf(refused)["code"], "over_capacity");
    EXPECT_EQ(refused.Header("connection"), "close");
    first.reset();
    ASSERT_TRUE(WaitFor([&] { return metrics_.OpenConnections() == 1; }));
    TestClient fourth(port_);
    EXPECT_EQ(fourth.Request("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
    auto options = Options();
    options.idle_timeout = 1s;
    Start(options);
    TestClient client(port_);
    EXPECT_EQ(client.Request("GET", "/healthz").status, 200);
    EXPECT_FALSE(client.WaitForClose(500ms));
    EXPECT_TRUE(client.WaitForClose(3s));
}

TEST_F(ServerTest, SlowRequestAnswers408AfterTheRequestTimeout) {
    auto options = Options();
    options.request_timeout = 1s;
    Start(options);
    TestClient client(port_);
    client.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // The head never ends.
    auto response = client.ReadResponse();
    EXPECT_EQ(response.status, 408);
    EXPECT_EQ(ErrorOf(response)["code"], "request_timeout");
}

}  // namespace
}  // namespace layan::http
