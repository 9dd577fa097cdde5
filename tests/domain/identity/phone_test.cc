#include "layan/domain/identity/phone.h"

#include <gtest/gtest.h>

namespace layan::domain::identity {
namespace {

std::string Normalized(std::string_view input) {
    auto result = NormalizePhone(input);
    return result ? *result : "error: " + result.error().code;
}

TEST(Phone, NormalisesLocalNationalAndInternationalFormsToE164) {
    EXPECT_EQ(Normalized("081234567890"), "+6281234567890");
    EXPECT_EQ(Normalized("6281234567890"), "+6281234567890");
    EXPECT_EQ(Normalized("+6281234567890"), "+6281234567890");
}

TEST(Phone, IgnoresSpacesDashesDotsAndParentheses) {
    EXPECT_EQ(Normalized("0812-3456-7890"), "+6281234567890");
    EXPECT_EQ(Normalized("+62 812 3456 7890"), "+6281234567890");
    EXPECT_EQ(Normalized("(0812) 3456.7890"), "+6281234567890");
}

TEST(Phone, AcceptsMobilePrefixesOneToThreeAndFiveToNine) {
    for (char operator_digit : std::string{"12356789"}) {
        std::string number = std::string{"08"} + operator_digit + "12345678";
        EXPECT_EQ(Normalized(number), std::string{"+628"} + operator_digit + "12345678") << number;
    }
    EXPECT_EQ(Normalized("0801-2345-678"), "error: phone_not_mobile");
    EXPECT_EQ(Normalized("0841-2345-678"), "error: phone_not_mobile");
}

TEST(Phone, RejectsLandlinesAndForeignNumbers) {
    EXPECT_EQ(Normalized("021-5551234"), "error: phone_not_mobile");
    EXPECT_EQ(Normalized("+62215551234"), "error: phone_not_mobile");
    EXPECT_EQ(Normalized("81234567890"), "error: phone_not_mobile");
    EXPECT_EQ(Normalized("+6591234567"), "error: phone_not_indonesian");
}

TEST(Phone, NeedsSevenToTenDigitsAfterTheOperatorDigit) {
    // "081" is the prefix with operator digit 1; the digits after it are counted.
    EXPECT_EQ(Normalized("081"
                         "1234567"),
              "+6281"
              "1234567");
    EXPECT_EQ(Normalized("081"
                         "123456"),
              "error: phone_bad_length");
    EXPECT_EQ(Normalized("081"
                         "1234567890"),
              "+6281"
              "1234567890");
    EXPECT_EQ(Normalized("081"
                         "12345678901"),
              "error: phone_bad_length");
    EXPECT_EQ(Normalized("08"), "error: phone_not_mobile");
}

TEST(Phone, RejectsLettersStrayPlusAndEmptyInput) {
    EXPECT_EQ(Normalized("0812-3456-ABCD"), "error: phone_invalid_characters");
    EXPECT_EQ(Normalized("0812+34567890"), "error: phone_invalid_characters");
    EXPECT_EQ(Normalized("++6281234567890"), "error: phone_invalid_characters");
    EXPECT_EQ(Normalized(""), "error: phone_empty");
    EXPECT_EQ(Normalized(" - "), "error: phone_empty");
    auto error = NormalizePhone("0812-3456-ABCD").error();
    EXPECT_EQ(error.kind, core::ErrorKind::kInvalid);
    EXPECT_FALSE(error.message.empty());
}

TEST(Phone, MaskKeepsTheFirstSixAndLastFourCharacters) {
    EXPECT_EQ(MaskPhone("+6281234565678"), "+62812****5678");
    EXPECT_EQ(MaskPhone("+62812345678"), "+62812**5678");
    EXPECT_EQ(MaskPhone("+628123456"), "**********");
}

}  // namespace
}  // namespace layan::domain::identity
