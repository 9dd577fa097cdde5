// Accounts, sessions and devices over a real SQLite file with a clock the test moves: creation rules, sign-in,
// lockout, idle and absolute expiry, revocation, fixation, device tokens, demo accounts; and the repository.

#include "layan/auth/auth.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/auth/tokens.h"
#include "layan/store/seed.h"
#include "test_site.h"

namespace layan::auth::testing {
namespace {

namespace access = domain::access;
using std::chrono::hours;
using std::chrono::minutes;
using ::testing::HasSubstr;
using ::testing::Not;

class AuthService : public ::testing::Test {
protected:
    void SetUp() override {
        store::DatabaseOptions options;
        options.sync = store::SyncMode::kNormal;
        options.clock = std::shared_ptr<const core::Clock>(&clock_, [](const core::Clock*) {});
        database_ = store::Database::Open("sqlite://" + dir_.path() + "/layan.db", options);
        auth_ = std::make_unique<Auth>(*database_, clock_, TestSite::TestOptions());
        SeedSites(*database_, *auth_);
    }

    core::Result<SignedIn> Login(const std::string& username, const std::string& password = kPassword,
                                 const std::string& ip = "192.0.2.1") {
        return auth_->Login(Credentials{.username = username, .password = password, .ip = ip, .presented_token = {}});
    }

    std::string CodeOf(const core::Status& status) { return status ? "ok" : status.error().code; }
    template <class T>
    std::string CodeOf(const core::Result<T>& result) {
        return result ? "ok" : result.error().code;
    }

    std::string DatabaseBytes() {
        std::stringstream all;
        for (const auto* suffix : {"", "-wal"}) {
            std::ifstream in(dir_.path() + "/layan.db" + suffix, std::ios::binary);
            all << in.rdbuf();
        }
        return all.str();
    }

    /// The records of the tenant's accounts stream after version `after`.
    std::vector<store::RecordedEvent> RecordsAfter(std::int64_t after, const std::string& tenant = kTenant) {
        return database_->Events().ReadStream(store::AccountsStream(tenant), after + 1);
    }
    std::int64_t TrailVersion(const std::string& tenant = kTenant) {
        return database_->Events().StreamVersion(store::AccountsStream(tenant));
    }
    static std::vector<std::string> TypesOf(const std::vector<store::RecordedEvent>& records) {
        std::vector<std::string> types;
        for (const auto& record : records) {
            types.push_back(record.type);
        }
        return types;
    }

    ScratchDir dir_;
    core::ManualClock clock_{MondayMorning()};
    std::unique_ptr<store::Database> database_;
    std::unique_ptr<Auth> auth_;
};

TEST_F(AuthService, NewAccountIsCheckedBeforeItExists) {
    auto make = [&](std::string username, access::Role role, std::string officer = "",
                    std::string password = "a long enough passphrase", std::string tenant = kTenant) {
        return auth_->CreateAccount(NewAccount{.username = std::move(username),
                                               .password = std::move(password),
                                               .role = role,
                                               .tenant_id = std::move(tenant),
                                               .officer_id = std::move(officer),
                                               .units = {}},
                                    kSetUp);
    };
    EXPECT_EQ(CodeOf(make("x", access::Role::kAdmin)), "invalid_username");
    EXPECT_EQ(CodeOf(make("<script>alert(1)</script>", access::Role::kAdmin)), "invalid_username");
    EXPECT_EQ(CodeOf(make("robert'); DROP TABLE accounts;--", access::Role::kAdmin)), "invalid_username");
    EXPECT_EQ(CodeOf(make("new.admin", access::Role::kDevice)), "invalid_role");
    EXPECT_EQ(CodeOf(make("new.admin", access::Role::kCitizen)), "invalid_role");
    EXPECT_EQ(CodeOf(make("new.admin", access::Role::kAdmin, "", "short")), "weak_password");
    EXPECT_EQ(CodeOf(make("new.officer", access::Role::kOfficer)), "officer_required");
    EXPECT_EQ(CodeOf(make("new.officer", access::Role::kOfficer, "andi.batu")), "unknown_officer");
    EXPECT_EQ(CodeOf(make("new.admin", access::Role::kAdmin, "", "a long enough passphrase", "kota-nowhere")),
              "unknown_tenant");
    EXPECT_EQ(CodeOf(make("officer", access::Role::kAdmin)), "username_taken");
    EXPECT_EQ(CodeOf(make(" Officer ", access::Role::kAdmin)), "username_taken");  // normalised
    auto made = make("New.Officer", access::Role::kOfficer, "dewi.lestari");
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->username, "new.officer");
    EXPECT_EQ(made->units, std::vector<std::string>{"dispendukcapil"});  // the officer's unit from the catalog
    EXPECT_THAT(made->password_hash, ::testing::StartsWith("$argon2id$"));
    EXPECT_EQ(auth_->FindAccountByUsername("new.officer")->id, made->id);
}

TEST_F(AuthService, SignInGivesASessionWhoseTokenIsStoredOnlyAsAHash) {
    auto signed_in = Login("officer");
    ASSERT_TRUE(signed_in) << signed_in.error().message;
    EXPECT_EQ(signed_in->account.username, "officer");
    EXPECT_EQ(signed_in->session.token_hash, HashToken(signed_in->token));
    EXPECT_EQ(signed_in->session.expires_at, clock_.Now() + hours{12});
    auto caller = auth_->SessionCaller(signed_in->token);
    ASSERT_TRUE(caller);
    EXPECT_EQ(caller->role, access::Role::kOfficer);
    EXPECT_EQ(caller->officer_id, "budi.santoso");
    EXPECT_EQ(caller->tenant_id, kTenant);
    database_.reset();  // flush and close, then look at the bytes
    auto bytes = DatabaseBytes();
    EXPECT_EQ(bytes.find(signed_in->token), std::string::npos) << "the session token is in the database file";
    EXPECT_EQ(bytes.find(kPassword), std::string::npos) << "a password is in the database file";
    EXPECT_NE(bytes.find(signed_in->session.token_hash), std::string::npos);
}

TEST_F(AuthService, WrongPasswordAndUnknownUserGetTheSameAnswer) {
    auto wrong = Login("officer", "not the password");
    auto unknown = Login("nobody.here", "not the password");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error(), unknown.error());
    EXPECT_EQ(wrong.error().kind, core::ErrorKind::kUnauthenticated);
    EXPECT_EQ(wrong.error().code, "invalid_credentials");
}

TEST_F(AuthService, PasswordGuessingLocksTheAccountEvenForTheRightPasswordUntilTheLockEnds) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(CodeOf(Login("officer", "guess " + std::to_string(i))), "invalid_credentials");
    }
    auto locked = Login("officer");
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().kind, core::ErrorKind::kRateLimited);
    EXPECT_EQ(locked.error().code, "login_locked");
    EXPECT_EQ(locked.error().details["retry_after_s"], 15 * 60);
    EXPECT_EQ(CodeOf(Login("officer", kPassword, "198.51.100.1")), "login_locked");  // from anywhere
    EXPECT_EQ(CodeOf(Login("officer2")), "ok");                                      // others are not locked
    clock_.Advance(minutes{15});
    EXPECT_EQ(CodeOf(Login("officer")), "ok");
}

TEST_F(AuthService, AdminPasswordResetLiftsTheLockAndEndsSessions) {
    auto before = Login("officer");
    ASSERT_TRUE(before);
    for (int i = 0; i < 5; ++i) {
        (void)Login("officer", "guess");
    }
    ASSERT_TRUE(auth_->SetPassword(auth_->FindAccountByUsername("officer")->id, "a brand new passphrase", kSetUp));
    EXPECT_EQ(CodeOf(auth_->SessionCaller(before->token)), "session_expired");
    EXPECT_EQ(CodeOf(Login("officer")), "invalid_credentials");
    EXPECT_EQ(CodeOf(Login("officer", "a brand new passphrase")), "ok");
    EXPECT_EQ(CodeOf(auth_->SetPassword(auth_->FindAccountByUsername("officer")->id, "officer-123456", kSetUp)),
              "weak_password");
}

TEST_F(AuthService, SessionEndsAfterThirtyIdleMinutes) {
    auto signed_in = Login("officer");
    ASSERT_TRUE(signed_in);
    clock_.Advance(minutes{29});
    ASSERT_TRUE(auth_->SessionCaller(signed_in->token));  // activity moves the idle deadline
    clock_.Advance(minutes{29});
    ASSERT_TRUE(auth_->SessionCaller(signed_in->token));
    clock_.Advance(minutes{30});
    EXPECT_EQ(CodeOf(auth_->SessionCaller(signed_in->token)), "session_expired");
}

TEST_F(AuthService, SessionEndsTwelveHoursAfterSignInHoweverActive) {
    auto signed_in = Login("officer");
    ASSERT_TRUE(signed_in);
    for (int i = 0; i < 12 * 3 - 1; ++i) {
        clock_.Advance(minutes{20});
        ASSERT_TRUE(auth_->SessionCaller(signed_in->token)) << i;
    }
    clock_.Advance(minutes{20});
    EXPECT_EQ(CodeOf(auth_->SessionCaller(signed_in->token)), "session_expired");
}

TEST_F(AuthService, LogoutAndDisablingEndSessions) {
    auto first = Login("officer");
    auto second = Login("officer2");
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(auth_->Logout(first->token, "192.0.2.1"));
    EXPECT_EQ(CodeOf(auth_->SessionCaller(first->token)), "session_expired");
    ASSERT_TRUE(auth_->SetDisabled(second->account.id, true, kSetUp));
    EXPECT_EQ(CodeOf(auth_->SessionCaller(second->token)), "session_expired");
    EXPECT_EQ(CodeOf(Login("officer2")), "account_disabled");
    EXPECT_EQ(CodeOf(Login("officer2", "wrong password")), "invalid_credentials");  // no hint without the password
    ASSERT_TRUE(auth_->SetDisabled(second->account.id, false, kSetUp));
    EXPECT_EQ(CodeOf(Login("officer2")), "ok");
}

TEST_F(AuthService, ASessionPresentedAtSignInIsRevokedNeverUpgraded) {
    // Fixation: someone plants their own session token in a shared browser, hoping the next person's sign-in
    // keeps it. The sign-in makes a new token and ends the presented one.
    auto planted = Login("auditor");
    ASSERT_TRUE(planted);
    auto victim = auth_->Login(
        Credentials{.username = "admin", .password = kPassword, .ip = "192.0.2.1", .presented_token = planted->token});
    ASSERT_TRUE(victim);
    EXPECT_NE(victim->token, planted->token);
    EXPECT_EQ(CodeOf(auth_->SessionCaller(planted->token)), "session_expired");
    EXPECT_EQ(auth_->SessionCaller(victim->token)->role, access::Role::kAdmin);
    // A made-up token presented at sign-in is simply ignored.
    auto invented = auth_->Login(Credentials{
        .username = "admin", .password = kPassword, .ip = "192.0.2.1", .presented_token = std::string("invented")});
    ASSERT_TRUE(invented);
    EXPECT_NE(invented->token, "invented");
    EXPECT_EQ(CodeOf(auth_->SessionCaller("invented")), "session_expired");
}

TEST_F(AuthService, DeviceTokensWorkInTheirHallUntilRevoked) {
    auto made = auth_->AddDevice(kTenant, kHall, access::DeviceKind::kKiosk, "Kios pintu utama", kSetUp);
    ASSERT_TRUE(made);
    EXPECT_THAT(made->token, ::testing::StartsWith("lyd_"));
    auto caller = auth_->DeviceCaller(made->token);
    ASSERT_TRUE(caller);
    EXPECT_EQ(caller->role, access::Role::kDevice);
    EXPECT_EQ(caller->hall_id, kHall);
    EXPECT_EQ(caller->device_kind, access::DeviceKind::kKiosk);
    ASSERT_TRUE(auth_->RevokeDevice(made->device.id, kSetUp));
    EXPECT_EQ(CodeOf(auth_->DeviceCaller(made->token)), "invalid_token");
    EXPECT_EQ(CodeOf(auth_->DeviceCaller("lyd_invented")), "invalid_token");
    EXPECT_EQ(CodeOf(auth_->AddDevice(kTenant, kOtherHall, access::DeviceKind::kKiosk, "x", kSetUp)), "unknown_hall");
    EXPECT_EQ(CodeOf(auth_->RevokeDevice("d-nothing", kSetUp)), "device_not_found");
}

TEST_F(AuthService, DemoAccountsAreMadeOnceWithThePublicDemoPassword) {
    auto first = auth_->SeedDemoAccounts();
    ASSERT_TRUE(first) << first.error().message;
    // Two tenants in this catalog, so the staff accounts carry the tenant in their name.
    EXPECT_THAT(*first, ::testing::IsSupersetOf({"budi.santoso", "siti.rahmawati", "supervisor.kota-mojokerto",
                                                 "admin.kota-mojokerto", "auditor.kota-mojokerto", "andi.batu",
                                                 "admin.kota-batu"}));
    auto again = auth_->SeedDemoAccounts();
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty());
    auto budi = Login("budi.santoso", kDemoPassword);
    ASSERT_TRUE(budi) << budi.error().message;
    EXPECT_EQ(budi->account.officer_id, "budi.santoso");
    EXPECT_EQ(budi->account.role, access::Role::kOfficer);
    auto supervisor = auth_->FindAccountByUsername("supervisor.kota-mojokerto");
    ASSERT_TRUE(supervisor);
    EXPECT_EQ(supervisor->role, access::Role::kSupervisor);
    EXPECT_EQ(supervisor->units.size(), 5U);  // every unit of the demo city
}

TEST_F(AuthService, AccountsRepositoryKeepsWhatItIsGivenAndRefusesDuplicates) {
    auto& repo = database_->AccountsRepo();
    auto listed = repo.ListAccounts(kOtherTenant);
    ASSERT_EQ(listed.size(), 5U);
    EXPECT_EQ(listed.front().username, "admin.batu");  // by username
    EXPECT_EQ(repo.ListAccounts("").size(), 12U);
    auto original = *repo.FindAccountByUsername("officer");
    auto copy = original;
    copy.id = "u-other";
    EXPECT_EQ(repo.CreateAccount(copy).error().code, "username_taken");
    EXPECT_EQ(*repo.FindAccount(original.id), original);
    EXPECT_EQ(repo.SetDisabled("u-nothing", true).error().code, "account_not_found");
    EXPECT_EQ(repo.SetPasswordHash("u-nothing", "x", clock_.Now()).error().code, "account_not_found");
    EXPECT_EQ(repo.RevokeSession("nothing", clock_.Now()).error().code, "session_not_found");
    EXPECT_EQ(repo.ListDevices(kTenant).size(), 0U);
}

TEST_F(AuthService, EndedSessionsAreDeletedAfterwardsAndEachSignInSweepsThemAway) {
    auto kept = Login("officer");
    auto ended = Login("officer2");
    auto expired = Login("auditor");
    ASSERT_TRUE(kept && ended && expired);
    ASSERT_TRUE(auth_->Logout(ended->token, "192.0.2.1"));
    clock_.Advance(minutes{1});
    auto deleted = database_->AccountsRepo().DeleteEndedSessions(clock_.Now());
    ASSERT_TRUE(deleted);
    EXPECT_EQ(*deleted, 1);
    EXPECT_FALSE(database_->AccountsRepo().FindSession(ended->session.token_hash));
    EXPECT_TRUE(database_->AccountsRepo().FindSession(kept->session.token_hash));

    // Nothing needs to call it: a sign-in past the others' twelve hours sweeps them away, not the new one.
    clock_.Advance(hours{12});
    auto live = Login("admin");
    ASSERT_TRUE(live);
    EXPECT_FALSE(database_->AccountsRepo().FindSession(expired->session.token_hash));
    EXPECT_FALSE(database_->AccountsRepo().FindSession(kept->session.token_hash));
    EXPECT_TRUE(database_->AccountsRepo().FindSession(live->session.token_hash));
}

TEST_F(AuthService, EverySignInAndAccountChangeIsInTheTenantsTrailWithWhoAndFromWhere) {
    const auto before = TrailVersion();
    const auto other_tenant_before = TrailVersion(kOtherTenant);
    const Actor admin{.actor = "u-the-admin", .role = "admin", .ip = "198.51.100.7", .device = ""};
    const std::string officer2 = auth_->FindAccountByUsername("officer2")->id;

    auto signed_in = Login("officer", kPassword, "192.0.2.10");
    ASSERT_TRUE(signed_in);
    ASSERT_FALSE(Login("officer", "not the password", "192.0.2.11"));
    ASSERT_FALSE(Login("nobody.here", "Secret-typed-as-username", "192.0.2.12"));
    ASSERT_FALSE(Login("secret-typed-as-username", "x", "192.0.2.12"));  // no such account: nothing recorded
    ASSERT_TRUE(auth_->SetPassword(officer2, "a brand new passphrase", admin));
    ASSERT_TRUE(auth_->SetDisabled(officer2, true, admin));
    ASSERT_FALSE(Login("officer2", "a brand new passphrase", "192.0.2.13"));
    ASSERT_TRUE(auth_->SetDisabled(officer2, false, admin));
    auto device = auth_->AddDevice(kTenant, kHall, access::DeviceKind::kKiosk, "Kios lantai 2", admin);
    ASSERT_TRUE(device);
    ASSERT_TRUE(auth_->RevokeDevice(device->device.id, admin));
    ASSERT_TRUE(auth_->RevokeDevice(device->device.id, admin));  // already revoked: nothing more to record
    ASSERT_TRUE(auth_->Logout(signed_in->token, "192.0.2.10"));
    ASSERT_TRUE(auth_->Logout(signed_in->token, "192.0.2.10"));  // already ended

    auto records = RecordsAfter(before);
    EXPECT_EQ(TypesOf(records), (std::vector<std::string>{"signed_in", "sign_in_failed", "password_reset",
                                                          "account_disabled", "sign_in_failed", "account_enabled",
                                                          "device_added", "device_revoked", "signed_out"}));
    ASSERT_EQ(records.size(), 9U);
    const auto& in = records[0];
    EXPECT_EQ(in.data["account"], signed_in->account.id);
    EXPECT_EQ(in.data["username"], "officer");
    EXPECT_EQ(in.data["session"], signed_in->session.token_hash.substr(0, 16));
    EXPECT_EQ(in.metadata,
              (nlohmann::json{{"actor", signed_in->account.id}, {"role", "officer"}, {"ip", "192.0.2.10"}}));
    EXPECT_EQ(records[1].data["reason"], "wrong_password");
    EXPECT_EQ(records[1].metadata, (nlohmann::json{{"actor", "anonymous"}, {"role", "citizen"}, {"ip", "192.0.2.11"}}));
    EXPECT_EQ(records[2].data["account"], officer2);
    EXPECT_EQ(records[2].metadata,
              (nlohmann::json{{"actor", "u-the-admin"}, {"role", "admin"}, {"ip", "198.51.100.7"}}));
    EXPECT_EQ(records[4].data["reason"], "account_disabled");
    EXPECT_EQ(records[6].data["device"], device->device.id);
    EXPECT_EQ(records[6].data["hall"], kHall);
    EXPECT_EQ(records[8].data["session"], in.data["session"]);
    EXPECT_EQ(records[8].metadata["ip"], "192.0.2.10");

    // No secret and no mistyped name reaches the trail, which can never be edited.
    for (const auto& record : records) {
        const auto text = record.data.dump() + record.metadata.dump();
        for (const std::string& secret :
             {std::string(kPassword), std::string("not the password"), std::string("a brand new passphrase"),
              signed_in->token, signed_in->session.token_hash, signed_in->session.csrf_token, device->token,
              std::string("ecret-typed-as-username")}) {
            EXPECT_THAT(text, Not(HasSubstr(secret))) << record.type;
        }
    }
    EXPECT_EQ(TrailVersion(kOtherTenant), other_tenant_before) << "another tenant's trail is not touched";
    EXPECT_TRUE(database_->Audit().Verify({}).ok());
}

TEST_F(AuthService, GuessingRecordsEachFailureTheLockAndEveryAttemptWhileLocked) {
    const auto before = TrailVersion();
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(CodeOf(Login("officer", "guess " + std::to_string(i))), "invalid_credentials");
    }
    ASSERT_EQ(CodeOf(Login("officer")), "login_locked");
    auto records = RecordsAfter(before);
    EXPECT_EQ(TypesOf(records),
              (std::vector<std::string>{"sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed",
                                        "sign_in_failed", "account_locked", "sign_in_failed"}));
    ASSERT_EQ(records.size(), 7U);
    EXPECT_EQ(records[5].data["until"], core::FormatIso8601(clock_.Now() + minutes(15)));
    EXPECT_EQ(records[6].data["reason"], "locked");
}

TEST_F(AuthService, OwnPasswordChangeNeedsTheCurrentPasswordAndEndsOnlyTheOtherSessions) {
    auto here = Login("officer");
    auto elsewhere = Login("officer", kPassword, "203.0.113.9");
    ASSERT_TRUE(here && elsewhere);
    const auto before = TrailVersion();
    const std::string next = "a brand new passphrase";
    EXPECT_EQ(CodeOf(auth_->ChangeOwnPassword(here->token, "not it", next, "192.0.2.1")), "wrong_password");
    EXPECT_EQ(CodeOf(auth_->ChangeOwnPassword(here->token, kPassword, "short", "192.0.2.1")), "weak_password");
    EXPECT_EQ(CodeOf(auth_->ChangeOwnPassword(here->token, kPassword, kPassword, "192.0.2.1")), "same_password");
    EXPECT_EQ(CodeOf(auth_->ChangeOwnPassword("not a session", kPassword, next, "192.0.2.1")), "session_expired");
    ASSERT_TRUE(auth_->ChangeOwnPassword(here->token, kPassword, next, "192.0.2.1"));

    EXPECT_TRUE(auth_->SessionCaller(here->token)) << "the session that changed it goes on";
    EXPECT_EQ(CodeOf(auth_->SessionCaller(elsewhere->token)), "session_expired") << "whoever else knew it is out";
    EXPECT_EQ(CodeOf(Login("officer")), "invalid_credentials");
    EXPECT_EQ(CodeOf(Login("officer", next)), "ok");

    auto records = RecordsAfter(before);
    // A weak or unchanged new password is the person's typo, refused before anything happens: not an event.
    EXPECT_EQ(TypesOf(records),
              (std::vector<std::string>{"password_change_refused", "password_changed", "sign_in_failed", "signed_in"}));
}

TEST_F(AuthService, GuessingTheCurrentPasswordLocksLikeGuessingASignIn) {
    auto here = Login("officer");
    ASSERT_TRUE(here);
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(CodeOf(auth_->ChangeOwnPassword(here->token, "guess " + std::to_string(i), "a brand new passphrase",
                                                  "192.0.2.1")),
                  "wrong_password");
    }
    EXPECT_EQ(CodeOf(auth_->ChangeOwnPassword(here->token, kPassword, "a brand new passphrase", "192.0.2.1")),
              "login_locked");
    EXPECT_EQ(CodeOf(Login("officer")), "login_locked");
    EXPECT_EQ(TypesOf(RecordsAfter(TrailVersion() - 3)),
              (std::vector<std::string>{"password_change_refused", "account_locked", "sign_in_failed"}));
}

TEST_F(AuthService, LocksSurviveARestartBecauseTheFailuresAreOnTheRecord) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(CodeOf(Login("officer", "guess " + std::to_string(i))), "invalid_credentials");
    }
    ASSERT_EQ(CodeOf(Login("officer")), "login_locked");
    clock_.Advance(minutes(5));

    // A new process on the same database: the memory is gone, the trail is not.
    auth_ = std::make_unique<Auth>(*database_, clock_, TestSite::TestOptions());
    EXPECT_EQ(CodeOf(Login("officer2")), "ok");
    auth_ = std::make_unique<Auth>(*database_, clock_, TestSite::TestOptions());
    auth_->RestoreLocks();
    EXPECT_EQ(CodeOf(Login("officer")), "login_locked");
    EXPECT_EQ(CodeOf(Login("officer2")), "ok") << "only the guessed account is locked";

    clock_.Advance(minutes(11));  // the lock began 16 minutes ago
    auth_ = std::make_unique<Auth>(*database_, clock_, TestSite::TestOptions());
    auth_->RestoreLocks();
    EXPECT_EQ(CodeOf(Login("officer")), "ok");
}

TEST_F(AuthService, AResetBeforeTheRestartStillLiftsTheLock) {
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(CodeOf(Login("officer", "guess " + std::to_string(i))), "invalid_credentials");
    }
    ASSERT_TRUE(auth_->SetPassword(auth_->FindAccountByUsername("officer")->id, "a brand new passphrase", kSetUp));
    auth_ = std::make_unique<Auth>(*database_, clock_, TestSite::TestOptions());
    auth_->RestoreLocks();
    EXPECT_EQ(CodeOf(Login("officer", "a brand new passphrase")), "ok");
}

}  // namespace
}  // namespace layan::auth::testing
