#include "layan/store/sqlite/connection.h"

#include <fmt/format.h>

#include "layan/core/error.h"

namespace layan::store::sqlite {

namespace {

std::string_view StorageSentence(int code) {
    switch (code & 0xff) {
        case SQLITE_FULL:
            return "the database disk is full";
        case SQLITE_IOERR:
            return "the database file could not be read or written (I/O error)";
        case SQLITE_READONLY:
            return "the database file is read-only";
        case SQLITE_CANTOPEN:
            return "the database file cannot be opened";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "the database stayed locked longer than the busy timeout";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "the database file is damaged or is not a database";
        case SQLITE_NOMEM:
            return "the database ran out of memory";
        default:
            return "the database failed";
    }
}

}  // namespace

bool IsStorageFailure(int code) {
    switch (code & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_NOMEM:
            return true;
        default:
            return false;
    }
}

void ThrowSqlite(sqlite3* db, int code, std::string_view doing) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    std::string where = file != nullptr && *file != '\0' ? fmt::format("database {}", file) : "database";
    if (IsStorageFailure(code)) {
        throw core::StorageUnavailable(
            fmt::format("{} ({} while {}: {}, code {})", StorageSentence(code), where, doing, detail, code));
    }
    auto message = fmt::format("{} failed while {}: {} (code {})", where, doing, detail, code);
    if ((code & 0xff) == SQLITE_CONSTRAINT) {
        throw sql::ConstraintViolation(message);
    }
    throw sql::SqlError(message);
}

// --- Statement ---

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, fmt::format("preparing \"{}\"", sql));
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, "binding a parameter");
    }
    return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
    int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, "binding a parameter");
    }
    return *this;
}

Statement& Statement::Bind(int index, sql::Blob value) {
    int rc = sqlite3_bind_blob64(stmt_, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, "binding a parameter");
    }
    return *this;
}

Statement& Statement::BindNull(int index) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, "binding a parameter");
    }
    return *this;
}

bool Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    ThrowSqlite(db_, rc, fmt::format("running \"{}\"", sqlite3_sql(stmt_)));
}

std::int64_t Statement::Run() {
    sql::ScopedReset reset(*this);
    while (Step()) {
    }
    return sqlite3_changes64(db_);
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_BLOB) {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
        return {bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
    }
    const auto* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Statement::Reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

// --- Connection ---

Connection::Connection(const std::string& path) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw core::StorageUnavailable(fmt::format("cannot open database {}: {} (code {})", path, detail, rc));
    }
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    cache_.clear();  // statements must be finalized before the connection closes
    sqlite3_close_v2(db_);
}

void Connection::Exec(std::string_view sql) {
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        ThrowSqlite(db_, rc, fmt::format("running \"{}\"", sql.substr(0, 80)));
    }
}

std::unique_ptr<sql::Statement> Connection::Prepare(std::string_view sql) {
    return std::make_unique<Statement>(db_, sql);
}

sql::Statement& Connection::Cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
    }
    return *it->second;
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::RollbackQuietly() noexcept {
    if (InTransaction()) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Connection::BeginWrite() { Exec("BEGIN IMMEDIATE"); }

void Connection::BeginRead() { Exec("BEGIN"); }

void Connection::ReclaimDeleted() {
    // Moves the zeroed pages into the database file now rather than at the next automatic checkpoint.
    [[maybe_unused]] auto checkpoint = QueryText("PRAGMA wal_checkpoint(PASSIVE)");
}

}  // namespace layan::store::sqlite
