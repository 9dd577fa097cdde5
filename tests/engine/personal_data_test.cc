// Personal-data use cases on a real vault: a data subject's export, erasure within a tenant, and retention
// counted from when the ticket closed (domain::queue::TicketClosedAt).

#include <gmock/gmock.h>

#include "engine_fixture.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

const char* const kNik = "3516014101900012";
const store::Processor kAdmin{.actor = "admin-1", .role = "admin", .ip = "10.0.0.9", .device = ""};

class PersonalDataTest : public EngineTest {
protected:
    core::Result<IssuedTicket> IssueWithNik(const std::string& nik) {
        return Await<IssuedTicket>([&](auto done) {
            engine_->queue.IssueTicket({.hall = kHall,
                                        .service = "KTP",
                                        .priority = std::nullopt,
                                        .contact = {.phone = "+6281234567890", .nik = nik}},
                                       Citizen(), std::move(done));
        });
    }
};

TEST_F(PersonalDataTest, ExportGivesEverythingHeldOnTheSubjectWithItsTicketAndHistory) {
    auto mine = IssueWithNik(kNik);
    ASSERT_TRUE(mine) << mine.error().message;
    ASSERT_TRUE(IssueWithNik("3516014101900013"));
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    ASSERT_TRUE(CallNext("L01"));

    auto exported = engine_->personal_data.Export(kTenant, store::PersonalDataKind::kNik, kNik, kAdmin);
    ASSERT_TRUE(exported) << exported.error().message;
    EXPECT_EQ(exported->value, kNik);
    EXPECT_EQ(exported->as_of_position, database_->Events().HeadPosition() - 1) << "the export's own record follows";
    ASSERT_EQ(exported->citizens.size(), 1U);
    const auto& citizen = exported->citizens[0];
    EXPECT_EQ(citizen.record.hall_id, kHall);
    ASSERT_EQ(citizen.values.size(), 2U);
    EXPECT_EQ(citizen.values[0].value, "+6281234567890");
    EXPECT_EQ(citizen.values[1].value, kNik);
    EXPECT_EQ(citizen.record.ticket_id, mine->ticket.ticket.id);
    ASSERT_EQ(citizen.ticket_events.size(), 2U) << "issued and called: only this citizen's ticket";
    EXPECT_EQ(citizen.ticket_events[1].type, "ticket_called");
    ASSERT_EQ(citizen.processing.size(), 2U);
    EXPECT_EQ(citizen.processing[0].type, store::kPersonalDataCollected);
    EXPECT_EQ(citizen.processing[1].type, store::kPersonalDataAccessed);
    EXPECT_EQ(citizen.processing[1].data["purpose"], "data_subject_access");
    EXPECT_EQ(citizen.processing[1].metadata["actor"], "admin-1");

    // Another tenant's administrator finds nothing.
    auto elsewhere = engine_->personal_data.Export("kota-batu", store::PersonalDataKind::kNik, kNik, kAdmin);
    ASSERT_TRUE(elsewhere);
    EXPECT_TRUE(elsewhere->citizens.empty());
}

TEST_F(PersonalDataTest, ErasureStaysInTheTenantAndTheCitizenFileShowsItErased) {
    auto issued = IssueWithNik(kNik);
    ASSERT_TRUE(issued);
    auto nothing = engine_->personal_data.Erase("kota-batu", store::PersonalDataKind::kNik, kNik, "request", kAdmin);
    ASSERT_TRUE(nothing);
    EXPECT_TRUE(nothing->empty());
    auto erased = engine_->personal_data.Erase(kTenant, store::PersonalDataKind::kNik, kNik, "request", kAdmin);
    ASSERT_TRUE(erased);
    ASSERT_EQ(erased->size(), 1U);
    auto file = engine_->personal_data.Citizen(kTenant, erased->front(), kAdmin);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->record.erased_at);
    EXPECT_TRUE(file->values.empty());
    auto hidden = engine_->personal_data.Citizen("kota-batu", erased->front(), kAdmin);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, "citizen_not_found");
}

TEST_F(PersonalDataTest, RetentionCountsFromWhenTheTicketClosedOrItsDayEnded) {
    auto served = IssueWithNik(kNik);
    auto open = IssueWithNik("3516014101900013");
    ASSERT_TRUE(served && open);
    ASSERT_TRUE(Open("L01", "budi.santoso", {"KTP"}));
    ASSERT_TRUE(CallNext("L01"));
    clock_.Advance(std::chrono::minutes{10});
    for (auto action : {TicketAction::kStart, TicketAction::kFinish}) {
        ASSERT_TRUE(Await<TicketSnapshot>([&](auto done) {
            engine_->queue.OperateTicket(kHall, served->ticket.ticket.id,
                                         {.action = action, .to_service = "", .reason = ""}, Admin(), std::move(done));
        }));
    }
    const auto finished = clock_.Now();  // 09:10 WIB Monday; the other ticket stays open to the day's end
    const std::chrono::days retention{30};

    // 30 days after the service, but before the open ticket's day (which ended at midnight) is 30 days old.
    auto first = engine_->personal_data.Purge(finished + retention + std::chrono::minutes{1}, retention);
    EXPECT_EQ(first.erased.size(), 1U);
    EXPECT_EQ(first.kept, 1);
    EXPECT_TRUE(database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik).empty());

    const auto day_end = *core::ParseIso8601("2026-12-01T00:00:00+07:00");
    auto second = engine_->personal_data.Purge(day_end + retention + std::chrono::minutes{1}, retention);
    EXPECT_EQ(second.erased.size(), 1U);
    EXPECT_EQ(second.kept, 0);
}

}  // namespace
}  // namespace layan::engine::test
