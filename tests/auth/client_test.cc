// The client of a request: X-Forwarded-* believed only from trusted proxies; cookies read and written safely.

#include "layan/auth/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace layan::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

http::Request RequestFrom(std::string peer, std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request request;
    request.method = "GET";
    request.remote_address = std::move(peer);
    request.headers = std::move(headers);
    return request;
}

TrustedProxies Proxies(std::string_view list) {
    auto parsed = TrustedProxies::Parse(list);
    EXPECT_TRUE(parsed) << list;
    return parsed ? *parsed : TrustedProxies{};
}

TEST(TrustedProxies, AddressesAndRangesOfBothFamilies) {
    auto proxies = Proxies("127.0.0.1, 10.0.0.0/8, fd00::/8, ::1");
    EXPECT_TRUE(proxies.Contains("127.0.0.1"));
    EXPECT_FALSE(proxies.Contains("127.0.0.2"));
    EXPECT_TRUE(proxies.Contains("10.20.30.40"));
    EXPECT_FALSE(proxies.Contains("11.0.0.1"));
    EXPECT_TRUE(proxies.Contains("fd12::1"));
    EXPECT_TRUE(proxies.Contains("::1"));
    EXPECT_TRUE(proxies.Contains("::ffff:10.1.2.3"));  // IPv4-mapped is the IPv4 address
    EXPECT_FALSE(proxies.Contains("not an address"));
    EXPECT_FALSE(Proxies("").Contains("127.0.0.1"));
}

TEST(TrustedProxies, MalformedEntriesAreRefusedByName) {
    for (auto bad : {"localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3"}) {
        auto parsed = TrustedProxies::Parse(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().code, "invalid_trusted_proxies");
        EXPECT_THAT(parsed.error().message, HasSubstr(bad));
    }
}

TEST(ClientOf, ForwardedHeadersFromAnUntrustedPeerAreIgnored) {
    auto request = RequestFrom("203.0.113.9", {{"x-forwarded-for", "1.2.3.4"}, {"x-forwarded-proto", "https"}});
    auto client = ClientOf(request, Proxies("127.0.0.1"));
    EXPECT_EQ(client.ip, "203.0.113.9");
    EXPECT_FALSE(client.https);
    EXPECT_EQ(ClientOf(request, TrustedProxies{}).ip, "203.0.113.9");
}

TEST(ClientOf, TrustedProxyTellsTheClientAndTheScheme) {
    auto request = RequestFrom("127.0.0.1", {{"x-forwarded-for", "198.51.100.7"}, {"x-forwarded-proto", "https"}});
    auto client = ClientOf(request, Proxies("127.0.0.1"));
    EXPECT_EQ(client.ip, "198.51.100.7");
    EXPECT_TRUE(client.https);
}

TEST(ClientOf, SpoofedEntriesLeftOfTheLastUntrustedHopAreIgnored) {
    // The client sent "X-Forwarded-For: 6.6.6.6" itself; nginx appended its real address, then a second proxy.
    auto request = RequestFrom("10.0.0.2", {{"x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.1"}});
    EXPECT_EQ(ClientOf(request, Proxies("10.0.0.0/8")).ip, "198.51.100.7");
}

TEST(ClientOf, SeveralForwardedForLinesFormOneList) {
    auto request = RequestFrom("10.0.0.2", {{"x-forwarded-for", "6.6.6.6"}, {"x-forwarded-for", "198.51.100.7"}});
    EXPECT_EQ(ClientOf(request, Proxies("10.0.0.0/8")).ip, "198.51.100.7");
}

TEST(Cookies, ValueIsFoundAmongOthersAndTheFirstOneWins) {
    auto request = RequestFrom(
        "127.0.0.1", {{"cookie", "a=1; layan_session=abc; layan_session=evil"}, {"cookie", "layan_csrf=\"q\""}});
    EXPECT_EQ(CookieValue(request, "layan_session"), "abc");
    EXPECT_EQ(CookieValue(request, "layan_csrf"), "q");
    EXPECT_EQ(CookieValue(request, "a"), "1");
    EXPECT_EQ(CookieValue(request, "layan"), std::nullopt);
    EXPECT_EQ(CookieBytes(request), std::string("a=1; layan_session=abc; layan_session=evil").size() +
                                        std::string("layan_csrf=\"q\"").size());
}

TEST(Cookies, SessionCookieIsHttpOnlyStrictAndSecureOnlyWhenAsked) {
    auto plain = SetCookie("layan_session", "t", {.http_only = true, .secure = false, .max_age_s = 60});
    EXPECT_EQ(plain, "layan_session=t; Path=/; SameSite=Strict; Max-Age=60; HttpOnly");
    auto secure = SetCookie("layan_csrf", "c", {.http_only = false, .secure = true, .max_age_s = 0});
    EXPECT_EQ(secure, "layan_csrf=c; Path=/; SameSite=Strict; Max-Age=0; Secure");
    EXPECT_THAT(secure, Not(HasSubstr("HttpOnly")));
}

}  // namespace
}  // namespace layan::auth
