// The personal-data vault on every durable backend (a SQLite file, PostgreSQL): values sealed at rest, every processing
// recorded in the citizen's stream, erasure that leaves the hash chains whole, and a master key that is refused when it
// is missing, wrong or readable by others.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "layan/domain/queue/events.h"
#include "layan/store/database.h"
#include "layan/store/stream_id.h"
#include "test_support.h"

namespace layan::store {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr const char* kPhone = "+6281234567890";
constexpr const char* kNik = "3516014101900012";
const Ground kNotification{"queue_notification", "consent"};
const Ground kPublicService{"public_service", "public_service"};
const Processor kKiosk{"anonymous", "citizen", "10.0.0.9", "kiosk-1"};
const Processor kAdmin{"admin-1", "admin", "10.0.0.2", ""};

std::vector<PersonalValue> PhoneAndNik(std::string nik = kNik) {
    return {PersonalValue{PersonalDataKind::kPhone, kPhone, kNotification},
            PersonalValue{PersonalDataKind::kNik, std::move(nik), kPublicService}};
}

std::string FileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string ValueOf(const std::vector<PersonalValue>& values, PersonalDataKind kind) {
    for (const auto& value : values) {
        if (value.kind == kind) {
            return value.value;
        }
    }
    return "";
}

class Vault : public ::testing::TestWithParam<test::Backend> {
protected:
    void SetUp() override {
        if (auto why = test::Unavailable(GetParam()); !why.empty()) {
            GTEST_SKIP() << why;
        }
    }
    void Open(DatabaseOptions options = {}) {
        database_.reset();
        database_ = GetParam().open(dir_, options);
    }
    PersonalDataVault& vault() { return database_->Vault(); }
    std::filesystem::path KeyFile() const { return GetParam().key_file(dir_); }
    void Sql(const std::string& sql) { test::IntruderSql(GetParam(), dir_, sql); }

    test::TempDir dir_;
    std::unique_ptr<Database> database_;
};

/// What only a SQLite file shows: the bytes on disk, and the key file's place beside it.
class VaultFile : public ::testing::Test {
protected:
    void Open(DatabaseOptions options = {}) {
        database_.reset();
        database_ = Database::Open(dir_.SqliteUrl(), options);
    }
    PersonalDataVault& vault() { return database_->Vault(); }
    std::filesystem::path File() const { return dir_.path() / "layan.db"; }
    std::filesystem::path KeyFile() const { return dir_.path() / "layan.db.key"; }

    test::TempDir dir_;
    std::unique_ptr<Database> database_;
};

TEST_F(VaultFile, ValuesAreNotInTheDatabaseFilesInPlaintext) {
    Open();
    auto ref = vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    ASSERT_TRUE(ref) << ref.error().message;
    auto bytes = FileBytes(File()) + FileBytes(File().string() + "-wal");
    ASSERT_THAT(bytes, HasSubstr(*ref)) << "the files read are the ones written";
    EXPECT_EQ(bytes.find(kNik), std::string::npos);
    EXPECT_EQ(bytes.find(kPhone), std::string::npos);
    EXPECT_EQ(bytes.find("81234567890"), std::string::npos);
    database_.reset();
    bytes = FileBytes(File()) + FileBytes(File().string() + "-wal");
    EXPECT_EQ(bytes.find(kNik), std::string::npos);
    EXPECT_EQ(bytes.find("81234567890"), std::string::npos);
}

TEST_P(Vault, RevealReturnsTheValuesAndRecordsWhoReadThemWhyAndOnWhatBasis) {
    Open();
    auto ref = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    auto values = vault().Reveal(ref, Ground{"queue_notification", "consent"}, Processor{"system", "system", "", ""});
    ASSERT_TRUE(values) << values.error().message;
    EXPECT_EQ(ValueOf(*values, PersonalDataKind::kPhone), kPhone);
    EXPECT_EQ(ValueOf(*values, PersonalDataKind::kNik), kNik);

    auto records = database_->Events().ReadStream(StreamId::Citizen(ref).Name());
    ASSERT_THAT(records, SizeIs(2));
    EXPECT_EQ(records[0].type, kPersonalDataCollected);
    EXPECT_EQ(records[0].data["hall"], "mpp-mojokerto");
    EXPECT_EQ(records[0].data["items"][0]["purpose"], "queue_notification");
    EXPECT_EQ(records[0].data["items"][0]["basis"], "consent");
    EXPECT_EQ(records[0].data["items"][1]["basis"], "public_service");
    EXPECT_EQ(records[0].metadata["device"], "kiosk-1");
    EXPECT_EQ(records[1].type, kPersonalDataAccessed);
    EXPECT_EQ(records[1].data["purpose"], "queue_notification");
    EXPECT_EQ(records[1].metadata["actor"], "system");
    for (const auto& record : records) {
        EXPECT_EQ(record.data.dump().find(kNik), std::string::npos);
        EXPECT_EQ(record.data.dump().find(kPhone), std::string::npos);
    }
}

TEST_P(Vault, ValuesSurviveAReopenWithTheSameKeyFile) {
    Open();
    auto ref = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    Open();
    auto values = vault().Reveal(ref, kPublicService, kAdmin);
    ASSERT_TRUE(values) << values.error().message;
    EXPECT_EQ(ValueOf(*values, PersonalDataKind::kNik), kNik);
}

TEST_P(Vault, CitizensAreFoundByTheirValueOnly) {
    Open();
    auto first = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    auto second = *vault().Collect("mpp-mojokerto", PhoneAndNik(kNik), kKiosk);
    auto other = *vault().Collect("mpp-mojokerto", PhoneAndNik("3516014101900013"), kKiosk);
    auto found = vault().FindByValue(PersonalDataKind::kNik, kNik);
    ASSERT_THAT(found, SizeIs(2));
    EXPECT_EQ(found[0].ref == first || found[1].ref == first, true);
    EXPECT_EQ(found[0].ref == second || found[1].ref == second, true);
    EXPECT_THAT(vault().FindByValue(PersonalDataKind::kNik, "3516014101900013"), SizeIs(1));
    EXPECT_THAT(vault().FindByValue(PersonalDataKind::kPhone, kPhone), SizeIs(3));
    EXPECT_THAT(vault().FindByValue(PersonalDataKind::kPhone, kNik), IsEmpty()) << "a NIK is not a phone";
    EXPECT_NE(other, first);
}

TEST_P(Vault, ErasedCitizenCannotBeReadOrFoundAndTheChainsStillVerify) {
    Open();
    auto ref = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    ASSERT_TRUE(database_->Events().Append("hall/mpp-mojokerto/2026-11-30", ExpectedVersion{},
                                           {NewEvent{"ticket_issued", {{"citizen_ref", ref}}, {}}}));
    auto erased = vault().Erase(ref, "data_subject_request", kAdmin);
    ASSERT_TRUE(erased && *erased);

    auto reveal = vault().Reveal(ref, kPublicService, kAdmin);
    ASSERT_FALSE(reveal);
    EXPECT_EQ(reveal.error().code, "personal_data_erased");
    EXPECT_THAT(vault().FindByValue(PersonalDataKind::kNik, kNik), IsEmpty());
    auto record = vault().Find(ref);
    ASSERT_TRUE(record);
    EXPECT_TRUE(record->erased_at);
    EXPECT_EQ(record->erase_reason, "data_subject_request");
    EXPECT_THAT(record->held, IsEmpty());
    EXPECT_FALSE(*vault().Erase(ref, "again", kAdmin)) << "erasing twice does nothing";

    auto records = database_->Events().ReadStream(StreamId::Citizen(ref).Name());
    ASSERT_THAT(records, SizeIs(2));
    EXPECT_EQ(records[1].type, kPersonalDataErased);
    EXPECT_EQ(records[1].data["reason"], "data_subject_request");
    EXPECT_EQ(records[1].metadata["actor"], "admin-1");
    EXPECT_TRUE(database_->Audit().Verify().ok());

    database_.reset();
    EXPECT_TRUE(VerifyDatabaseFile(GetParam().url(dir_)).ok());
    EXPECT_THAT(test::IntruderQuery(GetParam(), dir_, "SELECT count(*) FROM personal_data"),
                ::testing::ElementsAre("0"))
        << "sealed values and lookup tokens are deleted";
    EXPECT_THAT(test::IntruderQuery(GetParam(), dir_, "SELECT count(*) FROM citizens WHERE wrapped_key IS NOT NULL"),
                ::testing::ElementsAre("0"))
        << "the citizen's key is destroyed";
}

TEST_P(Vault, ValueMovedToAnotherCitizenDoesNotOpen) {
    Open();
    auto victim = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    auto other = *vault().Collect("mpp-mojokerto", PhoneAndNik("3516014101900013"), kKiosk);
    database_.reset();
    Sql("UPDATE personal_data SET sealed = (SELECT sealed FROM personal_data WHERE citizen_ref = '" + victim +
        "' AND kind = 'nik') WHERE citizen_ref = '" + other + "' AND kind = 'nik'");
    Open();
    auto reveal = vault().Reveal(other, kPublicService, kAdmin);
    ASSERT_FALSE(reveal);
    EXPECT_EQ(reveal.error().code, "vault_corrupt");
}

TEST_F(VaultFile, KeyFileIsCreatedOwnerOnlyBesideTheDatabase) {
    Open();
    vault().CheckKey();
    struct stat info {};
    ASSERT_EQ(::stat(KeyFile().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
    std::ifstream in(KeyFile());
    std::string line;
    std::string key_hex;
    while (std::getline(in, line)) {
        if (!line.empty() && !line.starts_with('#')) {
            key_hex = line;
        }
    }
    ASSERT_EQ(key_hex.size(), 64U);
    database_.reset();
    EXPECT_EQ(FileBytes(File()).find(key_hex), std::string::npos) << "the master key is not in the database";
}

TEST_P(Vault, MissingKeyFileIsRefusedOnceTheDatabaseHasAKey) {
    Open();
    ASSERT_TRUE(vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk));
    database_.reset();
    std::filesystem::remove(KeyFile());
    Open();
    ASSERT_TRUE(database_->Events().Append("a", ExpectedVersion{}, {NewEvent{"e", {}, {}}}))
        << "what never touches personal data works without the key";
    try {
        vault().CheckKey();
        FAIL() << "the vault opened without its key file";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("is missing"));
        EXPECT_THAT(e.what(), HasSubstr("restore the key file"));
    }
    EXPECT_THROW((void)vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk), std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(KeyFile())) << "no new key replaces the lost one";
}

TEST_P(Vault, AnotherKeyFileIsRefused) {
    Open();
    vault().CheckKey();
    database_.reset();
    auto key = dir_.path() / "other.key";
    {
        test::TempDir elsewhere;
        GetParam().open(elsewhere, DatabaseOptions{.personal_data_key_file = key})->Vault().CheckKey();
    }
    Open(DatabaseOptions{.personal_data_key_file = key.string()});
    try {
        vault().CheckKey();
        FAIL() << "the vault opened with another database's key";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("use the key file that belongs to this database"));
    }
}

TEST_P(Vault, KeyFileOthersMayReadIsRefused) {
    Open();
    vault().CheckKey();
    database_.reset();
    std::filesystem::permissions(KeyFile(), std::filesystem::perms::group_read | std::filesystem::perms::others_read,
                                 std::filesystem::perm_options::add);
    Open();
    try {
        vault().CheckKey();
        FAIL() << "opened with a world-readable key";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("chmod 600"));
    }
}

TEST_F(VaultFile, ConfiguredKeyFileIsUsedInsteadOfTheDefault) {
    auto key = dir_.path() / "vault.key";
    Open(DatabaseOptions{.personal_data_key_file = key.string()});
    vault().CheckKey();
    EXPECT_TRUE(std::filesystem::exists(key));
    EXPECT_FALSE(std::filesystem::exists(KeyFile()));
}

TEST_P(Vault, RetentionListsCitizensByCollectionTimeAndSkipsTheErased) {
    auto clock = std::make_shared<core::ManualClock>(*core::ParseIso8601("2026-11-30T01:00:00Z"));
    Open(DatabaseOptions{.clock = clock});
    auto old = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    auto erased = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    ASSERT_TRUE(vault().Erase(erased, "retention", kAdmin));
    clock->Advance(std::chrono::hours{24});
    auto recent = *vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    auto listed = vault().ListCollectedBefore(*core::ParseIso8601("2026-12-01T00:00:00Z"));
    ASSERT_THAT(listed, SizeIs(1));
    EXPECT_EQ(listed[0].ref, old);
    EXPECT_EQ(listed[0].collected_at, *core::ParseIso8601("2026-11-30T01:00:00Z"));
    EXPECT_THAT(vault().ListCollectedBefore(clock->Now() + std::chrono::milliseconds{1}), SizeIs(2));
    EXPECT_NE(recent, old);
}

INSTANTIATE_TEST_SUITE_P(Backends, Vault, ::testing::ValuesIn(test::DurableBackends()), test::BackendName);

TEST(TicketIssuedCitizen, NamesTheCitizenByReferenceOnlyAndOnlyWhenThereIsOne) {
    namespace queue = domain::queue;
    queue::TicketIssued issued{.ticket_id = "20261130-A-001",
                               .number = "A-001",
                               .seq = 1,
                               .service = "KTP",
                               .priority = std::nullopt,
                               .at = *core::ParseIso8601("2026-11-30T01:00:00Z"),
                               .citizen_ref = std::nullopt};
    auto plain = queue::ToJson(issued);
    EXPECT_FALSE(plain.contains("citizen_ref")) << "old shape kept when no data was given";
    issued.citizen_ref = "0123456789abcdef0123456789abcdef";
    auto named = queue::ToJson(issued);
    EXPECT_EQ(named["citizen_ref"], "0123456789abcdef0123456789abcdef");
    auto back = queue::FromJson(queue::TicketIssued::kType, named);
    ASSERT_TRUE(back);
    EXPECT_EQ(std::get<queue::TicketIssued>(*back), issued);
    auto old = queue::FromJson(queue::TicketIssued::kType, plain);
    ASSERT_TRUE(old);
    EXPECT_FALSE(std::get<queue::TicketIssued>(*old).citizen_ref.has_value());
    named["citizen_ref"] = 42;
    EXPECT_EQ(queue::FromJson(queue::TicketIssued::kType, named).error().details["field"], "citizen_ref");
}

TEST(VaultInMemory, WorksWithoutAKeyFile) {
    auto database = Database::Open("sqlite::memory:");
    auto ref = database->Vault().Collect("mpp-mojokerto", PhoneAndNik(), kKiosk);
    ASSERT_TRUE(ref);
    auto values = database->Vault().Reveal(*ref, kPublicService, kAdmin);
    ASSERT_TRUE(values);
    EXPECT_EQ(ValueOf(*values, PersonalDataKind::kPhone), kPhone);
}

TEST(VaultInMemory, RejectsNothingToStoreRepeatedKindsAndMissingGrounds) {
    auto database = Database::Open("sqlite::memory:");
    auto& vault = database->Vault();
    EXPECT_EQ(vault.Collect("h", {}, kKiosk).error().code, "no_personal_data");
    EXPECT_EQ(vault
                  .Collect("h",
                           {PersonalValue{PersonalDataKind::kNik, kNik, kPublicService},
                            PersonalValue{PersonalDataKind::kNik, kNik, kPublicService}},
                           kKiosk)
                  .error()
                  .code,
              "duplicate_kind");
    EXPECT_EQ(vault.Collect("h", {PersonalValue{PersonalDataKind::kNik, kNik, Ground{"x", ""}}}, kKiosk).error().code,
              "invalid_ground");
    EXPECT_THAT(database->Events().ReadAll(0, 10), IsEmpty()) << "nothing recorded for a refused collection";
    EXPECT_EQ(vault.Reveal("nobody", kPublicService, kAdmin).error().code, "citizen_not_found");
    EXPECT_EQ(vault.Erase("nobody", "x", kAdmin).error().code, "citizen_not_found");
}

}  // namespace
}  // namespace layan::store
