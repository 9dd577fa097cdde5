#include "layan/http/metrics.h"

#include <algorithm>
#include <iterator>
#include <mutex>

#include <fmt/format.h>

namespace layan::http {
namespace {

std::string_view NormalizedMethod(std::string_view method) {
    static constexpr std::array<std::string_view, 9> kKnown = {"GET",    "HEAD",    "POST",  "PUT",    "PATCH",
                                                               "DELETE", "OPTIONS", "TRACE", "CONNECT"};
    auto it = std::find(kKnown.begin(), kKnown.end(), method);
    return it == kKnown.end() ? std::string_view("OTHER") : *it;
}

/// A label value escaped per the exposition format: backslash, double quote and newline.
std::string Escaped(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

void Metrics::Observe(std::string_view route, std::string_view method, int status, std::chrono::microseconds latency) {
    auto key = std::pair<std::string_view, std::string_view>(route, NormalizedMethod(method));
    Series* series = nullptr;
    {
        std::shared_lock lock(mutex_);
        auto it = series_.find(key);
        if (it != series_.end()) {
            series = &it->second;
        }
    }
    if (series == nullptr) {
        std::unique_lock lock(mutex_);
        auto it = series_.find(key);
        if (it == series_.end()) {
            it = series_.try_emplace(Key(key.first, key.second)).first;
        }
        series = &it->second;
    }
    auto status_class = static_cast<std::size_t>(std::clamp(status / 100, 1, 5) - 1);
    series->by_class[status_class].fetch_add(1, std::memory_order_relaxed);
    double seconds = std::chrono::duration<double>(latency).count();
    auto bucket = static_cast<std::size_t>(std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) -
                                           kLatencyBuckets.begin());
    series->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    series->sum_micros.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(latency.count(), 0)),
                                 std::memory_order_relaxed);
}

void Metrics::AddOpenConnections(std::int64_t delta) { open_connections_.fetch_add(delta, std::memory_order_relaxed); }

void Metrics::AddSseSubscribers(std::int64_t delta) { sse_subscribers_.fetch_add(delta, std::memory_order_relaxed); }

void Metrics::CountRejectedConnection() { rejected_connections_.fetch_add(1, std::memory_order_relaxed); }

std::string Metrics::RenderPrometheus() const {
    std::string out;
    std::shared_lock lock(mutex_);

    out += "# HELP layan_http_requests_total HTTP requests answered, by route pattern, method and status class.\n";
    out += "# TYPE layan_http_requests_total counter\n";
    for (const auto& [key, series] : series_) {
        auto route = Escaped(key.first);
        for (std::size_t i = 0; i < series.by_class.size(); ++i) {
            auto count = series.by_class[i].load(std::memory_order_relaxed);
            if (count > 0) {
                fmt::format_to(std::back_inserter(out),
                               "layan_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}xx\"}} {}\n", route,
                               key.second, i + 1, count);
            }
        }
    }

    out += "# HELP layan_http_request_duration_seconds Time from a request fully read to its response written.\n";
    out += "# TYPE layan_http_request_duration_seconds histogram\n";
    for (const auto& [key, series] : series_) {
        auto labels = fmt::format("route=\"{}\",method=\"{}\"", Escaped(key.first), key.second);
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += series.buckets[i].load(std::memory_order_relaxed);
            fmt::format_to(std::back_inserter(out), "layan_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                           labels, kLatencyBuckets[i], cumulative);
        }
        cumulative += series.buckets.back().load(std::memory_order_relaxed);
        fmt::format_to(std::back_inserter(out), "layan_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, cumulative);
        fmt::format_to(std::back_inserter(out), "layan_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                       static_cast<double>(series.sum_micros.load(std::memory_order_relaxed)) / 1e6);
        fmt::format_to(std::back_inserter(out), "layan_http_request_duration_seconds_count{{{}}} {}\n", labels,
                       cumulative);
    }

    out += "# HELP layan_http_open_connections HTTP connections currently open, SSE streams included.\n";
    out += "# TYPE layan_http_open_connections gauge\n";
    fmt::format_to(std::back_inserter(out), "layan_http_open_connections {}\n",
                   open_connections_.load(std::memory_order_relaxed));
    out += "# HELP layan_http_sse_subscribers Server-Sent Events streams currently open.\n";
    out += "# TYPE layan_http_sse_subscribers gauge\n";
    fmt::format_to(std::back_inserter(out), "layan_http_sse_subscribers {}\n",
                   sse_subscribers_.load(std::memory_order_relaxed));
    out += "# HELP layan_http_rejected_connections_total Connections refused at the connection limit.\n";
    out += "# TYPE layan_http_rejected_connections_total counter\n";
    fmt::format_to(std::back_inserter(out), "layan_http_rejected_connections_total {}\n",
                   rejected_connections_.load(std::memory_order_relaxed));
    return out;
}

}  // namespace layan::http
