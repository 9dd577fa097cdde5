#include "layan/auth/tokens.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace layan::auth {

void InitSodium() {
    // sodium_init is itself thread-safe and returns 1 when already initialised.
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

std::string NewToken(std::string_view prefix) {
    InitSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
    encoded.resize(encoded.find('\0'));
    sodium_memzero(bytes.data(), bytes.size());
    return std::string(prefix) + encoded;
}

std::string NewId(std::string_view prefix) {
    InitSodium();
    std::array<unsigned char, 8> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return std::string(prefix) + hex;
}

std::string HashToken(std::string_view token) {
    InitSodium();
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    // Only the bytes are hashed (no key): the token's own 256 random bits are what protects it.
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    std::string hex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace layan::auth
