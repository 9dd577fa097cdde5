#include "layan/store/sql/migrations.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace layan::store::sql {

namespace {

constexpr std::string_view kPostgresDir = "postgres/";

// Any number, the same in every layan: the PostgreSQL advisory lock that migrating processes take turns on.
constexpr std::int64_t kMigrationLock = 0x6c6179616e;  // "layan"

/// "0002_catalog.sql" → {2, "0002_catalog"}; throws for any other shape.
Migration Parse(std::string_view file, std::string_view bytes) {
    int version = 0;
    auto [end, ec] = std::from_chars(file.data(), file.data() + file.size(), version);
    bool well_formed = ec == std::errc{} && end == file.data() + 4 && file.size() > 9 && file[4] == '_' &&
                       file.ends_with(".sql") && file.find('/') == std::string_view::npos;
    if (!well_formed) {
        throw std::logic_error(fmt::format("migration file '{}' is not named NNNN_name.sql", file));
    }
    file.remove_suffix(4);
    return Migration{version, std::string(file), bytes};
}

}  // namespace

std::vector<Migration> EmbeddedMigrations(Dialect dialect) {
    std::vector<Migration> migrations;
    std::map<std::string, std::string_view, std::less<>> postgres;
    for (const auto& file : MigrationFiles()) {
        std::string_view path = file.path;
        if (path.starts_with(kPostgresDir)) {
            auto replacement = Parse(path.substr(kPostgresDir.size()), file.bytes);
            postgres.emplace(replacement.name, replacement.sql);
        } else {
            migrations.push_back(Parse(path, file.bytes));
        }
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            throw std::logic_error(fmt::format("migration '{}' should be version {}: versions must run 1, 2, 3, ...",
                                               migrations[i].name, i + 1));
        }
    }
    for (const auto& replacement : postgres) {
        const std::string& name = replacement.first;
        auto it = std::find_if(migrations.begin(), migrations.end(),
                               [&name](const Migration& migration) { return migration.name == name; });
        if (it == migrations.end()) {
            throw std::logic_error(
                fmt::format("migrations/postgres/{}.sql replaces no migration: add migrations/{}.sql", name, name));
        }
        if (dialect == Dialect::kPostgres) {
            it->sql = replacement.second;
        }
    }
    return migrations;
}

std::vector<std::string> ApplyMigrations(Connection& connection, const core::Clock& clock,
                                         std::string_view description) {
    const bool postgres = connection.dialect() == Dialect::kPostgres;
    if (postgres) {
        connection.Exec(fmt::format("SELECT pg_advisory_lock({})", kMigrationLock));
    }
    struct Unlock {
        Connection& connection;
        bool postgres;
        ~Unlock() {
            if (postgres) {
                try {
                    connection.Exec(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLock));
                } catch (const std::exception&) {
                    // The session's end releases it too.
                }
            }
        }
    } unlock{connection, postgres};

    connection.Exec(postgres ? "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
                             : "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto migrations = EmbeddedMigrations(connection.dialect());

    std::int64_t current = 0;
    {
        auto max = connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        max->Step();
        current = max->Int(0);
    }
    if (current > static_cast<std::int64_t>(migrations.size())) {
        throw std::runtime_error(
            fmt::format("{} has schema version {}, newer than this layan knows ({}): upgrade layan", description,
                        current, migrations.size()));
    }

    std::vector<std::string> applied;
    for (const auto& migration : migrations) {
        if (migration.version <= current) {
            continue;
        }
        WriteTransaction transaction(connection);
        connection.Exec(migration.sql);
        auto record =
            connection.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
        record->Bind(1, migration.version)
            .Bind(2, migration.name)
            .Bind(3, static_cast<std::int64_t>(clock.Now().time_since_epoch().count()));
        record->Run();
        transaction.Commit();
        applied.push_back(migration.name);
    }
    return applied;
}

}  // namespace layan::store::sql
