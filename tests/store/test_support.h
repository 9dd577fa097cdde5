#pragma once

#include <stdlib.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "layan/store/database.h"

namespace layan::store::test {

/// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "layan-store-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// "sqlite:///tmp/layan-store-abc123/<name>".
    [[nodiscard]] std::string SqliteUrl(const std::string& name = "layan.db") const {
        return "sqlite://" + (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

/// The PostgreSQL server the tests may use (TEST_POSTGRES_URL, set by ctest to the throwaway
/// cluster of scripts/pg-test-cluster.sh); empty when the tests run without one.
inline std::string PostgresServerUrl() {
    const char* url = std::getenv("TEST_POSTGRES_URL");
    return url != nullptr ? url : "";
}

/// A PostgreSQL database of its own for the scratch directory `dir`: a schema created on the test
/// server the first time, named in `dir`/pg-schema so that a reopen finds the same one. Its URL selects
/// the schema (search_path); the vault's key file lives in `dir`. Dropped with the cluster.
inline std::string PostgresUrlFor(const TempDir& dir) {
    auto server = PostgresServerUrl();
    if (server.empty()) {
        throw std::runtime_error("TEST_POSTGRES_URL is not set: no PostgreSQL server for the tests");
    }
    auto name_file = dir.path() / "pg-schema";
    std::string schema;
    if (std::ifstream in(name_file); in) {
        in >> schema;
    } else {
        std::random_device random;
        schema = "test_" + std::to_string(random()) + std::to_string(random());
        PGconn* admin = PQconnectdb(server.c_str());
        if (PQstatus(admin) != CONNECTION_OK) {
            std::string error = PQerrorMessage(admin);
            PQfinish(admin);
            throw std::runtime_error("cannot reach the test PostgreSQL server: " + error);
        }
        PGresult* created = PQexec(admin, ("CREATE SCHEMA " + schema).c_str());
        bool ok = PQresultStatus(created) == PGRES_COMMAND_OK;
        std::string error = PQerrorMessage(admin);
        PQclear(created);
        PQfinish(admin);
        if (!ok) {
            throw std::runtime_error("cannot create schema " + schema + ": " + error);
        }
        std::ofstream(name_file) << schema;
    }
    return server + (server.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

/// One storage backend the suites run on: a name for test output and a way to open a fresh, empty
/// database in a scratch directory (opening it again with the same directory reopens the same one).
struct Backend {
    std::string name;
    std::function<std::unique_ptr<Database>(const TempDir& dir, const DatabaseOptions& options)> open;
    bool needs_server = false;  ///< PostgreSQL: runs only where TEST_POSTGRES_URL names a server
    /// The database's URL (durable backends only).
    std::function<std::string(const TempDir& dir)> url = nullptr;
    /// The vault's key file when DatabaseOptions names none (durable backends only).
    std::function<std::filesystem::path(const TempDir& dir)> key_file = nullptr;
};

/// Runs `sql` (statements without results) on the database of `dir` through a plain connection of its
/// own, as an intruder with access to the database would: SQLite's file, or the PostgreSQL schema.
/// Throws std::runtime_error when it fails.
inline void IntruderSql(const Backend& backend, const TempDir& dir, const std::string& sql);

/// The first column of every row `sql` returns, as text, read like IntruderSql writes.
inline std::vector<std::string> IntruderQuery(const Backend& backend, const TempDir& dir, const std::string& sql);

/// A literal of bytes given in hex, in the backend's SQL (x'00ff' or '\x00ff'::bytea).
inline std::string BlobLiteral(const Backend& backend, const std::string& hex) {
    return backend.needs_server ? "'\\x" + hex + "'::bytea" : "x'" + hex + "'";
}

/// Why a backend cannot run here ("" when it can). Suites skip with it: ctest always sets the server,
/// so only a test binary run by hand without one skips.
inline std::string Unavailable(const Backend& backend) {
    if (backend.needs_server && PostgresServerUrl().empty()) {
        return "no PostgreSQL server: run through ctest, or set TEST_POSTGRES_URL";
    }
    return "";
}

/// SQLite (a file and in memory) and PostgreSQL.
inline std::vector<Backend> AllBackends() {
    std::vector<Backend> backends{
        Backend{.name = "SqliteFile",
                .open = [](const TempDir& dir,
                           const DatabaseOptions& options) { return Database::Open(dir.SqliteUrl(), options); },
                .needs_server = false,
                .url = [](const TempDir& dir) { return dir.SqliteUrl(); },
                .key_file = [](const TempDir& dir) { return dir.path() / "layan.db.key"; }},
        Backend{.name = "SqliteMemory",
                .open = [](const TempDir&,
                           const DatabaseOptions& options) { return Database::Open("sqlite::memory:", options); },
                .needs_server = false,
                .url = nullptr,
                .key_file = nullptr},
        Backend{.name = "Postgres",
                .open =
                    [](const TempDir& dir, const DatabaseOptions& options) {
                        auto with_key = options;
                        if (with_key.personal_data_key_file.empty()) {
                            with_key.personal_data_key_file = (dir.path() / "vault.key").string();
                        }
                        return Database::Open(PostgresUrlFor(dir), with_key);
                    },
                .needs_server = true,
                .url = [](const TempDir& dir) { return PostgresUrlFor(dir); },
                .key_file = [](const TempDir& dir) { return dir.path() / "vault.key"; }},
    };
    return backends;
}

/// The backends whose database survives being closed (not SQLite in memory).
inline std::vector<Backend> DurableBackends() {
    auto backends = AllBackends();
    std::erase_if(backends, [](const Backend& backend) { return backend.name == "SqliteMemory"; });
    return backends;
}

inline void IntruderSql(const Backend& backend, const TempDir& dir, const std::string& sql) {
    if (backend.needs_server) {
        PGconn* connection = PQconnectdb(PostgresUrlFor(dir).c_str());
        PGresult* result = PQexec(connection, sql.c_str());
        bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
        std::string error = PQerrorMessage(connection);
        PQclear(result);
        PQfinish(connection);
        if (!ok) {
            throw std::runtime_error(error + " in " + sql);
        }
        return;
    }
    sqlite3* db = nullptr;
    auto file = dir.path() / "layan.db";
    int opened = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char* error = nullptr;
    int rc = opened == SQLITE_OK ? sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) : opened;
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) {
        throw std::runtime_error(message + " in " + sql);
    }
}

inline std::vector<std::string> IntruderQuery(const Backend& backend, const TempDir& dir, const std::string& sql) {
    std::vector<std::string> rows;
    if (backend.needs_server) {
        PGconn* connection = PQconnectdb(PostgresUrlFor(dir).c_str());
        PGresult* result = PQexec(connection, sql.c_str());
        bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
        for (int row = 0; ok && row < PQntuples(result); ++row) {
            rows.emplace_back(PQgetvalue(result, row, 0));
        }
        std::string error = PQerrorMessage(connection);
        PQclear(result);
        PQfinish(connection);
        if (!ok) {
            throw std::runtime_error(error + " in " + sql);
        }
        return rows;
    }
    sqlite3* db = nullptr;
    auto file = dir.path() / "layan.db";
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
    }
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(statement, 0);
            rows.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
        }
    }
    std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    if (rc != SQLITE_DONE) {
        throw std::runtime_error(message + " in " + sql);
    }
    return rows;
}

/// gtest prints a backend by its name (not its bytes).
inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

}  // namespace layan::store::test
