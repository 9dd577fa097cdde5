#include "layan/store/calendar.h"

#include <gtest/gtest.h>

namespace layan::store {
namespace {

using namespace std::chrono;

TEST(NationalCalendar, Holds2026sHolidaysAndCutiBersamaFromTheEmbeddedData) {
    auto calendar = NationalCalendar();
    auto days = calendar.SpecialDaysIn(year{2026});
    // SKB of three ministers for 2026: 17 national holidays and 8 days of cuti bersama.
    EXPECT_EQ(days.size(), 25U);
    auto christmas = calendar.SpecialDayOn(year{2026} / December / 25);
    ASSERT_TRUE(christmas);
    EXPECT_EQ(christmas->kind, domain::calendar::DayKind::kNationalHoliday);
    EXPECT_EQ(christmas->name.en, "Christmas Day");
    auto eve = calendar.SpecialDayOn(year{2026} / December / 24);
    ASSERT_TRUE(eve);
    EXPECT_EQ(eve->kind, domain::calendar::DayKind::kCutiBersama);
    EXPECT_FALSE(calendar.SpecialDayOn(year{2026} / November / 30));
    EXPECT_EQ(calendar.HolidayYears(), std::vector<year>{year{2026}});  // only 2026 is shipped
}

}  // namespace
}  // namespace layan::store
