#include "layan/store/postgres/postgres_database.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
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
    std::string hosts = "localhost";
    std::string ports = "5432";
    for (auto* option = options; option->keyword != nullptr; ++option) {
        if (option->val == nullptr) {
            continue;
        }
        std::string_view keyword = option->keyword;
        if (keyword == "dbname") {
            name = option->val;
        } else if (keyword == "host" || (keyword == "hostaddr" && hosts == "localhost")) {
            hosts = option->val;
        } else if (keyword == "port") {
            ports = option->val;
        }
    }
    PQconninfoFree(options);
    // Several servers (a primary and its standbys: host=a,b port=1,2) are listed host:port each; one port
    // stands for every host.
    auto split = [](const std::string& list) {
        std::vector<std::string> items;
        std::string_view rest = list;
        for (auto comma = rest.find(','); comma != std::string_view::npos; comma = rest.find(',')) {
            items.emplace_back(rest.substr(0, comma));
            rest.remove_prefix(comma + 1);
        }
        items.emplace_back(rest);
        return items;
    };
    const auto host_list = split(hosts);
    const auto port_list = split(ports);
    std::vector<std::string> servers;
    for (size_t i = 0; i < host_list.size(); ++i) {
        servers.push_back(fmt::format("{}:{}", host_list[i], port_list[std::min(i, port_list.size() - 1)]));
    }
    return fmt::format("PostgreSQL database {} on {}", name.empty() ? "(default)" : name, fmt::join(servers, ", "));
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
                                              sql::UploadsFolder{.path = options.uploads_dir, .ephemeral = false},
                                              std::make_unique<ChangeFeed>(url, description));
}

}  // namespace layan::store::postgres
