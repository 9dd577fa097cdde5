#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "layan/store/sql/connection.h"

namespace layan::store::sqlite {

/// True when a result code means the storage cannot serve now (disk full, I/O error, read-only,
/// cannot open, locked past the busy timeout, corrupt) rather than a bug or a constraint.
[[nodiscard]] bool IsStorageFailure(int code);

/// Throws for a failed result code: core::StorageUnavailable with a sentence a person understands
/// ("the database disk is full") for storage failures, sql::ConstraintViolation for a constraint,
/// sql::SqlError otherwise. `db` may be null.
[[noreturn]] void ThrowSqlite(sqlite3* db, int code, std::string_view doing);

/// A prepared statement of SQLite.
class Statement final : public sql::Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
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
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// One SQLite connection. Not thread-safe: one thread uses it at a time (see sql::ConnectionPool).
class Connection final : public sql::Connection {
public:
    /// Opens (creating if needed) the database at `path`, or a private in-memory database for
    /// ":memory:". Throws core::StorageUnavailable when the file cannot be opened.
    explicit Connection(const std::string& path);
    ~Connection() override;

    [[nodiscard]] sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
    void Exec(std::string_view sql) override;
    [[nodiscard]] std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override;
    [[nodiscard]] sql::Statement& Cached(std::string_view sql) override;
    /// BEGIN IMMEDIATE: takes the write lock at once (waiting up to the busy timeout).
    void BeginWrite() override;
    void BeginRead() override;
    [[nodiscard]] bool InTransaction() const override;
    void RollbackQuietly() noexcept override;
    /// A passive WAL checkpoint: never waits for readers.
    void ReclaimDeleted() override;

    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    // Transparent hashing lets Cached() look up by string_view without allocating.
    struct SqlHash {
        using is_transparent = void;
        size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
    };

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace layan::store::sqlite
