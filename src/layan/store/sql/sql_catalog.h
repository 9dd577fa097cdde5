#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layan/store/catalog.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// The catalog in an SQL database (tables from data/migrations/0002_catalog.sql). A record is read in one read
/// transaction, so a hall never comes back half-updated.
class SqlCatalog final : public Catalog {
public:
    /// `pool` must already be migrated.
    explicit SqlCatalog(std::shared_ptr<ConnectionPool> pool);

    [[nodiscard]] std::vector<domain::catalog::Tenant> ListTenants() override;
    [[nodiscard]] std::optional<domain::catalog::Tenant> FindTenant(const std::string& id) override;
    [[nodiscard]] std::vector<domain::catalog::Hall> ListHalls() override;
    [[nodiscard]] std::optional<domain::catalog::Hall> FindHall(const std::string& id) override;
    [[nodiscard]] std::vector<domain::catalog::Unit> ListUnits(const std::string& tenant_id) override;
    [[nodiscard]] std::vector<domain::catalog::Service> ListServices(const std::string& tenant_id) override;
    [[nodiscard]] std::optional<domain::catalog::Service> FindService(const std::string& tenant_id,
                                                                      const std::string& code) override;
    [[nodiscard]] std::vector<domain::catalog::Officer> ListOfficers(const std::string& tenant_id) override;
    [[nodiscard]] std::optional<domain::catalog::Officer> FindOfficer(const std::string& id) override;

    [[nodiscard]] core::Status UpsertTenant(const domain::catalog::Tenant& tenant) override;
    [[nodiscard]] core::Status UpsertUnit(const domain::catalog::Unit& unit) override;
    [[nodiscard]] core::Status UpsertService(const std::string& tenant_id,
                                             const domain::catalog::Service& service) override;
    [[nodiscard]] core::Status UpsertHall(const domain::catalog::Hall& hall) override;
    [[nodiscard]] core::Status UpsertOfficer(const domain::catalog::Officer& officer) override;

private:
    template <class F>
    auto Read(F&& read);
    template <class F>
    core::Status Write(F&& write);

    std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace layan::store::sql
