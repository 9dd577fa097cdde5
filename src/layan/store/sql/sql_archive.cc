#include "layan/store/sql/sql_archive.h"

#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "layan/store/audit.h"
#include "layan/store/crypto.h"
#include "layan/store/sql/log_head.h"
#include "layan/store/sql/sql_audit.h"
#include "layan/store/stream_id.h"

namespace layan::store::sql {

namespace {

constexpr std::string_view kFormat = "layan-tenant-archive";
constexpr int kVersion = 1;
constexpr std::int64_t kEventPage = 1000;

using Kind = ArchivedColumn::Kind;
constexpr std::string_view kOfTenantHalls = "hall_id IN (SELECT id FROM halls WHERE tenant_id = ?1)";

/// The column list of a table, "a, b, c".
std::string ColumnNames(const ArchivedTable& table) {
    std::string names;
    for (const auto& column : table.columns) {
        names += (names.empty() ? "" : ", ") + std::string(column.name);
    }
    return names;
}

/// Whether the stream `name` is the tenant's: a hall's day or survey of one of its halls, one of its
/// citizens' records, its accounts, its calendar or its services' standards.
bool OwnedBy(std::string_view name, const std::string& tenant, const std::set<std::string, std::less<>>& halls,
             const std::set<std::string, std::less<>>& citizens) {
    auto id = StreamId::Parse(name);
    if (!id) {
        return false;
    }
    switch (id->kind()) {
        case StreamKind::kHallDay:
        case StreamKind::kSurveyDay:
            return halls.contains(id->owner());
        case StreamKind::kCitizen:
            return citizens.contains(id->owner());
        case StreamKind::kTenantAccounts:
        case StreamKind::kTenantCalendar:
        case StreamKind::kServiceStandard:
        case StreamKind::kRequest:
            return id->owner() == tenant;
    }
    return false;
}

/// Reads an archive line by line into the database of one write transaction.
class Importer {
public:
    /// `vault_problem`: why this database's vault key cannot be loaded ("" when it can).
    Importer(Connection& connection, std::string vault_problem)
        : connection_(connection), vault_problem_(std::move(vault_problem)) {}

    core::Result<ArchiveSummary> Run(std::istream& in) {
        std::string line;
        if (!std::getline(in, line)) {
            return Invalid("the archive is empty");
        }
        ++line_;
        auto header = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!header.is_object() || header.value("format", "") != kFormat) {
            return Invalid(
                "this is not a layan tenant archive (its first line is not the header `layan export` writes)");
        }
        if (header.value("version", 0) != kVersion) {
            return Invalid(fmt::format("archive version {} cannot be read by this layan, which reads version {}",
                                       header.value("version", 0), kVersion));
        }
        if (!header.contains("tenant") || !header["tenant"].is_string()) {
            return Invalid("the header names no tenant");
        }
        summary_.tenant = header["tenant"].get<std::string>();
        if (header.contains("vault_key_fingerprint") && header["vault_key_fingerprint"].is_string()) {
            fingerprint_ = header["vault_key_fingerprint"].get<std::string>();
        }

        WriteTransaction transaction(connection_);
        tip_ = LockLogHead(connection_);
        const auto first_position = tip_.position;
        {
            auto exists = connection_.Prepare("SELECT 1 FROM tenants WHERE id = ?1");
            if (exists->Bind(1, summary_.tenant).Step()) {
                return core::Fail(
                    core::ErrorKind::kConflict, "tenant_exists",
                    fmt::format("tenant {} is already in this database: nothing was imported", summary_.tenant));
            }
        }
        bool ended = false;
        while (std::getline(in, line)) {
            ++line_;
            if (ended) {
                return Invalid("there is text after the end line");
            }
            auto entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (!entry.is_object()) {
                return Invalid("the line is not a JSON object");
            }
            core::Result<void> done;
            if (entry.contains("table")) {
                done = Row(entry);
            } else if (entry.contains("event")) {
                done = Event(entry["event"]);
            } else if (entry.contains("end")) {
                done = End(entry["end"]);
                ended = true;
            } else {
                return Invalid("the line is neither a row, an event nor the end");
            }
            if (!done) {
                return tl::unexpected(done.error());
            }
        }
        if (!ended) {
            return Invalid("the archive ends before its end line: it is truncated");
        }
        if (tip_.position != first_position) {
            MoveLogHead(connection_, tip_);
        }
        transaction.Commit();
        summary_.streams = static_cast<std::int64_t>(streams_.size());
        return summary_;
    }

private:
    core::Error InvalidError(const std::string& why) const {
        return core::Error{core::ErrorKind::kInvalid,
                           "archive_invalid",
                           fmt::format("line {} of the archive: {}; nothing was imported", line_, why),
                           {{"line", line_}}};
    }
    core::Result<ArchiveSummary> Invalid(const std::string& why) const { return tl::unexpected(InvalidError(why)); }

    core::Result<void> Row(const nlohmann::json& entry) {
        const ArchivedTable* table = nullptr;
        for (const auto& candidate : ArchivedTables()) {
            if (entry["table"].is_string() && candidate.name == entry["table"].get<std::string>()) {
                table = &candidate;
            }
        }
        if (table == nullptr || !entry.contains("row") || !entry["row"].is_object()) {
            return tl::unexpected(InvalidError("a row of an unknown table, or without its values"));
        }
        if (table->name == "citizens" && !vault_problem_.empty()) {
            return core::Fail(core::ErrorKind::kConflict, "vault_key_mismatch",
                              fmt::format("the archive holds personal data, and this database's vault key cannot be "
                                          "loaded: {}; nothing was imported",
                                          vault_problem_));
        }
        if (table->name == "citizens" && !CheckVaultKey()) {
            return core::Fail(core::ErrorKind::kConflict, "vault_key_mismatch",
                              fmt::format("the archive's personal data is sealed under the vault key {}, and this "
                                          "database's vault has another: give it the source's key file "
                                          "(personal_data_key_file) and import again; nothing was imported",
                                          fingerprint_.value_or("(none)")));
        }
        auto& insert = inserts_[std::string(table->name)];
        if (!insert) {
            std::string values;
            for (size_t i = 1; i <= table->columns.size(); ++i) {
                values += fmt::format("{}?{}", i == 1 ? "" : ", ", i);
            }
            insert = connection_.Prepare(
                fmt::format("INSERT INTO {} ({}) VALUES ({})", table->name, ColumnNames(*table), values));
        }
        insert->Reset();
        const auto& row = entry["row"];
        for (size_t i = 0; i < table->columns.size(); ++i) {
            const auto& column = table->columns[i];
            const int index = static_cast<int>(i) + 1;
            auto value = row.find(std::string(column.name));
            if (value == row.end()) {
                return tl::unexpected(InvalidError(fmt::format("a row of {} without {}", table->name, column.name)));
            }
            if (value->is_null()) {
                insert->BindNull(index);
            } else if (column.kind == Kind::kInt && value->is_number_integer()) {
                insert->Bind(index, value->get<std::int64_t>());
            } else if (column.kind == Kind::kText && value->is_string()) {
                insert->Bind(index, value->get<std::string>());
            } else if (auto bytes = value->is_string() ? crypto::BytesFromHex(value->get<std::string>()) : std::nullopt;
                       column.kind == Kind::kBlob && bytes) {
                insert->Bind(index, Blob{*bytes});
            } else {
                return tl::unexpected(
                    InvalidError(fmt::format("{}.{} has a value of the wrong kind", table->name, column.name)));
            }
        }
        try {
            insert->Run();
        } catch (const ConstraintViolation& e) {
            return core::Fail(core::ErrorKind::kConflict, "tenant_exists",
                              fmt::format("line {}: a row of {} clashes with this database's data ({}); nothing was "
                                          "imported",
                                          line_, table->name, e.what()));
        }
        ++summary_.rows[std::string(table->name)];
        return {};
    }

    bool CheckVaultKey() {
        if (!vault_checked_) {
            auto here = connection_.QueryText("SELECT key_fingerprint FROM vault_state WHERE id = 1");
            vault_matches_ = fingerprint_.has_value() && here == fingerprint_;
            vault_checked_ = true;
        }
        return vault_matches_;
    }

    core::Result<void> Event(const nlohmann::json& event) {
        RecordedEvent recorded;
        std::optional<crypto::Digest> prev_hash;
        std::optional<crypto::Digest> hash;
        std::string data;
        std::string metadata;
        try {
            recorded.stream = event.at("stream").get<std::string>();
            recorded.version = event.at("version").get<std::int64_t>();
            recorded.type = event.at("type").get<std::string>();
            data = event.at("data").get<std::string>();
            metadata = event.at("metadata").get<std::string>();
            recorded.data = nlohmann::json::parse(data);
            recorded.metadata = nlohmann::json::parse(metadata);
            recorded.recorded_at = core::Instant{core::Millis{event.at("recorded_at").get<std::int64_t>()}};
            prev_hash = crypto::DigestFromHex(event.at("prev_hash").get<std::string>());
            hash = crypto::DigestFromHex(event.at("hash").get<std::string>());
        } catch (const nlohmann::json::exception& e) {
            return tl::unexpected(InvalidError(fmt::format("an event that cannot be read ({})", e.what())));
        }
        if (!prev_hash || !hash) {
            return tl::unexpected(InvalidError("an event without its stream hashes"));
        }
        // The stream's links and each event's hash, as `layan audit verify` checks them: what arrives is
        // exactly what was sealed at the source.
        auto& stream_tip = streams_[recorded.stream];
        if (recorded.version != stream_tip.first + 1 || *prev_hash != stream_tip.second) {
            return core::Fail(core::ErrorKind::kInvalid, "archive_tampered",
                              fmt::format("line {}: version {} of stream {} does not follow its previous one in the "
                                          "archive; nothing was imported",
                                          line_, recorded.version, recorded.stream));
        }
        if (EventHash(*prev_hash, CanonicalEvent(recorded)) != *hash) {
            return core::Fail(core::ErrorKind::kInvalid, "archive_tampered",
                              fmt::format("line {}: version {} of stream {} no longer gives its hash: the archive was "
                                          "edited; nothing was imported",
                                          line_, recorded.version, recorded.stream));
        }
        const std::int64_t position = tip_.position + 1;
        const auto log_hash = LogHash(tip_.log_hash, position, *hash);
        if (!insert_event_) {
            insert_event_ = connection_.Prepare(
                "INSERT INTO events (position, stream, version, type, data, metadata, recorded_at, prev_hash, hash, "
                "log_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        }
        insert_event_->Reset();
        insert_event_->Bind(1, position)
            .Bind(2, recorded.stream)
            .Bind(3, recorded.version)
            .Bind(4, recorded.type)
            .Bind(5, data)
            .Bind(6, metadata)
            .Bind(7, static_cast<std::int64_t>(recorded.recorded_at.time_since_epoch().count()))
            .Bind(8, Blob{crypto::Bytes(*prev_hash)})
            .Bind(9, Blob{crypto::Bytes(*hash)})
            .Bind(10, Blob{crypto::Bytes(log_hash)});
        try {
            insert_event_->Run();
        } catch (const ConstraintViolation&) {
            return core::Fail(
                core::ErrorKind::kConflict, "tenant_exists",
                fmt::format("stream {} already has events in this database; nothing was imported", recorded.stream));
        }
        tip_ = LogTip{position, log_hash};
        stream_tip = {recorded.version, *hash};
        ++summary_.events;
        return {};
    }

    core::Result<void> End(const nlohmann::json& end) {
        nlohmann::json rows = nlohmann::json::object();
        for (const auto& [table, count] : summary_.rows) {
            rows[table] = count;
        }
        nlohmann::json expected_rows = end.is_object() ? end.value("rows", nlohmann::json::object()) : nlohmann::json();
        for (auto it = expected_rows.begin(); expected_rows.is_object() && it != expected_rows.end();) {
            it = it.value() == 0 ? expected_rows.erase(it) : std::next(it);  // a table without rows
        }
        if (!end.is_object() || expected_rows != rows || end.value("events", std::int64_t{-1}) != summary_.events) {
            return tl::unexpected(InvalidError("the counts of the end line differ from the lines read"));
        }
        return {};
    }

    Connection& connection_;
    std::string vault_problem_;
    std::int64_t line_ = 0;
    ArchiveSummary summary_;
    std::optional<std::string> fingerprint_;
    bool vault_checked_ = false;
    bool vault_matches_ = false;
    LogTip tip_;
    std::map<std::string, std::pair<std::int64_t, crypto::Digest>> streams_;  // stream → last version, hash
    std::map<std::string, std::unique_ptr<Statement>> inserts_;
    std::unique_ptr<Statement> insert_event_;
};

}  // namespace

const std::vector<ArchivedTable>& ArchivedTables() {
    static const std::vector<ArchivedTable> tables = {
        {"tenants", {{"id", Kind::kText}, {"name", Kind::kText}, {"utc_offset_minutes", Kind::kInt}}, "id = ?1", "id"},
        {"units",
         {{"tenant_id", Kind::kText}, {"id", Kind::kText}, {"name_id", Kind::kText}, {"name_en", Kind::kText}},
         "tenant_id = ?1",
         "tenant_id, id"},
        {"services",
         {{"tenant_id", Kind::kText},
          {"code", Kind::kText},
          {"unit_id", Kind::kText},
          {"name_id", Kind::kText},
          {"name_en", Kind::kText},
          {"ticket_prefix", Kind::kText},
          {"typical_service_minutes", Kind::kInt},
          {"standard", Kind::kText},
          {"themes", Kind::kText}},
         "tenant_id = ?1",
         "tenant_id, code"},
        {"halls",
         {{"id", Kind::kText}, {"tenant_id", Kind::kText}, {"name", Kind::kText}, {"utc_offset_minutes", Kind::kInt}},
         "tenant_id = ?1",
         "id"},
        {"hall_opening_hours",
         {{"hall_id", Kind::kText},
          {"ordinal", Kind::kInt},
          {"weekday", Kind::kInt},
          {"open_minute", Kind::kInt},
          {"close_minute", Kind::kInt}},
         kOfTenantHalls,
         "hall_id, ordinal"},
        {"hall_services",
         {{"hall_id", Kind::kText}, {"ordinal", Kind::kInt}, {"service_code", Kind::kText}},
         kOfTenantHalls,
         "hall_id, ordinal"},
        {"counters",
         {{"hall_id", Kind::kText},
          {"ordinal", Kind::kInt},
          {"id", Kind::kText},
          {"name", Kind::kText},
          {"number", Kind::kInt}},
         kOfTenantHalls,
         "hall_id, id"},
        {"officers",
         {{"id", Kind::kText}, {"tenant_id", Kind::kText}, {"name", Kind::kText}, {"unit_id", Kind::kText}},
         "tenant_id = ?1",
         "id"},
        {"officer_skills",
         {{"officer_id", Kind::kText}, {"ordinal", Kind::kInt}, {"service_code", Kind::kText}},
         "officer_id IN (SELECT id FROM officers WHERE tenant_id = ?1)",
         "officer_id, ordinal"},
        {"accounts",
         {{"id", Kind::kText},
          {"username", Kind::kText},
          {"tenant_id", Kind::kText},
          {"role", Kind::kText},
          {"officer_id", Kind::kText},
          {"password_hash", Kind::kText},
          {"disabled", Kind::kInt},
          {"created_at", Kind::kInt},
          {"password_changed_at", Kind::kInt}},
         "tenant_id = ?1",
         "id"},
        {"account_units",
         {{"account_id", Kind::kText}, {"ordinal", Kind::kInt}, {"tenant_id", Kind::kText}, {"unit_id", Kind::kText}},
         "account_id IN (SELECT id FROM accounts WHERE tenant_id = ?1)",
         "account_id, ordinal"},
        {"devices",
         {{"id", Kind::kText},
          {"tenant_id", Kind::kText},
          {"hall_id", Kind::kText},
          {"kind", Kind::kText},
          {"name", Kind::kText},
          {"token_hash", Kind::kText},
          {"created_at", Kind::kInt},
          {"revoked_at", Kind::kInt}},
         "tenant_id = ?1",
         "id"},
        {"citizens",
         {{"ref", Kind::kText},
          {"hall_id", Kind::kText},
          {"ticket_stream", Kind::kText},
          {"ticket_id", Kind::kText},
          {"wrapped_key", Kind::kBlob},
          {"collected_at", Kind::kInt},
          {"erased_at", Kind::kInt},
          {"erase_reason", Kind::kText}},
         kOfTenantHalls,
         "ref"},
        {"personal_data",
         {{"citizen_ref", Kind::kText},
          {"kind", Kind::kText},
          {"purpose", Kind::kText},
          {"basis", Kind::kText},
          {"lookup", Kind::kBlob},
          {"sealed", Kind::kBlob}},
         "citizen_ref IN (SELECT ref FROM citizens WHERE hall_id IN (SELECT id FROM halls WHERE tenant_id = ?1))",
         "citizen_ref, kind"},
    };
    return tables;
}

const std::vector<std::pair<std::string_view, std::string_view>>& TablesNotArchived() {
    static const std::vector<std::pair<std::string_view, std::string_view>> tables = {
        {"events", "carried apart, each stream whole, and re-chained into the target's log"},
        {"audit_chain_state", "the target's log head, which the import moves on"},
        {"vault_state", "the target's own vault key; the archive names the key its data is sealed under"},
        {"sessions", "sign-ins end with the move: people sign in again"},
        {"schema_migrations", "the target's own schema history"},
    };
    return tables;
}

core::Result<ArchiveSummary> SqlTenantArchive::Export(const std::string& tenant, std::ostream& out) {
    auto connection = pool_->Reader();
    if (auto report = VerifyChains(*connection, {}); !report.ok()) {
        return core::Fail(core::ErrorKind::kConflict, "audit_trail_tampered",
                          fmt::format("the audit trail of this database does not verify ({} problem(s); `layan audit "
                                      "verify` names them): nothing was exported",
                                      report.problems.size()));
    }
    ReadTransaction snapshot(*connection);
    if (!connection->Prepare("SELECT 1 FROM tenants WHERE id = ?1")->Bind(1, tenant).Step()) {
        return core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                          fmt::format("this database has no tenant {}", tenant), {{"tenant", tenant}});
    }
    ArchiveSummary summary;
    summary.tenant = tenant;
    auto fingerprint = connection->QueryText("SELECT key_fingerprint FROM vault_state WHERE id = 1");
    out << nlohmann::json{{"format", kFormat},
                          {"version", kVersion},
                          {"tenant", tenant},
                          {"vault_key_fingerprint", fingerprint ? nlohmann::json(*fingerprint) : nlohmann::json()}}
               .dump()
        << '\n';

    std::set<std::string, std::less<>> halls;
    std::set<std::string, std::less<>> citizens;
    for (const auto& table : ArchivedTables()) {
        auto select = connection->Prepare(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", ColumnNames(table),
                                                      table.name, table.tenant_rows, table.order_by));
        select->Bind(1, tenant);
        std::int64_t count = 0;
        while (select->Step()) {
            nlohmann::json row = nlohmann::json::object();
            for (size_t i = 0; i < table.columns.size(); ++i) {
                const auto& column = table.columns[i];
                const int index = static_cast<int>(i);
                auto& value = row[std::string(column.name)];
                if (select->IsNull(index)) {
                    value = nullptr;
                } else if (column.kind == Kind::kInt) {
                    value = select->Int(index);
                } else if (column.kind == Kind::kText) {
                    value = select->Text(index);
                } else {
                    value = crypto::ToHex(select->Text(index));
                }
            }
            if (table.name == "halls") {
                halls.insert(row["id"].get<std::string>());
            } else if (table.name == "citizens") {
                citizens.insert(row["ref"].get<std::string>());
            }
            out << nlohmann::json{{"table", table.name}, {"row", std::move(row)}}.dump() << '\n';
            ++count;
        }
        summary.rows[std::string(table.name)] = count;
    }

    std::set<std::string> streams;
    auto read = connection->Prepare(
        fmt::format("SELECT position, stream, version, type, data, metadata, recorded_at, prev_hash, hash FROM events "
                    "WHERE position > ?1 ORDER BY position LIMIT {}",
                    kEventPage));
    for (std::int64_t after = 0;;) {
        read->Reset();
        read->Bind(1, after);
        bool any = false;
        while (read->Step()) {
            any = true;
            after = read->Int(0);
            auto stream = read->Text(1);
            if (!OwnedBy(stream, tenant, halls, citizens)) {
                ++summary.other_events;
                continue;
            }
            out << nlohmann::json{{"event",
                                   {{"stream", stream},
                                    {"version", read->Int(2)},
                                    {"type", read->Text(3)},
                                    {"data", read->Text(4)},
                                    {"metadata", read->Text(5)},
                                    {"recorded_at", read->Int(6)},
                                    {"prev_hash", crypto::ToHex(read->Text(7))},
                                    {"hash", crypto::ToHex(read->Text(8))}}}}
                       .dump()
                << '\n';
            streams.insert(std::move(stream));
            ++summary.events;
        }
        if (!any) {
            break;
        }
    }
    summary.streams = static_cast<std::int64_t>(streams.size());
    out << nlohmann::json{{"end", {{"rows", summary.rows}, {"events", summary.events}}}}.dump() << '\n';
    out.flush();
    return summary;
}

core::Result<ArchiveSummary> SqlTenantArchive::Import(std::istream& in) {
    // The vault's key is loaded (and its fingerprint recorded) before the import takes the writer, which
    // loading it needs; an archive without personal data does not need it.
    std::string vault_problem;
    try {
        vault_.CheckKey();
    } catch (const core::StorageUnavailable&) {
        throw;
    } catch (const std::runtime_error& e) {
        vault_problem = e.what();
    }
    auto connection = pool_->Writer();
    return Importer(*connection, std::move(vault_problem)).Run(in);
}

}  // namespace layan::store::sql
