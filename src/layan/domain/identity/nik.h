#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"

namespace layan::domain::identity {

/// Sex as encoded in a NIK (women have 40 added to the day of birth).
enum class Sex { kMale, kFemale };

/// Something odd about a NIK that does not make it invalid: such NIKs exist and must be served.
struct NikWarning {
    std::string code;     ///< Stable: "nik_impossible_date", "nik_birth_date_mismatch", "nik_sex_mismatch".
    std::string message;  ///< A sentence for the officer; never contains the NIK itself.

    friend bool operator==(const NikWarning&, const NikWarning&) = default;
};

/// The parts of a NIK `PP KK CC DD MM YY SSSS`. Holds no full NIK, so it is safe to log.
struct NikInfo {
    std::string province_code;  ///< "35": the province where the NIK was first registered.
    std::string regency_code;   ///< "16": the regency or city within the province.
    std::string district_code;  ///< "01": the district (kecamatan) within the regency.
    unsigned birth_day = 0;     ///< 1..31, with the +40 for women removed.
    unsigned birth_month = 0;   ///< 1..12.
    unsigned birth_year_2 = 0;  ///< Last two digits of the birth year (the century is not encoded).
    Sex sex = Sex::kMale;
    unsigned serial = 0;               ///< 1..9999.
    std::vector<NikWarning> warnings;  ///< E.g. "nik_impossible_date" for 31 February.

    friend bool operator==(const NikInfo&, const NikInfo&) = default;
};

/// Validates and decodes a NIK given as exactly 16 ASCII digits (callers trim input first).
/// Errors (ErrorKind::kInvalid; the message never repeats the NIK), checked in this order:
/// - "nik_not_16_digits": not exactly 16 characters, all digits;
/// - "nik_unknown_province": the first two digits are not a province code (11–19, 21, 31–36, 51–53,
///   61–65, 71–76, 81–82, 91–96);
/// - "nik_bad_day": the day digits are outside 01–31 and 41–71;
/// - "nik_bad_month": the month digits are outside 01–12;
/// - "nik_serial_zero": the last four digits are 0000.
/// A day that does not exist in its month (31 February; 29 February of a year that cannot be a leap
/// year) is only a warning, "nik_impossible_date", in NikInfo::warnings.
[[nodiscard]] core::Result<NikInfo> ValidateNik(std::string_view nik);

/// True for the two-digit province codes a NIK may start with.
[[nodiscard]] bool IsKnownProvinceCode(std::string_view code);

/// Compares a decoded NIK with what the citizen or a document states, returning one warning per
/// mismatch ("nik_birth_date_mismatch", "nik_sex_mismatch"); nothing is compared when not stated.
/// The birth year is compared on its last two digits only.
[[nodiscard]] std::vector<NikWarning> CheckNikAgainst(const NikInfo& info,
                                                      std::optional<std::chrono::year_month_day> birth_date,
                                                      std::optional<Sex> sex);

/// The NIK as shown where the whole number is not needed: the first 4 and last 2 characters, every
/// other character replaced by '*', same length ("3516010101900012" → "3516**********12"). Inputs
/// of 6 characters or fewer are masked entirely.
[[nodiscard]] std::string MaskNik(std::string_view nik);

}  // namespace layan::domain::identity
