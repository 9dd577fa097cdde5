// The satisfaction survey's use cases and the performance read model on a real engine: figures of a morning at the
// demo hall read back per period, hall, unit, service, theme and officer; and the view kept up to date from the
// store's subscription always equal to a fold of the whole log, after a rebuild and after a restart.

#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "engine_fixture.h"
#include "layan/domain/survey/ikm.h"
#include "layan/domain/survey/sample_size.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;
namespace access = domain::access;
namespace stats = domain::stats;
namespace survey = domain::survey;

constexpr std::chrono::milliseconds kPatience = 10s;  // a bound for the background fold, never a measured time
// Crockford's base 32 in lower case, as engine/survey.cc writes keys.
constexpr std::string_view kKeyAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

const year_month_day kMonday{2026y, std::chrono::November, 30d};

year_month_day Plus(year_month_day day, int days) {
    return year_month_day{std::chrono::sys_days{day} + std::chrono::days{days}};
}

Caller Device(access::DeviceKind kind, std::string hall = kHall) {
    return Caller{.principal = {.role = access::Role::kDevice,
                                .id = "dev-1",
                                .name = "tablet",
                                .tenant_id = kTenant,
                                .units = {},
                                .officer_id = "",
                                .hall_id = std::move(hall),
                                .device_kind = kind},
                  .actor = {.actor = "dev-1", .role = "device", .ip = "10.0.0.9", .device = "dev-1"}};
}

/// A consenting response: every element `value` but the given ones.
survey::Response Answers(int value, std::map<std::string, int, std::less<>> except = {}) {
    survey::Response response;
    for (const auto& element : survey::Elements()) {
        response.answers[std::string(element.code)] = value;
    }
    for (const auto& [code, answer] : except) {
        response.answers[code] = answer;
    }
    response.consent = true;
    return response;
}

PeriodQuery Period(year_month_day from, year_month_day to) {
    PeriodQuery query;
    query.tenant = kTenant;
    query.from = from;
    query.to = to;
    query.target = 10min;
    return query;
}

/// The error code of a result, or "(success)".
template <class T>
std::string CodeOf(const core::Result<T>& result) {
    return result ? std::string("(success)") : result.error().code;
}

/// The tickets of the named entry of a list, or -1 when it is not listed.
std::int64_t TicketsOf(const std::vector<NamedFigures>& list, std::string_view id) {
    auto found = std::find_if(list.begin(), list.end(), [&](const auto& named) { return named.id == id; });
    return found == list.end() ? -1 : found->figures.tickets;
}

const NamedFigures* Named(const std::vector<NamedFigures>& list, std::string_view id) {
    auto found = std::find_if(list.begin(), list.end(), [&](const auto& named) { return named.id == id; });
    return found == list.end() ? nullptr : &*found;
}

/// Every figure of `a` equals that of `b`.
void ExpectSameFigures(const stats::Figures& a, const stats::Figures& b, const std::string& where) {
    SCOPED_TRACE(where);
    EXPECT_EQ(a.tickets, b.tickets);
    EXPECT_EQ(a.served, b.served);
    EXPECT_EQ(a.no_shows, b.no_shows);
    EXPECT_EQ(a.cancelled, b.cancelled);
    EXPECT_EQ(a.waits_known, b.waits_known);
    EXPECT_EQ(a.within_target, b.within_target);
    EXPECT_EQ(a.mean_wait_s, b.mean_wait_s);
    EXPECT_EQ(a.p90_wait_s, b.p90_wait_s);
    EXPECT_EQ(a.mean_service_s, b.mean_service_s);
    EXPECT_EQ(a.within_target_share, b.within_target_share);
    EXPECT_TRUE(a.survey == b.survey);
    EXPECT_TRUE(a.ikm == b.ikm);
    EXPECT_EQ(a.sample_needed, b.sample_needed);
    EXPECT_EQ(a.conduct_answered, b.conduct_answered);
    EXPECT_EQ(a.conduct_mean, b.conduct_mean);
    EXPECT_EQ(a.profile, b.profile);
}

void ExpectSameReports(const PerformanceReport& a, const PerformanceReport& b) {
    ExpectSameFigures(a.totals, b.totals, "totals");
    using List = std::vector<NamedFigures> PerformanceReport::*;
    for (List list : {&PerformanceReport::halls, &PerformanceReport::units, &PerformanceReport::services,
                      &PerformanceReport::themes}) {
        ASSERT_EQ((a.*list).size(), (b.*list).size());
        for (std::size_t i = 0; i < (a.*list).size(); ++i) {
            EXPECT_EQ((a.*list)[i].id, (b.*list)[i].id);
            ExpectSameFigures((a.*list)[i].figures, (b.*list)[i].figures, (a.*list)[i].id);
        }
    }
    ASSERT_EQ(a.trend.size(), b.trend.size());
    for (std::size_t i = 0; i < a.trend.size(); ++i) {
        ExpectSameFigures(a.trend[i].figures, b.trend[i].figures, "trend " + std::to_string(i));
    }
}

class PerformanceTest : public EngineTest {
protected:
    core::Result<TicketSnapshot> Operate(const std::string& ticket, TicketAction action) {
        return Await<TicketSnapshot>([&](auto done) {
            engine_->queue.OperateTicket(kHall, ticket, {.action = action, .to_service = "", .reason = ""}, Admin(),
                                         std::move(done));
        });
    }

    /// Calls the next ticket at `counter`; its id.
    std::string Call(const std::string& counter) {
        auto called = CallNext(counter);
        EXPECT_TRUE(called) << called.error().message;
        EXPECT_TRUE(called && *called) << "somebody waits for " << counter;
        return called && *called ? (*called)->ticket.id : std::string{};
    }

    std::string IssueId(const std::string& service) {
        auto issued = Issue(service);
        EXPECT_TRUE(issued) << issued.error().message;
        return issued ? issued->ticket.ticket.id : std::string{};
    }

    core::Result<SurveyAnswerReceipt> AnswerSurvey(const std::string& ticket, std::optional<std::string> key,
                                                   survey::Response response, const Caller& caller) {
        return Await<SurveyAnswerReceipt>([&](auto done) {
            engine_->surveys.Answer(
                {.hall = kHall, .ticket = ticket, .key = std::move(key), .response = std::move(response)}, caller,
                std::move(done));
        });
    }

    core::Result<SurveyAnswerReceipt> AnswerByLink(const std::string& ticket, survey::Response response) {
        return AnswerSurvey(ticket, engine_->surveys.KeyOf(kHall, ticket), std::move(response), Citizen());
    }

    /// A morning at the demo hall, Monday 30 November from 09:00 WIB:
    /// - L01 (budi.santoso, KTP) and L02 (rina.wulandari, NIB) open; KTP and NIB F-001 issued.
    /// - 09:03 A-001 called at L01 and F-001 at L02 (waits of 3 minutes); both served 09:04–09:14.
    /// - 09:14 A-002 called at L01 (a wait of 14 minutes), recalled twice, a no-show at 09:17.
    /// - 09:17 DTKS H-001 issued; no counter serves it. It still waits at 09:22.
    /// - Surveys: A-001 by its link at 09:20 (conduct 4, a comment), F-001 at 09:21 (a comment).
    void ServeAMorning() {
        ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
        ASSERT_TRUE(Open("L02", "rina.wulandari", {"NIB"}));
        a001_ = IssueId("KTP");
        a002_ = IssueId("KTP");
        f001_ = IssueId("NIB");
        clock_.Advance(3min);
        ASSERT_EQ(Call("L01"), a001_);
        ASSERT_EQ(Call("L02"), f001_);
        clock_.Advance(1min);
        ASSERT_TRUE(Operate(a001_, TicketAction::kStart));
        ASSERT_TRUE(Operate(f001_, TicketAction::kStart));
        clock_.Advance(10min);
        ASSERT_TRUE(Operate(a001_, TicketAction::kFinish));
        ASSERT_TRUE(Operate(f001_, TicketAction::kFinish));
        ASSERT_EQ(Call("L01"), a002_);
        for (int recall = 0; recall < 2; ++recall) {
            clock_.Advance(1min);
            auto recalled = Operate(a002_, TicketAction::kRecall);
            ASSERT_TRUE(recalled) << recalled.error().message;
        }
        clock_.Advance(1min);
        auto no_show = Operate(a002_, TicketAction::kNoShow);
        ASSERT_TRUE(no_show) << no_show.error().message;
        h001_ = IssueId("DTKS");

        clock_.Advance(3min);
        auto first = a001_answers_;
        first.conduct = 4;
        first.comment = "  Cepat dan ramah  ";
        auto answered = AnswerByLink(a001_, first);
        ASSERT_TRUE(answered) << answered.error().message;
        clock_.Advance(1min);
        auto second = f001_answers_;
        second.comment = "Tempat parkir sempit";
        answered = AnswerByLink(f001_, second);
        ASSERT_TRUE(answered) << answered.error().message;
        clock_.Advance(1min);
        ASSERT_TRUE(engine_->performance.WaitUntilCurrent(kPatience));
    }

    std::string a001_;
    std::string a002_;
    std::string f001_;
    std::string h001_;
    // NRR U1..U9 over both: 4, 4, 3, 1.5, 4, 4, 4, 2.5, 4.
    const survey::Response a001_answers_ = Answers(4, {{"U3", 3}, {"U4", 1}, {"U8", 2}});
    const survey::Response f001_answers_ = Answers(4, {{"U3", 3}, {"U4", 2}, {"U8", 3}});
};

TEST_F(PerformanceTest, ReportCountsTheMorningPerHallUnitServiceAndTheme) {
    ServeAMorning();
    auto report = engine_->performance.Report(Period(kMonday, Plus(kMonday, 6)));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->tenant.id, kTenant);

    const auto& totals = report->totals;
    EXPECT_EQ(totals.tickets, 4);
    EXPECT_EQ(totals.served, 2);
    EXPECT_EQ(totals.no_shows, 1);
    EXPECT_EQ(totals.cancelled, 0);
    EXPECT_EQ(totals.waits_known, 3);  // 3, 3 and 14 minutes; H-001 was never called
    EXPECT_EQ(totals.within_target, 2);
    ASSERT_TRUE(totals.within_target_share);
    EXPECT_DOUBLE_EQ(*totals.within_target_share, 2.0 / 3);
    ASSERT_TRUE(totals.mean_wait_s);
    EXPECT_DOUBLE_EQ(*totals.mean_wait_s, (3 + 3 + 14) * 60.0 / 3);
    EXPECT_EQ(totals.p90_wait_s, 14 * 60);
    ASSERT_TRUE(totals.mean_service_s);
    EXPECT_DOUBLE_EQ(*totals.mean_service_s, 10 * 60.0);
    EXPECT_EQ(totals.sample_needed, survey::KrejcieMorganSampleSize(2));

    // The index of the two responses, as ComputeIkm gives it for their answers.
    survey::SurveyTally tally;
    ASSERT_TRUE(tally.AddResponse(a001_answers_.answers));
    ASSERT_TRUE(tally.AddResponse(f001_answers_.answers));
    auto expected_ikm = survey::ComputeIkm(tally);
    ASSERT_TRUE(expected_ikm);
    EXPECT_EQ(totals.survey, tally);
    ASSERT_TRUE(totals.ikm);
    EXPECT_EQ(totals.ikm->converted_hundredths, expected_ikm->converted_hundredths);
    EXPECT_EQ(totals.ikm->converted_hundredths, 8611);  // (4+4+3+1.5+4+4+4+2.5+4) / 9 × 25 = 86.11
    EXPECT_EQ(totals.conduct_answered, 1);
    EXPECT_EQ(totals.conduct_mean, 4.0);

    ASSERT_EQ(report->halls.size(), 1U);
    EXPECT_EQ(report->halls[0].id, kHall);
    EXPECT_EQ(report->halls[0].figures.tickets, 4);

    const auto* ktp = Named(report->services, "KTP");
    ASSERT_NE(ktp, nullptr);
    EXPECT_EQ(ktp->unit, "dispendukcapil");
    EXPECT_EQ(ktp->figures.tickets, 2);
    EXPECT_EQ(ktp->figures.served, 1);
    EXPECT_EQ(ktp->figures.no_shows, 1);
    EXPECT_EQ(ktp->figures.waits_known, 2);
    EXPECT_EQ(ktp->figures.p90_wait_s, 14 * 60);
    EXPECT_EQ(ktp->figures.survey.respondents(), 1);
    const auto* nib = Named(report->services, "NIB");
    ASSERT_NE(nib, nullptr);
    EXPECT_EQ(nib->figures.tickets, 1);
    EXPECT_EQ(nib->figures.served, 1);
    const auto* dtks = Named(report->services, "DTKS");
    ASSERT_NE(dtks, nullptr);
    EXPECT_EQ(dtks->figures.tickets, 1);
    EXPECT_EQ(dtks->figures.served, 0);
    EXPECT_EQ(dtks->figures.waits_known, 0);
    EXPECT_FALSE(dtks->figures.mean_wait_s);
    const auto* pkb = Named(report->services, "PKB");
    ASSERT_NE(pkb, nullptr) << "every service the hall offers is listed";
    EXPECT_EQ(pkb->figures.tickets, 0);

    ASSERT_EQ(report->units.size(), 5U);
    EXPECT_EQ(TicketsOf(report->units, "dispendukcapil"), 2);
    EXPECT_EQ(TicketsOf(report->units, "dpmptsp"), 1);
    EXPECT_EQ(TicketsOf(report->units, "dinsos"), 1);
    EXPECT_EQ(TicketsOf(report->units, "samsat"), 0);

    const auto* investment = Named(report->themes, "investment");
    ASSERT_NE(investment, nullptr);
    EXPECT_THAT(investment->members, ::testing::UnorderedElementsAre("NIB", "PBG"));
    EXPECT_EQ(investment->figures.tickets, 1);
    EXPECT_EQ(investment->figures.served, 1);
    EXPECT_EQ(investment->name.en, "Investment growth");
    const auto* poverty = Named(report->themes, "poverty");
    ASSERT_NE(poverty, nullptr);
    EXPECT_THAT(poverty->members, ::testing::ElementsAre("DTKS"));
    EXPECT_EQ(poverty->figures.tickets, 1);
}

TEST_F(PerformanceTest, TheTrendIsByDayWeekOrMonthWithThePeriod) {
    ServeAMorning();
    auto check = [&](year_month_day from, year_month_day to, std::string_view granularity, std::size_t buckets,
                     std::size_t holding) {
        SCOPED_TRACE(std::string(granularity));
        auto report = engine_->performance.Report(Period(from, to));
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->granularity, granularity);
        ASSERT_EQ(report->trend.size(), buckets);
        EXPECT_TRUE(report->trend.front().from == from);
        EXPECT_TRUE(report->trend.back().to == to);
        for (std::size_t i = 0; i < buckets; ++i) {
            const auto& point = report->trend[i];
            EXPECT_LE(std::chrono::sys_days{point.from}, std::chrono::sys_days{point.to});
            if (i > 0) {
                EXPECT_EQ(std::chrono::sys_days{point.from},
                          std::chrono::sys_days{report->trend[i - 1].to} + std::chrono::days{1})
                    << "the buckets follow one another without a gap";
            }
            EXPECT_EQ(point.figures.tickets, i == holding ? 4 : 0) << "bucket " << i;
        }
        EXPECT_TRUE(std::chrono::sys_days{report->trend[holding].from} <= std::chrono::sys_days{kMonday} &&
                    std::chrono::sys_days{kMonday} <= std::chrono::sys_days{report->trend[holding].to});
    };
    // Seven days from the Monday: one bucket per day, the Monday's first.
    check(kMonday, Plus(kMonday, 6), "day", 7, 0);
    // Sixty days from 20 November: ⌈60 / 7⌉ = 9 weeks; the Monday is day 10, in the second week.
    check(Plus(kMonday, -10), Plus(kMonday, 49), "week", 9, 1);
    // Two hundred days from 1 June to 17 December: seven months, the Monday in the sixth (November).
    const year_month_day june{2026y, std::chrono::June, 1d};
    ASSERT_TRUE(Plus(june, 199) == (year_month_day{2026y, std::chrono::December, 17d}));
    check(june, Plus(june, 199), "month", 7, 5);
}

TEST_F(PerformanceTest, APeriodIsAtMost366DaysAndEndsNoEarlierThanItStarts) {
    auto longest = engine_->performance.Report(Period(kMonday, Plus(kMonday, 365)));
    EXPECT_TRUE(longest) << "366 days are allowed";
    auto too_long = engine_->performance.Report(Period(kMonday, Plus(kMonday, 366)));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, "invalid_range");
    EXPECT_EQ(too_long.error().kind, core::ErrorKind::kInvalid);
    auto backwards = engine_->performance.Report(Period(kMonday, Plus(kMonday, -1)));
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().code, "invalid_range");
    EXPECT_EQ(backwards.error().details.value("field", ""), "to");
    EXPECT_TRUE(engine_->performance.Report(Period(kMonday, kMonday))) << "one day";
    for (auto* use : {+[](Performance&p, const PeriodQuery&q) { return p.Skm(q).has_value(); },
                      +[](Performance&p, const PeriodQuery&q) { return p.Officers(q).has_value(); }}) {
        EXPECT_FALSE(use(engine_->performance, Period(kMonday, Plus(kMonday, -1))));
        EXPECT_FALSE(use(engine_->performance, Period(kMonday, Plus(kMonday, 366))));
    }
    auto not_a_date = CheckHistoryRange(kMonday, year_month_day{2026y, std::chrono::February, 30d});
    ASSERT_FALSE(not_a_date);
    EXPECT_EQ(not_a_date.error().code, "invalid_range");
}

TEST_F(PerformanceTest, AnUnknownTenantHallUnitOrServiceIsNamed) {
    auto query = Period(kMonday, kMonday);
    query.tenant = "kota-nowhere";
    auto report = engine_->performance.Report(query);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, "tenant_not_found");
    EXPECT_EQ(report.error().kind, core::ErrorKind::kNotFound);
    EXPECT_EQ(CodeOf(engine_->performance.Skm(query)), "tenant_not_found");
    EXPECT_EQ(CodeOf(engine_->performance.Officers(query)), "tenant_not_found");
    EXPECT_EQ(CodeOf(engine_->performance.Live("kota-nowhere")), "tenant_not_found");
    EXPECT_EQ(CodeOf(engine_->performance.Live(kTenant)), "(success)");

    query = Period(kMonday, kMonday);
    query.hall = "mpp-nowhere";
    EXPECT_EQ(CodeOf(engine_->performance.Report(query)), "hall_not_found");
    query = Period(kMonday, kMonday);
    query.unit = "no-unit";
    EXPECT_EQ(CodeOf(engine_->performance.Skm(query)), "unit_not_found");
    query = Period(kMonday, kMonday);
    query.service = "NOPE";
    EXPECT_EQ(CodeOf(engine_->performance.Skm(query)), "service_not_found");
}

TEST_F(PerformanceTest, SkmReportsRespondentsLowestElementsAndCommentsNewestFirst) {
    ServeAMorning();
    auto skm = engine_->performance.Skm(Period(kMonday, Plus(kMonday, 6)));
    ASSERT_TRUE(skm) << skm.error().message;
    EXPECT_EQ(skm->figures.survey.respondents(), 2);
    EXPECT_EQ(skm->figures.served, 2);
    EXPECT_EQ(skm->weight, survey::IkmWeight::kOneNinth);
    EXPECT_THAT(skm->lowest, ::testing::ElementsAre("U4", "U8", "U3"));
    ASSERT_EQ(skm->comments.size(), 2U);
    EXPECT_EQ(skm->comments[0].text, "Tempat parkir sempit");
    EXPECT_EQ(skm->comments[0].service, "NIB");
    EXPECT_EQ(skm->comments[0].unit, "dpmptsp");
    EXPECT_EQ(skm->comments[1].text, "Cepat dan ramah") << "trimmed";
    EXPECT_EQ(skm->comments[1].hall, kHall);
    EXPECT_TRUE(skm->comments[1].day == std::chrono::sys_days{kMonday});
    EXPECT_LT(skm->comments[1].at, skm->comments[0].at);

    auto unit = Period(kMonday, Plus(kMonday, 6));
    unit.unit = "dpmptsp";
    auto dpmptsp = engine_->performance.Skm(unit);
    ASSERT_TRUE(dpmptsp) << dpmptsp.error().message;
    EXPECT_EQ(dpmptsp->figures.survey.respondents(), 1);
    EXPECT_EQ(dpmptsp->figures.served, 1);
    ASSERT_EQ(dpmptsp->comments.size(), 1U);
    EXPECT_EQ(dpmptsp->comments[0].text, "Tempat parkir sempit");
    ASSERT_EQ(dpmptsp->services.size(), 1U);
    EXPECT_EQ(dpmptsp->services[0].id, "NIB");

    auto service = Period(kMonday, Plus(kMonday, 6));
    service.service = "KTP";
    auto ktp = engine_->performance.Skm(service);
    ASSERT_TRUE(ktp);
    EXPECT_EQ(ktp->figures.survey.respondents(), 1);
    ASSERT_EQ(ktp->comments.size(), 1U);
    EXPECT_EQ(ktp->comments[0].text, "Cepat dan ramah");

    auto before = engine_->performance.Skm(Period(Plus(kMonday, -7), Plus(kMonday, -1)));
    ASSERT_TRUE(before);
    EXPECT_EQ(before->figures.survey.respondents(), 0);
    EXPECT_TRUE(before->comments.empty()) << "comments of days outside the period are left out";
    EXPECT_FALSE(before->figures.ikm);
}

TEST_F(PerformanceTest, OfficersShowServedNoShowsIdleTimeAndConduct) {
    ServeAMorning();
    auto officers = engine_->performance.Officers(Period(kMonday, kMonday));
    ASSERT_TRUE(officers) << officers.error().message;
    EXPECT_EQ(officers->officers.size(), 10U) << "every officer of the tenant, with or without work";
    auto row = [&](std::string_view id) -> const OfficerRow& {
        auto found = std::find_if(officers->officers.begin(), officers->officers.end(),
                                  [&](const auto& officer) { return officer.id == id; });
        EXPECT_NE(found, officers->officers.end()) << id;
        return *found;
    };
    const auto& budi = row("budi.santoso");
    EXPECT_EQ(budi.name, "Budi Santoso");
    EXPECT_EQ(budi.figures.total.served, 1);
    EXPECT_EQ(budi.figures.total.no_shows, 1);
    // 09:00–09:03 L01 was open and free while waited for KTP; then it was never free while anyone
    // waited.
    EXPECT_EQ(budi.figures.total.idle_while_waiting_ms, std::chrono::milliseconds{3min}.count());
    EXPECT_EQ(budi.figures.mean_service_s, 10 * 60.0);
    EXPECT_EQ(budi.figures.conduct_mean, 4.0);
    const auto& rina = row("rina.wulandari");
    EXPECT_EQ(rina.figures.total.served, 1);
    EXPECT_EQ(rina.figures.total.idle_while_waiting_ms, std::chrono::milliseconds{3min}.count());
    EXPECT_FALSE(rina.figures.conduct_mean) << "F-001's respondent did not rate the officer";
    const auto& siti = row("siti.rahmawati");
    EXPECT_EQ(siti.figures.total, stats::OfficerDay{});

    auto unit = Period(kMonday, kMonday);
    unit.unit = "dpmptsp";
    auto dpmptsp = engine_->performance.Officers(unit);
    ASSERT_TRUE(dpmptsp);
    std::vector<std::string> ids;
    for (const auto& officer : dpmptsp->officers) {
        ids.push_back(officer.id);
    }
    EXPECT_THAT(ids, ::testing::UnorderedElementsAre("rina.wulandari", "agus.prasetyo"));

    auto next_week = engine_->performance.Officers(Period(Plus(kMonday, 7), Plus(kMonday, 13)));
    ASSERT_TRUE(next_week);
    for (const auto& officer : next_week->officers) {
        EXPECT_EQ(officer.figures.total, stats::OfficerDay{}) << officer.id;
    }
}

TEST_F(PerformanceTest, LiveShowsTheHallsQueueNow) {
    ServeAMorning();  // ends five minutes after H-001 was issued
    auto live = engine_->performance.Live(kTenant);
    ASSERT_TRUE(live) << live.error().message;
    EXPECT_EQ(live->at, clock_.Now());
    ASSERT_EQ(live->halls.size(), 1U);
    const auto& hall = live->halls[0];
    EXPECT_EQ(hall.id, kHall);
    EXPECT_TRUE(hall.open) << "Monday 09:22 WIB";
    EXPECT_EQ(hall.counters_open, 2);
    EXPECT_EQ(hall.waiting, 1);
    EXPECT_EQ(hall.longest_wait, core::Millis{5min});
    auto dtks = std::find_if(hall.services.begin(), hall.services.end(),
                             [](const auto& service) { return service.code == "DTKS"; });
    ASSERT_NE(dtks, hall.services.end());
    EXPECT_EQ(dtks->waiting, 1);
    EXPECT_EQ(dtks->longest_wait, core::Millis{5min});
    auto ktp = std::find_if(hall.services.begin(), hall.services.end(),
                            [](const auto& service) { return service.code == "KTP"; });
    ASSERT_NE(ktp, hall.services.end());
    EXPECT_EQ(ktp->waiting, 0);
}

TEST_F(PerformanceTest, TheViewKeptUpToDateEqualsAFoldOfTheLogAfterARebuildAndAfterARestart) {
    ServeAMorning();
    const auto live = engine_->performance.Snapshot();
    EXPECT_FALSE(live.Services().empty());
    std::int64_t folded_up_to = 0;
    const auto folded = FoldPerformance(database_->Events(), &folded_up_to);
    EXPECT_EQ(folded_up_to, database_->Events().HeadPosition());
    EXPECT_TRUE(folded.SameFigures(live)) << "the incrementally maintained view equals a fold of the events";
    const auto status = engine_->performance.Status();
    EXPECT_EQ(status.position, folded_up_to);
    EXPECT_EQ(status.head, folded_up_to);
    EXPECT_FALSE(status.rebuilding);
    const auto week = Period(kMonday, Plus(kMonday, 6));
    auto before = engine_->performance.Report(week);
    ASSERT_TRUE(before);

    engine_->performance.Rebuild();
    ASSERT_TRUE(engine_->performance.WaitUntilCurrent(kPatience));
    EXPECT_TRUE(engine_->performance.Snapshot().SameFigures(live)) << "a rebuild gives the same figures";
    EXPECT_FALSE(engine_->performance.Status().rebuilding);
    auto rebuilt = engine_->performance.Report(week);
    ASSERT_TRUE(rebuilt);
    ExpectSameReports(*before, *rebuilt);

    // Work goes on while a rebuild runs: whatever the interleaving, the view ends equal to the log's fold.
    engine_->performance.Rebuild();
    const auto late = IssueId("KK");
    ASSERT_TRUE(Open("L03", "siti.rahmawati", {"KK"}));
    clock_.Advance(2min);
    ASSERT_EQ(Call("L03"), late);
    ASSERT_TRUE(engine_->performance.WaitUntilCurrent(kPatience));
    const auto after_work = engine_->performance.Snapshot();
    EXPECT_TRUE(FoldPerformance(database_->Events()).SameFigures(after_work));
    EXPECT_FALSE(after_work.SameFigures(live)) << "the new work is in the figures";

    // A restart folds the log again from the start.
    auto report_before_restart = engine_->performance.Report(week);
    ASSERT_TRUE(report_before_restart);
    engine_.reset();
    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    ASSERT_TRUE(engine_->performance.WaitUntilCurrent(kPatience));
    EXPECT_TRUE(engine_->performance.Snapshot().SameFigures(after_work)) << "the view after a restart";
    auto report_after_restart = engine_->performance.Report(week);
    ASSERT_TRUE(report_after_restart);
    ExpectSameReports(*report_before_restart, *report_after_restart);
    EXPECT_EQ(report_after_restart->totals.tickets, 5);
}

TEST_F(PerformanceTest, ASurveyKeyIsSixteenLettersDifferentPerTicketAndStable) {
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    const auto first = IssueId("KTP");
    const auto second = IssueId("KTP");
    const auto key = engine_->surveys.KeyOf(kHall, first);
    EXPECT_EQ(key.size(), 16U);
    for (char c : key) {
        EXPECT_NE(kKeyAlphabet.find(c), std::string_view::npos) << "'" << c << "' in " << key;
    }
    EXPECT_EQ(engine_->surveys.KeyOf(kHall, first), key) << "the same every time";
    EXPECT_NE(engine_->surveys.KeyOf(kHall, second), key);
    EXPECT_NE(engine_->surveys.KeyOf("mpp-other", first), key);

    engine_.reset();
    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    EXPECT_EQ(engine_->surveys.KeyOf(kHall, first), key) << "a ticket's printed key survives a restart";
}

TEST_F(PerformanceTest, AKeyReadOffPaperIsTypedBackInAnyCaseWithOForZeroAndIOrLForOne) {
    // The key depends on the vault's fresh key: look for a ticket whose key has both a 0 and a 1.
    std::string ticket;
    std::string key;
    for (int seq = 1; seq <= 500 && ticket.empty(); ++seq) {
        const auto id = fmt::format("20261130-A-{:03}", seq);
        const auto candidate = engine_->surveys.KeyOf(kHall, id);
        if (candidate.find('0') != std::string::npos && candidate.find('1') != std::string::npos) {
            ticket = id;
            key = candidate;
        }
    }
    ASSERT_FALSE(ticket.empty());
    EXPECT_TRUE(engine_->surveys.IsKeyOf(kHall, ticket, key));
    std::string typed = key;
    bool one_as_i = true;
    for (auto& c : typed) {
        if (c == '0') {
            c = 'O';
        } else if (c == '1') {
            c = one_as_i ? 'I' : 'l';
            one_as_i = !one_as_i;
        } else {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    EXPECT_TRUE(engine_->surveys.IsKeyOf(kHall, ticket, typed)) << key << " typed as " << typed;

    std::string wrong = key;
    wrong[5] = wrong[5] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(engine_->surveys.IsKeyOf(kHall, ticket, wrong));
    EXPECT_FALSE(engine_->surveys.IsKeyOf(kHall, ticket, key.substr(0, 15)));
    EXPECT_FALSE(engine_->surveys.IsKeyOf(kHall, ticket, key + "0"));
    EXPECT_FALSE(engine_->surveys.IsKeyOf("mpp-other", ticket, key)) << "a key is of one hall's ticket";
}

TEST_F(PerformanceTest, TheFormNeedsTheTicketsKey) {
    ServeAMorning();
    auto wrong = engine_->surveys.Form(kHall, a001_, engine_->surveys.KeyOf(kHall, a002_));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, "survey_link_invalid");
    EXPECT_EQ(wrong.error().kind, core::ErrorKind::kForbidden);
    auto none = engine_->surveys.Form(kHall, a001_, std::nullopt);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "survey_link_invalid");

    auto key = engine_->surveys.KeyOf(kHall, f001_);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
    auto typed_upper = engine_->surveys.Form(kHall, f001_, key);
    ASSERT_TRUE(typed_upper) << "a key typed in capitals is the same key";
    EXPECT_EQ(typed_upper->ticket.ticket_id, f001_);
    EXPECT_EQ(typed_upper->ticket.service, "NIB");
    EXPECT_EQ(typed_upper->ticket.unit, "dpmptsp");
    EXPECT_EQ(typed_upper->ticket.officer_id, "rina.wulandari");
    EXPECT_EQ(typed_upper->ticket.counter_id, "L02");
    EXPECT_EQ(typed_upper->officer_name, "Rina Wulandari");
    EXPECT_EQ(typed_upper->state, survey::SurveyState::kAnswered);

    const std::string unknown = "20261130-A-099";
    auto missing = engine_->surveys.Form(kHall, unknown, engine_->surveys.KeyOf(kHall, unknown));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ticket_not_found");
    EXPECT_EQ(missing.error().kind, core::ErrorKind::kNotFound);
    auto nowhere = engine_->surveys.Form("mpp-nowhere", a001_, engine_->surveys.KeyOf("mpp-nowhere", a001_));
    ASSERT_FALSE(nowhere);
    EXPECT_EQ(nowhere.error().code, "hall_not_found");
}

TEST_F(PerformanceTest, ATicketNotServedHasNoSurveyYet) {
    ServeAMorning();
    for (const auto& ticket : {a002_, h001_}) {  // a no-show, and a ticket still waiting
        auto form = engine_->surveys.Form(kHall, ticket, engine_->surveys.KeyOf(kHall, ticket));
        ASSERT_TRUE(form) << form.error().message;
        EXPECT_EQ(form->state, survey::SurveyState::kNotServed) << ticket;
        auto answered = AnswerByLink(ticket, Answers(3));
        ASSERT_FALSE(answered) << ticket;
        EXPECT_EQ(answered.error().code, "survey_not_served");
        EXPECT_EQ(answered.error().kind, core::ErrorKind::kConflict);
    }
}

TEST_F(PerformanceTest, ASurveyIsAnsweredOnceAndRecordedInTheTicketDaysSurveyStream) {
    ServeAMorning();
    const auto stream = store::StreamId::SurveyDay(kHall, kMonday).Name();
    const auto recorded = database_->Events().ReadStream(stream);
    ASSERT_EQ(recorded.size(), 2U);
    EXPECT_EQ(recorded[0].type, "survey_answered");
    EXPECT_EQ(recorded[0].data.value("ticket_id", ""), a001_);
    EXPECT_EQ(recorded[0].data.value("channel", ""), "link");
    EXPECT_EQ(recorded[0].data.value("officer_id", ""), "budi.santoso");

    auto again = AnswerByLink(a001_, Answers(1));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "survey_already_answered");
    EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(database_->Events().ReadStream(stream).size(), 2U) << "nothing more was recorded";
    auto form = engine_->surveys.Form(kHall, a001_, engine_->surveys.KeyOf(kHall, a001_));
    ASSERT_TRUE(form);
    EXPECT_EQ(form->state, survey::SurveyState::kAnswered);

    auto unchecked = Answers(3);
    unchecked.consent = false;
    ASSERT_TRUE(Open("L03", "nur.aini", {"DTKS"}));
    ASSERT_EQ(Call("L03"), h001_);
    ASSERT_TRUE(Operate(h001_, TicketAction::kStart));
    ASSERT_TRUE(Operate(h001_, TicketAction::kFinish));
    auto refused = AnswerByLink(h001_, unchecked);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "survey_consent_required");
}

TEST_F(PerformanceTest, TheLinkClosesAtTheEndOfTheLastDayItIsValid) {
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    const auto ticket = IssueId("KTP");
    ASSERT_EQ(Call("L01"), ticket);
    ASSERT_TRUE(Operate(ticket, TicketAction::kStart));
    clock_.Advance(5min);
    ASSERT_TRUE(Operate(ticket, TicketAction::kFinish));

    // Open through the whole local day `survey_link_days` after the ticket's day.
    const auto last_day = Plus(kMonday, Engine::Options{}.survey_link_days);
    const auto closes = core::FromLocal(Plus(last_day, 1), 0min, core::kWib);
    const auto key = engine_->surveys.KeyOf(kHall, ticket);

    clock_.Set(closes - core::Millis{1});
    auto form = engine_->surveys.Form(kHall, ticket, key);
    ASSERT_TRUE(form) << form.error().message;
    EXPECT_EQ(form->expires_at, closes - core::Millis{1});
    EXPECT_EQ(form->state, survey::SurveyState::kOpen) << "the last millisecond of the last day";

    clock_.Set(closes);
    form = engine_->surveys.Form(kHall, ticket, key);
    ASSERT_TRUE(form) << form.error().message;
    EXPECT_EQ(form->state, survey::SurveyState::kExpired);
    auto late = AnswerByLink(ticket, Answers(4));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, "survey_link_expired");
    EXPECT_EQ(late.error().kind, core::ErrorKind::kGone);

    clock_.Set(closes - 1h);
    auto in_time = AnswerByLink(ticket, Answers(4));
    ASSERT_TRUE(in_time) << in_time.error().message << ": a ticket of an earlier day is answered from its stream";
    ASSERT_TRUE(engine_->performance.WaitUntilCurrent(kPatience));
    auto skm = engine_->performance.Skm(Period(kMonday, kMonday));
    ASSERT_TRUE(skm);
    EXPECT_EQ(skm->figures.survey.respondents(), 1) << "counted on the ticket's day";
}

TEST_F(PerformanceTest, TheCountersTabletOffersTheSurveyOfItsLastFinishedTicket) {
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    const auto first = IssueId("KTP");
    const auto second = IssueId("KTP");
    for (const auto& ticket : {first, second}) {
        ASSERT_EQ(Call("L01"), ticket);
        ASSERT_TRUE(Operate(ticket, TicketAction::kStart));
        clock_.Advance(4min);
        ASSERT_TRUE(Operate(ticket, TicketAction::kFinish));
        clock_.Advance(1min);
    }
    const auto kiosk = Device(access::DeviceKind::kKiosk);
    auto form = engine_->surveys.ForCounter(kHall, "L01", kiosk);
    ASSERT_TRUE(form) << form.error().message;
    EXPECT_EQ(form->ticket.ticket_id, second);
    EXPECT_EQ(form->state, survey::SurveyState::kOpen);
    auto by_staff = engine_->surveys.ForCounter(kHall, "L01", Admin());
    ASSERT_TRUE(by_staff) << by_staff.error().message;
    EXPECT_EQ(by_staff->ticket.ticket_id, second);

    for (const auto& caller :
         {Citizen(), Device(access::DeviceKind::kBoard), Device(access::DeviceKind::kKiosk, "mpp-other")}) {
        auto refused = engine_->surveys.ForCounter(kHall, "L01", caller);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, "survey_tablet_only");
        EXPECT_EQ(refused.error().kind, core::ErrorKind::kForbidden);
    }
    auto unknown = engine_->surveys.ForCounter(kHall, "L99", kiosk);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "counter_not_found");
    auto idle = engine_->surveys.ForCounter(kHall, "L02", kiosk);
    ASSERT_FALSE(idle);
    EXPECT_EQ(idle.error().code, "survey_nothing_to_answer");

    // Without a key only the tablet answers; the citizen's phone needs the link.
    auto keyless = AnswerSurvey(second, std::nullopt, Answers(4), Citizen());
    ASSERT_FALSE(keyless);
    EXPECT_EQ(keyless.error().code, "survey_link_invalid");
    auto by_staff_keyless = AnswerSurvey(second, std::nullopt, Answers(4), Admin());
    ASSERT_FALSE(by_staff_keyless);
    EXPECT_EQ(by_staff_keyless.error().code, "survey_link_invalid") << "staff never answer for a citizen";
    auto on_tablet = AnswerSurvey(second, std::nullopt, Answers(4), kiosk);
    ASSERT_TRUE(on_tablet) << on_tablet.error().message;
    EXPECT_EQ(on_tablet->ticket, second);
    const auto recorded = database_->Events().ReadStream(store::StreamId::SurveyDay(kHall, kMonday).Name());
    ASSERT_EQ(recorded.size(), 1U);
    EXPECT_EQ(recorded[0].data.value("channel", ""), "tablet");
    EXPECT_EQ(recorded[0].data.value("counter_id", ""), "L01");

    auto answered = engine_->surveys.ForCounter(kHall, "L01", kiosk);
    ASSERT_FALSE(answered);
    EXPECT_EQ(answered.error().code, "survey_nothing_to_answer") << "its last ticket's survey was answered";

    // The first ticket was finished at 09:04; 30 minutes later the tablet no longer answers for it, its link does.
    clock_.Set(MondayMorning() + 34min + 1ms);
    auto stale = AnswerSurvey(first, std::nullopt, Answers(4), kiosk);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, "survey_link_invalid");
    EXPECT_EQ(stale.error().kind, core::ErrorKind::kForbidden);
    auto by_link = AnswerByLink(first, Answers(4));
    EXPECT_TRUE(by_link) << by_link.error().message;
}

}  // namespace
}  // namespace layan::engine::test
