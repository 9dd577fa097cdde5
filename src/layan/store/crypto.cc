#include "layan/store/crypto.h"

#include <sodium.h>

#include <stdexcept>

namespace layan::store::crypto {

namespace {

static_assert(sizeof(Key) == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(sizeof(Key) == crypto_kdf_KEYBYTES);
static_assert(sizeof(Digest) == crypto_hash_sha256_BYTES);

void EnsureSodium() {
    // sodium_init is idempotent and thread-safe; a negative result means no usable randomness.
    static const int kReady = sodium_init();
    if (kReady < 0) {
        throw std::runtime_error("libsodium cannot initialise (no source of randomness?)");
    }
}

const unsigned char* Uchars(std::string_view bytes) { return reinterpret_cast<const unsigned char*>(bytes.data()); }

}  // namespace

Digest Sha256(std::initializer_list<std::string_view> parts) {
    EnsureSodium();
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    for (auto part : parts) {
        crypto_hash_sha256_update(&state, Uchars(part), part.size());
    }
    Digest digest{};
    crypto_hash_sha256_final(&state, digest.data());
    return digest;
}

std::string ToHex(std::string_view bytes) {
    EnsureSodium();
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), Uchars(bytes), bytes.size());
    hex.pop_back();
    return hex;
}

std::optional<std::string> BytesFromHex(std::string_view hex) {
    EnsureSodium();
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string bytes(hex.size() / 2, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(), hex.size(), nullptr,
                       &length, &end) != 0 ||
        length != bytes.size() || end != hex.data() + hex.size()) {
        return std::nullopt;
    }
    return bytes;
}

std::optional<Digest> DigestFromHex(std::string_view hex) {
    EnsureSodium();
    Digest digest{};
    std::size_t length = 0;
    const char* end = nullptr;
    if (hex.size() != digest.size() * 2 ||
        sodium_hex2bin(digest.data(), digest.size(), hex.data(), hex.size(), nullptr, &length, &end) != 0 ||
        length != digest.size() || end != hex.data() + hex.size()) {
        return std::nullopt;
    }
    return digest;
}

std::optional<Digest> DigestFromBytes(std::string_view bytes) {
    if (bytes.size() != sizeof(Digest)) {
        return std::nullopt;
    }
    Digest digest{};
    std::copy(bytes.begin(), bytes.end(), digest.begin());
    return digest;
}

std::string RandomBytes(std::size_t count) {
    EnsureSodium();
    std::string bytes(count, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

Key NewKey() {
    EnsureSodium();
    Key key{};
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    return key;
}

void Wipe(Key& key) { sodium_memzero(key.data(), key.size()); }

Key DeriveKey(const Key& master, std::uint64_t id, std::string_view context) {
    EnsureSodium();
    if (context.size() != crypto_kdf_CONTEXTBYTES) {
        throw std::invalid_argument("a key derivation context is exactly 8 characters");
    }
    Key subkey{};
    crypto_kdf_derive_from_key(subkey.data(), subkey.size(), id, context.data(), master.data());
    return subkey;
}

std::string Seal(const Key& key, std::string_view plaintext, std::string_view associated) {
    EnsureSodium();
    constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string sealed(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, kNonce);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonce, &written, Uchars(plaintext), plaintext.size(),
                                               Uchars(associated), associated.size(), nullptr, out, key.data());
    sealed.resize(kNonce + written);
    return sealed;
}

std::optional<std::string> Open(const Key& key, std::string_view sealed, std::string_view associated) {
    EnsureSodium();
    constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (sealed.size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        return std::nullopt;
    }
    std::string plaintext(sealed.size() - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plaintext.data()), &written, nullptr, Uchars(sealed.substr(kNonce)),
            sealed.size() - kNonce, Uchars(associated), associated.size(), Uchars(sealed), key.data()) != 0) {
        return std::nullopt;
    }
    plaintext.resize(written);
    return plaintext;
}

std::string KeyedHash(const Key& key, std::string_view message) {
    EnsureSodium();
    std::string out(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), Uchars(message), message.size(),
                       key.data(), key.size());
    return out;
}

}  // namespace layan::store::crypto
