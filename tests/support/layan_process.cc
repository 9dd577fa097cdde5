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
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

namespace layan::testing {

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// fork + exec of the binary with stdout and stderr into `log_path`.
/// On PostgreSQL, the vault key file every layan of this test process uses (written once, 0600).
std::string PostgresKeyFile() {
    static const std::string path = [] {
        auto file =
            (std::filesystem::temp_directory_path() / ("layan-test-vault-" + std::to_string(::getpid()) + ".key"))
                .string();
        std::random_device random;
        std::string hex;
        for (int i = 0; i < 32; ++i) {
            hex += fmt::format("{:02x}", random() & 0xff);
        }
        std::filesystem::remove(file);
        int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            throw std::runtime_error("cannot write the test vault key " + file);
        }
        std::string text = "# layan personal-data master key (tests)\n" + hex + "\n";
        bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        ::close(fd);
        if (!written) {
            throw std::runtime_error("cannot write the test vault key " + file);
        }
        return file;
    }();
    // Removed when the test process ends.
    static const struct Remover {
        explicit Remover(std::string path_to_remove) : file(std::move(path_to_remove)) {}
        std::string file;
        Remover(const Remover&) = delete;
        Remover& operator=(const Remover&) = delete;
        ~Remover() {
            std::error_code ignored;
            std::filesystem::remove(file, ignored);
        }
    } remover{path};
    return path;
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& log_path, std::vector<std::string> env) {
    auto common = TestEnvironment();
    env.insert(env.begin(), common.begin(), common.end());
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

std::vector<std::string> TestEnvironment() {
    if (!OnPostgres()) {
        return {};
    }
    // One uploads folder for every layan of this test process, as the nodes of a cluster share one.
    static const std::string uploads =
        (std::filesystem::temp_directory_path() / ("layan-test-uploads-" + std::to_string(::getpid()))).string();
    static const struct UploadsRemover {
        ~UploadsRemover() {
            std::error_code ignored;
            std::filesystem::remove_all(uploads, ignored);
        }
    } remover{};
    return {"LAYAN_PERSONAL_DATA_KEY_FILE=" + PostgresKeyFile(), "LAYAN_UPLOADS_DIR=" + uploads};
}

bool OnPostgres() {
    const char* backend = std::getenv("TEST_BACKEND");
    return backend != nullptr && std::string_view(backend).starts_with("postgres");
}

std::string TestDatabaseUrl(const std::string& path) {
    if (path.starts_with("sqlite://") || path.starts_with("postgresql://")) {
        return path;  // a database named by its URL
    }
    if (!OnPostgres()) {
        return "sqlite://" + path;
    }
    const char* server = std::getenv("TEST_BACKEND");
    // One schema per path, named by a hash of it; created once, kept until the cluster is thrown away.
    auto schema = fmt::format("e2e_{:016x}", std::hash<std::string>{}(path));
    static std::mutex mutex;
    static std::set<std::string> created;
    std::lock_guard lock(mutex);
    if (!created.contains(schema)) {
        PGconn* connection = PQconnectdb(server);
        PGresult* result = PQexec(connection, ("CREATE SCHEMA IF NOT EXISTS " + schema).c_str());
        bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        std::string error = PQerrorMessage(connection);
        PQclear(result);
        PQfinish(connection);
        if (!ok) {
            throw std::runtime_error("cannot create schema " + schema + ": " + error);
        }
        created.insert(schema);
    }
    std::string url = server;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

namespace {

/// Runs one SQL text on PostgreSQL; the first value of the first row ("" when none).
std::string PostgresSql(const std::string& path, const std::string& sql) {
    PGconn* connection = PQconnectdb(TestDatabaseUrl(path).c_str());
    PGresult* result = PQexec(connection, sql.c_str());
    auto status = PQresultStatus(result);
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    std::string value = ok && status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    std::string error = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    if (!ok) {
        throw std::runtime_error(error + " in " + sql);
    }
    return value;
}

}  // namespace

void IntruderSql(const std::string& path, const std::string& sql) {
    if (OnPostgres()) {
        (void)PostgresSql(path, sql);
        return;
    }
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr);
    char* error = nullptr;
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
    }
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    sqlite3_close(handle);
    if (rc != SQLITE_OK) {
        throw std::runtime_error(message + " in " + sql);
    }
}

std::string IntruderQueryOne(const std::string& path, const std::string& sql) {
    if (OnPostgres()) {
        return PostgresSql(path, sql);
    }
    sqlite3* handle = nullptr;
    sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        value = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return value;
}

std::string LayanProcess::NewDemoDatabase() {
    auto path = NewTempDir() + "/layan.db";
    std::string output;
    if (RunToEnd({"seed-demo", "--database", TestDatabaseUrl(path)}, &output) != 0) {
        throw std::runtime_error("seed-demo failed: " + output);
    }
    return path;
}

LayanProcess::LayanProcess(std::string database_path, std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve",       "--database", TestDatabaseUrl(database_path), "--port", "0",
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
    // Beside the database file; for a database named by its URL, beside its file or in a folder of its own.
    std::string base = database_path;
    if (base.starts_with("sqlite://")) {
        base.erase(0, std::string_view("sqlite://").size());
    } else if (base.starts_with("postgresql://")) {
        base = NewTempDir() + "/postgres";
    }
    auto log = base + ".serve." + std::to_string(serial++) + ".log";
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
