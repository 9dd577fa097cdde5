#include "layan/domain/identity/nik.h"

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

namespace layan::domain::identity {
namespace {

using namespace std::chrono;

/// A NIK assembled from its parts, so each test states what it varies.
std::string Nik(std::string_view province, std::string_view day, std::string_view month, std::string_view year,
                std::string_view serial) {
    return std::string{province} + "1601" + std::string{day} + std::string{month} + std::string{year} +
           std::string{serial};
}

std::string ErrorCode(std::string_view nik) {
    auto result = ValidateNik(nik);
    return result ? std::string{"ok"} : result.error().code;
}

TEST(Nik, DecodesTheRegionBirthDateAndSerialOfAMan) {
    auto info = ValidateNik("3516011205900012");
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->province_code, "35");
    EXPECT_EQ(info->regency_code, "16");
    EXPECT_EQ(info->district_code, "01");
    EXPECT_EQ(info->birth_day, 12u);
    EXPECT_EQ(info->birth_month, 5u);
    EXPECT_EQ(info->birth_year_2, 90u);
    EXPECT_EQ(info->sex, Sex::kMale);
    EXPECT_EQ(info->serial, 12u);
    EXPECT_TRUE(info->warnings.empty());
}

TEST(Nik, DayPlusFortyMeansAWoman) {
    auto info = ValidateNik(Nik("35", "52", "05", "90", "0012"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->sex, Sex::kFemale);
    EXPECT_EQ(info->birth_day, 12u);
}

TEST(Nik, RejectsAnythingButSixteenDigits) {
    EXPECT_EQ(ErrorCode(""), "nik_not_16_digits");
    EXPECT_EQ(ErrorCode("351601120590001"), "nik_not_16_digits");
    EXPECT_EQ(ErrorCode("35160112059000121"), "nik_not_16_digits");
    EXPECT_EQ(ErrorCode("351601120590001A"), "nik_not_16_digits");
    EXPECT_EQ(ErrorCode("3516 01120590001"), "nik_not_16_digits");
    EXPECT_EQ(ErrorCode(" 3516011205900012"), "nik_not_16_digits");
}

TEST(Nik, AcceptsEveryProvinceCodeAndNoOther) {
    const std::vector<int> known{11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                                 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
    for (int p = 0; p <= 99; ++p) {
        char code[3];
        std::snprintf(code, sizeof code, "%02d", p);
        bool expected = std::find(known.begin(), known.end(), p) != known.end();
        EXPECT_EQ(IsKnownProvinceCode(code), expected) << code;
        EXPECT_EQ(ErrorCode(Nik(code, "12", "05", "90", "0012")), expected ? "ok" : "nik_unknown_province") << code;
    }
}

TEST(Nik, DayMustBeOneToThirtyOneOrFortyOneToSeventyOne) {
    for (const char* bad : {"00", "32", "40", "72", "99"}) {
        EXPECT_EQ(ErrorCode(Nik("35", bad, "05", "90", "0012")), "nik_bad_day") << bad;
    }
    for (const char* good : {"01", "31", "41", "71"}) {
        EXPECT_EQ(ErrorCode(Nik("35", good, "05", "90", "0012")), "ok") << good;
    }
}

TEST(Nik, MonthMustBeOneToTwelve) {
    EXPECT_EQ(ErrorCode(Nik("35", "12", "00", "90", "0012")), "nik_bad_month");
    EXPECT_EQ(ErrorCode(Nik("35", "12", "13", "90", "0012")), "nik_bad_month");
    EXPECT_EQ(ErrorCode(Nik("35", "12", "12", "90", "0012")), "ok");
}

TEST(Nik, SerialStartsAtOne) {
    EXPECT_EQ(ErrorCode(Nik("35", "12", "05", "90", "0000")), "nik_serial_zero");
    EXPECT_EQ(ErrorCode(Nik("35", "12", "05", "90", "0001")), "ok");
}

TEST(Nik, ErrorsNeverRepeatTheNumber) {
    for (const auto& nik : {Nik("35", "32", "05", "90", "0012"), Nik("35", "12", "13", "90", "0012"),
                            Nik("35", "12", "05", "90", "0000"), Nik("99", "12", "05", "90", "0012")}) {
        auto result = ValidateNik(nik);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
        EXPECT_EQ(result.error().message.find(nik.substr(4)), std::string::npos) << result.error().message;
        EXPECT_EQ(result.error().details.dump().find(nik.substr(4)), std::string::npos);
    }
}

TEST(Nik, ImpossibleDateIsOnlyAWarning) {
    auto feb31 = ValidateNik(Nik("35", "71", "02", "90", "0012"));  // a woman born 31 February
    ASSERT_TRUE(feb31);
    ASSERT_EQ(feb31->warnings.size(), 1u);
    EXPECT_EQ(feb31->warnings[0].code, "nik_impossible_date");
    // 29 February exists only in years divisible by four (00 may be 2000).
    EXPECT_EQ(ValidateNik(Nik("35", "29", "02", "01", "0012"))->warnings.size(), 1u);
    EXPECT_TRUE(ValidateNik(Nik("35", "29", "02", "96", "0012"))->warnings.empty());
    EXPECT_TRUE(ValidateNik(Nik("35", "29", "02", "00", "0012"))->warnings.empty());
    EXPECT_EQ(ValidateNik(Nik("35", "31", "04", "90", "0012"))->warnings.size(), 1u);
}

TEST(Nik, WarnsWhenTheStatedBirthDateOrSexDiffers) {
    auto info = *ValidateNik(Nik("35", "52", "05", "90", "0012"));  // woman, 12 May ..90
    EXPECT_TRUE(CheckNikAgainst(info, 1990y / May / 12, Sex::kFemale).empty());
    EXPECT_TRUE(CheckNikAgainst(info, std::nullopt, std::nullopt).empty());

    auto wrong_day = CheckNikAgainst(info, 1990y / May / 13, Sex::kFemale);
    ASSERT_EQ(wrong_day.size(), 1u);
    EXPECT_EQ(wrong_day[0].code, "nik_birth_date_mismatch");
    EXPECT_EQ(CheckNikAgainst(info, 1991y / May / 12, std::nullopt).size(), 1u);
    EXPECT_EQ(CheckNikAgainst(info, 1990y / June / 12, std::nullopt).size(), 1u);

    auto wrong_sex = CheckNikAgainst(info, std::nullopt, Sex::kMale);
    ASSERT_EQ(wrong_sex.size(), 1u);
    EXPECT_EQ(wrong_sex[0].code, "nik_sex_mismatch");
    EXPECT_EQ(CheckNikAgainst(info, 1991y / May / 12, Sex::kMale).size(), 2u);
}

TEST(Nik, BirthYearIsComparedOnItsLastTwoDigits) {
    auto info = *ValidateNik(Nik("35", "12", "05", "05", "0012"));
    EXPECT_TRUE(CheckNikAgainst(info, 2005y / May / 12, Sex::kMale).empty());
    EXPECT_TRUE(CheckNikAgainst(info, 1905y / May / 12, Sex::kMale).empty());
}

TEST(Nik, MaskKeepsTheFirstFourAndLastTwoDigits) {
    EXPECT_EQ(MaskNik("3516011205900012"), "3516**********12");
    EXPECT_EQ(MaskNik("3516011205900012").size(), 16u);
    EXPECT_EQ(MaskNik("123456"), "******");
    EXPECT_EQ(MaskNik(""), "");
}

}  // namespace
}  // namespace layan::domain::identity
