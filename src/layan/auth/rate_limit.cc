#include "layan/auth/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace layan::auth {

namespace {

std::chrono::seconds AtLeastOneSecond(core::Millis wait) {
    auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    return std::max(seconds, std::chrono::seconds{1});
}

}  // namespace

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys) : limit_(limit), max_keys_(max_keys) {}

double RateLimiter::Refilled(const Bucket& bucket, core::Instant now) const {
    const double minutes = std::chrono::duration<double, std::ratio<60>>(now - bucket.at).count();
    return std::min(limit_.burst, bucket.tokens + std::max(0.0, minutes) * limit_.per_minute);
}

std::optional<std::chrono::seconds> RateLimiter::Take(const std::string& key, core::Instant now) {
    if (limit_.burst <= 0) {
        return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) {
            std::erase_if(buckets_, [&](const auto& entry) { return Refilled(entry.second, now) >= limit_.burst; });
            if (buckets_.size() >= max_keys_) {
                buckets_.clear();  // a flood of addresses: forgetting is better than running out of memory
            }
        }
        it = buckets_.emplace(key, Bucket{limit_.burst, now}).first;
    }
    Bucket& bucket = it->second;
    bucket.tokens = Refilled(bucket, now);
    bucket.at = std::max(bucket.at, now);
    // Refills are summed in floating point: a bucket that is full to within rounding counts as full.
    constexpr double kRounding = 1e-9;
    if (bucket.tokens >= 1.0 - kRounding) {
        bucket.tokens = std::max(0.0, bucket.tokens - 1.0);
        return std::nullopt;
    }
    if (limit_.per_minute <= 0) {
        return std::chrono::hours{1};
    }
    const double wait_minutes = (1.0 - bucket.tokens) / limit_.per_minute;
    return AtLeastOneSecond(
        std::chrono::duration_cast<core::Millis>(std::chrono::duration<double, std::ratio<60>>(wait_minutes)));
}

std::size_t RateLimiter::TrackedCount() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

LoginThrottle::LoginThrottle(LockoutPolicy policy, std::size_t max_keys) : policy_(policy), max_keys_(max_keys) {}

std::optional<std::chrono::seconds> LoginThrottle::Remaining(const std::map<std::string, Entry, std::less<>>& entries,
                                                             const std::string& key, core::Instant now) {
    auto it = entries.find(key);
    if (it == entries.end() || it->second.locked_until <= now) {
        return std::nullopt;
    }
    return AtLeastOneSecond(it->second.locked_until - now);
}

std::optional<std::chrono::seconds> LoginThrottle::LockedFor(const std::string& username, const std::string& ip,
                                                             core::Instant now) {
    std::lock_guard lock(mutex_);
    auto account = Remaining(accounts_, username, now);
    auto address = Remaining(ips_, ip, now);
    if (account && address) {
        return std::max(*account, *address);
    }
    return account ? account : address;
}

bool LoginThrottle::Fail(std::map<std::string, Entry, std::less<>>& entries, const std::string& key, int max_failures,
                         core::Instant now) {
    if (entries.size() >= max_keys_ && !entries.contains(key)) {
        std::erase_if(entries, [&](const auto& entry) {
            return entry.second.locked_until <= now && now - entry.second.window_start > policy_.window;
        });
        if (entries.size() >= max_keys_) {
            entries.clear();
        }
    }
    Entry& entry = entries[key];
    if (entry.failures == 0 || now - entry.window_start > policy_.window) {
        entry.failures = 0;
        entry.window_start = now;
    }
    if (++entry.failures >= max_failures) {
        entry.locked_until = now + policy_.lockout;
        entry.failures = 0;
        return true;
    }
    return false;
}

bool LoginThrottle::RecordFailure(const std::string& username, const std::string& ip, core::Instant now) {
    std::lock_guard lock(mutex_);
    const bool locked = Fail(accounts_, username, policy_.max_failures_per_account, now);
    (void)Fail(ips_, ip, policy_.max_failures_per_ip, now);
    return locked;
}

void LoginThrottle::RecordSuccess(const std::string& username) {
    std::lock_guard lock(mutex_);
    accounts_.erase(username);
}

}  // namespace layan::auth
