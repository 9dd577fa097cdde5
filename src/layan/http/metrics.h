#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>

namespace layan::http {

/// Request counters and latency histograms per (route pattern, method), plus connection gauges, rendered in
/// the Prometheus text exposition format 0.0.4. Thread-safe; Observe on a known series takes a shared lock and
/// a few relaxed atomic increments, no allocation.
class Metrics {
public:
    /// Upper bounds of the latency histogram buckets, in seconds ("+Inf" is implicit).
    static constexpr std::array<double, 14> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                               0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};

    /// Records one answered request. `route` is the matched pattern (the server passes "unmatched" for 404s),
    /// never the raw path, so the number of series stays bounded. Methods outside the standard set count as
    /// "OTHER"; status is counted by class ("2xx").
    void Observe(std::string_view route, std::string_view method, int status, std::chrono::microseconds latency);

    /// Gauge: connections currently open (including SSE streams).
    void AddOpenConnections(std::int64_t delta);
    /// Gauge: SSE streams currently subscribed.
    void AddSseSubscribers(std::int64_t delta);
    /// Counter: connections refused because the server was at max_connections.
    void CountRejectedConnection();

    [[nodiscard]] std::int64_t OpenConnections() const { return open_connections_.load(std::memory_order_relaxed); }
    [[nodiscard]] std::int64_t SseSubscribers() const { return sse_subscribers_.load(std::memory_order_relaxed); }

    /// Text exposition format 0.0.4 (Content-Type "text/plain; version=0.0.4").
    [[nodiscard]] std::string RenderPrometheus() const;

private:
    struct Series {
        std::array<std::atomic<std::uint64_t>, 5> by_class{};                          // 1xx .. 5xx.
        std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets{};  // Not cumulative; last is +Inf.
        std::atomic<std::uint64_t> sum_micros{0};
    };
    using Key = std::pair<std::string, std::string>;  // (route, method)
    struct KeyLess {
        using is_transparent = void;
        template <class A, class B>
        bool operator()(const A& a, const B& b) const {
            return std::pair<std::string_view, std::string_view>(a.first, a.second) <
                   std::pair<std::string_view, std::string_view>(b.first, b.second);
        }
    };

    mutable std::shared_mutex mutex_;
    std::map<Key, Series, KeyLess> series_;  // Nodes never move, so Series addresses are stable.
    std::atomic<std::int64_t> open_connections_{0};
    std::atomic<std::int64_t> sse_subscribers_{0};
    std::atomic<std::uint64_t> rejected_connections_{0};
};

}  // namespace layan::http
