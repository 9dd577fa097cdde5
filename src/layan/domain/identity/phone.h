#pragma once

#include <string>
#include <string_view>

#include "layan/core/error.h"

namespace layan::domain::identity {

/// Normalises an Indonesian mobile number to E.164: "0812-3456-7890", "62 812 3456 7890" and
/// "+6281234567890" all give "+6281234567890". Spaces, dashes, dots and parentheses are ignored;
/// a '+' is allowed only first. A mobile number is "+628", then one of 1–3 or 5–9 (081x–083x and
/// 085x–089x), then 7 to 10 more digits.
/// Errors (ErrorKind::kInvalid):
/// - "phone_empty": no digits at all;
/// - "phone_invalid_characters": a letter or another symbol, or a '+' not in first place;
/// - "phone_not_indonesian": an international number with a country code other than +62;
/// - "phone_not_mobile": not starting with 08, 628 or +628 (e.g. a landline such as 021...), or an
///   unallocated mobile prefix (080x, 084x);
/// - "phone_bad_length": the right prefix but too few or too many digits.
[[nodiscard]] core::Result<std::string> NormalizePhone(std::string_view input);

/// A phone number as shown where the whole number is not needed: the first 6 and last 4 characters
/// kept, those between replaced by '*', same length ("+6281234565678" → "+62812****5678"). Meant for
/// NormalizePhone's output; inputs of 10 characters or fewer are masked entirely.
[[nodiscard]] std::string MaskPhone(std::string_view e164);

}  // namespace layan::domain::identity
