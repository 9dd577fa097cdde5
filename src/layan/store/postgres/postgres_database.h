#pragma once

#include <memory>
#include <string>

#include "layan/store/database.h"

namespace layan::store::postgres {

/// Opens the PostgreSQL database at `url` (postgresql://user@host:port/dbname?options, libpq's URI
/// form): connects, migrates (several processes may do it at once: they take turns), starts the event
/// store's writer. The personal-data vault's master key is read from DatabaseOptions::
/// personal_data_key_file, which a PostgreSQL database needs (there is no database file to put it
/// beside); without it the vault refuses to seal or open anything. Throws core::StorageUnavailable
/// when the server cannot be reached or migrated, std::runtime_error like Database::Open.
[[nodiscard]] std::unique_ptr<Database> Open(const std::string& url, const DatabaseOptions& options = {});

/// "PostgreSQL database <name> on <host>:<port>" for a URL, without its password.
[[nodiscard]] std::string Describe(const std::string& url);

}  // namespace layan::store::postgres
