// The contract of store::Catalog, run on every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan/store/catalog.h"
#include "test_support.h"

namespace layan::store {
namespace {

namespace catalog = domain::catalog;
using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

catalog::Tenant Mojokerto() { return {.id = "kota-mojokerto", .name = "Pemerintah Kota Mojokerto"}; }

catalog::Unit Dukcapil() {
    return {.id = "dispendukcapil", .tenant_id = "kota-mojokerto", .name = {"Dispendukcapil", "Civil registry"}};
}

catalog::Service Service(std::string code, std::string prefix) {
    catalog::Service service;
    service.code = std::move(code);
    service.unit_id = "dispendukcapil";
    service.name = {"Layanan " + service.code, "Service " + service.code};
    service.ticket_prefix = std::move(prefix);
    service.typical_service_time = minutes{12};
    service.standard.requirements = {{"Fotokopi KK", "Copy of the family card"}, {"KTP-el", "ID card"}};
    service.standard.procedure = {"Ambil antrian", "Take a number"};
    service.standard.completion_unit = catalog::DurationUnit::kWorkingDays;
    service.standard.completion_min = 1;
    service.standard.completion_max = 3;
    service.standard.fee_note = {"Gratis", "Free"};
    service.standard.product = {"Dokumen", "Document"};
    service.standard.decree = "Kep. Kadis No. 1/2025";
    service.standard.version = 2;
    service.themes = {"poverty"};
    return service;
}

catalog::Hall Hall() {
    catalog::Hall hall;
    hall.id = "mpp-mojokerto";
    hall.tenant_id = "kota-mojokerto";
    hall.name = "Mal Pelayanan Publik Kota Mojokerto";
    hall.utc_offset = core::kWib;
    // Deliberately not in weekday order: the stored order must come back.
    hall.opening_hours = {{std::chrono::Friday, minutes{450}, minutes{990}},
                          {std::chrono::Monday, minutes{450}, minutes{960}},
                          {std::chrono::Saturday, minutes{480}, minutes{720}}};
    hall.service_codes = {"KK", "KTP"};
    hall.counters = {{"L02", "mpp-mojokerto", "Loket 2", 2}, {"L01", "mpp-mojokerto", "Loket 1", 1}};
    return hall;
}

catalog::Officer Officer() {
    return {.id = "siti.rahmawati",
            .tenant_id = "kota-mojokerto",
            .name = "Siti Rahmawati",
            .unit_id = "dispendukcapil",
            .skills = {"KTP", "KK"}};
}

class CatalogConformance : public ::testing::TestWithParam<test::Backend> {
protected:
    void SetUp() override {
        if (auto why = test::Unavailable(GetParam()); !why.empty()) {
            GTEST_SKIP() << why;
        }
        database_ = GetParam().open(dir_, DatabaseOptions{});
    }

    Catalog& repo() { return database_->CatalogRepo(); }

    void SeedBasics() {
        ASSERT_TRUE(repo().UpsertTenant(Mojokerto()));
        ASSERT_TRUE(repo().UpsertUnit(Dukcapil()));
        ASSERT_TRUE(repo().UpsertService("kota-mojokerto", Service("KTP", "A")));
        ASSERT_TRUE(repo().UpsertService("kota-mojokerto", Service("KK", "B")));
    }

    test::TempDir dir_;
    std::unique_ptr<Database> database_;
};

TEST_P(CatalogConformance, EveryRecordReadsBackEqualToWhatWasWritten) {
    SeedBasics();
    ASSERT_TRUE(repo().UpsertHall(Hall()));
    ASSERT_TRUE(repo().UpsertOfficer(Officer()));

    EXPECT_THAT(repo().ListTenants(), ElementsAre(Mojokerto()));
    EXPECT_EQ(repo().FindTenant("kota-mojokerto"), Mojokerto());
    EXPECT_THAT(repo().ListUnits("kota-mojokerto"), ElementsAre(Dukcapil()));
    EXPECT_EQ(repo().FindService("kota-mojokerto", "KTP"), Service("KTP", "A"));
    EXPECT_THAT(repo().ListServices("kota-mojokerto"), ElementsAre(Service("KK", "B"), Service("KTP", "A")));
    EXPECT_EQ(repo().FindHall("mpp-mojokerto"), Hall());
    EXPECT_THAT(repo().ListHalls(), ElementsAre(Hall()));
    EXPECT_EQ(repo().FindOfficer("siti.rahmawati"), Officer());
    EXPECT_THAT(repo().ListOfficers("kota-mojokerto"), ElementsAre(Officer()));
}

TEST_P(CatalogConformance, UnknownIdsAreNotFoundAndListsOfUnknownTenantsAreEmpty) {
    SeedBasics();
    EXPECT_EQ(repo().FindTenant("kab-sidoarjo"), std::nullopt);
    EXPECT_EQ(repo().FindHall("nowhere"), std::nullopt);
    EXPECT_EQ(repo().FindService("kota-mojokerto", "NOPE"), std::nullopt);
    EXPECT_EQ(repo().FindService("kab-sidoarjo", "KTP"), std::nullopt);
    EXPECT_EQ(repo().FindOfficer("nobody"), std::nullopt);
    EXPECT_THAT(repo().ListUnits("kab-sidoarjo"), IsEmpty());
    EXPECT_THAT(repo().ListServices("kab-sidoarjo"), IsEmpty());
    EXPECT_THAT(repo().ListOfficers("kab-sidoarjo"), IsEmpty());
}

TEST_P(CatalogConformance, UpsertReplacesTheWholeRecordIncludingItsLists) {
    SeedBasics();
    ASSERT_TRUE(repo().UpsertHall(Hall()));
    ASSERT_TRUE(repo().UpsertOfficer(Officer()));

    auto hall = Hall();
    hall.name = "MPP Kota Mojokerto (gedung baru)";
    hall.opening_hours.pop_back();
    hall.service_codes = {"KTP"};
    hall.counters.push_back({"L03", "mpp-mojokerto", "Loket 3", 3});
    ASSERT_TRUE(repo().UpsertHall(hall));
    EXPECT_EQ(repo().FindHall("mpp-mojokerto"), hall);

    auto officer = Officer();
    officer.skills = {"KK"};
    ASSERT_TRUE(repo().UpsertOfficer(officer));
    EXPECT_EQ(repo().FindOfficer("siti.rahmawati"), officer);

    auto service = Service("KTP", "A");
    service.standard.fee_idr = 50000;
    service.themes.clear();
    ASSERT_TRUE(repo().UpsertService("kota-mojokerto", service));
    EXPECT_EQ(repo().FindService("kota-mojokerto", "KTP"), service);
    EXPECT_EQ(repo().ListServices("kota-mojokerto").size(), 2u);
}

TEST_P(CatalogConformance, RecordsNamingWhatDoesNotExistAreRejected) {
    auto orphan_unit = repo().UpsertUnit(Dukcapil());
    ASSERT_FALSE(orphan_unit);
    EXPECT_EQ(orphan_unit.error().code, "unknown_tenant");

    ASSERT_TRUE(repo().UpsertTenant(Mojokerto()));
    auto orphan_service = repo().UpsertService("kota-mojokerto", Service("KTP", "A"));
    ASSERT_FALSE(orphan_service);
    EXPECT_EQ(orphan_service.error().code, "unknown_unit");

    SeedBasics();
    auto hall = Hall();
    hall.service_codes.push_back("PBG");
    auto unknown_service = repo().UpsertHall(hall);
    ASSERT_FALSE(unknown_service);
    EXPECT_EQ(unknown_service.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(unknown_service.error().code, "unknown_service");
    EXPECT_EQ(repo().FindHall("mpp-mojokerto"), std::nullopt) << "a rejected hall was partly stored";

    auto officer = Officer();
    officer.skills.push_back("PBG");
    EXPECT_EQ(repo().UpsertOfficer(officer).error().code, "unknown_service");
    officer = Officer();
    officer.unit_id = "dinsos";
    EXPECT_EQ(repo().UpsertOfficer(officer).error().code, "unknown_unit");
}

TEST_P(CatalogConformance, MalformedHallsAreRejected) {
    SeedBasics();
    auto twice = Hall();
    twice.counters.push_back({"L01", "mpp-mojokerto", "Loket 1 lagi", 9});
    EXPECT_EQ(repo().UpsertHall(twice).error().code, "invalid_catalog");

    auto foreign = Hall();
    foreign.counters[0].hall_id = "mpp-lain";
    EXPECT_EQ(repo().UpsertHall(foreign).error().code, "invalid_catalog");

    auto backwards = Hall();
    backwards.opening_hours[0].close = minutes{400};
    EXPECT_EQ(repo().UpsertHall(backwards).error().code, "invalid_catalog");
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogConformance, ::testing::ValuesIn(test::AllBackends()), test::BackendName);

}  // namespace
}  // namespace layan::store
