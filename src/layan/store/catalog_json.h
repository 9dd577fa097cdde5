#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/domain/catalog/catalog.h"

/// The catalog as JSON: how the demo file is written, how the API shows it, and how the store keeps a
/// service standard. Shapes (every field of the struct, by its own name, unless noted):
///
///   LocalizedText  {"id": "Kartu Keluarga", "en": "Family card"}
///   Tenant         {"id", "name", "utc_offset": "+07:00"}
///   Unit           {"id", "tenant_id", "name": LocalizedText}
///   Service        {"code", "unit_id", "name", "ticket_prefix": "A", "typical_service_minutes": 10,
///                   "standard": ServiceStandard, "themes": ["poverty"]}
///   ServiceStandard {"requirements": [LocalizedText], "procedure", "completion_unit": "same_day" |
///                   "working_days" | "calendar_days" | "hours", "completion_min", "completion_max",
///                   "fee_idr", "fee_note", "product", "decree", "version"}
///   Hall           {"id", "tenant_id", "name", "utc_offset", "opening_hours": [{"weekday": "monday",
///                   "open": "07:30", "close": "16:00"}], "service_codes": ["KTP"], "counters": [Counter]}
///   Counter        {"id", "hall_id", "name": "Loket 1", "number": 1}
///   Officer        {"id", "tenant_id", "name", "unit_id", "skills": ["KTP", "KK"]}
///
/// Reading is strict, so a typo in a file is caught rather than ignored: unknown keys are errors, and
/// every field is required except `themes`, `fee_note` and `version` (default empty, empty, 1) and the
/// parent's id where the object is nested in its parent (a unit inside a tenant, a counter inside a
/// hall); given anyway, it must match. Errors are ErrorKind::kInvalid, code "invalid_catalog", with the
/// offending field in the message and in details.field ("tenants[0].halls[0].opening_hours[2].open").
namespace layan::store {

[[nodiscard]] nlohmann::json ToJson(const domain::catalog::LocalizedText& text);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Tenant& tenant);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Unit& unit);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::ServiceStandard& standard);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Service& service);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::OpeningHours& hours);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Counter& counter);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Hall& hall);
[[nodiscard]] nlohmann::json ToJson(const domain::catalog::Officer& officer);

/// `parent_tenant_id`, `parent_hall_id`: the id implied by where the object sits (empty when it stands
/// alone, and then the object must carry it).
[[nodiscard]] core::Result<domain::catalog::Tenant> TenantFromJson(const nlohmann::json& json);
[[nodiscard]] core::Result<domain::catalog::Unit> UnitFromJson(const nlohmann::json& json,
                                                               std::string_view parent_tenant_id = {});
[[nodiscard]] core::Result<domain::catalog::ServiceStandard> ServiceStandardFromJson(const nlohmann::json& json);
[[nodiscard]] core::Result<domain::catalog::Service> ServiceFromJson(const nlohmann::json& json);
[[nodiscard]] core::Result<domain::catalog::Counter> CounterFromJson(const nlohmann::json& json,
                                                                     std::string_view parent_hall_id = {});
[[nodiscard]] core::Result<domain::catalog::Hall> HallFromJson(const nlohmann::json& json,
                                                               std::string_view parent_tenant_id = {});
[[nodiscard]] core::Result<domain::catalog::Officer> OfficerFromJson(const nlohmann::json& json,
                                                                     std::string_view parent_tenant_id = {});

/// Everything one tenant has, as a catalog file holds it.
struct TenantCatalog {
    domain::catalog::Tenant tenant;
    std::vector<domain::catalog::Unit> units;
    std::vector<domain::catalog::Service> services;
    std::vector<domain::catalog::Hall> halls;
    std::vector<domain::catalog::Officer> officers;

    friend bool operator==(const TenantCatalog&, const TenantCatalog&) = default;
};

/// A catalog file: {"tenants": [{"id", "name", "utc_offset", "units": [...], "services": [...],
/// "halls": [...], "officers": [...]}]}, the tenant's id implied in everything nested in it.
[[nodiscard]] nlohmann::json ToJson(const std::vector<TenantCatalog>& catalog);
[[nodiscard]] core::Result<std::vector<TenantCatalog>> CatalogFromJson(const nlohmann::json& json);

}  // namespace layan::store
