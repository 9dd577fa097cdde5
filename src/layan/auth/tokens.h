#pragma once

#include <string>
#include <string_view>

/// Random secrets and their stored form. libsodium underneath; every function is thread-safe.
namespace layan::auth {

/// Initialises libsodium once (thread-safe, idempotent). Throws std::runtime_error if it cannot.
void InitSodium();

/// A new random 256-bit secret, base64url without padding (43 characters), with an optional readable prefix
/// ("lyd_" for device tokens, so a leaked one is recognisable by secret scanners).
[[nodiscard]] std::string NewToken(std::string_view prefix = "");

/// A new random identifier: the prefix, then 16 hex digits (64 random bits), e.g. "u-3f9c0a1b2c3d4e5f".
[[nodiscard]] std::string NewId(std::string_view prefix);

/// The stored form of a token: hex BLAKE2b-256 of its bytes. Tokens carry 256 random bits, so a fast hash is
/// enough (unlike passwords); a copy of the database does not give anyone a working token.
[[nodiscard]] std::string HashToken(std::string_view token);

/// Equality that takes the same time wherever the first difference is (only the lengths may leak).
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace layan::auth
