#include "layan/store/sqlite/sqlite_database.h"

#include "layan/store/sqlite/migrations.h"

namespace layan::store::sqlite {

std::unique_ptr<SqliteDatabase> SqliteDatabase::Open(const std::string& path, const DatabaseOptions& options) {
    auto pool = std::make_shared<ConnectionPool>(path, options);
    auto applied = ApplyMigrations(*pool->Writer(), *options.clock);
    return std::make_unique<SqliteDatabase>(std::move(pool), std::move(applied), options);
}

SqliteDatabase::SqliteDatabase(std::shared_ptr<ConnectionPool> pool, std::vector<std::string> applied,
                               const DatabaseOptions& options)
    : pool_(std::move(pool)),
      applied_(std::move(applied)),
      catalog_(pool_),
      accounts_(pool_),
      audit_(pool_),
      vault_(pool_, events_, options),
      events_(pool_, options) {}

}  // namespace layan::store::sqlite
