// What only the PostgreSQL backend promises: its URL, its words for the common SQL, several processes
// migrating one database at once, a clear error when the server is away, the vault's key file.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/core/error.h"
#include "layan/store/database_url.h"
#include "layan/store/postgres/connection.h"
#include "layan/store/postgres/postgres_database.h"
#include "layan/store/seed.h"
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

TEST(PostgresMigrations, NameNoSchemaSoThatEachRunsInsideTheSchemaItIsGiven) {
    for (const auto dialect : {sql::Dialect::kPostgres, sql::Dialect::kSqlite}) {
        for (const auto& migration : sql::EmbeddedMigrations(dialect)) {
            std::string text(migration.sql);
            std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
            for (const char* word : {"public.", "search_path", "create schema", "pg_catalog.", "create function"}) {
                EXPECT_EQ(text.find(word), std::string::npos) << migration.name << " names " << word;
            }
        }
    }
}

TEST(PostgresStatements, NameNoSchemaSoThatEachRunsInsideTheSchemaItIsGiven) {
    // Every statement layan runs is written in the store's sources: none may reach outside the schema
    // of its connection (a schema-qualified name, a change of search_path, a schema of its own).
    const std::filesystem::path store = std::filesystem::path(LAYAN_SOURCE_DIR) / "src/layan/store";
    size_t read = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(store)) {
        if (entry.path().extension() != ".cc" && entry.path().extension() != ".h") {
            continue;
        }
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        for (const char* word : {"public.", "search_path", "create schema", "pg_catalog.", "information_schema"}) {
            EXPECT_EQ(text.find(word), std::string::npos) << entry.path() << " names " << word;
        }
        ++read;
    }
    EXPECT_GT(read, 20U);
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

/// The national plan (docs/DEPLOYMENT.md): each government in a PostgreSQL schema of its own, which Citus's
/// schema-based sharding places whole on one worker. That holds when layan keeps everything it makes and
/// every statement it runs inside the schema it is given: here two tenants' schemas in a database of the
/// test's own, each with its own log from position 1, each verifying alone, and no object anywhere else.
TEST_F(PostgresStore, EachTenantInASchemaOfItsOwnKeepsItsOwnLogAndNothingOutsideIt) {
    const auto server = test::PostgresServerUrl();
    const auto database_name = "tenancy_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}());
    auto admin = [&](const std::string& url, const std::string& sql) {
        PGconn* connection = PQconnectdb(url.c_str());
        PGresult* result = PQexec(connection, sql.c_str());
        std::vector<std::string> rows;
        for (int row = 0; PQresultStatus(result) == PGRES_TUPLES_OK && row < PQntuples(result); ++row) {
            rows.emplace_back(std::string(PQgetvalue(result, row, 0)) + "." + PQgetvalue(result, row, 1));
        }
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
        std::string error = PQerrorMessage(connection);
        PQclear(result);
        PQfinish(connection);
        if (!ok) {
            throw std::runtime_error(error + " in " + sql);
        }
        return rows;
    };
    (void)admin(server, "CREATE DATABASE " + database_name);
    const auto url = server.substr(0, server.rfind('/') + 1) + database_name;
    const std::vector<std::string> tenants = {"kota_mojokerto", "kab_jombang"};
    {
        std::vector<std::unique_ptr<Database>> databases;
        for (const auto& tenant : tenants) {
            (void)admin(url, "CREATE SCHEMA " + tenant);
            DatabaseOptions options;
            options.personal_data_key_file = (dir_.path() / (tenant + ".key")).string();
            databases.push_back(Database::Open(url + "?options=-csearch_path%3D" + tenant, options));
        }
        ASSERT_TRUE(SeedDemo(*databases[0]));
        for (auto& database : databases) {
            ASSERT_TRUE(database->Events().Append("survey/x/2026-11-30", ExpectedVersion{}, {NewEvent{"e", {}, {}}}));
            database->Vault().CheckKey();
        }
        ASSERT_TRUE(databases[0]->Events().Append("survey/y/2026-11-30", ExpectedVersion{}, {NewEvent{"e", {}, {}}}));
        EXPECT_EQ(databases[0]->Events().HeadPosition(), 2);
        EXPECT_EQ(databases[1]->Events().HeadPosition(), 1) << "the second tenant's log starts at its own 1";
        for (auto& database : databases) {
            auto report = database->Audit().Verify();
            EXPECT_TRUE(report.ok());
            EXPECT_EQ(report.events, database->Events().HeadPosition());
        }
    }
    // Every table, index and sequence layan made is in one of the two schemas, the same set in each.
    auto objects = admin(url,
                         "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                         "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 2, 1");
    std::map<std::string, std::set<std::string>> by_schema;
    for (const auto& object : objects) {
        by_schema[object.substr(0, object.find('.'))].insert(object.substr(object.find('.') + 1));
    }
    EXPECT_EQ(by_schema.size(), 2U) << ::testing::PrintToString(objects);
    EXPECT_FALSE(by_schema[tenants[0]].empty());
    EXPECT_EQ(by_schema[tenants[0]], by_schema[tenants[1]]);
    EXPECT_TRUE(by_schema[tenants[0]].contains("events"));
    EXPECT_TRUE(admin(url,
                      "SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                      "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')")
                    .empty())
        << "layan made a function";
    (void)admin(server, "DROP DATABASE " + database_name + " WITH (FORCE)");
}

TEST_F(PostgresStore, AnAppendWakesTheNodesOfItsOwnSchemaOnly) {
    test::TempDir other_dir;
    auto ours = Database::Open(test::PostgresUrlFor(dir_));
    auto theirs = Database::Open(test::PostgresUrlFor(other_dir));
    // A listener as a node of our schema listens: on the channel its server names for it.
    PGconn* listener = PQconnectdb(test::PostgresUrlFor(dir_).c_str());
    ASSERT_EQ(PQstatus(listener), CONNECTION_OK);
    PGresult* named = PQexec(listener, ("SELECT " + std::string(postgres::kEventsChannelSql)).c_str());
    ASSERT_EQ(PQresultStatus(named), PGRES_TUPLES_OK);
    const std::string channel = PQgetvalue(named, 0, 0);
    PQclear(named);
    EXPECT_THAT(channel, ::testing::StartsWith("layan_events:test_"));
    PQclear(PQexec(listener, ("LISTEN \"" + channel + "\"").c_str()));
    auto woken_within = [&](std::chrono::milliseconds wait) {
        const auto until = std::chrono::steady_clock::now() + wait;
        while (std::chrono::steady_clock::now() < until) {
            PQconsumeInput(listener);
            if (PGnotify* notify = PQnotifies(listener)) {
                PQfreemem(notify);
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };

    ASSERT_TRUE(theirs->Events().Append("a", ExpectedVersion{}, {NewEvent{"e", {}, {}}}));
    EXPECT_FALSE(woken_within(std::chrono::milliseconds(500))) << "another schema's append woke our nodes";
    ASSERT_TRUE(ours->Events().Append("a", ExpectedVersion{}, {NewEvent{"e", {}, {}}}));
    EXPECT_TRUE(woken_within(std::chrono::seconds(10))) << "our own append did not wake our nodes";
    PQfinish(listener);
}
}  // namespace
}  // namespace layan::store
