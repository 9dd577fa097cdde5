// What-if studies of a live hall: learned from its recorded day, run in the background, read back.

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "engine_fixture.h"

namespace layan::engine::test {
namespace {

using namespace std::chrono_literals;

class TwinTest : public EngineTest {
protected:
    // A morning at the demo hall: two counters, KTP and KK citizens served one after another.
    void ServeAMorning() {
        ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
        ASSERT_TRUE(Open("L02", "siti.rahmawati", {}));
        for (int i = 0; i < 12; ++i) {
            ASSERT_TRUE(Issue(i % 3 == 0 ? "KK" : "KTP"));
            clock_.Advance(2min);
        }
        for (int round = 0; round < 8; ++round) {
            for (const char* counter : {"L01", "L02"}) {
                auto called = CallNext(counter);
                ASSERT_TRUE(called) << called.error().message;
                if (!*called) {
                    continue;
                }
                const std::string id = (*called)->ticket.id;
                clock_.Advance(1min);
                for (auto action : {TicketAction::kStart, TicketAction::kFinish}) {
                    ASSERT_TRUE(Await<TicketSnapshot>([&](auto done) {
                        engine_->queue.OperateTicket(kHall, id, {.action = action, .to_service = "", .reason = ""},
                                                     Admin(), std::move(done));
                    }));
                    clock_.Advance(action == TicketAction::kStart ? 6min : 0min);
                }
            }
        }
    }

    StudyRequest Request(Study study, std::chrono::year_month_day day = {2026y, std::chrono::November, 30d}) {
        StudyRequest request;
        request.hall_id = kHall;
        request.from = day;
        request.to = day;
        request.study = study;
        request.days = 3;
        request.budget = 1;
        return request;
    }

    // Waits (bounded) until the study is done or failed.
    StudyJob Finished(const std::string& id) {
        for (int i = 0; i < 600; ++i) {
            auto job = engine_->twin.Find(Admin(), kHall, id);
            EXPECT_TRUE(job);
            if (!job || job->status == StudyJob::Status::kDone || job->status == StudyJob::Status::kFailed) {
                return job ? *job : StudyJob{};
            }
            std::this_thread::sleep_for(100ms);
        }
        ADD_FAILURE() << "the study did not finish";
        return {};
    }
};

TEST_F(TwinTest, ComparesThePoliciesOnTheHallsOwnDay) {
    ServeAMorning();
    auto started = engine_->twin.Start(Admin(), Request(Study::kPolicies));
    ASSERT_TRUE(started) << started.error().message;
    EXPECT_NE(started->status, StudyJob::Status::kFailed);
    auto job = Finished(started->id);
    ASSERT_EQ(job.status, StudyJob::Status::kDone) << (job.error ? job.error->message : "");
    ASSERT_TRUE(job.result);
    EXPECT_EQ(job.progress, 1);
    const auto& scenario = job.result->scenario;
    EXPECT_TRUE(scenario.ServiceIndex("KTP"));
    EXPECT_TRUE(scenario.ServiceIndex("KK"));
    ASSERT_EQ(scenario.officers.size(), 2U);
    EXPECT_EQ(scenario.days, 3);
    ASSERT_EQ(job.result->policies.size(), 5U);
    for (const auto& report : job.result->policies) {
        EXPECT_GT(report.overall.arrived, 0) << report.policy;
    }
}

TEST_F(TwinTest, AdvisesTrainingAndPlansStaffing) {
    ServeAMorning();
    auto training = engine_->twin.Start(Admin(), Request(Study::kTraining));
    ASSERT_TRUE(training);
    auto trained = Finished(training->id);
    ASSERT_EQ(trained.status, StudyJob::Status::kDone);
    ASSERT_TRUE(trained.result->training);
    EXPECT_GT(trained.result->training->candidates_simulated, 0);

    auto staffing = engine_->twin.Start(Admin(), Request(Study::kStaffing));
    ASSERT_TRUE(staffing);
    auto planned = Finished(staffing->id);
    ASSERT_EQ(planned.status, StudyJob::Status::kDone);
    ASSERT_TRUE(planned.result->staffing);
    EXPECT_FALSE(planned.result->staffing->cells.empty());
}

TEST_F(TwinTest, ADayWithoutTicketsFailsTheStudyWithAReason) {
    auto started = engine_->twin.Start(Admin(), Request(Study::kPolicies, {2026y, std::chrono::November, 2d}));
    ASSERT_TRUE(started);
    auto job = Finished(started->id);
    ASSERT_EQ(job.status, StudyJob::Status::kFailed);
    ASSERT_TRUE(job.error);
    EXPECT_EQ(job.error->code, "no_history");
}

TEST_F(TwinTest, RefusesWhatItCannotStudyAndWhoMayNotAsk) {
    auto backwards = Request(Study::kPolicies);
    backwards.from = {2026y, std::chrono::December, 1d};
    auto refused = engine_->twin.Start(Admin(), backwards);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "invalid_range");

    auto too_long = Request(Study::kPolicies);
    too_long.days = kMostSimulatedDays + 1;
    auto long_refused = engine_->twin.Start(Admin(), too_long);
    ASSERT_FALSE(long_refused);
    EXPECT_EQ(long_refused.error().code, "invalid_study");

    auto elsewhere = Request(Study::kPolicies);
    elsewhere.hall_id = "mpp-nowhere";
    auto unknown = engine_->twin.Start(Admin(), elsewhere);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "hall_not_found");

    auto citizen = engine_->twin.Start(Citizen(), Request(Study::kPolicies));
    ASSERT_FALSE(citizen);
    EXPECT_EQ(citizen.error().kind, core::ErrorKind::kUnauthenticated);

    auto missing = engine_->twin.Find(Admin(), kHall, "mpp-mojokerto-999");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "study_not_found");
}

}  // namespace
}  // namespace layan::engine::test
