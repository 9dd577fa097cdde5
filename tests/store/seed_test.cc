#include "layan/store/seed.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "test_support.h"

namespace layan::store {
namespace {

namespace catalog = domain::catalog;
using std::chrono::minutes;
using ::testing::HasSubstr;

const std::string kDemoPath = LAYAN_SOURCE_DIR "/data/demo/mojokerto.json";

std::string ReadFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

/// Every row of every table of the file, as text, read with a plain SQLite connection: two dumps are
/// equal exactly when the data is.
std::string Dump(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> tables;
    auto collect = [](void* out, int, char** values, char**) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(values[0] != nullptr ? values[0] : "NULL");
        return 0;
    };
    sqlite3_exec(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", collect, &tables, nullptr);
    std::string dump;
    for (const auto& table : tables) {
        std::vector<std::string> rows;
        auto row = [](void* out, int columns, char** values, char**) {
            std::string line;
            for (int i = 0; i < columns; ++i) {
                line += (values[i] != nullptr ? values[i] : "NULL");
                line += '|';
            }
            static_cast<std::vector<std::string>*>(out)->push_back(line);
            return 0;
        };
        sqlite3_exec(db, ("SELECT * FROM " + table + " ORDER BY 1, 2").c_str(), row, &rows, nullptr);
        dump += "== " + table + "\n";
        for (const auto& line : rows) {
            dump += line + "\n";
        }
    }
    sqlite3_close(db);
    return dump;
}

TEST(Seed, DemoFileSeedsEveryRecordItHolds) {
    test::TempDir dir;
    auto database = Database::Open(dir.SqliteUrl());
    auto summary = SeedDemo(*database, kDemoPath);
    ASSERT_TRUE(summary) << summary.error().message;

    auto document = CatalogFromJson(nlohmann::json::parse(ReadFile(kDemoPath)));
    ASSERT_TRUE(document);
    ASSERT_EQ(document->size(), 1u);
    const TenantCatalog& expected = document->front();
    EXPECT_EQ(*summary, (SeedSummary{.tenants = 1,
                                     .units = static_cast<int>(expected.units.size()),
                                     .services = static_cast<int>(expected.services.size()),
                                     .halls = static_cast<int>(expected.halls.size()),
                                     .officers = static_cast<int>(expected.officers.size())}));

    Catalog& repo = database->CatalogRepo();
    EXPECT_EQ(repo.FindTenant(expected.tenant.id), expected.tenant);
    EXPECT_EQ(repo.ListUnits(expected.tenant.id).size(), expected.units.size());
    for (const auto& service : expected.services) {
        EXPECT_EQ(repo.FindService(expected.tenant.id, service.code), service);
    }
    for (const auto& hall : expected.halls) {
        EXPECT_EQ(repo.FindHall(hall.id), hall);
    }
    for (const auto& officer : expected.officers) {
        EXPECT_EQ(repo.FindOfficer(officer.id), officer);
    }
}

TEST(Seed, SeedingTwiceChangesNothing) {
    test::TempDir dir;
    std::string once;
    {
        auto database = Database::Open(dir.SqliteUrl());
        ASSERT_TRUE(SeedDemo(*database));
    }
    once = Dump(dir.path() / "layan.db");
    {
        auto database = Database::Open(dir.SqliteUrl());
        ASSERT_TRUE(SeedDemo(*database));
        ASSERT_TRUE(SeedDemo(*database, kDemoPath));
    }
    EXPECT_EQ(Dump(dir.path() / "layan.db"), once);
    EXPECT_THAT(once, HasSubstr("mpp-mojokerto"));
}

TEST(Seed, BuiltInDemoIsTheFileInTheSourceTree) { EXPECT_EQ(BuiltInDemoCatalog(), ReadFile(kDemoPath)); }

TEST(Seed, ReportsMalformedInvalidAndMissingInput) {
    auto database = Database::Open("sqlite::memory:");
    auto malformed = SeedDemo(*database, "{\"tenants\": [");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().kind, core::ErrorKind::kMalformed);

    auto invalid = SeedDemo(*database, R"({"tenants": [{"id": "t"}]})");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(invalid.error().details["field"], "tenants[0].name");

    auto missing = SeedDemo(*database, "/nonexistent/catalog.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::kNotFound);
    EXPECT_TRUE(database->CatalogRepo().ListTenants().empty());
}

// The demo is what a new user sees first; it must match the published facts in domain.md.
class DemoCatalog : public ::testing::Test {
protected:
    void SetUp() override {
        database_ = Database::Open("sqlite::memory:");
        ASSERT_TRUE(SeedDemo(*database_));
    }
    Catalog& repo() { return database_->CatalogRepo(); }
    std::unique_ptr<Database> database_;
};

TEST_F(DemoCatalog, IsKotaMojokertoInWib) {
    auto tenants = repo().ListTenants();
    ASSERT_EQ(tenants.size(), 1u);
    EXPECT_EQ(tenants[0].id, "kota-mojokerto");
    EXPECT_EQ(tenants[0].utc_offset, core::kWib);
    auto hall = repo().FindHall("mpp-mojokerto");
    ASSERT_TRUE(hall);
    EXPECT_EQ(hall->name, "Mal Pelayanan Publik Kota Mojokerto");
    EXPECT_EQ(hall->utc_offset, core::kWib);
}

TEST_F(DemoCatalog, HallOpensOfficeHoursOnWeekdaysAndSaturdayMorning) {
    auto hall = repo().FindHall("mpp-mojokerto");
    ASSERT_TRUE(hall);
    std::map<unsigned, std::pair<minutes, minutes>> hours;
    for (const auto& day : hall->opening_hours) {
        hours[day.weekday.c_encoding()] = {day.open, day.close};
    }
    using namespace std::chrono;
    const std::pair<minutes, minutes> office{minutes{7 * 60 + 30}, minutes{16 * 60}};
    for (auto day : {Monday, Tuesday, Wednesday, Thursday}) {
        EXPECT_EQ(hours.at(day.c_encoding()), office);
    }
    EXPECT_EQ(hours.at(Friday.c_encoding()), (std::pair{minutes{7 * 60 + 30}, minutes{16 * 60 + 30}}));
    EXPECT_EQ(hours.at(Saturday.c_encoding()), (std::pair{minutes{8 * 60}, minutes{12 * 60}}));
    EXPECT_FALSE(hours.contains(Sunday.c_encoding()));
}

TEST_F(DemoCatalog, HasEightCountersNumberedOneToEight) {
    auto hall = repo().FindHall("mpp-mojokerto");
    ASSERT_TRUE(hall);
    ASSERT_EQ(hall->counters.size(), 8u);
    for (int i = 0; i < 8; ++i) {
        EXPECT_EQ(hall->counters[i].number, i + 1);
        EXPECT_EQ(hall->counters[i].name, "Loket " + std::to_string(i + 1));
    }
}

TEST_F(DemoCatalog, OffersTheDemoServicesEachWithADistinctPrefixAndAFullStandard) {
    auto hall = repo().FindHall("mpp-mojokerto");
    ASSERT_TRUE(hall);
    for (const char* code : {"KTP", "KK", "AKTA_LAHIR", "AKTA_MATI", "PINDAH", "NIB", "PBG", "DTKS"}) {
        EXPECT_THAT(hall->service_codes, ::testing::Contains(code));
    }
    std::set<std::string> units_seen;
    std::set<std::string> prefixes;
    for (const auto& code : hall->service_codes) {
        auto service = repo().FindService("kota-mojokerto", code);
        ASSERT_TRUE(service) << code;
        units_seen.insert(service->unit_id);
        EXPECT_TRUE(prefixes.insert(service->ticket_prefix).second) << "prefix reused by " << code;
        const auto& standard = service->standard;
        EXPECT_FALSE(standard.requirements.empty()) << code;
        for (const auto& requirement : standard.requirements) {
            EXPECT_FALSE(requirement.id.empty() || requirement.en.empty()) << code;
        }
        EXPECT_FALSE(standard.procedure.id.empty() || standard.procedure.en.empty()) << code;
        EXPECT_FALSE(standard.product.id.empty() || standard.product.en.empty()) << code;
        EXPECT_FALSE(standard.decree.empty()) << code;
    }
    EXPECT_EQ(units_seen, (std::set<std::string>{"dispendukcapil", "dpmptsp", "dinsos", "bpjs-kesehatan", "samsat"}));
    // Civil registry documents are free by law.
    for (const auto& service : repo().ListServices("kota-mojokerto")) {
        if (service.unit_id == "dispendukcapil") {
            EXPECT_EQ(service.standard.fee_idr, 0) << service.code;
        }
    }
    EXPECT_EQ(repo().FindService("kota-mojokerto", "KTP")->standard.completion_unit, catalog::DurationUnit::kSameDay);
}

TEST_F(DemoCatalog, OfficersAreSkilledInServicesOfTheirUnitAndSomeInSeveral) {
    auto officers = repo().ListOfficers("kota-mojokerto");
    EXPECT_GE(officers.size(), 8u);
    int multi_skilled = 0;
    std::set<std::string> covered;
    for (const auto& officer : officers) {
        EXPECT_FALSE(officer.skills.empty()) << officer.id;
        multi_skilled += officer.skills.size() > 1 ? 1 : 0;
        for (const auto& skill : officer.skills) {
            auto service = repo().FindService("kota-mojokerto", skill);
            ASSERT_TRUE(service) << skill;
            EXPECT_EQ(service->unit_id, officer.unit_id) << officer.id << " " << skill;
            covered.insert(skill);
        }
    }
    EXPECT_GE(multi_skilled, 3);
    auto hall = repo().FindHall("mpp-mojokerto");
    ASSERT_TRUE(hall);
    for (const auto& code : hall->service_codes) {
        EXPECT_TRUE(covered.contains(code)) << "nobody can serve " << code;
    }
}

}  // namespace
}  // namespace layan::store
