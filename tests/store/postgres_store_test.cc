// What only the PostgreSQL backend promises: its URL, its words for the common SQL, several processes
// migrating one database at once, a clear error when the server is away, the vault's key file.

#include <future>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/core/error.h"
#include "layan/store/database_url.h"
#include "layan/store/postgres/connection.h"
#include "layan/store/postgres/postgres_database.h"
#include "layan/store/sql/migrations.h"
#include "test_support.h"

namespace layan::store {
namespace {

using ::testing::HasSubstr;

TEST(PostgresParameters, NumberedParametersBecomeDollarsOutsideQuotes) {
    EXPECT_EQ(postgres::ToPostgresParameters("SELECT a FROM t WHERE b = ?1 AND c > ?12"),
              "SELECT a FROM t WHERE b = $1 AND c > $12");
    EXPECT_EQ(postgres::ToPostgresParameters("SELECT '?1', \"?2\", ?3"), "SELECT '?1', \"?2\", $3");
    EXPECT_EQ(postgres::ToPostgresParameters("SELECT 'it''s ?1' || ?1"), "SELECT 'it''s ?1' || $1");
}

TEST(PostgresUrl, DescribesTheDatabaseWithoutItsPassword) {
    auto described = postgres::Describe("postgresql://layan:secret@db.example:6543/city");
    EXPECT_EQ(described, "PostgreSQL database city on db.example:6543");
    EXPECT_THROW((void)postgres::Describe("postgresql://[broken"), std::invalid_argument);
}

TEST(PostgresUrl, IsShownWithoutItsPassword) {
    EXPECT_EQ(RedactedUrl("postgresql://layan:s3cret@db.example:6543/city"),
              "postgresql://layan:***@db.example:6543/city");
    EXPECT_EQ(RedactedUrl("postgresql://layan@db/city?password=s3cret&sslmode=require"),
              "postgresql://layan@db/city?password=***&sslmode=require");
    EXPECT_EQ(RedactedUrl("postgresql://layan@db/city"), "postgresql://layan@db/city");
    EXPECT_EQ(RedactedUrl("sqlite:///var/lib/layan/layan.db"), "sqlite:///var/lib/layan/layan.db");
}

TEST(PostgresMigrations, EveryReplacementNamesAMigrationOfTheOneList) {
    auto sqlite = sql::EmbeddedMigrations(sql::Dialect::kSqlite);
    auto postgres = sql::EmbeddedMigrations(sql::Dialect::kPostgres);
    ASSERT_EQ(sqlite.size(), postgres.size());
    int replaced = 0;
    for (size_t i = 0; i < sqlite.size(); ++i) {
        EXPECT_EQ(sqlite[i].name, postgres[i].name);
        EXPECT_EQ(sqlite[i].version, postgres[i].version);
        replaced += sqlite[i].sql != postgres[i].sql ? 1 : 0;
    }
    EXPECT_GE(replaced, 1) << "PostgreSQL needs BIGINT and BYTEA where SQLite says INTEGER and BLOB";
}

TEST(PostgresServerAway, OpeningFailsAsStorageUnavailableNamingTheServer) {
    // Port 1 on loopback: nothing listens there.
    try {
        (void)Database::Open("postgresql://layan@127.0.0.1:1/layan?connect_timeout=2");
        FAIL() << "opened a database on a port where nothing listens";
    } catch (const core::StorageUnavailable& e) {
        EXPECT_THAT(e.what(), HasSubstr("PostgreSQL database layan on 127.0.0.1:1"));
    }
}

class PostgresStore : public ::testing::Test {
protected:
    void SetUp() override {
        if (test::PostgresServerUrl().empty()) {
            GTEST_SKIP() << "no PostgreSQL server: run through ctest, or set TEST_POSTGRES_URL";
        }
    }
    test::TempDir dir_;
};

TEST_F(PostgresStore, ProcessesMigratingOneDatabaseAtOnceTakeTurnsAndEachMigrationRunsOnce) {
    auto url = test::PostgresUrlFor(dir_);
    std::vector<std::future<std::vector<std::string>>> openers;
    for (int i = 0; i < 4; ++i) {
        openers.push_back(std::async(std::launch::async, [&url] { return Migrate(url); }));
    }
    size_t applied = 0;
    for (auto& opener : openers) {
        applied += opener.get().size();
    }
    EXPECT_EQ(applied, sql::EmbeddedMigrations(sql::Dialect::kPostgres).size());
}

TEST_F(PostgresStore, TheVaultNeedsAKeyFileAndSaysSo) {
    auto database = Database::Open(test::PostgresUrlFor(dir_));
    try {
        database->Vault().CheckKey();
        FAIL() << "the vault loaded a key from nowhere";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("personal_data_key_file"));
    }
}

TEST_F(PostgresStore, AuditVerifyReadsTheDatabaseBesideARunningStore) {
    auto url = test::PostgresUrlFor(dir_);
    auto database = Database::Open(url);
    ASSERT_TRUE(database->Events().Append("a", ExpectedVersion{}, {NewEvent{"e", {{"n", 1}}, {}}}));
    ASSERT_TRUE(database->Events().Append("b", ExpectedVersion{}, {NewEvent{"e", {{"n", 2}}, {}}}));
    auto report = VerifyDatabaseFile(url);
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.events, 2);
    EXPECT_EQ(report.head.position, 2);
}

}  // namespace
}  // namespace layan::store
