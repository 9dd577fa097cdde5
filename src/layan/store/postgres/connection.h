#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

#include "layan/store/sql/connection.h"

namespace layan::store::postgres {

/// The channel every writer NOTIFYs after appending to the event log (Connection::AnnounceAppend) and
/// every ChangeFeed LISTENs on, as an SQL expression the server computes: "layan_events:" and the
/// schema the connection works in (cut to an identifier's 63 bytes). The nodes of one schema (one log)
/// hear each other, and not the nodes of other tenants' schemas in the same database.
inline constexpr std::string_view kEventsChannelSql = "left('layan_events:' || current_schema(), 63)";

/// Rewrites the common dialect's numbered parameters (`?1`) as PostgreSQL's (`$1`), leaving quoted
/// strings and identifiers alone.
[[nodiscard]] std::string ToPostgresParameters(std::string_view sql);

/// Throws for a failed result: core::StorageUnavailable with a sentence a person understands when the
/// server cannot serve now (unreachable, shutting down, out of disk, a serialization failure to retry),
/// sql::ConstraintViolation for SQLSTATE class 23, sql::SqlError otherwise. `result` may be null.
[[noreturn]] void ThrowPostgres(PGconn* connection, const PGresult* result, std::string_view doing);

class Connection;

/// A statement prepared on the server (PQprepare) under a name of its own. Parameters travel as text,
/// blobs as binary; results come back as text (a bytea column is decoded to its bytes).
class Statement final : public sql::Statement {
public:
    /// `name` empty: the unnamed statement, prepared again at each run (one-off statements).
    Statement(Connection& connection, std::string_view sql, std::string name);
    ~Statement() override;

    Statement& Bind(int index, std::int64_t value) override;
    Statement& Bind(int index, std::string_view value) override;
    Statement& Bind(int index, sql::Blob value) override;
    Statement& BindNull(int index) override;
    using sql::Statement::Bind;

    bool Step() override;
    std::int64_t Run() override;

    [[nodiscard]] std::int64_t Int(int column) const override;
    [[nodiscard]] std::string Text(int column) const override;
    [[nodiscard]] bool IsNull(int column) const override;

    void Reset() noexcept override;

private:
    struct Parameter {
        std::string value;
        bool null = true;
        bool binary = false;
    };
    Parameter& Slot(int index);
    void Execute();

    Connection& connection_;
    std::string sql_;
    std::string name_;
    bool prepared_ = false;
    std::vector<Parameter> parameters_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

/// One libpq connection. Not thread-safe: one thread uses it at a time (see sql::ConnectionPool).
class Connection final : public sql::Connection {
public:
    /// Connects to `conninfo` (a postgresql:// URL or key=value string). `describe` names the database
    /// in messages. Throws core::StorageUnavailable when the server cannot be reached.
    Connection(const std::string& conninfo, std::string describe, bool synchronous_commit);
    ~Connection() override;

    [[nodiscard]] sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
    void Exec(std::string_view sql) override;
    [[nodiscard]] std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override;
    [[nodiscard]] sql::Statement& Cached(std::string_view sql) override;
    void BeginWrite() override;
    void BeginRead() override;
    [[nodiscard]] bool InTransaction() const override;
    void RollbackQuietly() noexcept override;
    [[nodiscard]] bool Healthy() const override;
    /// NOTIFY layan_events (see change_feed.h): delivered to the listeners when the transaction commits.
    void AnnounceAppend() override;

    [[nodiscard]] PGconn* handle() const { return connection_; }
    [[nodiscard]] const std::string& describe() const { return describe_; }

private:
    struct SqlHash {
        using is_transparent = void;
        size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
    };

    PGconn* connection_ = nullptr;
    std::string describe_;
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace layan::store::postgres
