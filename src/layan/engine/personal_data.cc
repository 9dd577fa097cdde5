#include "layan/engine/personal_data.h"

#include <map>

#include <spdlog/spdlog.h>

#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/engine/halls.h"
#include "layan/engine/requests.h"

namespace layan::engine {

namespace identity = domain::identity;
namespace queue = domain::queue;

namespace {

// What the ticket's optional data is held for, and on what legal basis (UU 27/2022 art. 20).
const store::Ground kNotificationGround{"queue_notification", "consent"};
const store::Ground kPrefetchGround{"public_service", "public_service"};
// Why an administrator's views read the vault, and a data subject's own access request.
const store::Ground kAdministrationGround{"administration", "legal_obligation"};
const store::Ground kSubjectAccessGround{"data_subject_access", "legal_obligation"};
// Who erases at the end of the retention period.
const store::Processor kRetentionProcessor{.actor = "system", .role = "system", .ip = "", .device = ""};

std::string Masked(store::PersonalDataKind kind, std::string_view value) {
    return kind == store::PersonalDataKind::kNik ? identity::MaskNik(value) : identity::MaskPhone(value);
}

core::Error CitizenNotFound() {
    return core::Error{core::ErrorKind::kNotFound, "citizen_not_found", "There is no such citizen in the vault.",
                       nullptr};
}

}  // namespace

PersonalData::PersonalData(store::PersonalDataVault& vault, store::EventStore& events, Directory& directory)
    : vault_(vault), events_(events), directory_(directory) {}

core::Result<CollectedContact> PersonalData::CollectForTicket(const std::string& hall_id, const TicketContact& contact,
                                                              const store::Processor& by) {
    CollectedContact collected{.ref = "", .by = by, .masked = {}};
    if (contact.empty()) {
        return collected;
    }
    std::vector<store::PersonalValue> values;
    if (contact.phone) {
        values.push_back({store::PersonalDataKind::kPhone, *contact.phone, kNotificationGround});
        collected.masked.phone = identity::MaskPhone(*contact.phone);
    }
    if (contact.nik) {
        values.push_back({store::PersonalDataKind::kNik, *contact.nik, kPrefetchGround});
        collected.masked.nik = identity::MaskNik(*contact.nik);
    }
    auto ref = vault_.Collect(hall_id, values, by);
    if (!ref) {
        return tl::unexpected(ref.error());
    }
    collected.ref = *ref;
    return collected;
}

void PersonalData::SettleTicket(const CollectedContact& contact, const std::optional<store::StreamId>& ticket_stream,
                                const std::string& ticket_id) {
    if (contact.ref.empty()) {
        return;
    }
    try {
        if (ticket_stream) {
            vault_.AttachTicket(contact.ref, ticket_stream->Name(), ticket_id);
        } else {
            (void)vault_.Erase(contact.ref, "ticket_not_issued", contact.by);
        }
    } catch (const std::exception& e) {
        spdlog::error("personal data of citizen {} could not be settled after the ticket: {}", contact.ref, e.what());
    }
}

core::Result<SubjectExport> PersonalData::Export(const std::string& tenant_id, store::PersonalDataKind kind,
                                                 const std::string& value, const store::Processor& by) {
    SubjectExport out{.kind = kind, .value = value, .as_of_position = events_.HeadPosition(), .citizens = {}};
    for (auto& citizen : vault_.FindByValue(kind, value)) {
        if (!tenant_id.empty() && !directory_.InTenant(citizen.hall_id, tenant_id)) {
            continue;
        }
        auto values = vault_.Reveal(citizen.ref, kSubjectAccessGround, by);
        if (!values) {
            return tl::unexpected(values.error());
        }
        ExportedCitizen exported{
            .record = citizen, .values = std::move(*values), .ticket_events = {}, .processing = {}};
        if (!citizen.ticket_stream.empty()) {
            for (auto& event : events_.ReadStream(citizen.ticket_stream)) {
                if (event.data.is_object() && event.data.value("ticket_id", "") == citizen.ticket_id) {
                    exported.ticket_events.push_back(std::move(event));
                }
            }
        }
        exported.processing = events_.ReadStream(store::StreamId::Citizen(citizen.ref).Name());
        out.citizens.push_back(std::move(exported));
    }
    return out;
}

core::Result<std::vector<std::string>> PersonalData::Erase(const std::string& tenant_id, store::PersonalDataKind kind,
                                                           const std::string& value, const std::string& reason,
                                                           const store::Processor& by) {
    std::vector<std::string> erased;
    for (const auto& citizen : vault_.FindByValue(kind, value)) {
        if (!tenant_id.empty() && !directory_.InTenant(citizen.hall_id, tenant_id)) {
            continue;
        }
        auto done = vault_.Erase(citizen.ref, reason, by);
        if (!done) {
            return tl::unexpected(done.error());
        }
        erased.push_back(citizen.ref);
    }
    return erased;
}

core::Result<CitizenFile> PersonalData::Citizen(const std::string& tenant_id, const std::string& ref,
                                                const store::Processor& by) {
    auto citizen = vault_.Find(ref);
    if (!citizen || !directory_.InTenant(citizen->hall_id, tenant_id)) {
        return tl::unexpected(CitizenNotFound());
    }
    CitizenFile file{.record = *citizen, .values = {}, .processing = {}};
    if (!citizen->erased_at) {
        auto values = vault_.Reveal(ref, kAdministrationGround, by);
        if (!values) {
            return tl::unexpected(values.error());
        }
        for (auto& held : *values) {
            held.value = Masked(held.kind, held.value);
            file.values.push_back(std::move(held));
        }
    }
    file.processing = events_.ReadStream(store::StreamId::Citizen(ref).Name());
    return file;
}

PurgeOutcome PersonalData::Purge(core::Instant now, std::chrono::days retention) {
    PurgeOutcome outcome;
    const auto cutoff = now - retention;
    std::map<std::string, queue::HallState, std::less<>> days;  // each ticket day folded once per run
    // A ticket never closes before its data was collected, so only those collected before the cutoff qualify.
    for (const auto& citizen : vault_.ListCollectedBefore(cutoff)) {
        std::optional<core::Instant> closed;
        if (citizen.ticket_stream.empty()) {
            closed = citizen.collected_at;  // data without a ticket: nothing to wait for
        } else if (auto stream = store::StreamId::Parse(citizen.ticket_stream);
                   stream && stream->day() && directory_.FindHall(stream->owner()) != nullptr) {
            auto [day, fresh] = days.try_emplace(citizen.ticket_stream);
            if (fresh) {
                day->second = FoldStream<HallDayModel>(events_, *stream).state;
            }
            const auto offset = directory_.FindHall(stream->owner())->utc_offset;
            const auto day_end = core::FromLocal(std::chrono::sys_days{*stream->day()} + std::chrono::days{1},
                                                 std::chrono::minutes{0}, offset);
            closed = queue::TicketClosedAt(day->second, citizen.ticket_id, day_end, now);
        } else if (stream && stream->kind() == store::StreamKind::kRequest) {
            // A service request's citizen is kept while the request is open, and from when it ended.
            closed = FoldStream<RequestModel>(events_, *stream).state.closed_at;
        }  // else: cannot tell; keep it, and let an operator look
        if (!closed || *closed > cutoff) {
            ++outcome.kept;
            continue;
        }
        auto erased = vault_.Erase(citizen.ref, "retention", kRetentionProcessor);
        if (!erased) {
            spdlog::error("retention: citizen {} could not be erased: {}", citizen.ref, erased.error().message);
            ++outcome.kept;
            continue;
        }
        outcome.erased.push_back(citizen.ref);
    }
    return outcome;
}

}  // namespace layan::engine
