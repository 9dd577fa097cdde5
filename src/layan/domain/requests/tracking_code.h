#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "layan/core/error.h"

namespace layan::domain::requests {

/// The code a citizen gets on the receipt of a request and types back to follow it, e.g. "7K3M-Q0ZD-4T7".
///
/// Eleven symbols of Crockford's base 32 (digits and upper-case letters without I, L, O and U, so what is
/// read off paper is typed back right): ten data symbols (50 random bits, drawn by the engine) and one
/// check symbol. The check is a Damm-style fold over GF(32) = GF(2)[x]/(x⁵+x²+1) with a = x:
/// `r = 0; for each symbol s: r = a·r ⊕ s`. The check symbol is chosen so that the fold over all eleven
/// symbols ends at 0. Written out, the fold is Σ a^(10−i)·s_i, so a change of one symbol at position i by
/// e ≠ 0 moves it by a^(10−i)·e ≠ 0; swapping unequal neighbours s, t moves it by a^k·(a+1)·(s⊕t) ≠ 0;
/// swapping unequal symbols two apart (abc → cba) moves it by a^k·(a²+1)·(s⊕t) ≠ 0 (a is neither 0 nor
/// 1, and a²+1 = (a+1)² ≠ 0). So every single substitution, adjacent transposition and jump
/// transposition is caught.
///
/// A value type: comparable, copyable, and ordered (for maps), always valid once made.
class TrackingCode {
public:
    /// Crockford's base 32, the value of a symbol is its index.
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /// Random symbols in a code.
    static constexpr std::size_t kDataSymbols = 10;
    /// Symbols in a code: data and check.
    static constexpr std::size_t kSymbols = kDataSymbols + 1;
    /// Random bytes FromRandomBytes takes (56 bits, of which 50 are used).
    static constexpr std::size_t kRandomBytes = 7;

    /// The all-zero code "0000-0000-000" (a valid code: its check symbol is 0). Only so that a code can be
    /// a member of a struct that is filled in later; real codes come from FromRandomBytes or Parse.
    TrackingCode() = default;

    /// The code with these data symbols (each 0..31) and their check symbol. Throws std::invalid_argument
    /// when a symbol is above 31 (a programmer error: symbols come from FromRandomBytes or a parsed code).
    [[nodiscard]] static TrackingCode Encode(const std::array<std::uint8_t, kDataSymbols>& symbols);

    /// The code whose data symbols are the first 50 bits (big-endian, most significant bit first) of
    /// `bytes`; the last 6 bits are ignored. The engine passes cryptographically random bytes, so every code
    /// is equally likely; the domain draws nothing itself.
    [[nodiscard]] static TrackingCode FromRandomBytes(std::span<const std::uint8_t, kRandomBytes> bytes);

    /// Reads a code as a citizen typed it. Spaces and hyphens are dropped anywhere, letters are upper-cased,
    /// O is read as 0 and I and L as 1 (the symbols Crockford's alphabet leaves out because they look like
    /// digits). Errors, all ErrorKind::kInvalid with code "tracking_code_mistyped" and details
    /// {"field": "tracking_code"}, the message saying what is wrong without repeating the input:
    /// - a character that is not in the alphabet after normalisation (U, punctuation, non-ASCII);
    /// - not exactly 11 symbols;
    /// - a check symbol that does not match (a typing mistake).
    [[nodiscard]] static core::Result<TrackingCode> Parse(std::string_view typed);

    /// The fold r = a·r ⊕ s over `symbols` (each 0..31) from r = 0; a code's eleven symbols fold to 0.
    /// Throws std::invalid_argument for a symbol above 31.
    [[nodiscard]] static std::uint8_t Fold(std::span<const std::uint8_t> symbols);

    /// "7K3M-Q0ZD-4T7": groups of 4, 4 and 3 symbols, as printed on receipts and shown on pages.
    [[nodiscard]] std::string Display() const;

    /// "7K3MQ0ZD4T7": the eleven symbols without separators, for stream names and URLs.
    [[nodiscard]] std::string Compact() const;

    /// The eleven symbol values (0..31), data first, check last.
    [[nodiscard]] const std::array<std::uint8_t, kSymbols>& symbols() const { return symbols_; }

    friend bool operator==(const TrackingCode&, const TrackingCode&) = default;
    friend auto operator<=>(const TrackingCode&, const TrackingCode&) = default;

private:
    explicit TrackingCode(const std::array<std::uint8_t, kSymbols>& symbols) : symbols_(symbols) {}

    std::array<std::uint8_t, kSymbols> symbols_{};
};

}  // namespace layan::domain::requests
