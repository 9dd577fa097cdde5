// The pure access rules: which role holds which permission, and the scope rules (tenant, hall, unit,
// the officer's own counter, priority tickets).

#include "layan/domain/access/access.h"

#include <gtest/gtest.h>

namespace layan::domain::access {
namespace {

Principal Person(Role role, std::string tenant = "kota-a", std::vector<std::string> units = {"dukcapil"},
                 std::string officer = "") {
    return Principal{.role = role,
                     .id = "u-1",
                     .name = "someone",
                     .tenant_id = std::move(tenant),
                     .units = std::move(units),
                     .officer_id = std::move(officer),
                     .hall_id = "",
                     .device_kind = DeviceKind::kKiosk};
}

Principal Device(DeviceKind kind, std::string hall = "mpp-a", std::string tenant = "kota-a") {
    return Principal{.role = Role::kDevice,
                     .id = "d-1",
                     .name = "kiosk 1",
                     .tenant_id = std::move(tenant),
                     .units = {},
                     .officer_id = "",
                     .hall_id = std::move(hall),
                     .device_kind = kind};
}

std::string CodeOf(const core::Status& status) { return status ? "ok" : status.error().code; }

TEST(Roles, EveryRoleRoundTripsThroughItsCode) {
    for (auto role : {Role::kCitizen, Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin, Role::kAuditor,
                      Role::kDevice}) {
        EXPECT_EQ(ParseRole(ToString(role)), role);
    }
    EXPECT_EQ(ParseRole("root"), std::nullopt);
    EXPECT_EQ(ParseDeviceKind("kiosk"), DeviceKind::kKiosk);
    EXPECT_EQ(ParseDeviceKind("board"), DeviceKind::kBoard);
    EXPECT_EQ(ParseDeviceKind("phone"), std::nullopt);
}

TEST(Roles, AccountsMayNotBeCitizensOrDevices) {
    EXPECT_FALSE(IsAssignableRole(Role::kCitizen));
    EXPECT_FALSE(IsAssignableRole(Role::kDevice));
    EXPECT_TRUE(IsAssignableRole(Role::kOfficer));
    EXPECT_TRUE(IsAssignableRole(Role::kAdmin));
}

TEST(Permissions, TheTableOfWhoHoldsWhat) {
    struct Row {
        std::string_view permission;
        std::vector<Role> holders;
    };
    const std::vector<Row> table = {
        {permission::kQueueOperate, {Role::kOfficer, Role::kSupervisor, Role::kUnitHead}},
        {permission::kQueueCancel, {Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin}},
        {permission::kQueueSupervise, {Role::kSupervisor, Role::kUnitHead, Role::kAdmin}},
        {permission::kAuditRead, {Role::kAuditor, Role::kAdmin}},
        {permission::kAccountsManage, {Role::kAdmin}},
        {permission::kPersonalDataManage, {Role::kAdmin}},
        {permission::kAccountSelf, {Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin, Role::kAuditor}},
        {permission::kMetricsRead, {Role::kAuditor, Role::kAdmin}},
    };
    for (const auto& row : table) {
        for (auto role : {Role::kCitizen, Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin,
                          Role::kAuditor, Role::kDevice}) {
            bool expected = std::find(row.holders.begin(), row.holders.end(), role) != row.holders.end();
            EXPECT_EQ(Holds(role, row.permission), expected) << row.permission << " / " << ToString(role);
        }
    }
}

TEST(Permissions, OnlyMetricsMayBeReadWithoutAnAccountFromTheServersOwnMachine) {
    for (auto name : KnownPermissions()) {
        EXPECT_EQ(LocalMachineMayUse(name), name == permission::kMetricsRead) << name;
    }
    // Elsewhere, metrics need a role like any protected route.
    EXPECT_EQ(CodeOf(Authorize(Principal{}, permission::kMetricsRead, {})), "authentication_required");
    EXPECT_EQ(CodeOf(Authorize(Person(Role::kOfficer), permission::kMetricsRead, {})), "role_not_allowed");
}

TEST(Permissions, UnknownPermissionIsHeldByNobody) {
    EXPECT_FALSE(IsKnownPermission("queue.everything"));
    EXPECT_FALSE(Holds(Role::kAdmin, "queue.everything"));
    EXPECT_EQ(CodeOf(Authorize(Person(Role::kAdmin), "queue.everything", {})), "role_not_allowed");
    EXPECT_EQ(CodeOf(Authorize(Principal{}, "", {})), "role_not_allowed");
}

TEST(Authorize, AnonymousCallerIsAskedToSignInForProtectedRoutes) {
    auto refused = Authorize(Principal{}, permission::kQueueOperate, {.tenant_id = "kota-a", .hall_id = "mpp-a"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnauthenticated);
    EXPECT_EQ(refused.error().code, "authentication_required");
}

TEST(Authorize, AnonymousCallerMayUsePublicRoutesAndTakeTickets) {
    EXPECT_TRUE(Authorize(Principal{}, permission::kPublic, {.tenant_id = "kota-a", .hall_id = "mpp-a"}));
    EXPECT_TRUE(Authorize(Principal{}, permission::kQueueIssue, {.tenant_id = "kota-a", .hall_id = "mpp-a"}));
}

TEST(Authorize, WrongRoleIsForbidden) {
    auto refused = Authorize(Person(Role::kAuditor), permission::kQueueOperate, {.tenant_id = "kota-a"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kForbidden);
    EXPECT_EQ(refused.error().code, "role_not_allowed");
    EXPECT_EQ(CodeOf(Authorize(Person(Role::kOfficer), permission::kAccountsManage, {})), "role_not_allowed");
    EXPECT_EQ(CodeOf(Authorize(Device(DeviceKind::kKiosk), permission::kQueueOperate, {.hall_id = "mpp-a"})),
              "role_not_allowed");
}

TEST(Authorize, CallerFromAnotherTenantIsForbiddenWhateverTheRole) {
    for (auto role : {Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin}) {
        EXPECT_EQ(CodeOf(Authorize(Person(role, "kota-b"), permission::kQueueCancel, {.tenant_id = "kota-a"})),
                  "other_tenant")
            << ToString(role);
    }
    EXPECT_EQ(CodeOf(Authorize(Person(Role::kAdmin, "kota-b"), permission::kAccountsManage, {.tenant_id = "kota-a"})),
              "other_tenant");
    EXPECT_TRUE(Authorize(Person(Role::kAdmin, "kota-a"), permission::kAccountsManage, {.tenant_id = "kota-a"}));
}

TEST(Authorize, DeviceTokenIsValidOnlyInItsOwnHall) {
    auto kiosk = Device(DeviceKind::kKiosk, "mpp-a");
    EXPECT_TRUE(Authorize(kiosk, permission::kQueueIssue, {.tenant_id = "kota-a", .hall_id = "mpp-a"}));
    EXPECT_EQ(CodeOf(Authorize(kiosk, permission::kQueueIssue, {.tenant_id = "kota-a", .hall_id = "mpp-a2"})),
              "other_hall");
    EXPECT_EQ(CodeOf(Authorize(kiosk, permission::kQueueIssue, {.tenant_id = "kota-b", .hall_id = "mpp-b"})),
              "other_tenant");
}

TEST(Authorize, SignedInCallerFromAnotherTenantIsRefusedEvenWhereAnonymousCallersAreNot) {
    // A session or device of another government is never valid here, even on a route open to citizens.
    EXPECT_EQ(CodeOf(Authorize(Person(Role::kOfficer, "kota-b"), permission::kQueueIssue, {.tenant_id = "kota-a"})),
              "other_tenant");
    EXPECT_TRUE(Authorize(Person(Role::kOfficer, "kota-a"), permission::kQueueIssue, {.tenant_id = "kota-a"}));
}

TEST(Priority, OnlyTheHallsKioskOrItsTenantsStaffMayIssuePriorityTickets) {
    EXPECT_EQ(CodeOf(CanIssuePriority(Principal{}, "mpp-a", "kota-a")), "priority_not_allowed");
    EXPECT_TRUE(CanIssuePriority(Device(DeviceKind::kKiosk, "mpp-a"), "mpp-a", "kota-a"));
    EXPECT_EQ(CodeOf(CanIssuePriority(Device(DeviceKind::kKiosk, "mpp-a2"), "mpp-a", "kota-a")),
              "priority_not_allowed");
    EXPECT_EQ(CodeOf(CanIssuePriority(Device(DeviceKind::kBoard, "mpp-a"), "mpp-a", "kota-a")), "priority_not_allowed");
    EXPECT_TRUE(CanIssuePriority(Person(Role::kOfficer), "mpp-a", "kota-a"));
    EXPECT_TRUE(CanIssuePriority(Person(Role::kSupervisor), "mpp-a", "kota-a"));
    EXPECT_EQ(CodeOf(CanIssuePriority(Person(Role::kOfficer, "kota-b"), "mpp-a", "kota-a")), "priority_not_allowed");
    EXPECT_EQ(CodeOf(CanIssuePriority(Person(Role::kAuditor), "mpp-a", "kota-a")), "priority_not_allowed");
}

TEST(Operate, OfficerActsOnlyOnWhatTheyHold) {
    auto budi = Person(Role::kOfficer, "kota-a", {"dukcapil"}, "budi");
    EXPECT_TRUE(CanOperate(budi, {.officer_id = "budi", .unit_id = "dukcapil"}));
    auto other = CanOperate(budi, {.officer_id = "siti", .unit_id = "dukcapil"});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "not_your_counter");
    EXPECT_EQ(other.error().kind, core::ErrorKind::kForbidden);
}

TEST(Operate, OfficerMayTouchUnheldWorkOnlyOfTheirUnits) {
    auto budi = Person(Role::kOfficer, "kota-a", {"dukcapil"}, "budi");
    EXPECT_TRUE(CanOperate(budi, {.officer_id = "", .unit_id = "dukcapil"}));
    EXPECT_EQ(CodeOf(CanOperate(budi, {.officer_id = "", .unit_id = "dinsos"})), "other_unit");
    // A closed counter answers for no unit: the queue's own rule (counter_closed) speaks.
    EXPECT_TRUE(CanOperate(budi, {.officer_id = "", .unit_id = ""}));
}

TEST(Operate, SupervisorActsForAnyoneOfTheirUnitsOnly) {
    auto supervisor = Person(Role::kSupervisor, "kota-a", {"dukcapil", "dinsos"});
    EXPECT_TRUE(CanOperate(supervisor, {.officer_id = "siti", .unit_id = "dukcapil"}));
    EXPECT_TRUE(CanOperate(supervisor, {.officer_id = "nur", .unit_id = "dinsos"}));
    EXPECT_EQ(CodeOf(CanOperate(supervisor, {.officer_id = "rina", .unit_id = "dpmptsp"})), "other_unit");
    EXPECT_EQ(CodeOf(CanOperate(Person(Role::kUnitHead, "kota-a", {"dinsos"}),
                                {.officer_id = "siti", .unit_id = "dukcapil"})),
              "other_unit");
    EXPECT_TRUE(CanOperate(Person(Role::kAdmin, "kota-a", {}), {.officer_id = "rina", .unit_id = "dpmptsp"}));
    EXPECT_EQ(CodeOf(CanOperate(Person(Role::kAuditor), {.officer_id = "", .unit_id = ""})), "role_not_allowed");
}

TEST(OpenCounter, OfficerOpensOnlyAsThemselves) {
    auto budi = Person(Role::kOfficer, "kota-a", {"dukcapil"}, "budi");
    EXPECT_TRUE(CanOpenCounterFor(budi, "budi", "dukcapil"));
    EXPECT_EQ(CodeOf(CanOpenCounterFor(budi, "siti", "dukcapil")), "not_yourself");
    auto supervisor = Person(Role::kSupervisor, "kota-a", {"dukcapil"});
    EXPECT_TRUE(CanOpenCounterFor(supervisor, "siti", "dukcapil"));
    EXPECT_EQ(CodeOf(CanOpenCounterFor(supervisor, "rina", "dpmptsp")), "other_unit");
}

TEST(Supervise, SupervisorsOfTheUnitAndAdminsMayCallAChosenTicket) {
    EXPECT_TRUE(CanSupervise(Person(Role::kSupervisor, "kota-a", {"dukcapil"}), "dukcapil"));
    EXPECT_EQ(CodeOf(CanSupervise(Person(Role::kSupervisor, "kota-a", {"dinsos"}), "dukcapil")), "other_unit");
    EXPECT_TRUE(CanSupervise(Person(Role::kAdmin, "kota-a", {}), "dukcapil"));
    EXPECT_EQ(CodeOf(CanSupervise(Person(Role::kOfficer, "kota-a", {"dukcapil"}, "budi"), "dukcapil")),
              "role_not_allowed");
}

TEST(WorkRequests, TheUnitsOfficersSupervisorsAndHeadsAndAdminsWorkItsRequestsOnlySupervisorsAssignOthers) {
    for (auto role : {Role::kOfficer, Role::kSupervisor, Role::kUnitHead, Role::kAdmin}) {
        EXPECT_TRUE(Holds(role, permission::kRequestsWork)) << ToString(role);
    }
    for (auto role : {Role::kAuditor, Role::kDevice, Role::kCitizen}) {
        EXPECT_FALSE(Holds(role, permission::kRequestsWork)) << ToString(role);
    }
    EXPECT_TRUE(CanWorkRequest(Person(Role::kOfficer, "kota-a", {"dukcapil"}), "dukcapil"));
    EXPECT_EQ(CodeOf(CanWorkRequest(Person(Role::kOfficer, "kota-a", {"dinsos"}), "dukcapil")), "other_unit");
    EXPECT_EQ(CodeOf(CanWorkRequest(Person(Role::kUnitHead, "kota-a", {"dinsos"}), "dukcapil")), "other_unit");
    EXPECT_TRUE(CanWorkRequest(Person(Role::kAdmin, "kota-a", {}), "dukcapil"));
    EXPECT_EQ(CodeOf(CanWorkRequest(Person(Role::kAuditor, "kota-a", {"dukcapil"}), "dukcapil")), "role_not_allowed");

    const auto officer = Person(Role::kOfficer, "kota-a", {"dukcapil"});  // account "u-1"
    EXPECT_TRUE(CanAssignRequest(officer, "dukcapil", "u-1"));
    EXPECT_EQ(CodeOf(CanAssignRequest(officer, "dukcapil", "u-2")), "not_yourself");
    EXPECT_TRUE(CanAssignRequest(Person(Role::kSupervisor, "kota-a", {"dukcapil"}), "dukcapil", "u-2"));
    EXPECT_EQ(CodeOf(CanAssignRequest(Person(Role::kSupervisor, "kota-a", {"dinsos"}), "dukcapil", "u-2")),
              "other_unit");
}

}  // namespace
}  // namespace layan::domain::access
