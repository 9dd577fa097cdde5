#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/catalog/catalog.h"

namespace layan::store {

/// The catalog: tenants, their units, services and officers, and the halls with their counters.
/// Read by the engine and the API; written by the demo seed and, later, admin pages. Thread-safe.
///
/// Reads throw core::StorageUnavailable on I/O failure. Upserts create or replace a whole record
/// (a hall with its opening hours, services offered and counters; an officer with their skills)
/// in one transaction; writing a record equal to the stored one changes nothing. They return
/// ErrorKind::kInvalid when the record names something that does not exist (code "unknown_tenant",
/// "unknown_unit", "unknown_service") or breaks a rule of the catalog (code "invalid_catalog"),
/// and ErrorKind::kUnavailable ("storage_unavailable") when storage fails.
class Catalog {
public:
    virtual ~Catalog() = default;

    /// All tenants, by id.
    [[nodiscard]] virtual std::vector<domain::catalog::Tenant> ListTenants() = 0;
    [[nodiscard]] virtual std::optional<domain::catalog::Tenant> FindTenant(const std::string& id) = 0;

    /// All halls of all tenants, by id, each complete (opening hours, services, counters in stored order).
    [[nodiscard]] virtual std::vector<domain::catalog::Hall> ListHalls() = 0;
    [[nodiscard]] virtual std::optional<domain::catalog::Hall> FindHall(const std::string& id) = 0;

    /// Units of a tenant, by id (empty for an unknown tenant).
    [[nodiscard]] virtual std::vector<domain::catalog::Unit> ListUnits(const std::string& tenant_id) = 0;

    /// Services of a tenant, by code (empty for an unknown tenant).
    [[nodiscard]] virtual std::vector<domain::catalog::Service> ListServices(const std::string& tenant_id) = 0;
    [[nodiscard]] virtual std::optional<domain::catalog::Service> FindService(const std::string& tenant_id,
                                                                              const std::string& code) = 0;

    /// Officers of a tenant, by id (empty for an unknown tenant).
    [[nodiscard]] virtual std::vector<domain::catalog::Officer> ListOfficers(const std::string& tenant_id) = 0;
    [[nodiscard]] virtual std::optional<domain::catalog::Officer> FindOfficer(const std::string& id) = 0;

    /// Creates or replaces a tenant.
    [[nodiscard]] virtual core::Status UpsertTenant(const domain::catalog::Tenant& tenant) = 0;
    /// Creates or replaces a unit; its tenant must exist.
    [[nodiscard]] virtual core::Status UpsertUnit(const domain::catalog::Unit& unit) = 0;
    /// Creates or replaces a service of `tenant_id`; its unit must exist in that tenant.
    [[nodiscard]] virtual core::Status UpsertService(const std::string& tenant_id,
                                                     const domain::catalog::Service& service) = 0;
    /// Creates or replaces a hall with its opening hours, services and counters. Its tenant and every
    /// service code must exist; service codes and counter ids must be unique; each counter's hall_id
    /// must be the hall's id; opening hours must open before they close, within the day.
    [[nodiscard]] virtual core::Status UpsertHall(const domain::catalog::Hall& hall) = 0;
    /// Creates or replaces an officer with their skills; tenant, unit and every skill's service must exist.
    [[nodiscard]] virtual core::Status UpsertOfficer(const domain::catalog::Officer& officer) = 0;
};

}  // namespace layan::store
