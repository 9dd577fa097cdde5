#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>

namespace layan::testing {

namespace {

int Connect(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        throw std::runtime_error("socket failed");
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {  // NOLINT
        ::close(fd);
        throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed: " + std::strerror(errno));
    }
    return fd;
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

std::string SendRaw(int port, const std::string& bytes, int timeout_ms) {
    int fd = Connect(port);
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            break;  // the server may close early (e.g. on an oversize request): read what it said
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string out;
    char buffer[8192];
    pollfd pfd{fd, POLLIN, 0};
    while (::poll(&pfd, 1, timeout_ms) > 0) {
        auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

HttpResponse SendRequest(int port, const std::string& method, const std::string& target, const std::string& body,
                         const std::map<std::string, std::string>& headers) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    bool has_type = false;
    for (const auto& [name, value] : headers) {
        request += name + ": " + value + "\r\n";
        has_type = has_type || Lower(name) == "content-type";
    }
    if (!body.empty() && !has_type) {
        request += "Content-Type: application/json\r\n";
    }
    if (!body.empty() || method == "POST") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    auto raw = SendRaw(port, request, 10000);

    HttpResponse response;
    auto head_end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || head_end == std::string::npos) {
        throw std::runtime_error("no HTTP response: '" + raw.substr(0, 200) + "'");
    }
    response.status = std::stoi(raw.substr(9, 3));
    std::size_t pos = raw.find("\r\n") + 2;
    while (pos < head_end) {
        auto eol = raw.find("\r\n", pos);
        auto line = raw.substr(pos, eol - pos);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            auto& slot = response.headers[Lower(line.substr(0, colon))];
            slot += (slot.empty() ? "" : "\n") + value;
        }
        pos = eol + 2;
    }
    response.body = raw.substr(head_end + 4);
    return response;
}

}  // namespace layan::testing
