#include "layan/store/catalog_json.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace layan::store {
namespace {

namespace catalog = domain::catalog;
using nlohmann::json;
using std::chrono::minutes;
using ::testing::HasSubstr;

catalog::Service FullService() {
    catalog::Service service;
    service.code = "PBG";
    service.unit_id = "dpmptsp";
    service.name = {"Persetujuan Bangunan Gedung", "Building approval"};
    service.ticket_prefix = "G";
    service.typical_service_time = minutes{30};
    service.standard.requirements = {{"Bukti hak atas tanah", "Proof of land rights"}};
    service.standard.procedure = {"Unggah di SIMBG", "Upload in SIMBG"};
    service.standard.completion_unit = catalog::DurationUnit::kWorkingDays;
    service.standard.completion_min = 3;
    service.standard.completion_max = 28;
    service.standard.fee_idr = 125000;
    service.standard.fee_note = {"Retribusi daerah", "Local retribution"};
    service.standard.product = {"PBG", "Building approval"};
    service.standard.decree = "Kep. No. 500/2025";
    service.standard.version = 3;
    service.themes = {"investment"};
    return service;
}

catalog::Hall FullHall() {
    catalog::Hall hall;
    hall.id = "mpp";
    hall.tenant_id = "kota-x";
    hall.name = "MPP";
    hall.utc_offset = core::kWita;
    hall.opening_hours = {{std::chrono::Sunday, minutes{0}, minutes{1440}},
                          {std::chrono::Friday, minutes{450}, minutes{990}}};
    hall.service_codes = {"KTP", "PBG"};
    hall.counters = {{"L01", "mpp", "Loket 1", 1}, {"L02", "mpp", "Loket 2", 2}};
    return hall;
}

TEST(CatalogJson, EveryTypeRoundTrips) {
    catalog::Tenant tenant{.id = "kab-jayapura", .name = "Pemkab Jayapura", .utc_offset = core::kWit};
    EXPECT_EQ(TenantFromJson(ToJson(tenant)), tenant);
    catalog::Unit unit{.id = "dinsos", .tenant_id = "kab-jayapura", .name = {"Dinas Sosial", "Social affairs"}};
    EXPECT_EQ(UnitFromJson(ToJson(unit)), unit);
    EXPECT_EQ(ServiceFromJson(ToJson(FullService())), FullService());
    EXPECT_EQ(ServiceStandardFromJson(ToJson(FullService().standard)), FullService().standard);
    EXPECT_EQ(HallFromJson(ToJson(FullHall())), FullHall());
    catalog::Officer officer{
        .id = "nur.aini", .tenant_id = "kab-jayapura", .name = "Nur Aini", .unit_id = "dinsos", .skills = {"DTKS"}};
    EXPECT_EQ(OfficerFromJson(ToJson(officer)), officer);

    std::vector<TenantCatalog> document{
        {.tenant = tenant, .units = {unit}, .services = {FullService()}, .halls = {}, .officers = {officer}}};
    EXPECT_EQ(CatalogFromJson(ToJson(document)), document);
}

TEST(CatalogJson, WritesTheDocumentedShape) {
    auto hall = ToJson(FullHall());
    EXPECT_EQ(hall["utc_offset"], "+08:00");
    EXPECT_EQ(hall["opening_hours"][0], (json{{"weekday", "sunday"}, {"open", "00:00"}, {"close", "24:00"}}));
    EXPECT_EQ(hall["opening_hours"][1]["close"], "16:30");
    EXPECT_EQ(hall["counters"][1], (json{{"id", "L02"}, {"hall_id", "mpp"}, {"name", "Loket 2"}, {"number", 2}}));
    auto service = ToJson(FullService());
    EXPECT_EQ(service["typical_service_minutes"], 30);
    EXPECT_EQ(service["standard"]["completion_unit"], "working_days");
    EXPECT_EQ(service["standard"]["fee_idr"], 125000);
    EXPECT_EQ(
        ToJson(catalog::Tenant{.id = "t", .name = "T", .utc_offset = core::UtcOffset{minutes{-210}}})["utc_offset"],
        "-03:30");
}

TEST(CatalogJson, NestedObjectsTakeTheirParentIdAndRejectADifferentOne) {
    json counter = {{"id", "L01"}, {"name", "Loket 1"}, {"number", 1}};
    EXPECT_EQ(CounterFromJson(counter, "mpp")->hall_id, "mpp");
    EXPECT_FALSE(CounterFromJson(counter)) << "a counter on its own must name its hall";
    counter["hall_id"] = "other";
    auto mismatch = CounterFromJson(counter, "mpp");
    ASSERT_FALSE(mismatch);
    EXPECT_THAT(mismatch.error().message, HasSubstr("hall_id"));
}

TEST(CatalogJson, UnknownKeysAreRejectedWithTheirPath) {
    json hall = ToJson(FullHall());
    hall["opening_hours"][1]["opne"] = "07:30";
    auto result = HallFromJson(hall);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(result.error().code, "invalid_catalog");
    EXPECT_EQ(result.error().details["field"], "opening_hours[1].opne");
    EXPECT_THAT(result.error().message, HasSubstr("opening_hours[1].opne"));
}

TEST(CatalogJson, MalformedValuesAreRejectedWithTheirPath) {
    auto field_of = [](const core::Result<catalog::Hall>& result) {
        return result ? std::string("accepted") : result.error().details["field"].get<std::string>();
    };
    json hall = ToJson(FullHall());
    hall["opening_hours"][0]["open"] = "7:30";
    EXPECT_EQ(field_of(HallFromJson(hall)), "opening_hours[0].open");

    hall = ToJson(FullHall());
    hall["opening_hours"][1]["close"] = "07:00";
    EXPECT_EQ(field_of(HallFromJson(hall)), "opening_hours[1].close");

    hall = ToJson(FullHall());
    hall["opening_hours"][0]["weekday"] = "Senin";
    EXPECT_EQ(field_of(HallFromJson(hall)), "opening_hours[0].weekday");

    // A day has one break at most: a third period, or two that overlap, cannot be a WorkingHours.
    hall = ToJson(FullHall());
    hall["opening_hours"] = json::array({{{"weekday", "monday"}, {"open", "07:30"}, {"close", "12:00"}},
                                         {{"weekday", "monday"}, {"open", "11:00"}, {"close", "16:00"}}});
    EXPECT_EQ(field_of(HallFromJson(hall)), "opening_hours[1]");
    hall["opening_hours"][1]["open"] = "13:00";
    EXPECT_EQ(field_of(HallFromJson(hall)), "accepted");
    hall["opening_hours"].push_back({{"weekday", "monday"}, {"open", "17:00"}, {"close", "19:00"}});
    EXPECT_EQ(field_of(HallFromJson(hall)), "opening_hours[2]");

    hall = ToJson(FullHall());
    hall["utc_offset"] = "+7";
    EXPECT_EQ(field_of(HallFromJson(hall)), "utc_offset");

    hall = ToJson(FullHall());
    hall["counters"][1]["number"] = 1;
    EXPECT_EQ(field_of(HallFromJson(hall)), "counters[1].number");

    hall = ToJson(FullHall());
    hall.erase("name");
    EXPECT_EQ(field_of(HallFromJson(hall)), "name");

    json service = ToJson(FullService());
    service["standard"]["completion_min"] = 30;
    EXPECT_EQ(ServiceFromJson(service).error().details["field"], "standard.completion_min");
    service = ToJson(FullService());
    service["standard"]["completion_unit"] = "weeks";
    EXPECT_EQ(ServiceFromJson(service).error().details["field"], "standard.completion_unit");
    service = ToJson(FullService());
    service["ticket_prefix"] = "a1";
    EXPECT_EQ(ServiceFromJson(service).error().details["field"], "ticket_prefix");
}

TEST(CatalogJson, OptionalFieldsTakeTheirDefaults) {
    json service = ToJson(FullService());
    service.erase("themes");
    service["standard"].erase("fee_note");
    service["standard"].erase("version");
    auto parsed = ServiceFromJson(service);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(parsed->themes.empty());
    EXPECT_EQ(parsed->standard.fee_note, catalog::LocalizedText{});
    EXPECT_EQ(parsed->standard.version, 1);
}

TEST(CatalogJson, ACatalogFileRejectsTheSameIdTwiceInATenant) {
    catalog::Tenant tenant{.id = "t", .name = "T", .utc_offset = core::kWib};
    catalog::Unit unit{.id = "u", .tenant_id = "t", .name = {"U", "U"}};
    json document = ToJson(std::vector<TenantCatalog>{
        {.tenant = tenant, .units = {unit, unit}, .services = {}, .halls = {}, .officers = {}}});
    auto result = CatalogFromJson(document);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().details["field"], "tenants[0].units[1]");
}

}  // namespace
}  // namespace layan::store
