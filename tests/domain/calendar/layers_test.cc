#include "layan/domain/calendar/layers.h"

#include <gtest/gtest.h>

#include "calendar_2026.h"
#include "layan/domain/calendar/deadline.h"

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;
using fixtures::Calendar2026;
using fixtures::Wib;

const core::Instant kNow = Wib(year{2026} / November / 30, 8, 0);

catalog::Hall SaturdayHall() {
    catalog::Hall hall;
    hall.id = "mpp";
    for (auto wd : {Monday, Tuesday, Wednesday, Thursday, Friday}) {
        hall.opening_hours.push_back({wd, minutes{7 * 60 + 30}, minutes{15 * 60}});
    }
    hall.opening_hours.push_back({Saturday, minutes{8 * 60}, minutes{12 * 60}});
    return hall;
}

/// Applies a decision's events to `layers`; fails the test when the decision is refused.
void Apply(Layers& layers, const core::Result<std::vector<Event>>& decided) {
    ASSERT_TRUE(decided) << decided.error().message;
    for (const auto& event : *decided) {
        layers.Apply(event);
    }
}

DayOverride Closed(Date date, std::string reason) {
    return DayOverride{.date = date, .working = false, .hours = std::nullopt, .reason = std::move(reason)};
}

TEST(CalendarLayers, AHallFollowsItsOwnWeekAndTheTenantsAndItsOwnDecisions) {
    Layers layers;
    const auto hall = SaturdayHall();
    EXPECT_TRUE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(year{2026} / December / 5));  // Saturday
    EXPECT_FALSE(TenantCalendar(Calendar2026(), layers).IsWorkingDay(year{2026} / December / 5));
    EXPECT_FALSE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(year{2026} / December / 25));  // Christmas

    // The tenant closes a day: every hall and unit closes.
    const Date tuesday = year{2026} / December / 1;
    Apply(layers,
          SetDay(TenantCalendar(Calendar2026(), layers), Scope::Tenant(), Closed(tuesday, "Hari jadi kota"), kNow));
    EXPECT_FALSE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(tuesday));
    EXPECT_FALSE(UnitCalendar(Calendar2026(), layers, "dukcapil").IsWorkingDay(tuesday));
    auto closure = HallCalendar(Calendar2026(), layers, hall).ClosureOn(tuesday);
    ASSERT_TRUE(closure);
    EXPECT_EQ(KindName(*closure), "override");
    EXPECT_EQ(closure->name.id, "Hari jadi kota");

    // The hall opens it anyway (its own decision wins), with other hours; the units stay closed.
    const WorkingHours morning{.open = minutes{8 * 60},
                               .close = minutes{11 * 60},
                               .break_start = minutes{8 * 60},
                               .break_end = minutes{8 * 60}};
    Apply(layers,
          SetDay(HallCalendar(Calendar2026(), layers, hall), Scope::Hall("mpp"),
                 DayOverride{.date = tuesday, .working = true, .hours = morning, .reason = "Layanan pagi"}, kNow));
    EXPECT_EQ(HallCalendar(Calendar2026(), layers, hall).HoursOn(tuesday), morning);
    EXPECT_FALSE(UnitCalendar(Calendar2026(), layers, "dukcapil").IsWorkingDay(tuesday));

    // Withdrawn, the tenant's decision applies to the hall again; withdrawing twice changes nothing.
    auto cleared = ClearDay(layers, Scope::Hall("mpp"), tuesday, kNow);
    ASSERT_TRUE(cleared);
    EXPECT_EQ(cleared->size(), 1U);
    Apply(layers, cleared);
    EXPECT_FALSE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(tuesday));
    EXPECT_TRUE(ClearDay(layers, Scope::Hall("mpp"), tuesday, kNow)->empty());

    // The hall's own week replaces its catalog hours; back to nullopt, the catalog's again.
    WeeklySchedule weekdays_only = DefaultSchedule();
    Apply(layers, SetWeek(Scope::Hall("mpp"), weekdays_only, kNow));
    EXPECT_FALSE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(year{2026} / December / 5));
    Apply(layers, SetWeek(Scope::Hall("mpp"), std::nullopt, kNow));
    EXPECT_TRUE(HallCalendar(Calendar2026(), layers, hall).IsWorkingDay(year{2026} / December / 5));
}

TEST(CalendarLayers, AUnitsClosureMovesOnlyThatUnitsDeadline) {
    Layers layers;
    const DeadlineRule five_days{DeadlineUnit::kWorkingDays, 5};
    const auto submitted = Wib(year{2026} / November / 30, 10, 0);  // Monday
    const auto before = Deadline(UnitCalendar(Calendar2026(), layers, "dukcapil"), five_days, submitted, core::kWib);
    EXPECT_EQ(before, Wib(year{2026} / December / 7, 16, 0));

    Apply(layers, SetDay(UnitCalendar(Calendar2026(), layers, "dukcapil"), Scope::Unit("dukcapil"),
                         Closed(year{2026} / December / 2, "Pemutakhiran server"), kNow));
    EXPECT_EQ(Deadline(UnitCalendar(Calendar2026(), layers, "dukcapil"), five_days, submitted, core::kWib),
              Wib(year{2026} / December / 8, 16, 0));
    EXPECT_EQ(Deadline(UnitCalendar(Calendar2026(), layers, "dpmptsp"), five_days, submitted, core::kWib), before);
    EXPECT_EQ(Deadline(TenantCalendar(Calendar2026(), layers), five_days, submitted, core::kWib), before);
}

TEST(CalendarLayers, AnImportedYearReplacesTheEmbeddedOneAndEndsItsProvisionalDays) {
    Layers layers;
    const Date new_year = year{2027} / January / 1;
    const Date monday = year{2027} / January / 4;
    EXPECT_TRUE(TenantCalendar(Calendar2026(), layers).IsProvisional(monday));
    EXPECT_EQ(Calendar2026().YearsToWarn(year{2026} / October / 1), std::vector<year>{year{2027}});

    auto imported = ImportYears(R"({"source": "SKB 2027", "years": [2027], "days": [
        {"date": "2027-01-01", "kind": "national_holiday", "name": {"id": "Tahun Baru 2027 Masehi"}},
        {"date": "2027-01-04", "kind": "cuti_bersama", "name": {"id": "Cuti bersama"}}]})",
                                kNow);
    Apply(layers, imported);
    const auto calendar = TenantCalendar(Calendar2026(), layers);
    EXPECT_FALSE(calendar.IsProvisional(monday));
    EXPECT_FALSE(calendar.IsWorkingDay(new_year));
    EXPECT_EQ(calendar.SpecialDayOn(monday)->kind, DayKind::kCutiBersama);
    EXPECT_TRUE(calendar.IsWorkingDay(year{2027} / January / 5));
    EXPECT_TRUE(NationalOf(Calendar2026(), layers).YearsToWarn(year{2026} / October / 1).empty());

    // A corrected 2026 list replaces 2026's days: Christmas Eve's cuti bersama is gone, Christmas stays.
    Apply(layers, ImportYears(R"({"years": [2026], "days": [
        {"date": "2026-12-25", "kind": "national_holiday", "name": {"id": "Hari Raya Natal"}}]})",
                              kNow));
    const auto corrected = TenantCalendar(Calendar2026(), layers);
    EXPECT_TRUE(corrected.IsWorkingDay(year{2026} / December / 24));
    EXPECT_FALSE(corrected.IsWorkingDay(year{2026} / December / 25));
    EXPECT_FALSE(corrected.IsWorkingDay(new_year));  // 2027's import stays
}

TEST(CalendarLayers, DecisionsThatCannotStandAreRefused) {
    Layers layers;
    const auto tenant = TenantCalendar(Calendar2026(), layers);
    auto no_reason = SetDay(tenant, Scope::Tenant(), Closed(year{2026} / December / 1, ""), kNow);
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().code, "reason_required");
    // Opening a Sunday needs hours: the tenant's week has none that day.
    auto sunday =
        SetDay(tenant, Scope::Tenant(),
               DayOverride{.date = year{2026} / December / 6, .working = true, .hours = {}, .reason = ""}, kNow);
    ASSERT_FALSE(sunday);
    EXPECT_EQ(sunday.error().code, "calendar_override_needs_hours");
    // Opening a working day without other hours needs no reason, and the event says which hours it means.
    auto plain =
        SetDay(tenant, Scope::Tenant(),
               DayOverride{.date = year{2026} / December / 1, .working = true, .hours = {}, .reason = ""}, kNow);
    ASSERT_TRUE(plain);
    EXPECT_EQ(std::get<DaySet>(plain->front()).day.hours, tenant.HoursOn(year{2026} / December / 1));

    auto no_weekday = SetWeek(Scope::Tenant(), WeeklySchedule{}, kNow);
    ASSERT_FALSE(no_weekday);
    EXPECT_EQ(no_weekday.error().code, "calendar_no_working_weekday");
    WeeklySchedule backwards;
    backwards.On(Monday) = WorkingHours{.open = minutes{16 * 60}, .close = minutes{8 * 60}};
    auto invalid = SetWeek(Scope::Tenant(), backwards, kNow);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, "calendar_hours_invalid");

    for (const char* document : {R"({"years": [2027], "schedule": {"mon": {"open": "08:00", "close": "12:00"}}})",
                                 R"({"years": [2027], "overrides": []})", R"({"description": "nothing"})",
                                 R"({"years": [2027], "days": [{"date": "2027-03-01", "kind": "local_closure",
                                     "name": {"id": "Banjir"}}]})"}) {
        auto refused = ImportYears(document, kNow);
        ASSERT_FALSE(refused) << document;
        EXPECT_EQ(refused.error().code, "calendar_import_invalid") << document;
    }
    EXPECT_EQ(ImportYears("{", kNow).error().code, "calendar_json_malformed");
}

TEST(CalendarLayers, EveryEventReadsBackAsWritten) {
    WeeklySchedule saturday = DefaultSchedule();
    saturday.On(Saturday) = WorkingHours{.open = minutes{8 * 60},
                                         .close = minutes{12 * 60},
                                         .break_start = minutes{8 * 60},
                                         .break_end = minutes{8 * 60}};
    const std::vector<Event> events{
        WeekSet{.at = kNow, .scope = Scope::Hall("mpp"), .schedule = saturday},
        WeekSet{.at = kNow, .scope = Scope::Tenant(), .schedule = std::nullopt},
        DaySet{.at = kNow, .scope = Scope::Unit("dukcapil"), .day = Closed(year{2026} / December / 2, "Banjir")},
        DaySet{.at = kNow,
               .scope = Scope::Tenant(),
               .day = DayOverride{.date = year{2026} / December / 3,
                                  .working = true,
                                  .hours = WorkingHours{.open = minutes{8 * 60},
                                                        .close = minutes{14 * 60},
                                                        .break_start = minutes{12 * 60},
                                                        .break_end = minutes{12 * 60 + 30}},
                                  .reason = "Ramadan"}},
        DayCleared{.at = kNow, .scope = Scope::Hall("mpp"), .date = year{2026} / December / 2},
        YearImported{.at = kNow,
                     .year = year{2027},
                     .source = "SKB",
                     .days = {SpecialDay{.date = year{2027} / January / 1,
                                         .kind = DayKind::kNationalHoliday,
                                         .name = {"Tahun Baru", "New Year"}}}},
    };
    for (const auto& event : events) {
        auto read = EventFromJson(TypeName(event), ToJson(event));
        ASSERT_TRUE(read) << TypeName(event) << ": " << read.error().message;
        EXPECT_EQ(*read, event) << ToJson(event).dump();
    }
    EXPECT_EQ(EventFromJson("calendar_unknown", ToJson(events[0])).error().code, "calendar_event_invalid");
    auto bad_scope = ToJson(events[2]);
    bad_scope["scope"] = {{"kind", "unit"}};
    EXPECT_EQ(EventFromJson(DaySet::kType, bad_scope).error().code, "calendar_scope_invalid");
}

}  // namespace
}  // namespace layan::domain::calendar
