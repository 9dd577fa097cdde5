// The one error contract of the API, sent over HTTP to a running server: every failure is
// {"error":{"code","message"}} with the right status, and changes nothing.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan_process.h"

namespace layan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ApiErrors : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new LayanProcess(LayanProcess::NewDemoDatabase()); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static void ExpectError(HttpResponse response, int status, const std::string& code) {
        EXPECT_EQ(response.status, status) << response.body;
        EXPECT_THAT(response.headers["content-type"], HasSubstr("application/json"));
        auto body = nlohmann::json::parse(response.body, nullptr, false);
        ASSERT_TRUE(body.is_object()) << response.body;
        ASSERT_TRUE(body.contains("error")) << response.body;
        EXPECT_EQ(body["error"]["code"], code) << response.body;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    }

    static int WaitingTickets() {
        int waiting = 0;
        auto queue = server_->Get("/api/v1/halls/mpp-mojokerto/queue").Json();
        for (const auto& s : queue["services"]) {
            waiting += s["waiting"].get<int>();
        }
        return waiting;
    }

    static inline LayanProcess* server_ = nullptr;
    const std::string tickets_ = "/api/v1/halls/mpp-mojokerto/tickets";
};

TEST_F(ApiErrors, MalformedJsonIs400AndIssuesNothing) {
    auto before = WaitingTickets();
    ExpectError(server_->Post(tickets_, R"({"service": "KTP",)"), 400, "malformed_json");
    EXPECT_EQ(WaitingTickets(), before);
}

TEST_F(ApiErrors, BodyThatIsNotAnObjectIs422) {
    ExpectError(server_->Post(tickets_, R"(["KTP"])"), 422, "invalid_body");
}

TEST_F(ApiErrors, WrongTypeIs422NamingTheField) {
    auto response = server_->Post(tickets_, R"({"service": 42})");
    ExpectError(response, 422, "invalid_field");
    EXPECT_EQ(response.Json()["error"]["details"]["field"], "service");
}

TEST_F(ApiErrors, MissingFieldIs422NamingTheField) {
    auto response = server_->Post(tickets_, R"({"priority": null})");
    ExpectError(response, 422, "invalid_field");
    EXPECT_EQ(response.Json()["error"]["details"]["field"], "service");
}

TEST_F(ApiErrors, UnknownPriorityIs422ListingTheGroups) {
    auto response = server_->Post(tickets_, R"({"service": "KTP", "priority": "vip"})");
    ExpectError(response, 422, "unknown_priority");
    EXPECT_THAT(response.Json()["error"]["message"].get<std::string>(), HasSubstr("elderly"));
}

TEST_F(ApiErrors, OversizeBodyIs413AndIssuesNothing) {
    auto before = WaitingTickets();
    std::string huge = R"({"service": "KTP", "note": ")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
    ExpectError(server_->Post(tickets_, huge), 413, "body_too_large");
    EXPECT_EQ(WaitingTickets(), before);
}

TEST_F(ApiErrors, OversizeHeadersAre431) {
    auto response = SendRequest(server_->port(), "GET", "/api/v1/halls", "", {{"X-Big", std::string(64 * 1024, 'a')}});
    ExpectError(response, 431, "header_too_large");
}

TEST_F(ApiErrors, UnknownRouteIs404) { ExpectError(server_->Get("/api/v1/nothing-here"), 404, "not_found"); }

TEST_F(ApiErrors, WrongMethodIs405WithAllow) {
    auto response = SendRequest(server_->port(), "DELETE", tickets_);
    ExpectError(response, 405, "method_not_allowed");
    EXPECT_THAT(response.headers["allow"], HasSubstr("POST"));
}

TEST_F(ApiErrors, UnknownHallServiceCounterAndTicketAre404) {
    ExpectError(server_->Post("/api/v1/halls/nowhere/tickets", R"({"service":"KTP"})"), 404, "hall_not_found");
    ExpectError(server_->Post(tickets_, R"({"service":"NOPE"})"), 404, "service_not_offered");
    // Counters are an officer's business: ask as one, so that the answer is about the counter.
    ExpectError(
        server_->Post("/api/v1/halls/mpp-mojokerto/counters/L99/call-next", "", server_->LoginAs("budi.santoso")), 404,
        "counter_not_found");
    ExpectError(server_->Get("/api/v1/halls/mpp-mojokerto/tickets/20261130-A-999"), 404, "ticket_not_found");
}

TEST_F(ApiErrors, ErrorsNeverEchoMarkupBack) {
    // Caller text that the error names, from the body and from the path: the error is still the right one,
    // but neither its message nor anything else in the body carries the markup back.
    const std::string script = "<script>alert(1)</script>";
    const std::string img = "<img src=x onerror=alert(1)>";
    const std::string img_in_path = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E";
    struct Case {
        HttpResponse response;
        int status;
        std::string code;
        std::string markup;
    };
    const std::vector<Case> cases = {
        {server_->Post(tickets_, nlohmann::json{{"service", script}}.dump()), 404, "service_not_offered", script},
        {server_->Post(tickets_, nlohmann::json{{"service", "KTP"}, {"priority", img}}.dump()), 422, "unknown_priority",
         img},
        {server_->Get(tickets_ + "/" + img_in_path), 404, "ticket_not_found", img},
        {server_->Post("/api/v1/halls/" + img_in_path + "/tickets", R"({"service":"KTP"})"), 404, "hall_not_found",
         img},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.code);
        ExpectError(c.response, c.status, c.code);
        EXPECT_THAT(c.response.headers.at("content-type"), Not(HasSubstr("html")));
        const auto message = c.response.Json()["error"]["message"].get<std::string>();
        EXPECT_THAT(message, Not(HasSubstr(c.markup)));
        EXPECT_THAT(message, Not(HasSubstr("<")));
        EXPECT_THAT(c.response.body, Not(HasSubstr(c.markup)));
        EXPECT_THAT(c.response.body, Not(HasSubstr("<")));
    }
}

TEST_F(ApiErrors, HealthAndMetricsAnswer) {
    EXPECT_EQ(server_->Get("/healthz").Json()["status"], "ok");
    EXPECT_EQ(server_->Get("/readyz").status, 200);
    server_->Get("/api/v1/halls");
    auto metrics = server_->Get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_THAT(metrics.body, HasSubstr("/api/v1/halls"));
}

}  // namespace
}  // namespace layan::testing
