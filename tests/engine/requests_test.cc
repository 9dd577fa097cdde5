// Service requests through the engine: a submission with documents, the way through the workflow with the SLA clock
// paused while the citizen completes the file, and every bad input refused with nothing left behind (no event, no
// personal data, no stored document). On the demo city with its published standards, on a clock moved by hand.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine_fixture.h"
#include "layan/store/crypto.h"
#include "layan/store/personal_data.h"
#include "layan/store/seed.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

using namespace std::chrono;
namespace rq = domain::requests;

constexpr const char* kNik = "3576010101900001";
constexpr const char* kUnit = "dispendukcapil";

/// A small PDF (libmagic judges it by its first bytes).
std::string Pdf(const std::string& body = "layan") {
    return "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + body + "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

Caller Officer(const std::string& id, const std::string& unit) {
    return Caller{.principal = {.role = domain::access::Role::kOfficer,
                                .id = id,
                                .name = id,
                                .tenant_id = kTenant,
                                .units = {unit},
                                .officer_id = "",
                                .hall_id = "",
                                .device_kind = domain::access::DeviceKind::kKiosk},
                  .actor = {.actor = id, .role = "officer", .ip = "127.0.0.1", .device = ""}};
}

class Requests : public EngineTest {
protected:
    void Prepare() override {
        Directory directory(database_->CatalogRepo(), database_->Vault());
        directory.Load();
        auto published = PublishFirstVersions(
            database_->Events(), directory, nlohmann::json::parse(store::BuiltInDemoStandards()),
            store::MetadataOf(store::Processor{.actor = "system:test", .role = "system", .ip = "", .device = ""}));
        ASSERT_TRUE(published) << published.error().message;
    }

    /// A family card (KK, 3 working days) with both required documents.
    static Submission FamilyCard() {
        return Submission{.tenant_id = kTenant,
                          .service = "KK",
                          .nik = kNik,
                          .phone = "0812-3456-7890",
                          .uploads = {{.requirement = "KK_LAMA", .file_name = "kk lama.pdf", .bytes = Pdf("kk")},
                                      {.requirement = "F101", .file_name = "f101.pdf", .bytes = Pdf("f101")}}};
    }

    core::Result<RequestFile> Submit(Submission submission) {
        return Await<RequestFile>(
            [&](auto done) { engine_->requests.Submit(std::move(submission), Citizen().actor, std::move(done)); });
    }

    core::Result<RequestFile> Act(const RequestFile& file, rq::Action action, const Caller& caller,
                                  RequestCommand command = {}) {
        command.action = action;
        return Await<RequestFile>([&](auto done) {
            engine_->requests.Act(kTenant, file.code.Display(), std::move(command), caller, std::move(done));
        });
    }

    /// The escalations on the request's timeline, as "<level>:<run>@<due_at>" in order.
    std::vector<std::string> Escalations(const RequestFile& file) {
        auto found = engine_->requests.Find(kTenant, file.code.Display());
        EXPECT_TRUE(found) << found.error().message;
        std::vector<std::string> raised;
        for (const auto& event : found ? found->state.timeline : std::vector<rq::Event>{}) {
            if (const auto* escalated = std::get_if<rq::RequestEscalated>(&event)) {
                raised.push_back(escalated->key + "@" + core::FormatIso8601(escalated->due_at, core::kWib));
            }
        }
        return raised;
    }

    /// Moves the clock to a local instant ("2026-12-03T10:00:00") in WIB.
    void SetClock(const std::string& local) { clock_.Set(*core::ParseIso8601(local + "+07:00")); }

    /// Asserts that nothing of a refused submission stayed: no citizen with the NIK, no stored document, no request.
    void ExpectNothingLeft() {
        EXPECT_TRUE(database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik).empty());
        EXPECT_TRUE(database_->Uploads()->List().empty());
        auto list = engine_->requests.WorkList(kTenant, {}, Admin());
        ASSERT_TRUE(list);
        EXPECT_TRUE(list->empty());
    }
};

TEST_F(Requests, ASubmissionKeepsItsDocumentsByContentAndTheNikInTheVaultAndIsFoundByItsCodeAsTyped) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    const auto& submitted = *file->state.submission;
    EXPECT_EQ(file->state.status, rq::RequestStatus::kSubmitted);
    EXPECT_EQ(submitted.unit_id, kUnit);
    EXPECT_EQ(submitted.masked_nik, "3576**********01");
    EXPECT_EQ(submitted.channel, rq::Channel::kOnline);
    ASSERT_EQ(file->state.documents.size(), 2U);
    const auto& kk = file->state.documents.at("KK_LAMA");
    EXPECT_EQ(kk.media_type, "application/pdf");
    EXPECT_EQ(kk.sha256, store::crypto::ToHex(store::crypto::Sha256({Pdf("kk")})));
    EXPECT_EQ(database_->Uploads()->Get(*store::crypto::DigestFromHex(kk.sha256)), Pdf("kk"));

    // The NIK is sealed under a citizen whose data names this request.
    auto citizens = database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik);
    ASSERT_EQ(citizens.size(), 1U);
    EXPECT_EQ(citizens[0].ref, submitted.citizen_ref);
    EXPECT_EQ(citizens[0].ticket_stream, store::StreamId::Request(kTenant, file->code.Compact()).Name());

    // Three working days from Monday: the deadline is Thursday's closing time, and the clock runs.
    EXPECT_EQ(core::FormatDate(core::LocalDate(file->sla.deadline, core::kWib)), "2026-12-03");
    EXPECT_EQ(file->sla.state, domain::calendar::SlaState::kOnTrack);

    // Lower case, without hyphens, with an O for a zero: the same request.
    auto typed = file->code.Compact();
    std::ranges::transform(typed, typed.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto found = engine_->requests.Find(kTenant, typed);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->state, file->state);
}

TEST_F(Requests, AReturnPausesTheClockAndTheCompletionResumesItSoTheDeadlineMovesByTheDaysWithTheCitizen) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    const auto first_deadline = file->sla.deadline;
    const auto siti = Officer("acc-siti", kUnit);

    clock_.Advance(duration_cast<core::Millis>(hours{1}));  // Monday 10:00
    RequestCommand back;
    back.reason = "Scan KK lama tidak terbaca";
    back.missing = {"KK_LAMA"};
    auto returned = Act(*file, rq::Action::kReturn, siti, back);
    ASSERT_TRUE(returned) << returned.error().message;
    EXPECT_EQ(returned->state.status, rq::RequestStatus::kReturned);
    EXPECT_EQ(returned->sla.state, domain::calendar::SlaState::kPaused);

    // Completing without the document the return asked for is refused, and changes nothing.
    auto incomplete = Act(*file, rq::Action::kResubmit, Citizen());
    ASSERT_FALSE(incomplete);
    EXPECT_EQ(incomplete.error().code, "request_document_missing");

    clock_.Advance(duration_cast<core::Millis>(
        hours{48}));  // Wednesday 10:00: Monday's and Tuesday's closing times passed while paused
    RequestCommand completion;
    completion.uploads = {{.requirement = "KK_LAMA", .file_name = "kk-baru.pdf", .bytes = Pdf("kk, readable")}};
    auto completed = Act(*file, rq::Action::kResubmit, Citizen(), completion);
    ASSERT_TRUE(completed) << completed.error().message;
    EXPECT_EQ(completed->state.status, rq::RequestStatus::kSubmitted);
    EXPECT_EQ(completed->state.documents.at("KK_LAMA").sha256,
              store::crypto::ToHex(store::crypto::Sha256({Pdf("kk, readable")})));
    EXPECT_EQ(completed->sla.state, domain::calendar::SlaState::kOnTrack);
    // Two working days with the citizen: Thursday 3 December becomes Monday 7 December.
    EXPECT_EQ(core::FormatDate(core::LocalDate(first_deadline, core::kWib)), "2026-12-03");
    EXPECT_EQ(core::FormatDate(core::LocalDate(completed->sla.deadline, core::kWib)), "2026-12-07");

    for (auto action : {rq::Action::kVerify, rq::Action::kStartProcessing, rq::Action::kMarkProductReady}) {
        auto done = Act(*file, action, siti);
        ASSERT_TRUE(done) << rq::ToString(action) << ": " << done.error().message;
    }
    auto ready = engine_->requests.Find(kTenant, file->code.Display());
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->state.status, rq::RequestStatus::kProductReady);
    EXPECT_EQ(ready->sla.state, domain::calendar::SlaState::kStopped);
    // The replaced document stays stored: the timeline still names it.
    EXPECT_EQ(database_->Uploads()->List().size(), 3U);
}

TEST_F(Requests, AnIllegalTransitionAndAnOfficerOfAnotherUnitAreRefusedAndAnonymousOfficerActionsNeedASignIn) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    const auto siti = Officer("acc-siti", kUnit);
    ASSERT_TRUE(Act(*file, rq::Action::kVerify, siti));

    auto twice = Act(*file, rq::Action::kVerify, siti);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, "request_transition_invalid");
    EXPECT_EQ(twice.error().details["state"], "verified");

    auto other = Act(*file, rq::Action::kStartProcessing, Officer("acc-budi", "dpmptsp"));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "other_unit");

    // An admin of another government, through the public message route, is not the unit.
    auto foreign = Admin();
    foreign.principal.tenant_id = "kota-lain";
    RequestCommand message;
    message.text = "Halo";
    auto elsewhere = Act(*file, rq::Action::kPostMessage, foreign, message);
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, "other_tenant");

    auto anonymous = Act(*file, rq::Action::kStartProcessing, Citizen());
    ASSERT_FALSE(anonymous);
    EXPECT_EQ(anonymous.error().code, "authentication_required");

    RequestCommand reject;
    auto no_reason = Act(*file, rq::Action::kReject, siti, reject);
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().code, "reason_required");

    auto found = engine_->requests.Find(kTenant, file->code.Display());
    ASSERT_TRUE(found);
    EXPECT_EQ(found->state.status, rq::RequestStatus::kVerified);
    EXPECT_EQ(found->state.timeline.size(), 2U);
}

TEST_F(Requests, EveryBadSubmissionIsRefusedWithItsCodeAndLeavesNothingBehind) {
    struct Case {
        std::string name;
        std::function<void(Submission&)> spoil;
        std::string code;
    };
    const std::vector<Case> cases = {
        {"a required document missing", [](Submission& s) { s.uploads.pop_back(); }, "request_document_missing"},
        {"a text file named .pdf", [](Submission& s) { s.uploads[1].bytes = "just some text, not a PDF at all\n"; },
         "upload_type_not_accepted"},
        {"a path in the file name", [](Submission& s) { s.uploads[1].file_name = "../../etc/passwd.pdf"; },
         "upload_name_invalid"},
        {"a file over the requirement's size",
         [](Submission& s) { s.uploads[1].bytes = Pdf(std::string(std::size_t{3} * 1024 * 1024, 'x')); },
         "upload_too_large"},
        {"a document the service does not ask for", [](Submission& s) { s.uploads[1].requirement = "PASFOTO"; },
         "upload_requirement_unknown"},
        {"two files for one requirement", [](Submission& s) { s.uploads[1].requirement = "KK_LAMA"; },
         "upload_duplicate"},
        {"an invalid NIK", [](Submission& s) { s.nik = "1234"; }, "nik_not_16_digits"},
        {"an unknown service", [](Submission& s) { s.service = "NOPE"; }, "service_not_found"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto submission = FamilyCard();
        c.spoil(submission);
        auto refused = Submit(submission);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, c.code) << refused.error().message;
        EXPECT_NE(refused.error().kind, core::ErrorKind::kInternal);
        ExpectNothingLeft();
    }
}

TEST_F(Requests, ATrackingCodeWithOneWrongCharacterIsMistypedAndAValidUnknownOneIsNotFound) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    auto typed = file->code.Compact();
    typed[3] = typed[3] == '7' ? '8' : '7';
    auto mistyped = engine_->requests.Find(kTenant, typed);
    ASSERT_FALSE(mistyped);
    EXPECT_EQ(mistyped.error().code, "tracking_code_mistyped");

    auto unknown = engine_->requests.Find(kTenant, rq::TrackingCode::Encode({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).Display());
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "request_not_found");

    auto other_tenant = engine_->requests.Find("kota-lain", file->code.Display());
    ASSERT_FALSE(other_tenant);
    EXPECT_EQ(other_tenant.error().code, "request_not_found");
}

TEST_F(Requests, TheWorkListShowsTheUnitsOpenRequestsByDeadlineAndTheDocumentsOnlyToTheUnit) {
    auto later = Submit(FamilyCard());  // 3 working days
    ASSERT_TRUE(later) << later.error().message;
    auto ktp = FamilyCard();
    ktp.service = "KTP";  // same day
    ktp.uploads = {{.requirement = "KK", .file_name = "kk.pdf", .bytes = Pdf("kk")}};
    auto sooner = Submit(ktp);
    ASSERT_TRUE(sooner) << sooner.error().message;

    const auto siti = Officer("acc-siti", kUnit);
    auto list = engine_->requests.WorkList(kTenant, {}, siti);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2U);
    EXPECT_EQ((*list)[0].code, sooner->code);
    EXPECT_EQ((*list)[1].code, later->code);

    auto elsewhere = engine_->requests.WorkList(kTenant, {}, Officer("acc-budi", "dpmptsp"));
    ASSERT_TRUE(elsewhere);
    EXPECT_TRUE(elsewhere->empty());
    WorkListFilter of_the_unit;
    of_the_unit.unit_id = kUnit;
    auto refused = engine_->requests.WorkList(kTenant, of_the_unit, Officer("acc-budi", "dpmptsp"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "other_unit");

    RequestCommand reject;
    reject.reason = "Bukan warga Kota Mojokerto";
    ASSERT_TRUE(Act(*sooner, rq::Action::kReject, siti, reject));
    auto open = engine_->requests.WorkList(kTenant, {}, siti);
    ASSERT_TRUE(open);
    ASSERT_EQ(open->size(), 1U);
    EXPECT_EQ((*open)[0].code, later->code);

    auto read = engine_->requests.FileFor(kTenant, later->code.Display(), siti);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->state, later->state);
    auto not_read = engine_->requests.FileFor(kTenant, later->code.Display(), Officer("acc-budi", "dpmptsp"));
    ASSERT_FALSE(not_read);
    EXPECT_EQ(not_read.error().code, "other_unit");

    // The whole standard (its internal components too) is for its unit's head and admins only.
    auto head = Officer("acc-head", "dpmptsp").principal;
    head.role = domain::access::Role::kUnitHead;
    auto foreign_head = engine_->standards.HistoryFor(kTenant, "KK", head);
    ASSERT_FALSE(foreign_head);
    EXPECT_EQ(foreign_head.error().code, "other_unit");
    head.units = {kUnit};
    EXPECT_TRUE(engine_->standards.HistoryFor(kTenant, "KK", head));

    auto document = engine_->requests.DocumentOf(kTenant, later->code.Display(), "F101", siti);
    ASSERT_TRUE(document) << document.error().message;
    EXPECT_EQ(document->bytes, Pdf("f101"));
    auto hidden = engine_->requests.DocumentOf(kTenant, later->code.Display(), "F101", Officer("acc-budi", "dpmptsp"));
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, "other_unit");
}

TEST_F(Requests, AnOfficerOpensOneRequestFromAWalkInTicketSoTheCitizenKeepsOneCodeForTheVisit) {
    auto ticket = Issue("KK");
    ASSERT_TRUE(ticket) << ticket.error().message;
    const auto ticket_id = ticket->ticket.ticket.id;
    auto open = [&](const Caller& caller, const std::string& id, const std::string& nik = kNik) {
        return Await<RequestFile>(
            [&](auto done) { engine_->requests.OpenFromTicket(kHall, id, nik, caller, std::move(done)); });
    };
    const auto siti = Officer("acc-siti", kUnit);
    auto opened = open(siti, ticket_id);
    ASSERT_TRUE(opened) << opened.error().message;
    const auto& submitted = *opened->state.submission;
    EXPECT_EQ(submitted.channel, rq::Channel::kWalkIn);
    ASSERT_TRUE(submitted.ticket);
    EXPECT_EQ(submitted.ticket->ticket_id, ticket_id);
    EXPECT_EQ(submitted.by, "acc-siti");
    EXPECT_EQ(submitted.service, "KK");
    EXPECT_TRUE(opened->state.documents.empty()) << "documents are checked at the counter";
    EXPECT_EQ(opened->sla.state, domain::calendar::SlaState::kOnTrack);

    auto again = open(siti, ticket_id);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->code, opened->code);
    EXPECT_EQ(database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik).size(), 1U);

    auto other = Issue("KK");
    ASSERT_TRUE(other);
    auto elsewhere = open(Officer("acc-budi", "dpmptsp"), other->ticket.ticket.id);
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, "other_unit");
    auto bad_nik = open(siti, other->ticket.ticket.id, "12345");
    ASSERT_FALSE(bad_nik);
    EXPECT_EQ(bad_nik.error().code, "nik_not_16_digits");
    auto unknown = open(siti, "20261130-Z-999");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "ticket_not_found");
}

TEST_F(Requests, RetentionErasesTheNikOfARequestThatEndedLongEnoughAgoAndKeepsThatOfAnOpenOne) {
    auto open = Submit(FamilyCard());
    auto other = FamilyCard();
    other.nik = "3576014101900002";
    auto ended = Submit(other);
    ASSERT_TRUE(open && ended);
    RequestCommand reject;
    reject.reason = "Bukan warga Kota Mojokerto";
    ASSERT_TRUE(Act(*ended, rq::Action::kReject, Officer("acc-siti", kUnit), reject));

    const auto retention = days{30};
    auto early = engine_->personal_data.Purge(clock_.Now() + days{29}, retention);
    EXPECT_TRUE(early.erased.empty());
    auto later = engine_->personal_data.Purge(clock_.Now() + days{31}, retention);
    ASSERT_EQ(later.erased.size(), 1U);
    EXPECT_EQ(later.erased[0], ended->state.submission->citizen_ref);
    EXPECT_TRUE(database_->Vault().FindByValue(store::PersonalDataKind::kNik, "3576014101900002").empty());
    EXPECT_EQ(database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik).size(), 1U);
}

TEST_F(Requests, RetentionRemovesTheDocumentsOfARequestThatEndedLongAgoUnlessAnOpenRequestNamesTheSameBytes) {
    auto open = Submit(FamilyCard());
    ASSERT_TRUE(open) << open.error().message;
    auto other = FamilyCard();
    other.nik = "3576014101900002";
    other.uploads = {{.requirement = "KK_LAMA", .file_name = "kk.pdf", .bytes = Pdf("another family card")},
                     {.requirement = "F101", .file_name = "f101.pdf", .bytes = Pdf("f101")}};  // F101 as the open one's
    auto ended = Submit(other);
    ASSERT_TRUE(ended) << ended.error().message;
    RequestCommand reject;
    reject.reason = "Bukan warga Kota Mojokerto";
    ASSERT_TRUE(Act(*ended, rq::Action::kReject, Officer("acc-siti", kUnit), reject));
    ASSERT_EQ(database_->Uploads()->List().size(), 3U);

    const auto retention = days{30};
    EXPECT_EQ(engine_->requests.PurgeDocuments(clock_.Now() + days{29}, retention), 0U);
    EXPECT_EQ(engine_->requests.PurgeDocuments(clock_.Now() + days{31}, retention), 1U);
    // The ended request's own scan is gone; the form it shares with the open request stays, as do the open one's.
    auto gone = engine_->requests.DocumentOf(kTenant, ended->code.Display(), "KK_LAMA", Admin());
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "document_not_found");
    EXPECT_TRUE(engine_->requests.DocumentOf(kTenant, ended->code.Display(), "F101", Admin()));
    for (const auto& requirement : {"KK_LAMA", "F101"}) {
        EXPECT_TRUE(engine_->requests.DocumentOf(kTenant, open->code.Display(), requirement, Admin())) << requirement;
    }
    EXPECT_EQ(database_->Uploads()->List().size(), 2U);
    EXPECT_EQ(engine_->requests.PurgeDocuments(clock_.Now() + days{31}, retention), 0U);
}

TEST_F(Requests, AtStartWhatACrashLeftInTheUploadsIsRemovedAndWhatARequestNamesIsKept) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    engine_.reset();

    // A crash after storing a document and before appending its request, an hour ago or more; one a moment ago
    // (another node's submission in flight, on a shared folder); and bytes still being staged.
    auto* uploads = database_->Uploads();
    auto orphan = uploads->Put(Pdf("orphan"));
    auto fresh = uploads->Put(Pdf("in flight"));
    ASSERT_TRUE(orphan && fresh);
    const auto root = dir_.path() / "layan.db.uploads";
    const auto orphan_file =
        root / "sha256" / store::crypto::ToHex(orphan->sha256).substr(0, 2) / store::crypto::ToHex(orphan->sha256);
    ASSERT_TRUE(std::filesystem::exists(orphan_file));
    std::filesystem::last_write_time(orphan_file, std::filesystem::file_time_type::clock::now() - hours{2});
    std::ofstream(root / "tmp" / "staged-by-a-crash") << "half";

    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    EXPECT_FALSE(uploads->Contains(orphan->sha256));
    EXPECT_TRUE(uploads->Contains(fresh->sha256));
    EXPECT_FALSE(std::filesystem::exists(root / "tmp" / "staged-by-a-crash"));
    for (const auto& [requirement, document] : file->state.documents) {
        EXPECT_TRUE(uploads->Contains(*store::crypto::DigestFromHex(document.sha256))) << requirement;
    }
    // The request is found after the restart.
    EXPECT_TRUE(engine_->requests.Find(kTenant, file->code.Display()));
}

TEST_F(Requests, ARequestIsEscalatedOnceToTheSupervisorWhenDueSoonAndToTheUnitHeadWhenOverdueInWorkingHoursOnly) {
    auto file = Submit(FamilyCard());  // Monday 09:00, 3 working days: due Thursday 3 December at closing time
    ASSERT_TRUE(file) << file.error().message;
    const auto due_soon_at = file->sla.due_soon_at;
    const auto deadline = file->sla.deadline;
    EXPECT_EQ(core::FormatIso8601(deadline, core::kWib), "2026-12-03T16:00:00.000+07:00");
    ASSERT_LT(clock_.Now(), due_soon_at);
    EXPECT_EQ(engine_->escalations.Tick(), 0U);

    // 80 % of the time used, in working hours: the supervisor is alerted, once however many ticks.
    clock_.Set(due_soon_at + minutes{1});
    ASSERT_TRUE(engine_->requests.Find(kTenant, file->code.Display())->sla.state ==
                domain::calendar::SlaState::kDueSoon);
    EXPECT_EQ(engine_->escalations.Tick(), 1U);
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
    const auto supervisor = "supervisor:0@" + core::FormatIso8601(due_soon_at, core::kWib);
    EXPECT_EQ(Escalations(*file), std::vector<std::string>{supervisor});
    WorkListFilter due_soon;
    due_soon.sla = domain::calendar::SlaState::kDueSoon;
    auto list = engine_->requests.WorkList(kTenant, due_soon, Admin());
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1U);
    EXPECT_EQ((*list)[0].code, file->code);

    // Overdue at 02:00 on Friday: nobody is alerted at night...
    SetClock("2026-12-04T02:00:00");
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
    EXPECT_EQ(Escalations(*file).size(), 1U);
    // ...but when the unit opens, the unit head is, with when it fell due.
    SetClock("2026-12-04T09:00:00");
    EXPECT_EQ(engine_->escalations.Tick(), 1U);
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
    EXPECT_EQ(Escalations(*file),
              (std::vector<std::string>{supervisor, "unit_head:0@" + core::FormatIso8601(deadline, core::kWib)}));
    // The escalations are internal: the citizen's view does not show them, the unit's work list still does.
    auto overdue = engine_->requests.WorkList(kTenant, {}, Admin());
    ASSERT_TRUE(overdue);
    ASSERT_EQ(overdue->size(), 1U);
    EXPECT_EQ((*overdue)[0].sla.state, domain::calendar::SlaState::kOverdue);
}

TEST_F(Requests, WhatFellDueWhileTheServerWasDownIsRaisedOnceAtTheFirstTickInWorkingHoursAfterTheRestart) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    auto paused = Submit(FamilyCard());
    ASSERT_TRUE(paused) << paused.error().message;
    RequestCommand back;
    back.reason = "Scan KK lama tidak terbaca";
    back.missing = {"KK_LAMA"};
    ASSERT_TRUE(Act(*paused, rq::Action::kReturn, Officer("acc-siti", kUnit), back));

    // Down from Monday to Saturday 5 December, past both instants; restarted on Saturday: the unit is closed.
    engine_.reset();
    SetClock("2026-12-05T10:00:00");
    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
    EXPECT_TRUE(Escalations(*file).empty());

    // Monday 7 December at opening: both are raised, once, even across another restart.
    SetClock("2026-12-07T08:00:00");
    EXPECT_EQ(engine_->escalations.Tick(), 2U);
    engine_.reset();
    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
    const auto raised = Escalations(*file);
    ASSERT_EQ(raised.size(), 2U);
    EXPECT_TRUE(raised[0].starts_with("supervisor:0@"));
    EXPECT_EQ(raised[1], "unit_head:0@2026-12-03T16:00:00.000+07:00");
    // A clock paused while the citizen completes the file is not escalated.
    EXPECT_TRUE(Escalations(*paused).empty());
}

TEST_F(Requests, TwoEnginesOnOneDatabaseTickingAtOnceRaiseEachEscalationOnce) {
    auto file = Submit(FamilyCard());
    ASSERT_TRUE(file) << file.error().message;
    Engine other(*database_, clock_, Engine::Options{.performance_views = false});  // a second node
    clock_.Set(file->sla.due_soon_at + minutes{1});
    std::thread first([&] { engine_->escalations.Tick(); });
    std::thread second([&] { other.escalations.Tick(); });
    first.join();
    second.join();
    EXPECT_EQ(Escalations(*file).size(), 1U);
    EXPECT_EQ(other.escalations.Tick(), 0U);
    EXPECT_EQ(engine_->escalations.Tick(), 0U);
}

}  // namespace
}  // namespace layan::engine::test
