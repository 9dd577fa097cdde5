#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "layan/store/archive.h"
#include "layan/store/personal_data.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// A column an archive carries, and how its value travels (a blob as hex).
struct ArchivedColumn {
    enum class Kind { kInt, kText, kBlob };
    std::string_view name;
    Kind kind = Kind::kText;
};

/// A table an archive carries: its columns, and which rows are the tenant's (a condition on ?1, the
/// tenant id). Listed parents first, the order rows are inserted in.
struct ArchivedTable {
    std::string_view name;
    std::vector<ArchivedColumn> columns;
    std::string_view tenant_rows;  ///< SQL condition selecting the tenant's rows.
    std::string_view order_by;     ///< The primary key: a stable order.
};

/// Every table of a tenant's data but the event log (which an archive carries apart, re-chained).
[[nodiscard]] const std::vector<ArchivedTable>& ArchivedTables();

/// The tables an archive leaves out on purpose, with the reason (a test checks that every table of the
/// schema is either archived or listed here).
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& TablesNotArchived();

/// TenantArchive on the connections of a database (SQLite or PostgreSQL).
class SqlTenantArchive final : public TenantArchive {
public:
    /// The archive of the database behind `pool`, whose personal data `vault` keeps (it must outlive this).
    SqlTenantArchive(std::shared_ptr<ConnectionPool> pool, PersonalDataVault& vault)
        : pool_(std::move(pool)), vault_(vault) {}

    [[nodiscard]] core::Result<ArchiveSummary> Export(const std::string& tenant, std::ostream& out) override;
    [[nodiscard]] core::Result<ArchiveSummary> Import(std::istream& in) override;

private:
    std::shared_ptr<ConnectionPool> pool_;
    PersonalDataVault& vault_;
};

}  // namespace layan::store::sql
