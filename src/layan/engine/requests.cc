#include "layan/engine/requests.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/domain/access/access.h"
#include "layan/domain/identity/nik.h"
#include "layan/domain/identity/phone.h"
#include "layan/engine/halls.h"
#include "layan/engine/queue.h"
#include "layan/store/crypto.h"
#include "layan/store/files/media_type.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

namespace access = domain::access;
namespace calendar = domain::calendar;
namespace rq = domain::requests;
namespace standards = domain::standards;

core::Result<rq::Event> RequestModel::Decode(const store::RecordedEvent& recorded) {
    return rq::EventFromJson(recorded.type, recorded.data);
}

store::NewEvent RequestModel::Encode(const rq::Event& event, const nlohmann::json& metadata) {
    return store::NewEvent{std::string(rq::TypeName(event)), rq::ToJson(event), metadata};
}

namespace {

constexpr std::string_view kRequestPrefix = "request/";
constexpr std::int64_t kScanPage = 2000;
constexpr auto kOrphanGrace = std::chrono::hours{1};

core::Error NotFound() {
    return core::Error{core::ErrorKind::kNotFound, "request_not_found",
                       "There is no request with this tracking code. Check the code on your receipt.", nullptr};
}

core::Error UploadsUnavailable() {
    return core::Error{core::ErrorKind::kUnavailable, "uploads_unavailable",
                       "Documents cannot be received right now: this server has no folder for them (uploads_dir).",
                       nullptr};
}

/// The documents an event names.
const std::vector<rq::Document>* DocumentsOf(const rq::Event& event) {
    if (const auto* submitted = std::get_if<rq::RequestSubmitted>(&event)) {
        return &submitted->documents;
    }
    if (const auto* resubmitted = std::get_if<rq::RequestResubmitted>(&event)) {
        return &resubmitted->documents;
    }
    return nullptr;
}

/// The actions only the citizen holding the code takes (an anonymous message is the citizen's too).
bool IsCitizenAction(rq::Action action) { return action == rq::Action::kResubmit || action == rq::Action::kWithdraw; }

}  // namespace

Requests::Requests(store::EventStore& events, store::BlobStore* uploads, Directory& directory,
                   PersonalData& personal_data, Standards& standards, Calendars& calendars, const core::Clock& clock)
    : events_(events),
      uploads_(uploads),
      directory_(directory),
      personal_data_(personal_data),
      standards_(standards),
      calendars_(calendars),
      clock_(clock),
      streams_(events, dispatcher_) {}

Requests::~Requests() {
    subscription_.reset();
    Drain();
}

void Requests::Index(const std::string& stream, const rq::Event& event) {
    auto id = store::StreamId::Parse(stream);
    if (!id || id->kind() != store::StreamKind::kRequest) {
        return;
    }
    std::lock_guard lock(index_mutex_);
    if (const auto* submitted = std::get_if<rq::RequestSubmitted>(&event); submitted && submitted->ticket) {
        tickets_.try_emplace(submitted->ticket->hall_id + "/" + submitted->ticket->ticket_id, id->owner(), id->item());
    }
    if (const auto* documents = DocumentsOf(event)) {
        for (const auto& document : *documents) {
            referenced_.insert(document.sha256);
            if (purging_) {
                named_while_purging_.insert(document.sha256);
            }
        }
    }
}

void Requests::Follow(const store::RecordedEvent& recorded) {
    if (!recorded.stream.starts_with(kRequestPrefix)) {
        return;
    }
    auto id = store::StreamId::Parse(recorded.stream);
    auto event = rq::EventFromJson(recorded.type, recorded.data);
    if (!id || id->kind() != store::StreamKind::kRequest || !event) {
        return;
    }
    views_.Apply(id->owner(), id->item(), recorded.version, *event);
    Index(recorded.stream, *event);
}

void Requests::Load() {
    // Follow first, then scan: an event committed in between is seen twice, which the view and the index ignore.
    subscription_ = events_.Subscribe([this](const store::RecordedEvent& recorded) { Follow(recorded); });
    for (std::int64_t position = 0;;) {
        auto page = events_.ReadAll(position, kScanPage);
        for (const auto& recorded : page) {
            position = recorded.position;
            Follow(recorded);
        }
        if (static_cast<std::int64_t>(page.size()) < kScanPage) {
            break;
        }
    }
    CollectOrphans();
}

void Requests::RefreshStale(const std::string& tenant_id) {
    for (const auto& [tenant, code] : views_.Stale(tenant_id)) {
        const auto recorded = events_.ReadStream(store::StreamId::Request(tenant, code).Name());
        rq::RequestState state;
        for (const auto& event : recorded) {
            if (auto decoded = rq::EventFromJson(event.type, event.data)) {
                rq::Apply(state, *decoded);
            }
        }
        views_.Refresh(tenant, code, recorded.empty() ? 0 : recorded.back().version, std::move(state));
    }
}

RequestViews::ClockReader Requests::ClockReader() const {
    // Each unit's calendar is built once per reader (a work list or a tick), not once per request.
    auto calendars = std::make_shared<std::map<std::pair<std::string, std::string>, calendar::WorkCalendar>>();
    return RequestViews::ClockReader{
        .calendar = [this](const std::string& tenant_id) -> std::shared_ptr<const void> {
            return calendars_.LayersOf(tenant_id);
        },
        .read =
            [this, calendars](const std::string& tenant_id, const rq::RequestState& state) {
                const auto key = std::pair{tenant_id, state.submission->unit_id};
                auto found = calendars->find(key);
                if (found == calendars->end()) {
                    found = calendars->emplace(key, UnitCalendar(tenant_id, key.second)).first;
                }
                return ReadClockOf(tenant_id, state, found->second);
            }};
}

std::size_t Requests::PurgeDocuments(core::Instant now, std::chrono::days retention) {
    if (uploads_ == nullptr) {
        return 0;
    }
    {
        std::lock_guard lock(index_mutex_);
        purging_ = true;
        named_while_purging_.clear();
    }
    // However this ends (a store failure throws), the index stops noting what is named.
    const std::shared_ptr<void> done_purging(nullptr, [this](void*) {
        std::lock_guard lock(index_mutex_);
        purging_ = false;
        named_while_purging_.clear();
    });
    // Per request: the documents it names and when it ended.
    struct Holding {
        std::optional<core::Instant> closed_at;
        std::vector<std::string> documents;
    };
    std::map<std::string, Holding, std::less<>> requests;
    for (std::int64_t position = 0;;) {
        auto page = events_.ReadAll(position, kScanPage);
        for (const auto& recorded : page) {
            position = recorded.position;
            if (!recorded.stream.starts_with(kRequestPrefix)) {
                continue;
            }
            auto event = rq::EventFromJson(recorded.type, recorded.data);
            if (!event) {
                continue;
            }
            auto& holding = requests[recorded.stream];
            if (const auto* documents = DocumentsOf(*event)) {
                for (const auto& document : *documents) {
                    holding.documents.push_back(document.sha256);
                }
            }
            if (std::holds_alternative<rq::RequestHandedOver>(*event) ||
                std::holds_alternative<rq::RequestRejected>(*event) ||
                std::holds_alternative<rq::RequestWithdrawn>(*event)) {
                holding.closed_at = rq::At(*event);
            }
        }
        if (static_cast<std::int64_t>(page.size()) < kScanPage) {
            break;
        }
    }
    const auto cutoff = now - std::chrono::duration_cast<core::Millis>(retention);
    std::set<std::string, std::less<>> expired;
    std::set<std::string, std::less<>> kept;
    for (const auto& [stream, holding] : requests) {
        auto& into = holding.closed_at && *holding.closed_at < cutoff ? expired : kept;
        into.insert(holding.documents.begin(), holding.documents.end());
    }
    std::size_t removed = 0;
    for (const auto& hex : expired) {
        if (kept.contains(hex)) {
            continue;
        }
        // Each file under the lock, as Release: a submission of the same bytes in flight pins them, one done since the
        // scan named them. One at a time, so that the feed (which takes the lock to index) waits for one file at most.
        std::lock_guard lock(index_mutex_);
        if (pinned_.contains(hex) || named_while_purging_.contains(hex)) {
            continue;
        }
        try {
            if (uploads_->Remove(*store::crypto::DigestFromHex(hex))) {
                ++removed;
            }
            referenced_.erase(hex);
        } catch (const std::exception& e) {
            spdlog::warn("retention: document {} could not be removed (tried again at the next run): {}", hex,
                         e.what());
        }
    }
    return removed;
}

void Requests::CollectOrphans() {
    if (uploads_ == nullptr) {
        return;
    }
    std::size_t removed = uploads_->RemoveStaging();
    // An upload no request names is what a crash between storing it and appending its request left. One stored
    // within the grace period may belong to another node's submission in flight on a shared folder.
    const auto cutoff =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) - kOrphanGrace;
    for (const auto& blob : uploads_->List()) {
        const auto hex = store::crypto::ToHex(blob.sha256);
        bool named = false;
        {
            std::lock_guard lock(index_mutex_);
            named = referenced_.contains(hex) || pinned_.contains(hex);
        }
        if (!named && blob.modified < cutoff && uploads_->Remove(blob.sha256)) {
            ++removed;
        }
    }
    if (removed > 0) {
        spdlog::info("uploads: removed {} left by interrupted submissions", removed);
    }
}

core::Result<std::vector<rq::Document>> Requests::CheckUploads(const standards::StandardVersion& version,
                                                               const std::vector<Upload>& uploads) {
    std::vector<rq::Document> documents;
    std::set<std::string> seen;
    for (const auto& upload : uploads) {
        const auto found = std::ranges::find(version.requirements, upload.requirement, &standards::Requirement::code);
        if (found == version.requirements.end() || !found->IsDocument()) {
            return core::Fail(core::ErrorKind::kInvalid, "upload_requirement_unknown",
                              fmt::format("The service asks for no document \"{}\".", upload.requirement),
                              nlohmann::json{{"field", "documents"}, {"requirement", upload.requirement}});
        }
        if (!seen.insert(upload.requirement).second) {
            return core::Fail(core::ErrorKind::kInvalid, "upload_duplicate",
                              fmt::format("Send one file for \"{}\", not several.", upload.requirement),
                              nlohmann::json{{"field", "documents"}, {"requirement", upload.requirement}});
        }
        auto media_type = store::files::DetectMediaType(upload.bytes);
        const auto size = static_cast<std::int64_t>(upload.bytes.size());
        if (auto fits = standards::CheckDocument(*found, media_type, size, upload.file_name); !fits) {
            return tl::unexpected(fits.error());
        }
        documents.push_back(rq::Document{.requirement = upload.requirement,
                                         .sha256 = store::crypto::ToHex(store::crypto::Sha256({upload.bytes})),
                                         .size = size,
                                         .media_type = std::move(media_type)});
    }
    return documents;
}

core::Result<Requests::StoredUploads> Requests::Store(const std::vector<Upload>& uploads,
                                                      const std::vector<rq::Document>& documents) {
    StoredUploads stored;
    if (uploads.empty()) {
        return stored;
    }
    if (uploads_ == nullptr) {
        return tl::unexpected(UploadsUnavailable());
    }
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        const auto& upload = uploads[i];
        const auto& hex = documents[i].sha256;
        const auto digest = *store::crypto::DigestFromHex(hex);
        {
            std::lock_guard lock(index_mutex_);
            ++pinned_[hex];
        }
        stored.pinned.push_back(hex);
        bool existed = false;
        try {
            existed = uploads_->Contains(digest);
        } catch (const std::exception& e) {
            Release(stored, true);
            return core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable",
                              fmt::format("The documents cannot be stored right now: {}", e.what()));
        }
        if (auto put = uploads_->PutHashed(upload.bytes, digest); !put) {
            Release(stored, true);
            return tl::unexpected(put.error());
        }
        if (!existed) {
            stored.created.push_back(hex);
        }
    }
    return stored;
}

void Requests::Release(const StoredUploads& stored, bool failed) {
    {
        std::lock_guard lock(index_mutex_);
        for (const auto& hex : stored.pinned) {
            if (auto found = pinned_.find(hex); found != pinned_.end() && --found->second == 0) {
                pinned_.erase(found);
            }
        }
        // Removed under the lock: a submission of the same bytes pins them under it too, so it either comes first
        // (and they stay) or after the removal (and its Put stores them again).
        for (const auto& hex : failed ? stored.created : std::vector<std::string>{}) {
            if (pinned_.contains(hex) || referenced_.contains(hex)) {
                continue;
            }
            try {
                (void)uploads_->Remove(*store::crypto::DigestFromHex(hex));
            } catch (const std::exception& e) {
                spdlog::warn("upload {} of a failed request could not be removed (collected at the next start): {}",
                             hex, e.what());
            }
        }
    }
}

void Requests::Submit(Submission submission, const Actor& actor, const Done& done) {
    auto job = [this, submission = std::move(submission), actor, done]() { SubmitNow(submission, actor, done); };
    if (!workers_.Post(std::move(job))) {
        done(tl::unexpected(Busy()));
    }
}

void Requests::SubmitNow(const Submission& submission, const Actor& actor, const Done& done) {
    const auto* tenant = directory_.FindTenant(submission.tenant_id);
    if (tenant == nullptr) {
        return done(core::Fail(core::ErrorKind::kNotFound, "tenant_not_found",
                               fmt::format("There is no tenant \"{}\".", submission.tenant_id)));
    }
    auto version = standards_.InForce(submission.tenant_id, submission.service,
                                      standards_.TodayOf(submission.tenant_id));  // 404 for an unknown service too
    if (!version) {
        return done(tl::unexpected(version.error()));
    }
    const auto* service = directory_.FindService(submission.tenant_id, submission.service);
    const domain::catalog::Hall* hall = nullptr;
    for (const auto* candidate : directory_.HallsOf(submission.tenant_id)) {
        if (std::ranges::find(candidate->service_codes, submission.service) != candidate->service_codes.end()) {
            hall = candidate;
            break;
        }
    }
    if (hall == nullptr) {
        return done(core::Fail(core::ErrorKind::kConflict, "service_not_offered",
                               fmt::format("No hall offers the service \"{}\" yet, so it cannot be requested online.",
                                           submission.service)));
    }
    TicketContact contact;
    if (auto nik = domain::identity::ValidateNik(submission.nik); !nik) {
        return done(tl::unexpected(nik.error()));
    }
    contact.nik = submission.nik;
    if (submission.phone && !submission.phone->empty()) {
        auto phone = domain::identity::NormalizePhone(*submission.phone);
        if (!phone) {
            return done(tl::unexpected(phone.error()));
        }
        contact.phone = *phone;
    }
    auto documents = CheckUploads(*version, submission.uploads);
    if (!documents) {
        return done(tl::unexpected(documents.error()));
    }
    std::set<std::string> provided;
    for (const auto& document : *documents) {
        provided.insert(document.requirement);
    }
    if (auto complete = standards::MissingRequired(*version, provided); !complete) {
        return done(tl::unexpected(complete.error()));
    }
    if (!submission.uploads.empty() && uploads_ == nullptr) {
        return done(tl::unexpected(UploadsUnavailable()));
    }
    auto collected = personal_data_.CollectForTicket(hall->id, contact, actor);
    if (!collected) {
        return done(tl::unexpected(collected.error()));
    }
    auto stored = Store(submission.uploads, *documents);
    if (!stored) {
        personal_data_.SettleTicket(*collected, std::nullopt, "");
        return done(tl::unexpected(stored.error()));
    }
    const auto code = NewCode();
    const auto now = clock_.Now();
    rq::RequestSubmitted submitted{.service = submission.service,
                                   .standard_version = version->version,
                                   .unit_id = service->unit_id,
                                   .hall_id = hall->id,
                                   .channel = rq::Channel::kOnline,
                                   .ticket = std::nullopt,
                                   .by = "",
                                   .citizen_ref = collected->ref,
                                   .masked_nik = collected->masked.nik.value_or(""),
                                   .documents = std::move(*documents),
                                   .rule = version->completion,
                                   .at = now};
    const auto stream = store::StreamId::Request(submission.tenant_id, code.Compact());
    Execute(
        submission.tenant_id, code, actor,
        [submitted = std::move(submitted), now](const rq::RequestState& state) {
            return rq::Submit(state, submitted, now);
        },
        [this, done, stream, code, collected = *collected, stored = *stored](core::Result<RequestFile> result) {
            personal_data_.SettleTicket(collected, result ? std::optional{stream} : std::nullopt,
                                        result ? code.Compact() : "");
            Release(stored, !result);
            done(std::move(result));
        });
}

std::optional<std::pair<std::string, std::string>> Requests::RequestOfTicket(const std::string& hall_id,
                                                                             const std::string& ticket_id) const {
    std::lock_guard lock(index_mutex_);
    if (auto found = tickets_.find(hall_id + "/" + ticket_id); found != tickets_.end()) {
        return found->second;
    }
    return std::nullopt;
}

void Requests::OpenFromTicket(const std::string& hall_id, const std::string& ticket_id, std::string nik,
                              const Caller& caller, const Done& done) {
    auto job = [this, hall_id, ticket_id, nik = std::move(nik), caller, done]() {
        OpenNow(hall_id, ticket_id, nik, caller, done);
    };
    if (!workers_.Post(std::move(job))) {
        done(tl::unexpected(Busy()));
    }
}

void Requests::OpenNow(const std::string& hall_id, const std::string& ticket_id, const std::string& nik,
                       const Caller& caller, const Done& done) {
    const auto* hall = directory_.FindHall(hall_id);
    if (hall == nullptr) {
        return done(
            core::Fail(core::ErrorKind::kNotFound, "hall_not_found", fmt::format("There is no hall \"{}\".", hall_id)));
    }
    if (auto same = access::RequireTenant(caller.principal, hall->tenant_id); !same) {
        return done(tl::unexpected(same.error()));
    }
    if (auto opened = RequestOfTicket(hall_id, ticket_id)) {
        return done(Find(opened->first, opened->second));
    }
    // A ticket's id starts with its local day (yyyymmdd): its hall's stream of that day holds it.
    const domain::queue::Ticket* ticket = nullptr;
    domain::queue::HallState day;
    if (ticket_id.size() > 8) {
        const auto date = core::ParseDate(
            fmt::format("{}-{}-{}", ticket_id.substr(0, 4), ticket_id.substr(4, 2), ticket_id.substr(6, 2)));
        if (date) {
            try {
                day = FoldStream<HallDayModel>(events_, store::StreamId::HallDay(hall_id, *date)).state;
            } catch (const core::StorageUnavailable&) {
                return done(core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable",
                                       "The data store is unavailable right now; please try again shortly."));
            }
            ticket = day.FindTicket(ticket_id);
        }
    }
    if (ticket == nullptr) {
        return done(core::Fail(core::ErrorKind::kNotFound, "ticket_not_found",
                               fmt::format("There is no ticket \"{}\" in this hall.", ticket_id)));
    }
    const auto* service = directory_.FindService(hall->tenant_id, ticket->service);
    if (service == nullptr) {
        return done(core::Fail(core::ErrorKind::kNotFound, "service_not_found",
                               fmt::format("There is no service \"{}\" in this tenant.", ticket->service)));
    }
    if (auto may = access::CanWorkRequest(caller.principal, service->unit_id); !may) {
        return done(tl::unexpected(may.error()));
    }
    auto version = standards_.InForce(hall->tenant_id, service->code, standards_.TodayOf(hall->tenant_id));
    if (!version) {
        return done(tl::unexpected(version.error()));
    }
    if (auto valid = domain::identity::ValidateNik(nik); !valid) {
        return done(tl::unexpected(valid.error()));
    }
    TicketContact contact;
    contact.nik = nik;
    auto collected = personal_data_.CollectForTicket(hall_id, contact, caller.actor);
    if (!collected) {
        return done(tl::unexpected(collected.error()));
    }
    const auto code = NewCode();
    const auto now = clock_.Now();
    rq::RequestSubmitted submitted{.service = service->code,
                                   .standard_version = version->version,
                                   .unit_id = service->unit_id,
                                   .hall_id = hall_id,
                                   .channel = rq::Channel::kWalkIn,
                                   .ticket = rq::TicketRef{.hall_id = hall_id, .ticket_id = ticket_id},
                                   .by = caller.principal.id,
                                   .citizen_ref = collected->ref,
                                   .masked_nik = collected->masked.nik.value_or(""),
                                   .documents = {},
                                   .rule = version->completion,
                                   .at = now};
    const auto stream = store::StreamId::Request(hall->tenant_id, code.Compact());
    Execute(
        hall->tenant_id, code, caller.actor,
        [submitted = std::move(submitted), now](const rq::RequestState& state) {
            return rq::Submit(state, submitted, now);
        },
        [this, done, stream, code, collected = *collected](core::Result<RequestFile> result) {
            personal_data_.SettleTicket(collected, result ? std::optional{stream} : std::nullopt,
                                        result ? code.Compact() : "");
            done(std::move(result));
        });
}

rq::TrackingCode Requests::NewCode() {
    const auto random = store::crypto::RandomBytes(rq::TrackingCode::kRandomBytes);
    std::array<std::uint8_t, rq::TrackingCode::kRandomBytes> bytes{};
    std::ranges::copy(random, bytes.begin());
    return rq::TrackingCode::FromRandomBytes(bytes);
}

void Requests::Execute(const std::string& tenant_id, const rq::TrackingCode& code, const Actor& actor,
                       std::function<rq::Decision(const rq::RequestState&)> decide, Done done) {
    const auto id = store::StreamId::Request(tenant_id, code.Compact());
    streams_.Execute<RequestFile>(
        id, store::MetadataOf(actor), std::move(decide),
        [this, tenant_id, code](const rq::RequestState& state, const std::vector<rq::Event>&) {
            return FileOf(tenant_id, code, state);
        },
        [this, name = id.Name(), done = std::move(done)](core::Result<RequestFile> result) {
            if (result) {
                // Before the caller releases its uploads: what the request now names is never collected.
                for (const auto& event : result->state.timeline) {
                    Index(name, event);
                }
                // The caller's next work list shows its step even before the feed brings it: every event of the
                // stream joins the timeline, so its length is the stream's version.
                views_.Refresh(result->tenant_id, result->code.Compact(),
                               static_cast<std::int64_t>(result->state.timeline.size()), result->state);
            }
            done(std::move(result));
        });
}

calendar::WorkCalendar Requests::UnitCalendar(const std::string& tenant_id, const std::string& unit_id) const {
    auto unit_calendar = calendars_.CalendarOf(tenant_id, calendar::Scope::Unit(unit_id));
    if (!unit_calendar) {
        unit_calendar = calendars_.CalendarOf(tenant_id, calendar::Scope::Tenant());  // a unit no longer in the catalog
    }
    return unit_calendar ? *std::move(unit_calendar) : calendars_.embedded();
}

calendar::SlaReading Requests::ReadClockOf(const std::string& tenant_id, const rq::RequestState& state,
                                           const calendar::WorkCalendar& work_calendar) const {
    const auto* tenant = directory_.FindTenant(tenant_id);
    try {
        return calendar::Read(state.clock, work_calendar, tenant != nullptr ? tenant->utc_offset : core::kWib,
                              clock_.Now());
    } catch (const std::exception& e) {
        spdlog::warn("a request of {}: its clock cannot be read: {}", tenant_id, e.what());
        return {};
    }
}

RequestFile Requests::FileOf(const std::string& tenant_id, const rq::TrackingCode& code,
                             const rq::RequestState& state) const {
    RequestFile file{.tenant_id = tenant_id, .code = code, .state = state, .sla = {}};
    if (state.exists()) {
        file.sla = ReadClockOf(tenant_id, state, UnitCalendar(tenant_id, state.submission->unit_id));
    }
    return file;
}

bool Requests::Exists(const std::string& tenant_id, const rq::TrackingCode& code) {
    if (views_.Contains(tenant_id, code.Compact())) {
        return true;
    }
    // Another node's request the feed has not brought yet; a guess costs one cheap read and no memory.
    return events_.StreamVersion(store::StreamId::Request(tenant_id, code.Compact()).Name()) > 0;
}

core::Result<RequestFile> Requests::Find(const std::string& tenant_id, std::string_view typed_code) {
    auto code = rq::TrackingCode::Parse(typed_code);
    if (!code) {
        return tl::unexpected(code.error());
    }
    try {
        if (directory_.FindTenant(tenant_id) == nullptr || !Exists(tenant_id, *code)) {
            return tl::unexpected(NotFound());
        }
    } catch (const core::StorageUnavailable&) {
        return core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable",
                          "The data store is unavailable right now; please try again shortly.");
    }
    auto file = streams_.Read(store::StreamId::Request(tenant_id, code->Compact()),
                              [&](const rq::RequestState& state) { return FileOf(tenant_id, *code, state); });
    if (file && !file->state.exists()) {
        return tl::unexpected(NotFound());
    }
    return file;
}

void Requests::Act(const std::string& tenant_id, std::string_view typed_code, RequestCommand command,
                   const Caller& caller, Done done) {
    auto found = Find(tenant_id, typed_code);
    if (!found) {
        return done(tl::unexpected(found.error()));
    }
    const auto code = found->code;
    const bool citizen = IsCitizenAction(command.action) ||
                         (command.action == rq::Action::kPostMessage && caller.principal.IsAnonymous());
    if (!citizen && caller.principal.IsAnonymous()) {
        return done(core::Fail(core::ErrorKind::kUnauthenticated, "authentication_required", "Please sign in first."));
    }
    if (!citizen) {
        // The unit's actions also come through the public message route, which the guard does not scope to a tenant.
        if (auto same = access::RequireTenant(caller.principal, tenant_id); !same) {
            return done(tl::unexpected(same.error()));
        }
    }
    if (command.action == rq::Action::kResubmit) {
        auto job = [this, tenant_id, code, uploads = std::move(command.uploads), caller, done]() {
            ResubmitNow(tenant_id, code, uploads, caller, done);
        };
        if (!workers_.Post(std::move(job))) {
            done(tl::unexpected(Busy()));
        }
        return;
    }
    const auto now = clock_.Now();
    auto decide = [command = std::move(command), principal = caller.principal, citizen,
                   now](const rq::RequestState& state) -> rq::Decision {
        if (!state.exists()) {
            return tl::unexpected(NotFound());
        }
        if (!citizen) {
            const auto& unit = state.submission->unit_id;
            auto may = command.action == rq::Action::kAssign
                           ? access::CanAssignRequest(principal, unit, command.officer)
                           : access::CanWorkRequest(principal, unit);
            if (!may) {
                return tl::unexpected(may.error());
            }
        }
        switch (command.action) {
            case rq::Action::kVerify:
                return rq::Verify(state, principal.id, now);
            case rq::Action::kReturn:
                return rq::Return(state, principal.id, command.reason, command.missing, now);
            case rq::Action::kStartProcessing:
                return rq::StartProcessing(state, principal.id, now);
            case rq::Action::kMarkProductReady:
                return rq::MarkProductReady(state, principal.id, now);
            case rq::Action::kHandOver:
                return rq::HandOver(state, principal.id, now);
            case rq::Action::kReject:
                return rq::Reject(state, principal.id, command.reason, now);
            case rq::Action::kWithdraw:
                return rq::Withdraw(state, command.reason, now);
            case rq::Action::kAssign:
                return rq::Assign(state, command.officer, principal.id, now);
            case rq::Action::kPostMessage:
                return citizen ? rq::PostMessage(state, rq::Author::kCitizen, "", command.text, now)
                               : rq::PostMessage(state, rq::Author::kOfficer, principal.id, command.text, now);
            case rq::Action::kAddNote:
                return rq::AddNote(state, principal.id, command.text, now);
            case rq::Action::kResubmit:
                break;  // on a worker: ResubmitNow
        }
        return core::Fail(core::ErrorKind::kInternal, "action_unknown", "This action is not known.");
    };
    Execute(tenant_id, code, caller.actor, std::move(decide), std::move(done));
}

void Requests::ResubmitNow(const std::string& tenant_id, const rq::TrackingCode& code,
                           const std::vector<Upload>& uploads, const Caller& caller, const Done& done) {
    auto found = Find(tenant_id, code.Compact());
    if (!found) {
        return done(tl::unexpected(found.error()));
    }
    const auto& submitted = *found->state.submission;
    auto history = standards_.HistoryOf(tenant_id, submitted.service);
    if (!history) {
        return done(tl::unexpected(history.error()));
    }
    const auto index = static_cast<std::size_t>(submitted.standard_version - 1);
    if (index >= history->versions.size()) {
        return done(core::Fail(core::ErrorKind::kInternal, "standard_not_found",
                               "The standard this request was made under cannot be found."));
    }
    auto documents = CheckUploads(history->versions[index], uploads);
    if (!documents) {
        return done(tl::unexpected(documents.error()));
    }
    auto stored = Store(uploads, *documents);
    if (!stored) {
        return done(tl::unexpected(stored.error()));
    }
    const auto now = clock_.Now();
    Execute(
        tenant_id, code, caller.actor,
        [documents = std::move(*documents), now](const rq::RequestState& state) {
            return rq::Resubmit(state, documents, now);
        },
        [this, done, stored = *stored](core::Result<RequestFile> result) {
            Release(stored, !result);
            done(std::move(result));
        });
}

core::Result<std::vector<RequestFile>> Requests::WorkList(const std::string& tenant_id, const WorkListFilter& filter,
                                                          const Caller& caller) {
    if (!filter.unit_id.empty()) {
        if (auto may = access::CanWorkRequest(caller.principal, filter.unit_id); !may) {
            return tl::unexpected(may.error());
        }
    }
    RefreshStale(tenant_id);
    // Whether the caller may work a unit, asked once per unit rather than once per request.
    std::map<std::string, bool, std::less<>> may_work;
    RequestViews::Query query{
        .keep =
            [&](const RequestViews::Summary& request) {
                auto may = may_work.find(request.unit_id);
                if (may == may_work.end()) {
                    may = may_work
                              .emplace(request.unit_id,
                                       access::CanWorkRequest(caller.principal, request.unit_id).has_value())
                              .first;
                }
                return may->second && (filter.unit_id.empty() || request.unit_id == filter.unit_id) &&
                       (filter.status ? request.status == *filter.status : !request.terminal) &&
                       (filter.assigned.empty() || request.assigned_officer == filter.assigned);
            },
        .sla = filter.sla,
        .limit = filter.limit};
    const auto reader = ClockReader();  // each unit's calendar built once for the whole list
    std::vector<RequestFile> files;
    for (auto& row : views_.WorkList(tenant_id, query, clock_.Now(), reader)) {
        if (auto code = rq::TrackingCode::Parse(row.code)) {
            auto sla = reader.read(tenant_id, row.state);
            files.push_back(
                RequestFile{.tenant_id = tenant_id, .code = *code, .state = std::move(row.state), .sla = sla});
        }
    }
    return files;
}

std::vector<RequestViews::Due> Requests::DueEscalations(core::Instant now) {
    RefreshStale({});
    auto due = views_.DueAt(now, ClockReader());
    // Only while the unit is at work: never at night, on its days off or on a holiday.
    std::map<std::pair<std::string, std::string>, bool> at_work;
    std::erase_if(due, [&](const RequestViews::Due& escalation) {
        const auto key = std::pair{escalation.tenant_id, escalation.unit_id};
        auto found = at_work.find(key);
        if (found == at_work.end()) {
            const auto* tenant = directory_.FindTenant(escalation.tenant_id);
            const bool open = UnitCalendar(escalation.tenant_id, escalation.unit_id)
                                  .IsOpenAt(now, tenant != nullptr ? tenant->utc_offset : core::kWib);
            found = at_work.emplace(key, open).first;
        }
        return !found->second;
    });
    return due;
}

void Requests::Escalate(const RequestViews::Due& due, std::function<void(core::Result<RequestFile>)> done) {
    auto code = rq::TrackingCode::Parse(due.code);
    if (!code) {
        done(core::Fail(core::ErrorKind::kNotFound, "request_not_found", "No request has this tracking code."));
        return;
    }
    const Actor system{.actor = "system:escalations", .role = "system", .ip = "", .device = ""};
    Execute(
        due.tenant_id, *code, system,
        [this, due](const rq::RequestState& state) {
            return rq::Escalate(state, due.level, due.run, due.due_at, clock_.Now());
        },
        std::move(done));
}

core::Result<RequestFile> Requests::FileFor(const std::string& tenant_id, std::string_view typed_code,
                                            const Caller& caller) {
    auto file = Find(tenant_id, typed_code);
    if (!file) {
        return file;
    }
    if (auto may = access::CanWorkRequest(caller.principal, file->state.submission->unit_id); !may) {
        return tl::unexpected(may.error());
    }
    return file;
}

core::Result<StoredDocument> Requests::DocumentOf(const std::string& tenant_id, std::string_view typed_code,
                                                  const std::string& requirement, const Caller& caller) {
    auto found = FileFor(tenant_id, typed_code, caller);
    if (!found) {
        return tl::unexpected(found.error());
    }
    auto document = found->state.documents.find(requirement);
    std::optional<std::string> bytes;
    if (document != found->state.documents.end() && uploads_ != nullptr) {
        try {
            bytes = uploads_->Get(*store::crypto::DigestFromHex(document->second.sha256));
        } catch (const core::StorageUnavailable& e) {
            return core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable",
                              fmt::format("The document cannot be read right now: {}", e.what()));
        }
    }
    if (!bytes) {
        return core::Fail(core::ErrorKind::kNotFound, "document_not_found",
                          fmt::format("This request holds no document for \"{}\".", requirement));
    }
    return StoredDocument{.document = document->second, .bytes = std::move(*bytes)};
}

void Requests::Drain() {
    workers_.Drain();
    streams_.Drain();
    dispatcher_.Drain();
}

}  // namespace layan::engine
