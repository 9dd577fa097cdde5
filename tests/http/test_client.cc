#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace layan::http::testing {

std::optional<std::string> ClientResponse::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) {
            return value;
        }
    }
    return std::nullopt;
}

TestClient::TestClient(std::uint16_t port, std::chrono::milliseconds timeout) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) {
        throw std::runtime_error("socket() failed");
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error(std::string("connect() failed: ") + std::strerror(errno));
    }
}

TestClient::~TestClient() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool TestClient::Send(std::string_view bytes) {
    while (!bytes.empty()) {
        auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool TestClient::SendRequest(std::string_view method, std::string_view target, std::string_view body,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string request;
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (const auto& [name, value] : headers) {
        request.append(name).append(": ").append(value).append("\r\n");
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    request.append("\r\n").append(body);
    return Send(request);
}

bool TestClient::Fill() {
    char chunk[16384];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        throw std::runtime_error("timed out waiting for the server");
    }
    if (n <= 0) {
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

ClientResponse TestClient::ReadHead() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!Fill()) {
            throw std::runtime_error("connection closed before a response head; got: " + buffer_);
        }
    }
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    ClientResponse response;
    auto line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.1 ", 0) != 0) {
        throw std::runtime_error("bad status line: " + status_line);
    }
    response.status = std::stoi(status_line.substr(9, 3));
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        auto next = head.find("\r\n", pos);
        if (next == std::string::npos) {
            next = head.size();
        }
        std::string line = head.substr(pos, next - pos);
        auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        response.headers.emplace_back(std::move(name), std::move(value));
        pos = next + 2;
    }
    return response;
}

ClientResponse TestClient::ReadResponse(bool head) {
    ClientResponse response = ReadHead();
    if (response.status == 100) {
        return ReadResponse(head);
    }
    if (head || response.status == 204 || response.status == 304) {
        return response;
    }
    if (auto length = response.Header("content-length")) {
        auto n = static_cast<std::size_t>(std::stoul(*length));
        while (buffer_.size() < n) {
            if (!Fill()) {
                throw std::runtime_error("connection closed inside a body");
            }
        }
        response.body = buffer_.substr(0, n);
        buffer_.erase(0, n);
        return response;
    }
    while (Fill()) {
    }
    response.body = std::move(buffer_);
    buffer_.clear();
    return response;
}

ClientResponse TestClient::Request(std::string_view method, std::string_view target, std::string_view body,
                                   const std::vector<std::pair<std::string, std::string>>& headers) {
    if (!SendRequest(method, target, body, headers)) {
        throw std::runtime_error("send failed");
    }
    return ReadResponse(method == "HEAD");
}

std::string TestClient::ReadUntil(std::string_view marker) {
    while (buffer_.find(marker) == std::string::npos) {
        if (!Fill()) {
            throw std::runtime_error("connection closed before \"" + std::string(marker) + "\"; got: " + buffer_);
        }
    }
    return buffer_;
}

bool TestClient::WaitForClose(std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{fd_, POLLIN, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (::poll(&pfd, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 1))) <= 0) {
            continue;
        }
        char chunk[4096];
        auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            return true;
        }
    }
    return false;
}

}  // namespace layan::http::testing
