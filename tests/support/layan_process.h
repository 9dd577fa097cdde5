#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "http_client.h"

namespace layan::testing {

/// Who a request is sent as: anonymous (empty), a signed-in browser (session cookie + CSRF token), or a device
/// (bearer token of a kiosk or board).
struct Session {
    std::string cookie;      ///< "layan_session=...; layan_csrf=..." as a browser sends it.
    std::string csrf_token;  ///< Echoed in X-CSRF-Token on state-changing requests, as the pages do.
    std::string bearer;      ///< A device token: sent as "Authorization: Bearer <token>".

    /// The headers a request carries for this caller and method.
    [[nodiscard]] std::map<std::string, std::string> Headers(const std::string& method) const;
};

/// The backend the end-to-end suites run on: SQLite by default; PostgreSQL when TEST_BACKEND is
/// a postgresql:// URL (ctest runs each such suite a second time so, with the throwaway cluster's URL,
/// as tests named "...@postgres"). A test names its database by a file path either way; on PostgreSQL
/// the path stands for a schema of its own, and every layan the tests start gets one vault key file.
[[nodiscard]] bool OnPostgres();

/// The --database URL for the database the tests call `path`: "sqlite://<path>", or a PostgreSQL URL
/// selecting the schema of `path` (created on first use). A `path` that is a URL already (sqlite://...,
/// postgresql://...) names that database, on either backend.
[[nodiscard]] std::string TestDatabaseUrl(const std::string& path);

/// The environment every layan the tests start gets on top of theirs ("NAME=value" each): on PostgreSQL,
/// the vault's key file.
[[nodiscard]] std::vector<std::string> TestEnvironment();

/// Runs `sql` on the database of `path` through a plain connection of its own (sqlite3 on the file,
/// libpq on the schema): what an intruder holding the database can do. Throws std::runtime_error.
void IntruderSql(const std::string& path, const std::string& sql);

/// The first column of the first row `sql` returns, as text ("" when none), read like IntruderSql.
[[nodiscard]] std::string IntruderQueryOne(const std::string& path, const std::string& sql);

/// The password `layan seed-demo` gives every demo account.
inline constexpr const char* kDemoPassword = "layan-demo";

/// Runs the real `layan` binary (LAYAN_BIN) as a child process, for end-to-end tests.
class LayanProcess {
public:
    /// A fresh, migrated and seeded database (see TestDatabaseUrl) in a new temporary folder; its path.
    static std::string NewDemoDatabase();

    /// Runs `layan <args>` to completion; returns its exit code, with stdout+stderr in `output`.
    static int RunToEnd(const std::vector<std::string>& args, std::string* output = nullptr,
                        const std::vector<std::string>& env = {});

    /// Starts `layan serve --database <TestDatabaseUrl(db)> --port 0 <extra>` and waits until it prints its URL.
    /// The clock starts on a Monday morning in opening hours (--clock-start) unless `extra` sets it.
    explicit LayanProcess(std::string database_path, std::vector<std::string> extra = {});
    ~LayanProcess();
    LayanProcess(const LayanProcess&) = delete;
    LayanProcess& operator=(const LayanProcess&) = delete;

    [[nodiscard]] int port() const { return port_; }

    /// Everything the server wrote to stdout and stderr so far.
    [[nodiscard]] std::string Log() const;

    /// SIGKILL, no goodbye: what a power cut or the OOM killer does to the process.
    void Kill9();
    /// SIGTERM and wait; returns the exit status.
    int Terminate();

    HttpResponse Get(const std::string& target, const Session& as = {}) const {
        return SendRequest(port_, "GET", target, "", as.Headers("GET"));
    }
    HttpResponse Post(const std::string& target, const std::string& body = "", const Session& as = {}) const {
        return SendRequest(port_, "POST", target, body, as.Headers("POST"));
    }
    HttpResponse Put(const std::string& target, const std::string& body = "", const Session& as = {}) const {
        return SendRequest(port_, "PUT", target, body, as.Headers("PUT"));
    }
    HttpResponse Delete(const std::string& target, const Session& as = {}) const {
        return SendRequest(port_, "DELETE", target, "", as.Headers("DELETE"));
    }

    /// Signs in through POST /api/v1/session (demo accounts: username = officer id, or "supervisor", "admin",
    /// "auditor"; password kDemoPassword) and returns the browser session. Throws std::runtime_error when refused.
    [[nodiscard]] Session LoginAs(const std::string& username, const std::string& password = kDemoPassword) const;

    /// A new kiosk or board of `hall`, made by the demo admin through POST /api/v1/devices, as a bearer session.
    [[nodiscard]] Session NewDevice(const std::string& hall, const std::string& kind = "kiosk") const;

private:
    pid_t pid_ = -1;
    int port_ = 0;
    int output_fd_ = -1;
    std::string log_path_;
};

/// The Monday 08:00 WIB the end-to-end tests live in.
inline constexpr const char* kMondayMorning = "2026-11-30T08:00:00+07:00";

}  // namespace layan::testing
