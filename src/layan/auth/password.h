#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "layan/core/error.h"

/// Passwords: Argon2id hashes (libsodium's crypto_pwhash_str), never the password itself.
namespace layan::auth {

/// How much work one hash costs. Verification reads the cost from the stored hash, so raising the cost only
/// affects new hashes (and old ones are rehashed at the next successful sign-in, see NeedsRehash).
struct PasswordCost {
    unsigned long long operations = 3;     ///< Argon2 passes over memory (t).
    std::size_t memory_bytes = 64u << 20;  ///< Memory per hash (m): 64 MiB.

    friend bool operator==(const PasswordCost&, const PasswordCost&) = default;
};

/// The production cost: t=3, m=64 MiB, 120–260 ms on one core of the 2-core reference box (docs/SECURITY.md).
/// At most two hashes run at once (a core::WorkerPool), so sign-ins never take more than 128 MiB.
inline constexpr PasswordCost kDefaultPasswordCost{};

/// The cheapest cost libsodium accepts: for tests only, where hundreds of accounts are made.
inline constexpr PasswordCost kTestPasswordCost{1, 8192};

/// Longest password accepted (bytes): longer input is refused before hashing, so it cannot be used to burn CPU.
inline constexpr std::size_t kMaxPasswordBytes = 1024;
/// Shortest password accepted for a new password (characters, counted as UTF-8 code points).
inline constexpr std::size_t kMinPasswordChars = 10;

/// The Argon2id string of `password` ("$argon2id$v=19$m=65536,t=3,p=1$..."), with a fresh random salt.
/// Throws std::runtime_error when the memory cannot be had.
[[nodiscard]] std::string HashPassword(std::string_view password, const PasswordCost& cost = kDefaultPasswordCost);

/// True when `password` matches `hash` (constant time in the password's content). False for a malformed hash
/// or an over-long password.
[[nodiscard]] bool VerifyPassword(std::string_view hash, std::string_view password);

/// True when `hash` was made with another cost than `cost` (or another algorithm): rehash it.
[[nodiscard]] bool NeedsRehash(std::string_view hash, const PasswordCost& cost = kDefaultPasswordCost);

/// Rules for a new password: kMinPasswordChars to kMaxPasswordBytes, not the username, not made of one repeated
/// character, not one of the passwords every guesser tries first. kInvalid "weak_password" (details.field
/// "password") saying what to change.
[[nodiscard]] core::Status CheckNewPassword(std::string_view password, std::string_view username);

/// A random password for a person to type once and change: 16 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I).
[[nodiscard]] std::string NewRandomPassword();

}  // namespace layan::auth
