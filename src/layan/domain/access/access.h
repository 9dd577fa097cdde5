#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"

/// Who may do what, and where: the pure rules of access. No I/O: the caller says who acts (a Principal,
/// authenticated elsewhere) and what the action touches (a tenant, a hall, a unit, an officer), and these
/// functions answer yes, or no with a stable code:
///  - ErrorKind::kUnauthenticated "authentication_required": an anonymous caller on a route that needs an
///    account or a device (401);
///  - ErrorKind::kForbidden: "role_not_allowed" (the role never holds the permission), "other_tenant",
///    "other_hall", "other_unit", "not_your_counter", "not_yourself", "priority_not_allowed" (403).
namespace layan::domain::access {

/// What a caller is. Every authenticated caller has exactly one role.
enum class Role {
    kCitizen,     ///< Anonymous: no session, no device token.
    kOfficer,     ///< Serves at counters; bound to their officer id of the catalog and to units.
    kSupervisor,  ///< Supervises the counters of their units.
    kUnitHead,    ///< Heads a unit (OPD): supervises it.
    kAdmin,       ///< Administers one tenant: accounts, devices, everything in its halls.
    kAuditor,     ///< Reads the audit trail of one tenant; changes nothing.
    kDevice,      ///< A kiosk or display board, by token, scoped to one hall.
};

/// Stable code of a role ("citizen", "officer", "supervisor", "unit_head", "admin", "auditor", "device").
[[nodiscard]] std::string_view ToString(Role role);
/// The role of a code; nullopt when unknown.
[[nodiscard]] std::optional<Role> ParseRole(std::string_view code);
/// The roles a person's account may have (all but citizen and device), in a stable order.
[[nodiscard]] std::span<const Role> AccountRoles();

/// What a device is for.
enum class DeviceKind {
    kKiosk,  ///< Takes tickets, priority tickets included (the hall's staff watch the kiosk).
    kBoard,  ///< Shows the queue and speaks the calls; only reads.
};

/// "kiosk" or "board".
[[nodiscard]] std::string_view ToString(DeviceKind kind);
[[nodiscard]] std::optional<DeviceKind> ParseDeviceKind(std::string_view code);

/// The caller of one request, as authentication established it.
struct Principal {
    Role role = Role::kCitizen;
    std::string id{};                  ///< Account or device id; empty for a citizen.
    std::string name{};                ///< Username or device name (for logs and audit); empty for a citizen.
    std::string tenant_id{};           ///< Empty for a citizen.
    std::vector<std::string> units{};  ///< Officers, supervisors, unit heads: the units they belong to.
    std::string officer_id{};          ///< Officers (and supervisors who also serve): their catalog officer id.
    std::string hall_id{};             ///< Devices: the one hall they serve.
    DeviceKind device_kind = DeviceKind::kKiosk;  ///< Devices only.

    [[nodiscard]] bool IsAnonymous() const { return role == Role::kCitizen; }
    [[nodiscard]] bool InUnit(std::string_view unit_id) const;
};

/// The permissions a route may declare (http::Route::permission). Each is held by the roles below.
namespace permission {
inline constexpr std::string_view kPublic = "public";                   ///< Anyone, anonymous included.
inline constexpr std::string_view kQueueIssue = "queue.issue";          ///< Anyone; priority only per CanIssuePriority.
inline constexpr std::string_view kQueueOperate = "queue.operate";      ///< Officer, supervisor, unit head.
inline constexpr std::string_view kQueueCancel = "queue.cancel";        ///< Officer, supervisor, unit head, admin.
inline constexpr std::string_view kQueueSupervise = "queue.supervise";  ///< Supervisor, unit head, admin.
inline constexpr std::string_view kAuditRead = "audit.read";            ///< Auditor, admin.
inline constexpr std::string_view kAccountsManage = "accounts.manage";  ///< Admin.
/// Admin: answers citizens' requests for their data and its erasure (UU 27/2022); auditors only read the trail.
inline constexpr std::string_view kPersonalDataManage = "personal_data.manage";
/// Every person with an account (officer, supervisor, unit head, admin, auditor), about their own account only
/// (changing their own password): nothing of anyone else, so no tenant to cross.
inline constexpr std::string_view kAccountSelf = "account.self";
/// Admins and auditors read the server's metrics (route counts and latencies, no personal data); so may a scraper
/// on the server's own machine without an account (see LocalMachineMayUse).
inline constexpr std::string_view kMetricsRead = "metrics.read";
/// The survey tablet at a counter: the hall's kiosk devices and the tenant's officers, supervisors, unit heads
/// and admins (the use case checks the device's hall).
inline constexpr std::string_view kSurveyTablet = "survey.tablet";
/// Supervisor views of performance (per officer, the satisfaction report with its comments): supervisors, unit
/// heads, admins and auditors of the tenant.
inline constexpr std::string_view kStatsRead = "stats.read";
/// Rebuilding the figures from the events: admins.
inline constexpr std::string_view kStatsRebuild = "stats.rebuild";
/// Shaping the work calendar (weeks, closed or opened days, national years) of the tenant, its units and halls:
/// admins.
inline constexpr std::string_view kCalendarManage = "calendar.manage";
/// Working service requests (the work list, a request's file and documents, verifying, returning, completing...):
/// officers, supervisors and unit heads of the request's unit (CanWorkRequest), admins.
inline constexpr std::string_view kRequestsWork = "requests.work";
/// Publishing new versions of service standards and reading them whole (the internal components too): admins, and
/// unit heads for their units' services (CanManageStandard).
inline constexpr std::string_view kStandardsManage = "standards.manage";
}  // namespace permission

/// Every permission this build knows, in a stable order.
[[nodiscard]] std::span<const std::string_view> KnownPermissions();
/// True when `name` is one of KnownPermissions().
[[nodiscard]] bool IsKnownPermission(std::string_view name);
/// True when an anonymous caller may use a route with this permission ("public", "queue.issue").
[[nodiscard]] bool AllowsAnonymous(std::string_view permission);
/// True when a caller without an account, on the server's own machine (a Prometheus scraper beside layan), may
/// use a route with this permission: only "metrics.read". Whether a request comes from the machine itself is
/// the HTTP layer's to establish (loopback peer, no proxy in between).
[[nodiscard]] bool LocalMachineMayUse(std::string_view permission);
/// True when `role` holds `permission`. Unknown permissions are held by nobody (fail closed).
[[nodiscard]] bool Holds(Role role, std::string_view permission);

/// What a route's request touches, as far as the route's path tells (empty = not scoped that way).
struct Target {
    std::string tenant_id{};
    std::string hall_id{};
};

/// The route-level check, run before every handler: the role must hold the permission, and the caller must
/// belong to the target's tenant (and, for a device, its hall). Anonymous callers get 401 on routes they may
/// not use; a device acting in another hall, or any caller in another tenant, gets 403 even on routes that
/// are otherwise open to anonymous callers (a kiosk token is never valid elsewhere).
[[nodiscard]] core::Status Authorize(const Principal& caller, std::string_view permission, const Target& target);

/// The caller must belong to `tenant_id` (403 "other_tenant").
[[nodiscard]] core::Status RequireTenant(const Principal& caller, std::string_view tenant_id);

/// Priority facilities may not be used by others (UU 25/2009 art. 29): a priority ticket may be issued by a
/// kiosk device of that hall (staff watch it) or by an officer, supervisor, unit head or admin of the hall's
/// tenant; anyone else gets 403 "priority_not_allowed".
[[nodiscard]] core::Status CanIssuePriority(const Principal& caller, std::string_view hall_id,
                                            std::string_view hall_tenant_id);

/// What a queue action touches below the hall: who holds the counter or ticket, and which unit answers for it.
struct Work {
    /// The officer who holds the counter or the ticket now; empty when nobody does (a closed counter, a waiting
    /// ticket).
    std::string officer_id{};
    /// The unit that answers for it: the holding officer's unit, else the ticket's service's unit; empty when
    /// unknown (a closed counter).
    std::string unit_id{};
};

/// What a command on a ticket touches: the officer holding the ticket (while it is open at a counter) with
/// their unit, else the unit of the ticket's service; nothing for an unknown ticket.
[[nodiscard]] Work TicketWork(const queue::HallState& state, const queue::HallContext& context,
                              std::string_view ticket_id);

/// What a command on a counter touches: the officer holding it with their unit; nothing while it is closed.
[[nodiscard]] Work CounterWork(const queue::HallState& state, const queue::HallContext& context,
                               std::string_view counter_id);

/// The unit an officer works for, as the catalog says; empty for an officer it does not know.
[[nodiscard]] std::string UnitOfOfficer(const queue::HallContext& context, std::string_view officer_id);

/// Whether the caller may operate a counter or a ticket (queue.operate and queue.cancel), given that the
/// route-level check passed:
///  - an officer only what they hold themselves (403 "not_your_counter"), or, when nobody holds it, only what
///    belongs to their units (403 "other_unit"; an unknown unit is left to the queue's own rules);
///  - a supervisor or unit head anything of their units (403 "other_unit");
///  - an admin anything in the tenant.
[[nodiscard]] core::Status CanOperate(const Principal& caller, const Work& work);

/// Whether the caller may open a counter for `officer_id` of `officer_unit_id`: an officer only as themselves
/// (403 "not_yourself"); a supervisor or unit head for an officer of their units (403 "other_unit"); an admin
/// for anyone of the tenant.
[[nodiscard]] core::Status CanOpenCounterFor(const Principal& caller, std::string_view officer_id,
                                             std::string_view officer_unit_id);

/// Whether the caller may supervise (call a chosen ticket) work of `unit_id`: supervisors and unit heads of
/// that unit, admins (403 "other_unit"). An empty unit means any unit of the tenant.
[[nodiscard]] core::Status CanSupervise(const Principal& caller, std::string_view unit_id);

/// Whether the caller may work a service request of `unit_id` (read it, act on it), given that the route-level
/// check of requests.work passed: officers, supervisors and unit heads of that unit (403 "other_unit"), admins.
/// Assigning a request to someone else is for supervisors, unit heads and admins (CanAssignRequest).
[[nodiscard]] core::Status CanWorkRequest(const Principal& caller, std::string_view unit_id);

/// Whether the caller may assign a request of `unit_id` to `officer_account`: anyone who may work it may take it
/// on themselves (their own account id); giving it to another is for supervisors and unit heads of the unit and
/// admins (403 "not_yourself").
[[nodiscard]] core::Status CanAssignRequest(const Principal& caller, std::string_view unit_id,
                                            std::string_view officer_account);

/// Whether the caller may publish a standard of a service of `unit_id`, given that the route-level check of
/// standards.manage passed: the unit's head (403 "other_unit"), admins.
[[nodiscard]] core::Status CanManageStandard(const Principal& caller, std::string_view unit_id);

/// Which roles an admin may give to an account they create (officer, supervisor, unit_head, admin, auditor).
[[nodiscard]] bool IsAssignableRole(Role role);

}  // namespace layan::domain::access
