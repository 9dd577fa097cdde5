#include <gtest/gtest.h>

#include "layan/domain/calendar/work_calendar.h"

namespace layan::domain::calendar {
namespace {

using namespace std::chrono;

TEST(CalendarJson, ReadsScheduleDaysAndOverrides) {
    auto calendar = WorkCalendar::FromJson(R"({
      "years": [2026],
      "schedule": {
        "mon": {"open": "08:00", "close": "15:00", "break_start": "12:00", "break_end": "12:30"},
        "sat": {"open": "08:00", "close": "12:00"}
      },
      "days": [
        {"date": "2026-03-19", "kind": "national_holiday", "name": {"id": "Hari Suci Nyepi", "en": "Nyepi"}},
        {"date": "2026-03-28", "kind": "local_closure", "name": {"id": "Kerja bakti"}}
      ],
      "overrides": [
        {"date": "2026-03-10", "working": true, "hours": {"open": "09:00", "close": "11:00"}, "reason": "Rapat"}
      ]
    })");
    ASSERT_TRUE(calendar) << calendar.error().message;
    EXPECT_EQ(calendar->schedule().On(Monday), (WorkingHours{hours{8}, hours{15}, hours{12}, hours{12} + minutes{30}}));
    // Without a break, break_start == break_end.
    EXPECT_EQ(calendar->schedule().On(Saturday)->OpenDuration(), hours{4});
    EXPECT_FALSE(calendar->schedule().On(Friday));  // absent weekday: closed
    EXPECT_FALSE(calendar->IsWorkingDay(2026y / March / 28));
    EXPECT_EQ(calendar->SpecialDayOn(2026y / March / 28)->name.en, "");
    EXPECT_EQ(calendar->HoursOn(2026y / March / 10)->open, hours{9});  // a Tuesday, closed by schedule
    EXPECT_EQ(calendar->OverrideOn(2026y / March / 10)->reason, "Rapat");
}

TEST(CalendarJson, WithoutScheduleKeepsTheDefaultWeek) {
    auto calendar = WorkCalendar::FromJson(R"({"days": []})");
    ASSERT_TRUE(calendar);
    EXPECT_EQ(calendar->schedule(), DefaultSchedule());
    EXPECT_FALSE(calendar->HasHolidayData(2026y));
}

TEST(CalendarJson, RejectsUnknownKeysNamingTheirPath) {
    auto top = WorkCalendar::FromJson(R"({"holidays": []})");
    ASSERT_FALSE(top);
    EXPECT_EQ(top.error().code, "calendar_field_invalid");
    EXPECT_EQ(top.error().details["path"], "holidays");
    auto nested = WorkCalendar::FromJson(
        R"({"years": [2026], "days": [{"date": "2026-01-01", "kind": "national_holiday", "nama": "x", "name": {"id": "x"}}]})");
    ASSERT_FALSE(nested);
    EXPECT_EQ(nested.error().details["path"], "days[0].nama");
}

TEST(CalendarJson, RejectsMalformedJsonAndBadFields) {
    auto malformed = WorkCalendar::FromJson("{\"days\": [");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, "calendar_json_malformed");
    EXPECT_EQ(malformed.error().kind, core::ErrorKind::kMalformed);

    auto expect_invalid = [](std::string_view json, std::string_view path) {
        auto result = WorkCalendar::FromJson(json);
        ASSERT_FALSE(result) << json;
        EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid) << json;
        EXPECT_EQ(result.error().details["path"], path) << json;
    };
    expect_invalid(R"({"days": [{"date": "2026-02-30", "kind": "local_closure", "name": {"id": "x"}}]})",
                   "days[0].date");
    expect_invalid(R"({"days": [{"date": "2026-02-03", "kind": "holiday", "name": {"id": "x"}}]})", "days[0].kind");
    expect_invalid(R"({"days": [{"date": "2026-02-03", "kind": "local_closure"}]})", "days[0].name");
    expect_invalid(R"({"schedule": {"mon": {"open": "7:30", "close": "16:00"}}})", "schedule.mon.open");
    expect_invalid(R"({"schedule": {"mon": {"open": "07:30", "close": "16:00", "break_start": "12:00"}}})",
                   "schedule.mon");
    expect_invalid(R"({"overrides": [{"date": "2026-03-10", "working": "yes"}]})", "overrides[0].working");
    expect_invalid(R"({"years": ["2026"]})", "years[0]");
}

TEST(CalendarJson, NationalDayOutsideTheDeclaredYearsIsRejected) {
    auto result = WorkCalendar::FromJson(
        R"({"years": [2026], "days": [{"date": "2027-01-01", "kind": "national_holiday", "name": {"id": "Tahun Baru"}}]})");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "calendar_day_outside_years");
    // A local closure may fall in any year.
    EXPECT_TRUE(WorkCalendar::FromJson(
        R"({"days": [{"date": "2027-01-02", "kind": "local_closure", "name": {"id": "Tutup"}}]})"));
}

TEST(CalendarJson, MergeLayersAHallOnTheNationalCalendar) {
    auto calendar = WorkCalendar::FromJson(
        R"({"years": [2026], "days": [{"date": "2026-03-19", "kind": "national_holiday", "name": {"id": "Nyepi"}}]})");
    ASSERT_TRUE(calendar);
    auto merged = calendar->MergeJson(R"({
      "schedule": {"mon": {"open": "08:00", "close": "16:00"}, "sat": {"open": "08:00", "close": "12:00"}},
      "days": [{"date": "2026-03-10", "kind": "local_closure", "name": {"id": "Hari Jadi Kota"}}]
    })");
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_FALSE(calendar->IsWorkingDay(2026y / March / 19));  // national holiday kept
    EXPECT_FALSE(calendar->IsWorkingDay(2026y / March / 10));  // local closure added
    EXPECT_TRUE(calendar->IsWorkingDay(2026y / March / 14));   // the hall's Saturday
    EXPECT_TRUE(calendar->HasHolidayData(2026y));
}

TEST(CalendarJson, FailedMergeLeavesTheCalendarUnchanged) {
    auto calendar = WorkCalendar::FromJson(R"({})");
    ASSERT_TRUE(calendar);
    auto merged = calendar->MergeJson(R"({
      "schedule": {"sat": {"open": "08:00", "close": "12:00"}},
      "days": [{"date": "2026-03-10", "kind": "local_closure", "name": {"id": "A"}},
               {"date": "2026-03-10", "kind": "local_closure", "name": {"id": "B"}}]
    })");
    ASSERT_FALSE(merged);
    EXPECT_EQ(merged.error().code, "calendar_duplicate_day");
    EXPECT_EQ(calendar->schedule(), DefaultSchedule());
    EXPECT_EQ(calendar->SpecialDayOn(2026y / March / 10), std::nullopt);
}

TEST(CalendarJson, DayKindsRoundTripThroughText) {
    for (auto kind : {DayKind::kNationalHoliday, DayKind::kCutiBersama, DayKind::kLocalClosure}) {
        EXPECT_EQ(ParseDayKind(ToString(kind)), kind);
    }
    EXPECT_FALSE(ParseDayKind("holiday"));
}

}  // namespace
}  // namespace layan::domain::calendar
