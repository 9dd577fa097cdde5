#include "layan/domain/requests/commands.h"

#include <functional>

#include <gtest/gtest.h>

#include "requests_test_support.h"

namespace layan::domain::requests {
namespace {

using testing::Do;
using testing::MakeDocument;
using testing::MondayAt;
using testing::Must;
using testing::OnlineSubmission;
using testing::Submitted;

void ExpectRefused(const Decision& decision, core::ErrorKind kind, const std::string& code) {
    ASSERT_FALSE(decision) << "accepted; expected " << code;
    EXPECT_EQ(decision.error().kind, kind);
    EXPECT_EQ(decision.error().code, code);
    EXPECT_FALSE(decision.error().message.empty());
}

void ExpectTransitionInvalid(const Decision& decision, std::string_view state, std::string_view action) {
    ExpectRefused(decision, core::ErrorKind::kConflict, "request_transition_invalid");
    if (!decision) {
        EXPECT_EQ(decision.error().details, (nlohmann::json{{"state", state}, {"action", action}}));
    }
}

void ExpectFieldInvalid(const Decision& decision, const std::string& code, const std::string& field) {
    ExpectRefused(decision, core::ErrorKind::kInvalid, code);
    if (!decision) {
        EXPECT_EQ(decision.error().details["field"], field);
    }
}

// A request moved along the main way to `status` (not a terminal one).
RequestState InStatus(RequestStatus status) {
    auto state = Submitted(MondayAt(8, 0));
    switch (status) {
        case RequestStatus::kReturned:
            Do(state, Return(state, "siti", "Lengkapi KK", std::vector<std::string>{"kk"}, MondayAt(9, 0)));
            break;
        case RequestStatus::kProductReady:
        case RequestStatus::kInProcess:
        case RequestStatus::kVerified:
            Do(state, Verify(state, "siti", MondayAt(9, 0)));
            if (status != RequestStatus::kVerified) {
                Do(state, StartProcessing(state, "siti", MondayAt(9, 30)));
            }
            if (status == RequestStatus::kProductReady) {
                Do(state, MarkProductReady(state, "siti", MondayAt(10, 0)));
            }
            break;
        default:
            break;
    }
    EXPECT_EQ(state.status, status);
    return state;
}

RequestState HandedOver() {
    auto state = InStatus(RequestStatus::kProductReady);
    Do(state, HandOver(state, "budi", MondayAt(11, 0)));
    return state;
}

// --- not found, exists --------------------------------------------------------------------------------

TEST(RequestCommands, EveryActionOnARequestNotSubmittedIsNotFound) {
    const RequestState none;
    const auto now = MondayAt(9, 0);
    const std::vector<Decision> decisions{
        Verify(none, "siti", now),
        Return(none, "siti", "x", {}, now),
        Resubmit(none, {}, now),
        StartProcessing(none, "siti", now),
        MarkProductReady(none, "siti", now),
        HandOver(none, "siti", now),
        Reject(none, "siti", "x", now),
        Withdraw(none, "", now),
        Assign(none, "siti", "siti", now),
        PostMessage(none, Author::kCitizen, "", "x", now),
        AddNote(none, "siti", "x", now),
        Escalate(none, EscalationLevel::kSupervisor, 0, now, now),
    };
    for (const auto& decision : decisions) {
        ExpectRefused(decision, core::ErrorKind::kNotFound, "request_not_found");
    }
}

TEST(RequestCommands, SubmittingOverAnExistingRequestIsAConflict) {
    const auto state = Submitted(MondayAt(8, 0));
    ExpectRefused(Submit(state, OnlineSubmission(), MondayAt(9, 0)), core::ErrorKind::kConflict, "request_exists");
}

// --- submission ----------------------------------------------------------------------------------------

TEST(RequestCommands, SubmitStampsTheClockStartWithNow) {
    auto submission = OnlineSubmission();
    submission.at = MondayAt(1, 0);  // whatever the caller left there
    auto events = Must(Submit(RequestState{}, submission, MondayAt(10, 0)));
    ASSERT_EQ(events.size(), 1U);
    submission.at = MondayAt(10, 0);
    EXPECT_EQ(events[0], Event{submission});
}

TEST(RequestCommands, AnOfficerOpensARequestFromAWalkInTicket) {
    auto submission = OnlineSubmission();
    submission.channel = Channel::kWalkIn;
    submission.ticket = TicketRef{.hall_id = "mpp-kota", .ticket_id = "20261130-A-007"};
    submission.by = "budi";
    submission.documents.clear();
    auto events = Must(Submit(RequestState{}, submission, MondayAt(10, 0)));
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(std::get<RequestSubmitted>(events[0]).ticket, submission.ticket);
}

struct BadSubmission {
    std::string name;
    std::function<void(RequestSubmitted&)> spoil;
    std::string field;
};

class RequestSubmitRefuses : public ::testing::TestWithParam<BadSubmission> {};

TEST_P(RequestSubmitRefuses, AFieldTheEngineFilledWrong) {
    auto submission = OnlineSubmission();
    GetParam().spoil(submission);
    ExpectFieldInvalid(Submit(RequestState{}, submission, MondayAt(10, 0)), "request_field_invalid", GetParam().field);
}

void WalkIn(RequestSubmitted& s) {
    s.channel = Channel::kWalkIn;
    s.ticket = TicketRef{.hall_id = "mpp-kota", .ticket_id = "20261130-A-007"};
    s.by = "budi";
}

INSTANTIATE_TEST_SUITE_P(
    EachField, RequestSubmitRefuses,
    ::testing::Values(
        BadSubmission{"NoService", [](auto& s) { s.service.clear(); }, "service"},
        BadSubmission{"NoUnit", [](auto& s) { s.unit_id.clear(); }, "unit_id"},
        BadSubmission{"NoHall", [](auto& s) { s.hall_id.clear(); }, "hall_id"},
        BadSubmission{"NoCitizen", [](auto& s) { s.citizen_ref.clear(); }, "citizen_ref"},
        BadSubmission{"StandardVersionZero", [](auto& s) { s.standard_version = 0; }, "standard_version"},
        BadSubmission{"NegativeRule", [](auto& s) { s.rule.amount = -1; }, "rule"},
        BadSubmission{"WholeNik", [](auto& s) { s.masked_nik = "3516010101900012"; }, "masked_nik"},
        BadSubmission{"ShortMaskedNik", [](auto& s) { s.masked_nik = "3516*********12"; }, "masked_nik"},
        BadSubmission{"NoNik", [](auto& s) { s.masked_nik.clear(); }, "masked_nik"},
        BadSubmission{"OnlineWithTicket",
                      [](auto& s) { s.ticket = TicketRef{.hall_id = "mpp-kota", .ticket_id = "20261130-A-007"}; },
                      "ticket"},
        BadSubmission{"OnlineWithOfficer", [](auto& s) { s.by = "budi"; }, "by"},
        BadSubmission{"WalkInWithoutTicket",
                      [](auto& s) {
                          WalkIn(s);
                          s.ticket.reset();
                      },
                      "ticket"},
        BadSubmission{"WalkInWithEmptyTicketId",
                      [](auto& s) {
                          WalkIn(s);
                          s.ticket->ticket_id.clear();
                      },
                      "ticket"},
        BadSubmission{"WalkInWithoutOfficer",
                      [](auto& s) {
                          WalkIn(s);
                          s.by.clear();
                      },
                      "by"},
        BadSubmission{"DocumentWithoutRequirement", [](auto& s) { s.documents[1].requirement.clear(); },
                      "documents[1].requirement"},
        BadSubmission{"TwoDocumentsForOneRequirement", [](auto& s) { s.documents[1].requirement = "kk"; },
                      "documents[1].requirement"},
        BadSubmission{"UpperCaseDigest", [](auto& s) { s.documents[0].sha256 = std::string(64, 'A'); },
                      "documents[0].sha256"},
        BadSubmission{"ShortDigest", [](auto& s) { s.documents[0].sha256 = std::string(63, 'a'); },
                      "documents[0].sha256"},
        BadSubmission{"EmptyDocument", [](auto& s) { s.documents[0].size = 0; }, "documents[0].size"},
        BadSubmission{"MediaTypeWithoutSubtype", [](auto& s) { s.documents[0].media_type = "application/"; },
                      "documents[0].media_type"},
        BadSubmission{"FileNameAsMediaType", [](auto& s) { s.documents[0].media_type = "kk budi.pdf"; },
                      "documents[0].media_type"}),
    [](const auto& test) { return test.param.name; });

// --- transitions ---------------------------------------------------------------------------------------

TEST(RequestCommands, AnIllegalTransitionNamesTheStateAndTheAction) {
    const auto now = MondayAt(12, 0);
    ExpectTransitionInvalid(StartProcessing(InStatus(RequestStatus::kSubmitted), "siti", now), "submitted", "start");
    ExpectTransitionInvalid(Verify(InStatus(RequestStatus::kVerified), "siti", now), "verified", "verify");
    ExpectTransitionInvalid(Resubmit(InStatus(RequestStatus::kInProcess), {}, now), "in_process", "resubmit");
    ExpectTransitionInvalid(Return(InStatus(RequestStatus::kReturned), "siti", "x", {}, now), "returned", "return");
    ExpectTransitionInvalid(HandOver(InStatus(RequestStatus::kInProcess), "siti", now), "in_process", "hand_over");
    ExpectTransitionInvalid(MarkProductReady(InStatus(RequestStatus::kVerified), "siti", now), "verified", "ready");
    ExpectTransitionInvalid(Withdraw(InStatus(RequestStatus::kProductReady), "", now), "product_ready", "withdraw");
    ExpectTransitionInvalid(Reject(InStatus(RequestStatus::kProductReady), "siti", "x", now), "product_ready",
                            "reject");
}

TEST(RequestCommands, ARequestInProcessMayStillBeReturned) {
    auto state = InStatus(RequestStatus::kInProcess);
    Do(state, Return(state, "siti", "Tanda tangan saksi kurang", {}, MondayAt(12, 0)));
    EXPECT_EQ(state.status, RequestStatus::kReturned);
    Do(state, Resubmit(state, {}, MondayAt(13, 0)));
    // The completed file is verified again before work goes on.
    EXPECT_EQ(state.status, RequestStatus::kSubmitted);
    ExpectTransitionInvalid(StartProcessing(state, "siti", MondayAt(13, 30)), "submitted", "start");
}

TEST(RequestCommands, ATerminalRequestAcceptsNothingNotEvenAMessage) {
    const auto now = MondayAt(12, 0);
    const auto done = HandedOver();
    ExpectTransitionInvalid(PostMessage(done, Author::kCitizen, "", "Terima kasih", now), "handed_over", "message");
    ExpectTransitionInvalid(AddNote(done, "siti", "arsip", now), "handed_over", "note");
    ExpectTransitionInvalid(Assign(done, "budi", "budi", now), "handed_over", "assign");
    ExpectTransitionInvalid(Withdraw(done, "", now), "handed_over", "withdraw");
    auto withdrawn = Submitted(MondayAt(8, 0));
    Do(withdrawn, Withdraw(withdrawn, "", MondayAt(9, 0)));
    ExpectTransitionInvalid(Withdraw(withdrawn, "", now), "withdrawn", "withdraw");
    ExpectTransitionInvalid(Reject(withdrawn, "siti", "x", now), "withdrawn", "reject");
}

// --- typed texts ---------------------------------------------------------------------------------------

TEST(RequestCommands, ReturnAndRejectRequireAReason) {
    const auto state = InStatus(RequestStatus::kVerified);
    ExpectFieldInvalid(Return(state, "siti", "", {}, MondayAt(12, 0)), "reason_required", "reason");
    ExpectFieldInvalid(Return(state, "siti", " \t\n ", {}, MondayAt(12, 0)), "reason_required", "reason");
    ExpectFieldInvalid(Reject(state, "siti", "  ", MondayAt(12, 0)), "reason_required", "reason");
}

TEST(RequestCommands, AReasonHasAtMostTheMaximumCodePoints) {
    const auto state = InStatus(RequestStatus::kSubmitted);
    std::string longest;
    for (std::size_t i = 0; i < kMaxReasonLength; ++i) {
        longest += "é";  // two bytes, one code point
    }
    EXPECT_TRUE(Reject(state, "siti", longest, MondayAt(12, 0)));
    const auto too_long = Reject(state, "siti", longest + "x", MondayAt(12, 0));
    ExpectFieldInvalid(too_long, "reason_too_long", "reason");
    if (!too_long) {
        EXPECT_EQ(too_long.error().details["max"], kMaxReasonLength);
    }
    ExpectFieldInvalid(Withdraw(state, longest + "x", MondayAt(12, 0)), "reason_too_long", "reason");
}

TEST(RequestCommands, TextsAreStoredTrimmed) {
    const auto state = InStatus(RequestStatus::kSubmitted);
    auto returned = Must(Return(state, "siti", "  KK buram \n", {}, MondayAt(12, 0)));
    EXPECT_EQ(std::get<RequestReturned>(returned.at(0)).reason, "KK buram");
    auto message = Must(PostMessage(state, Author::kCitizen, "", "\tKapan selesai? ", MondayAt(12, 0)));
    EXPECT_EQ(std::get<RequestMessagePosted>(message.at(0)).text, "Kapan selesai?");
    auto withdrawn = Must(Withdraw(state, "  ", MondayAt(12, 0)));
    EXPECT_EQ(std::get<RequestWithdrawn>(withdrawn.at(0)).reason, std::nullopt);
    withdrawn = Must(Withdraw(state, " Pindah kota ", MondayAt(12, 0)));
    EXPECT_EQ(std::get<RequestWithdrawn>(withdrawn.at(0)).reason, "Pindah kota");
}

TEST(RequestCommands, MessagesAndNotesNeedTextOfAtMostTheMaximumLength) {
    const auto state = InStatus(RequestStatus::kInProcess);
    const auto now = MondayAt(12, 0);
    ExpectFieldInvalid(PostMessage(state, Author::kOfficer, "siti", " ", now), "text_required", "text");
    ExpectFieldInvalid(AddNote(state, "siti", "", now), "text_required", "text");
    const std::string longest(kMaxTextLength, 'x');
    EXPECT_TRUE(PostMessage(state, Author::kOfficer, "siti", longest, now));
    EXPECT_TRUE(AddNote(state, "siti", longest, now));
    ExpectFieldInvalid(PostMessage(state, Author::kOfficer, "siti", longest + "y", now), "text_too_long", "text");
    ExpectFieldInvalid(AddNote(state, "siti", longest + "y", now), "text_too_long", "text");
}

TEST(RequestCommands, AMessageNamesTheOfficerButNeverTheCitizen) {
    const auto state = InStatus(RequestStatus::kSubmitted);
    const auto now = MondayAt(12, 0);
    ExpectFieldInvalid(PostMessage(state, Author::kOfficer, "", "Halo", now), "request_field_invalid", "by");
    ExpectFieldInvalid(PostMessage(state, Author::kCitizen, "siti", "Halo", now), "request_field_invalid", "by");
    auto posted = Must(PostMessage(state, Author::kOfficer, "siti", "Halo", now));
    EXPECT_EQ(posted.at(0),
              (Event{RequestMessagePosted{.author = Author::kOfficer, .by = "siti", .text = "Halo", .at = now}}));
}

TEST(RequestCommands, OfficerActionsNameTheOfficer) {
    const auto now = MondayAt(12, 0);
    ExpectFieldInvalid(Verify(InStatus(RequestStatus::kSubmitted), "", now), "request_field_invalid", "by");
    ExpectFieldInvalid(Return(InStatus(RequestStatus::kSubmitted), "", "x", {}, now), "request_field_invalid", "by");
    ExpectFieldInvalid(StartProcessing(InStatus(RequestStatus::kVerified), "", now), "request_field_invalid", "by");
    ExpectFieldInvalid(MarkProductReady(InStatus(RequestStatus::kInProcess), "", now), "request_field_invalid", "by");
    ExpectFieldInvalid(HandOver(InStatus(RequestStatus::kProductReady), "", now), "request_field_invalid", "by");
    ExpectFieldInvalid(Reject(InStatus(RequestStatus::kSubmitted), "", "x", now), "request_field_invalid", "by");
    ExpectFieldInvalid(AddNote(InStatus(RequestStatus::kSubmitted), "", "x", now), "request_field_invalid", "by");
    ExpectFieldInvalid(Assign(InStatus(RequestStatus::kSubmitted), "", "siti", now), "request_field_invalid",
                       "officer_id");
    ExpectFieldInvalid(Assign(InStatus(RequestStatus::kSubmitted), "siti", "", now), "request_field_invalid", "by");
}

// --- return and completion ------------------------------------------------------------------------------

TEST(RequestCommands, AReturnListsEachMissingRequirementOnce) {
    const auto state = InStatus(RequestStatus::kSubmitted);
    const std::vector<std::string> missing{"kk", "akta_nikah", "kk"};
    auto events = Must(Return(state, "siti", "Lengkapi", missing, MondayAt(12, 0)));
    EXPECT_EQ(std::get<RequestReturned>(events.at(0)).missing, (std::vector<std::string>{"kk", "akta_nikah"}));
    ExpectFieldInvalid(Return(state, "siti", "Lengkapi", std::vector<std::string>{"kk", ""}, MondayAt(12, 0)),
                       "request_field_invalid", "missing");
}

TEST(RequestCommands, ACompletionMustHandInEveryMissingDocument) {
    auto state = InStatus(RequestStatus::kSubmitted);
    Do(state, Return(state, "siti", "Lengkapi", std::vector<std::string>{"kk", "akta_nikah"}, MondayAt(12, 0)));
    const auto missing = Resubmit(state, {MakeDocument("kk", 'c')}, MondayAt(13, 0));
    ExpectFieldInvalid(missing, "request_document_missing", "documents");
    if (!missing) {
        EXPECT_EQ(missing.error().details["requirement"], "akta_nikah");
    }
    ExpectFieldInvalid(Resubmit(state, {MakeDocument("kk", 'c'), MakeDocument("kk", 'd')}, MondayAt(13, 0)),
                       "request_field_invalid", "documents[1].requirement");
    EXPECT_TRUE(Resubmit(state, {MakeDocument("akta_nikah", 'c'), MakeDocument("kk", 'd')}, MondayAt(13, 0)));
}

// --- assignment ----------------------------------------------------------------------------------------

TEST(RequestCommands, AssigningTheAssignedOfficerAgainDecidesNothing) {
    auto state = InStatus(RequestStatus::kSubmitted);
    Do(state, Assign(state, "siti", "kasi", MondayAt(12, 0)));
    EXPECT_EQ(Must(Assign(state, "siti", "siti", MondayAt(12, 5))), std::vector<Event>{});
    EXPECT_EQ(Must(Assign(state, "budi", "kasi", MondayAt(12, 5))).size(), 1U);
}

// --- escalation ----------------------------------------------------------------------------------------

TEST(RequestCommands, EachLevelIsEscalatedOncePerRunOfTheClock) {
    auto state = InStatus(RequestStatus::kSubmitted);
    const auto due = MondayAt(14, 0);
    auto first = Must(Escalate(state, EscalationLevel::kSupervisor, 0, due, MondayAt(14, 1)));
    ASSERT_EQ(first.size(), 1U);
    EXPECT_EQ(
        first[0],
        (Event{RequestEscalated{
            .level = EscalationLevel::kSupervisor, .key = "supervisor:0", .due_at = due, .at = MondayAt(14, 1)}}));
    Do(state, first);
    EXPECT_EQ(Must(Escalate(state, EscalationLevel::kSupervisor, 0, due, MondayAt(14, 2))), std::vector<Event>{});
    // The other level is its own.
    EXPECT_EQ(Must(Escalate(state, EscalationLevel::kUnitHead, 0, due, MondayAt(14, 2))).size(), 1U);

    // Paused: nothing; a timer of the old run after the resume: nothing; the new run escalates again.
    Do(state, Return(state, "siti", "Lengkapi", {}, MondayAt(15, 0)));
    EXPECT_EQ(Must(Escalate(state, EscalationLevel::kUnitHead, 0, due, MondayAt(15, 5))), std::vector<Event>{});
    Do(state, Resubmit(state, {}, MondayAt(15, 30)));
    EXPECT_EQ(Must(Escalate(state, EscalationLevel::kUnitHead, 0, due, MondayAt(15, 35))), std::vector<Event>{});
    EXPECT_EQ(Must(Escalate(state, EscalationLevel::kSupervisor, 2, due, MondayAt(15, 35))), std::vector<Event>{});
    auto again = Must(Escalate(state, EscalationLevel::kSupervisor, 1, due, MondayAt(15, 35)));
    ASSERT_EQ(again.size(), 1U);
    EXPECT_EQ(std::get<RequestEscalated>(again[0]).key, "supervisor:1");
}

TEST(RequestCommands, AStoppedOrTerminalClockIsNotEscalated) {
    const auto now = MondayAt(16, 0);
    EXPECT_EQ(Must(Escalate(InStatus(RequestStatus::kProductReady), EscalationLevel::kUnitHead, 0, now, now)),
              std::vector<Event>{});
    EXPECT_EQ(Must(Escalate(HandedOver(), EscalationLevel::kUnitHead, 0, now, now)), std::vector<Event>{});
}

// --- time ----------------------------------------------------------------------------------------------

TEST(RequestCommands, AnEventIsNeverStampedBeforeThePreviousOne) {
    auto state = InStatus(RequestStatus::kSubmitted);
    Do(state, Return(state, "siti", "Lengkapi", {}, MondayAt(12, 0)));
    // Another node whose clock is a minute behind completes the file.
    auto events = Must(Resubmit(state, {}, MondayAt(11, 59)));
    EXPECT_EQ(At(events.at(0)), MondayAt(12, 0));
    Do(state, events);
    EXPECT_FALSE(state.clock.paused_since);
    EXPECT_EQ(state.clock.run, 1);
    EXPECT_EQ(At(Must(Verify(state, "siti", MondayAt(12, 30))).at(0)), MondayAt(12, 30));
}

TEST(RequestCommands, ActionCodesAreStable) {
    std::vector<std::string_view> codes;
    for (auto action : {Action::kVerify, Action::kReturn, Action::kResubmit, Action::kStartProcessing,
                        Action::kMarkProductReady, Action::kHandOver, Action::kReject, Action::kWithdraw,
                        Action::kAssign, Action::kPostMessage, Action::kAddNote}) {
        codes.push_back(ToString(action));
    }
    EXPECT_EQ(codes, (std::vector<std::string_view>{"verify", "return", "resubmit", "start", "ready", "hand_over",
                                                    "reject", "withdraw", "assign", "message", "note"}));
}

}  // namespace
}  // namespace layan::domain::requests
