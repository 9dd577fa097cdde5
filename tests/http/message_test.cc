#include "layan/http/message.h"

#include <gtest/gtest.h>

namespace layan::http {
namespace {

using core::ErrorKind;

TEST(Message, StatusOfMapsEveryErrorKind) {
    EXPECT_EQ(StatusOf(ErrorKind::kMalformed), 400);
    EXPECT_EQ(StatusOf(ErrorKind::kInvalid), 422);
    EXPECT_EQ(StatusOf(ErrorKind::kUnauthenticated), 401);
    EXPECT_EQ(StatusOf(ErrorKind::kForbidden), 403);
    EXPECT_EQ(StatusOf(ErrorKind::kNotFound), 404);
    EXPECT_EQ(StatusOf(ErrorKind::kMethodNotAllowed), 405);
    EXPECT_EQ(StatusOf(ErrorKind::kConflict), 409);
    EXPECT_EQ(StatusOf(ErrorKind::kTooLarge), 413);
    EXPECT_EQ(StatusOf(ErrorKind::kRateLimited), 429);
    EXPECT_EQ(StatusOf(ErrorKind::kUnavailable), 503);
    EXPECT_EQ(StatusOf(ErrorKind::kInternal), 500);
}

TEST(Message, ErrorResponseFollowsTheErrorContract) {
    auto response = Response::Error(
        {ErrorKind::kInvalid, "invalid_priority", "Priority is unknown.", nlohmann::json{{"field", "priority"}}});
    EXPECT_EQ(response.status, 422);
    EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(nlohmann::json::parse(response.body), (nlohmann::json{{"error",
                                                                     {{"code", "invalid_priority"},
                                                                      {"message", "Priority is unknown."},
                                                                      {"details", {{"field", "priority"}}}}}}));
    auto without_details = nlohmann::json::parse(Response::Error({ErrorKind::kConflict, "c", "m"}).body);
    EXPECT_FALSE(without_details["error"].contains("details"));
}

TEST(Message, ErrorNeverCarriesMarkupInItsMessageOrDetails) {
    // Errors often name what the caller sent; markup in it comes back inert, everywhere in the error.
    auto response = Response::Error(
        {ErrorKind::kNotFound, "service_not_offered", "Service <script>alert(1)</script> is not offered.",
         nlohmann::json{{"service", "<script>alert(1)</script>"}, {"also", {{"nested", {"<b>", 7}}}}}});
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.body.find('<'), std::string::npos) << response.body;
    EXPECT_EQ(response.body.find('>'), std::string::npos) << response.body;
    auto error = nlohmann::json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], "service_not_offered");
    EXPECT_EQ(error["message"], "Service \u2039script\u203aalert(1)\u2039/script\u203a is not offered.");
    EXPECT_EQ(error["details"], (nlohmann::json{{"service", "\u2039script\u203aalert(1)\u2039/script\u203a"},
                                                {"also", {{"nested", {"\u2039b\u203a", 7}}}}}));
}

TEST(Message, JsonNeverThrowsOnInvalidUtf8) {
    auto response = Response::Json(200, {{"name", std::string("caf\xe9")}});
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(nlohmann::json::accept(response.body));
}

TEST(Message, ParseJsonBodyReportsThePosition) {
    Request request;
    request.body = R"({"service": "KTP",})";
    auto result = ParseJsonBody(request);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::kMalformed);
    EXPECT_EQ(result.error().code, "malformed_json");
    EXPECT_NE(result.error().message.find("byte 19"), std::string::npos) << result.error().message;
    request.body = R"({"service": "KTP"})";
    ASSERT_TRUE(ParseJsonBody(request));
    EXPECT_EQ((*ParseJsonBody(request))["service"], "KTP");
    request.body.clear();
    EXPECT_EQ(ParseJsonBody(request).error().code, "malformed_json");
}

TEST(Message, ParseJsonBodyRefusesValuesTheLibraryCannotRepresentAs400) {
    Request request;
    for (const char* body : {R"({"service":"KTP","priority":1e999999})", R"([-1e400])"}) {
        request.body = body;
        auto result = ParseJsonBody(request);
        ASSERT_FALSE(result) << body;
        EXPECT_EQ(result.error().kind, ErrorKind::kMalformed) << body;
        EXPECT_EQ(result.error().code, "malformed_json") << body;
        EXPECT_EQ(StatusOf(result.error().kind), 400);
    }
}

TEST(Message, RequestLooksUpHeadersParamsAndQuery) {
    Request request;
    request.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
    request.path_params = {{"hall", "mpp-1"}};
    request.query = {{"status", "waiting"}};
    EXPECT_EQ(request.Header("x-a"), "1");
    EXPECT_FALSE(request.Header("x-b"));
    EXPECT_EQ(request.PathParam("hall"), "mpp-1");
    EXPECT_EQ(request.PathParam("other"), "");
    EXPECT_EQ(request.Query("status"), "waiting");
    EXPECT_FALSE(request.Query("x"));
}

TEST(Message, HelpersBuildTheirResponses) {
    EXPECT_EQ(Response::NoContent().status, 204);
    auto stream = Response::EventStream("hall:1");
    EXPECT_EQ(stream.sse_channel, "hall:1");
    auto text = Response::Text(201, "hi", "text/plain").WithHeader("Location", "/x");
    EXPECT_EQ(text.status, 201);
    EXPECT_EQ(text.headers.at(0), (std::pair<std::string, std::string>{"Location", "/x"}));
    EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
}

}  // namespace
}  // namespace layan::http
