#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace layan::bench {

namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::runtime_error SocketError(const char* what) {
    return std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

int ConnectLoopback(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw SocketError("socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        auto error = SocketError("connect to 127.0.0.1");
        ::close(fd);
        throw error;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

HttpConnection::HttpConnection(std::uint16_t port, std::chrono::seconds timeout) : port_(port), timeout_(timeout) {
    Connect();
}

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Connect() {
    fd_ = ConnectLoopback(port_);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count());
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    in_.clear();
}

void HttpConnection::Close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

void HttpConnection::ReadMore() {
    char chunk[16 * 1024];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n < 0) {
        throw SocketError("recv");
    }
    if (n == 0) {
        throw std::runtime_error("the server closed the connection in the middle of a response");
    }
    in_.append(chunk, static_cast<std::size_t>(n));
}

HttpResponse HttpConnection::Send(std::string_view method, std::string_view target, std::string_view body,
                                  const Headers& headers) {
    if (fd_ < 0) {
        Connect();
    }
    std::string out;
    out.reserve(256 + body.size());
    out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (const auto& [name, value] : headers) {
        out.append(name).append(": ").append(value).append("\r\n");
    }
    if (!body.empty()) {
        out.append("Content-Type: application/json\r\n");
    }
    if (!body.empty() || method == "POST") {
        out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    out.append("\r\n").append(body);
    for (std::size_t sent = 0; sent < out.size();) {
        ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            throw SocketError("send");
        }
        sent += static_cast<std::size_t>(n);
    }

    std::size_t head_end = 0;
    while ((head_end = in_.find("\r\n\r\n")) == std::string::npos) {
        ReadMore();
    }
    HttpResponse response;
    std::string_view head(in_.data(), head_end);
    std::size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
        throw std::runtime_error("unreadable status line: " + std::string(status_line));
    }
    response.status = std::stoi(std::string(status_line.substr(9, 3)));
    std::size_t content_length = 0;
    bool close_after = false;
    while (line_end != std::string_view::npos && line_end < head.size()) {
        std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        std::string_view line =
            head.substr(start, line_end == std::string_view::npos ? head.size() - start : line_end - start);
        auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string name = Lower(line.substr(0, colon));
        std::string value(Trim(line.substr(colon + 1)));
        if (name == "content-length") {
            content_length = std::stoul(value);
        } else if (name == "connection" && Lower(value) == "close") {
            close_after = true;
        } else if (name == "transfer-encoding") {
            throw std::runtime_error("chunked responses are not supported by this client");
        }
        response.headers.emplace_back(std::move(name), std::move(value));
    }
    if (method == "HEAD" || response.status == 204 || response.status == 304) {
        content_length = 0;
    }
    std::size_t total = head_end + 4 + content_length;
    while (in_.size() < total) {
        ReadMore();
    }
    response.body = in_.substr(head_end + 4, content_length);
    in_.erase(0, total);
    if (close_after) {
        Close();
    }
    return response;
}

double Samples::Percentile(double p) const {
    if (values_.empty()) {
        return 0;
    }
    std::vector<double> sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace layan::bench
