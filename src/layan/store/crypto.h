#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

/// The cryptography the store uses, in one place, over libsodium: SHA-256 for the audit chain,
/// XChaCha20-Poly1305 and BLAKE2b for the personal-data vault. Every function initialises libsodium
/// on first use and is thread-safe.
namespace layan::store::crypto {

/// A SHA-256 digest (32 bytes).
using Digest = std::array<std::uint8_t, 32>;

/// A 256-bit symmetric key. Holders wipe it (Wipe) when they are done with it.
using Key = std::array<std::uint8_t, 32>;

/// SHA-256 of the concatenation of `parts`.
[[nodiscard]] Digest Sha256(std::initializer_list<std::string_view> parts);

/// A digest's bytes as a string_view (for hashing it again, or binding it as a BLOB).
[[nodiscard]] inline std::string_view Bytes(const Digest& digest) {
    return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

/// Lower-case hex of any bytes.
[[nodiscard]] std::string ToHex(std::string_view bytes);
[[nodiscard]] inline std::string ToHex(const Digest& digest) { return ToHex(Bytes(digest)); }

/// The bytes of an even number of hex characters; nullopt for anything else.
[[nodiscard]] std::optional<std::string> BytesFromHex(std::string_view hex);

/// A digest from 64 hex characters; nullopt otherwise.
[[nodiscard]] std::optional<Digest> DigestFromHex(std::string_view hex);

/// A digest from 32 raw bytes (a BLOB); nullopt for any other length.
[[nodiscard]] std::optional<Digest> DigestFromBytes(std::string_view bytes);

/// `count` bytes from the operating system's CSPRNG.
[[nodiscard]] std::string RandomBytes(std::size_t count);

/// A fresh random key.
[[nodiscard]] Key NewKey();

/// Overwrites a key with zeros in a way the compiler cannot optimise away.
void Wipe(Key& key);

/// The subkey number `id` of `master` for the purpose named by the 8-character `context`
/// (libsodium's crypto_kdf): keys for different purposes never coincide.
[[nodiscard]] Key DeriveKey(const Key& master, std::uint64_t id, std::string_view context);

/// XChaCha20-Poly1305 (IETF) with a random 24-byte nonce: returns nonce || ciphertext || tag.
/// `associated` is authenticated but not stored: opening needs the same value, which binds a
/// ciphertext to its place (a citizen and a field), so it cannot be moved elsewhere unnoticed.
[[nodiscard]] std::string Seal(const Key& key, std::string_view plaintext, std::string_view associated);

/// Opens what Seal produced; nullopt when the key, the associated data or the bytes do not match.
[[nodiscard]] std::optional<std::string> Open(const Key& key, std::string_view sealed, std::string_view associated);

/// Keyed BLAKE2b-256 of `message`: a stable lookup token that reveals nothing without the key.
[[nodiscard]] std::string KeyedHash(const Key& key, std::string_view message);

}  // namespace layan::store::crypto
