#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/engine/actor.h"
#include "layan/engine/directory.h"
#include "layan/store/event_store.h"
#include "layan/store/personal_data.h"

/// The use cases of citizens' personal data (UU 27/2022): what a citizen gives with a ticket, a data
/// subject's access and erasure requests, and retention. The vault (store::PersonalDataVault) seals the
/// values; here are the rules of when, why and for whom. Every call blocks on the store: run it on a
/// worker pool, never on an HTTP event loop.
namespace layan::engine {

/// What a citizen chose to give with a ticket, validated and normalised (E.164 phone, 16-digit NIK).
struct TicketContact {
    std::optional<std::string> phone;  ///< For queue notifications, on the citizen's consent.
    std::optional<std::string> nik;    ///< For services that prefetch the citizen's data (public service).

    [[nodiscard]] bool empty() const { return !phone && !nik; }
};

/// The contact as it may be shown back: masked ("+62812****7890", "3516**********12").
struct MaskedContact {
    std::optional<std::string> phone;
    std::optional<std::string> nik;
};

/// A citizen whose data was sealed while their ticket is being issued.
struct CollectedContact {
    std::string ref;  ///< Empty when no personal data was given.
    store::Processor by;
    MaskedContact masked;
};

/// Everything held on one citizen, for their data-subject access request.
struct ExportedCitizen {
    store::CitizenRecord record;
    std::vector<store::PersonalValue> values;         ///< Opened (the export is recorded first).
    std::vector<store::RecordedEvent> ticket_events;  ///< Their ticket's events (empty without a ticket).
    std::vector<store::RecordedEvent> processing;     ///< The citizen's processing records.
};

/// A data subject's access request answered: every citizen holding the value, as of a log position.
struct SubjectExport {
    store::PersonalDataKind kind = store::PersonalDataKind::kNik;
    std::string value;
    std::int64_t as_of_position = 0;
    std::vector<ExportedCitizen> citizens;
};

/// What the vault holds on one citizen, masked, with their processing history (an administrator's view).
struct CitizenFile {
    store::CitizenRecord record;
    std::vector<store::PersonalValue> values;  ///< Values masked; empty once erased.
    std::vector<store::RecordedEvent> processing;
};

/// The result of one retention run.
struct PurgeOutcome {
    std::vector<std::string> erased;  ///< Citizen references erased.
    int kept = 0;                     ///< Collected before the cutoff but their ticket closed too recently (or open).
};

class PersonalData {
public:
    /// `directory` places citizens in a tenant (through the hall where their data was collected).
    PersonalData(store::PersonalDataVault& vault, store::EventStore& events, Directory& directory);

    /// Seals the contact given with a ticket about to be issued at `hall_id` (nothing when it is empty); the
    /// ticket then names the citizen. kUnavailable when the vault cannot record the collection.
    [[nodiscard]] core::Result<CollectedContact> CollectForTicket(const std::string& hall_id,
                                                                  const TicketContact& contact,
                                                                  const store::Processor& by);

    /// After the issue: links the citizen to their ticket, or erases what was collected when no ticket was
    /// issued (reason "ticket_not_issued"). Never throws (a failure is logged).
    void SettleTicket(const CollectedContact& contact, const std::optional<store::StreamId>& ticket_stream,
                      const std::string& ticket_id);

    /// A data subject's access request within `tenant_id` (empty: every tenant, as the command line asks):
    /// every citizen holding the value there.
    [[nodiscard]] core::Result<SubjectExport> Export(const std::string& tenant_id, store::PersonalDataKind kind,
                                                     const std::string& value, const store::Processor& by);

    /// Erases every citizen of `tenant_id` (empty: every tenant) holding the value; returns their references.
    [[nodiscard]] core::Result<std::vector<std::string>> Erase(const std::string& tenant_id,
                                                               store::PersonalDataKind kind, const std::string& value,
                                                               const std::string& reason, const store::Processor& by);

    /// One citizen of `tenant_id` with their values masked (reading them is recorded); kNotFound
    /// "citizen_not_found" for an unknown citizen or one of another tenant (no probing).
    [[nodiscard]] core::Result<CitizenFile> Citizen(const std::string& tenant_id, const std::string& ref,
                                                    const store::Processor& by);

    /// Erases the data of every citizen whose ticket closed (domain::queue::TicketClosedAt), or whose service request
    /// ended (handed over, rejected, withdrawn), more than `retention` before `now`. An open request keeps its
    /// citizen's data.
    [[nodiscard]] PurgeOutcome Purge(core::Instant now, std::chrono::days retention);

private:
    store::PersonalDataVault& vault_;
    store::EventStore& events_;
    Directory& directory_;
};

}  // namespace layan::engine
