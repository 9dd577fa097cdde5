// Passwords are stored as Argon2id hashes at a cost that hurts guessers, and new ones must not be trivial.

#include "layan/auth/password.h"

#include <chrono>
#include <iostream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace layan::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Password, HashIsArgon2idWithTheRequestedCostAndVerifies) {
    auto hash = HashPassword("kopi tubruk pagi hari", kTestPasswordCost);
    EXPECT_THAT(hash, StartsWith("$argon2id$v=19$m=8,t=1,p=1$"));
    EXPECT_TRUE(VerifyPassword(hash, "kopi tubruk pagi hari"));
    EXPECT_FALSE(VerifyPassword(hash, "kopi tubruk pagi har"));
    EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
    EXPECT_NE(HashPassword("kopi tubruk pagi hari", kTestPasswordCost),
              HashPassword("kopi tubruk pagi hari", kTestPasswordCost));
}

TEST(Password, MalformedHashOrOverlongPasswordNeverVerifies) {
    EXPECT_FALSE(VerifyPassword("", "x"));
    EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
    auto hash = HashPassword("kopi tubruk pagi hari", kTestPasswordCost);
    EXPECT_FALSE(VerifyPassword(hash, std::string(kMaxPasswordBytes + 1, 'a')));
}

TEST(Password, HashOfAnotherCostNeedsRehash) {
    auto cheap = HashPassword("kopi tubruk pagi hari", kTestPasswordCost);
    EXPECT_TRUE(NeedsRehash(cheap, kDefaultPasswordCost));
    EXPECT_FALSE(NeedsRehash(cheap, kTestPasswordCost));
}

TEST(Password, DefaultCostIsArgon2idT3M64MiBAndTakesAMeasurableTime) {
    auto start = std::chrono::steady_clock::now();
    auto hash = HashPassword("kopi tubruk pagi hari");
    auto took = std::chrono::steady_clock::now() - start;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    std::cout << "Argon2id t=3 m=64MiB hash took " << ms << " ms\n";
    ::testing::Test::RecordProperty("argon2id_default_hash_ms", static_cast<int>(ms));
    EXPECT_THAT(hash, StartsWith("$argon2id$v=19$m=65536,t=3,p=1$"));
    // A guesser pays this per guess; a sign-in pays it once. Far below 20 ms would mean the cost was lost. Only a
    // lower bound: a loaded machine takes longer, never shorter (the cost itself is the prefix checked above).
    EXPECT_GE(ms, 20);
    EXPECT_TRUE(VerifyPassword(hash, "kopi tubruk pagi hari"));
}

TEST(NewPassword, ShortRepeatedCommonOrUsernameBasedPasswordsAreRefused) {
    auto code = [](std::string_view password, std::string_view username = "budi.santoso") {
        auto checked = CheckNewPassword(password, username);
        return checked ? std::string("ok") : checked.error().code;
    };
    EXPECT_EQ(code("short"), "weak_password");
    EXPECT_EQ(code("aaaaaaaaaaaaaaa"), "weak_password");
    EXPECT_EQ(code("Password123"), "weak_password");
    EXPECT_EQ(code("layan-demo"), "weak_password");
    EXPECT_EQ(code("BUDI.SANTOSO-2026"), "weak_password");
    EXPECT_EQ(code(std::string(kMaxPasswordBytes + 1, 'x') + "y"), "weak_password");
    EXPECT_EQ(code("kopi tubruk pagi hari"), "ok");
    // Ten characters, counted as characters, not bytes.
    EXPECT_EQ(code("ééééééééé1"), "ok");
    EXPECT_EQ(code("éééééééé1"), "weak_password");
    auto refused = CheckNewPassword("short", "x");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(refused.error().details["field"], "password");
    EXPECT_THAT(refused.error().message, HasSubstr("10"));
}

TEST(NewPassword, RandomPasswordsAreLongDistinctAndAcceptable) {
    auto a = NewRandomPassword();
    auto b = NewRandomPassword();
    EXPECT_EQ(a.size(), 16U);
    EXPECT_NE(a, b);
    EXPECT_TRUE(CheckNewPassword(a, "someone"));
    EXPECT_EQ(a.find_first_of("0O1lI"), std::string::npos);
}

}  // namespace
}  // namespace layan::auth
