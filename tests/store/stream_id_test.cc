#include "layan/store/stream_id.h"

#include <gtest/gtest.h>

namespace layan::store {
namespace {

using namespace std::chrono;

TEST(StreamId, EachKindHasOneNameAndParsesBackToItself) {
    const year_month_day monday{year{2026}, November, day{30}};
    const auto hall = StreamId::HallDay("mpp-mojokerto", monday);
    const auto citizen = StreamId::Citizen("c_7f3a");
    const auto accounts = StreamId::TenantAccounts("kota-mojokerto");
    const auto calendar = StreamId::TenantCalendar("kota-mojokerto");
    const auto standard = StreamId::ServiceStandard("kota-mojokerto", "KTP");
    EXPECT_EQ(standard.Name(), "standard/kota-mojokerto/KTP");
    EXPECT_EQ(standard.kind(), StreamKind::kServiceStandard);
    EXPECT_EQ(standard.owner(), "kota-mojokerto");
    EXPECT_EQ(standard.item(), "KTP");
    EXPECT_EQ(calendar.item(), "");
    const auto request = StreamId::Request("kota-mojokerto", "7K3MQ0ZD4T7");
    EXPECT_EQ(request.Name(), "request/kota-mojokerto/7K3MQ0ZD4T7");
    EXPECT_EQ(request.kind(), StreamKind::kRequest);
    EXPECT_EQ(request.owner(), "kota-mojokerto");
    EXPECT_EQ(request.item(), "7K3MQ0ZD4T7");
    EXPECT_EQ(hall.Name(), "hall/mpp-mojokerto/2026-11-30");
    EXPECT_EQ(calendar.Name(), "tenant/kota-mojokerto/calendar");
    EXPECT_EQ(calendar.kind(), StreamKind::kTenantCalendar);
    EXPECT_EQ(citizen.Name(), "citizen/c_7f3a");
    EXPECT_EQ(accounts.Name(), "tenant/kota-mojokerto/accounts");
    for (const auto& id : {hall, citizen, accounts, calendar, standard, request}) {
        auto parsed = StreamId::Parse(id.Name());
        ASSERT_TRUE(parsed) << id.Name();
        EXPECT_EQ(*parsed, id) << id.Name();
    }
    EXPECT_EQ(hall.kind(), StreamKind::kHallDay);
    EXPECT_EQ(hall.owner(), "mpp-mojokerto");
    EXPECT_EQ(hall.day(), monday);
    EXPECT_EQ(citizen.kind(), StreamKind::kCitizen);
    EXPECT_EQ(citizen.day(), std::nullopt);
    EXPECT_EQ(accounts.owner(), "kota-mojokerto");
}

TEST(StreamId, NamesNoKindProducesAreRefused) {
    for (const char* name : {"",
                             "hall/",
                             "hall/x",
                             "hall//2026-11-30",
                             "hall/x/2026-02-30",
                             "hall/x/y/2026-11-30",
                             "hall/x/2026-11-30/extra",
                             "citizen/",
                             "citizen/a/b",
                             "tenant/x",
                             "tenant//accounts",
                             "tenant/a/b/accounts",
                             "tenant/x/devices",
                             "tenant//calendar",
                             "tenant/calendar",
                             "tenant/a/b/calendar",
                             "halls/x/2026-11-30",
                             "other/x",
                             "standard/",
                             "standard/t",
                             "standard/t/",
                             "standard//KTP",
                             "standard/t/KTP/2"}) {
        EXPECT_EQ(StreamId::Parse(name), std::nullopt) << name;
    }
}

}  // namespace
}  // namespace layan::store
