#include "layan/store/personal_data.h"

#include <fmt/format.h>

namespace layan::store {

std::string_view ToString(PersonalDataKind kind) {
    switch (kind) {
        case PersonalDataKind::kPhone:
            return "phone";
        case PersonalDataKind::kNik:
            return "nik";
    }
    return "unknown";
}

std::optional<PersonalDataKind> ParsePersonalDataKind(std::string_view name) {
    if (name == "phone") {
        return PersonalDataKind::kPhone;
    }
    if (name == "nik") {
        return PersonalDataKind::kNik;
    }
    return std::nullopt;
}

nlohmann::json MetadataOf(const Processor& by) {
    nlohmann::json meta = nlohmann::json::object();
    for (auto [name, value] : {std::pair{"actor", &by.actor}, std::pair{"role", &by.role}, std::pair{"ip", &by.ip},
                               std::pair{"device", &by.device}}) {
        if (!value->empty()) {
            meta[name] = *value;
        }
    }
    return meta;
}

std::string CitizenStream(std::string_view ref) { return fmt::format("citizen/{}", ref); }

namespace {

nlohmann::json Stamp(const RecordedEvent& event) {
    return nlohmann::json{{"type", event.type}, {"at", core::FormatIso8601(event.recorded_at)}};
}

}  // namespace

core::Result<nlohmann::json> ExportSubject(PersonalDataVault& vault, EventStore& events, PersonalDataKind kind,
                                           std::string_view value, const Processor& by,
                                           const std::function<bool(const CitizenRecord&)>& include) {
    const Ground access{"data_subject_access", "legal_obligation"};
    nlohmann::json citizens = nlohmann::json::array();
    for (const auto& citizen : vault.FindByValue(kind, value)) {
        if (include && !include(citizen)) {
            continue;
        }
        auto values = vault.Reveal(citizen.ref, access, by);
        if (!values) {
            return tl::unexpected(values.error());
        }
        nlohmann::json data = nlohmann::json::array();
        for (const auto& held : *values) {
            data.push_back({{"kind", ToString(held.kind)},
                            {"value", held.value},
                            {"purpose", held.ground.purpose},
                            {"basis", held.ground.basis}});
        }
        nlohmann::json ticket = nullptr;
        if (!citizen.ticket_stream.empty()) {
            nlohmann::json ticket_events = nlohmann::json::array();
            for (const auto& event : events.ReadStream(citizen.ticket_stream)) {
                if (event.data.is_object() && event.data.value("ticket_id", "") == citizen.ticket_id) {
                    // Officers' addresses and devices in the metadata are theirs, not the citizen's.
                    auto entry = Stamp(event);
                    entry["data"] = event.data;
                    ticket_events.push_back(std::move(entry));
                }
            }
            ticket = {{"id", citizen.ticket_id}, {"stream", citizen.ticket_stream}, {"events", ticket_events}};
        }
        nlohmann::json processing = nlohmann::json::array();
        for (const auto& record : events.ReadStream(CitizenStream(citizen.ref))) {
            auto entry = Stamp(record);
            entry["details"] = record.data;
            entry["by"] = record.metadata;
            processing.push_back(std::move(entry));
        }
        citizens.push_back({{"citizen_ref", citizen.ref},
                            {"hall", citizen.hall_id},
                            {"collected_at", core::FormatIso8601(citizen.collected_at)},
                            {"data", data},
                            {"ticket", ticket},
                            {"processing", processing}});
    }
    return nlohmann::json{{"subject", {{"kind", ToString(kind)}, {"value", value}}},
                          {"as_of_position", events.HeadPosition()},
                          {"citizens", citizens}};
}

}  // namespace layan::store
