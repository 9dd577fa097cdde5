#include "layan/domain/speech/speech.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace layan::domain::speech {
namespace {

constexpr std::array<std::string_view, 10> kDigits = {"nol",  "satu", "dua",   "tiga",    "empat",
                                                      "lima", "enam", "tujuh", "delapan", "sembilan"};

// Scales of 10^3k; "ribu" has the special form "seribu" for exactly one thousand.
constexpr std::array<std::string_view, 7> kScales = {"",        "ribu",       "juta",      "miliar",
                                                     "triliun", "kuadriliun", "kuintiliun"};

void AppendWord(std::string& out, std::string_view word) {
    if (!out.empty()) {
        out += ' ';
    }
    out += word;
}

// 1..999 in words.
void AppendBelowThousand(std::string& out, unsigned n) {
    const unsigned hundreds = n / 100;
    const unsigned rest = n % 100;
    if (hundreds == 1) {
        AppendWord(out, "seratus");
    } else if (hundreds > 1) {
        AppendWord(out, kDigits[hundreds]);
        AppendWord(out, "ratus");
    }
    if (rest == 0) {
        return;
    }
    if (rest < 10) {
        AppendWord(out, kDigits[rest]);
    } else if (rest == 10) {
        AppendWord(out, "sepuluh");
    } else if (rest == 11) {
        AppendWord(out, "sebelas");
    } else if (rest < 20) {
        AppendWord(out, kDigits[rest - 10]);
        AppendWord(out, "belas");
    } else {
        AppendWord(out, kDigits[rest / 10]);
        AppendWord(out, "puluh");
        if (rest % 10 != 0) {
            AppendWord(out, kDigits[rest % 10]);
        }
    }
}

}  // namespace

std::string SpellNumberId(std::int64_t n) {
    if (n == 0) {
        return std::string(kDigits[0]);
    }
    std::string out;
    // Unsigned magnitude so that INT64_MIN does not overflow on negation.
    std::uint64_t magnitude = static_cast<std::uint64_t>(n);
    if (n < 0) {
        out = "minus";
        magnitude = ~magnitude + 1;
    }
    std::array<unsigned, kScales.size()> groups{};
    for (auto& group : groups) {
        group = static_cast<unsigned>(magnitude % 1000);
        magnitude /= 1000;
    }
    for (std::size_t i = groups.size(); i-- > 0;) {
        const unsigned group = groups[i];
        if (group == 0) {
            continue;
        }
        if (i == 1 && group == 1) {
            AppendWord(out, "seribu");
            continue;
        }
        AppendBelowThousand(out, group);
        if (i > 0) {
            AppendWord(out, kScales[i]);
        }
    }
    return out;
}

std::string SpeakTicketNumberId(std::string_view ticket_number) {
    std::string out;
    std::size_t i = 0;
    while (i < ticket_number.size()) {
        const auto c = static_cast<unsigned char>(ticket_number[i]);
        if (std::isdigit(c) != 0) {
            // A run of digits is one number; a run longer than int64 is read digit by digit.
            std::size_t end = i;
            while (end < ticket_number.size() && std::isdigit(static_cast<unsigned char>(ticket_number[end])) != 0) {
                ++end;
            }
            const std::string_view run = ticket_number.substr(i, end - i);
            const std::size_t first_nonzero = run.find_first_not_of('0');
            const std::string_view significant =
                first_nonzero == std::string_view::npos ? std::string_view{} : run.substr(first_nonzero);
            if (significant.size() <= 18) {
                std::int64_t value = 0;
                for (char d : significant) {
                    value = value * 10 + (d - '0');
                }
                AppendWord(out, SpellNumberId(value));
            } else {
                for (char d : run) {
                    AppendWord(out, kDigits[static_cast<std::size_t>(d - '0')]);
                }
            }
            i = end;
        } else {
            if (std::isalpha(c) != 0) {
                AppendWord(out, std::string(1, static_cast<char>(std::toupper(c))));
            }
            ++i;
        }
    }
    return out;
}

std::string CallAnnouncement(std::string_view ticket_number, int counter_number) {
    std::string out = "Nomor antrian";
    const std::string spoken = SpeakTicketNumberId(ticket_number);
    if (!spoken.empty()) {
        out += ' ';
        out += spoken;
    }
    out += ", silakan menuju loket ";
    out += SpellNumberId(counter_number);
    return out;
}

}  // namespace layan::domain::speech
