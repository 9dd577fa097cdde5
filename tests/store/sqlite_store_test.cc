// What only the SQLite backend promises: its file survives a reopen, migrations, exclusive use,
// storage failures, group commit, URL handling.

#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "layan/store/sql/migrations.h"
#include "layan/store/sqlite/connection.h"
#include "layan/store/sqlite/sqlite_database.h"
#include "test_support.h"

namespace layan::store::sqlite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

NewEvent Event(std::string type, nlohmann::json data = nlohmann::json::object()) {
    return NewEvent{.type = std::move(type), .data = std::move(data), .metadata = {{"actor", "test"}}};
}

/// Runs one query on the file with a separate, plain SQLite connection and returns the first column
/// of every row, as text: the test looks at the file, not through the store.
std::vector<std::string> Query(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        rows.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

TEST(SqliteStore, ReopenedDatabaseReadsBackEveryEvent) {
    test::TempDir dir;
    std::vector<AppendResult> written;
    {
        auto database = Database::Open(dir.SqliteUrl());
        for (int i = 0; i < 20; ++i) {
            auto result =
                database->Events().Append(i % 2 == 0 ? "even" : "odd", ExpectedVersion{}, {Event("E", {{"i", i}})});
            ASSERT_TRUE(result);
            written.push_back(*result);
        }
    }
    auto database = Database::Open(dir.SqliteUrl());
    EXPECT_EQ(database->Events().HeadPosition(), written.back().last_position);
    auto all = database->Events().ReadAll(0, 100);
    ASSERT_EQ(all.size(), written.size());
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].position, written[i].events[0].position);
        EXPECT_EQ(all[i].version, written[i].events[0].version);
        EXPECT_EQ(all[i].data, written[i].events[0].data);
        EXPECT_EQ(all[i].recorded_at, written[i].events[0].recorded_at);
    }
    EXPECT_EQ(database->Events().StreamVersion("even"), 10);
    auto next = database->Events().Append("even", ExpectedVersion{10}, {Event("E")});
    ASSERT_TRUE(next);
    EXPECT_EQ(next->last_position, written.back().last_position + 1);
}

TEST(SqliteStore, MigrationsRunOnceInOrderAndAreRecorded) {
    test::TempDir dir;
    std::vector<std::string> expected;
    for (const auto& migration : sql::EmbeddedMigrations(sql::Dialect::kSqlite)) {
        expected.push_back(migration.name);
    }
    ASSERT_GE(expected.size(), 2u);
    EXPECT_EQ(expected[0], "0001_events");
    EXPECT_EQ(expected[1], "0002_catalog");

    EXPECT_EQ(Database::Open(dir.SqliteUrl())->AppliedMigrations(), expected);
    EXPECT_THAT(Database::Open(dir.SqliteUrl())->AppliedMigrations(), IsEmpty());
    EXPECT_THAT(Migrate(dir.SqliteUrl()), IsEmpty());
    EXPECT_EQ(Query(dir.path() / "layan.db", "SELECT name FROM schema_migrations ORDER BY version"), expected);
}

TEST(SqliteStore, MigrateCreatesTheSchemaOfANewDatabase) {
    test::TempDir dir;
    auto applied = Migrate(dir.SqliteUrl("fresh.db"));
    EXPECT_EQ(applied.size(), sql::EmbeddedMigrations(sql::Dialect::kSqlite).size());
    auto tables = Query(dir.path() / "fresh.db", "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    EXPECT_THAT(tables, ::testing::IsSupersetOf({"events", "schema_migrations", "tenants", "halls", "counters"}));
    EXPECT_THAT(Query(dir.path() / "fresh.db", "PRAGMA journal_mode"), ElementsAre("wal"));
}

TEST(SqliteStore, EveryMigrationFileIsEmbeddedAndNumberedWithoutGaps) {
    std::set<std::string> on_disk;
    for (const auto& entry : std::filesystem::directory_iterator(LAYAN_SOURCE_DIR "/data/migrations")) {
        if (entry.path().extension() == ".sql") {
            on_disk.insert(entry.path().stem().string());
        }
    }
    auto migrations = sql::EmbeddedMigrations(sql::Dialect::kSqlite);
    std::set<std::string> embedded;
    for (size_t i = 0; i < migrations.size(); ++i) {
        EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
        embedded.insert(migrations[i].name);
    }
    EXPECT_EQ(embedded, on_disk);
}

TEST(SqliteStore, RefusesADatabaseMigratedByANewerLayan) {
    test::TempDir dir;
    Database::Open(dir.SqliteUrl()).reset();
    Query(dir.path() / "layan.db",
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_x', 0)");
    try {
        Database::Open(dir.SqliteUrl()).reset();
        FAIL() << "opened a database from the future";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("schema version 99"));
    }
}

TEST(SqliteStore, SecondOpenOfTheSameFileFailsNamingTheFileAndTheOwnerPid) {
    test::TempDir dir;
    auto first = Database::Open(dir.SqliteUrl());
    std::string expected = fmt::format("database {} is in use by another layan process (pid {})",
                                       (dir.path() / "layan.db").string(), getpid());
    try {
        Database::Open(dir.SqliteUrl()).reset();
        FAIL() << "a second open succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), expected);
    }
    first.reset();
    EXPECT_NO_THROW(Database::Open(dir.SqliteUrl()).reset()) << "the lock outlived its owner";
}

TEST(SqliteStore, FullDiskFailsTheAppendAsUnavailableStoresNothingAndRecovers) {
    test::TempDir dir;
    auto database = SqliteDatabase::Open((dir.path() / "layan.db").string());
    auto& events = database->Events();
    ASSERT_TRUE(events.Append("s", ExpectedVersion{}, {Event("Before")}));
    auto head = events.HeadPosition();

    // Far more than the free pages of the file can take.
    std::vector<NewEvent> big;
    for (int i = 0; i < 40; ++i) {
        big.push_back(Event("Big", {{"padding", std::string(4000, static_cast<char>('a' + i % 26))}}));
    }
    database->SetMaxPageCount(1);  // the cap becomes the current size: the file cannot grow
    auto full = events.Append("s", ExpectedVersion{1}, big);
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(full.error().code, "storage_unavailable");
    EXPECT_THAT(full.error().message, HasSubstr("the database disk is full"));

    EXPECT_EQ(events.HeadPosition(), head);
    EXPECT_EQ(events.StreamVersion("s"), 1);
    EXPECT_EQ(events.ReadAll(0, 1000).size(), 1u);
    EXPECT_THAT(Query(dir.path() / "layan.db", "SELECT COUNT(*) FROM events"), ElementsAre("1"));

    database->SetMaxPageCount(0);
    auto retried = events.Append("s", ExpectedVersion{1}, big);
    ASSERT_TRUE(retried) << retried.error().message;
    EXPECT_EQ(retried->last_version, 41);
    EXPECT_EQ(events.ReadStream("s").size(), 41u);
}

TEST(SqliteStore, ConflictInAGroupCommitFailsAloneWhileTheRestOfTheBatchCommits) {
    test::TempDir dir;
    auto database = Database::Open(dir.SqliteUrl());
    auto& events = database->Events();

    // Hold the writer inside a callback so the next appends queue up and commit as one batch.
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> holding;
    events.AppendAsync("gate", ExpectedVersion{}, {Event("Gate")}, [&](core::Result<AppendResult>) {
        holding.set_value();
        released.wait();
    });
    holding.get_future().wait();

    std::vector<std::future<core::Result<AppendResult>>> results;
    auto submit = [&](std::string stream, std::int64_t expected, std::string type) {
        auto promise = std::make_shared<std::promise<core::Result<AppendResult>>>();
        results.push_back(promise->get_future());
        events.AppendAsync(std::move(stream), ExpectedVersion{expected}, {Event(std::move(type))},
                           [promise](core::Result<AppendResult> r) { promise->set_value(std::move(r)); });
    };
    submit("a", ExpectedVersion::kNoStream, "A1");
    submit("a", ExpectedVersion::kNoStream, "A-conflict");
    submit("b", ExpectedVersion::kNoStream, "B1");
    submit("a", 1, "A2");
    release.set_value();

    auto a1 = results[0].get();
    auto conflict = results[1].get();
    auto b1 = results[2].get();
    auto a2 = results[3].get();
    EXPECT_TRUE(a1);
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code, "version_conflict");
    EXPECT_TRUE(b1);
    EXPECT_TRUE(a2);
    auto stream_a = events.ReadStream("a");
    ASSERT_EQ(stream_a.size(), 2u);
    EXPECT_EQ(stream_a[0].type, "A1");
    EXPECT_EQ(stream_a[1].type, "A2");
    EXPECT_EQ(events.ReadStream("b").size(), 1u);
    // Positions stay contiguous: the failed append left no hole.
    auto all = events.ReadAll(0, 100);
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].position, static_cast<std::int64_t>(i) + 1);
    }
}

TEST(SqliteStore, ClosingCommitsEverythingAlreadySubmitted) {
    test::TempDir dir;
    constexpr int kCount = 300;
    std::atomic<int> succeeded = 0;
    {
        auto database = Database::Open(dir.SqliteUrl());
        for (int i = 0; i < kCount; ++i) {
            database->Events().AppendAsync("s", ExpectedVersion{}, {Event("E", {{"i", i}})},
                                           [&](core::Result<AppendResult> result) { succeeded += result ? 1 : 0; });
        }
    }
    EXPECT_EQ(succeeded, kCount);
    EXPECT_EQ(Database::Open(dir.SqliteUrl())->Events().StreamVersion("s"), kCount);
}

TEST(SqliteStore, NormalSyncModeStoresAndReadsBackLikeFull) {
    test::TempDir dir;
    {
        auto database = Database::Open(dir.SqliteUrl(), DatabaseOptions{.sync = SyncMode::kNormal});
        ASSERT_TRUE(database->Events().Append("s", ExpectedVersion{}, {Event("A"), Event("B")}));
    }
    EXPECT_EQ(Database::Open(dir.SqliteUrl())->Events().ReadStream("s").size(), 2u);
}

TEST(SqliteStore, InMemoryDatabasesArePrivateToEachOpen) {
    auto one = Database::Open("sqlite::memory:");
    auto two = Database::Open("sqlite::memory:");
    ASSERT_TRUE(one->Events().Append("s", ExpectedVersion{}, {Event("A")}));
    EXPECT_EQ(one->Events().StreamVersion("s"), 1);
    EXPECT_EQ(two->Events().StreamVersion("s"), 0);
}

TEST(SqliteStore, RelativeUrlIsResolvedFromTheWorkingDirectory) {
    test::TempDir dir;
    auto relative = std::filesystem::relative(dir.path() / "relative.db", std::filesystem::current_path());
    ASSERT_TRUE(relative.is_relative());
    {
        auto database = Database::Open("sqlite://" + relative.string());
        ASSERT_TRUE(database->Events().Append("s", ExpectedVersion{}, {Event("A")}));
    }
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "relative.db"));
    EXPECT_EQ(Database::Open("sqlite:///" + (dir.path() / "relative.db").relative_path().string())
                  ->Events()
                  .StreamVersion("s"),
              1);
}

TEST(SqliteStore, UnknownUrlSchemesFailWithAClearMessage) {
    auto message = [](const std::string& url) {
        try {
            Database::Open(url).reset();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("opened");
    };
    EXPECT_THAT(message("mysql://db.local/layan"), HasSubstr("unsupported database URL"));
    EXPECT_THAT(message("mysql://db.local/layan"), HasSubstr("postgresql://"));
    EXPECT_THAT(message("layan.db"), HasSubstr("unsupported database URL"));
    EXPECT_THAT(message("sqlite://"), HasSubstr("unsupported database URL"));
}

TEST(SqliteStore, MissingDirectoriesAreCreated) {
    test::TempDir dir;
    ASSERT_TRUE(
        Database::Open(dir.SqliteUrl("var/data/layan.db"))->Events().Append("s", ExpectedVersion{}, {Event("A")}));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "var/data/layan.db"));
}

TEST(SqliteStore, UnopenableFileFailsAsStorageUnavailable) {
    test::TempDir dir;
    std::ofstream(dir.path() / "not-a-directory") << "x";
    EXPECT_THROW(Database::Open(dir.SqliteUrl("not-a-directory/layan.db")).reset(), core::StorageUnavailable);
    std::filesystem::create_directory(dir.path() / "a-directory.db");
    EXPECT_THROW(Database::Open(dir.SqliteUrl("a-directory.db")).reset(), core::StorageUnavailable);
}

TEST(SqliteErrors, StorageFailuresBecomeStorageUnavailableWithASentence) {
    for (int code : {SQLITE_FULL, SQLITE_IOERR_WRITE, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_BUSY}) {
        EXPECT_TRUE(IsStorageFailure(code)) << code;
        EXPECT_THROW(ThrowSqlite(nullptr, code, "testing"), core::StorageUnavailable) << code;
    }
    try {
        ThrowSqlite(nullptr, SQLITE_FULL, "testing");
    } catch (const core::StorageUnavailable& e) {
        EXPECT_THAT(e.what(), HasSubstr("the database disk is full"));
    }
    EXPECT_FALSE(IsStorageFailure(SQLITE_CONSTRAINT_UNIQUE));
    EXPECT_THROW(ThrowSqlite(nullptr, SQLITE_CONSTRAINT_UNIQUE, "testing"), sql::ConstraintViolation);
    EXPECT_THROW(ThrowSqlite(nullptr, SQLITE_MISUSE, "testing"), sql::SqlError);
}

}  // namespace
}  // namespace layan::store::sqlite
