#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"
#include "layan/store/catalog.h"
#include "layan/store/personal_data.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

/// Where an event stream belongs: its tenant, and its hall when it has one.
struct StreamOwner {
    std::string tenant_id{};  ///< Empty: no known tenant (shown to no tenant).
    const domain::catalog::Hall* hall = nullptr;
    core::UtcOffset utc_offset{};  ///< The hall's, else the tenant's: local time in the trail.
};

/// The halls and tenants of the catalog, kept in memory (read once at Load), and the owner of any stream:
/// what places an audit record or a citizen in a tenant, without listing the catalog per request.
/// Thread-safe after Load.
class Directory {
public:
    Directory(store::Catalog& catalog, store::PersonalDataVault& vault);

    /// Reads the halls and tenants. Call once, before use.
    void Load();

    /// A hall or tenant as loaded; nullptr when unknown.
    [[nodiscard]] const domain::catalog::Hall* FindHall(std::string_view hall_id) const;
    [[nodiscard]] const domain::catalog::Tenant* FindTenant(std::string_view tenant_id) const;
    /// The ids of the tenants, sorted.
    [[nodiscard]] std::vector<std::string> TenantIds() const;

    /// The owner of a stream: a hall's day (its hall), a citizen's records (the hall where their data was
    /// collected; the vault is asked once per citizen), a tenant's accounts (the tenant); none for a name no
    /// StreamId kind produces.
    [[nodiscard]] StreamOwner OwnerOf(std::string_view stream_name);

    /// The units of a tenant, by id; empty for an unknown tenant.
    [[nodiscard]] const std::vector<domain::catalog::Unit>& UnitsOf(std::string_view tenant_id) const;

    /// The services and officers of a tenant, as the catalog lists them; empty for an unknown tenant.
    [[nodiscard]] const std::vector<domain::catalog::Service>& ServicesOf(std::string_view tenant_id) const;
    [[nodiscard]] const std::vector<domain::catalog::Officer>& OfficersOf(std::string_view tenant_id) const;

    /// A service of a tenant; nullptr when unknown.
    [[nodiscard]] const domain::catalog::Service* FindService(std::string_view tenant_id, std::string_view code) const;

    /// The halls of a tenant, by id.
    [[nodiscard]] std::vector<const domain::catalog::Hall*> HallsOf(std::string_view tenant_id) const;

    /// Whether a hall belongs to the tenant.
    [[nodiscard]] bool InTenant(std::string_view hall_id, std::string_view tenant_id) const;

private:
    store::Catalog& catalog_;
    store::PersonalDataVault& vault_;
    std::map<std::string, domain::catalog::Hall, std::less<>> halls_;
    std::map<std::string, domain::catalog::Tenant, std::less<>> tenants_;
    std::map<std::string, std::vector<domain::catalog::Unit>, std::less<>> units_;
    std::map<std::string, std::vector<domain::catalog::Service>, std::less<>> services_;
    std::map<std::string, std::vector<domain::catalog::Officer>, std::less<>> officers_;
    std::mutex citizens_mutex_;
    std::map<std::string, std::string, std::less<>> citizen_halls_;  // citizen ref -> hall id ("" unknown)
};

}  // namespace layan::engine
