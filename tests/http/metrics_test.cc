#include "layan/http/metrics.h"

#include <gtest/gtest.h>

namespace layan::http {
namespace {

using std::chrono::microseconds;

bool Has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

TEST(Metrics, CountsRequestsByRouteMethodAndStatusClass) {
    Metrics metrics;
    metrics.Observe("/halls/{hall}", "GET", 200, microseconds(100));
    metrics.Observe("/halls/{hall}", "GET", 204, microseconds(100));
    metrics.Observe("/halls/{hall}", "GET", 404, microseconds(100));
    metrics.Observe("/halls/{hall}", "POST", 503, microseconds(100));
    auto text = metrics.RenderPrometheus();
    EXPECT_TRUE(Has(text, R"(layan_http_requests_total{route="/halls/{hall}",method="GET",status="2xx"} 2)")) << text;
    EXPECT_TRUE(Has(text, R"(layan_http_requests_total{route="/halls/{hall}",method="GET",status="4xx"} 1)")) << text;
    EXPECT_TRUE(Has(text, R"(layan_http_requests_total{route="/halls/{hall}",method="POST",status="5xx"} 1)")) << text;
    EXPECT_TRUE(Has(text, "# TYPE layan_http_requests_total counter"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    Metrics metrics;
    metrics.Observe("/r", "GET", 200, microseconds(50));         // <= 0.0001 s
    metrics.Observe("/r", "GET", 200, microseconds(700));        // <= 0.001 s
    metrics.Observe("/r", "GET", 200, microseconds(3'000'000));  // > 2.5 s
    auto text = metrics.RenderPrometheus();
    const std::string labels = R"(route="/r",method="GET")";
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_bucket{" + labels + R"(,le="0.0001"} 1)")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_bucket{" + labels + R"(,le="0.0005"} 1)")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_bucket{" + labels + R"(,le="0.001"} 2)")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_bucket{" + labels + R"(,le="2.5"} 2)")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_bucket{" + labels + R"(,le="+Inf"} 3)")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_count{" + labels + "} 3")) << text;
    EXPECT_TRUE(Has(text, "layan_http_request_duration_seconds_sum{" + labels + "} 3.00075")) << text;
}

TEST(Metrics, UnknownMethodsShareOneSeriesAndLabelsAreEscaped) {
    Metrics metrics;
    metrics.Observe("/a", "BREW", 200, microseconds(1));
    metrics.Observe("/a", "PROPFIND", 200, microseconds(1));
    metrics.Observe("/q\"x\\", "GET", 200, microseconds(1));
    auto text = metrics.RenderPrometheus();
    EXPECT_TRUE(Has(text, R"(layan_http_requests_total{route="/a",method="OTHER",status="2xx"} 2)")) << text;
    EXPECT_TRUE(Has(text, R"(layan_http_requests_total{route="/q\"x\\",method="GET",status="2xx"} 1)")) << text;
}

TEST(Metrics, RendersGauges) {
    Metrics metrics;
    metrics.AddOpenConnections(3);
    metrics.AddOpenConnections(-1);
    metrics.AddSseSubscribers(1);
    metrics.CountRejectedConnection();
    auto text = metrics.RenderPrometheus();
    EXPECT_TRUE(Has(text, "layan_http_open_connections 2")) << text;
    EXPECT_TRUE(Has(text, "layan_http_sse_subscribers 1")) << text;
    EXPECT_TRUE(Has(text, "layan_http_rejected_connections_total 1")) << text;
    EXPECT_TRUE(Has(text, "# TYPE layan_http_open_connections gauge"));
}

}  // namespace
}  // namespace layan::http
