#include "layan/engine/directory.h"

#include <algorithm>

namespace layan::engine {

namespace {
constexpr std::size_t kCitizenCacheLimit = 100'000;
}  // namespace

Directory::Directory(store::Catalog& catalog, store::PersonalDataVault& vault) : catalog_(catalog), vault_(vault) {}

void Directory::Load() {
    for (auto& hall : catalog_.ListHalls()) {
        auto id = hall.id;
        halls_.insert_or_assign(std::move(id), std::move(hall));
    }
    for (auto& tenant : catalog_.ListTenants()) {
        units_.insert_or_assign(tenant.id, catalog_.ListUnits(tenant.id));
        services_.insert_or_assign(tenant.id, catalog_.ListServices(tenant.id));
        officers_.insert_or_assign(tenant.id, catalog_.ListOfficers(tenant.id));
        auto id = tenant.id;
        tenants_.insert_or_assign(std::move(id), std::move(tenant));
    }
}

const domain::catalog::Hall* Directory::FindHall(std::string_view hall_id) const {
    auto found = halls_.find(hall_id);
    return found == halls_.end() ? nullptr : &found->second;
}

const domain::catalog::Tenant* Directory::FindTenant(std::string_view tenant_id) const {
    auto found = tenants_.find(tenant_id);
    return found == tenants_.end() ? nullptr : &found->second;
}

std::vector<std::string> Directory::TenantIds() const {
    std::vector<std::string> ids;
    ids.reserve(tenants_.size());
    for (const auto& [id, tenant] : tenants_) {
        ids.push_back(id);
    }
    return ids;
}

const std::vector<domain::catalog::Unit>& Directory::UnitsOf(std::string_view tenant_id) const {
    static const std::vector<domain::catalog::Unit> kNone;
    auto found = units_.find(tenant_id);
    return found == units_.end() ? kNone : found->second;
}

const std::vector<domain::catalog::Service>& Directory::ServicesOf(std::string_view tenant_id) const {
    static const std::vector<domain::catalog::Service> kNone;
    auto found = services_.find(tenant_id);
    return found == services_.end() ? kNone : found->second;
}

const std::vector<domain::catalog::Officer>& Directory::OfficersOf(std::string_view tenant_id) const {
    static const std::vector<domain::catalog::Officer> kNone;
    auto found = officers_.find(tenant_id);
    return found == officers_.end() ? kNone : found->second;
}

const domain::catalog::Service* Directory::FindService(std::string_view tenant_id, std::string_view code) const {
    const auto& services = ServicesOf(tenant_id);
    auto found =
        std::find_if(services.begin(), services.end(), [&](const auto& service) { return service.code == code; });
    return found == services.end() ? nullptr : &*found;
}

std::vector<const domain::catalog::Hall*> Directory::HallsOf(std::string_view tenant_id) const {
    std::vector<const domain::catalog::Hall*> halls;
    for (const auto& [id, hall] : halls_) {
        if (hall.tenant_id == tenant_id) {
            halls.push_back(&hall);
        }
    }
    return halls;
}

bool Directory::InTenant(std::string_view hall_id, std::string_view tenant_id) const {
    const auto* hall = FindHall(hall_id);
    return hall != nullptr && hall->tenant_id == tenant_id;
}

StreamOwner Directory::OwnerOf(std::string_view stream_name) {
    auto id = store::StreamId::Parse(stream_name);
    if (!id) {
        return {};
    }
    std::string hall_id;
    switch (id->kind()) {
        case store::StreamKind::kTenantAccounts:
        case store::StreamKind::kTenantCalendar:
        case store::StreamKind::kServiceStandard:
        case store::StreamKind::kRequest: {
            const auto* tenant = FindTenant(id->owner());
            return tenant == nullptr
                       ? StreamOwner{}
                       : StreamOwner{.tenant_id = tenant->id, .hall = nullptr, .utc_offset = tenant->utc_offset};
        }
        case store::StreamKind::kHallDay:
        case store::StreamKind::kSurveyDay:
            hall_id = id->owner();
            break;
        case store::StreamKind::kCitizen: {
            std::lock_guard lock(citizens_mutex_);
            if (citizen_halls_.size() >= kCitizenCacheLimit) {
                citizen_halls_.clear();  // bounded memory; the vault answers again
            }
            auto [cached, fresh] = citizen_halls_.try_emplace(id->owner());
            if (fresh) {
                auto citizen = vault_.Find(id->owner());
                cached->second = citizen ? citizen->hall_id : "";
            }
            hall_id = cached->second;
            break;
        }
    }
    const auto* hall = FindHall(hall_id);
    return hall == nullptr ? StreamOwner{}
                           : StreamOwner{.tenant_id = hall->tenant_id, .hall = hall, .utc_offset = hall->utc_offset};
}

}  // namespace layan::engine
