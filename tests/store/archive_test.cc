// The tenant archive (`layan export` / `layan import`) on every durable backend: it carries every table of
// the schema that holds a tenant's data, column for column; it carries one tenant's data and nothing of
// another's; and the database it is read into verifies.

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "layan/store/audit.h"
#include "layan/store/database.h"
#include "layan/store/seed.h"
#include "layan/store/sql/sql_archive.h"
#include "layan/store/stream_id.h"
#include "test_support.h"

namespace layan::store {
namespace {

namespace catalog = domain::catalog;

class ArchiveConformance : public ::testing::TestWithParam<test::Backend> {
protected:
    void SetUp() override {
        if (auto why = test::Unavailable(GetParam()); !why.empty()) {
            GTEST_SKIP() << why;
        }
    }

    /// The tables of the migrated schema, or the columns of one table.
    std::vector<std::string> Tables(const test::TempDir& dir) const {
        return test::IntruderQuery(GetParam(), dir,
                                   GetParam().needs_server
                                       ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                         "current_schema() ORDER BY 1"
                                       : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%' ORDER BY 1");
    }
    std::vector<std::string> Columns(const test::TempDir& dir, std::string_view table) const {
        auto columns = test::IntruderQuery(
            GetParam(), dir,
            GetParam().needs_server
                ? fmt::format("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                              "current_schema() AND table_name = '{}'",
                              table)
                : fmt::format("SELECT name FROM pragma_table_info('{}')", table));
        std::sort(columns.begin(), columns.end());
        return columns;
    }
};

TEST_P(ArchiveConformance, EveryTableOfTheSchemaIsCarriedColumnForColumnOrLeftOutWithAReason) {
    test::TempDir dir;
    { auto database = GetParam().open(dir, DatabaseOptions{}); }
    std::set<std::string> accounted;
    for (const auto& table : sql::ArchivedTables()) {
        std::vector<std::string> carried;
        for (const auto& column : table.columns) {
            carried.emplace_back(column.name);
        }
        std::sort(carried.begin(), carried.end());
        EXPECT_EQ(carried, Columns(dir, table.name)) << table.name << ": a column is not carried, or is no more";
        accounted.emplace(table.name);
    }
    for (const auto& [table, reason] : sql::TablesNotArchived()) {
        EXPECT_FALSE(reason.empty());
        accounted.emplace(table);
    }
    for (const auto& table : Tables(dir)) {
        EXPECT_TRUE(accounted.contains(table)) << "table " << table << " is neither archived nor left out on purpose";
    }
}

TEST_P(ArchiveConformance, AnArchiveCarriesOneTenantAndNothingOfAnother) {
    test::TempDir source_dir;
    std::ostringstream archive;
    {
        auto source = GetParam().open(source_dir, DatabaseOptions{});
        ASSERT_TRUE(SeedDemo(*source));
        // A second government in the same database, with a hall and a day of its own.
        ASSERT_TRUE(source->CatalogRepo().UpsertTenant(
            {.id = "kab-jombang", .name = "Pemkab Jombang", .utc_offset = core::kWib}));
        catalog::Hall hall;
        hall.id = "mpp-jombang";
        hall.tenant_id = "kab-jombang";
        hall.name = "MPP Jombang";
        hall.utc_offset = core::kWib;
        ASSERT_TRUE(source->CatalogRepo().UpsertHall(hall));
        using std::chrono::November;
        const auto day = std::chrono::year{2026} / November / 30;
        for (const auto& stream :
             {StreamId::HallDay("mpp-jombang", day), StreamId::HallDay("mpp-mojokerto", day),
              StreamId::TenantCalendar("kab-jombang"), StreamId::TenantCalendar("kota-mojokerto"),
              StreamId::ServiceStandard("kab-jombang", "KTP"), StreamId::ServiceStandard("kota-mojokerto", "KTP")}) {
            ASSERT_TRUE(source->Events().Append(stream.Name(), ExpectedVersion{ExpectedVersion::kNoStream},
                                                {NewEvent{"test_event", {{"owner", stream.owner()}}, {}}}));
        }
        auto exported = source->Archive().Export("kota-mojokerto", archive);
        ASSERT_TRUE(exported) << exported.error().message;
        EXPECT_EQ(exported->other_events, 3) << "the other tenant's hall day, calendar and standard";
        EXPECT_EQ(exported->rows.at("tenants"), 1);
        EXPECT_EQ(exported->rows.at("halls"), 1);
    }
    EXPECT_EQ(archive.str().find("jombang"), std::string::npos) << "something of the other tenant was exported";

    test::TempDir target_dir;
    auto target = GetParam().open(target_dir, DatabaseOptions{});
    std::istringstream in(archive.str());
    auto imported = target->Archive().Import(in);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_EQ(imported->tenant, "kota-mojokerto");
    EXPECT_TRUE(target->CatalogRepo().FindHall("mpp-mojokerto").has_value());
    EXPECT_FALSE(target->CatalogRepo().FindTenant("kab-jombang").has_value());
    EXPECT_EQ(target->Events().StreamVersion(
                  StreamId::HallDay("mpp-mojokerto", std::chrono::year{2026} / std::chrono::November / 30).Name()),
              1);
    EXPECT_EQ(target->Events().StreamVersion(StreamId::TenantCalendar("kota-mojokerto").Name()), 1);
    EXPECT_EQ(target->Events().StreamVersion(StreamId::ServiceStandard("kota-mojokerto", "KTP").Name()), 1);
    auto report = target->Audit().Verify();
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.events, imported->events);
}

INSTANTIATE_TEST_SUITE_P(Backends, ArchiveConformance, ::testing::ValuesIn(test::DurableBackends()), test::BackendName);

}  // namespace
}  // namespace layan::store
