#include "layan/store/sql/sql_database.h"

#include "layan/store/files/file_blob_store.h"

namespace layan::store::sql {

SqlDatabase::SqlDatabase(std::shared_ptr<ConnectionPool> pool, std::vector<std::string> applied,
                         const DatabaseOptions& options, VaultKey vault_key, UploadsFolder uploads,
                         std::unique_ptr<ChangeFeed> feed)
    : pool_(std::move(pool)),
      applied_(std::move(applied)),
      catalog_(pool_),
      accounts_(pool_),
      audit_(pool_),
      vault_(pool_, events_, options, std::move(vault_key)),
      archive_(pool_, vault_),
      uploads_folder_(std::move(uploads)),
      uploads_(uploads_folder_.path.empty() ? nullptr : std::make_unique<files::FileBlobStore>(uploads_folder_.path)),
      events_(pool_, options, std::move(feed)) {}

SqlDatabase::~SqlDatabase() {
    uploads_.reset();
    if (uploads_folder_.ephemeral) {
        std::error_code ignored;
        std::filesystem::remove_all(uploads_folder_.path, ignored);
    }
}

}  // namespace layan::store::sql
