#include "layan/domain/identity/nik.h"

#include <algorithm>

#include <fmt/format.h>

namespace layan::domain::identity {

namespace {

/// The number written by `text`, which holds only digits.
unsigned Digits(std::string_view text) {
    unsigned value = 0;
    for (char c : text) {
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

tl::unexpected<core::Error> Reject(std::string code, std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, std::move(code), std::move(message), {{"field", "nik"}});
}

/// Whether day/month can be a real date in 19YY or 20YY (the century is not in the NIK).
bool DatePossible(unsigned day, unsigned month, unsigned year_2) {
    using namespace std::chrono;
    for (int century : {1900, 2000}) {
        year_month_day date{year{century + static_cast<int>(year_2)}, std::chrono::month{month}, std::chrono::day{day}};
        if (date.ok()) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool IsKnownProvinceCode(std::string_view code) {
    if (code.size() != 2 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    unsigned p = Digits(code);
    return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) || (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
           (p >= 71 && p <= 76) || (p >= 81 && p <= 82) || (p >= 91 && p <= 96);
}

core::Result<NikInfo> ValidateNik(std::string_view nik) {
    if (nik.size() != 16 || !std::all_of(nik.begin(), nik.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Reject("nik_not_16_digits", "A NIK is exactly 16 digits.");
    }
    if (!IsKnownProvinceCode(nik.substr(0, 2))) {
        return Reject(
            "nik_unknown_province",
            fmt::format("The NIK starts with {}, which is not an Indonesian province code.", nik.substr(0, 2)));
    }
    unsigned day_code = Digits(nik.substr(6, 2));
    if (!((day_code >= 1 && day_code <= 31) || (day_code >= 41 && day_code <= 71))) {
        return Reject("nik_bad_day", fmt::format("The day of birth in the NIK is {:02}; it must be 01–31 (men) or "
                                                 "41–71 (women, day + 40).",
                                                 day_code));
    }
    unsigned month = Digits(nik.substr(8, 2));
    if (month < 1 || month > 12) {
        return Reject("nik_bad_month", fmt::format("The month of birth in the NIK is {:02}; it must be 01–12.", month));
    }
    unsigned serial = Digits(nik.substr(12, 4));
    if (serial == 0) {
        return Reject("nik_serial_zero", "The last four digits of a NIK (the serial number) start at 0001, not 0000.");
    }
    NikInfo info;
    info.province_code = std::string{nik.substr(0, 2)};
    info.regency_code = std::string{nik.substr(2, 2)};
    info.district_code = std::string{nik.substr(4, 2)};
    info.sex = day_code > 40 ? Sex::kFemale : Sex::kMale;
    info.birth_day = day_code > 40 ? day_code - 40 : day_code;
    info.birth_month = month;
    info.birth_year_2 = Digits(nik.substr(10, 2));
    info.serial = serial;
    if (!DatePossible(info.birth_day, info.birth_month, info.birth_year_2)) {
        info.warnings.push_back({"nik_impossible_date",
                                 fmt::format("The NIK encodes a birth date that does not exist ({:02}-{:02}-..{:02}); "
                                             "check the citizen's documents.",
                                             info.birth_day, info.birth_month, info.birth_year_2)});
    }
    return info;
}

std::vector<NikWarning> CheckNikAgainst(const NikInfo& info, std::optional<std::chrono::year_month_day> birth_date,
                                        std::optional<Sex> sex) {
    std::vector<NikWarning> warnings;
    if (birth_date) {
        auto day = static_cast<unsigned>(birth_date->day());
        auto month = static_cast<unsigned>(birth_date->month());
        // % of a negative year is negative; NIK years are non-negative two-digit numbers.
        int year_2 = static_cast<int>(birth_date->year()) % 100;
        if (day != info.birth_day || month != info.birth_month || year_2 != static_cast<int>(info.birth_year_2)) {
            warnings.push_back({"nik_birth_date_mismatch",
                                fmt::format("The NIK encodes the birth date {:02}-{:02}-..{:02}, but {:02}-{:02}-{:04} "
                                            "was stated.",
                                            info.birth_day, info.birth_month, info.birth_year_2, day, month,
                                            static_cast<int>(birth_date->year()))});
        }
    }
    if (sex && *sex != info.sex) {
        auto name = [](Sex s) { return s == Sex::kFemale ? "female" : "male"; };
        warnings.push_back({"nik_sex_mismatch", fmt::format("The NIK encodes the sex as {}, but {} was stated.",
                                                            name(info.sex), name(*sex))});
    }
    return warnings;
}

std::string MaskNik(std::string_view nik) {
    std::string masked(nik.size(), '*');
    if (nik.size() > 6) {
        std::copy_n(nik.begin(), 4, masked.begin());
        std::copy_n(nik.end() - 2, 2, masked.end() - 2);
    }
    return masked;
}

}  // namespace layan::domain::identity
