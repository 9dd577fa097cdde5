#include "layan/domain/requests/state.h"

#include <gtest/gtest.h>

#include "../calendar/calendar_2026.h"
#include "requests_test_support.h"

namespace layan::domain::requests {
namespace {

using namespace std::chrono;
using calendar::SlaState;
using testing::Do;
using testing::MakeDocument;
using testing::MondayAt;
using testing::Submitted;
using testing::Wib;

TEST(RequestState, BeforeSubmissionItDoesNotExist) {
    RequestState state;
    EXPECT_FALSE(state.exists());
    EXPECT_FALSE(state.IsTerminal());
    // Nothing happens to a request before it is submitted.
    Apply(state, RequestVerified{.by = "siti", .at = MondayAt(9, 0)});
    EXPECT_EQ(state, RequestState{});
}

TEST(RequestState, SubmissionStartsTheClockWithTheRuleAndRecordsTheDocuments) {
    const auto state = Submitted(MondayAt(10, 0));
    ASSERT_TRUE(state.exists());
    EXPECT_EQ(state.status, RequestStatus::kSubmitted);
    EXPECT_EQ(state.clock, calendar::Start({calendar::DeadlineUnit::kWorkingDays, 5}, MondayAt(10, 0)));
    EXPECT_EQ(state.submission->service, "AKTA-LAHIR");
    ASSERT_EQ(state.documents.size(), 2U);
    EXPECT_EQ(state.documents.at("kk"), MakeDocument("kk", 'a'));
    EXPECT_EQ(state.timeline.size(), 1U);
}

TEST(RequestState, ASecondSubmissionIsIgnored) {
    auto state = Submitted(MondayAt(10, 0));
    const auto before = state;
    auto other = testing::OnlineSubmission();
    other.service = "KK";
    other.at = MondayAt(11, 0);
    Apply(state, other);
    EXPECT_EQ(state, before);
}

// The deadline of 5 working days from Monday 30 November 2026 10:00 WIB is the closing time of the 6th
// counted working day (the submission day, then 5): Monday 7 December 16:00. Returned on Tuesday 1 December
// at 09:00 and completed on Thursday 3 December at 14:00, the clock is paused over the closing times of
// Tuesday and Wednesday: two working days, so the deadline moves to Wednesday 9 December 16:00.
TEST(RequestState, TheClockPausesAtReturnAndResumesAtResubmissionMovingTheDeadlineByThePausedDays) {
    const auto calendar = calendar::fixtures::Calendar2026();
    auto state = Submitted(MondayAt(10, 0));
    const auto unpaused = calendar::Read(state.clock, calendar, core::kWib, MondayAt(10, 0));
    EXPECT_EQ(unpaused.deadline, Wib(2026y / December / 7, 16, 0));

    const auto returned_at = Wib(2026y / December / 1, 9, 0);
    Do(state, Return(state, "siti", "Akta nikah orang tua belum dilampirkan", std::vector<std::string>{"akta_nikah"},
                     returned_at));
    EXPECT_EQ(state.status, RequestStatus::kReturned);
    EXPECT_EQ(state.clock.paused_since, returned_at);
    ASSERT_TRUE(state.last_return);
    EXPECT_EQ(state.last_return->missing, std::vector<std::string>{"akta_nikah"});
    const auto while_paused = calendar::Read(state.clock, calendar, core::kWib, Wib(2026y / December / 2, 10, 0));
    EXPECT_EQ(while_paused.state, SlaState::kPaused);

    const auto completed_at = Wib(2026y / December / 3, 14, 0);
    Do(state, Resubmit(state, {MakeDocument("akta_nikah", 'c'), MakeDocument("kk", 'd')}, completed_at));
    EXPECT_EQ(state.status, RequestStatus::kSubmitted);
    EXPECT_EQ(state.clock.pauses, (std::vector<calendar::Interval>{{returned_at, completed_at}}));
    EXPECT_FALSE(state.clock.paused_since);
    EXPECT_EQ(state.clock.run, 1);
    EXPECT_FALSE(state.last_return);
    const auto resumed = calendar::Read(state.clock, calendar, core::kWib, completed_at);
    EXPECT_EQ(resumed.state, SlaState::kOnTrack);
    EXPECT_EQ(resumed.deadline, Wib(2026y / December / 9, 16, 0));
    EXPECT_EQ(calendar.WorkingDaysBetween(core::LocalDate(unpaused.deadline, core::kWib),
                                          core::LocalDate(resumed.deadline, core::kWib)),
              2);
}

TEST(RequestState, ResubmittedDocumentsReplaceThoseOfTheirRequirementOnly) {
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Return(state, "siti", "KK buram", std::vector<std::string>{"kk"}, MondayAt(11, 0)));
    Do(state, Resubmit(state, {MakeDocument("kk", 'e'), MakeDocument("ktp_saksi", 'f')}, MondayAt(12, 0)));
    EXPECT_EQ(state.documents.at("kk"), MakeDocument("kk", 'e'));
    EXPECT_EQ(state.documents.at("surat_lahir"), MakeDocument("surat_lahir", 'b'));
    EXPECT_EQ(state.documents.at("ktp_saksi"), MakeDocument("ktp_saksi", 'f'));
    EXPECT_EQ(state.documents.size(), 3U);
    // The submission keeps the documents it came with.
    EXPECT_EQ(state.submission->documents, testing::OnlineSubmission().documents);
}

TEST(RequestState, ProductReadyStopsTheClockAndFreezesTheReading) {
    const auto calendar = calendar::fixtures::Calendar2026();
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Verify(state, "siti", MondayAt(11, 0)));
    Do(state, StartProcessing(state, "siti", MondayAt(11, 30)));
    const auto ready_at = Wib(2026y / December / 2, 15, 0);
    Do(state, MarkProductReady(state, "siti", ready_at));
    EXPECT_EQ(state.status, RequestStatus::kProductReady);
    EXPECT_EQ(state.clock.stopped_at, ready_at);
    EXPECT_FALSE(state.IsTerminal());
    EXPECT_FALSE(state.closed_at);
    const auto later = calendar::Read(state.clock, calendar, core::kWib, Wib(2026y / December / 21, 9, 0));
    EXPECT_EQ(later.state, SlaState::kStopped);
    EXPECT_EQ(later, calendar::Read(state.clock, calendar, core::kWib, ready_at));

    Do(state, HandOver(state, "budi", Wib(2026y / December / 4, 9, 0)));
    EXPECT_EQ(state.status, RequestStatus::kHandedOver);
    EXPECT_TRUE(state.IsTerminal());
    EXPECT_EQ(state.closed_at, Wib(2026y / December / 4, 9, 0));
    EXPECT_EQ(state.clock.stopped_at, ready_at);  // handing over does not touch the clock
}

TEST(RequestState, RejectingAReturnedRequestEndsThePauseAndStopsTheClock) {
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Return(state, "siti", "Lengkapi KK", {}, MondayAt(11, 0)));
    Do(state, Reject(state, "siti", "Tidak dilengkapi", Wib(2026y / December / 14, 9, 0)));
    EXPECT_EQ(state.status, RequestStatus::kRejected);
    EXPECT_TRUE(state.IsTerminal());
    EXPECT_FALSE(state.clock.paused_since);
    EXPECT_EQ(state.clock.pauses,
              (std::vector<calendar::Interval>{{MondayAt(11, 0), Wib(2026y / December / 14, 9, 0)}}));
    EXPECT_EQ(state.clock.stopped_at, Wib(2026y / December / 14, 9, 0));
    EXPECT_EQ(state.closed_at, Wib(2026y / December / 14, 9, 0));
}

TEST(RequestState, WithdrawalStopsTheClockAndClosesTheRequest) {
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Withdraw(state, "", MondayAt(13, 0)));
    EXPECT_EQ(state.status, RequestStatus::kWithdrawn);
    EXPECT_EQ(state.clock.stopped_at, MondayAt(13, 0));
    EXPECT_EQ(state.closed_at, MondayAt(13, 0));
}

TEST(RequestState, AssignmentsMessagesNotesAndEscalationsKeepTheStatus) {
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Assign(state, "siti", "kepala-seksi", MondayAt(10, 5)));
    Do(state, PostMessage(state, Author::kCitizen, "", "Kapan selesai?", MondayAt(10, 10)));
    Do(state, AddNote(state, "siti", "Cek arsip kecamatan", MondayAt(10, 15)));
    Do(state, Escalate(state, EscalationLevel::kSupervisor, 0, MondayAt(10, 20), MondayAt(10, 20)));
    EXPECT_EQ(state.status, RequestStatus::kSubmitted);
    EXPECT_EQ(state.assigned_officer, "siti");
    EXPECT_EQ(state.escalations, (std::set<std::string>{"supervisor:0"}));
    std::vector<std::string_view> types;
    for (const auto& event : state.timeline) {
        types.push_back(TypeName(event));
    }
    EXPECT_EQ(types, (std::vector<std::string_view>{"request_submitted", "request_assigned", "request_message_posted",
                                                    "request_note_added", "request_escalated"}));
}

TEST(RequestState, FoldOfTheTimelineGivesTheSameState) {
    auto state = Submitted(MondayAt(10, 0));
    Do(state, Return(state, "siti", "Lengkapi", std::vector<std::string>{"kk"}, MondayAt(11, 0)));
    Do(state, Resubmit(state, {MakeDocument("kk", 'e')}, MondayAt(12, 0)));
    Do(state, Verify(state, "siti", MondayAt(13, 0)));
    EXPECT_EQ(Fold(state.timeline), state);
}

TEST(RequestStatus, CodesAreTheStableApiNames) {
    std::vector<std::string_view> codes;
    for (auto status : {RequestStatus::kSubmitted, RequestStatus::kVerified, RequestStatus::kReturned,
                        RequestStatus::kInProcess, RequestStatus::kProductReady, RequestStatus::kHandedOver,
                        RequestStatus::kRejected, RequestStatus::kWithdrawn}) {
        codes.push_back(ToString(status));
    }
    EXPECT_EQ(codes, (std::vector<std::string_view>{"submitted", "verified", "returned", "in_process", "product_ready",
                                                    "handed_over", "rejected", "withdrawn"}));
}

}  // namespace
}  // namespace layan::domain::requests
