#include "layan/domain/identity/phone.h"

#include <algorithm>

#include <fmt/format.h>

namespace layan::domain::identity {

namespace {

constexpr size_t kMinAfterOperatorDigit = 7;
constexpr size_t kMaxAfterOperatorDigit = 10;

tl::unexpected<core::Error> Reject(std::string code, std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, std::move(code), std::move(message), {{"field", "phone"}});
}

bool IsSeparator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

core::Result<std::string> NormalizePhone(std::string_view input) {
    std::string digits;
    bool international = false;
    for (char c : input) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c == '+' && digits.empty() && !international) {
            international = true;
        } else if (!IsSeparator(c)) {
            return Reject(
                "phone_invalid_characters",
                "A phone number may only contain digits, a leading '+', spaces, dashes, dots and parentheses.");
        }
    }
    if (digits.empty()) {
        return Reject("phone_empty", "The phone number is empty.");
    }
    // The national number after the country code 62: "8..." for mobiles.
    std::string_view national;
    if (international) {
        if (!digits.starts_with("62")) {
            return Reject("phone_not_indonesian", "Only Indonesian numbers (+62) are accepted.");
        }
        national = std::string_view{digits}.substr(2);
    } else if (digits.starts_with("0")) {
        national = std::string_view{digits}.substr(1);
    } else if (digits.starts_with("62")) {
        national = std::string_view{digits}.substr(2);
    } else {
        return Reject("phone_not_mobile", "An Indonesian mobile number starts with 08, 628 or +628.");
    }
    if (national.size() < 2 || national[0] != '8' || national[1] == '0' || national[1] == '4') {
        return Reject("phone_not_mobile",
                      "An Indonesian mobile number starts with 081–083 or 085–089 (or +62 81–83, 85–89).");
    }
    size_t rest = national.size() - 2;
    if (rest < kMinAfterOperatorDigit || rest > kMaxAfterOperatorDigit) {
        return Reject("phone_bad_length",
                      fmt::format("An Indonesian mobile number has {} to {} digits after 08 (this one has {}).",
                                  kMinAfterOperatorDigit + 1, kMaxAfterOperatorDigit + 1, national.size() - 1));
    }
    return "+62" + std::string{national};
}

std::string MaskPhone(std::string_view e164) {
    std::string masked(e164.size(), '*');
    if (e164.size() > 10) {
        std::copy_n(e164.begin(), 6, masked.begin());
        std::copy_n(e164.end() - 4, 4, masked.end() - 4);
    }
    return masked;
}

}  // namespace layan::domain::identity
