#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace layan::domain::speech {

/// The number in Indonesian words, as said aloud: 0 "nol", 11 "sebelas", 12 "dua belas",
/// 100 "seratus", 1000 "seribu", 1'000'000 "satu juta", -5 "minus lima". Covers the whole
/// int64 range (up to "kuintiliun").
[[nodiscard]] std::string SpellNumberId(std::int64_t n);

/// A ticket number as spoken: letters one by one, each run of digits as a number without its
/// leading zeros, other characters dropped. "A-012" → "A dua belas"; "AB-100" → "A B seratus".
[[nodiscard]] std::string SpeakTicketNumberId(std::string_view ticket_number);

/// The sentence the display board speaks when a ticket is called:
/// ("A-012", 3) → "Nomor antrian A dua belas, silakan menuju loket tiga".
[[nodiscard]] std::string CallAnnouncement(std::string_view ticket_number, int counter_number);

}  // namespace layan::domain::speech
