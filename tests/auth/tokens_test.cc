// Session and device tokens: 256 random bits, stored only as a hash; comparisons in constant time.

#include "layan/auth/tokens.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace layan::auth {
namespace {

using ::testing::MatchesRegex;

TEST(Tokens, AreBase64url256BitsAndNeverRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto token = NewToken();
        EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]{43}"));
        EXPECT_TRUE(seen.insert(token).second);
    }
    EXPECT_THAT(NewToken("lyd_"), MatchesRegex("lyd_[A-Za-z0-9_-]{43}"));
}

TEST(Tokens, StoredFormIsAStableHexDigestUnlikeTheToken) {
    auto token = NewToken();
    auto hash = HashToken(token);
    EXPECT_THAT(hash, MatchesRegex("[0-9a-f]{64}"));
    EXPECT_EQ(HashToken(token), hash);
    EXPECT_NE(HashToken(token + "x"), hash);
    EXPECT_EQ(hash.find(token), std::string::npos);
}

TEST(Tokens, IdsHaveTheirPrefixAnd64RandomBits) {
    EXPECT_THAT(NewId("u-"), MatchesRegex("u-[0-9a-f]{16}"));
    EXPECT_NE(NewId("u-"), NewId("u-"));
}

TEST(Tokens, ConstantTimeEqualityIsEquality) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
    EXPECT_FALSE(ConstantTimeEquals("", "a"));
    EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace layan::auth
