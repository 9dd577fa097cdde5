// A minimal layan server for load tests: the real Server with only its built-in routes (/healthz, /readyz,
// /metrics). Usage: layan_http_bench_server [port] [threads] [--access-log]

#include <cstdlib>
#include <iostream>
#include <string_view>

#include <spdlog/spdlog.h>

#include "layan/http/server.h"

int main(int argc, char** argv) {
    layan::http::ServerOptions options;
    options.port = 8080;
    options.threads = 2;
    options.access_log = false;
    options.stop_on_signals = true;
    int positional = 0;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--access-log") {
            options.access_log = true;
        } else if (positional == 0) {
            options.port = static_cast<std::uint16_t>(std::atoi(argv[i]));
            ++positional;
        } else {
            options.threads = std::atoi(argv[i]);
            ++positional;
        }
    }
    layan::http::Router router;
    layan::http::SseHub hub;
    layan::http::Metrics metrics;
    layan::http::Server server(options, router, hub, metrics);
    try {
        auto port = server.Listen();
        std::cout << "listening on 127.0.0.1:" << port << std::endl;
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    server.Run();
    return 0;
}
