// The performance figures folded from a day of queue and survey events written out by hand, each figure checked
// against what the events say, and the accumulation of service days into a period's figures.

#include "layan/domain/stats/performance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "layan/domain/survey/ikm.h"
#include "layan/domain/survey/sample_size.h"

namespace layan::domain::stats {
namespace {

using namespace std::chrono_literals;
namespace queue = domain::queue;
namespace survey = domain::survey;

constexpr std::string_view kHall = "mpp-test";
const Day kMonday{std::chrono::year{2026} / std::chrono::November / 30};
const Day kTuesday = kMonday + std::chrono::days{1};

/// hh:mm:ss WIB on `day`.
core::Instant At(int hour, int minute, int second = 0, Day day = kMonday) {
    return core::FromLocal(std::chrono::year_month_day{day}, std::chrono::minutes{hour * 60 + minute}, core::kWib) +
           std::chrono::seconds{second};
}

queue::TicketIssued Issued(std::string id, std::string service, core::Instant at) {
    return queue::TicketIssued{.ticket_id = std::move(id),
                               .number = "",
                               .seq = 0,
                               .service = std::move(service),
                               .priority = std::nullopt,
                               .at = at,
                               .citizen_ref = std::nullopt};
}

queue::TicketCalled Called(std::string id, std::string counter, std::string officer, core::Instant at) {
    return queue::TicketCalled{.ticket_id = std::move(id),
                               .counter_id = std::move(counter),
                               .officer_id = std::move(officer),
                               .at = at,
                               .chosen_by_supervisor = false};
}

queue::CounterOpened Opened(std::string counter, std::string officer, std::vector<std::string> services,
                            core::Instant at) {
    return queue::CounterOpened{
        .counter_id = std::move(counter), .officer_id = std::move(officer), .services = std::move(services), .at = at};
}

void Feed(Performance& performance, const std::vector<queue::Event>& events, Day day = kMonday) {
    for (const auto& event : events) {
        performance.ApplyQueue(kHall, day, event);
    }
}

const ServiceDay& ServiceOf(const Performance& performance, std::string_view service, Day day = kMonday) {
    static const ServiceDay kNone{};
    auto found = performance.Services().find(Key{std::string(kHall), day, std::string(service)});
    return found == performance.Services().end() ? kNone : found->second;
}

const OfficerDay& OfficerOf(const Performance& performance, std::string_view officer, Day day = kMonday) {
    static const OfficerDay kNone{};
    auto found = performance.Officers().find(Key{std::string(kHall), day, std::string(officer)});
    return found == performance.Officers().end() ? kNone : found->second;
}

std::int32_t Seconds(std::chrono::seconds duration) { return static_cast<std::int32_t>(duration.count()); }
std::int64_t Ms(std::chrono::milliseconds duration) { return duration.count(); }

/// A consenting survey response with every element answered `value`.
survey::Response AllAnswered(int value) {
    survey::Response response;
    for (const auto& element : survey::Elements()) {
        response.answers[std::string(element.code)] = value;
    }
    response.consent = true;
    return response;
}

survey::SurveyAnswered Answered(std::string ticket, std::string service, std::optional<std::string> officer,
                                survey::Response response, core::Instant at) {
    return survey::SurveyAnswered{.ticket_id = std::move(ticket),
                                  .number = "",
                                  .service = std::move(service),
                                  .unit = "dispendukcapil",
                                  .officer_id = std::move(officer),
                                  .counter_id = "L1",
                                  .channel = survey::Channel::kLink,
                                  .response = std::move(response),
                                  .at = at};
}

/// One KTP counter and one KK counter (both budi's), four citizens: A-001 served, A-002 a no-show after a recall,
/// B-001 served, A-003 cancelled while waiting.
std::vector<queue::Event> OrdinaryDay() {
    return {
        Opened("L1", "budi", {"KTP", "KK"}, At(8, 0)),
        Issued("A-001", "KTP", At(8, 0)),
        Issued("A-002", "KTP", At(8, 1)),
        Issued("B-001", "KK", At(8, 2)),
        Issued("A-003", "KTP", At(8, 3)),
        Called("A-001", "L1", "budi", At(8, 5)),
        queue::ServiceStarted{.ticket_id = "A-001", .at = At(8, 6)},
        queue::ServiceFinished{.ticket_id = "A-001", .at = At(8, 16)},
        Called("A-002", "L1", "budi", At(8, 17)),
        queue::TicketRecalled{.ticket_id = "A-002", .at = At(8, 18)},
        queue::TicketNoShow{.ticket_id = "A-002", .at = At(8, 20)},
        Called("B-001", "L1", "budi", At(8, 21)),
        queue::ServiceStarted{.ticket_id = "B-001", .at = At(8, 21)},
        queue::ServiceFinished{.ticket_id = "B-001", .at = At(8, 33)},
        queue::TicketCancelled{.ticket_id = "A-003", .reason = "citizen_left", .at = At(8, 34)},
    };
}

TEST(PerformanceFold, CountsTicketsServedNoShowsAndCancellationsPerService) {
    Performance performance;
    Feed(performance, OrdinaryDay());

    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.tickets, 3);
    EXPECT_EQ(ktp.served, 1);
    EXPECT_EQ(ktp.no_shows, 1);
    EXPECT_EQ(ktp.cancelled, 1);
    const auto& kk = ServiceOf(performance, "KK");
    EXPECT_EQ(kk.tickets, 1);
    EXPECT_EQ(kk.served, 1);
    EXPECT_EQ(kk.no_shows, 0);
    EXPECT_EQ(kk.cancelled, 0);

    const auto& budi = OfficerOf(performance, "budi");
    EXPECT_EQ(budi.served, 2);
    EXPECT_EQ(budi.no_shows, 1);
}

TEST(PerformanceFold, AWaitRunsFromIssueToTheFirstCallAndARecallDoesNotRestartIt) {
    Performance performance;
    Feed(performance, OrdinaryDay());
    // 08:00 → 08:05; A-002: 08:01 → 08:17 (the recall at 08:18 is not a new wait); A-003 was never called.
    EXPECT_EQ(ServiceOf(performance, "KTP").waits_s, (std::vector<std::int32_t>{Seconds(5min), Seconds(16min)}));
    EXPECT_EQ(ServiceOf(performance, "KK").waits_s, (std::vector<std::int32_t>{Seconds(19min)}));  // 08:02 → 08:21
}

TEST(PerformanceFold, ServiceTimeRunsFromStartToFinish) {
    Performance performance;
    Feed(performance, OrdinaryDay());
    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.service_count, 1);
    EXPECT_EQ(ktp.service_ms, Ms(10min));  // 08:06 → 08:16
    const auto& kk = ServiceOf(performance, "KK");
    EXPECT_EQ(kk.service_count, 1);
    EXPECT_EQ(kk.service_ms, Ms(12min));  // 08:21 → 08:33
    const auto& budi = OfficerOf(performance, "budi");
    EXPECT_EQ(budi.service_count, 2);
    EXPECT_EQ(budi.service_ms, Ms(22min));
}

TEST(PerformanceFold, ACitizenWhoGivesUpWhileWaitingCountsAgainstTheShareCalledWithinTarget) {
    Performance performance;
    Feed(performance, OrdinaryDay());
    EXPECT_EQ(ServiceOf(performance, "KTP").abandoned, 1) << "A-003 was cancelled while it waited";
    EXPECT_EQ(ServiceOf(performance, "KK").abandoned, 0);
    Accumulator accumulator(10min);
    accumulator.Add(ServiceOf(performance, "KTP"));
    auto figures = accumulator.Finish();
    EXPECT_EQ(figures.abandoned, 1);
    EXPECT_EQ(figures.waits_known, 2);  // 5 and 16 minutes
    EXPECT_EQ(figures.within_target, 1);
    ASSERT_TRUE(figures.within_target_share);
    EXPECT_DOUBLE_EQ(*figures.within_target_share, 1.0 / 3) << "one of three citizens was called within the target";
    EXPECT_EQ(figures.p90_wait_s, Seconds(16min)) << "a wait that never ended in a call has no length";

    Performance called_then_cancelled;
    Feed(called_then_cancelled,
         {Opened("L1", "budi", {"KTP"}, At(8, 0)), Issued("A-001", "KTP", At(8, 0)),
          Called("A-001", "L1", "budi", At(8, 3)),
          queue::TicketCancelled{.ticket_id = "A-001", .reason = "citizen_left", .at = At(8, 4)}});
    EXPECT_EQ(ServiceOf(called_then_cancelled, "KTP").cancelled, 1);
    EXPECT_EQ(ServiceOf(called_then_cancelled, "KTP").abandoned, 0) << "it was called: its wait ended in a call";

    Performance only_abandoned;
    Feed(only_abandoned, {Issued("A-001", "KTP", At(8, 0)),
                          queue::TicketCancelled{.ticket_id = "A-001", .reason = "citizen_left", .at = At(8, 30)}});
    Accumulator nobody_called(10min);
    nobody_called.Add(ServiceOf(only_abandoned, "KTP"));
    auto none = nobody_called.Finish();
    EXPECT_EQ(none.waits_known, 0);
    EXPECT_FALSE(none.mean_wait_s);
    ASSERT_TRUE(none.within_target_share);
    EXPECT_DOUBLE_EQ(*none.within_target_share, 0.0) << "the only citizen gave up";
}

TEST(PerformanceFold, AFinishWithoutAStartCountsAsServedWithoutAServiceTime) {
    Performance performance;
    Feed(performance, {
                          Opened("L1", "budi", {"KTP"}, At(8, 0)),
                          Issued("A-001", "KTP", At(8, 0)),
                          Called("A-001", "L1", "budi", At(8, 2)),
                          queue::ServiceFinished{.ticket_id = "A-001", .at = At(8, 9)},
                      });
    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.served, 1);
    EXPECT_EQ(ktp.service_count, 0);
    EXPECT_EQ(ktp.service_ms, 0);
    EXPECT_EQ(OfficerOf(performance, "budi").served, 1);
    EXPECT_EQ(OfficerOf(performance, "budi").service_count, 0);

    Accumulator accumulator(15min);
    accumulator.Add(ktp);
    EXPECT_FALSE(accumulator.Finish().mean_service_s.has_value());
}

TEST(PerformanceFold, ATransferEndsTheServiceGivenAndStartsANewWaitCountedForTheNewService) {
    Performance performance;
    Feed(performance, {
                          Opened("L1", "budi", {"KTP"}, At(8, 0)),
                          Opened("L2", "sari", {"KK"}, At(8, 0)),
                          Issued("A-001", "KTP", At(8, 0)),
                          Called("A-001", "L1", "budi", At(8, 4)),
                          queue::ServiceStarted{.ticket_id = "A-001", .at = At(8, 5)},
                          queue::TicketTransferred{.ticket_id = "A-001", .to_service = "KK", .at = At(8, 10)},
                          Called("A-001", "L2", "sari", At(8, 13)),
                          queue::ServiceStarted{.ticket_id = "A-001", .at = At(8, 14)},
                          queue::ServiceFinished{.ticket_id = "A-001", .at = At(8, 20)},
                      });
    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.tickets, 1);
    EXPECT_EQ(ktp.served, 1) << "the KTP service was given before the citizen was sent on";
    EXPECT_EQ(ktp.waits_s, (std::vector<std::int32_t>{Seconds(4min)}));
    EXPECT_EQ(ktp.service_ms, Ms(5min));
    const auto& kk = ServiceOf(performance, "KK");
    EXPECT_EQ(kk.tickets, 1) << "the transfer counts a ticket for the service it now waits for";
    EXPECT_EQ(kk.served, 1);
    EXPECT_EQ(kk.waits_s, (std::vector<std::int32_t>{Seconds(3min)})) << "08:10 → 08:13, not from the issue";
    EXPECT_EQ(kk.service_ms, Ms(6min));
    EXPECT_EQ(OfficerOf(performance, "budi").served, 1);
    EXPECT_EQ(OfficerOf(performance, "sari").served, 1);
}

TEST(PerformanceFold, ATransferWhileWaitingLeavesNoWaitForTheFirstService) {
    Performance performance;
    Feed(performance, {
                          Opened("L2", "sari", {"KK"}, At(8, 0)),
                          Issued("A-001", "KTP", At(8, 0)),
                          queue::TicketTransferred{.ticket_id = "A-001", .to_service = "KK", .at = At(8, 3)},
                          Called("A-001", "L2", "sari", At(8, 7)),
                      });
    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.tickets, 1);
    EXPECT_EQ(ktp.served, 0);
    EXPECT_TRUE(ktp.waits_s.empty());
    EXPECT_EQ(ServiceOf(performance, "KK").tickets, 1);
    EXPECT_EQ(ServiceOf(performance, "KK").waits_s, (std::vector<std::int32_t>{Seconds(4min)}));
}

/// Ten KTP citizens all issued at 08:00 and called one by one, the k-th called ticket after k minutes, in an order
/// that is not the order of issue.
std::vector<queue::Event> TenWaitsOfOneToTenMinutes() {
    std::vector<queue::Event> events{Opened("L1", "budi", {"KTP"}, At(8, 0))};
    for (int i = 1; i <= 10; ++i) {
        events.emplace_back(Issued("A-" + std::to_string(i), "KTP", At(8, 0)));
    }
    const std::array<int, 10> order{7, 2, 10, 1, 5, 9, 3, 8, 4, 6};
    for (int minute = 1; minute <= 10; ++minute) {
        const std::string id = "A-" + std::to_string(order.at(static_cast<std::size_t>(minute - 1)));
        events.emplace_back(Called(id, "L1", "budi", At(8, minute)));
        events.emplace_back(queue::ServiceStarted{.ticket_id = id, .at = At(8, minute, 10)});
        events.emplace_back(queue::ServiceFinished{.ticket_id = id, .at = At(8, minute, 40)});
    }
    return events;
}

TEST(PerformanceFigures, NinetiethPercentileIsTheNearestRank) {
    Performance performance;
    Feed(performance, TenWaitsOfOneToTenMinutes());
    Accumulator accumulator(5min);
    accumulator.Add(ServiceOf(performance, "KTP"));
    auto figures = accumulator.Finish();
    EXPECT_EQ(figures.waits_known, 10);
    // Waits of 1..10 minutes: rank ⌈0.9 × 10⌉ = 9, the 9th smallest, 9 minutes.
    EXPECT_EQ(figures.p90_wait_s, Seconds(9min));
    ASSERT_TRUE(figures.mean_wait_s);
    EXPECT_DOUBLE_EQ(*figures.mean_wait_s, 5.5 * 60);
    ASSERT_TRUE(figures.mean_service_s);
    EXPECT_DOUBLE_EQ(*figures.mean_service_s, 30.0);  // 10 s after each call → 40 s after it
    EXPECT_EQ(figures.served, 10);

    Accumulator one(5min);
    ServiceDay single;
    single.waits_s = {Seconds(7min)};
    one.Add(single);
    EXPECT_EQ(one.Finish().p90_wait_s, Seconds(7min)) << "one wait is its own 90th percentile";

    // Eleven waits 1..11: rank ⌈9.9⌉ = 10.
    Accumulator eleven(5min);
    ServiceDay more;
    for (int minute = 11; minute >= 1; --minute) {
        more.waits_s.push_back(Seconds(std::chrono::minutes{minute}));
    }
    eleven.Add(more);
    EXPECT_EQ(eleven.Finish().p90_wait_s, Seconds(10min));
}

TEST(PerformanceFigures, WithinTargetShareCountsWaitsUpToTheTargetInclusive) {
    Performance performance;
    Feed(performance, TenWaitsOfOneToTenMinutes());
    for (int target = 0; target <= 11; ++target) {
        Accumulator accumulator{std::chrono::minutes{target}};
        accumulator.Add(ServiceOf(performance, "KTP"));
        auto figures = accumulator.Finish();
        // Waits of 1..10 minutes: those of at most `target` minutes.
        const int within = std::min(target, 10);
        EXPECT_EQ(figures.within_target, within) << target;
        ASSERT_TRUE(figures.within_target_share);
        EXPECT_DOUBLE_EQ(*figures.within_target_share, within / 10.0) << target;
    }
}

TEST(PerformanceFold, AnOfficerIsIdleWhileTheirOpenFreeCounterCouldServeSomeoneWaiting) {
    Performance performance;
    Feed(performance, {
                          Opened("L1", "budi", {"KTP"}, At(8, 0)),
                          Opened("L2", "sari", {"KK"}, At(8, 0)),
                          Opened("L3", "andi", {"KTP"}, At(8, 0)),
                          queue::CounterPaused{.counter_id = "L3", .reason = "istirahat", .at = At(8, 0)},
                          // 08:00–08:10 nobody waits: nobody is idle.
                          Issued("A-001", "KTP", At(8, 10)),
                          // 08:10–08:25 A-001 waits for KTP: budi idle 15 min; sari serves KK only; andi is paused.
                          Called("A-001", "L1", "budi", At(8, 25)),
                          queue::ServiceStarted{.ticket_id = "A-001", .at = At(8, 25)},
                          queue::ServiceFinished{.ticket_id = "A-001", .at = At(8, 35)},
                          // 08:25–08:40 nobody waits.
                          Issued("A-002", "KTP", At(8, 40)),
                          // 08:40–08:45 budi idle 5 min, andi still paused.
                          queue::CounterResumed{.counter_id = "L3", .at = At(8, 45)},
                          // 08:45–08:50 budi and andi both idle 5 min.
                          Called("A-002", "L3", "andi", At(8, 50)),
                          Issued("B-001", "KK", At(8, 52)),
                          // 08:52–08:58 B-001 waits for KK: sari idle 6 min; budi serves KTP only.
                          Called("B-001", "L2", "sari", At(8, 58)),
                          queue::ServiceStarted{.ticket_id = "A-002", .at = At(8, 59)},
                          queue::ServiceFinished{.ticket_id = "A-002", .at = At(9, 5)},
                          queue::CounterClosed{.counter_id = "L1", .at = At(9, 6)},
                          Issued("A-003", "KTP", At(9, 10)),
                          // 09:10–09:30 A-003 waits: L1 is closed; andi's L3 is free and open: idle 20 min.
                          Called("A-003", "L3", "andi", At(9, 30)),
                      });
    EXPECT_EQ(OfficerOf(performance, "budi").idle_while_waiting_ms, Ms(15min + 5min + 5min));
    EXPECT_EQ(OfficerOf(performance, "andi").idle_while_waiting_ms, Ms(5min + 20min));
    EXPECT_EQ(OfficerOf(performance, "sari").idle_while_waiting_ms, Ms(6min));
}

TEST(PerformanceFold, SurveyResponsesFeedTheirServiceTheOfficersConductAndTheCommentsInOrder) {
    Performance performance;
    Feed(performance, OrdinaryDay());
    auto first = AllAnswered(4);
    first.answers["U3"] = 2;
    first.conduct = 4;
    first.comment = "Cepat sekali";
    first.profile = {{"sex", "female"}, {"age_band", "30_39"}};
    auto second = AllAnswered(3);
    second.conduct = 2;
    second.comment = "Antrian lama";
    second.profile = {{"sex", "female"}};
    auto third = AllAnswered(1);  // no conduct, no comment
    performance.ApplySurvey(kHall, kMonday, Answered("A-001", "KTP", "budi", first, At(8, 40)));
    performance.ApplySurvey(kHall, kMonday, Answered("B-001", "KK", "budi", third, At(8, 41)));
    performance.ApplySurvey(kHall, kMonday, Answered("A-009", "KTP", "sari", second, At(8, 45)));

    const auto& ktp = ServiceOf(performance, "KTP");
    EXPECT_EQ(ktp.survey.respondents(), 2);
    EXPECT_EQ(ktp.survey.Of("U1"), (survey::ElementTally{.sum = 4 + 3, .answered = 2}));
    EXPECT_EQ(ktp.survey.Of("U3"), (survey::ElementTally{.sum = 2 + 3, .answered = 2}));
    EXPECT_EQ(ktp.conduct_sum, 6);
    EXPECT_EQ(ktp.conduct_answered, 2);
    EXPECT_EQ(ktp.profile,
              (std::map<std::string, std::int64_t, std::less<>>{{"age_band:30_39", 1}, {"sex:female", 2}}));
    const auto& kk = ServiceOf(performance, "KK");
    EXPECT_EQ(kk.survey.respondents(), 1);
    EXPECT_EQ(kk.survey.Of("U9"), (survey::ElementTally{.sum = 1, .answered = 1}));
    EXPECT_EQ(kk.conduct_answered, 0);

    EXPECT_EQ(OfficerOf(performance, "budi").conduct_sum, 4);
    EXPECT_EQ(OfficerOf(performance, "budi").conduct_answered, 1);
    EXPECT_EQ(OfficerOf(performance, "sari").conduct_sum, 2);
    EXPECT_EQ(OfficerOf(performance, "sari").conduct_answered, 1);

    ASSERT_EQ(performance.Comments().size(), 2U);
    EXPECT_EQ(performance.Comments()[0], (Comment{.hall = std::string(kHall),
                                                  .day = kMonday,
                                                  .service = "KTP",
                                                  .unit = "dispendukcapil",
                                                  .text = "Cepat sekali",
                                                  .at = At(8, 40)}));
    EXPECT_EQ(performance.Comments()[1].text, "Antrian lama");

    Accumulator accumulator(15min, /*with_profile=*/true);
    accumulator.Add(ktp);
    accumulator.Add(kk);
    auto figures = accumulator.Finish();
    EXPECT_EQ(figures.survey.respondents(), 3);
    // The profile is added up only when asked for (the satisfaction report; the public figures never show it).
    Accumulator without_profile(15min);
    without_profile.Add(ktp);
    EXPECT_TRUE(without_profile.Finish().profile.empty());
    EXPECT_EQ(figures.conduct_answered, 2);
    ASSERT_TRUE(figures.conduct_mean);
    EXPECT_DOUBLE_EQ(*figures.conduct_mean, 3.0);
    EXPECT_EQ(figures.profile.at("sex:female"), 2);
}

TEST(PerformanceFigures, TheGuidanceExampleOfTwentyNineRespondentsGivesNinetyOnePointFourEight) {
    // /work/shared/domain.md: 29 respondents, element totals 105, 101, 100, 116, 102, 105, 106, 105, 115 → 91.48 A.
    constexpr std::int64_t kRespondents = 29;
    const std::array<std::int64_t, 9> totals{105, 101, 100, 116, 102, 105, 106, 105, 115};
    // Element i gets total / 29 from everyone and one more from (total mod 29) respondents, a different set per
    // element.
    std::vector<survey::Response> responses(kRespondents);
    for (std::size_t i = 0; i < totals.size(); ++i) {
        const auto base = totals.at(i) / kRespondents;
        const auto extra = totals.at(i) % kRespondents;
        for (std::int64_t r = 0; r < kRespondents; ++r) {
            const bool more = (r + static_cast<std::int64_t>(i) * 7) % kRespondents < extra;
            auto& response = responses.at(static_cast<std::size_t>(r));
            response.answers[std::string(survey::Elements()[i].code)] = static_cast<int>(base + (more ? 1 : 0));
            response.consent = true;
        }
    }
    Performance performance;
    for (std::size_t r = 0; r < responses.size(); ++r) {
        // Spread over two services and two days: the index is of the whole set of service days.
        const auto service = r % 2 == 0 ? "KTP" : "KK";
        const auto day = r % 3 == 0 ? kTuesday : kMonday;
        performance.ApplySurvey(kHall, day,
                                Answered("T-" + std::to_string(r), service, std::nullopt, responses[r], At(10, 0)));
    }
    Accumulator accumulator(15min);
    for (const auto& [key, day] : performance.Services()) {
        accumulator.Add(day);
    }
    auto figures = accumulator.Finish();
    EXPECT_EQ(figures.survey.respondents(), kRespondents);
    for (std::size_t i = 0; i < totals.size(); ++i) {
        const auto tally = figures.survey.Of(survey::Elements()[i].code);
        ASSERT_EQ(tally.sum, totals.at(i)) << "the constructed answers sum to the example's totals";
        ASSERT_EQ(tally.answered, kRespondents);
    }
    ASSERT_TRUE(figures.ikm);
    EXPECT_EQ(figures.ikm->converted_hundredths, 9148);
    EXPECT_EQ(figures.ikm->grade, survey::Grade::kA);
    EXPECT_EQ(figures.ikm->respondents, kRespondents);

    auto rounded = accumulator.Finish(survey::IkmWeight::kPoint111);
    ASSERT_TRUE(rounded.ikm);
    EXPECT_EQ(rounded.ikm->converted_hundredths, 9138) << "the weight setting reaches the index";
}

TEST(PerformanceFigures, TheSampleNeededIsKrejcieMorganOfAllCitizensServed) {
    Accumulator accumulator(15min);
    ServiceDay monday;
    monday.served = 60;
    ServiceDay tuesday;
    tuesday.served = 40;
    accumulator.Add(monday);
    accumulator.Add(tuesday);
    auto figures = accumulator.Finish();
    EXPECT_EQ(figures.served, 100);
    EXPECT_EQ(figures.sample_needed, survey::KrejcieMorganSampleSize(100));
    EXPECT_EQ(figures.sample_needed, 80);  // domain.md: N = 100 → 80
    EXPECT_NE(figures.sample_needed, survey::KrejcieMorganSampleSize(60) + survey::KrejcieMorganSampleSize(40))
        << "computed on the period's total, not summed per day";
}

TEST(PerformanceFigures, NoServiceDaysGiveZerosAndNoMeans) {
    Accumulator accumulator(15min);
    accumulator.Add(ServiceDay{});
    for (const auto& figures : {Accumulator(15min).Finish(), accumulator.Finish()}) {
        EXPECT_EQ(figures.tickets, 0);
        EXPECT_EQ(figures.served, 0);
        EXPECT_EQ(figures.no_shows, 0);
        EXPECT_EQ(figures.cancelled, 0);
        EXPECT_EQ(figures.waits_known, 0);
        EXPECT_EQ(figures.abandoned, 0);
        EXPECT_EQ(figures.within_target, 0);
        EXPECT_FALSE(figures.mean_wait_s.has_value());
        EXPECT_FALSE(figures.p90_wait_s.has_value());
        EXPECT_FALSE(figures.mean_service_s.has_value());
        EXPECT_FALSE(figures.within_target_share.has_value());
        EXPECT_FALSE(figures.ikm.has_value());
        EXPECT_FALSE(figures.conduct_mean.has_value());
        EXPECT_EQ(figures.conduct_answered, 0);
        EXPECT_EQ(figures.sample_needed, 0);
        EXPECT_EQ(figures.survey.respondents(), 0);
        EXPECT_TRUE(figures.profile.empty());
    }
    auto officer = Summarise(OfficerDay{});
    EXPECT_FALSE(officer.mean_service_s.has_value());
    EXPECT_FALSE(officer.conduct_mean.has_value());
}

TEST(PerformanceFigures, OfficerDaysAddUpAndSummariseToMeans) {
    OfficerDay total;
    AddTo(total, OfficerDay{.served = 3,
                            .service_ms = Ms(30min),
                            .service_count = 3,
                            .no_shows = 1,
                            .idle_while_waiting_ms = Ms(4min),
                            .conduct_sum = 7,
                            .conduct_answered = 2});
    AddTo(total, OfficerDay{.served = 1,
                            .service_ms = Ms(6min),
                            .service_count = 1,
                            .no_shows = 0,
                            .idle_while_waiting_ms = Ms(1min),
                            .conduct_sum = 4,
                            .conduct_answered = 1});
    EXPECT_EQ(total, (OfficerDay{.served = 4,
                                 .service_ms = Ms(36min),
                                 .service_count = 4,
                                 .no_shows = 1,
                                 .idle_while_waiting_ms = Ms(5min),
                                 .conduct_sum = 11,
                                 .conduct_answered = 3}));
    auto summary = Summarise(total);
    ASSERT_TRUE(summary.mean_service_s);
    EXPECT_DOUBLE_EQ(*summary.mean_service_s, 9 * 60.0);
    ASSERT_TRUE(summary.conduct_mean);
    EXPECT_DOUBLE_EQ(*summary.conduct_mean, 11.0 / 3);
}

TEST(PerformanceFold, SameFiguresDetectsADifference) {
    Performance one;
    Performance other;
    Feed(one, OrdinaryDay());
    Feed(other, OrdinaryDay());
    EXPECT_TRUE(one.SameFigures(other));
    EXPECT_TRUE(other.SameFigures(one));

    Performance more = other;
    Feed(more, {Issued("A-004", "KTP", At(8, 40))});
    EXPECT_FALSE(one.SameFigures(more)) << "one more ticket";

    Performance surveyed = other;
    surveyed.ApplySurvey(kHall, kMonday, Answered("A-001", "KTP", "budi", AllAnswered(3), At(8, 50)));
    EXPECT_FALSE(one.SameFigures(surveyed)) << "one more response";

    Performance commented = other;
    Performance commented_otherwise = other;
    auto with_comment = AllAnswered(3);
    with_comment.comment = "ok";
    commented.ApplySurvey(kHall, kMonday, Answered("A-001", "KTP", "budi", with_comment, At(8, 50)));
    with_comment.comment = "OK";
    commented_otherwise.ApplySurvey(kHall, kMonday, Answered("A-001", "KTP", "budi", with_comment, At(8, 50)));
    EXPECT_FALSE(commented.SameFigures(commented_otherwise)) << "only the comment's text differs";

    Performance idle = other;
    Performance idle_longer = other;
    Feed(idle, {Issued("A-005", "KTP", At(8, 50)), Called("A-005", "L1", "budi", At(8, 55))});
    Feed(idle_longer, {Issued("A-005", "KTP", At(8, 50)), Called("A-005", "L1", "budi", At(8, 56))});
    EXPECT_FALSE(idle.SameFigures(idle_longer)) << "one minute more of waiting and of idling";
}

TEST(PerformanceFold, EachDayIsFoldedOnItsOwn) {
    // The same day's events fed to one model with another day, or alone, give that day the same figures.
    auto tuesday_events = OrdinaryDay();
    for (auto& event : tuesday_events) {
        std::visit([](auto& e) { e.at += std::chrono::days{1}; }, event);
    }
    Performance both;
    Feed(both, OrdinaryDay(), kMonday);
    Feed(both, tuesday_events, kTuesday);
    Performance monday_only;
    Feed(monday_only, OrdinaryDay(), kMonday);
    Performance tuesday_only;
    Feed(tuesday_only, tuesday_events, kTuesday);

    std::map<Key, ServiceDay> services = monday_only.Services();
    services.insert(tuesday_only.Services().begin(), tuesday_only.Services().end());
    EXPECT_EQ(both.Services(), services);
    std::map<Key, OfficerDay> officers = monday_only.Officers();
    officers.insert(tuesday_only.Officers().begin(), tuesday_only.Officers().end());
    EXPECT_EQ(both.Officers(), officers);
    EXPECT_EQ(ServiceOf(both, "KTP", kTuesday), ServiceOf(both, "KTP", kMonday));
}

/// Random service days (fixed seed): what a period adds up.
std::vector<ServiceDay> RandomDays(std::mt19937& random, int count) {
    std::uniform_int_distribution<int> small(0, 40);
    std::uniform_int_distribution<std::int32_t> wait(0, 3600);
    std::uniform_int_distribution<std::int64_t> duration(30'000, 1'800'000);
    std::vector<ServiceDay> days(static_cast<std::size_t>(count));
    for (auto& day : days) {
        day.tickets = small(random);
        day.served = small(random);
        day.no_shows = small(random) / 4;
        day.cancelled = small(random) / 5;
        for (int i = small(random); i > 0; --i) {
            day.waits_s.push_back(wait(random));
        }
        for (int i = small(random); i > 0; --i) {
            day.service_ms += duration(random);
            ++day.service_count;
        }
    }
    return days;
}

TEST(PerformanceFigures, SplittingServiceDaysBetweenAccumulatorsAddsUpToTheWhole) {
    std::mt19937 random(20261130);
    for (int round = 0; round < 50; ++round) {
        const auto days = RandomDays(random, 1 + round % 17);
        Accumulator whole(10min);
        Accumulator shuffled_whole(10min);
        Accumulator first(10min);
        Accumulator second(10min);
        std::int64_t first_count = 0;
        std::int64_t second_count = 0;
        std::int64_t first_service_count = 0;
        std::int64_t second_service_count = 0;
        std::bernoulli_distribution coin(0.5);
        for (const auto& day : days) {
            whole.Add(day);
            if (coin(random)) {
                first.Add(day);
                first_count += static_cast<std::int64_t>(day.waits_s.size());
                first_service_count += day.service_count;
            } else {
                second.Add(day);
                second_count += static_cast<std::int64_t>(day.waits_s.size());
                second_service_count += day.service_count;
            }
        }
        auto shuffled = days;
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        for (const auto& day : shuffled) {
            shuffled_whole.Add(day);
        }

        const auto all = whole.Finish();
        const auto a = first.Finish();
        const auto b = second.Finish();
        EXPECT_EQ(all.tickets, a.tickets + b.tickets);
        EXPECT_EQ(all.served, a.served + b.served);
        EXPECT_EQ(all.no_shows, a.no_shows + b.no_shows);
        EXPECT_EQ(all.cancelled, a.cancelled + b.cancelled);
        EXPECT_EQ(all.waits_known, a.waits_known + b.waits_known);
        EXPECT_EQ(all.within_target, a.within_target + b.within_target);
        ASSERT_EQ(a.waits_known, first_count);
        ASSERT_EQ(b.waits_known, second_count);
        if (all.waits_known > 0) {
            ASSERT_TRUE(all.mean_wait_s);
            const double combined = (a.mean_wait_s.value_or(0) * static_cast<double>(first_count) +
                                     b.mean_wait_s.value_or(0) * static_cast<double>(second_count)) /
                                    static_cast<double>(first_count + second_count);
            EXPECT_NEAR(*all.mean_wait_s, combined, 1e-9 * std::max(1.0, combined));
            // The period's p90 lies between the parts' (it is one of their waits, of rank at least theirs).
            const auto low = std::min(a.p90_wait_s.value_or(INT32_MAX), b.p90_wait_s.value_or(INT32_MAX));
            const auto high = std::max(a.p90_wait_s.value_or(0), b.p90_wait_s.value_or(0));
            EXPECT_GE(*all.p90_wait_s, low);
            EXPECT_LE(*all.p90_wait_s, high);
        } else {
            EXPECT_FALSE(all.mean_wait_s);
        }
        if (first_service_count + second_service_count > 0) {
            ASSERT_TRUE(all.mean_service_s);
            const double combined = (a.mean_service_s.value_or(0) * static_cast<double>(first_service_count) +
                                     b.mean_service_s.value_or(0) * static_cast<double>(second_service_count)) /
                                    static_cast<double>(first_service_count + second_service_count);
            EXPECT_NEAR(*all.mean_service_s, combined, 1e-9 * std::max(1.0, combined));
        } else {
            EXPECT_FALSE(all.mean_service_s);
        }

        const auto again = shuffled_whole.Finish();
        EXPECT_EQ(again.tickets, all.tickets);
        EXPECT_EQ(again.served, all.served);
        EXPECT_EQ(again.waits_known, all.waits_known);
        EXPECT_EQ(again.within_target, all.within_target);
        EXPECT_EQ(again.p90_wait_s, all.p90_wait_s) << "the order days are added in does not matter";
        ASSERT_EQ(again.mean_wait_s.has_value(), all.mean_wait_s.has_value());
        if (all.mean_wait_s) {
            EXPECT_NEAR(*again.mean_wait_s, *all.mean_wait_s, 1e-9 * std::max(1.0, *all.mean_wait_s));
        }
        ASSERT_EQ(again.mean_service_s.has_value(), all.mean_service_s.has_value());
        if (all.mean_service_s) {
            EXPECT_NEAR(*again.mean_service_s, *all.mean_service_s, 1e-9 * *all.mean_service_s);
        }
    }
}

}  // namespace
}  // namespace layan::domain::stats
