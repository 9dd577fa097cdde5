// The audit chain: every event sealed by its stream's hash chain and the log's, computed in the
// writer's transaction; verification names each kind of tampering done to the file behind the store's
// back (plain SQLite connections here, the way someone with the file would do it).

#include <filesystem>
#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "child_process.h"
#include "layan/store/audit.h"
#include "layan/store/sql/migrations.h"
#include "layan/store/sqlite/sqlite_database.h"
#include "test_support.h"

namespace layan::store {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;

NewEvent Event(std::string type, nlohmann::json data = nlohmann::json::object()) {
    return NewEvent{.type = std::move(type),
                    .data = std::move(data),
                    .metadata = {{"actor", "off-01"}, {"role", "officer"}, {"ip", "10.0.0.7"}, {"device", "kiosk-2"}}};
}

/// Runs SQL on the file with its own plain connection, as an intruder with the file would.
void Sql(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    int opened = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (opened != SQLITE_OK) {
        sqlite3_close(db);
        FAIL() << "cannot open " << file;
    }
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message << " in " << sql;
}

/// A problem of this kind naming this event.
auto Problem(TamperKind kind, const std::string& stream, std::int64_t version, std::int64_t position) {
    return AllOf(Field(&AuditProblem::kind, kind), Field(&AuditProblem::stream, stream),
                 Field(&AuditProblem::version, version), Field(&AuditProblem::position, position));
}

/// Three streams interleaved: a-1@1, b-1@2, a-2@3, c-1@4, a-3@5, b-2@6.
class TamperedFile : public ::testing::TestWithParam<test::Backend> {
protected:
    void SetUp() override {
        if (auto why = test::Unavailable(GetParam()); !why.empty()) {
            GTEST_SKIP() << why;
        }
        auto database = GetParam().open(dir_, {});
        auto& events = database->Events();
        for (const char* stream : {"a", "b", "a", "c", "a", "b"}) {
            ASSERT_TRUE(events.Append(stream, ExpectedVersion{}, {Event("ticket_issued", {{"s", stream}})}));
        }
        ASSERT_TRUE(database->Audit().Verify().ok());
    }

    AuditReport Verify() { return VerifyDatabaseFile(GetParam().url(dir_)); }
    void Sql(const std::string& sql) { test::IntruderSql(GetParam(), dir_, sql); }
    std::string Blob(const std::string& hex) { return test::BlobLiteral(GetParam(), hex); }

    test::TempDir dir_;
};

TEST(AuditChain, WriterFastPathGivesTheCanonicalForm) {
    RecordedEvent event{.stream = "hall/mpp-mojokerto/2026-11-30",
                        .version = 42,
                        .position = 7,
                        .type = "ticket_issued",
                        .data = {{"ticket_id", "20261130-A-001"},
                                 {"name", "Siti \"Ani\" Rahayu\n\t\\ é 日本"},
                                 {"n", -3},
                                 {"x", 2.5},
                                 {"list", {1, nullptr, true, "z"}},
                                 {"ctl", std::string("\x01\x1f", 2)}},
                        .metadata = {{"role", "citizen"}, {"actor", "anonymous"}, {"ip", "::1"}},
                        .recorded_at = core::Instant{core::Millis{1796000000123}}};
    auto fast =
        CanonicalEventFromParts(nlohmann::json(event.stream).dump(), event.version, nlohmann::json(event.type).dump(),
                                event.data.dump(), event.metadata.dump(), event.recorded_at.time_since_epoch().count());
    EXPECT_EQ(fast, CanonicalEvent(event));
    EXPECT_EQ(nlohmann::json::parse(fast)["version"], 42);
    EXPECT_EQ(fast.find(' '), fast.find("Siti") + 4) << "compact: the only spaces are inside strings";
}

TEST(AuditChain, EveryEventIsSealedToItsStreamAndTheLog) {
    auto database = Database::Open("sqlite::memory:");
    ASSERT_TRUE(database->Events().Append("a", ExpectedVersion{}, {Event("e1"), Event("e2")}));
    ASSERT_TRUE(database->Events().Append("b", ExpectedVersion{}, {Event("e3")}));
    ASSERT_TRUE(database->Events().Append("a", ExpectedVersion{}, {Event("e4")}));

    auto events = database->Audit().ReadEvents({});
    ASSERT_EQ(events.size(), 4U);
    Digest log = kZeroDigest;
    std::map<std::string, Digest> streams;
    for (const auto& chained : events) {
        const auto& e = chained.event;
        auto previous = streams.contains(e.stream) ? streams[e.stream] : kZeroDigest;
        ASSERT_TRUE(chained.hash && chained.prev_hash && chained.log_hash);
        EXPECT_EQ(*chained.prev_hash, previous) << e.type;
        EXPECT_EQ(*chained.hash, crypto::Sha256({crypto::Bytes(previous), CanonicalEvent(e)})) << e.type;
        EXPECT_EQ(*chained.log_hash, LogHash(log, e.position, *chained.hash)) << e.type;
        EXPECT_TRUE(chained.content_intact && chained.linked) << e.type;
        EXPECT_EQ(e.metadata["device"], "kiosk-2") << "who and from where reach the store";
        streams[e.stream] = *chained.hash;
        log = *chained.log_hash;
    }
    auto report = database->Audit().Verify();
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.events, 4);
    EXPECT_EQ(report.streams, 2);
    EXPECT_EQ(report.head.position, 4);
    EXPECT_EQ(report.head.log_hash, log);
}

TEST(AuditChain, ChainStaysWholeThroughGroupCommitsConflictsAndRejectedAppends) {
    test::TempDir dir;
    auto database = Database::Open(dir.SqliteUrl(), DatabaseOptions{.sync = SyncMode::kNormal});
    auto& events = database->Events();
    std::vector<std::future<void>> writers;
    for (int t = 0; t < 8; ++t) {
        writers.push_back(std::async(std::launch::async, [&events, t] {
            std::string stream = "hall/" + std::to_string(t % 4);
            for (int i = 0; i < 40; ++i) {
                // Half the writers race on the same streams with stale versions: conflicts fail alone.
                (void)events.Append(stream, ExpectedVersion{t < 4 ? ExpectedVersion::kAny : i}, {Event("e")});
                if (i % 10 == 0) {
                    (void)events.Append("", ExpectedVersion{}, {Event("rejected")});
                }
            }
        }));
    }
    for (auto& writer : writers) {
        writer.get();
    }
    auto report = database->Audit().Verify();
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
    EXPECT_EQ(report.head.position, events.HeadPosition());
    EXPECT_EQ(report.events, events.HeadPosition());
}

TEST(AuditChain, FailedBatchLeavesNoHoleInTheChain) {
    test::TempDir dir;
    auto database = sqlite::SqliteDatabase::Open((dir.path() / "layan.db").string());
    auto& events = database->Events();
    ASSERT_TRUE(events.Append("a", ExpectedVersion{}, {Event("before")}));
    database->SetMaxPageCount(1);  // never below the current size: the next page cannot be allocated
    std::string big(64 * 1024, 'x');
    EXPECT_FALSE(events.Append("a", ExpectedVersion{}, {Event("too_big", {{"blob", big}})}));
    database->SetMaxPageCount(0);
    ASSERT_TRUE(events.Append("a", ExpectedVersion{}, {Event("after")}));
    auto report = database->Audit().Verify();
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
    EXPECT_EQ(report.head.position, 2);
}

TEST(AuditChain, ReopenedStoreContinuesTheChain) {
    test::TempDir dir;
    {
        auto database = Database::Open(dir.SqliteUrl());
        ASSERT_TRUE(database->Events().Append("a", ExpectedVersion{}, {Event("e1")}));
    }
    auto database = Database::Open(dir.SqliteUrl());
    ASSERT_TRUE(database->Events().Append("a", ExpectedVersion{1}, {Event("e2")}));
    ASSERT_TRUE(database->Events().Append("b", ExpectedVersion{0}, {Event("e3")}));
    auto report = database->Audit().Verify();
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
    EXPECT_EQ(report.events, 3);
}

TEST(AuditChain, EventsWrittenBeforeTheChainExistedAreSealedOnceByTheMigration) {
    test::TempDir dir;
    auto file = dir.path() / "layan.db";
    // A database of the schema before 0003, with events in it, written without layan.
    std::string schema =
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL);";
    for (const auto& migration : sql::EmbeddedMigrations(sql::Dialect::kSqlite)) {
        if (migration.version <= 2) {
            schema += std::string(migration.sql) + ";";
            schema += "INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", '" +
                      migration.name + "', 0);";
        }
    }
    Sql(file, schema);
    Sql(file,
        "INSERT INTO events (stream, version, type, data, metadata, recorded_at) VALUES "
        "('old/1', 1, 'ticket_issued', '{\"n\":1}', '{\"actor\":\"kiosk\"}', 1000),"
        "('old/2', 1, 'ticket_issued', '{\"n\":2}', '{}', 2000),"
        "('old/1', 2, 'ticket_called', '{\"n\":3}', '{\"actor\":\"off-01\"}', 3000)");

    {
        auto database = Database::Open(dir.SqliteUrl());
        ASSERT_TRUE(database->Events().Append("old/1", ExpectedVersion{2}, {Event("after_migration")}));
        auto report = database->Audit().Verify();
        EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
        EXPECT_EQ(report.head.backfilled_through, 3);
        EXPECT_TRUE(report.head.backfilled_at.has_value());
        EXPECT_EQ(report.head.position, 4);
    }
    // Sealed once: an event whose seal is removed later is reported, not sealed again.
    Sql(file, "UPDATE events SET hash = NULL, log_hash = NULL WHERE position = 2");
    { auto reopened = Database::Open(dir.SqliteUrl()); }
    EXPECT_THAT(VerifyDatabaseFile(dir.SqliteUrl()).problems, Contains(Problem(TamperKind::kUnsealed, "old/2", 1, 2)));
}

TEST_P(TamperedFile, EditedEventIsNamed) {
    Sql("UPDATE events SET data = '{\"s\":\"z\"}' WHERE stream = 'a' AND version = 2");
    auto report = Verify();
    EXPECT_THAT(report.problems, Contains(Problem(TamperKind::kEdited, "a", 2, 3)));
    EXPECT_EQ(report.problems.size(), 1U) << "an edit breaks nothing else";
}

TEST_P(TamperedFile, EditedMetadataIsNamed) {
    Sql("UPDATE events SET metadata = '{\"actor\":\"someone-else\"}' WHERE position = 6");
    EXPECT_THAT(Verify().problems, Contains(Problem(TamperKind::kEdited, "b", 2, 6)));
}

TEST_P(TamperedFile, DeletedEventIsNamedByStreamAndPosition) {
    Sql("DELETE FROM events WHERE stream = 'a' AND version = 2");
    auto problems = Verify().problems;
    EXPECT_THAT(problems, Contains(Problem(TamperKind::kDeleted, "a", 3, 5)));  // a: version 2 missing before 3
    EXPECT_THAT(problems, Contains(Problem(TamperKind::kDeleted, "c", 1, 4)));  // log: position 3 missing before 4
}

TEST_P(TamperedFile, EventCutFromTheEndIsDetected) {
    Sql("DELETE FROM events WHERE position = 6");
    auto problems = Verify().problems;
    EXPECT_THAT(problems,
                Contains(AllOf(Field(&AuditProblem::kind, TamperKind::kDeleted), Field(&AuditProblem::position, 6))));
}

TEST_P(TamperedFile, WholeStreamDeletedIsDetected) {
    Sql("DELETE FROM events WHERE stream = 'c'");
    EXPECT_THAT(Verify().problems, Contains(Problem(TamperKind::kDeleted, "a", 3, 5)));
}

TEST_P(TamperedFile, InsertedEventBreaksTheChain) {
    // A forged event slipped in as the stream's version 2, the real ones renumbered after it.
    Sql("UPDATE events SET version = version + 10 WHERE stream = 'a' AND version >= 2;"
        "UPDATE events SET version = version - 9 WHERE stream = 'a' AND version >= 12;"
        "INSERT INTO events (position, stream, version, type, data, metadata, recorded_at, prev_hash, hash, log_hash) "
        "SELECT 7, 'a', 2, 'ticket_cancelled', '{}', '{}', recorded_at, hash, hash, log_hash FROM events "
        "WHERE position = 6");
    auto problems = Verify().problems;
    EXPECT_THAT(problems, Contains(AllOf(Field(&AuditProblem::kind, TamperKind::kInserted),
                                         Field(&AuditProblem::stream, "a"), Field(&AuditProblem::version, 2))));
    EXPECT_THAT(problems,
                Contains(AllOf(Field(&AuditProblem::kind, TamperKind::kInserted), Field(&AuditProblem::position, 7))));
}

TEST_P(TamperedFile, ReorderedEventsAreNamed) {
    // Swap the places of a-2 (position 3) and a-3 (position 5) in the log.
    Sql("UPDATE events SET position = 100 WHERE position = 3;"
        "UPDATE events SET position = 3 WHERE position = 5;"
        "UPDATE events SET position = 5 WHERE position = 100;");
    auto problems = Verify().problems;
    EXPECT_THAT(problems, Contains(Problem(TamperKind::kReordered, "a", 3, 3)));
    EXPECT_THAT(problems,
                Contains(AllOf(Field(&AuditProblem::kind, TamperKind::kLogBroken), Field(&AuditProblem::position, 3))));
}

TEST_P(TamperedFile, EventsSwappedBetweenStreamsBreakTheLogChain) {
    // b-1 (position 2) and c-1 (position 4) trade places: each stream alone still looks fine.
    Sql("UPDATE events SET position = 100 WHERE position = 2;"
        "UPDATE events SET position = 2 WHERE position = 4;"
        "UPDATE events SET position = 4 WHERE position = 100;");
    auto problems = Verify().problems;
    EXPECT_THAT(problems, Contains(Problem(TamperKind::kLogBroken, "c", 1, 2)));
    EXPECT_THAT(problems, Contains(Problem(TamperKind::kLogBroken, "b", 1, 4)));
}

TEST_P(TamperedFile, ListingMarksTheEditedEvent) {
    Sql("UPDATE events SET type = 'ticket_cancelled' WHERE position = 3");
    auto database = GetParam().open(dir_, {});
    auto listed = database->Audit().ReadEvents(AuditQuery{.stream = "a", .after_position = 0, .limit = 10});
    ASSERT_EQ(listed.size(), 3U);
    EXPECT_TRUE(listed[0].content_intact);
    EXPECT_FALSE(listed[1].content_intact);
    EXPECT_TRUE(listed[1].linked);
    EXPECT_TRUE(listed[2].content_intact && listed[2].linked);
}

TEST_P(TamperedFile, RecomputedLogPassesTheChainsButNotAnAnchorRecordedElsewhere) {
    // The honest limit of a chain without a secret: whoever rewrites the event and every seal after it
    // with the public algorithm passes verification; an anchor kept outside the database does not.
    auto before = Verify();
    ChainAnchor anchor{before.head.position, before.head.log_hash};
    {
        auto database = GetParam().open(dir_, {});
        auto all = database->Audit().ReadEvents(AuditQuery{.stream = "", .after_position = 0, .limit = 100});
        std::string sql;
        std::map<std::string, Digest> streams;
        Digest log = kZeroDigest;
        for (auto& chained : all) {
            if (chained.event.position == 3) {
                chained.event.data = {{"s", "forged"}};
            }
            auto prev = streams.contains(chained.event.stream) ? streams[chained.event.stream] : kZeroDigest;
            auto hash = EventHash(prev, CanonicalEvent(chained.event));
            log = LogHash(log, chained.event.position, hash);
            streams[chained.event.stream] = hash;
            sql += "UPDATE events SET data = '" + chained.event.data.dump() +
                   "', prev_hash = " + Blob(crypto::ToHex(prev)) + ", hash = " + Blob(crypto::ToHex(hash)) +
                   ", log_hash = " + Blob(crypto::ToHex(log)) +
                   " WHERE position = " + std::to_string(chained.event.position) + ";";
        }
        sql += "UPDATE audit_chain_state SET head_log_hash = " + Blob(crypto::ToHex(log)) + ";";
        database.reset();
        Sql(sql);
    }
    EXPECT_TRUE(Verify().ok());
    auto anchored = VerifyDatabaseFile(GetParam().url(dir_), VerifyOptions{.anchor = anchor});
    EXPECT_THAT(anchored.problems,
                Contains(AllOf(Field(&AuditProblem::kind, TamperKind::kLogBroken), Field(&AuditProblem::position, 6))));
}

INSTANTIATE_TEST_SUITE_P(Backends, TamperedFile, ::testing::ValuesIn(test::DurableBackends()), test::BackendName);

TEST(AuditChain, ChainAndHeadSurviveKillNineMidGroupCommit) {
    test::TempDir dir;
    std::string path = (dir.path() / "layan.db").string();
    {
        test::ChildProcess writer({LAYAN_CRASH_WRITER, path, "full"});
        for (int acks = 0; acks < 300; ++acks) {
            ASSERT_TRUE(writer.ReadLine()) << "the writer stopped after " << acks << " acknowledgements";
        }
        writer.Kill();
    }
    auto report = VerifyDatabaseFile("sqlite://" + path);
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
    EXPECT_GE(report.events, 300);
    EXPECT_EQ(report.head.position, report.events) << "the head is committed with the events it covers";
}

TEST(AuditChain, AnchorIsParsedAsPrintedAndRejectedWhenMalformed) {
    auto digest = crypto::Sha256({"x"});
    auto parsed = ParseAnchor("12:" + crypto::ToHex(digest));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->position, 12);
    EXPECT_EQ(parsed->log_hash, digest);
    EXPECT_FALSE(ParseAnchor("12:abcd"));
    EXPECT_FALSE(ParseAnchor("0:" + crypto::ToHex(digest)));
    EXPECT_FALSE(ParseAnchor(crypto::ToHex(digest)));
}

TEST(AuditChain, VerifyingAFileThatIsNotThereSaysSo) {
    test::TempDir dir;
    EXPECT_THROW((void)VerifyDatabaseFile(dir.SqliteUrl("missing.db")), std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing.db")) << "verify never creates a database";
    EXPECT_THROW((void)VerifyDatabaseFile("mysql://x"), std::invalid_argument);
    EXPECT_THROW((void)VerifyDatabaseFile("postgresql://layan@127.0.0.1:1/layan?connect_timeout=2"),
                 core::StorageUnavailable)
        << "a server that is not there";
}

}  // namespace
}  // namespace layan::store
