// Server-Sent Events fan-out: opens many connections to a hall's event stream
// (GET /api/v1/halls/{hall}/events), then issues tickets one at a time and measures, for each ticket_issued
// event, the time from sending the POST to each connection receiving the event. Also reports the server's
// resident memory per connection (VmRSS of --pid before and after connecting).
//
// One thread and one epoll set hold every connection, the kiosk's included, so a delivery's time includes the
// time this client takes to read the connections served before it; with 1,000 connections that is part of what
// a display board fleet would see too.
//
// Usage: layan_sse_fanout --port P [--pid SERVER_PID] [--connections 1000] [--events 30] [--interval-ms 100]
//                         [--hall mpp-mojokerto] [--service KTP] [--event-timeout-ms 5000]
// Prints a summary and one "RESULT key=value ..." line for scripts. Exits non-zero when not every connection was
// subscribed or an event reached no connection.

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstdlib>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "http_client.h"

namespace {

using layan::bench::Ms;
using layan::bench::Samples;
using SteadyClock = std::chrono::steady_clock;

struct Options {
    std::uint16_t port = 0;
    int pid = 0;
    int connections = 1000;
    int events = 30;
    int interval_ms = 100;
    std::string hall = "mpp-mojokerto";
    std::string service = "KTP";
    int event_timeout_ms = 5000;
    int connect_timeout_s = 60;
};

// Flags as bench/run.sh passes them; --help lists them. A bad flag exits with CLI11's message.
Options ParseOptions(int argc, char** argv) {
    Options options;
    CLI::App app{"Server-Sent Events fan-out: delivery latency and server memory per stream"};
    app.add_option("--port", options.port, "port of the running layan serve on 127.0.0.1")->required();
    app.add_option("--pid", options.pid, "the server's process id, to read its memory (0: not measured)");
    app.add_option("--connections", options.connections, "event streams to open");
    app.add_option("--events", options.events, "tickets to issue, one event each");
    app.add_option("--interval-ms", options.interval_ms, "time between two tickets");
    app.add_option("--hall", options.hall, "hall id");
    app.add_option("--service", options.service, "service of the tickets");
    app.add_option("--event-timeout-ms", options.event_timeout_ms, "how long to wait for an event on every stream");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::exit(app.exit(e));
    }
    return options;
}

/// VmRSS of a process in KiB; 0 when unknown.
long RssKib(int pid) {
    if (pid <= 0) {
        return 0;
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

void RaiseFileLimit(int wanted) {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < static_cast<rlim_t>(wanted)) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < static_cast<rlim_t>(wanted)) {
        throw std::runtime_error("open files are limited to " + std::to_string(limit.rlim_cur) + ", " +
                                 std::to_string(wanted) + " needed: raise ulimit -n");
    }
}

void SendAll(int fd, const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        if (n < 0) {
            throw std::runtime_error(std::string("send: ") + std::strerror(errno));
        }
        sent += static_cast<std::size_t>(n);
    }
}

/// One event-stream connection.
struct Stream {
    int fd = -1;
    std::string in;
    bool subscribed = false;  // The 200 head arrived: the server holds a subscription.
    bool failed = false;      // Refused (not 200) or closed.
    int seen = 0;             // ticket_issued events received so far.
};

/// The kiosk's keep-alive connection, read from the same epoll loop.
struct Kiosk {
    int fd = -1;
    std::string in;
    bool waiting = false;
    SteadyClock::time_point sent_at{};
    int last_status = 0;
};

class FanOut {
public:
    explicit FanOut(Options options) : options_(std::move(options)), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        if (epoll_ < 0) {
            throw std::runtime_error("epoll_create1 failed");
        }
    }
    ~FanOut() {
        for (auto& stream : streams_) {
            if (stream.fd >= 0) {
                ::close(stream.fd);
            }
        }
        if (kiosk_.fd >= 0) {
            ::close(kiosk_.fd);
        }
        ::close(epoll_);
    }
    FanOut(const FanOut&) = delete;
    FanOut& operator=(const FanOut&) = delete;

    /// Opens every stream and waits until each is subscribed or refused. Returns the number subscribed.
    int Connect() {
        const std::string request = "GET /api/v1/halls/" + options_.hall +
                                    "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
        streams_.resize(static_cast<std::size_t>(options_.connections));
        for (std::size_t i = 0; i < streams_.size(); ++i) {
            streams_[i].fd = layan::bench::ConnectLoopback(options_.port);
            SendAll(streams_[i].fd, request);
            Watch(streams_[i].fd, i);
        }
        kiosk_.fd = layan::bench::ConnectLoopback(options_.port);
        Watch(kiosk_.fd, kKioskTag);
        auto deadline = SteadyClock::now() + std::chrono::seconds{options_.connect_timeout_s};
        while (SteadyClock::now() < deadline && Pending() > 0) {
            Poll(50);
        }
        return static_cast<int>(
            std::count_if(streams_.begin(), streams_.end(), [](const Stream& s) { return s.subscribed && !s.failed; }));
    }

    /// Issues one ticket and waits until every live stream has its event (or the timeout). Records deliveries.
    void Trigger(int k) {
        const std::string body = "{\"service\":\"" + options_.service + "\"}";
        const std::string request = "POST /api/v1/halls/" + options_.hall +
                                    "/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    "Content-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body;
        current_ = k;
        event_sent_at_ = SteadyClock::now();
        kiosk_.sent_at = event_sent_at_;
        kiosk_.waiting = true;
        SendAll(kiosk_.fd, request);
        auto deadline = event_sent_at_ + std::chrono::milliseconds{options_.event_timeout_ms};
        while (SteadyClock::now() < deadline && (kiosk_.waiting || Behind(k) > 0)) {
            Poll(10);
        }
        missing_ += Behind(k);
        if (kiosk_.last_status != 201) {
            ++post_failures_;
        }
    }

    /// Keeps reading (heartbeats, late events) for `ms`.
    void Idle(int ms) {
        auto until = SteadyClock::now() + std::chrono::milliseconds{ms};
        while (SteadyClock::now() < until) {
            Poll(static_cast<int>(std::max<double>(1, Ms(SteadyClock::now(), until))));
        }
    }

    [[nodiscard]] const Samples& Deliveries() const { return deliveries_; }
    [[nodiscard]] const Samples& PostLatency() const { return post_latency_; }
    [[nodiscard]] long Missing() const { return missing_; }
    [[nodiscard]] int PostFailures() const { return post_failures_; }
    [[nodiscard]] int Dropped() const {
        return static_cast<int>(
            std::count_if(streams_.begin(), streams_.end(), [](const Stream& s) { return s.subscribed && s.failed; }));
    }

private:
    static constexpr std::uint64_t kKioskTag = ~std::uint64_t{0};

    void Watch(int fd, std::uint64_t tag) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = tag;
        if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) {
            throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
        }
    }

    [[nodiscard]] long Pending() const {
        return std::count_if(streams_.begin(), streams_.end(),
                             [](const Stream& s) { return !s.subscribed && !s.failed; });
    }

    /// Live streams that have not yet received event k.
    [[nodiscard]] long Behind(int k) const {
        return std::count_if(streams_.begin(), streams_.end(),
                             [k](const Stream& s) { return s.subscribed && !s.failed && s.seen <= k; });
    }

    void Poll(int timeout_ms) {
        epoll_event ready[256];
        int n = ::epoll_wait(epoll_, ready, 256, timeout_ms);
        auto now = SteadyClock::now();
        for (int i = 0; i < n; ++i) {
            if (ready[i].data.u64 == kKioskTag) {
                ReadKiosk(now);
            } else {
                ReadStream(streams_[ready[i].data.u64], now);
            }
        }
    }

    /// Reads what is there; false when the peer closed or failed.
    static bool Drain(int fd, std::string& in) {
        char chunk[16 * 1024];
        while (true) {
            ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
            if (n > 0) {
                in.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
    }

    void ReadStream(Stream& stream, SteadyClock::time_point now) {
        if (!Drain(stream.fd, stream.in)) {
            stream.failed = true;
            ::epoll_ctl(epoll_, EPOLL_CTL_DEL, stream.fd, nullptr);
            ::close(stream.fd);
            stream.fd = -1;
            return;
        }
        if (!stream.subscribed) {
            auto head_end = stream.in.find("\r\n\r\n");
            if (head_end == std::string::npos) {
                return;
            }
            if (!stream.in.starts_with("HTTP/1.1 200")) {
                stream.failed = true;
                return;
            }
            stream.subscribed = true;
            stream.in.erase(0, head_end + 4);
        }
        // Whole messages end with a blank line; count the ticket_issued ones.
        std::size_t start = 0;
        for (std::size_t end; (end = stream.in.find("\n\n", start)) != std::string::npos; start = end + 2) {
            std::string_view message(stream.in.data() + start, end - start);
            if (message.starts_with("event: ticket_issued\n") ||
                message.find("\nevent: ticket_issued\n") != std::string_view::npos) {
                if (stream.seen == current_) {
                    deliveries_.Add(Ms(event_sent_at_, now));
                }
                ++stream.seen;
            }
        }
        stream.in.erase(0, start);
    }

    void ReadKiosk(SteadyClock::time_point now) {
        if (!Drain(kiosk_.fd, kiosk_.in)) {
            throw std::runtime_error("the server closed the kiosk connection");
        }
        auto head_end = kiosk_.in.find("\r\n\r\n");
        if (head_end == std::string::npos) {
            return;
        }
        std::size_t length = 0;
        std::string head = kiosk_.in.substr(0, head_end);
        std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
        if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
            length = std::stoul(head.substr(at + 17));
        }
        if (kiosk_.in.size() < head_end + 4 + length) {
            return;
        }
        kiosk_.last_status = std::stoi(kiosk_.in.substr(9, 3));
        kiosk_.in.erase(0, head_end + 4 + length);
        if (kiosk_.waiting) {
            post_latency_.Add(Ms(kiosk_.sent_at, now));
            kiosk_.waiting = false;
        }
    }

    Options options_;
    int epoll_;
    std::vector<Stream> streams_;
    Kiosk kiosk_;
    int current_ = -1;
    SteadyClock::time_point event_sent_at_{};
    Samples deliveries_;
    Samples post_latency_;
    long missing_ = 0;
    int post_failures_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    try {
        Options options = ParseOptions(argc, argv);
        RaiseFileLimit(options.connections + 64);
        FanOut fan_out(options);

        const long rss_before = RssKib(options.pid);
        const int subscribed = fan_out.Connect();
        fan_out.Idle(1000);  // Let the server settle before reading its memory.
        const long rss_after = RssKib(options.pid);
        const double kib_per_connection =
            subscribed > 0 ? static_cast<double>(rss_after - rss_before) / static_cast<double>(subscribed) : 0;
        std::printf("%d of %d streams subscribed; server RSS %ld KiB -> %ld KiB (%.1f KiB per connection)\n",
                    subscribed, options.connections, rss_before, rss_after, kib_per_connection);

        for (int k = 0; k < options.events; ++k) {
            fan_out.Trigger(k);
            fan_out.Idle(options.interval_ms);
        }
        const auto& deliveries = fan_out.Deliveries();
        std::printf("%d events x %d streams: %zu deliveries, %ld missing, %d dropped streams, %d failed POSTs\n",
                    options.events, subscribed, deliveries.Count(), fan_out.Missing(), fan_out.Dropped(),
                    fan_out.PostFailures());
        std::printf("POST -> event received:  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", deliveries.Percentile(50),
                    deliveries.Percentile(99), deliveries.Percentile(100));
        std::printf("POST -> 201 response:    p50 %.2f ms  p99 %.2f ms\n", fan_out.PostLatency().Percentile(50),
                    fan_out.PostLatency().Percentile(99));
        std::printf(
            "RESULT connections=%d subscribed=%d events=%d deliveries=%zu missing=%ld dropped=%d post_failures=%d "
            "delivery_p50_ms=%.2f delivery_p99_ms=%.2f delivery_max_ms=%.2f post_p50_ms=%.2f rss_before_kib=%ld "
            "rss_after_kib=%ld kib_per_connection=%.1f\n",
            options.connections, subscribed, options.events, deliveries.Count(), fan_out.Missing(), fan_out.Dropped(),
            fan_out.PostFailures(), deliveries.Percentile(50), deliveries.Percentile(99), deliveries.Percentile(100),
            fan_out.PostLatency().Percentile(50), rss_before, rss_after, kib_per_connection);
        return subscribed == options.connections && fan_out.Missing() == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "layan_sse_fanout: %s\n", e.what());
        return 2;
    }
}
