#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "layan/core/time.h"

/// Per-key token buckets (the key is a client address) and the sign-in throttle. In memory, per process:
/// a restart forgets them, and with several nodes each node counts alone (documented in docs/SECURITY.md).
namespace layan::auth {

/// A token bucket: up to `burst` requests at once, refilled at `per_minute`. burst == 0 means unlimited.
struct RateLimit {
    double burst = 0;
    double per_minute = 0;
};

/// Token buckets per key. Thread-safe. Memory is bounded: beyond `max_keys` keys, buckets that have refilled
/// completely are forgotten (they are equivalent to a new bucket), and if that is not enough, all are.
class RateLimiter {
public:
    explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100'000);

    /// Takes one request's token for `key` at `now`. Returns nullopt when allowed; otherwise how long until a
    /// token is available (at least one second), and nothing is taken.
    [[nodiscard]] std::optional<std::chrono::seconds> Take(const std::string& key, core::Instant now);

    /// How many keys have a bucket now: never more than `max_keys` (read-only, for tests and monitoring).
    [[nodiscard]] std::size_t TrackedCount() const;

private:
    struct Bucket {
        double tokens = 0;
        core::Instant at{};
    };
    [[nodiscard]] double Refilled(const Bucket& bucket, core::Instant now) const;

    RateLimit limit_;
    std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::map<std::string, Bucket, std::less<>> buckets_;
};

/// When sign-ins lock.
struct LockoutPolicy {
    int max_failures_per_account = 5;  ///< Failures of one username within `window` that lock it...
    int max_failures_per_ip = 20;      ///< ...and of one address (an office NATs many officers).
    std::chrono::minutes window{15};   ///< Failures older than this are forgotten.
    std::chrono::minutes lockout{15};  ///< How long a lock lasts.
};

/// Counts failed sign-ins per username and per client address and locks either for a while once it reaches
/// its limit. Unknown usernames are counted like real ones, so the answers do not tell which exist.
/// Thread-safe; memory bounded like RateLimiter.
class LoginThrottle {
public:
    explicit LoginThrottle(LockoutPolicy policy, std::size_t max_keys = 100'000);

    /// How much longer a sign-in for `username` from `ip` stays locked; nullopt when it may be tried.
    [[nodiscard]] std::optional<std::chrono::seconds> LockedFor(const std::string& username, const std::string& ip,
                                                                core::Instant now);
    /// Records a failed sign-in. Returns true when this failure locked the username (for the audit trail).
    bool RecordFailure(const std::string& username, const std::string& ip, core::Instant now);
    /// Records a successful sign-in: the username's failures are forgotten (the address's are not).
    void RecordSuccess(const std::string& username);

private:
    struct Entry {
        int failures = 0;
        core::Instant window_start{};
        core::Instant locked_until{};
    };
    /// Counts one failure of `key`; true when it starts a lock.
    bool Fail(std::map<std::string, Entry, std::less<>>& entries, const std::string& key, int max_failures,
              core::Instant now);
    [[nodiscard]] static std::optional<std::chrono::seconds> Remaining(
        const std::map<std::string, Entry, std::less<>>& entries, const std::string& key, core::Instant now);

    LockoutPolicy policy_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> accounts_;
    std::map<std::string, Entry, std::less<>> ips_;
};

}  // namespace layan::auth
