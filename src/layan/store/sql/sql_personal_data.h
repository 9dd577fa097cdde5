#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "layan/store/crypto.h"
#include "layan/store/database.h"
#include "layan/store/personal_data.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// Where a vault's master key comes from.
struct VaultKey {
    /// The key file (SQLite: DatabaseOptions::personal_data_key_file, or "<database file>.key";
    /// PostgreSQL: personal_data_key_file, which it needs). Empty and not ephemeral: the vault refuses
    /// to load a key, and says why.
    std::string file;
    /// A random key that dies with the process (an in-memory database).
    bool ephemeral = false;
};

/// The vault in the database (tables citizens, personal_data, vault_state), with its master key in a
/// file outside it.
///
/// Keys: the master key (32 random bytes, hex in `key_file`, mode 0600) is read once at open; two keys
/// are derived from it (crypto_kdf): one wraps the citizens' keys, one makes lookup tokens. A keyed
/// fingerprint of the master key is stored in the database so a missing or different key file is
/// refused rather than silently replaced. An in-memory database gets a random key that dies with it.
class SqlPersonalDataVault final : public PersonalDataVault {
public:
    /// The vault of the database behind `pool`, its master key from `key`. The key is loaded on first use (or
    /// CheckKey), and the file created (0600) when neither it nor a fingerprint exists; loading throws
    /// std::runtime_error with a sentence for the operator when the key file is missing but the database has data
    /// sealed with a key, when it does not match, is malformed, or is readable by other users. Commands that never
    /// touch personal data thus work without the key. `events` receives the processing records and must outlive the
    /// vault's use.
    SqlPersonalDataVault(std::shared_ptr<ConnectionPool> pool, EventStore& events, const DatabaseOptions& options,
                         VaultKey key);
    ~SqlPersonalDataVault() override;

    void CheckKey() override;
    [[nodiscard]] std::string SignLink(std::string_view message) override;

    SqlPersonalDataVault(const SqlPersonalDataVault&) = delete;
    SqlPersonalDataVault& operator=(const SqlPersonalDataVault&) = delete;

    [[nodiscard]] core::Result<std::string> Collect(const std::string& hall_id,
                                                    const std::vector<PersonalValue>& values,
                                                    const Processor& by) override;
    void AttachTicket(const std::string& ref, const std::string& ticket_stream, const std::string& ticket_id) override;
    [[nodiscard]] std::optional<CitizenRecord> Find(const std::string& ref) override;
    [[nodiscard]] std::vector<CitizenRecord> FindByValue(PersonalDataKind kind, std::string_view value) override;
    [[nodiscard]] std::vector<CitizenRecord> ListCollectedBefore(core::Instant before) override;
    [[nodiscard]] core::Result<std::vector<PersonalValue>> Reveal(const std::string& ref, const Ground& why,
                                                                  const Processor& by) override;
    [[nodiscard]] core::Result<bool> Erase(const std::string& ref, const std::string& reason,
                                           const Processor& by) override;
    void Discard(const std::string& ref, const std::string& reason, const Processor& by) override;

    /// Where the master key file is ("" when none).
    [[nodiscard]] const std::string& key_file() const { return key_.file; }

private:
    /// Loads the keys once; later calls return at once. Thread-safe.
    void EnsureKeys();
    void LoadMasterKey();
    /// Destroys the key, values and lookups; the kinds erased, or nullopt when unknown / already erased.
    [[nodiscard]] core::Result<std::optional<nlohmann::json>> DestroyValues(const std::string& ref,
                                                                            const std::string& reason);
    [[nodiscard]] std::string Lookup(PersonalDataKind kind, std::string_view value) const;
    [[nodiscard]] std::vector<CitizenRecord> ReadCitizens(Connection& connection, Statement& query);

    std::shared_ptr<ConnectionPool> pool_;
    EventStore& events_;
    std::shared_ptr<const core::Clock> clock_;
    VaultKey key_;
    std::mutex keys_mutex_;
    std::atomic<bool> keys_loaded_{false};
    crypto::Key wrapping_key_{};  // wraps each citizen's key
    crypto::Key lookup_key_{};    // makes lookup tokens
    crypto::Key link_key_{};      // signs links
};

}  // namespace layan::store::sql
