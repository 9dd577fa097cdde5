#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/access/access.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/standards/standard.h"
#include "layan/engine/directory.h"
#include "layan/engine/dispatcher.h"
#include "layan/engine/streams.h"
#include "layan/store/event_store.h"

/// The service standards' use cases: each service's stream "standard/<tenant>/<service>" of published
/// versions (domain/standards), read by citizens (the version in force on a date) and by the requests that
/// keep the version they were made under.
namespace layan::engine {

/// How a service's standard stream folds and travels through the store (see Streams).
struct ServiceStandardModel {
    using State = domain::standards::StandardHistory;
    using Event = domain::standards::StandardVersion;
    static void Apply(State& state, const Event& event) { state.Apply(event); }
    static core::Result<Event> Decode(const store::RecordedEvent& recorded);
    static store::NewEvent Encode(const Event& event, const nlohmann::json& metadata);
};

/// Appends `version` as the first of the service's standard stream, unless the stream already has one (another
/// node or an earlier start did it): true when appended, false when it was there. `version` is trusted (the
/// caller validated it). Blocks until the commit; throws core::StorageUnavailable when the store fails.
bool PublishFirstVersion(store::EventStore& events, const std::string& tenant_id, const std::string& service_code,
                         const domain::standards::StandardVersion& version, const nlohmann::json& metadata);

/// Publishes a standards document ({"tenant", "standards": [{"service", "standard": StandardVersion as JSON}]},
/// data/demo/standards-mojokerto.json) as the first version of each service's stream that has none, with
/// `metadata`. Checks everything before appending anything: errors kInvalid "standards_document_invalid"
/// (details field) for a shape the document does not have, a tenant or service the directory does not know;
/// StandardVersionFromJson's and Validate's errors (their field prefixed with "standards[i].standard.").
/// Returns how many versions were appended. Throws core::StorageUnavailable when the store fails.
[[nodiscard]] core::Result<int> PublishFirstVersions(store::EventStore& events, const Directory& directory,
                                                     const nlohmann::json& document, const nlohmann::json& metadata);

class Standards {
public:
    Standards(store::EventStore& events, Directory& directory, const core::Clock& clock);
    /// Drain().
    ~Standards();
    Standards(const Standards&) = delete;
    Standards& operator=(const Standards&) = delete;

    /// Gives every service of the directory whose standard stream is empty its version 1, made from the
    /// catalog's standard (domain::standards::FromCatalogStandard, in force from the tenant's today), as
    /// "system:upgrade". A catalog standard that cannot make a valid version (its decree, procedure or product
    /// is missing) is logged and left out: that service has no standard until one is published. Call once,
    /// after the directory's Load. Every service's stream is then held in memory. Throws
    /// core::StorageUnavailable when the store cannot be read or written.
    void Load();

    /// Every published version of the service's standard, oldest first. Errors: 404 "tenant_not_found",
    /// "service_not_found"; 503 "storage_unavailable".
    [[nodiscard]] core::Result<domain::standards::StandardHistory> HistoryOf(const std::string& tenant_id,
                                                                             const std::string& service_code);

    /// HistoryOf, for someone who may manage the service's standard (an admin, the head of its unit): the whole
    /// versions, internal components too. Errors: HistoryOf's; 403 "other_unit", "role_not_allowed".
    [[nodiscard]] core::Result<domain::standards::StandardHistory> HistoryFor(const std::string& tenant_id,
                                                                              const std::string& service_code,
                                                                              const domain::access::Principal& caller);

    /// The version in force on local date `on`. Errors: HistoryOf's; 404 "standard_not_in_force" (details
    /// first_valid_from) before the first version takes effect.
    [[nodiscard]] core::Result<domain::standards::StandardVersion> InForce(const std::string& tenant_id,
                                                                           const std::string& service_code,
                                                                           domain::calendar::Date on);

    /// Publishes a new version of the service's standard (never an overwrite): domain::standards::Publish on the
    /// history, in force from draft.valid_from (today at the earliest). Who may: an admin, or the unit head of
    /// the service's unit (403 "other_unit", "role_not_allowed"). Errors: HistoryOf's; Publish's; 503 when the
    /// store fails. `done` gets the version as published (numbered).
    void Publish(const std::string& tenant_id, const std::string& service_code,
                 domain::standards::StandardVersion draft, const domain::access::Principal& caller,
                 const store::Processor& actor,
                 std::function<void(core::Result<domain::standards::StandardVersion>)> done);

    /// The tenant's local date now. Precondition: the tenant exists.
    [[nodiscard]] domain::calendar::Date TodayOf(const std::string& tenant_id) const;

    /// Waits for the appends in flight and their callbacks.
    void Drain();

private:
    store::EventStore& events_;
    Directory& directory_;
    const core::Clock& clock_;
    Dispatcher dispatcher_;
    Streams<ServiceStandardModel> streams_;
};

}  // namespace layan::engine
