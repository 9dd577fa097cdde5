#include "layan/engine/standards.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/domain/standards/events.h"
#include "layan/store/personal_data.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

namespace standards = domain::standards;

core::Result<standards::StandardVersion> ServiceStandardModel::Decode(const store::RecordedEvent& recorded) {
    if (recorded.type != standards::kStandardVersionPublished) {
        return core::Fail(core::ErrorKind::kInvalid, "unknown_event_type",
                          fmt::format("\"{}\" is not an event of a service standard", recorded.type));
    }
    return standards::StandardVersionFromJson(recorded.data);
}

store::NewEvent ServiceStandardModel::Encode(const standards::StandardVersion& event, const nlohmann::json& metadata) {
    return store::NewEvent{std::string(standards::kStandardVersionPublished), standards::ToJson(event), metadata};
}

bool PublishFirstVersion(store::EventStore& events, const std::string& tenant_id, const std::string& service_code,
                         const standards::StandardVersion& version, const nlohmann::json& metadata) {
    auto first = version;
    first.version = 1;
    auto appended = events.Append(store::StreamId::ServiceStandard(tenant_id, service_code).Name(),
                                  store::ExpectedVersion{store::ExpectedVersion::kNoStream},
                                  {ServiceStandardModel::Encode(first, metadata)});
    if (appended) {
        return true;
    }
    if (appended.error().kind == core::ErrorKind::kConflict) {
        return false;  // the stream has its first version already
    }
    throw core::StorageUnavailable(appended.error().message);
}

namespace {

core::Error DocumentInvalid(const std::string& field, const std::string& why) {
    return core::Error{core::ErrorKind::kInvalid, "standards_document_invalid",
                       fmt::format("The standards document is not usable at {}: {}.", field, why),
                       nlohmann::json{{"field", field}}};
}

}  // namespace

core::Result<int> PublishFirstVersions(store::EventStore& events, const Directory& directory,
                                       const nlohmann::json& document, const nlohmann::json& metadata) {
    if (!document.is_object() || !document.contains("tenant") || !document["tenant"].is_string()) {
        return tl::unexpected(DocumentInvalid("tenant", "a tenant id is required"));
    }
    const auto tenant_id = document["tenant"].get<std::string>();
    if (directory.FindTenant(tenant_id) == nullptr) {
        return tl::unexpected(DocumentInvalid("tenant", fmt::format("there is no tenant \"{}\"", tenant_id)));
    }
    if (!document.contains("standards") || !document["standards"].is_array()) {
        return tl::unexpected(DocumentInvalid("standards", "a list of standards is required"));
    }
    std::vector<std::pair<std::string, standards::StandardVersion>> checked;
    for (std::size_t i = 0; i < document["standards"].size(); ++i) {
        const auto& entry = document["standards"][i];
        const auto at = fmt::format("standards[{}]", i);
        if (!entry.is_object() || !entry.contains("service") || !entry["service"].is_string()) {
            return tl::unexpected(DocumentInvalid(at + ".service", "a service code is required"));
        }
        const auto service = entry["service"].get<std::string>();
        if (directory.FindService(tenant_id, service) == nullptr) {
            return tl::unexpected(DocumentInvalid(at + ".service", fmt::format("there is no service \"{}\"", service)));
        }
        auto version =
            standards::StandardVersionFromJson(entry.contains("standard") ? entry["standard"] : nlohmann::json{})
                .and_then([](standards::StandardVersion read) { return standards::Validate(std::move(read)); });
        if (!version) {
            auto error = version.error();
            if (error.details.is_object() && error.details.contains("field")) {
                error.details["field"] = at + ".standard." + error.details["field"].get<std::string>();
            }
            return tl::unexpected(std::move(error));
        }
        checked.emplace_back(service, std::move(*version));
    }
    int appended = 0;
    for (const auto& [service, version] : checked) {
        appended += PublishFirstVersion(events, tenant_id, service, version, metadata) ? 1 : 0;
    }
    return appended;
}

Standards::Standards(store::EventStore& events, Directory& directory, const core::Clock& clock)
    : events_(events), directory_(directory), clock_(clock), streams_(events, dispatcher_) {}

Standards::~Standards() { Drain(); }

void Standards::Load() {
    const auto metadata =
        store::MetadataOf(store::Processor{.actor = "system:upgrade", .role = "system", .ip = "", .device = ""});
    for (const auto& tenant_id : directory_.TenantIds()) {
        const auto today = TodayOf(tenant_id);
        for (const auto& service : directory_.ServicesOf(tenant_id)) {
            const auto stream = store::StreamId::ServiceStandard(tenant_id, service.code).Name();
            if (events_.StreamVersion(stream) > 0) {
                continue;
            }
            auto version = standards::Validate(standards::FromCatalogStandard(service.standard, today));
            if (!version) {
                spdlog::warn("service {} of {} has no standard: its catalog entry cannot make one ({}); publish one",
                             service.code, tenant_id, version.error().message);
                continue;
            }
            if (PublishFirstVersion(events_, tenant_id, service.code, *version, metadata)) {
                spdlog::info("service {} of {}: standard version 1 made from the catalog, in force from {}",
                             service.code, tenant_id, core::FormatDate(today));
            }
        }
        // Held from now on (kept current by the store's subscription), so reads never wait for the store.
        for (const auto& service : directory_.ServicesOf(tenant_id)) {
            if (auto held = HistoryOf(tenant_id, service.code); !held) {
                throw core::StorageUnavailable(held.error().message);
            }
        }
    }
}

core::Result<standards::StandardHistory> Standards::HistoryOf(const std::string& tenant_id,
                                                              const std::string& service_code) {
    if (directory_.FindTenant(tenant_id) == nullptr) {
        return core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                          fmt::format("There is no tenant \"{}\".", tenant_id));
    }
    if (directory_.FindService(tenant_id, service_code) == nullptr) {
        return core::Fail(core::ErrorKind::kNotFound, "service_not_found",
                          fmt::format("There is no service \"{}\" in this tenant.", service_code));
    }
    return streams_.Read(store::StreamId::ServiceStandard(tenant_id, service_code),
                         [](const standards::StandardHistory& history) { return history; });
}

core::Result<standards::StandardHistory> Standards::HistoryFor(const std::string& tenant_id,
                                                               const std::string& service_code,
                                                               const domain::access::Principal& caller) {
    auto history = HistoryOf(tenant_id, service_code);
    if (!history) {
        return history;
    }
    const auto* service = directory_.FindService(tenant_id, service_code);
    if (auto may = domain::access::CanManageStandard(caller, service->unit_id); !may) {
        return tl::unexpected(may.error());
    }
    return history;
}

core::Result<standards::StandardVersion> Standards::InForce(const std::string& tenant_id,
                                                            const std::string& service_code,
                                                            domain::calendar::Date on) {
    auto history = HistoryOf(tenant_id, service_code);
    if (!history) {
        return tl::unexpected(history.error());
    }
    if (const auto* version = standards::InForce(*history, on)) {
        return *version;
    }
    nlohmann::json details = nlohmann::json::object();
    if (!history->versions.empty()) {
        details["first_valid_from"] = core::FormatDate(history->versions.front().valid_from);
    }
    return core::Fail(
        core::ErrorKind::kNotFound, "standard_not_in_force",
        fmt::format("The service \"{}\" has no standard in force on {}.", service_code, core::FormatDate(on)),
        std::move(details));
}

void Standards::Publish(const std::string& tenant_id, const std::string& service_code, standards::StandardVersion draft,
                        const domain::access::Principal& caller, const store::Processor& actor,
                        std::function<void(core::Result<standards::StandardVersion>)> done) {
    if (auto may = HistoryFor(tenant_id, service_code, caller); !may) {
        return done(tl::unexpected(may.error()));
    }
    const auto today = TodayOf(tenant_id);
    streams_.Execute<standards::StandardVersion>(
        store::StreamId::ServiceStandard(tenant_id, service_code), store::MetadataOf(actor),
        [draft = std::move(draft),
         today](const standards::StandardHistory& history) -> core::Result<std::vector<standards::StandardVersion>> {
            auto published = standards::Publish(history, draft, today);
            if (!published) {
                return tl::unexpected(published.error());
            }
            return std::vector{std::move(*published)};
        },
        [](const standards::StandardHistory& history, const std::vector<standards::StandardVersion>&) {
            return history.versions.back();
        },
        std::move(done));
}

domain::calendar::Date Standards::TodayOf(const std::string& tenant_id) const {
    return core::LocalDate(clock_.Now(), directory_.FindTenant(tenant_id)->utc_offset);
}

void Standards::Drain() {
    streams_.Drain();
    dispatcher_.Drain();
}

}  // namespace layan::engine
