#include "layan/http/static_files.h"

#include <gtest/gtest.h>

#include <array>

namespace layan::http {
namespace {

constexpr std::array<core::EmbeddedFile, 5> kFiles = {{
    {"index.html", "<!doctype html>"},
    {"css/site.css", "body{}"},
    {"js/app.js", "export{}"},
    {"board/index.html", "<p>board</p>"},
    {"../etc/passwd", "root:x:0:0"},
}};

std::optional<std::string> HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

TEST(StaticFiles, ServesBytesWithContentTypeAndCacheControl) {
    StaticFiles files(kFiles);
    auto css = files.Serve(Request{}, "css/site.css");
    ASSERT_TRUE(css);
    EXPECT_EQ(css->status, 200);
    EXPECT_EQ(css->body, "body{}");
    EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
    EXPECT_EQ(HeaderOf(*css, "Cache-Control"), "public, max-age=3600");
    auto html = files.Serve(Request{}, "index.html");
    ASSERT_TRUE(html);
    EXPECT_EQ(html->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(*html, "Cache-Control"), "no-cache");
}

TEST(StaticFiles, EtagIsAStrongHashOfTheBytes) {
    StaticFiles files(kFiles);
    auto a = HeaderOf(*files.Serve(Request{}, "css/site.css"), "ETag");
    auto b = HeaderOf(*files.Serve(Request{}, "js/app.js"), "ETag");
    ASSERT_TRUE(a && b);
    EXPECT_NE(a, b);
    EXPECT_EQ(a->front(), '"');
    EXPECT_EQ(a->back(), '"');
    std::array<core::EmbeddedFile, 1> same_bytes = {{{"other/name.css", "body{}"}}};
    EXPECT_EQ(HeaderOf(*StaticFiles(same_bytes).Serve(Request{}, "other/name.css"), "ETag"), a);
}

TEST(StaticFiles, IfNoneMatchAnswers304) {
    StaticFiles files(kFiles);
    auto etag = *HeaderOf(*files.Serve(Request{}, "js/app.js"), "ETag");
    for (const auto& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        Request request;
        request.headers = {{"if-none-match", header}};
        auto response = files.Serve(request, "js/app.js");
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 304) << header;
        EXPECT_TRUE(response->body.empty());
        EXPECT_EQ(HeaderOf(*response, "ETag"), etag);
    }
    Request stale;
    stale.headers = {{"if-none-match", "\"stale\""}};
    EXPECT_EQ(files.Serve(stale, "js/app.js")->status, 200);
}

TEST(StaticFiles, DirectoryPathsServeTheirIndex) {
    StaticFiles files(kFiles);
    EXPECT_EQ(files.Serve(Request{}, "")->body, "<!doctype html>");
    EXPECT_EQ(files.Serve(Request{}, "board/")->body, "<p>board</p>");
}

TEST(StaticFiles, RefusesTraversalBackslashesAndNul) {
    StaticFiles files(kFiles);
    EXPECT_FALSE(files.Serve(Request{}, "../etc/passwd"));  // Even though such a key exists.
    EXPECT_FALSE(files.Serve(Request{}, "css/../index.html"));
    EXPECT_FALSE(files.Serve(Request{}, "css\\site.css"));
    EXPECT_FALSE(files.Serve(Request{}, std::string_view("index.html\0", 11)));
    EXPECT_FALSE(files.Serve(Request{}, "/index.html"));
    EXPECT_FALSE(files.Serve(Request{}, "missing.css"));
}

TEST(StaticFiles, KnowsCommonContentTypes) {
    EXPECT_EQ(StaticFiles::ContentTypeOf("a.svg"), "image/svg+xml");
    EXPECT_EQ(StaticFiles::ContentTypeOf("a.PNG"), "image/png");
    EXPECT_EQ(StaticFiles::ContentTypeOf("a.woff2"), "font/woff2");
    EXPECT_EQ(StaticFiles::ContentTypeOf("a.mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticFiles::ContentTypeOf("dir.v1/noext"), "application/octet-stream");
    EXPECT_EQ(StaticFiles::ContentTypeOf("a.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace layan::http
