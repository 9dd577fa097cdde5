#include "layan/web/web.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "layan/http/message.h"
#include "layan/http/router.h"

namespace layan::web {
namespace {

class WebRoutes : public ::testing::Test {
protected:
    void SetUp() override { RegisterRoutes(router_); }

    /// Routes a GET like the server does and returns the handler's response.
    std::optional<http::Response> Get(const std::string& path,
                                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto match = router_.Find("GET", path);
        if (match.route == nullptr) {
            return std::nullopt;
        }
        http::Request request;
        request.method = "GET";
        request.target = path;
        request.path = path;
        request.headers = std::move(headers);
        request.path_params = match.params;
        request.route = match.route->pattern;
        std::optional<http::Response> response;
        match.route->handler(request, [&](http::Response r) { response = std::move(r); });
        EXPECT_TRUE(response.has_value()) << path << " did not respond synchronously";
        return response;
    }

    static std::string_view Header(const http::Response& response, std::string_view name) {
        for (const auto& [key, value] : response.headers) {
            if (key == name) {
                return value;
            }
        }
        return {};
    }

    http::Router router_;
};

// Small HTML scanning helpers (std::regex trips GCC 12's -Wmaybe-uninitialized under sanitizers).

/// Every tag of an HTML text, from '<' to '>' exclusive, comments and closing tags excluded.
std::vector<std::string_view> Tags(std::string_view html) {
    std::vector<std::string_view> tags;
    for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
        const std::size_t end = html.find('>', at);
        if (end == std::string_view::npos) {
            break;
        }
        const std::string_view tag = html.substr(at + 1, end - at - 1);
        if (!tag.empty() && tag.front() != '/' && tag.front() != '!') {
            tags.push_back(tag);
        }
    }
    return tags;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/// The element name of a tag ("script" for `script type="module"`), lower case as written.
std::string_view TagName(std::string_view tag) {
    std::size_t end = 0;
    while (end < tag.size() && !IsSpace(tag[end]) && tag[end] != '/') {
        ++end;
    }
    return tag.substr(0, end);
}

/// The attributes of a tag, name to value (empty for a bare attribute).
std::map<std::string, std::string> Attributes(std::string_view tag) {
    std::map<std::string, std::string> attributes;
    std::size_t i = TagName(tag).size();
    while (i < tag.size()) {
        while (i < tag.size() && (IsSpace(tag[i]) || tag[i] == '/')) {
            ++i;
        }
        const std::size_t name_start = i;
        while (i < tag.size() && !IsSpace(tag[i]) && tag[i] != '=' && tag[i] != '/') {
            ++i;
        }
        std::string name(tag.substr(name_start, i - name_start));
        std::string value;
        if (i < tag.size() && tag[i] == '=') {
            ++i;
            if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
                const char quote = tag[i++];
                const std::size_t close = tag.find(quote, i);
                value = std::string(tag.substr(i, close - i));
                i = close == std::string_view::npos ? tag.size() : close + 1;
            } else {
                const std::size_t value_start = i;
                while (i < tag.size() && !IsSpace(tag[i])) {
                    ++i;
                }
                value = std::string(tag.substr(value_start, i - value_start));
            }
        }
        if (!name.empty()) {
            attributes.emplace(std::move(name), std::move(value));
        }
    }
    return attributes;
}

/// Every quoted string following `prefix` in `text`, up to `quote`.
std::vector<std::string> Following(std::string_view text, std::string_view prefix, char quote) {
    std::vector<std::string> found;
    for (std::size_t at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
        const std::size_t start = at + prefix.size();
        const std::size_t end = text.find(quote, start);
        if (end != std::string_view::npos) {
            found.emplace_back(text.substr(start, end - start));
        }
    }
    return found;
}

std::map<std::string, std::string_view> AssetsByPath() {
    std::map<std::string, std::string_view> files;
    for (const auto& file : Assets()) {
        files.emplace(std::string(file.path), file.bytes);
    }
    for (const auto& file : VendorAssets()) {
        files.emplace(std::string(file.path), file.bytes);
    }
    return files;
}

TEST_F(WebRoutes, ServeEachPageAsHtmlForAnyHall) {
    const std::map<std::string, std::string> pages = {
        {"/", "/assets/home.js"},
        {"/halls/mpp-mojokerto/kiosk", "/assets/kiosk.js"},
        {"/halls/mpp-mojokerto/board", "/assets/board.js"},
        {"/halls/mpp-mojokerto/console", "/assets/console.js"},
        {"/halls/another-hall/kiosk", "/assets/kiosk.js"},
        {"/t/mpp-mojokerto/20261129-A-012", "/assets/status.js"},
        {"/halls/mpp-mojokerto/twin", "/assets/twin.js"},
        {"/login", "/assets/login.js"},
        {"/audit", "/assets/audit.js"},
        {"/s/mpp-mojokerto/20261129-A-012", "/assets/survey.js"},
        {"/halls/mpp-mojokerto/survey-tablet", "/assets/survey-tablet.js"},
        {"/kinerja/kota-mojokerto", "/assets/dashboard.js"},
        {"/kinerja/kota-mojokerto/tentang", "/assets/dashboard-about.js"},
        {"/tenants/kota-mojokerto/skm", "/assets/skm.js"},
        {"/tenants/kota-mojokerto/officers", "/assets/officers.js"},
        {"/layanan/kota-mojokerto", "/assets/services.js"},
        {"/layanan/kota-mojokerto/KK", "/assets/services.js"},
        {"/lacak/kota-mojokerto", "/assets/track.js"},
        {"/lacak/kota-mojokerto/7Q4M-2KX9-AB3", "/assets/track.js"},
        {"/tenants/kota-mojokerto/permohonan", "/assets/worklist.js"},
        {"/tenants/kota-mojokerto/permohonan/7Q4M-2KX9-AB3", "/assets/request-file.js"},
        {"/tenants/kota-mojokerto/standar", "/assets/standards.js"},
    };
    for (const auto& [path, script] : pages) {
        auto response = Get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->status, 200) << path;
        EXPECT_EQ(response->content_type, "text/html; charset=utf-8") << path;
        EXPECT_NE(response->body.find("<script type=\"module\" src=\"" + script + "\">"), std::string::npos) << path;
        EXPECT_EQ(Header(*response, "Cache-Control"), "no-cache") << path;
    }
}

TEST_F(WebRoutes, HomePageIsTitledLayan) {
    auto response = Get("/");
    ASSERT_TRUE(response);
    const auto titles = Following(response->body, "<title>", '<');
    ASSERT_EQ(titles.size(), 1U);
    EXPECT_NE(titles[0].find("layan"), std::string::npos) << titles[0];
}

TEST_F(WebRoutes, ServeAssetsWithTheirContentTypeAndAnEtag) {
    const std::map<std::string, std::string> types = {
        {"/assets/style.css", "text/css; charset=utf-8"},
        {"/assets/i18n.js", "text/javascript; charset=utf-8"},
        {"/assets/emblem.svg", "image/svg+xml"},
        {"/assets/vendor/chart.min.js", "text/javascript; charset=utf-8"},  // Debian's libjs-chart.js
    };
    for (const auto& [path, type] : types) {
        auto response = Get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->status, 200) << path;
        EXPECT_EQ(response->content_type, type) << path;
        EXPECT_FALSE(Header(*response, "ETag").empty()) << path;
        EXPECT_EQ(response->body, AssetsByPath().at(path.substr(1))) << path;
    }
    auto response = Get("/assets/style.css");
    auto again = Get("/assets/style.css", {{"if-none-match", std::string(Header(*response, "ETag"))}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
}

TEST_F(WebRoutes, AnswerAMissingAssetWithAJsonNotFound) {
    auto response = Get("/assets/nope.js");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
    EXPECT_NE(response->body.find("\"error\""), std::string::npos);
    EXPECT_NE(response->body.find("asset_not_found"), std::string::npos);
}

TEST_F(WebRoutes, NeverServePagesOrOtherFilesThroughTheAssetRoute) {
    for (const char* path :
         {"/assets/../pages/index.html", "/assets/pages/index.html", "/assets/x/../../pages/kiosk.html"}) {
        auto response = Get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->status, 404) << path;
    }
}

TEST_F(WebRoutes, AreAllPublicForNow) {
    for (const auto& route : router_.Routes()) {
        EXPECT_EQ(route.permission, "public") << route.pattern;
    }
}

// A strict Content-Security-Policy (script-src 'self') must not break the pages.
TEST(WebAssets, PagesHaveNoInlineScriptsStylesOrEventHandlers) {
    int pages = 0;
    for (const auto& [path, bytes] : AssetsByPath()) {
        if (!path.ends_with(".html") && !path.ends_with(".svg")) {
            continue;
        }
        ++pages;
        int scripts = 0;
        for (std::string_view tag : Tags(bytes)) {
            const auto attributes = Attributes(tag);
            if (TagName(tag) == "script") {
                ++scripts;
                EXPECT_TRUE(attributes.contains("src")) << path << ": inline <" << tag << ">";
            }
            EXPECT_NE(TagName(tag), "style") << path;
            for (const auto& [name, value] : attributes) {
                EXPECT_FALSE(name.starts_with("on")) << path << ": <" << tag << ">";
                EXPECT_NE(name, "style") << path << ": <" << tag << ">";
            }
        }
        if (path.ends_with(".html")) {
            EXPECT_EQ(scripts, 1) << path << " loads one module";
        }
    }
    EXPECT_GE(pages, 5);
}

TEST(WebAssets, TheScannerSeesInlineScriptsAndHandlers) {
    const auto tags = Tags("<p>x</p><script>alert(1)</script><button onclick=\"f()\" class=b>");
    ASSERT_EQ(tags.size(), 3U);
    EXPECT_EQ(TagName(tags[1]), "script");
    EXPECT_FALSE(Attributes(tags[1]).contains("src"));
    EXPECT_TRUE(Attributes(tags[2]).contains("onclick"));
    EXPECT_EQ(Attributes(tags[2]).at("class"), "b");
}

// Every /assets/... a page links and every module a script imports is part of the build.
TEST(WebAssets, EveryLinkedAssetAndImportedModuleExists) {
    const auto files = AssetsByPath();
    std::vector<std::string> missing;
    int links = 0;
    for (const auto& [path, bytes] : files) {
        std::vector<std::string> targets;
        if (path.ends_with(".html")) {
            for (const char* prefix : {"src=\"/assets/", "href=\"/assets/"}) {
                for (auto& target : Following(bytes, prefix, '"')) {
                    targets.push_back(std::move(target));
                }
            }
        }
        if (path.ends_with(".js")) {
            targets = Following(bytes, "from './", '\'');
        }
        for (const auto& target : targets) {
            ++links;
            if (!files.contains("assets/" + target)) {
                missing.push_back(path + " -> " + target);
            }
        }
    }
    EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
    EXPECT_GT(links, 20);
}

TEST(WebAssets, EveryPageDeclaresItsLanguageCharsetAndViewport) {
    for (const auto& [path, bytes] : AssetsByPath()) {
        if (!path.ends_with(".html")) {
            continue;
        }
        const std::string text(bytes);
        EXPECT_NE(text.find("<html lang=\"id\">"), std::string::npos) << path;
        EXPECT_NE(text.find("<meta charset=\"utf-8\">"), std::string::npos) << path;
        EXPECT_NE(text.find("name=\"viewport\""), std::string::npos) << path;
    }
}

/// The error codes the server's sources can answer with: the string after `ErrorKind::kX,` (or a NIK/phone
/// check's `Reject(`), in every .cc/.h under `folders` of src/layan.
std::set<std::string> ErrorCodesIn(std::initializer_list<std::string_view> folders) {
    namespace fs = std::filesystem;
    std::set<std::string> codes;
    const fs::path root = fs::path(LAYAN_SOURCE_DIR) / "src" / "layan";
    for (const auto folder : folders) {
        for (const auto& item : fs::recursive_directory_iterator(root / folder)) {
            const auto extension = item.path().extension();
            if (!item.is_regular_file() || (extension != ".cc" && extension != ".h")) {
                continue;
            }
            std::ifstream in(item.path());
            const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            for (const std::string_view marker : {"ErrorKind::k", "Reject("}) {
                for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
                    std::size_t i = at + marker.size();
                    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0)) {
                        ++i;  // the kind's name
                    }
                    if (marker == "ErrorKind::k" && (i >= text.size() || text[i] != ',')) {
                        continue;  // a kind compared or stored, not an error built here
                    }
                    i = marker == "ErrorKind::k" ? i + 1 : at + marker.size();
                    while (i < text.size() && IsSpace(text[i])) {
                        ++i;
                    }
                    if (i >= text.size() || text[i] != '"') {
                        continue;  // a code passed in a variable: counted where the literal is
                    }
                    const std::size_t end = text.find('"', i + 1);
                    codes.insert(text.substr(i + 1, end - i - 1));
                }
            }
        }
    }
    return codes;
}

// Pages never show the server's English sentence raw: every code an API answer can carry has a sentence in
// Bahasa Indonesia and English in assets/errors.js (one line per code: `code: ['…', '…'],`).
TEST(WebAssets, EveryErrorCodeOfTheApiHasASentenceInBothLanguages) {
    const auto codes = ErrorCodesIn({"api", "auth", "http", "web", "engine", "store", "domain/queue", "domain/access",
                                     "domain/identity", "domain/survey", "domain/catalog", "domain/stats",
                                     "domain/calendar", "domain/requests", "domain/standards"});
    ASSERT_GT(codes.size(), 60U) << "the scanner finds the codes";
    ASSERT_TRUE(codes.contains("recall_too_soon"));
    ASSERT_TRUE(codes.contains("nik_bad_month")) << "codes passed through Reject( are found";
    const std::string errors(AssetsByPath().at("assets/errors.js"));
    std::vector<std::string> missing;
    for (const auto& code : codes) {
        const auto at = errors.find("\n    " + code + ": ['");
        const auto line_end = errors.find('\n', at + 1);
        // Both sentences on the line: ['indonesian', 'english'].
        if (at == std::string::npos || errors.substr(at, line_end - at).find("', '") == std::string::npos) {
            missing.push_back(code);
        }
    }
    EXPECT_TRUE(missing.empty()) << "codes without sentences in assets/errors.js: "
                                 << ::testing::PrintToString(missing);
}

}  // namespace
}  // namespace layan::web
