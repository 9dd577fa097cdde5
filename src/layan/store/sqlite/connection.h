#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

namespace layan::store::sqlite {

/// A failure of SQLite that is not a storage failure (those throw core::StorageUnavailable): a
/// constraint violated, a malformed statement, misuse. Carries the (extended) result code.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}

    /// The extended result code (SQLITE_CONSTRAINT_UNIQUE, ...); `code() & 0xff` is the primary one.
    [[nodiscard]] int code() const { return code_; }

    /// True for any SQLITE_CONSTRAINT_* (unique, foreign key, check, not null).
    [[nodiscard]] bool IsConstraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }

private:
    int code_;
};

/// True when a result code means the storage cannot serve now (disk full, I/O error, read-only,
/// cannot open, locked past the busy timeout, corrupt) rather than a bug or a constraint.
[[nodiscard]] bool IsStorageFailure(int code);

/// Throws for a failed result code: core::StorageUnavailable with a sentence a person understands
/// ("the database disk is full") for storage failures, SqliteError otherwise. `db` may be null.
[[noreturn]] void ThrowSqlite(sqlite3* db, int code, std::string_view doing);

/// A prepared statement with typed binding (1-based) and column reading (0-based).
/// Reset() clears bindings and rewinds it so a cached statement can run again.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
    Statement& Bind(int index, std::string_view value);
    Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
    Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }

    /// Runs one step: true when a row is available, false when done. Throws on failure.
    bool Step();

    /// Runs a statement that returns no rows, then resets it.
    void Run();

    [[nodiscard]] std::int64_t Int(int column) const;
    [[nodiscard]] std::string Text(int column) const;
    [[nodiscard]] bool IsNull(int column) const;

    /// Rewinds and clears bindings; never throws (the error, if any, was reported by Step).
    void Reset();

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// Resets a statement when the scope ends, so a cached statement is always ready for reuse
/// and does not hold a read transaction open.
class ScopedReset {
public:
    explicit ScopedReset(Statement& statement) : statement_(statement) {}
    ~ScopedReset() { statement_.Reset(); }
    ScopedReset(const ScopedReset&) = delete;
    ScopedReset& operator=(const ScopedReset&) = delete;

private:
    Statement& statement_;
};

/// One SQLite connection. Not thread-safe: one thread uses it at a time (see ConnectionPool).
class Connection {
public:
    /// Opens (creating if needed) the database at `path`, or a private in-memory database for
    /// ":memory:". Throws core::StorageUnavailable when the file cannot be opened.
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one or more statements that return no rows.
    void Exec(std::string_view sql);

    /// Runs a statement returning one value in one row (e.g. a PRAGMA); nullopt when no row.
    [[nodiscard]] std::optional<std::string> QueryText(std::string_view sql);

    /// A statement prepared once per connection and reused; the same `sql` text gives the same
    /// statement. Use it under a ScopedReset.
    [[nodiscard]] Statement& Cached(std::string_view sql);

    /// True inside BEGIN ... COMMIT (SQLite rolls some failures back by itself: check before ROLLBACK).
    [[nodiscard]] bool InTransaction() const;

    /// ROLLBACK if a transaction is open; never throws (used on error paths).
    void RollbackQuietly() noexcept;

    /// Rowid of the last INSERT on this connection.
    [[nodiscard]] std::int64_t LastInsertRowid() const;

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

/// BEGIN IMMEDIATE ... COMMIT, rolled back when the scope ends without Commit().
class WriteTransaction {
public:
    explicit WriteTransaction(Connection& connection);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void Commit();

private:
    Connection& connection_;
    bool done_ = false;
};

/// BEGIN ... ROLLBACK for reading: every statement in the scope sees the same snapshot (a record made
/// of several tables, a page of the audit trail and its chain head).
class ReadTransaction {
public:
    explicit ReadTransaction(Connection& connection);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Connection& connection_;
};

}  // namespace layan::store::sqlite
