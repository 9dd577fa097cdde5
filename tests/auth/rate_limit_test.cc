// Token buckets per client address, and the sign-in lockout per username and per address.

#include "layan/auth/rate_limit.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace layan::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const core::Instant kStart = core::Instant{core::Millis{1'800'000'000'000}};

TEST(RateLimiter, BurstPassesThenRefusesWithTheWaitUntilTheNextToken) {
    RateLimiter limiter({.burst = 3, .per_minute = 6});
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(limiter.Take("1.2.3.4", kStart), std::nullopt) << i;
    }
    auto wait = limiter.Take("1.2.3.4", kStart);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, seconds{10});
    // Another address has its own bucket.
    EXPECT_EQ(limiter.Take("5.6.7.8", kStart), std::nullopt);
}

TEST(RateLimiter, RefillsAtTheSustainedRate) {
    RateLimiter limiter({.burst = 2, .per_minute = 6});
    EXPECT_FALSE(limiter.Take("a", kStart));
    EXPECT_FALSE(limiter.Take("a", kStart));
    EXPECT_TRUE(limiter.Take("a", kStart + seconds{9}));
    EXPECT_FALSE(limiter.Take("a", kStart + seconds{10}));
    EXPECT_TRUE(limiter.Take("a", kStart + seconds{11}));
}

TEST(RateLimiter, ZeroBurstMeansNoLimit) {
    RateLimiter limiter({.burst = 0, .per_minute = 0});
    for (int i = 0; i < 1000; ++i) {
        ASSERT_FALSE(limiter.Take("a", kStart));
    }
}

TEST(RateLimiter, MemoryStaysBoundedUnderAFloodOfAddresses) {
    constexpr std::size_t kMaxKeys = 100;
    RateLimiter limiter({.burst = 1, .per_minute = 1}, kMaxKeys);
    std::size_t most = 0;
    for (int i = 0; i < 10'000; ++i) {
        (void)limiter.Take("10.0." + std::to_string(i), kStart);
        ASSERT_LE(limiter.TrackedCount(), kMaxKeys) << "after " << i + 1 << " addresses";
        most = std::max(most, limiter.TrackedCount());
    }
    // The flood did fill the limiter up to its bound (every address was tracked until then)...
    EXPECT_EQ(most, kMaxKeys);
    // ...and it still works: a fresh address is allowed, and tracked.
    EXPECT_FALSE(limiter.Take("fresh", kStart));
    EXPECT_LE(limiter.TrackedCount(), kMaxKeys);
    EXPECT_TRUE(limiter.Take("fresh", kStart));
}

TEST(RateLimiter, AtTheBoundOnlyRefilledBucketsAreForgottenWhenThatIsEnough) {
    constexpr std::size_t kMaxKeys = 100;
    RateLimiter limiter({.burst = 1, .per_minute = 1}, kMaxKeys);
    for (std::size_t i = 0; i + 1 < kMaxKeys; ++i) {
        EXPECT_FALSE(limiter.Take("10.0." + std::to_string(i), kStart));
    }
    // A minute later those 99 buckets are full again; "hot" takes its only token and fills the limiter.
    const auto later = kStart + minutes{1};
    EXPECT_FALSE(limiter.Take("hot", later));
    ASSERT_EQ(limiter.TrackedCount(), kMaxKeys);
    // One more address: the refilled buckets go, the empty one stays (and stays limited).
    EXPECT_FALSE(limiter.Take("new", later));
    EXPECT_EQ(limiter.TrackedCount(), 2U);
    EXPECT_EQ(limiter.Take("hot", later), seconds{60});
}

TEST(LoginThrottle, FiveFailuresLockTheUsernameForFifteenMinutes) {
    LoginThrottle throttle({});
    for (int i = 0; i < 4; ++i) {
        throttle.RecordFailure("budi", "1.1.1.1", kStart + seconds{i});
        EXPECT_FALSE(throttle.LockedFor("budi", "1.1.1.1", kStart + seconds{i}));
    }
    throttle.RecordFailure("budi", "2.2.2.2", kStart + seconds{5});  // from anywhere: the account is the target
    auto locked = throttle.LockedFor("budi", "3.3.3.3", kStart + seconds{5});
    ASSERT_TRUE(locked);
    EXPECT_EQ(*locked, minutes{15});
    EXPECT_FALSE(throttle.LockedFor("siti", "3.3.3.3", kStart + seconds{5}));
    EXPECT_TRUE(throttle.LockedFor("budi", "3.3.3.3", kStart + seconds{5} + minutes{14}));
    EXPECT_FALSE(throttle.LockedFor("budi", "3.3.3.3", kStart + seconds{5} + minutes{15}));
}

TEST(LoginThrottle, FailuresOutsideTheWindowAreForgotten) {
    LoginThrottle throttle({});
    for (int i = 0; i < 4; ++i) {
        throttle.RecordFailure("budi", "1.1.1.1", kStart);
    }
    throttle.RecordFailure("budi", "1.1.1.1", kStart + minutes{16});
    EXPECT_FALSE(throttle.LockedFor("budi", "1.1.1.1", kStart + minutes{16}));
}

TEST(LoginThrottle, SuccessForgetsTheUsernamesFailures) {
    LoginThrottle throttle({});
    for (int i = 0; i < 4; ++i) {
        throttle.RecordFailure("budi", "1.1.1.1", kStart);
    }
    throttle.RecordSuccess("budi");
    throttle.RecordFailure("budi", "1.1.1.1", kStart);
    EXPECT_FALSE(throttle.LockedFor("budi", "1.1.1.1", kStart));
}

TEST(LoginThrottle, OneAddressGuessingManyUsernamesIsLockedToo) {
    LoginThrottle throttle({});
    for (int i = 0; i < 20; ++i) {
        throttle.RecordFailure("user" + std::to_string(i), "6.6.6.6", kStart);
    }
    EXPECT_TRUE(throttle.LockedFor("fresh.user", "6.6.6.6", kStart));
    EXPECT_FALSE(throttle.LockedFor("fresh.user", "7.7.7.7", kStart));
}

}  // namespace
}  // namespace layan::auth
