#include "layan_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace layan::testing {

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// fork + exec of the binary with stdout and stderr into `log_path`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log_path, const std::vector<std::string>& env) {
    pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        for (const auto& e : env) {
            ::putenv(const_cast<char*>(e.c_str()));  // NOLINT: the child execs right away
        }
        std::vector<char*> argv;
        std::string bin = LAYAN_BIN;
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

/// The value of cookie `name` among the Set-Cookie lines of a response ("" when absent).
std::string SetCookieValue(const HttpResponse& response, const std::string& name) {
    auto it = response.headers.find("set-cookie");
    if (it == response.headers.end()) {
        return "";
    }
    std::stringstream lines(it->second);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(name + "=", 0) == 0) {
            return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
        }
    }
    return "";
}

std::string NewTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "layan-e2e-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return pattern;
}

}  // namespace

int LayanProcess::RunToEnd(const std::vector<std::string>& args, std::string* output,
                           const std::vector<std::string>& env) {
    auto log = NewTempDir() + "/out.log";
    pid_t pid = Spawn(args, log, env);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output != nullptr) {
        *output = ReadFile(log);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string LayanProcess::NewDemoDatabase() {
    auto path = NewTempDir() + "/layan.db";
    std::string output;
    if (RunToEnd({"seed-demo", "--database", "sqlite://" + path}, &output) != 0) {
        throw std::runtime_error("seed-demo failed: " + output);
    }
    return path;
}

LayanProcess::LayanProcess(std::string database_path, std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve",       "--database", "sqlite://" + database_path, "--port", "0",
                                     "--log-level", "warn"};
    bool has_clock = false;
    for (const auto& a : extra) {
        has_clock = has_clock || a == "--clock-start";
    }
    if (!has_clock) {
        args.insert(args.end(), {"--clock-start", kMondayMorning});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    static std::atomic<int> serial{0};  // each server its own log: two may share a database
    auto log = database_path + ".serve." + std::to_string(serial++) + ".log";
    log_path_ = log;
    pid_ = Spawn(args, log, {});
    const std::string marker = "serving on http://127.0.0.1:";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        auto text = ReadFile(log);
        if (auto at = text.find(marker); at != std::string::npos) {
            port_ = std::stoi(text.substr(at + marker.size(), 5));
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("layan serve exited at start: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Kill9();
    throw std::runtime_error("layan serve did not start in time: " + ReadFile(log));
}

std::map<std::string, std::string> Session::Headers(const std::string& method) const {
    std::map<std::string, std::string> headers;
    if (!bearer.empty()) {
        headers["Authorization"] = "Bearer " + bearer;
    }
    if (!cookie.empty()) {
        headers["Cookie"] = cookie;
        if (method != "GET" && method != "HEAD") {
            headers["X-CSRF-Token"] = csrf_token;
        }
    }
    return headers;
}

Session LayanProcess::LoginAs(const std::string& username, const std::string& password) const {
    nlohmann::json credentials{{"username", username}, {"password", password}};
    auto response = SendRequest(port_, "POST", "/api/v1/session", credentials.dump());
    if (response.status != 200) {
        throw std::runtime_error("sign-in of " + username + " refused: " + std::to_string(response.status) + " " +
                                 response.body);
    }
    Session session;
    auto token = SetCookieValue(response, "layan_session");
    session.csrf_token = SetCookieValue(response, "layan_csrf");
    session.cookie = "layan_session=" + token + "; layan_csrf=" + session.csrf_token;
    return session;
}

Session LayanProcess::NewDevice(const std::string& hall, const std::string& kind) const {
    auto admin = LoginAs("admin");
    nlohmann::json device{{"hall", hall}, {"kind", kind}, {"name", kind + " (test)"}};
    auto response = Post("/api/v1/devices", device.dump(), admin);
    if (response.status != 201) {
        throw std::runtime_error("creating a " + kind + " failed: " + response.body);
    }
    return Session{.cookie = "", .csrf_token = "", .bearer = response.Json()["token"].get<std::string>()};
}

std::string LayanProcess::Log() const { return ReadFile(log_path_); }

LayanProcess::~LayanProcess() {
    if (pid_ > 0) {
        Terminate();
    }
}

void LayanProcess::Kill9() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
}

int LayanProcess::Terminate() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace layan::testing
