#include "layan/store/sqlite/migrations.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

namespace layan::store::sqlite {

std::vector<Migration> EmbeddedMigrations() {
    std::vector<Migration> migrations;
    for (const auto& file : MigrationFiles()) {
        std::string_view path = file.path;
        int version = 0;
        auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), version);
        bool well_formed = ec == std::errc{} && end == path.data() + 4 && path.size() > 9 && path[4] == '_' &&
                           path.ends_with(".sql") && path.find('/') == std::string_view::npos;
        if (!well_formed) {
            throw std::logic_error(fmt::format("migration file '{}' is not named NNNN_name.sql", path));
        }
        path.remove_suffix(4);
        migrations.push_back(Migration{version, std::string(path), file.bytes});
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            throw std::logic_error(fmt::format("migration '{}' should be version {}: versions must run 1, 2, 3, ...",
                                               migrations[i].name, i + 1));
        }
    }
    return migrations;
}

std::vector<std::string> ApplyMigrations(Connection& connection, const core::Clock& clock) {
    connection.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto migrations = EmbeddedMigrations();

    std::int64_t current = 0;
    {
        Statement max(connection.handle(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        max.Step();
        current = max.Int(0);
    }
    if (current > static_cast<std::int64_t>(migrations.size())) {
        throw std::runtime_error(
            fmt::format("database {} has schema version {}, newer than this layan knows ({}): upgrade layan",
                        sqlite3_db_filename(connection.handle(), "main"), current, migrations.size()));
    }

    std::vector<std::string> applied;
    for (const auto& migration : migrations) {
        if (migration.version <= current) {
            continue;
        }
        WriteTransaction transaction(connection);
        connection.Exec(migration.sql);
        Statement record(connection.handle(),
                         "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
        record.Bind(1, migration.version)
            .Bind(2, migration.name)
            .Bind(3, static_cast<std::int64_t>(clock.Now().time_since_epoch().count()));
        record.Run();
        transaction.Commit();
        applied.push_back(migration.name);
    }
    return applied;
}

}  // namespace layan::store::sqlite
