#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/store/event_store.h"

/// The personal-data vault (UU 27/2022): the phone number or NIK a citizen gives at the kiosk, sealed
/// under a key of their own, never in the event log. The log holds only a random citizen reference
/// (TicketIssued's citizen_ref) and, in the stream StreamId::Citizen(ref) ("citizen/<ref>"), one record per processing:
/// who collected, read or erased what, why and on what legal basis. Erasing a citizen destroys their key and values;
/// their records then point at no one, and the hash chains stay intact. Key management is described in
/// docs/audit-and-personal-data.md.
namespace layan::store {

/// What a value is.
enum class PersonalDataKind { kPhone, kNik };

/// "phone", "nik".
[[nodiscard]] std::string_view ToString(PersonalDataKind kind);

/// The kind named "phone" or "nik"; nullopt otherwise.
[[nodiscard]] std::optional<PersonalDataKind> ParsePersonalDataKind(std::string_view name);

/// Why data is processed and on what legal basis, recorded with each processing.
struct Ground {
    std::string purpose;  ///< "queue_notification", "public_service", "data_subject_access", ...
    std::string basis;    ///< "consent", "public_service", "legal_obligation", ...

    friend bool operator==(const Ground&, const Ground&) = default;
};

/// Who processes (or, for any other recorded change, who acts), recorded as the event's metadata (empty fields are
/// left out; see MetadataOf).
struct Processor {
    std::string actor;
    std::string role;
    std::string ip;
    std::string device;
};

/// The metadata of an event `by` causes: {"actor", "role", "ip", "device"}, empty fields left out.
[[nodiscard]] nlohmann::json MetadataOf(const Processor& by);

/// One value with the ground it is held on. Values are given already validated and normalised
/// (E.164 phone, 16-digit NIK): the vault compares them byte for byte.
struct PersonalValue {
    PersonalDataKind kind = PersonalDataKind::kPhone;
    std::string value;
    Ground ground;
};

/// What the vault holds on one citizen, without the values.
struct CitizenRecord {
    std::string ref;
    std::string hall_id;
    std::string ticket_stream;  ///< Empty until the ticket is attached.
    std::string ticket_id;
    core::Instant collected_at{};
    std::optional<core::Instant> erased_at;
    std::string erase_reason;
    struct Held {
        PersonalDataKind kind = PersonalDataKind::kPhone;
        Ground ground;
    };
    std::vector<Held> held;  ///< Empty once erased.
};

/// Types of the processing records in a citizen's stream.
inline constexpr std::string_view kPersonalDataCollected = "personal_data_collected";
inline constexpr std::string_view kPersonalDataAccessed = "personal_data_accessed";
inline constexpr std::string_view kPersonalDataErased = "personal_data_erased";

/// The vault. Thread-safe. Every processing is recorded in the citizen's stream BEFORE it happens:
/// nothing is collected or read without a record (a failed record fails the operation).
class PersonalDataVault {
public:
    virtual ~PersonalDataVault() = default;

    /// Loads the master key now (it is otherwise loaded on first use), creating it when the database has
    /// no data sealed with a key yet. Throws std::runtime_error with a sentence for the operator when the
    /// key is missing, different or exposed (see the backend), so a server can refuse to start rather
    /// than fail its first citizen.
    virtual void CheckKey() = 0;

    /// A keyed BLAKE2b-256 of `message` under a key derived from the master key for links (raw bytes): what
    /// makes a link unguessable (a ticket's survey link) without storing a secret per link. The same message
    /// always gives the same bytes with the same key file; nothing about the key can be learnt from them.
    [[nodiscard]] virtual std::string SignLink(std::string_view message) = 0;

    /// Seals `values` for a new citizen at `hall_id` under a fresh key and records
    /// personal_data_collected (the kinds with their purpose and basis, never the values).
    /// Returns the citizen's reference. Fails kInvalid "no_personal_data" when `values` is empty,
    /// "duplicate_kind" when a kind repeats, "invalid_ground" when a purpose or basis is empty;
    /// kUnavailable when the record cannot be written. Throws core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual core::Result<std::string> Collect(const std::string& hall_id,
                                                            const std::vector<PersonalValue>& values,
                                                            const Processor& by) = 0;

    /// Links a citizen to their ticket (the ticket's TicketIssued names the citizen in turn).
    /// Unknown references are ignored.
    virtual void AttachTicket(const std::string& ref, const std::string& ticket_stream,
                              const std::string& ticket_id) = 0;

    /// The citizen's record, without values; nullopt for an unknown reference.
    [[nodiscard]] virtual std::optional<CitizenRecord> Find(const std::string& ref) = 0;

    /// Citizens (not erased) holding exactly this value, oldest first.
    [[nodiscard]] virtual std::vector<CitizenRecord> FindByValue(PersonalDataKind kind, std::string_view value) = 0;

    /// Citizens not erased whose data was collected before `before`, oldest first (retention).
    [[nodiscard]] virtual std::vector<CitizenRecord> ListCollectedBefore(core::Instant before) = 0;

    /// Records personal_data_accessed (purpose, basis, kinds), then opens and returns the values.
    /// Fails kNotFound "citizen_not_found", kConflict "personal_data_erased", kInvalid "invalid_ground",
    /// kUnavailable when the record cannot be written, kInternal "vault_corrupt" when a value does not
    /// open with the citizen's key.
    [[nodiscard]] virtual core::Result<std::vector<PersonalValue>> Reveal(const std::string& ref, const Ground& why,
                                                                          const Processor& by) = 0;

    /// Destroys the citizen's key, values and lookup tokens, then records personal_data_erased with
    /// `reason`. Returns false (and records nothing) when already erased; kNotFound "citizen_not_found".
    [[nodiscard]] virtual core::Result<bool> Erase(const std::string& ref, const std::string& reason,
                                                   const Processor& by) = 0;

    /// Erase without waiting for the record: the values are destroyed before it returns, the record is
    /// appended asynchronously (a failure to record is logged). Safe inside an event store callback, where
    /// Erase would deadlock. Unknown or already erased references are ignored.
    virtual void Discard(const std::string& ref, const std::string& reason, const Processor& by) = 0;
};

}  // namespace layan::store
