// The requests' view on its own: it folds the log's events once each, in order, whatever order and how many times
// they come (the start's scan and the store's feed overlap), orders a work list as the unit works it, and tells
// which escalations are due. Events made by the domain's decisions; clocks read on the embedded national calendar.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "layan/core/time.h"
#include "layan/domain/requests/commands.h"
#include "layan/engine/request_views.h"
#include "layan/store/calendar.h"

namespace layan::engine::test {
namespace {

namespace calendar = domain::calendar;
namespace rq = domain::requests;

constexpr const char* kTenant = "kota-mojokerto";

core::Instant At(const std::string& local) { return *core::ParseIso8601(local + "+07:00"); }

/// The events of a request submitted at `at` with `days` working days, and then returned when `returned`.
std::vector<rq::Event> Request(core::Instant at, int days, bool returned = false) {
    rq::RequestSubmitted submitted{.service = "KK",
                                   .standard_version = 1,
                                   .unit_id = "dispendukcapil",
                                   .hall_id = "mpp-mojokerto",
                                   .channel = rq::Channel::kOnline,
                                   .ticket = std::nullopt,
                                   .by = "",
                                   .citizen_ref = "c-1",
                                   .masked_nik = "3576**********01",
                                   .documents = {},
                                   .rule = {.unit = calendar::DeadlineUnit::kWorkingDays, .amount = days},
                                   .at = {}};
    auto events = *rq::Submit({}, submitted, at);
    if (returned) {
        const std::vector<std::string> missing = {"KK_LAMA"};
        auto back = rq::Return(rq::Fold(events), "siti", "Scan buram", missing, at);
        events.insert(events.end(), back->begin(), back->end());
    }
    return events;
}

class RequestViewsTest : public ::testing::Test {
protected:
    RequestViews::ClockReader Reader() {
        return {.calendar = [this](const std::string&) { return calendar_; },
                .read =
                    [this](const std::string&, const rq::RequestState& state) {
                        ++reads_;
                        return calendar::Read(state.clock, national_, core::kWib, now_);
                    }};
    }
    std::vector<std::string> Codes(const RequestViews::Query& query) {
        std::vector<std::string> codes;
        for (const auto& row : views_.WorkList(kTenant, query, now_, Reader())) {
            codes.push_back(row.code);
        }
        return codes;
    }
    static RequestViews::Query All() {
        return {.keep = [](const RequestViews::Summary&) { return true; }, .sla = std::nullopt, .limit = 100};
    }

    calendar::WorkCalendar national_ = store::NationalCalendar();
    std::shared_ptr<const void> calendar_ = std::make_shared<int>(1);
    core::Instant now_ = At("2026-11-30T09:00:00");
    int reads_ = 0;
    RequestViews views_;
};

TEST_F(RequestViewsTest, FoldsEachEventOnceAndAGapMakesTheRequestStaleUntilItIsReadAgain) {
    const auto events = Request(now_, 3, /*returned=*/true);
    views_.Apply(kTenant, "A", 1, events[0]);
    views_.Apply(kTenant, "A", 1, events[0]);  // the scan and the feed overlap: once
    views_.Apply(kTenant, "A", 2, events[1]);
    EXPECT_TRUE(views_.Stale().empty());
    auto rows = views_.WorkList(kTenant, All(), now_, Reader());
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].state.status, rq::RequestStatus::kReturned);
    EXPECT_TRUE(rows[0].state.timeline.empty());  // slim: no timeline kept
    // A list that keeps only the civil registry's returned requests: the summary carries what it filters on.
    auto returned = All();
    returned.keep = [](const RequestViews::Summary& request) {
        return request.unit_id == "dispendukcapil" && request.status == rq::RequestStatus::kReturned &&
               !request.terminal;
    };
    EXPECT_EQ(views_.WorkList(kTenant, returned, now_, Reader()).size(), 1U);

    // Version 2 of B arrives before version 1: B is stale until read again from its stream.
    const auto other = Request(now_, 1, true);
    views_.Apply(kTenant, "B", 2, other[1]);
    views_.Apply(kTenant, "B", 1, other[0]);
    EXPECT_EQ(views_.Stale(), (std::vector<std::pair<std::string, std::string>>{{kTenant, "B"}}));
    views_.Refresh(kTenant, "B", 2, rq::Fold(other));
    EXPECT_TRUE(views_.Stale().empty());

    // The feed brings version 3 while version 2 is being read from the store: the refresh does not clear it.
    auto third = other;
    third.push_back(*rq::Reject(rq::Fold(other), "siti", "Bukan warga", now_)->begin());
    views_.Apply(kTenant, "B", 3, third[2]);  // applied: 2 is folded
    EXPECT_TRUE(views_.Stale().empty());
    views_.Apply(kTenant, "C", 1, events[0]);
    views_.Apply(kTenant, "C", 3, third[2]);  // gap: C is stale, 3 seen
    views_.Refresh(kTenant, "C", 2, rq::Fold(std::vector<rq::Event>(third.begin(), third.begin() + 2)));
    EXPECT_EQ(views_.Stale(), (std::vector<std::pair<std::string, std::string>>{{kTenant, "C"}}));
    views_.Refresh(kTenant, "C", 3, rq::Fold(third));
    EXPECT_TRUE(views_.Stale().empty());
    EXPECT_TRUE(views_.Contains(kTenant, "B"));
    EXPECT_FALSE(views_.Contains(kTenant, "D"));
}

TEST_F(RequestViewsTest, AWorkListRunsByDeadlineThenPausedAndReadsEachClockOnceUntilItChanges) {
    auto apply = [&](const std::string& code, const std::vector<rq::Event>& events) {
        for (std::size_t i = 0; i < events.size(); ++i) {
            views_.Apply(kTenant, code, static_cast<std::int64_t>(i + 1), events[i]);
        }
    };
    apply("LATE", Request(At("2026-11-30T08:00:00"), 3));
    apply("SOON", Request(At("2026-11-30T08:30:00"), 0));
    apply("WAIT", Request(At("2026-11-30T08:10:00"), 1, true));
    EXPECT_EQ(Codes(All()), (std::vector<std::string>{"SOON", "LATE", "WAIT"}));
    const int reads = reads_;
    EXPECT_EQ(Codes(All()).size(), 3U);
    EXPECT_EQ(reads_, reads);              // the running clocks' instants are kept
    calendar_ = std::make_shared<int>(2);  // the calendar changed: read again
    EXPECT_EQ(Codes(All()).size(), 3U);
    EXPECT_GT(reads_, reads);

    // At 15:00 the same-day request is due soon; past Monday's close it is overdue.
    auto due_soon = All();
    due_soon.sla = calendar::SlaState::kDueSoon;
    now_ = At("2026-11-30T15:00:00");
    EXPECT_EQ(Codes(due_soon), std::vector<std::string>{"SOON"});
    now_ = At("2026-12-01T08:00:00");
    auto overdue = All();
    overdue.sla = calendar::SlaState::kOverdue;
    EXPECT_EQ(Codes(overdue), std::vector<std::string>{"SOON"});
    auto limited = All();
    limited.limit = 1;
    EXPECT_EQ(Codes(limited), std::vector<std::string>{"SOON"});

    // Due: the overdue one to both levels (once each), none for the paused one.
    const auto due = views_.DueAt(now_, Reader());
    ASSERT_EQ(due.size(), 2U);
    EXPECT_EQ(due[0].code, "SOON");
    EXPECT_EQ(due[0].level, rq::EscalationLevel::kSupervisor);
    EXPECT_EQ(due[1].level, rq::EscalationLevel::kUnitHead);
    const auto raised = *rq::Escalate(rq::Fold(Request(At("2026-11-30T08:30:00"), 0)), rq::EscalationLevel::kSupervisor,
                                      0, due[0].due_at, now_);
    views_.Apply(kTenant, "SOON", 2, raised[0]);
    const auto left = views_.DueAt(now_, Reader());
    ASSERT_EQ(left.size(), 1U);
    EXPECT_EQ(left[0].level, rq::EscalationLevel::kUnitHead);
}

}  // namespace
}  // namespace layan::engine::test
