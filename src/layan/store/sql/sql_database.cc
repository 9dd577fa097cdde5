#include "layan/store/sql/sql_database.h"

namespace layan::store::sql {

SqlDatabase::SqlDatabase(std::shared_ptr<ConnectionPool> pool, std::vector<std::string> applied,
                         const DatabaseOptions& options, VaultKey vault_key, std::unique_ptr<ChangeFeed> feed)
    : pool_(std::move(pool)),
      applied_(std::move(applied)),
      catalog_(pool_),
      accounts_(pool_),
      audit_(pool_),
      vault_(pool_, events_, options, std::move(vault_key)),
      archive_(pool_, vault_),
      events_(pool_, options, std::move(feed)) {}

}  // namespace layan::store::sql
