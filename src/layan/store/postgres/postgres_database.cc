#include "layan/store/postgres/postgres_database.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "layan/store/postgres/change_feed.h"
#include "layan/store/postgres/connection.h"
#include "layan/store/sql/migrations.h"
#include "layan/store/sql/sql_database.h"

namespace layan::store::postgres {

std::string Describe(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
        std::string detail = error != nullptr ? error : "malformed";
        PQfreemem(error);
        throw std::invalid_argument(fmt::format("the PostgreSQL URL is not valid: {}", detail));
    }
    std::string name;
    std::string host = "localhost";
    std::string port = "5432";
    for (auto* option = options; option->keyword != nullptr; ++option) {
        if (option->val == nullptr) {
            continue;
        }
        std::string_view keyword = option->keyword;
        if (keyword == "dbname") {
            name = option->val;
        } else if (keyword == "host" || (keyword == "hostaddr" && host == "localhost")) {
            host = option->val;
        } else if (keyword == "port") {
            port = option->val;
        }
    }
    PQconninfoFree(options);
    return fmt::format("PostgreSQL database {} on {}:{}", name.empty() ? "(default)" : name, host, port);
}

std::unique_ptr<Database> Open(const std::string& url, const DatabaseOptions& options) {
    auto description = Describe(url);
    const bool synchronous = options.sync == SyncMode::kFull;
    auto pool = std::make_shared<sql::ConnectionPool>(
        sql::Dialect::kPostgres, description,
        [url, description, synchronous] { return std::make_unique<Connection>(url, description, synchronous); },
        /*shared=*/false);
    auto applied = sql::ApplyMigrations(*pool->Writer(), *options.clock, description);
    return std::make_unique<sql::SqlDatabase>(std::move(pool), std::move(applied), options,
                                              sql::VaultKey{options.personal_data_key_file, false},
                                              std::make_unique<ChangeFeed>(url, description));
}

}  // namespace layan::store::postgres
