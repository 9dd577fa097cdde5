#include "layan/domain/queue/hall_state.h"

#include <gtest/gtest.h>

#include "queue_test_support.h"

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;
using testing::Hall;
using testing::MondayAt;

std::vector<std::string> Ids(const std::vector<const Ticket*>& tickets) {
    std::vector<std::string> ids;
    for (const auto* ticket : tickets) {
        ids.push_back(ticket->id);
    }
    return ids;
}

TEST(HallState, AnIssuedTicketWaitsForItsService) {
    Hall hall;
    auto id = hall.Issue("KTP", MondayAt(8, 0), PriorityReason::kChild);
    const Ticket& ticket = hall.ticket(id);
    EXPECT_EQ(ticket.status, TicketStatus::kWaiting);
    EXPECT_EQ(ticket.service, "KTP");
    EXPECT_EQ(ticket.arrived_at, MondayAt(8, 0));
    EXPECT_EQ(ticket.priority, PriorityReason::kChild);
    EXPECT_EQ(hall.state().WaitingCount("KTP"), 1);
    EXPECT_EQ(hall.state().NextSequence("A"), 2);
    EXPECT_EQ(hall.state().NextSequence("B"), 1);
}

TEST(HallState, WaitingListsPriorityFirstThenRegularByArrival) {
    Hall hall;
    auto a1 = hall.Issue("KTP", MondayAt(8, 0));
    auto b1 = hall.Issue("KK", MondayAt(8, 1));
    auto a2 = hall.Issue("KTP", MondayAt(8, 2), PriorityReason::kElderly);
    auto c1 = hall.Issue("NIB", MondayAt(8, 3));
    std::vector<std::string> ktp_kk{"KTP", "KK"};
    EXPECT_EQ(Ids(hall.state().Waiting(ktp_kk)), (std::vector<std::string>{a2, a1, b1}));
    EXPECT_EQ(Ids(hall.state().Waiting()), (std::vector<std::string>{a2, a1, b1, c1}));
}

TEST(HallState, ATransferredTicketKeepsItsOriginalArrivalForOrdering) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    auto early = hall.Issue("KTP", MondayAt(8, 0));
    auto later_kk = hall.Issue("KK", MondayAt(8, 5));
    ASSERT_EQ(hall.Next("1", MondayAt(8, 10)), early);
    hall.Do(StartService(hall.state(), hall.context(), early, MondayAt(8, 11)));
    hall.Do(Transfer(hall.state(), hall.context(), early, "KK", MondayAt(8, 20)));

    const Ticket& moved = hall.ticket(early);
    EXPECT_EQ(moved.status, TicketStatus::kWaiting);
    EXPECT_EQ(moved.service, "KK");
    EXPECT_EQ(moved.arrived_at, MondayAt(8, 0));
    EXPECT_EQ(moved.queued_at, MondayAt(8, 20));
    EXPECT_EQ(moved.transferred_from, std::vector<std::string>{"KTP"});
    EXPECT_EQ(moved.calls, 0);
    EXPECT_EQ(Ids(hall.state().WaitingLine("KK", false)), (std::vector<std::string>{early, later_kk}));
    EXPECT_FALSE(hall.state().FindCounter("1")->busy());
}

TEST(HallState, FinishedServicesRecordTheirDuration) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Next("1", MondayAt(8, 0));
    hall.Do(StartService(hall.state(), hall.context(), id, MondayAt(8, 1)));
    hall.Do(FinishService(hall.state(), hall.context(), id, MondayAt(8, 13, 30)));
    EXPECT_EQ(hall.ticket(id).status, TicketStatus::kDone);
    ASSERT_EQ(hall.state().ServiceDurations("KTP").size(), 1u);
    EXPECT_EQ(hall.state().ServiceDurations("KTP")[0], 12min + 30s);
    EXPECT_FALSE(hall.state().FindCounter("1")->busy());
}

TEST(HallState, CountsOpenCountersPerServiceExcludingPausedOnes) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Open("2", "sari", {"KTP"}, MondayAt(7, 30));
    EXPECT_EQ(hall.state().OpenCounters("KTP"), 2);
    EXPECT_EQ(hall.state().OpenCounters("KK"), 1);
    hall.Do(PauseCounter(hall.state(), hall.context(), "1", "prayer", MondayAt(12, 0)));
    EXPECT_EQ(hall.state().OpenCounters("KTP"), 1);
    EXPECT_EQ(hall.state().OpenCounters("KK"), 0);
    hall.Do(ResumeCounter(hall.state(), hall.context(), "1", MondayAt(12, 15)));
    EXPECT_EQ(hall.state().OpenCounters("KK"), 1);
    hall.Do(CloseCounter(hall.state(), hall.context(), "2", MondayAt(15, 0)));
    EXPECT_EQ(hall.state().OpenCounters("KTP"), 1);
    EXPECT_EQ(hall.state().PeakOpenCounters("KTP"), 2);
    EXPECT_EQ(hall.state().FindCounter("2")->status, CounterStatus::kClosed);
    EXPECT_TRUE(hall.state().FindCounter("2")->officer_id.empty());
}

TEST(HallState, NowServingShowsWhatEachCounterCalledOrServes) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    hall.Open("2", "sari", {"KTP"}, MondayAt(7, 30));
    hall.Open("3", "andi", {"NIB"}, MondayAt(7, 30));
    auto a1 = hall.Issue("KTP", MondayAt(8, 0));
    auto a2 = hall.Issue("KTP", MondayAt(8, 1));
    hall.Next("1", MondayAt(8, 2));
    hall.Next("2", MondayAt(8, 3));
    hall.Do(StartService(hall.state(), hall.context(), a1, MondayAt(8, 4)));
    auto board = hall.state().NowServing();
    ASSERT_EQ(board.size(), 2u);
    EXPECT_EQ(board[0].counter_id, "1");
    EXPECT_EQ(board[0].number, "A-001");
    EXPECT_EQ(board[0].status, TicketStatus::kServing);
    EXPECT_EQ(board[0].called_at, MondayAt(8, 2));
    EXPECT_EQ(board[1].counter_id, "2");
    EXPECT_EQ(board[1].ticket_id, a2);
    EXPECT_EQ(board[1].status, TicketStatus::kCalled);
}

TEST(HallState, SummarisesWaitingCountsAndLongestWaitPerService) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    hall.Issue("KTP", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 10), PriorityReason::kPregnant);
    hall.Issue("KK", MondayAt(8, 20));
    auto summaries = hall.state().Summaries(MondayAt(8, 30));
    ASSERT_EQ(summaries.size(), 2u);
    EXPECT_EQ(summaries[0], (ServiceSummary{"KK", 1, 0, 1, 10min}));
    EXPECT_EQ(summaries[1], (ServiceSummary{"KTP", 2, 1, 1, 30min}));
    EXPECT_EQ(hall.state().LongestWait("KTP", MondayAt(8, 30)), core::Millis{30min});
    EXPECT_FALSE(hall.state().LongestWait("NIB", MondayAt(8, 30)));
}

TEST(HallState, IgnoresEventsAboutUnknownTicketsOrFinishedOnes) {
    Hall hall;
    hall.Open("1", "budi", {"KTP"}, MondayAt(7, 30));
    auto id = hall.Issue("KTP", MondayAt(8, 0));
    hall.Do(Cancel(hall.state(), hall.context(), id, "citizen_left", MondayAt(8, 5)));
    HallState before = hall.state();
    HallState after = before;
    after.Apply(TicketCalled{"20261130-Z-999", "1", "budi", MondayAt(8, 6), false});
    after.Apply(TicketCalled{id, "1", "budi", MondayAt(8, 6), false});
    after.Apply(ServiceFinished{id, MondayAt(8, 7)});
    EXPECT_EQ(after, before);
}

TEST(HallState, CountsPriorityTicketsCalledAheadOfAWaitingRegularTicket) {
    Hall hall;
    hall.Open("1", "budi", {"KTP", "KK"}, MondayAt(7, 30));
    auto early_priority = hall.Issue("KTP", MondayAt(7, 59), PriorityReason::kElderly);
    auto regular = hall.Issue("KK", MondayAt(8, 0));
    hall.Issue("KTP", MondayAt(8, 1), PriorityReason::kPregnant);
    ASSERT_EQ(hall.Next("1", MondayAt(8, 2)), early_priority);
    // The first priority ticket arrived before the regular one: it did not pass it.
    EXPECT_EQ(hall.state().PriorityOvertakes(hall.ticket(regular)), 0);
    hall.Do(Cancel(hall.state(), hall.context(), early_priority, "", MondayAt(8, 3)));
    hall.Next("1", MondayAt(8, 4));
    // A KTP priority ticket called at a counter that also serves KK passed the KK ticket.
    EXPECT_EQ(hall.state().PriorityOvertakes(hall.ticket(regular)), 1);
}

}  // namespace
}  // namespace layan::domain::queue
