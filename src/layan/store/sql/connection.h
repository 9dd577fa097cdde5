#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace layan::store::sql {

/// The SQL dialects the repositories' statements are written for. Statements use the common subset
/// (numbered parameters `?1`, `?2`, ...; `ON CONFLICT`; `RETURNING`; no backend-only functions), so
/// that each repository is written once; only migrations may differ per dialect (store/sql/migrations.h).
enum class Dialect { kSqlite, kPostgres };

/// A statement violated a constraint (unique, foreign key, check, not null). Storage failures throw
/// core::StorageUnavailable instead; anything else (a malformed statement, misuse) throws SqlError.
class ConstraintViolation : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A failure of the database that is neither a constraint nor a storage failure: a bug.
class SqlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bytes bound as a BLOB (SQLite) or BYTEA (PostgreSQL), never as text.
struct Blob {
    std::string_view bytes;
};

/// A prepared statement with typed binding (1-based) and column reading (0-based). Reset() clears
/// bindings and rewinds it so a cached statement can run again. A blob column reads as Text (its bytes).
class Statement {
public:
    virtual ~Statement() = default;
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    virtual Statement& Bind(int index, std::int64_t value) = 0;
    Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
    virtual Statement& Bind(int index, std::string_view value) = 0;
    Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
    Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
    virtual Statement& Bind(int index, Blob value) = 0;
    virtual Statement& BindNull(int index) = 0;

    /// Runs one step: true when a row is available, false when done. Throws on failure.
    virtual bool Step() = 0;

    /// Runs a statement that returns no rows, then resets it. Returns the number of rows it changed.
    virtual std::int64_t Run() = 0;

    /// The column as an integer (a boolean reads as 0 or 1).
    [[nodiscard]] virtual std::int64_t Int(int column) const = 0;
    [[nodiscard]] virtual std::string Text(int column) const = 0;
    [[nodiscard]] virtual bool IsNull(int column) const = 0;

    /// Rewinds and clears bindings; never throws (the error, if any, was reported by Step).
    virtual void Reset() noexcept = 0;
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

/// One connection to a database. Not thread-safe: one thread uses it at a time (see ConnectionPool).
class Connection {
public:
    virtual ~Connection() = default;
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    [[nodiscard]] virtual Dialect dialect() const = 0;

    /// Runs one or more statements that take no parameters and return no rows.
    virtual void Exec(std::string_view sql) = 0;

    /// A statement prepared for one use.
    [[nodiscard]] virtual std::unique_ptr<Statement> Prepare(std::string_view sql) = 0;

    /// A statement prepared once per connection and reused; the same `sql` text gives the same
    /// statement. Use it under a ScopedReset.
    [[nodiscard]] virtual Statement& Cached(std::string_view sql) = 0;

    /// Runs a statement returning one value in one row; nullopt when no row (or a NULL).
    [[nodiscard]] std::optional<std::string> QueryText(std::string_view sql);

    /// Starts a transaction that will write: it takes the database's write lock at once (SQLite's
    /// BEGIN IMMEDIATE), so it never fails halfway for lack of it.
    virtual void BeginWrite() = 0;

    /// Starts a read-only transaction in which every statement sees the same snapshot.
    virtual void BeginRead() = 0;

    /// True inside a transaction.
    [[nodiscard]] virtual bool InTransaction() const = 0;

    /// ROLLBACK if a transaction is open; never throws (used on error paths).
    virtual void RollbackQuietly() noexcept = 0;

    /// Makes rows just deleted unreadable from the database's files as soon as the backend can (erased
    /// personal data). SQLite, which overwrites deleted rows with zeros (secure_delete), moves them from
    /// its write-ahead log into the file now; PostgreSQL leaves dead rows to (auto)vacuum, which cannot
    /// run inside a transaction.
    virtual void ReclaimDeleted() {}

    /// Tells other connections, once the current transaction commits, that the event log grew (see
    /// ChangeFeed). PostgreSQL: NOTIFY; SQLite, used by one process, has nobody to tell.
    virtual void AnnounceAppend() {}

    /// False once the connection is known to be broken (the server went away); the pool then drops it.
    [[nodiscard]] virtual bool Healthy() const { return true; }
};

/// Wakes a reader of the event log when another connection (another node's writer, or this one's) has
/// committed appends: what lets several `layan serve` on one database learn of each other's events.
/// PostgreSQL: LISTEN/NOTIFY on a connection of its own.
class ChangeFeed {
public:
    virtual ~ChangeFeed() = default;
    ChangeFeed() = default;
    ChangeFeed(const ChangeFeed&) = delete;
    ChangeFeed& operator=(const ChangeFeed&) = delete;

    /// Waits until an append is announced or `timeout` passes; true when the log may have grown (an
    /// announcement, or a reconnect after which announcements may have been missed). Never throws:
    /// while the server is away it waits out the timeout and answers true, so that the caller reads.
    virtual bool Wait(std::chrono::milliseconds timeout) = 0;
};

/// BEGIN (for writing) ... COMMIT, rolled back when the scope ends without Commit().
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

/// The connections to one database, configured alike by the backend that opens them. One writer
/// connection, used under a mutex by whoever writes (the event store's writer thread, catalog upserts),
/// so writers queue in the process instead of contending for the database's locks; and any number of
/// reader connections, which run beside the writer.
///
/// A pool may be "shared": then its one connection serves readers and the writer alike, under the same
/// mutex (an in-memory SQLite database is private to its connection).
class ConnectionPool {
public:
    using Opener = std::function<std::unique_ptr<Connection>()>;

    /// A connection lent to one user until the lease is destroyed.
    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<Connection> reader);
        Lease(Connection* shared, std::unique_lock<std::mutex> lock);
        ~Lease();
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_; }

    private:
        ConnectionPool* pool_ = nullptr;
        std::unique_ptr<Connection> owned_;
        Connection* connection_ = nullptr;
        std::unique_lock<std::mutex> lock_;
    };

    /// A pool whose connections `open` makes; the writer is opened at once. `description` names the
    /// database in messages ("database /var/lib/layan/layan.db", "PostgreSQL database layan on ...").
    ConnectionPool(Dialect dialect, std::string description, Opener open, bool shared);

    /// The writer connection, exclusively. A broken one is replaced first.
    [[nodiscard]] Lease Writer();

    /// A connection for reading (an idle one or a new one).
    [[nodiscard]] Lease Reader();

    [[nodiscard]] Dialect dialect() const { return dialect_; }
    [[nodiscard]] const std::string& description() const { return description_; }

private:
    void Return(std::unique_ptr<Connection> reader);

    Dialect dialect_;
    std::string description_;
    Opener open_;
    bool shared_;

    std::mutex writer_mutex_;
    std::unique_ptr<Connection> writer_;

    std::mutex idle_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace layan::store::sql
