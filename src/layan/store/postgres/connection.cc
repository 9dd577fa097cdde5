#include "layan/store/postgres/connection.h"

#include <charconv>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/core/error.h"

namespace layan::store::postgres {

namespace {

constexpr Oid kByteaOid = 17;

/// A sentence for an SQLSTATE that means the server cannot serve now; empty for any other.
std::string_view StorageSentence(std::string_view state) {
    if (state.starts_with("08")) {
        return "the database server cannot be reached";
    }
    if (state == "53100") {
        return "the database server's disk is full";
    }
    if (state.starts_with("53")) {
        return "the database server is out of resources";
    }
    if (state.starts_with("57")) {
        return "the database server is shutting down or not accepting connections";
    }
    if (state.starts_with("58")) {
        return "the database server could not read or write its files (I/O error)";
    }
    if (state == "40001" || state == "40P01") {
        return "the database was busy with a conflicting change; try again";
    }
    if (state == "25006") {
        return "the database is read-only (a standby, not the primary)";
    }
    return {};
}

void IgnoreNotice(void* /*arg*/, const PGresult* /*result*/) {}

std::string DecodeBytea(std::string_view text) {
    // Text output of bytea is "\x" followed by two hex digits per byte (bytea_output = hex).
    std::string bytes;
    if (!text.starts_with("\\x")) {
        return std::string(text);
    }
    text.remove_prefix(2);
    bytes.reserve(text.size() / 2);
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
        unsigned value = 0;
        std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
        bytes.push_back(static_cast<char>(value));
    }
    return bytes;
}

/// Clears a result when the scope ends.
struct ResultGuard {
    explicit ResultGuard(PGresult* r) : result(r) {}
    ~ResultGuard() { PQclear(result); }
    PGresult* result;
    ResultGuard(const ResultGuard&) = delete;
    ResultGuard& operator=(const ResultGuard&) = delete;
};

bool Succeeded(const PGresult* result) {
    auto status = PQresultStatus(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

std::string ToPostgresParameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    char quote = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;  // a doubled quote closes and reopens: the same result
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            c = '$';
        }
        out.push_back(c);
    }
    return out;
}

void ThrowPostgres(PGconn* connection, const PGresult* result, std::string_view doing) {
    const char* state_field = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view state = state_field != nullptr ? state_field : "";
    std::string detail = result != nullptr && *PQresultErrorMessage(result) != '\0' ? PQresultErrorMessage(result)
                         : connection != nullptr                                    ? PQerrorMessage(connection)
                                                                                    : "no connection";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) {
        detail.pop_back();
    }
    bool broken = connection == nullptr || PQstatus(connection) != CONNECTION_OK;
    auto sentence = broken ? std::string_view("the database server cannot be reached") : StorageSentence(state);
    if (!sentence.empty()) {
        throw core::StorageUnavailable(fmt::format("{} (PostgreSQL, while {}: {})", sentence, doing, detail));
    }
    if (state.starts_with("23")) {
        throw sql::ConstraintViolation(fmt::format("PostgreSQL refused {}: {} (SQLSTATE {})", doing, detail, state));
    }
    throw sql::SqlError(fmt::format("PostgreSQL failed while {}: {} (SQLSTATE {})", doing, detail, state));
}

// --- Statement ---

Statement::Statement(Connection& connection, std::string_view sql, std::string name)
    : connection_(connection), sql_(ToPostgresParameters(sql)), name_(std::move(name)) {}

Statement::~Statement() { PQclear(result_); }

Statement::Parameter& Statement::Slot(int index) {
    if (index < 1) {
        throw sql::SqlError(fmt::format("parameter index {} is not 1 or more", index));
    }
    if (parameters_.size() < static_cast<size_t>(index)) {
        parameters_.resize(static_cast<size_t>(index));
    }
    return parameters_[static_cast<size_t>(index) - 1];
}

Statement& Statement::Bind(int index, std::int64_t value) {
    Slot(index) = Parameter{std::to_string(value), false, false};
    return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
    Slot(index) = Parameter{std::string(value), false, false};
    return *this;
}

Statement& Statement::Bind(int index, sql::Blob value) {
    Slot(index) = Parameter{std::string(value.bytes), false, true};
    return *this;
}

Statement& Statement::BindNull(int index) {
    Slot(index) = Parameter{};
    return *this;
}

void Statement::Execute() {
    PGconn* pg = connection_.handle();
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const auto& parameter : parameters_) {
        values.push_back(parameter.null ? nullptr : parameter.value.data());
        lengths.push_back(static_cast<int>(parameter.value.size()));
        formats.push_back(parameter.binary ? 1 : 0);
    }
    const int count = static_cast<int>(parameters_.size());
    if (name_.empty()) {
        result_ = PQexecParams(pg, sql_.c_str(), count, nullptr, values.data(), lengths.data(), formats.data(), 0);
    } else {
        if (!prepared_) {
            ResultGuard prepared{PQprepare(pg, name_.c_str(), sql_.c_str(), 0, nullptr)};
            if (!Succeeded(prepared.result)) {
                ThrowPostgres(pg, prepared.result, fmt::format("preparing \"{}\"", sql_));
            }
            prepared_ = true;
        }
        result_ = PQexecPrepared(pg, name_.c_str(), count, values.data(), lengths.data(), formats.data(), 0);
    }
    if (!Succeeded(result_)) {
        PGresult* failed = result_;
        result_ = nullptr;
        ResultGuard guard{failed};
        ThrowPostgres(pg, failed, fmt::format("running \"{}\"", sql_));
    }
    row_ = -1;
}

bool Statement::Step() {
    if (result_ == nullptr) {
        Execute();
    }
    ++row_;
    return row_ < PQntuples(result_);
}

std::int64_t Statement::Run() {
    sql::ScopedReset reset(*this);
    Execute();
    std::int64_t changed = 0;
    std::string_view tuples = PQcmdTuples(result_);
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
    return changed;
}

std::int64_t Statement::Int(int column) const {
    std::string_view text(PQgetvalue(result_, row_, column), static_cast<size_t>(PQgetlength(result_, row_, column)));
    if (text == "t") {
        return 1;
    }
    if (text == "f") {
        return 0;
    }
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::string Statement::Text(int column) const {
    std::string_view text(PQgetvalue(result_, row_, column), static_cast<size_t>(PQgetlength(result_, row_, column)));
    if (PQftype(result_, column) == kByteaOid) {
        return DecodeBytea(text);
    }
    return std::string(text);
}

bool Statement::IsNull(int column) const { return PQgetisnull(result_, row_, column) == 1; }

void Statement::Reset() noexcept {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    parameters_.clear();
}

// --- Connection ---

Connection::Connection(const std::string& conninfo, std::string describe, bool synchronous_commit)
    : connection_(PQconnectdb(conninfo.c_str())), describe_(std::move(describe)) {
    if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
        std::string detail = connection_ != nullptr ? PQerrorMessage(connection_) : "out of memory";
        while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) {
            detail.pop_back();
        }
        PQfinish(connection_);
        connection_ = nullptr;
        throw core::StorageUnavailable(fmt::format("cannot connect to {}: {}", describe_, detail));
    }
    PQsetNoticeReceiver(connection_, IgnoreNotice, nullptr);
    Exec(synchronous_commit ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
    Exec("SET bytea_output = hex; SET client_encoding = 'UTF8'");
}

Connection::~Connection() {
    cache_.clear();
    PQfinish(connection_);
}

void Connection::Exec(std::string_view sql) {
    std::string text(sql);
    ResultGuard result{PQexec(connection_, text.c_str())};
    if (!Succeeded(result.result)) {
        ThrowPostgres(connection_, result.result, fmt::format("running \"{}\"", sql.substr(0, 80)));
    }
}

std::unique_ptr<sql::Statement> Connection::Prepare(std::string_view sql) {
    return std::make_unique<Statement>(*this, sql, std::string());
}

sql::Statement& Connection::Cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        auto name = fmt::format("layan_{}", cache_.size() + 1);
        it = cache_.emplace(std::string(sql), std::make_unique<Statement>(*this, sql, std::move(name))).first;
    }
    return *it->second;
}

void Connection::BeginWrite() { Exec("BEGIN"); }

void Connection::BeginRead() { Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

bool Connection::InTransaction() const {
    auto status = PQtransactionStatus(connection_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Connection::RollbackQuietly() noexcept {
    if (InTransaction()) {
        PQclear(PQexec(connection_, "ROLLBACK"));
    }
}

void Connection::AnnounceAppend() {
    static const std::string kNotify = fmt::format("SELECT pg_notify({}, '')", kEventsChannelSql);
    Cached(kNotify).Step();
}

bool Connection::Healthy() const { return PQstatus(connection_) == CONNECTION_OK; }

}  // namespace layan::store::postgres
