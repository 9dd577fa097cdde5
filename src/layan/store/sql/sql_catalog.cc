#include "layan/store/sql/sql_catalog.h"

#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "layan/store/catalog_json.h"

namespace layan::store::sql {

namespace catalog = domain::catalog;
using nlohmann::json;

namespace {

// --- Reading rows (on a connection the caller holds, inside its transaction) ---

catalog::Tenant TenantRow(const Statement& row) {
    return catalog::Tenant{
        .id = row.Text(0), .name = row.Text(1), .utc_offset = core::UtcOffset{std::chrono::minutes{row.Int(2)}}};
}

std::optional<catalog::Tenant> LoadTenant(Connection& connection, const std::string& id) {
    Statement& select = connection.Cached("SELECT id, name, utc_offset_minutes FROM tenants WHERE id = ?1");
    ScopedReset reset(select);
    select.Bind(1, id);
    if (!select.Step()) {
        return std::nullopt;
    }
    return TenantRow(select);
}

catalog::Unit UnitRow(const Statement& row) {
    return catalog::Unit{.id = row.Text(0), .tenant_id = row.Text(1), .name = {row.Text(2), row.Text(3)}};
}

std::optional<catalog::Unit> LoadUnit(Connection& connection, const std::string& tenant_id, const std::string& id) {
    Statement& select =
        connection.Cached("SELECT id, tenant_id, name_id, name_en FROM units WHERE tenant_id = ?1 AND id = ?2");
    ScopedReset reset(select);
    select.Bind(1, tenant_id).Bind(2, id);
    if (!select.Step()) {
        return std::nullopt;
    }
    return UnitRow(select);
}

constexpr std::string_view kServiceColumns =
    "SELECT code, unit_id, name_id, name_en, ticket_prefix, typical_service_minutes, standard, themes FROM services";

catalog::Service ServiceRow(const Statement& row) {
    catalog::Service service;
    service.code = row.Text(0);
    service.unit_id = row.Text(1);
    service.name = {row.Text(2), row.Text(3)};
    service.ticket_prefix = row.Text(4);
    service.typical_service_time = std::chrono::minutes{row.Int(5)};
    auto standard = ServiceStandardFromJson(json::parse(row.Text(6), nullptr, /*allow_exceptions=*/false));
    auto themes = json::parse(row.Text(7), nullptr, /*allow_exceptions=*/false);
    if (!standard || !themes.is_array()) {
        throw std::runtime_error(fmt::format("the stored standard or themes of service '{}' are malformed: {}",
                                             service.code, standard ? "themes" : standard.error().message));
    }
    service.standard = std::move(*standard);
    for (const auto& theme : themes) {
        service.themes.push_back(theme.get<std::string>());
    }
    return service;
}

std::optional<catalog::Service> LoadService(Connection& connection, const std::string& tenant_id,
                                            const std::string& code) {
    static const std::string kSql = fmt::format("{} WHERE tenant_id = ?1 AND code = ?2", kServiceColumns);
    Statement& select = connection.Cached(kSql);
    ScopedReset reset(select);
    select.Bind(1, tenant_id).Bind(2, code);
    if (!select.Step()) {
        return std::nullopt;
    }
    return ServiceRow(select);
}

std::optional<catalog::Hall> LoadHall(Connection& connection, const std::string& id) {
    catalog::Hall hall;
    {
        Statement& select =
            connection.Cached("SELECT id, tenant_id, name, utc_offset_minutes FROM halls WHERE id = ?1");
        ScopedReset reset(select);
        select.Bind(1, id);
        if (!select.Step()) {
            return std::nullopt;
        }
        hall.id = select.Text(0);
        hall.tenant_id = select.Text(1);
        hall.name = select.Text(2);
        hall.utc_offset = core::UtcOffset{std::chrono::minutes{select.Int(3)}};
    }
    {
        Statement& select = connection.Cached(
            "SELECT weekday, open_minute, close_minute FROM hall_opening_hours WHERE hall_id = ?1 ORDER BY ordinal");
        ScopedReset reset(select);
        select.Bind(1, id);
        while (select.Step()) {
            hall.opening_hours.push_back(
                catalog::OpeningHours{.weekday = std::chrono::weekday{static_cast<unsigned>(select.Int(0))},
                                      .open = std::chrono::minutes{select.Int(1)},
                                      .close = std::chrono::minutes{select.Int(2)}});
        }
    }
    {
        Statement& select =
            connection.Cached("SELECT service_code FROM hall_services WHERE hall_id = ?1 ORDER BY ordinal");
        ScopedReset reset(select);
        select.Bind(1, id);
        while (select.Step()) {
            hall.service_codes.push_back(select.Text(0));
        }
    }
    {
        Statement& select =
            connection.Cached("SELECT id, name, number FROM counters WHERE hall_id = ?1 ORDER BY ordinal");
        ScopedReset reset(select);
        select.Bind(1, id);
        while (select.Step()) {
            hall.counters.push_back(catalog::Counter{.id = select.Text(0),
                                                     .hall_id = id,
                                                     .name = select.Text(1),
                                                     .number = static_cast<int>(select.Int(2))});
        }
    }
    return hall;
}

std::optional<catalog::Officer> LoadOfficer(Connection& connection, const std::string& id) {
    catalog::Officer officer;
    {
        Statement& select = connection.Cached("SELECT id, tenant_id, name, unit_id FROM officers WHERE id = ?1");
        ScopedReset reset(select);
        select.Bind(1, id);
        if (!select.Step()) {
            return std::nullopt;
        }
        officer = catalog::Officer{.id = select.Text(0),
                                   .tenant_id = select.Text(1),
                                   .name = select.Text(2),
                                   .unit_id = select.Text(3),
                                   .skills = {}};
    }
    Statement& select =
        connection.Cached("SELECT service_code FROM officer_skills WHERE officer_id = ?1 ORDER BY ordinal");
    ScopedReset reset(select);
    select.Bind(1, id);
    while (select.Step()) {
        officer.skills.push_back(select.Text(0));
    }
    return officer;
}

std::vector<std::string> Ids(Connection& connection, std::string_view sql, const std::string* tenant_id) {
    Statement& select = connection.Cached(sql);
    ScopedReset reset(select);
    if (tenant_id != nullptr) {
        select.Bind(1, *tenant_id);
    }
    std::vector<std::string> ids;
    while (select.Step()) {
        ids.push_back(select.Text(0));
    }
    return ids;
}

// --- Checks before writing ---

tl::unexpected<core::Error> Invalid(std::string code, std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, std::move(code), std::move(message));
}

core::Status RequireTenant(Connection& connection, const std::string& tenant_id) {
    if (!LoadTenant(connection, tenant_id)) {
        return Invalid("unknown_tenant", fmt::format("tenant '{}' does not exist", tenant_id));
    }
    return {};
}

core::Status RequireUnit(Connection& connection, const std::string& tenant_id, const std::string& unit_id) {
    if (!LoadUnit(connection, tenant_id, unit_id)) {
        return Invalid("unknown_unit", fmt::format("unit '{}' does not exist in tenant '{}'", unit_id, tenant_id));
    }
    return {};
}

core::Status RequireServices(Connection& connection, const std::string& tenant_id,
                             const std::vector<std::string>& codes) {
    std::set<std::string> seen;
    for (const auto& code : codes) {
        if (!seen.insert(code).second) {
            return Invalid("invalid_catalog", fmt::format("service '{}' is listed twice", code));
        }
        Statement& select = connection.Cached("SELECT 1 FROM services WHERE tenant_id = ?1 AND code = ?2");
        ScopedReset reset(select);
        if (!select.Bind(1, tenant_id).Bind(2, code).Step()) {
            return Invalid("unknown_service",
                           fmt::format("service '{}' does not exist in tenant '{}'", code, tenant_id));
        }
    }
    return {};
}

core::Status CheckHallShape(const catalog::Hall& hall) {
    if (hall.id.empty() || hall.name.empty()) {
        return Invalid("invalid_catalog", "a hall needs an id and a name");
    }
    for (const auto& hours : hall.opening_hours) {
        if (!hours.weekday.ok() || hours.open < std::chrono::minutes{0} || hours.close > std::chrono::minutes{1440} ||
            hours.open >= hours.close) {
            return Invalid(
                "invalid_catalog",
                fmt::format("hall '{}' has opening hours that do not open before they close within a day", hall.id));
        }
    }
    std::set<std::string> ids;
    std::set<int> numbers;
    for (const auto& counter : hall.counters) {
        if (counter.hall_id != hall.id) {
            return Invalid("invalid_catalog", fmt::format("counter '{}' belongs to hall '{}', not '{}'", counter.id,
                                                          counter.hall_id, hall.id));
        }
        if (counter.id.empty() || !ids.insert(counter.id).second || !numbers.insert(counter.number).second) {
            return Invalid(
                "invalid_catalog",
                fmt::format("counter '{}' of hall '{}' has an empty or repeated id or number", counter.id, hall.id));
        }
    }
    return {};
}

}  // namespace

SqlCatalog::SqlCatalog(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

// One read transaction per call: a record made of several tables is read from one snapshot.
template <class F>
auto SqlCatalog::Read(F&& read) {
    auto connection = pool_->Reader();
    ReadTransaction snapshot(*connection);
    return read(*connection);
}

// One write transaction per call, committed only when `write` succeeds. Storage failures become
// kUnavailable here because upserts report expected failures as values.
template <class F>
core::Status SqlCatalog::Write(F&& write) {
    try {
        auto connection = pool_->Writer();
        WriteTransaction transaction(*connection);
        core::Status status = write(*connection);
        if (status) {
            transaction.Commit();
        }
        return status;
    } catch (const core::StorageUnavailable& e) {
        return core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable", e.what());
    }
}

std::vector<catalog::Tenant> SqlCatalog::ListTenants() {
    return Read([](Connection& connection) {
        std::vector<catalog::Tenant> tenants;
        Statement& select = connection.Cached("SELECT id, name, utc_offset_minutes FROM tenants ORDER BY id");
        ScopedReset reset(select);
        while (select.Step()) {
            tenants.push_back(TenantRow(select));
        }
        return tenants;
    });
}

std::optional<catalog::Tenant> SqlCatalog::FindTenant(const std::string& id) {
    return Read([&](Connection& connection) { return LoadTenant(connection, id); });
}

std::vector<catalog::Hall> SqlCatalog::ListHalls() {
    return Read([](Connection& connection) {
        std::vector<catalog::Hall> halls;
        for (const auto& id : Ids(connection, "SELECT id FROM halls ORDER BY id", nullptr)) {
            if (auto hall = LoadHall(connection, id)) {
                halls.push_back(std::move(*hall));
            }
        }
        return halls;
    });
}

std::optional<catalog::Hall> SqlCatalog::FindHall(const std::string& id) {
    return Read([&](Connection& connection) { return LoadHall(connection, id); });
}

std::vector<catalog::Unit> SqlCatalog::ListUnits(const std::string& tenant_id) {
    return Read([&](Connection& connection) {
        std::vector<catalog::Unit> units;
        Statement& select =
            connection.Cached("SELECT id, tenant_id, name_id, name_en FROM units WHERE tenant_id = ?1 ORDER BY id");
        ScopedReset reset(select);
        select.Bind(1, tenant_id);
        while (select.Step()) {
            units.push_back(UnitRow(select));
        }
        return units;
    });
}

std::vector<catalog::Service> SqlCatalog::ListServices(const std::string& tenant_id) {
    return Read([&](Connection& connection) {
        static const std::string kSql = fmt::format("{} WHERE tenant_id = ?1 ORDER BY code", kServiceColumns);
        std::vector<catalog::Service> services;
        Statement& select = connection.Cached(kSql);
        ScopedReset reset(select);
        select.Bind(1, tenant_id);
        while (select.Step()) {
            services.push_back(ServiceRow(select));
        }
        return services;
    });
}

std::optional<catalog::Service> SqlCatalog::FindService(const std::string& tenant_id, const std::string& code) {
    return Read([&](Connection& connection) { return LoadService(connection, tenant_id, code); });
}

std::vector<catalog::Officer> SqlCatalog::ListOfficers(const std::string& tenant_id) {
    return Read([&](Connection& connection) {
        std::vector<catalog::Officer> officers;
        for (const auto& id : Ids(connection, "SELECT id FROM officers WHERE tenant_id = ?1 ORDER BY id", &tenant_id)) {
            if (auto officer = LoadOfficer(connection, id)) {
                officers.push_back(std::move(*officer));
            }
        }
        return officers;
    });
}

std::optional<catalog::Officer> SqlCatalog::FindOfficer(const std::string& id) {
    return Read([&](Connection& connection) { return LoadOfficer(connection, id); });
}

core::Status SqlCatalog::UpsertTenant(const catalog::Tenant& tenant) {
    return Write([&](Connection& connection) -> core::Status {
        if (tenant.id.empty() || tenant.name.empty()) {
            return Invalid("invalid_catalog", "a tenant needs an id and a name");
        }
        if (LoadTenant(connection, tenant.id) == tenant) {
            return {};
        }
        connection
            .Cached(
                "INSERT INTO tenants (id, name, utc_offset_minutes) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, utc_offset_minutes = excluded.utc_offset_minutes")
            .Bind(1, tenant.id)
            .Bind(2, tenant.name)
            .Bind(3, static_cast<std::int64_t>(tenant.utc_offset.minutes.count()))
            .Run();
        return {};
    });
}

core::Status SqlCatalog::UpsertUnit(const catalog::Unit& unit) {
    return Write([&](Connection& connection) -> core::Status {
        if (unit.id.empty()) {
            return Invalid("invalid_catalog", "a unit needs an id");
        }
        if (auto status = RequireTenant(connection, unit.tenant_id); !status) {
            return status;
        }
        if (LoadUnit(connection, unit.tenant_id, unit.id) == unit) {
            return {};
        }
        connection
            .Cached(
                "INSERT INTO units (tenant_id, id, name_id, name_en) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (tenant_id, id) DO UPDATE SET name_id = excluded.name_id, name_en = excluded.name_en")
            .Bind(1, unit.tenant_id)
            .Bind(2, unit.id)
            .Bind(3, unit.name.id)
            .Bind(4, unit.name.en)
            .Run();
        return {};
    });
}

core::Status SqlCatalog::UpsertService(const std::string& tenant_id, const catalog::Service& service) {
    return Write([&](Connection& connection) -> core::Status {
        if (service.code.empty() || service.ticket_prefix.empty() ||
            service.typical_service_time <= std::chrono::minutes{0}) {
            return Invalid("invalid_catalog", "a service needs a code, a ticket prefix and a typical service time");
        }
        if (auto status = RequireTenant(connection, tenant_id); !status) {
            return status;
        }
        if (auto status = RequireUnit(connection, tenant_id, service.unit_id); !status) {
            return status;
        }
        if (LoadService(connection, tenant_id, service.code) == service) {
            return {};
        }
        connection
            .Cached(
                "INSERT INTO services (tenant_id, code, unit_id, name_id, name_en, ticket_prefix, "
                "typical_service_minutes, standard, themes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                "ON CONFLICT (tenant_id, code) DO UPDATE SET unit_id = excluded.unit_id, "
                "name_id = excluded.name_id, name_en = excluded.name_en, ticket_prefix = excluded.ticket_prefix, "
                "typical_service_minutes = excluded.typical_service_minutes, standard = excluded.standard, "
                "themes = excluded.themes")
            .Bind(1, tenant_id)
            .Bind(2, service.code)
            .Bind(3, service.unit_id)
            .Bind(4, service.name.id)
            .Bind(5, service.name.en)
            .Bind(6, service.ticket_prefix)
            .Bind(7, static_cast<std::int64_t>(service.typical_service_time.count()))
            .Bind(8, ToJson(service.standard).dump())
            .Bind(9, json(service.themes).dump())
            .Run();
        return {};
    });
}

core::Status SqlCatalog::UpsertHall(const catalog::Hall& hall) {
    return Write([&](Connection& connection) -> core::Status {
        if (auto status = CheckHallShape(hall); !status) {
            return status;
        }
        if (auto status = RequireTenant(connection, hall.tenant_id); !status) {
            return status;
        }
        if (auto status = RequireServices(connection, hall.tenant_id, hall.service_codes); !status) {
            return status;
        }
        if (LoadHall(connection, hall.id) == hall) {
            return {};
        }
        connection
            .Cached(
                "INSERT INTO halls (id, tenant_id, name, utc_offset_minutes) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, "
                "utc_offset_minutes = excluded.utc_offset_minutes")
            .Bind(1, hall.id)
            .Bind(2, hall.tenant_id)
            .Bind(3, hall.name)
            .Bind(4, static_cast<std::int64_t>(hall.utc_offset.minutes.count()))
            .Run();
        // The lists are replaced whole: simpler than diffing, and a hall has a few dozen rows at most.
        for (std::string_view table : {"hall_opening_hours", "hall_services", "counters"}) {
            connection.Cached(fmt::format("DELETE FROM {} WHERE hall_id = ?1", table)).Bind(1, hall.id).Run();
        }
        for (size_t i = 0; i < hall.opening_hours.size(); ++i) {
            const auto& hours = hall.opening_hours[i];
            connection
                .Cached(
                    "INSERT INTO hall_opening_hours (hall_id, ordinal, weekday, open_minute, close_minute) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)")
                .Bind(1, hall.id)
                .Bind(2, static_cast<std::int64_t>(i))
                .Bind(3, static_cast<std::int64_t>(hours.weekday.c_encoding()))
                .Bind(4, static_cast<std::int64_t>(hours.open.count()))
                .Bind(5, static_cast<std::int64_t>(hours.close.count()))
                .Run();
        }
        for (size_t i = 0; i < hall.service_codes.size(); ++i) {
            connection.Cached("INSERT INTO hall_services (hall_id, ordinal, service_code) VALUES (?1, ?2, ?3)")
                .Bind(1, hall.id)
                .Bind(2, static_cast<std::int64_t>(i))
                .Bind(3, hall.service_codes[i])
                .Run();
        }
        for (size_t i = 0; i < hall.counters.size(); ++i) {
            const auto& counter = hall.counters[i];
            connection.Cached("INSERT INTO counters (hall_id, ordinal, id, name, number) VALUES (?1, ?2, ?3, ?4, ?5)")
                .Bind(1, hall.id)
                .Bind(2, static_cast<std::int64_t>(i))
                .Bind(3, counter.id)
                .Bind(4, counter.name)
                .Bind(5, counter.number)
                .Run();
        }
        return {};
    });
}

core::Status SqlCatalog::UpsertOfficer(const catalog::Officer& officer) {
    return Write([&](Connection& connection) -> core::Status {
        if (officer.id.empty() || officer.name.empty()) {
            return Invalid("invalid_catalog", "an officer needs an id and a name");
        }
        if (auto status = RequireUnit(connection, officer.tenant_id, officer.unit_id); !status) {
            return status;
        }
        if (auto status = RequireServices(connection, officer.tenant_id, officer.skills); !status) {
            return status;
        }
        if (LoadOfficer(connection, officer.id) == officer) {
            return {};
        }
        connection
            .Cached(
                "INSERT INTO officers (id, tenant_id, name, unit_id) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, "
                "unit_id = excluded.unit_id")
            .Bind(1, officer.id)
            .Bind(2, officer.tenant_id)
            .Bind(3, officer.name)
            .Bind(4, officer.unit_id)
            .Run();
        connection.Cached("DELETE FROM officer_skills WHERE officer_id = ?1").Bind(1, officer.id).Run();
        for (size_t i = 0; i < officer.skills.size(); ++i) {
            connection.Cached("INSERT INTO officer_skills (officer_id, ordinal, service_code) VALUES (?1, ?2, ?3)")
                .Bind(1, officer.id)
                .Bind(2, static_cast<std::int64_t>(i))
                .Bind(3, officer.skills[i])
                .Run();
        }
        return {};
    });
}

}  // namespace layan::store::sql
