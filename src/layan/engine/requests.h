#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/core/worker_pool.h"
#include "layan/domain/calendar/sla_clock.h"
#include "layan/domain/requests/commands.h"
#include "layan/domain/requests/state.h"
#include "layan/domain/requests/tracking_code.h"
#include "layan/engine/actor.h"
#include "layan/engine/calendars.h"
#include "layan/engine/directory.h"
#include "layan/engine/dispatcher.h"
#include "layan/engine/personal_data.h"
#include "layan/engine/request_views.h"
#include "layan/engine/standards.h"
#include "layan/engine/streams.h"
#include "layan/store/event_store.h"
#include "layan/store/uploads.h"

/// The use cases of service requests (permohonan): a citizen submits one online with documents and follows it by
/// its tracking code; the unit's officers work it (verify, return for completion, process, complete or reject)
/// with its SLA clock in view. One stream per request, "request/<tenant>/<CODE>" (domain/requests); documents are
/// stored by content in the database's upload store, the citizen's NIK and phone in the personal-data vault.
namespace layan::engine {

/// How a request's stream folds and travels through the store (see Streams).
struct RequestModel {
    using State = domain::requests::RequestState;
    using Event = domain::requests::Event;
    static void Apply(State& state, const Event& event) { domain::requests::Apply(state, event); }
    static core::Result<Event> Decode(const store::RecordedEvent& recorded);
    static store::NewEvent Encode(const Event& event, const nlohmann::json& metadata);
};

/// One file handed in for a requirement of the standard, as received.
struct Upload {
    std::string requirement;  ///< The requirement's code (the form field's name).
    std::string file_name;    ///< As the client sent it: checked, never stored.
    std::string bytes;
};

/// A citizen's online submission.
struct Submission {
    std::string tenant_id;
    std::string service;
    std::string nik;                   ///< As typed; required (domain/identity checks it).
    std::optional<std::string> phone;  ///< As typed; optional, for notifications.
    std::vector<Upload> uploads;
};

/// A request as its readers see it: its code, the fold of its events and its SLA clock read now.
struct RequestFile {
    std::string tenant_id;
    domain::requests::TrackingCode code;
    domain::requests::RequestState state;
    domain::calendar::SlaReading sla;
};

/// What someone does to a request (the inputs the action needs; the rest is ignored).
struct RequestCommand {
    domain::requests::Action action = domain::requests::Action::kVerify;
    std::string reason;                ///< kReturn, kReject (required), kWithdraw (optional).
    std::vector<std::string> missing;  ///< kReturn: requirement codes to hand in.
    std::string text;                  ///< kPostMessage, kAddNote.
    std::string officer;               ///< kAssign: the account that works it from now on.
    std::vector<Upload> uploads;       ///< kResubmit: the documents completing the file.
};

/// Which requests a work list shows.
struct WorkListFilter {
    std::string unit_id;                                    ///< Empty: every unit the caller may work.
    std::optional<domain::requests::RequestStatus> status;  ///< Empty: every open (not terminal) request.
    std::optional<domain::calendar::SlaState> sla;          ///< Empty: any.
    std::string assigned;                                   ///< An account id; empty: anyone's.
    std::size_t limit = 100;
};

/// A stored document of a request, to be served as an attachment.
struct StoredDocument {
    domain::requests::Document document;
    std::string bytes;
};

class Requests {
public:
    /// Threads that take submissions and completions: each waits on the disk for most of its time (the vault's
    /// commit, every document's fsyncs, the request's commit), so several overlap those waits.
    static constexpr int kUploadThreads = 8;

    /// `uploads` may be null (the database keeps none): submissions with documents are then refused (503).
    Requests(store::EventStore& events, store::BlobStore* uploads, Directory& directory, PersonalData& personal_data,
             Standards& standards, Calendars& calendars, const core::Clock& clock);
    /// Drain().
    ~Requests();
    Requests(const Requests&) = delete;
    Requests& operator=(const Requests&) = delete;

    /// Learns every request of the log (which tenant holds which codes, which documents are referenced) and
    /// follows the log from then on; then removes what interrupted submissions left in the upload store (staged
    /// bytes, and documents no request names that were stored over an hour ago). Call once, after the directory's
    /// Load. Throws core::StorageUnavailable.
    void Load();

    /// Submits a request online, on a worker: checks everything first (the tenant and service, the standard in
    /// force today, a hall offering the service, the NIK and phone, every upload against its requirement by its
    /// content, every required document present), then seals the NIK and phone in the vault, stores the
    /// documents and appends request_submitted under a new tracking code. On any failure nothing is left: the
    /// vault's citizen is erased and the documents this call stored are removed. Errors: 404 "tenant_not_found",
    /// "service_not_found", "standard_not_in_force"; 409 "service_not_offered"; 422 the NIK's and phone's
    /// (domain/identity), "upload_requirement_unknown", "upload_duplicate", CheckDocument's and MissingRequired's;
    /// 503 "uploads_unavailable", "storage_unavailable", "busy".
    void Submit(Submission submission, const Actor& actor, const std::function<void(core::Result<RequestFile>)>& done);

    /// An officer opens a request for the citizen of a walk-in ticket of today or an earlier day, so that the citizen
    /// keeps one tracking code for the whole visit: the ticket's service, the standard in force today, the NIK sealed
    /// in the vault; documents are checked at the counter, so none is required. Opening the same ticket again gives
    /// its request (`done` gets it, not a second one). Who may: an account that may work the service's unit, of the
    /// hall's tenant. Errors: 404 "hall_not_found", "ticket_not_found", "standard_not_in_force"; 401/403 access's;
    /// 422 the NIK's; 503 "storage_unavailable", "busy".
    void OpenFromTicket(const std::string& hall_id, const std::string& ticket_id, std::string nik, const Caller& caller,
                        const std::function<void(core::Result<RequestFile>)>& done);

    /// The request with the code as typed. Errors: 422 "tracking_code_mistyped"; 404 "request_not_found" (also
    /// for a code of another tenant); 503 "storage_unavailable".
    [[nodiscard]] core::Result<RequestFile> Find(const std::string& tenant_id, std::string_view typed_code);

    /// Acts on a request. The citizen's actions (resubmit, withdraw, a message by an anonymous caller) need only
    /// the code; every other action needs an account that may work the request's unit (access::CanWorkRequest;
    /// assigning: CanAssignRequest). Resubmitted documents are checked against the request's standard version as
    /// at submission and stored first (removed again when the action fails). Errors: Find's; 401
    /// "authentication_required"; 403 access's; the domain's decisions' (commands.h); the uploads' as in Submit.
    void Act(const std::string& tenant_id, std::string_view typed_code, RequestCommand command, const Caller& caller,
             std::function<void(core::Result<RequestFile>)> done);

    /// The open requests the caller may work, ordered by deadline (soonest first; paused ones last). Errors: 403
    /// access's for a unit the caller does not belong to.
    [[nodiscard]] core::Result<std::vector<RequestFile>> WorkList(const std::string& tenant_id,
                                                                  const WorkListFilter& filter, const Caller& caller);

    /// The request as the unit reads it: Find, for someone who may work the request's unit. Errors: Find's; 403
    /// access's.
    [[nodiscard]] core::Result<RequestFile> FileFor(const std::string& tenant_id, std::string_view typed_code,
                                                    const Caller& caller);

    /// The document a request holds for `requirement`, for someone who may work the request. Errors: FileFor's;
    /// 404 "document_not_found".
    [[nodiscard]] core::Result<StoredDocument> DocumentOf(const std::string& tenant_id, std::string_view typed_code,
                                                          const std::string& requirement, const Caller& caller);

    /// The escalations due at `now` that have not been raised (RequestViews::DueAt), of the units at work at `now`
    /// (their calendar open).
    [[nodiscard]] std::vector<RequestViews::Due> DueEscalations(core::Instant now);

    /// Raises an escalation on the request's timeline (domain::requests::Escalate, by "system:escalations"): nothing
    /// when it was raised already or the clock has moved on (paused, stopped, or another run), so a second tick, a
    /// restart or another node raising it too appends it once. Errors: 503 "storage_unavailable", "busy".
    void Escalate(const RequestViews::Due& due, std::function<void(core::Result<RequestFile>)> done);

    /// Retention of the documents (scans of identity cards and family cards are personal data): removes those of the
    /// requests that ended (handed over, rejected, withdrawn) more than `retention` before `now`, unless a request
    /// still open, or ended since, names the same bytes; returns how many it removed. The request then serves 404
    /// "document_not_found" for them. Reads the whole log: run it with PersonalData::Purge (app's retention loop).
    /// Throws core::StorageUnavailable when the store cannot be read.
    std::size_t PurgeDocuments(core::Instant now, std::chrono::days retention);

    /// Waits for the submissions being taken, the appends in flight and their callbacks; later submissions are
    /// refused (503 "busy").
    void Drain();

private:
    using Done = std::function<void(core::Result<RequestFile>)>;

    void CollectOrphans();
    /// A new random tracking code.
    [[nodiscard]] static domain::requests::TrackingCode NewCode();
    void SubmitNow(const Submission& submission, const Actor& actor, const Done& done);
    void OpenNow(const std::string& hall_id, const std::string& ticket_id, const std::string& nik, const Caller& caller,
                 const Done& done);
    void ResubmitNow(const std::string& tenant_id, const domain::requests::TrackingCode& code,
                     const std::vector<Upload>& uploads, const Caller& caller, const Done& done);
    /// Checks uploads against the standard version's requirements: the documents they make, in order.
    [[nodiscard]] static core::Result<std::vector<domain::requests::Document>> CheckUploads(
        const domain::standards::StandardVersion& version, const std::vector<Upload>& uploads);
    /// What Store did: the addresses (hex) it pinned, and those it created (absent before).
    struct StoredUploads {
        std::vector<std::string> pinned;
        std::vector<std::string> created;
    };
    /// Stores the uploads (already checked: `documents` are theirs, in order) and pins them until Release.
    [[nodiscard]] core::Result<StoredUploads> Store(const std::vector<Upload>& uploads,
                                                    const std::vector<domain::requests::Document>& documents);
    /// Unpins what Store pinned; when `failed`, removes what it created that nothing else pins or references.
    void Release(const StoredUploads& stored, bool failed);
    /// The tenant and code of the request opened from a ticket, if any.
    [[nodiscard]] std::optional<std::pair<std::string, std::string>> RequestOfTicket(
        const std::string& hall_id, const std::string& ticket_id) const;
    /// Executes a decision on the request's stream and presents the file.
    void Execute(const std::string& tenant_id, const domain::requests::TrackingCode& code, const Actor& actor,
                 std::function<domain::requests::Decision(const domain::requests::RequestState&)> decide, Done done);
    /// The calendar of the request's unit now (the tenant's for a unit gone from the catalog).
    [[nodiscard]] domain::calendar::WorkCalendar UnitCalendar(const std::string& tenant_id,
                                                              const std::string& unit_id) const;
    /// The request's clock read now on `work_calendar`, in the tenant's UTC offset.
    [[nodiscard]] domain::calendar::SlaReading ReadClockOf(const std::string& tenant_id,
                                                           const domain::requests::RequestState& state,
                                                           const domain::calendar::WorkCalendar& work_calendar) const;
    /// The file of a folded request, its clock read now with its unit's calendar.
    [[nodiscard]] RequestFile FileOf(const std::string& tenant_id, const domain::requests::TrackingCode& code,
                                     const domain::requests::RequestState& state) const;
    /// Whether the tenant holds a request with this code (the view, else the store).
    [[nodiscard]] bool Exists(const std::string& tenant_id, const domain::requests::TrackingCode& code);
    /// Records what a request event tells the index (the documents it references, the ticket it was opened for).
    void Index(const std::string& stream, const domain::requests::Event& event);
    /// Folds a recorded request event into the view and the index.
    void Follow(const store::RecordedEvent& recorded);
    /// Reads again from the store the requests the view holds stale (of one tenant, or all when empty).
    void RefreshStale(const std::string& tenant_id);
    /// How the view reads clocks now: each unit's calendar built once per call.
    [[nodiscard]] RequestViews::ClockReader ClockReader() const;

    store::EventStore& events_;
    store::BlobStore* uploads_;
    Directory& directory_;
    PersonalData& personal_data_;
    Standards& standards_;
    Calendars& calendars_;
    const core::Clock& clock_;
    Dispatcher dispatcher_;
    Streams<RequestModel> streams_;
    RequestViews views_;

    mutable std::mutex index_mutex_;
    std::set<std::string, std::less<>> referenced_;   // hex addresses named by a request event
    std::map<std::string, int, std::less<>> pinned_;  // hex addresses of submissions in flight
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> tickets_;  // "hall/ticket" -> tenant, code
    bool purging_ = false;                                    // PurgeDocuments runs: note what is named meanwhile
    std::set<std::string, std::less<>> named_while_purging_;  // hex addresses named by events during a purge
    std::shared_ptr<void> subscription_;
    core::WorkerPool workers_{"requests", kUploadThreads, 256};  // last: its jobs use everything above
};

}  // namespace layan::engine
