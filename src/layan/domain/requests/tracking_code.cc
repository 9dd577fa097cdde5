#include "layan/domain/requests/tracking_code.h"

#include <stdexcept>

#include <fmt/format.h>

namespace layan::domain::requests {

namespace {

constexpr std::uint8_t kSymbolMask = 0x1F;
// x⁵ + x² + 1, a primitive polynomial: reducing by it keeps products in GF(32).
constexpr unsigned kModulus = 0x25;

/// a·r in GF(32) with a = x: a shift, reduced when it overflows five bits.
constexpr std::uint8_t MulA(std::uint8_t r) {
    unsigned shifted = static_cast<unsigned>(r) << 1U;
    if ((shifted & 0x20U) != 0) {
        shifted ^= kModulus;
    }
    return static_cast<std::uint8_t>(shifted);
}

/// The value of a normalised character, or -1 when it is not a symbol.
constexpr int SymbolValue(char c) {
    if (c >= 'a' && c <= 'z') {
        c = static_cast<char>(c - 'a' + 'A');
    }
    if (c == 'O') {
        c = '0';
    } else if (c == 'I' || c == 'L') {
        c = '1';
    }
    auto at = TrackingCode::kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

tl::unexpected<core::Error> Mistyped(std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, "tracking_code_mistyped", std::move(message),
                      {{"field", "tracking_code"}});
}

}  // namespace

std::uint8_t TrackingCode::Fold(std::span<const std::uint8_t> symbols) {
    std::uint8_t r = 0;
    for (std::uint8_t s : symbols) {
        if (s > kSymbolMask) {
            throw std::invalid_argument("TrackingCode: a symbol is a value 0..31");
        }
        r = static_cast<std::uint8_t>(MulA(r) ^ s);
    }
    return r;
}

TrackingCode TrackingCode::Encode(const std::array<std::uint8_t, kDataSymbols>& symbols) {
    std::array<std::uint8_t, kSymbols> all{};
    for (std::size_t i = 0; i < kDataSymbols; ++i) {
        all[i] = symbols[i];
    }
    // The fold over all eleven is a·r ⊕ check, which is 0 exactly when check = a·r.
    all[kDataSymbols] = MulA(Fold(symbols));
    return TrackingCode(all);
}

TrackingCode TrackingCode::FromRandomBytes(std::span<const std::uint8_t, kRandomBytes> bytes) {
    std::uint64_t bits = 0;
    for (std::uint8_t b : bytes) {
        bits = (bits << 8U) | b;
    }
    std::array<std::uint8_t, kDataSymbols> symbols{};
    // 56 bits in; symbol i takes bits 55−5i .. 51−5i, so the last 6 bits are left out.
    for (std::size_t i = 0; i < kDataSymbols; ++i) {
        symbols[i] = static_cast<std::uint8_t>((bits >> (51 - 5 * i)) & kSymbolMask);
    }
    return Encode(symbols);
}

core::Result<TrackingCode> TrackingCode::Parse(std::string_view typed) {
    std::array<std::uint8_t, kSymbols> symbols{};
    std::size_t count = 0;
    for (char c : typed) {
        if (c == ' ' || c == '-') {
            continue;
        }
        int value = SymbolValue(c);
        if (value < 0) {
            return Mistyped(
                "This tracking code has a character that tracking codes do not use: they have only the digits 0-9 "
                "and the letters A-Z except U. Check it against your receipt.");
        }
        if (count < kSymbols) {
            symbols[count] = static_cast<std::uint8_t>(value);
        }
        ++count;
    }
    if (count != kSymbols) {
        return Mistyped(
            fmt::format("A tracking code has {} characters, like XXXX-XXXX-XXX; this one has {}. Check it "
                        "against your receipt.",
                        kSymbols, count));
    }
    if (Fold(symbols) != 0) {
        return Mistyped("This tracking code has a typing mistake: check it against your receipt.");
    }
    return TrackingCode(symbols);
}

std::string TrackingCode::Display() const {
    std::string out;
    out.reserve(kSymbols + 2);
    for (std::size_t i = 0; i < kSymbols; ++i) {
        if (i == 4 || i == 8) {
            out.push_back('-');
        }
        out.push_back(kAlphabet[symbols_[i]]);
    }
    return out;
}

std::string TrackingCode::Compact() const {
    std::string out;
    out.reserve(kSymbols);
    for (std::uint8_t s : symbols_) {
        out.push_back(kAlphabet[s]);
    }
    return out;
}

}  // namespace layan::domain::requests
