#include "layan/http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace layan::http {
namespace {

Handler Named(std::string name) {
    return [name = std::move(name)](const Request&, Responder respond) {
        respond(Response::Text(200, name, "text/plain"));
    };
}

/// The body the matched route's handler answers with: which route won.
std::string Winner(const Router& router, std::string_view method, std::string_view path) {
    auto match = router.Find(method, path);
    if (match.route == nullptr) {
        return "";
    }
    std::string body;
    match.route->handler(Request{}, [&body](Response response) { body = response.body; });
    return body;
}

TEST(Router, CapturesPathParameters) {
    Router router;
    router.Add("GET", "/api/v1/halls/{hall}/tickets/{number}", "public", Named("ticket"));
    auto match = router.Find("GET", "/api/v1/halls/mpp-mojokerto/tickets/A001");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/api/v1/halls/{hall}/tickets/{number}");
    EXPECT_EQ(match.params, (std::map<std::string, std::string>{{"hall", "mpp-mojokerto"}, {"number", "A001"}}));
}

TEST(Router, ParameterNeverMatchesAnEmptySegmentOrExtraSegments) {
    Router router;
    router.Add("GET", "/halls/{hall}", "public", Named("hall"));
    EXPECT_EQ(router.Find("GET", "/halls/").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/halls/a/b").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/halls").route, nullptr);
    EXPECT_NE(router.Find("GET", "/halls/a").route, nullptr);
}

TEST(Router, RestParameterCapturesTheRemainingPath) {
    Router router;
    router.Add("GET", "/assets/{path...}", "public", Named("asset"));
    auto match = router.Find("GET", "/assets/css/site.css");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.params.at("path"), "css/site.css");
    EXPECT_EQ(router.Find("GET", "/assets/").params.at("path"), "");
    EXPECT_EQ(router.Find("GET", "/assets").route, nullptr);
}

TEST(Router, LiteralBeatsParameterWhichBeatsRestWhateverTheOrder) {
    Router router;
    router.Add("GET", "/{path...}", "public", Named("rest"));
    router.Add("GET", "/halls/{hall}", "public", Named("param"));
    router.Add("GET", "/halls/summary", "public", Named("literal"));
    EXPECT_EQ(Winner(router, "GET", "/halls/summary"), "literal");
    EXPECT_EQ(Winner(router, "GET", "/halls/mpp-1"), "param");
    EXPECT_EQ(Winner(router, "GET", "/halls/mpp-1/x"), "rest");
    EXPECT_EQ(Winner(router, "GET", "/"), "rest");
}

TEST(Router, RootPatternMatchesOnlyTheRoot) {
    Router router;
    router.Add("GET", "/", "public", Named("root"));
    EXPECT_NE(router.Find("GET", "/").route, nullptr);
    EXPECT_EQ(router.Find("GET", "/x").route, nullptr);
    EXPECT_EQ(router.Find("GET", "").route, nullptr);
}

TEST(Router, UnknownPathHasNoRouteAndNoAllowedMethods) {
    Router router;
    router.Add("GET", "/a", "public", Named("a"));
    auto match = router.Find("GET", "/b");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_TRUE(match.allowed_methods.empty());
}

TEST(Router, KnownPathWithWrongMethodListsAllowedMethods) {
    Router router;
    router.Add("POST", "/halls/{hall}/tickets", "public", Named("post"));
    router.Add("GET", "/halls/{hall}/tickets", "public", Named("get"));
    router.Add("DELETE", "/halls/{hall}", "public", Named("other"));
    auto match = router.Find("PUT", "/halls/x/tickets");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
}

TEST(Router, HeadFallsBackToGetUnlessAHeadRouteExists) {
    Router router;
    router.Add("GET", "/a", "public", Named("get-a"));
    router.Add("GET", "/b", "public", Named("get-b"));
    router.Add("HEAD", "/b", "public", Named("head-b"));
    EXPECT_EQ(Winner(router, "HEAD", "/a"), "get-a");
    EXPECT_EQ(Winner(router, "HEAD", "/b"), "head-b");
    EXPECT_EQ(router.Find("POST", "/a").route, nullptr);
}

TEST(Router, RejectsMalformedPatternsMissingPermissionsAndDuplicates) {
    Router router;
    EXPECT_THROW(router.Add("GET", "halls", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/halls/{hall", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/halls/x{hall}", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/{path...}/x", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/{a}/{a}", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/{}", "public", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/halls", "", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add("GET", "/halls", "public", Handler{}), std::invalid_argument);
    router.Add("GET", "/halls/{hall}", "public", Named("x"));
    EXPECT_THROW(router.Add("GET", "/halls/{id}", "public", Named("y")), std::invalid_argument);
    EXPECT_NO_THROW(router.Add("POST", "/halls/{id}", "public", Named("y")));
    EXPECT_EQ(router.Routes().size(), 2u);
}

TEST(Router, KeepsRoutesInRegistrationOrderWithTheirPermissions) {
    Router router;
    router.Add("GET", "/b", "public", Named("b"));
    router.Add("POST", "/a", "hall:admin", Named("a"));
    ASSERT_EQ(router.Routes().size(), 2u);
    EXPECT_EQ(router.Routes()[0].pattern, "/b");
    EXPECT_EQ(router.Routes()[1].permission, "hall:admin");
}

}  // namespace
}  // namespace layan::http
