#include "layan/auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "layan/auth/tokens.h"

namespace layan::auth {

namespace {

std::size_t Utf8Length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

core::Status Weak(std::string message) {
    return core::Fail(core::ErrorKind::kInvalid, "weak_password", std::move(message), {{"field", "password"}});
}

}  // namespace

std::string HashPassword(std::string_view password, const PasswordCost& cost) {
    InitSodium();
    if (password.size() > kMaxPasswordBytes) {
        throw std::invalid_argument("password longer than kMaxPasswordBytes");
    }
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.operations, cost.memory_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error(
            fmt::format("hashing a password needs {} MiB of memory, which is not available", cost.memory_bytes >> 20));
    }
    return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
    InitSodium();
    if (password.size() > kMaxPasswordBytes || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    const std::string terminated(hash);  // libsodium reads a NUL-terminated string
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordCost& cost) {
    InitSodium();
    const std::string terminated(hash);
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost.operations, cost.memory_bytes) != 0;
}

core::Status CheckNewPassword(std::string_view password, std::string_view username) {
    if (password.size() > kMaxPasswordBytes) {
        return Weak(fmt::format("The password is too long: at most {} bytes.", kMaxPasswordBytes));
    }
    if (Utf8Length(password) < kMinPasswordChars) {
        return Weak(
            fmt::format("The password is too short: use at least {} characters (a few words are easy to "
                        "remember).",
                        kMinPasswordChars));
    }
    const std::string lower = Lower(password);
    if (!username.empty() && lower.find(Lower(username)) != std::string::npos) {
        return Weak("The password must not contain the username.");
    }
    if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password.front(); })) {
        return Weak("The password must not be one character repeated.");
    }
    // The first guesses of every attacker (and of every Indonesian office's shared sticky note).
    static constexpr std::array kCommon = {"1234567890",    "12345678910",  "0123456789",   "qwertyuiop",
                                           "password123",   "password1234", "passw0rd123",  "bismillah123",
                                           "indonesia123",  "indonesia45",  "rahasia123",   "admin12345",
                                           "administrator", "layan-demo",   "pelayanan123", "jakarta123"};
    if (std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end()) {
        return Weak("This password is among the first ones guessed; choose another.");
    }
    return {};
}

std::string NewRandomPassword() {
    InitSodium();
    static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
    }
    return out;
}

}  // namespace layan::auth
