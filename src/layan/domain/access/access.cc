#include "layan/domain/access/access.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace layan::domain::access {

namespace {

using core::ErrorKind;
using core::Fail;

constexpr std::array kAccountRoles = {Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin, Role::kAuditor};

constexpr std::array kPermissions = {
    permission::kPublic,         permission::kQueueIssue,         permission::kQueueOperate,
    permission::kQueueCancel,    permission::kQueueSupervise,     permission::kAuditRead,
    permission::kAccountsManage, permission::kPersonalDataManage, permission::kAccountSelf,
    permission::kMetricsRead,    permission::kSurveyTablet,       permission::kStatsRead,
    permission::kStatsRebuild,   permission::kCalendarManage,     permission::kRequestsWork,
    permission::kStandardsManage};

bool IsSupervising(Role role) { return role == Role::kSupervisor || role == Role::kUnitHead; }

tl::unexpected<core::Error> OtherUnit(std::string_view unit_id) {
    return Fail(ErrorKind::kForbidden, "other_unit",
                fmt::format("This belongs to unit \"{}\", which is not one of yours.", unit_id));
}

}  // namespace

std::string_view ToString(Role role) {
    switch (role) {
        case Role::kCitizen:
            return "citizen";
        case Role::kOfficer:
            return "officer";
        case Role::kSupervisor:
            return "supervisor";
        case Role::kUnitHead:
            return "unit_head";
        case Role::kAdmin:
            return "admin";
        case Role::kAuditor:
            return "auditor";
        case Role::kDevice:
            return "device";
    }
    return "citizen";
}

std::optional<Role> ParseRole(std::string_view code) {
    for (auto role : {Role::kCitizen, Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin, Role::kAuditor,
                      Role::kDevice}) {
        if (ToString(role) == code) {
            return role;
        }
    }
    return std::nullopt;
}

std::span<const Role> AccountRoles() { return kAccountRoles; }

bool IsAssignableRole(Role role) {
    return std::find(kAccountRoles.begin(), kAccountRoles.end(), role) != kAccountRoles.end();
}

std::string_view ToString(DeviceKind kind) { return kind == DeviceKind::kKiosk ? "kiosk" : "board"; }

std::optional<DeviceKind> ParseDeviceKind(std::string_view code) {
    if (code == "kiosk") {
        return DeviceKind::kKiosk;
    }
    if (code == "board") {
        return DeviceKind::kBoard;
    }
    return std::nullopt;
}

bool Principal::InUnit(std::string_view unit_id) const {
    return std::find(units.begin(), units.end(), unit_id) != units.end();
}

std::span<const std::string_view> KnownPermissions() { return kPermissions; }

bool IsKnownPermission(std::string_view name) {
    return std::find(kPermissions.begin(), kPermissions.end(), name) != kPermissions.end();
}

bool AllowsAnonymous(std::string_view permission) {
    return permission == permission::kPublic || permission == permission::kQueueIssue;
}

bool LocalMachineMayUse(std::string_view permission) { return permission == permission::kMetricsRead; }

bool Holds(Role role, std::string_view permission) {
    if (!IsKnownPermission(permission)) {
        return false;
    }
    if (AllowsAnonymous(permission)) {
        return true;
    }
    if (permission == permission::kQueueOperate) {
        return role == Role::kOfficer || IsSupervising(role);
    }
    if (permission == permission::kQueueCancel) {
        return role == Role::kOfficer || IsSupervising(role) || role == Role::kAdmin;
    }
    if (permission == permission::kQueueSupervise) {
        return IsSupervising(role) || role == Role::kAdmin;
    }
    if (permission == permission::kAuditRead || permission == permission::kMetricsRead) {
        return role == Role::kAuditor || role == Role::kAdmin;
    }
    if (permission == permission::kAccountsManage || permission == permission::kPersonalDataManage) {
        return role == Role::kAdmin;
    }
    if (permission == permission::kAccountSelf) {
        return IsAssignableRole(role);
    }
    if (permission == permission::kSurveyTablet) {
        return role == Role::kDevice || role == Role::kOfficer || IsSupervising(role) || role == Role::kAdmin;
    }
    if (permission == permission::kStatsRead) {
        return IsSupervising(role) || role == Role::kAdmin || role == Role::kAuditor;
    }
    if (permission == permission::kStatsRebuild || permission == permission::kCalendarManage) {
        return role == Role::kAdmin;
    }
    if (permission == permission::kStandardsManage) {
        return role == Role::kUnitHead || role == Role::kAdmin;
    }
    if (permission == permission::kRequestsWork) {
        return role == Role::kOfficer || IsSupervising(role) || role == Role::kAdmin;
    }
    return false;
}

core::Status RequireTenant(const Principal& caller, std::string_view tenant_id) {
    if (caller.IsAnonymous() || caller.tenant_id != tenant_id) {
        return Fail(ErrorKind::kForbidden, "other_tenant", "This belongs to another government (tenant).");
    }
    return {};
}

core::Status Authorize(const Principal& caller, std::string_view permission, const Target& target) {
    if (!IsKnownPermission(permission)) {
        // A route declaring a permission this build does not know is a bug: nobody passes.
        return Fail(ErrorKind::kForbidden, "role_not_allowed",
                    fmt::format("This action needs the permission \"{}\", which no role holds.", permission));
    }
    if (permission == permission::kPublic) {
        return {};
    }
    if (caller.IsAnonymous()) {
        if (AllowsAnonymous(permission)) {
            return {};
        }
        return Fail(ErrorKind::kUnauthenticated, "authentication_required", "Please sign in first.");
    }
    if (!Holds(caller.role, permission)) {
        return Fail(ErrorKind::kForbidden, "role_not_allowed",
                    fmt::format("Your role ({}) may not do this.", ToString(caller.role)));
    }
    if (!target.tenant_id.empty()) {
        if (auto same = RequireTenant(caller, target.tenant_id); !same) {
            return same;
        }
    }
    if (caller.role == Role::kDevice && !target.hall_id.empty() && caller.hall_id != target.hall_id) {
        return Fail(ErrorKind::kForbidden, "other_hall", "This device serves another hall.");
    }
    return {};
}

core::Status CanIssuePriority(const Principal& caller, std::string_view hall_id, std::string_view hall_tenant_id) {
    auto refuse = [] {
        return Fail(ErrorKind::kForbidden, "priority_not_allowed",
                    "Priority tickets are issued at the hall's kiosk or by an officer, so that priority facilities "
                    "serve only those entitled to them. / Nomor prioritas diambil di kios atau melalui petugas.");
    };
    switch (caller.role) {
        case Role::kDevice:
            if (caller.device_kind == DeviceKind::kKiosk && caller.hall_id == hall_id &&
                caller.tenant_id == hall_tenant_id) {
                return {};
            }
            return refuse();
        case Role::kOfficer:
        case Role::kSupervisor:
        case Role::kUnitHead:
        case Role::kAdmin:
            if (caller.tenant_id == hall_tenant_id) {
                return {};
            }
            return refuse();
        case Role::kCitizen:
        case Role::kAuditor:
            return refuse();
    }
    return refuse();
}

core::Status CanOperate(const Principal& caller, const Work& work) {
    switch (caller.role) {
        case Role::kAdmin:
            return {};
        case Role::kSupervisor:
        case Role::kUnitHead:
            if (work.unit_id.empty() || caller.InUnit(work.unit_id)) {
                return {};
            }
            return OtherUnit(work.unit_id);
        case Role::kOfficer:
            if (!work.officer_id.empty()) {
                if (work.officer_id == caller.officer_id) {
                    return {};
                }
                return Fail(ErrorKind::kForbidden, "not_your_counter",
                            "Another officer holds this counter or ticket; only they or a supervisor may act on it.");
            }
            if (work.unit_id.empty() || caller.InUnit(work.unit_id)) {
                return {};
            }
            return OtherUnit(work.unit_id);
        case Role::kCitizen:
        case Role::kAuditor:
        case Role::kDevice:
            break;
    }
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("Your role ({}) may not operate counters.", ToString(caller.role)));
}

core::Status CanOpenCounterFor(const Principal& caller, std::string_view officer_id, std::string_view officer_unit_id) {
    if (!caller.officer_id.empty() && caller.officer_id == officer_id) {
        return {};
    }
    switch (caller.role) {
        case Role::kAdmin:
            return {};
        case Role::kSupervisor:
        case Role::kUnitHead:
            if (caller.InUnit(officer_unit_id)) {
                return {};
            }
            return OtherUnit(officer_unit_id);
        case Role::kOfficer:
            return Fail(ErrorKind::kForbidden, "not_yourself",
                        "An officer opens a counter only as themselves; ask a supervisor to open it for someone else.");
        case Role::kCitizen:
        case Role::kAuditor:
        case Role::kDevice:
            break;
    }
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("Your role ({}) may not open counters.", ToString(caller.role)));
}

core::Status CanSupervise(const Principal& caller, std::string_view unit_id) {
    if (caller.role == Role::kAdmin) {
        return {};
    }
    if (IsSupervising(caller.role)) {
        if (unit_id.empty() || caller.InUnit(unit_id)) {
            return {};
        }
        return OtherUnit(unit_id);
    }
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("Your role ({}) may not supervise the queue.", ToString(caller.role)));
}

core::Status CanWorkRequest(const Principal& caller, std::string_view unit_id) {
    if (caller.role == Role::kAdmin) {
        return {};
    }
    if (caller.role == Role::kOfficer || IsSupervising(caller.role)) {
        if (caller.InUnit(unit_id)) {
            return {};
        }
        return OtherUnit(unit_id);
    }
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("Your role ({}) may not work service requests.", ToString(caller.role)));
}

core::Status CanManageStandard(const Principal& caller, std::string_view unit_id) {
    if (caller.role == Role::kAdmin) {
        return {};
    }
    if (caller.role == Role::kUnitHead) {
        if (caller.InUnit(unit_id)) {
            return {};
        }
        return OtherUnit(unit_id);
    }
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                fmt::format("Your role ({}) may not publish service standards.", ToString(caller.role)));
}

core::Status CanAssignRequest(const Principal& caller, std::string_view unit_id, std::string_view officer_account) {
    if (auto works = CanWorkRequest(caller, unit_id); !works) {
        return works;
    }
    if (caller.role == Role::kOfficer && officer_account != caller.id) {
        return Fail(ErrorKind::kForbidden, "not_yourself",
                    "An officer may take a request on themselves; a supervisor gives it to someone else.");
    }
    return {};
}

Work TicketWork(const queue::HallState& state, const queue::HallContext& context, std::string_view ticket_id) {
    const auto* ticket = state.FindTicket(ticket_id);
    if (ticket == nullptr) {
        return {};
    }
    if (!ticket->officer_id.empty() && ticket->is_open()) {
        return {.officer_id = ticket->officer_id, .unit_id = UnitOfOfficer(context, ticket->officer_id)};
    }
    const auto* service = context.FindService(ticket->service);
    return {.officer_id = "", .unit_id = service != nullptr ? service->unit_id : ""};
}

Work CounterWork(const queue::HallState& state, const queue::HallContext& context, std::string_view counter_id) {
    const auto* counter = state.FindCounter(counter_id);
    if (counter == nullptr || counter->officer_id.empty()) {
        return {};
    }
    return {.officer_id = counter->officer_id, .unit_id = UnitOfOfficer(context, counter->officer_id)};
}

std::string UnitOfOfficer(const queue::HallContext& context, std::string_view officer_id) {
    const auto* officer = context.FindOfficer(officer_id);
    return officer != nullptr ? officer->unit_id : "";
}

}  // namespace layan::domain::access
