#include "layan/http/wire.h"

#include <gtest/gtest.h>

namespace layan::http {
namespace {

TEST(Wire, ParseTargetDecodesPathAndQuery) {
    std::string path;
    std::map<std::string, std::string> query;
    ASSERT_TRUE(ParseTarget("/halls/mpp%20kota/tickets?status=wait+ing&x=%2F&x=2&flag&=skip", path, query));
    EXPECT_EQ(path, "/halls/mpp kota/tickets");
    EXPECT_EQ(query, (std::map<std::string, std::string>{{"status", "wait ing"}, {"x", "2"}, {"flag", ""}}));
    ASSERT_TRUE(ParseTarget("/a+b", path, query));
    EXPECT_EQ(path, "/a+b");  // '+' is a space only in the query.
    EXPECT_TRUE(query.empty());
}

TEST(Wire, ParseTargetRejectsBadPaths) {
    std::string path;
    std::map<std::string, std::string> query;
    EXPECT_FALSE(ParseTarget("halls", path, query));
    EXPECT_FALSE(ParseTarget("http://example/x", path, query));
    EXPECT_FALSE(ParseTarget("/a%2", path, query));
    EXPECT_FALSE(ParseTarget("/a%zz", path, query));
    EXPECT_FALSE(ParseTarget("/a%00b", path, query));
    EXPECT_TRUE(ParseTarget("/a?q=%zz", path, query));  // Lenient in the query.
    EXPECT_EQ(query.at("q"), "%zz");
}

TEST(Wire, TargetPathDropsTheQuery) {
    EXPECT_EQ(TargetPath("/a/b?nik=3174"), "/a/b");
    EXPECT_EQ(TargetPath("/a/b"), "/a/b");
}

TEST(Wire, ResponseHeadCarriesLengthRequestIdAndDefaults) {
    std::vector<std::pair<std::string, std::string>> defaults = {{"X-Frame-Options", "DENY"},
                                                                 {"Cache-Control", "no-store"}};
    auto response = Response::Json(201, {{"a", 1}});
    response.headers.emplace_back("Cache-Control", "private");
    HeadContext context;
    context.request_id = "abc";
    context.default_headers = &defaults;
    std::string out;
    AppendResponseHead(out, response, context);
    EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\n", 0), 0u) << out;
    EXPECT_NE(out.find("\r\nContent-Length: 7\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nContent-Type: application/json; charset=utf-8\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nX-Request-Id: abc\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nCache-Control: private\r\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("no-store"), std::string::npos) << out;  // The response overrides the default.
    EXPECT_NE(out.find("\r\nDate: "), std::string::npos) << out;
    EXPECT_EQ(out.find("Connection"), std::string::npos) << out;
    EXPECT_TRUE(out.ends_with("\r\n\r\n"));
}

TEST(Wire, ResponseHeadDropsHeadersThatCouldSplitTheResponse) {
    Response response = Response::Text(200, "x", "text/plain");
    response.headers = {
        {"X-Evil", "a\r\nSet-Cookie: s=1"}, {"X-Ok", "fine"}, {"Content-Length", "99"}, {"Bad Name", "x"}};
    std::string out;
    AppendResponseHead(out, response, HeadContext{});
    EXPECT_EQ(out.find("Set-Cookie"), std::string::npos) << out;
    EXPECT_EQ(out.find("99"), std::string::npos) << out;
    EXPECT_EQ(out.find("Bad Name"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nX-Ok: fine\r\n"), std::string::npos) << out;
}

TEST(Wire, ResponseHeadOmitsLengthWhereThereIsNoBody) {
    std::string out;
    HeadContext close;
    close.keep_alive = false;
    AppendResponseHead(out, Response::NoContent(), close);
    EXPECT_EQ(out.find("Content-Length"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nConnection: close\r\n"), std::string::npos) << out;

    out.clear();
    AppendResponseHead(out, Response::EventStream("c"), HeadContext{});
    EXPECT_EQ(out.find("Content-Length"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nContent-Type: text/event-stream\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nCache-Control: no-cache\r\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\nX-Accel-Buffering: no\r\n"), std::string::npos) << out;
}

TEST(Wire, ResponseHeadCarriesTheApplicationClockAndAHandlerCannotForgeIt) {
    auto response = Response::Json(200, {{"a", 1}});
    response.headers.emplace_back("Layan-Now", "1999-01-01T00:00:00.000Z");
    HeadContext context;
    context.now = "2026-11-30T02:00:00.000Z";
    std::string out;
    AppendResponseHead(out, response, context);
    EXPECT_NE(out.find("\r\nLayan-Now: 2026-11-30T02:00:00.000Z\r\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("1999"), std::string::npos) << out;

    out.clear();
    AppendResponseHead(out, Response::NoContent(), HeadContext{});
    EXPECT_EQ(out.find("Layan-Now"), std::string::npos) << out;
}

TEST(Wire, HttpDateHasTheImfFixdateShape) {
    auto date = HttpDate();
    ASSERT_EQ(date.size(), 29u) << date;
    EXPECT_EQ(date.substr(3, 2), ", ");
    EXPECT_EQ(date.substr(25), " GMT");
}

TEST(Wire, RequestIdsAreSixteenHexDigitsAndDiffer) {
    auto a = NewRequestId();
    auto b = NewRequestId();
    EXPECT_EQ(a.size(), 16u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace layan::http
