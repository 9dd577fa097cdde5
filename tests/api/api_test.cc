// Each API handler with a real engine but without a network: the request goes straight to the handler the
// router picks, as the server would call it after the guard, and the response is read as the client would.

#include <future>
#include <map>
#include <string>
#include <thread>

#include <gmock/gmock.h>

#include "../engine/engine_fixture.h"
#include "layan/api/api.h"
#include "layan/api/queue_snapshots.h"
#include "layan/api/views.h"
#include "layan/auth/guard.h"
#include "layan/http/router.h"

namespace layan::api {
namespace {

using engine::test::kHall;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class ApiTest : public engine::test::EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        context_ = std::make_unique<ApiContext>(
            ApiContext{.engine = *engine_, .hub = hub_, .voice = nullptr, .public_url = "https://mpp.example"});
        RegisterRoutes(router_, *context_);
        PublishHallEvents(*context_);
    }
    void TearDown() override {
        engine_->Shutdown();
        EngineTest::TearDown();
    }

    /// Calls the handler of `method path` with `body` as `caller` (the guard's verdict) and waits for its answer.
    http::Response Call(const std::string& method, const std::string& path, const std::string& body = "",
                        const domain::access::Principal& caller = {},
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
        // "path?name=value&...": the query as the server parses it (plain values only in these tests).
        const auto question = path.find('?');
        const std::string route_path = path.substr(0, question);
        std::map<std::string, std::string> query;
        for (std::size_t at = question; at != std::string::npos && at + 1 < path.size();) {
            const auto end = path.find('&', at + 1);
            const auto pair = path.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
            const auto equals = pair.find('=');
            query[pair.substr(0, equals)] = equals == std::string::npos ? "" : pair.substr(equals + 1);
            at = end;
        }
        auto match = router_.Find(method, route_path);
        if (match.route == nullptr) {
            ADD_FAILURE() << "no route for " << method << " " << path;
            return http::Response::NoContent();
        }
        http::Request request;
        request.method = method;
        request.path = route_path;
        request.target = path;
        request.query = std::move(query);
        request.body = body;
        request.headers = std::move(headers);
        request.path_params = match.params;
        request.route = match.route->pattern;
        request.remote_address = "10.0.0.7";
        request.context = auth::RequestAuth{.caller = caller, .client = {.ip = "10.0.0.7", .https = true}};
        std::promise<http::Response> answered;
        auto future = answered.get_future();
        match.route->handler(request,
                             [&answered](http::Response response) { answered.set_value(std::move(response)); });
        auto response = future.get();
        // A response made later is made on the connection's thread just before it is written: here, now.
        return response.make ? response.make() : response;
    }

    static json Json(const http::Response& response) { return json::parse(response.body); }
    static std::string Code(const http::Response& response) { return Json(response)["error"]["code"]; }

    static domain::access::Principal Admin() { return EngineTest::Admin().principal; }

    http::Router router_;
    http::SseHub hub_;
    std::unique_ptr<ApiContext> context_;
};

const std::string kTickets = "/api/v1/halls/mpp-mojokerto/tickets";

TEST_F(ApiTest, BodiesTheJsonLibraryRefusesOrCannotRepresentAre400AndNotEchoed) {
    for (const char* body :
         {R"({"service":"KTP","priority":1e999999})", R"({"service":)", "\xff\xfe", R"({"service":"KTP"} trailing)"}) {
        auto response = Call("POST", kTickets, body);
        EXPECT_EQ(response.status, 400) << body;
        EXPECT_EQ(Code(response), "malformed_json") << body;
    }
    auto array = Call("POST", kTickets, "[1]");
    EXPECT_EQ(array.status, 422);
    EXPECT_EQ(Code(array), "invalid_body");
}

TEST_F(ApiTest, FieldErrorsNameTheFieldWithoutEchoingHostileText) {
    const std::string hostile = "<script>alert(1)</script>";
    auto missing = Call("POST", kTickets, "{}");
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(Json(missing)["error"]["details"]["field"], "service");

    auto priority = Call("POST", kTickets, json{{"service", "KTP"}, {"priority", hostile}}.dump());
    EXPECT_EQ(priority.status, 422);
    EXPECT_EQ(Code(priority), "unknown_priority");
    EXPECT_THAT(priority.body, Not(HasSubstr("<script>")));

    auto nik = Call("POST", kTickets, json{{"service", "KTP"}, {"nik", hostile}}.dump());
    EXPECT_EQ(nik.status, 422);
    EXPECT_THAT(nik.body, Not(HasSubstr("<script>")));

    auto phone = Call("POST", kTickets, json{{"service", "KTP"}, {"phone", "081234567890"}}.dump());
    EXPECT_EQ(phone.status, 422);
    EXPECT_EQ(Code(phone), "consent_required");

    auto service = Call("POST", kTickets, json{{"service", hostile}}.dump());
    EXPECT_EQ(service.status, 404);
    EXPECT_EQ(Code(service), "service_not_offered");
}

TEST_F(ApiTest, IssueRendersTheTicketAsIssuedWithItsPlaceWaitAndMaskedContact) {
    auto response =
        Call("POST", kTickets,
             json{{"service", "KTP"}, {"nik", "3516014101900012"}, {"phone", "081234567890"}, {"phone_consent", true}}
                 .dump());
    ASSERT_EQ(response.status, 201) << response.body;
    auto ticket = Json(response);
    EXPECT_EQ(ticket["id"], "20261130-A-001");
    EXPECT_EQ(ticket["number"], "A-001");
    EXPECT_EQ(ticket["status"], "waiting");
    EXPECT_EQ(ticket["position"], 1);
    EXPECT_TRUE(ticket["predicted_wait"].is_object());
    // The status link carries the ticket's survey key, which only this answer gives.
    ASSERT_TRUE(ticket["survey_key"].is_string());
    EXPECT_EQ(ticket["status_url"],
              "https://mpp.example/t/mpp-mojokerto/20261130-A-001?k=" + ticket["survey_key"].get<std::string>());
    EXPECT_EQ(ticket["contact"]["nik"], "3516**********12");
    EXPECT_THAT(response.body, Not(HasSubstr("3516014101900012")));

    auto read = Call("GET", kTickets + "/20261130-A-001");
    EXPECT_EQ(read.status, 200);
    EXPECT_EQ(Json(read)["position"], 1);
    EXPECT_FALSE(Json(read).contains("contact")) << "the contact is shown once, to who gave it";
    EXPECT_FALSE(Json(read).contains("survey_key")) << "so is the survey key";
    EXPECT_EQ(Json(read)["status_url"], "https://mpp.example/t/mpp-mojokerto/20261130-A-001");
}

TEST_F(ApiTest, CountersAndCallsRenderAfterTheCommand) {
    const std::string counter = "/api/v1/halls/mpp-mojokerto/counters/L03";
    auto opened =
        Call("POST", counter + "/open", json{{"officer", "siti.rahmawati"}, {"services", {"KTP"}}}.dump(), Admin());
    ASSERT_EQ(opened.status, 200) << opened.body;
    EXPECT_EQ(Json(opened)["status"], "open");
    EXPECT_EQ(Json(opened)["officer"]["id"], "siti.rahmawati");

    auto nobody = Call("POST", counter + "/call-next", "", Admin());
    EXPECT_EQ(nobody.status, 204);

    ASSERT_EQ(Call("POST", kTickets, R"({"service":"KTP"})").status, 201);
    auto called = Call("POST", counter + "/call-next", "", Admin());
    ASSERT_EQ(called.status, 200) << called.body;
    EXPECT_EQ(Json(called)["status"], "called");
    EXPECT_EQ(Json(called)["counter"]["name"], "Loket 3");
    EXPECT_EQ(Json(called)["position"], nullptr);

    auto started = Call("POST", kTickets + "/20261130-A-001/start", "", Admin());
    ASSERT_EQ(started.status, 200);
    EXPECT_EQ(Json(started)["status"], "serving");

    auto transfer = Call("POST", kTickets + "/20261130-A-001/transfer", "{}", Admin());
    EXPECT_EQ(transfer.status, 422);
    EXPECT_EQ(Json(transfer)["error"]["details"]["field"], "service");
}

TEST_F(ApiTest, TheNextListIsTheOrderCallNextFollowsAndRefusalsCarryWhatPagesSay) {
    const std::string counter = "/api/v1/halls/mpp-mojokerto/counters/L03";
    auto closed = Call("GET", counter + "/next");
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_TRUE(Json(closed)["next"].empty()) << "a closed counter calls nobody";
    EXPECT_EQ(Code(Call("GET", "/api/v1/halls/mpp-mojokerto/counters/L99/next")), "counter_not_found");
    EXPECT_EQ(Code(Call("GET", counter + "/next?limit=0")), "invalid_field");

    ASSERT_EQ(
        Call("POST", counter + "/open", json{{"officer", "siti.rahmawati"}, {"services", {"KTP"}}}.dump(), Admin())
            .status,
        200);
    ASSERT_EQ(Call("POST", kTickets, R"({"service":"KTP"})").status, 201);
    ASSERT_EQ(Call("POST", kTickets, R"({"service":"KTP"})").status, 201);
    ASSERT_EQ(Call("POST", kTickets, R"({"service":"KTP","priority":"elderly"})", Admin()).status, 201);
    auto next = Json(Call("GET", counter + "/next?limit=2"));
    ASSERT_EQ(next["next"].size(), 2U);
    EXPECT_EQ(next["next"][0]["number"], "A-003") << "the elderly citizen first";
    EXPECT_EQ(next["next"][1]["number"], "A-001");
    auto called = Json(Call("POST", counter + "/call-next", "", Admin()));
    EXPECT_EQ(called["id"], next["next"][0]["id"]) << "call-next calls the first of the list";

    auto rules = Json(Call("GET", "/api/v1/halls/mpp-mojokerto"))["rules"];
    EXPECT_EQ(rules["max_calls"], 3);
    EXPECT_EQ(rules["min_recall_gap_s"], 60);
    EXPECT_EQ(rules["routing_policy"], "balanced");

    auto busy = Call("POST", counter + "/call-next", "", Admin());
    EXPECT_EQ(Code(busy), "counter_busy");
    EXPECT_EQ(Json(busy)["error"]["details"]["ticket"], "A-003");
    EXPECT_EQ(Json(busy)["error"]["details"]["counter"], "Loket 3");
    auto recall = Call("POST", kTickets + "/20261130-A-003/recall", "", Admin());
    EXPECT_EQ(Code(recall), "recall_too_soon");
    EXPECT_EQ(Json(recall)["error"]["details"]["ticket"], "A-003");
    EXPECT_GT(Json(recall)["error"]["details"]["retry_after_seconds"], 0);
}

TEST_F(ApiTest, TheQueueSnapshotIsRenderedOncePerChangeAndAnswers304ToItsEtag) {
    auto first = Call("GET", "/api/v1/halls/mpp-mojokerto/queue");
    ASSERT_EQ(first.status, 200);
    auto etag =
        std::find_if(first.headers.begin(), first.headers.end(), [](const auto& h) { return h.first == "ETag"; });
    ASSERT_NE(etag, first.headers.end());
    const auto renders = context_->snapshots->renders();

    auto again = Call("GET", "/api/v1/halls/mpp-mojokerto/queue");
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(context_->snapshots->renders(), renders) << "no change: the same rendering is reused";

    auto revalidated = Call("GET", "/api/v1/halls/mpp-mojokerto/queue", "", {}, {{"if-none-match", etag->second}});
    EXPECT_EQ(revalidated.status, 304);
    EXPECT_TRUE(revalidated.body.empty());

    ASSERT_EQ(Call("POST", kTickets, R"({"service":"KTP"})").status, 201);
    auto changed = Call("GET", "/api/v1/halls/mpp-mojokerto/queue", "", {}, {{"if-none-match", etag->second}});
    EXPECT_EQ(changed.status, 200) << "a change makes a new snapshot";
    EXPECT_EQ(Json(changed)["services"][0]["waiting"], 1);
    EXPECT_EQ(context_->snapshots->renders(), renders + 1);
}

TEST_F(ApiTest, ASnapshotOlderThanItsMaxAgeIsRenderedAgainWithANewEtag) {
    // Waits and predictions move on without a change of the hall: an old snapshot is not served for ever.
    QueueSnapshots snapshots(engine_->halls, "https://mpp.example", std::chrono::milliseconds{0});
    auto first = snapshots.Get(kHall);
    auto second = snapshots.Get(kHall);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(snapshots.renders(), 2U);
    EXPECT_NE((*first)->etag, (*second)->etag);
    auto unknown = snapshots.Get("nowhere");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "hall_not_found");
}

TEST_F(ApiTest, UnknownHallsAnswer404Everywhere) {
    for (const auto& [method, path] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/halls/nowhere"},
                                                          {"GET", "/api/v1/halls/nowhere/queue"},
                                                          {"GET", "/api/v1/halls/nowhere/events"},
                                                          {"POST", "/api/v1/halls/nowhere/tickets"}}) {
        auto response = Call(method, path, method == "POST" ? R"({"service":"KTP"})" : "");
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_EQ(Code(response), "hall_not_found") << path;
    }
}

TEST_F(ApiTest, ExportRendersEverythingButTheOfficersAddresses) {
    ASSERT_EQ(Call("POST", kTickets, json{{"service", "KTP"}, {"nik", "3516014101900012"}}.dump()).status, 201);
    auto admin = Admin();
    auto exported = Call("POST", "/api/v1/tenants/kota-mojokerto/personal-data/export",
                         json{{"nik", "3516014101900012"}}.dump(), admin);
    ASSERT_EQ(exported.status, 200) << exported.body;
    auto body = Json(exported);
    ASSERT_EQ(body["citizens"].size(), 1U);
    EXPECT_EQ(body["citizens"][0]["data"][0]["value"], "3516014101900012");
    ASSERT_EQ(body["citizens"][0]["ticket"]["events"].size(), 1U);
    EXPECT_THAT(body["citizens"][0]["ticket"]["events"].dump(), Not(HasSubstr("10.0.0.7")))
        << "the metadata of ticket events (who served, from where) stays out";
}

TEST_F(ApiTest, AStudyIsAcceptedThenReadUntilItEndsAndBadRequestsNameTheirField) {
    const std::string studies = "/api/v1/halls/mpp-mojokerto/studies";
    auto bad_date = Call("POST", studies, json{{"from", "30/11/2026"}, {"to", "2026-11-30"}}.dump(), Admin());
    EXPECT_EQ(bad_date.status, 422);
    EXPECT_EQ(Json(bad_date)["error"]["details"]["field"], "from");
    auto bad_kind =
        Call("POST", studies, json{{"study", "sjf"}, {"from", "2026-11-30"}, {"to", "2026-11-30"}}.dump(), Admin());
    EXPECT_EQ(Json(bad_kind)["error"]["details"]["field"], "study");
    auto bad_target = Call(
        "POST", studies,
        json{{"study", "staffing"}, {"from", "2026-11-30"}, {"to", "2026-11-30"}, {"target", "soon"}}.dump(), Admin());
    EXPECT_EQ(Json(bad_target)["error"]["details"]["field"], "target");
    auto bad_days =
        Call("POST", studies, json{{"from", "2026-11-30"}, {"to", "2026-11-30"}, {"days", 0}}.dump(), Admin());
    EXPECT_EQ(bad_days.status, 422);
    EXPECT_EQ(Json(bad_days)["error"]["details"]["field"], "days");
    auto backwards = Call("POST", studies, json{{"from", "2026-11-30"}, {"to", "2026-11-01"}}.dump(), Admin());
    EXPECT_EQ(Code(backwards), "invalid_range");

    // Nobody took a number on 2 November: accepted, then failed with the reason.
    auto accepted =
        Call("POST", studies, json{{"from", "2026-11-02"}, {"to", "2026-11-02"}, {"days", 2}}.dump(), Admin());
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    auto id = Json(accepted)["id"].get<std::string>();
    EXPECT_EQ(Json(accepted)["study"], "policies");
    json study;
    for (int i = 0; i < 300; ++i) {
        auto read = Call("GET", studies + "/" + id, "", Admin());
        ASSERT_EQ(read.status, 200);
        study = Json(read);
        if (study["status"] == "failed" || study["status"] == "done") {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    EXPECT_EQ(study["status"], "failed");
    EXPECT_EQ(study["error"]["code"], "no_history");
    EXPECT_TRUE(study["result"].is_null());

    auto unknown = Call("GET", studies + "/mpp-mojokerto-404", "", Admin());
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(Code(unknown), "study_not_found");
}

}  // namespace
}  // namespace layan::api
