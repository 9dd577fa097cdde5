#include "layan/domain/queue/commands.h"

#include <set>

#include <gtest/gtest.h>

#include "queue_test_support.h"

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;
using testing::DemoHall;
using testing::Hall;
using testing::MondayAt;

// Expects a refusal with this kind and code.
#define EXPECT_REFUSED(decision, expected_kind, expected_code)           \
    do {                                                                 \
        const auto& result_ = (decision);                                \
        ASSERT_FALSE(result_) << "expected refusal " << (expected_code); \
        EXPECT_EQ(result_.error().kind, (expected_kind));                \
        EXPECT_EQ(result_.error().code, (expected_code));                \
        EXPECT_FALSE(result_.error().message.empty());                   \
    } while (false)

using core::ErrorKind;

// --- IssueTicket ---------------------------------------------------------------------------------

TEST(IssueTicket, NumbersEachPrefixFromOneWithThreeDigits) {
    Hall hall;
    auto events = hall.Do(IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(8, 0)));
    ASSERT_EQ(events.size(), 1u);
    const auto& first = std::get<TicketIssued>(events[0]);
    EXPECT_EQ(first.number, "A-001");
    EXPECT_EQ(first.seq, 1);
    EXPECT_EQ(first.service, "KTP");
    EXPECT_EQ(first.at, MondayAt(8, 0));
    EXPECT_EQ(hall.ticket(hall.Issue("KTP", MondayAt(8, 1))).number, "A-002");
    EXPECT_EQ(hall.ticket(hall.Issue("NIB", MondayAt(8, 2))).number, "C-001");
}

TEST(IssueTicket, ServicesSharingAPrefixShareItsSequence) {
    Hall hall;
    EXPECT_EQ(hall.ticket(hall.Issue("KK", MondayAt(8, 0))).number, "B-001");
    EXPECT_EQ(hall.ticket(hall.Issue("AKTA", MondayAt(8, 1))).number, "B-002");
}

TEST(IssueTicket, IdIsTheHallLocalDateAndTheNumber) {
    Hall hall;
    EXPECT_EQ(hall.Issue("KTP", MondayAt(8, 0)), "20261130-A-001");

    // 07:45 WIT (UTC+9) on Monday is still Sunday in UTC: the id carries the hall's date.
    Hall east;
    east.context().hall.utc_offset = core::kWit;
    auto at = core::FromLocal(std::chrono::year{2026} / 11 / 30, std::chrono::minutes{7 * 60 + 45}, core::kWit);
    ASSERT_EQ(core::LocalDate(at, core::UtcOffset{0min}), std::chrono::year{2026} / 11 / 29);
    EXPECT_EQ(east.Issue("KTP", at), "20261130-A-001");
}

TEST(IssueTicket, NumberingRestartsEachDayWhileIdsStayDistinct) {
    Hall monday;
    Hall tuesday;  // A new day is a new stream and a fresh state.
    auto monday_id = monday.Issue("KTP", MondayAt(8, 0));
    auto tuesday_id = tuesday.Issue("KTP", MondayAt(8, 0) + 24h);
    EXPECT_EQ(monday.ticket(monday_id).number, "A-001");
    EXPECT_EQ(tuesday.ticket(tuesday_id).number, "A-001");
    EXPECT_NE(monday_id, tuesday_id);
    EXPECT_EQ(tuesday_id, "20261201-A-001");
}

TEST(IssueTicket, RecordsThePriorityReason) {
    Hall hall;
    EXPECT_EQ(hall.ticket(hall.Issue("KTP", MondayAt(8, 0), PriorityReason::kDisability)).priority,
              PriorityReason::kDisability);
}

TEST(IssueTicket, RefusesAServiceTheHallDoesNotOffer) {
    Hall hall;
    EXPECT_REFUSED(IssueTicket(hall.state(), hall.context(), "PBG", std::nullopt, MondayAt(8, 0)), ErrorKind::kNotFound,
                   "service_not_offered");
    EXPECT_REFUSED(IssueTicket(hall.state(), hall.context(), "NOPE", std::nullopt, MondayAt(8, 0)),
                   ErrorKind::kNotFound, "service_not_offered");
}

TEST(IssueTicket, RefusesOutsideOpeningHoursInHallLocalTime) {
    Hall hall;
    EXPECT_REFUSED(IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(7, 29, 59)),
                   ErrorKind::kConflict, "hall_closed");
    EXPECT_TRUE(IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(7, 30)));
    EXPECT_TRUE(IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(15, 59, 59)));
    auto late = IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(16, 0));
    EXPECT_REFUSED(late, ErrorKind::kConflict, "hall_closed");
    EXPECT_EQ(late.error().message, "MPP Test is closed now: today it is open 07:30–16:00.");
}

TEST(IssueTicket, RefusesOnAHolidayWhateverTheWeeklyHoursSayAndNamesIt) {
    Hall hall;
    const auto monday = core::LocalDate(MondayAt(9, 0), core::kWib);
    ASSERT_TRUE(hall.context().calendar.AddSpecialDay(
        {monday, calendar::DayKind::kLocalClosure, catalog::LocalizedText{"Hari Libur Uji", "Test Holiday"}}));
    auto refused = IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(9, 0));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "hall_closed");
    EXPECT_EQ(refused.error().message, "MPP Test is closed today: Test Holiday (Hari Libur Uji).");
    EXPECT_EQ(refused.error().details["reason"]["id"], "Hari Libur Uji");
    EXPECT_FALSE(hall.context().IsOpenAt(MondayAt(9, 0)));
    // The next day is an ordinary Tuesday.
    EXPECT_TRUE(hall.context().IsOpenAt(MondayAt(9, 0) + 24h));
    EXPECT_TRUE(IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(9, 0) + 24h));
}

TEST(IssueTicket, RefusesOnADayTheHallDoesNotOpen) {
    Hall hall;
    auto sunday = IssueTicket(hall.state(), hall.context(), "KTP", std::nullopt, MondayAt(9, 0) - 24h);
    EXPECT_REFUSED(sunday, ErrorKind::kConflict, "hall_closed");
    EXPECT_EQ(sunday.error().message, "MPP Test is closed today.");
}

// --- OpenCounter ---------------------------------------------------------------------------------

TEST(OpenCounter, OpensWithTheChosenServices) {
    Hall hall;
    auto events = hall.Do(
        OpenCounter(hall.state(), hall.context(), "3", "budi", std::vector<std::string>{"KK"}, MondayAt(7, 30)));
    EXPECT_EQ(events, (std::vector<Event>{CounterOpened{"3", "budi", {"KK"}, MondayAt(7, 30)}}));
    EXPECT_EQ(hall.state().FindCounter("3")->status, CounterStatus::kOpen);
}

TEST(OpenCounter, WithoutServicesServesTheOfficersSkillsOfferedHere) {
    Hall hall;
    auto events = hall.Do(OpenCounter(hall.state(), hall.context(), "3", "dewi", {}, MondayAt(7, 30)));
    EXPECT_EQ(std::get<CounterOpened>(events[0]).services, (std::vector<std::string>{"KTP", "KK", "AKTA", "NIB"}));
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "4", "fitri", {}, MondayAt(7, 30)), ErrorKind::kInvalid,
                   "no_services");
}

TEST(OpenCounter, RefusesAServiceOutsideTheOfficersSkills) {
    Hall hall;
    std::vector<std::string> services{"KTP", "NIB"};
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "3", "sari", services, MondayAt(7, 30)),
                   ErrorKind::kConflict, "officer_lacks_skill");
}

TEST(OpenCounter, RefusesAServiceTheHallDoesNotOffer) {
    Hall hall;
    std::vector<std::string> services{"PBG"};
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "3", "fitri", services, MondayAt(7, 30)),
                   ErrorKind::kNotFound, "service_not_offered");
}

TEST(OpenCounter, RefusesUnknownCounterOrOfficer) {
    Hall hall;
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "99", "budi", {}, MondayAt(7, 30)), ErrorKind::kNotFound,
                   "counter_not_found");
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "3", "nobody", {}, MondayAt(7, 30)), ErrorKind::kNotFound,
                   "officer_not_found");
}

TEST(OpenCounter, RefusesACounterAlreadyOpenOrPaused) {
    Hall hall;
    hall.Open("3", "budi", {}, MondayAt(7, 30));
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "3", "sari", {}, MondayAt(7, 31)), ErrorKind::kConflict,
                   "counter_already_open");
    hall.Do(PauseCounter(hall.state(), hall.context(), "3", "break", MondayAt(7, 32)));
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "3", "sari", {}, MondayAt(7, 33)), ErrorKind::kConflict,
                   "counter_already_open");
}

TEST(OpenCounter, RefusesAnOfficerAlreadyAtAnotherOpenOrPausedCounter) {
    Hall hall;
    hall.Open("3", "budi", {}, MondayAt(7, 30));
    auto refused = OpenCounter(hall.state(), hall.context(), "4", "budi", {}, MondayAt(7, 31));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "officer_at_other_counter");
    EXPECT_EQ(refused.error().message, "Budi is already at Loket 3: close that counter first.");
    hall.Do(PauseCounter(hall.state(), hall.context(), "3", "break", MondayAt(7, 32)));
    EXPECT_REFUSED(OpenCounter(hall.state(), hall.context(), "4", "budi", {}, MondayAt(7, 33)), ErrorKind::kConflict,
                   "officer_at_other_counter");
    hall.Do(CloseCounter(hall.state(), hall.context(), "3", MondayAt(7, 34)));
    EXPECT_TRUE(OpenCounter(hall.state(), hall.context(), "4", "budi", {}, MondayAt(7, 35)));
}

// --- PauseCounter, ResumeCounter, CloseCounter ---------------------------------------------------

TEST(PauseCounter, RefusesWhileACitizenIsCalledOrServed) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 1));
    EXPECT_REFUSED(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 2)), ErrorKind::kConflict,
                   "counter_busy");
    hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(8, 2)));
    EXPECT_REFUSED(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 3)), ErrorKind::kConflict,
                   "counter_busy");
    hall.Do(FinishService(hall.state(), hall.context(), id, MondayAt(8, 10)));
    EXPECT_TRUE(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 11)));
}

TEST(PauseCounter, RefusesAClosedOrAlreadyPausedCounter) {
    Hall hall;
    EXPECT_REFUSED(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 0)), ErrorKind::kConflict,
                   "counter_closed");
    hall.Open("1", "budi", {}, MondayAt(8, 0));
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "prayer", MondayAt(12, 0)));
    EXPECT_EQ(hall.state().FindCounter("1")->pause_reason, "prayer");
    EXPECT_REFUSED(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(12, 1)), ErrorKind::kConflict,
                   "counter_paused");
}

TEST(ResumeCounter, OnlyResumesAPausedCounter) {
    Hall hall;
    EXPECT_REFUSED(ResumeCounter(hall.state(), hall.context(), "1", MondayAt(8, 0)), ErrorKind::kConflict,
                   "counter_closed");
    hall.Open("1", "budi", {}, MondayAt(8, 0));
    EXPECT_REFUSED(ResumeCounter(hall.state(), hall.context(), "1", MondayAt(8, 1)), ErrorKind::kConflict,
                   "counter_not_paused");
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "prayer", MondayAt(12, 0)));
    hall.Do(ResumeCounter(hall.state(), hall.context(), "1", MondayAt(12, 20)));
    EXPECT_EQ(hall.state().FindCounter("1")->status, CounterStatus::kOpen);
}

TEST(CloseCounter, RefusesWhileBusyAndWhenAlreadyClosed) {
    Hall hall;
    EXPECT_REFUSED(CloseCounter(hall.state(), hall.context(), "1", MondayAt(8, 0)), ErrorKind::kConflict,
                   "counter_closed");
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 1));
    EXPECT_REFUSED(CloseCounter(hall.state(), hall.context(), "1", MondayAt(8, 2)), ErrorKind::kConflict,
                   "counter_busy");
}

TEST(CloseCounter, ClosesAPausedCounter) {
    Hall hall;
    hall.Open("1", "budi", {}, MondayAt(7, 30));
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "break", MondayAt(8, 0)));
    hall.Do(CloseCounter(hall.state(), hall.context(), "1", MondayAt(8, 1)));
    EXPECT_EQ(hall.state().FindCounter("1")->status, CounterStatus::kClosed);
}

// --- CallNext and CallSpecific -------------------------------------------------------------------

TEST(CallNext, RefusesAtAClosedCounterWithASentenceForTheOfficer) {
    Hall hall;
    hall.Issue("KTP", MondayAt(8, 0));
    auto refused = CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 1));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "counter_closed");
    EXPECT_EQ(refused.error().message, "Loket 3 is closed: open it before calling the next citizen.");
}

TEST(CallNext, RefusesAtAPausedCounter) {
    Hall hall;
    hall.Open("3", "budi", {}, MondayAt(7, 30));
    hall.Do(PauseCounter(hall.state(), hall.context(), "3", "break", MondayAt(7, 45)));
    hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_REFUSED(CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 1)), ErrorKind::kConflict,
                   "counter_paused");
}

TEST(CallNext, RefusesWhileTheCounterIsBusyWithACalledTicket) {
    Hall hall;
    hall.Open("3", "budi", {}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1));
    hall.Next("3", MondayAt(8, 2));
    auto refused = CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 3));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "counter_busy");
    EXPECT_EQ(refused.error().message,
              "Loket 3 is still busy with A-001: finish the service or record a no-show first.");
}

TEST(CallNext, RefusesAnUnknownCounter) {
    Hall hall;
    EXPECT_REFUSED(CallNext(hall.state(), hall.context(), "99", BalancedPolicy(), MondayAt(8, 3)), ErrorKind::kNotFound,
                   "counter_not_found");
}

TEST(CallNext, SucceedsWithNoEventsWhenNobodyWaitsForTheCountersServices) {
    Hall hall;
    hall.Open("3", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Issue("NIB", MondayAt(8, 0));
    auto result = CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 1));
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->empty());
}

TEST(CallNext, CallsTheRoutedTicketWithTheCountersOfficer) {
    Hall hall;
    hall.Open("3", "budi", {"KK"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto kk = hall.Issue("KK", MondayAt(8, 1));
    auto events = hall.Do(CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 2)));
    EXPECT_EQ(events, (std::vector<Event>{TicketCalled{kk, "3", "budi", MondayAt(8, 2), false}}));
    const Ticket& called = hall.ticket(kk);
    EXPECT_EQ(called.status, TicketStatus::kCalled);
    EXPECT_EQ(called.calls, 1);
    EXPECT_EQ(called.counter_id, "3");
    EXPECT_EQ(hall.state().FindCounter("3")->current_ticket, kk);
}

TEST(CallNext, TwoCountersCallingInTurnNeverGetTheSameTicket) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("2", "dewi", {"KTP", "KK", "NIB"}, MondayAt(7, 30));
    hall.Open("3", "sari", {"KTP"}, MondayAt(7, 30));
    for (int i = 0; i < 9; ++i) {
        hall.Issue(i % 3 == 0 ? "KK" : "KTP", MondayAt(8, i),
                   i % 4 == 0 ? std::optional(PriorityReason::kElderly) : std::nullopt);
    }
    std::set<std::string> called;
    BalancedPolicy policy;
    for (int round = 0; round < 5; ++round) {
        for (const char* counter : {"1", "2", "3"}) {
            auto at = MondayAt(9, round * 10);
            auto id = hall.Next(counter, at, policy);
            if (id.empty()) {
                continue;
            }
            EXPECT_TRUE(called.insert(id).second) << id << " called twice";
            hall.Do(StartService(hall.state(), hall.context(), id, at));
            hall.Do(FinishService(hall.state(), hall.context(), id, at + 5min));
        }
    }
    EXPECT_EQ(called.size(), 9u);
}

TEST(CallNext, TheOfficerAtTheCounterCannotChangeWhichTicketIsCalled) {
    // Same queue, different officers at the counter: the call is the same, and it is not marked as chosen.
    auto call_with = [](const char* officer) {
        Hall hall;
        hall.Issue("KTP", MondayAt(8, 0));
        hall.Issue("KK", MondayAt(8, 1), PriorityReason::kPregnant);
        hall.Issue("KTP", MondayAt(8, 2));
        hall.Open("3", officer, {"KTP", "KK"}, MondayAt(8, 5));
        auto events = hall.Do(CallNext(hall.state(), hall.context(), "3", BalancedPolicy(), MondayAt(8, 6)));
        return std::get<TicketCalled>(events.at(0));
    };
    auto with_budi = call_with("budi");
    auto with_eko = call_with("eko");
    EXPECT_EQ(with_budi.ticket_id, with_eko.ticket_id);
    EXPECT_EQ(with_budi.ticket_id, "20261130-B-001");
    EXPECT_FALSE(with_budi.chosen_by_supervisor);
}

TEST(CallSpecific, CallsTheChosenTicketMarkedAsTheSupervisorsChoice) {
    Hall hall;
    hall.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    auto later = hall.Issue("KTP", MondayAt(8, 1));
    auto events = hall.Do(CallSpecific(hall.state(), hall.context(), "3", later, MondayAt(8, 2)));
    EXPECT_EQ(events, (std::vector<Event>{TicketCalled{later, "3", "budi", MondayAt(8, 2), true}}));
    EXPECT_TRUE(hall.ticket(later).chosen_by_supervisor);
}

TEST(CallSpecific, RefusesATicketForAServiceTheCounterDoesNotServe) {
    Hall hall;
    hall.Open("3", "sari", {"KTP"}, MondayAt(7, 30));
    auto nib = hall.Issue("NIB", MondayAt(8, 0));
    EXPECT_REFUSED(CallSpecific(hall.state(), hall.context(), "3", nib, MondayAt(8, 2)), ErrorKind::kConflict,
                   "service_not_at_counter");
}

TEST(CallSpecific, RefusesATicketThatIsNotWaiting) {
    Hall hall;
    hall.Open("3", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("4", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("4", MondayAt(8, 1));
    EXPECT_REFUSED(CallSpecific(hall.state(), hall.context(), "3", id, MondayAt(8, 2)), ErrorKind::kConflict,
                   "ticket_not_waiting");
    EXPECT_REFUSED(CallSpecific(hall.state(), hall.context(), "3", "20261130-A-404", MondayAt(8, 2)),
                   ErrorKind::kNotFound, "ticket_not_found");
}

TEST(CallSpecific, RefusesAtAClosedCounter) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_REFUSED(CallSpecific(hall.state(), hall.context(), "3", id, MondayAt(8, 2)), ErrorKind::kConflict,
                   "counter_closed");
}

// --- Recall, NoShow ------------------------------------------------------------------------------

class CalledTicket : public ::testing::Test {
protected:
    void SetUp() override {
        hall_.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
        id_ = hall_.Issue("KTP", MondayAt(8, 0));
        hall_.Next("3", MondayAt(8, 10));
    }
    Decision RecallAt(core::Instant at) { return Recall(hall_.state(), hall_.context(), id_, at); }
    Decision NoShowAt(core::Instant at) { return NoShow(hall_.state(), hall_.context(), id_, at); }

    Hall hall_;
    std::string id_;
};

TEST_F(CalledTicket, RecallCountsTheCall) {
    auto events = hall_.Do(RecallAt(MondayAt(8, 11)));
    EXPECT_EQ(events, (std::vector<Event>{TicketRecalled{id_, MondayAt(8, 11)}}));
    EXPECT_EQ(hall_.ticket(id_).calls, 2);
    EXPECT_EQ(hall_.ticket(id_).last_called_at, MondayAt(8, 11));
}

TEST_F(CalledTicket, RecallIsRefusedBeforeTheMinimumGap) {
    auto refused = RecallAt(MondayAt(8, 10, 45));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "recall_too_soon");
    EXPECT_EQ(refused.error().details["retry_after_seconds"], 15);
    EXPECT_TRUE(RecallAt(MondayAt(8, 11)));
}

TEST_F(CalledTicket, RecallIsRefusedAfterMaxCalls) {
    hall_.Do(RecallAt(MondayAt(8, 11)));
    hall_.Do(RecallAt(MondayAt(8, 12)));
    EXPECT_REFUSED(RecallAt(MondayAt(8, 20)), ErrorKind::kConflict, "max_calls_reached");
}

TEST_F(CalledTicket, MaxCallsAndRecallGapAreConfigurable) {
    hall_.context().rules.max_calls = 2;
    hall_.context().rules.min_recall_gap = 10s;
    hall_.Do(RecallAt(MondayAt(8, 10, 10)));
    EXPECT_REFUSED(RecallAt(MondayAt(8, 11)), ErrorKind::kConflict, "max_calls_reached");
    EXPECT_TRUE(NoShowAt(MondayAt(8, 10, 20)));
}

TEST_F(CalledTicket, NoShowIsRefusedBeforeMaxCalls) {
    hall_.Do(RecallAt(MondayAt(8, 11)));
    auto refused = NoShowAt(MondayAt(8, 20));
    EXPECT_REFUSED(refused, ErrorKind::kConflict, "too_few_calls");
    EXPECT_EQ(refused.error().message, "A-001 has been called 2 of 3 times: call again before recording a no-show.");
}

TEST_F(CalledTicket, NoShowIsRefusedRightAfterTheLastCallThenAccepted) {
    hall_.Do(RecallAt(MondayAt(8, 11)));
    hall_.Do(RecallAt(MondayAt(8, 12)));
    EXPECT_REFUSED(NoShowAt(MondayAt(8, 12, 30)), ErrorKind::kConflict, "no_show_too_soon");
    hall_.Do(NoShowAt(MondayAt(8, 13)));
    EXPECT_EQ(hall_.ticket(id_).status, TicketStatus::kNoShow);
    EXPECT_FALSE(hall_.state().FindCounter("3")->busy());
}

TEST_F(CalledTicket, RecallAndNoShowAreRefusedOnceServiceStarted) {
    hall_.Do(StartService(hall_.state(), hall_.context(), id_, MondayAt(8, 11)));
    EXPECT_REFUSED(RecallAt(MondayAt(8, 12)), ErrorKind::kConflict, "already_serving");
    EXPECT_REFUSED(NoShowAt(MondayAt(8, 12)), ErrorKind::kConflict, "already_serving");
}

TEST(Recall, IsRefusedForAWaitingTicket) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_REFUSED(Recall(hall.state(), hall.context(), id, MondayAt(8, 5)), ErrorKind::kConflict, "ticket_not_called");
    EXPECT_REFUSED(NoShow(hall.state(), hall.context(), id, MondayAt(8, 5)), ErrorKind::kConflict, "ticket_not_called");
}

// --- StartService, FinishService -----------------------------------------------------------------

TEST(StartService, RequiresACalledTicket) {
    Hall hall;
    hall.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_REFUSED(StartService(hall.state(), hall.context(), id, MondayAt(8, 1)), ErrorKind::kConflict,
                   "ticket_not_called");
    hall.Next("3", MondayAt(8, 1));
    hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(8, 2)));
    EXPECT_EQ(hall.ticket(id).status, TicketStatus::kServing);
    EXPECT_REFUSED(StartService(hall.state(), hall.context(), id, MondayAt(8, 3)), ErrorKind::kConflict,
                   "already_serving");
}

TEST(FinishService, RequiresATicketBeingServed) {
    Hall hall;
    hall.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("3", MondayAt(8, 1));
    EXPECT_REFUSED(FinishService(hall.state(), hall.context(), id, MondayAt(8, 2)), ErrorKind::kConflict,
                   "ticket_not_serving");
    hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(8, 2)));
    hall.Do(FinishService(hall.state(), hall.context(), id, MondayAt(8, 9)));
    EXPECT_REFUSED(FinishService(hall.state(), hall.context(), id, MondayAt(8, 10)), ErrorKind::kConflict,
                   "ticket_not_serving");
    EXPECT_REFUSED(FinishService(hall.state(), hall.context(), "20261130-A-404", MondayAt(8, 10)), ErrorKind::kNotFound,
                   "ticket_not_found");
}

// --- Transfer, Cancel ----------------------------------------------------------------------------

TEST(Transfer, ATicketInServiceWaitsAgainAheadOfLaterArrivals) {
    Hall hall;
    hall.Open("1", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("2", "andi", {"KK"}, MondayAt(7, 30));
    auto first = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 1));
    hall.Do(StartService(hall.state(), hall.context(), first, MondayAt(8, 2)));
    // Two KK citizens arrive while the first is being served, and counter 2 is busy with one of them.
    auto kk1 = hall.Issue("KK", MondayAt(8, 3));
    auto kk2 = hall.Issue("KK", MondayAt(8, 4));
    ASSERT_EQ(hall.Next("2", MondayAt(8, 5)), kk1);
    hall.Do(Transfer(hall.state(), hall.context(), first, "KK", MondayAt(8, 10)));
    EXPECT_FALSE(hall.state().FindCounter("1")->busy());
    hall.Do(StartService(hall.state(), hall.context(), kk1, MondayAt(8, 6)));
    hall.Do(FinishService(hall.state(), hall.context(), kk1, MondayAt(8, 20)));
    // The transferred citizen arrived at 08:00, before kk2 (08:04): called first.
    EXPECT_EQ(hall.Next("2", MondayAt(8, 21), BalancedPolicy()), first);
    EXPECT_EQ(hall.ticket(kk2).status, TicketStatus::kWaiting);
}

TEST(Transfer, RefusesAServiceNotOfferedTheSameServiceAndAFinishedTicket) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_REFUSED(Transfer(hall.state(), hall.context(), id, "PBG", MondayAt(8, 1)), ErrorKind::kNotFound,
                   "service_not_offered");
    EXPECT_REFUSED(Transfer(hall.state(), hall.context(), id, "KTP", MondayAt(8, 1)), ErrorKind::kInvalid,
                   "same_service");
    hall.Do(Cancel(hall.state(), hall.context(), id, "citizen_left", MondayAt(8, 2)));
    EXPECT_REFUSED(Transfer(hall.state(), hall.context(), id, "KK", MondayAt(8, 3)), ErrorKind::kConflict,
                   "ticket_closed");
}

TEST(Transfer, DoesNotNeedAnOpenCounterForTheTargetService) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    EXPECT_TRUE(Transfer(hall.state(), hall.context(), id, "NIB", MondayAt(8, 1)));
}

TEST(Cancel, WithdrawsAWaitingTicket) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    auto events = hall.Do(Cancel(hall.state(), hall.context(), id, "citizen_left", MondayAt(8, 30)));
    EXPECT_EQ(events, (std::vector<Event>{TicketCancelled{id, "citizen_left", MondayAt(8, 30)}}));
    EXPECT_EQ(hall.ticket(id).status, TicketStatus::kCancelled);
    EXPECT_EQ(hall.state().WaitingCount("KTP"), 0);
}

TEST(Cancel, WithdrawsACalledTicketAndFreesTheCounter) {
    Hall hall;
    hall.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("3", MondayAt(8, 1));
    hall.Do(Cancel(hall.state(), hall.context(), id, "wrong_service", MondayAt(8, 2)));
    EXPECT_FALSE(hall.state().FindCounter("3")->busy());
}

TEST(Cancel, RefusesATicketBeingServedOrFinished) {
    Hall hall;
    hall.Open("3", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("3", MondayAt(8, 1));
    hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(8, 2)));
    EXPECT_REFUSED(Cancel(hall.state(), hall.context(), id, "", MondayAt(8, 3)), ErrorKind::kConflict,
                   "ticket_not_cancellable");
    hall.Do(FinishService(hall.state(), hall.context(), id, MondayAt(8, 9)));
    EXPECT_REFUSED(Cancel(hall.state(), hall.context(), id, "", MondayAt(8, 10)), ErrorKind::kConflict,
                   "ticket_not_cancellable");
}

// --- the fold ------------------------------------------------------------------------------------

// A busy morning touching every command and event type.
Hall BusyMorning() {
    Hall hall;
    BalancedPolicy policy;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("2", "andi", {}, MondayAt(7, 31));
    hall.Issue("KTP", MondayAt(7, 40));
    auto b1 = hall.Issue("KK", MondayAt(7, 41), PriorityReason::kElderly);
    auto c1 = hall.Issue("NIB", MondayAt(7, 42));
    auto a2 = hall.Issue("KTP", MondayAt(7, 43));
    hall.Next("1", MondayAt(7, 45), policy);  // b1 (priority)
    hall.Next("2", MondayAt(7, 45), policy);  // c1
    hall.Do(StartService(hall.state(), hall.context(), b1, MondayAt(7, 46)));
    hall.Do(Recall(hall.state(), hall.context(), c1, MondayAt(7, 47)));
    hall.Do(Recall(hall.state(), hall.context(), c1, MondayAt(7, 48)));
    hall.Do(NoShow(hall.state(), hall.context(), c1, MondayAt(7, 49)));
    hall.Do(Transfer(hall.state(), hall.context(), b1, "KTP", MondayAt(7, 55)));
    hall.Next("1", MondayAt(7, 56), policy);
    hall.Do(CallSpecific(hall.state(), hall.context(), "2", hall.Issue("KK", MondayAt(7, 57)), MondayAt(7, 58)));
    hall.Do(Cancel(hall.state(), hall.context(), a2, "citizen_left", MondayAt(8, 1)));
    std::vector<std::string> in_progress;
    for (const auto& [id, counter] : hall.state().Counters()) {
        if (counter.busy()) {
            in_progress.push_back(counter.current_ticket);
        }
    }
    for (const auto& current : in_progress) {
        hall.Do(StartService(hall.state(), hall.context(), current, MondayAt(8, 2)));
        hall.Do(FinishService(hall.state(), hall.context(), current, MondayAt(8, 12)));
    }
    hall.Do(PauseCounter(hall.state(), hall.context(), "2", "prayer", MondayAt(8, 13)));
    hall.Do(ResumeCounter(hall.state(), hall.context(), "2", MondayAt(8, 20)));
    hall.Do(CloseCounter(hall.state(), hall.context(), "2", MondayAt(8, 21)));
    return hall;
}

TEST(Fold, RebuildingFromTheCommandsEventsGivesTheSameState) {
    Hall hall = BusyMorning();
    std::set<std::string_view> types;
    for (const auto& event : hall.log()) {
        types.insert(TypeName(event));
    }
    ASSERT_EQ(types.size(), std::variant_size_v<Event>) << "the scenario should produce every event type";
    HallState rebuilt;
    rebuilt.ApplyAll(hall.log());
    EXPECT_EQ(rebuilt, hall.state());
}

TEST(Fold, RebuildingFromStoredJsonGivesTheSameState) {
    Hall hall = BusyMorning();
    HallState rebuilt;
    for (const auto& event : hall.log()) {
        auto stored = nlohmann::json::parse(ToJson(event).dump());
        auto back = FromJson(TypeName(event), stored);
        ASSERT_TRUE(back);
        rebuilt.Apply(*back);
    }
    EXPECT_EQ(rebuilt, hall.state());
}

}  // namespace
}  // namespace layan::domain::queue
