// The hall's use cases through engine::Queue: each checks the caller's powers itself, and personal data given
// with a ticket is sealed before and settled after the issue.

#include <gmock/gmock.h>

#include "engine_fixture.h"
#include "layan/domain/queue/events.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

namespace access = domain::access;
namespace queue = domain::queue;

Caller Officer(const std::string& officer_id) {
    return Caller{.principal = {.role = access::Role::kOfficer,
                                .id = "acc-" + officer_id,
                                .name = officer_id,
                                .tenant_id = kTenant,
                                .units = {"dispendukcapil"},
                                .officer_id = officer_id,
                                .hall_id = "",
                                .device_kind = access::DeviceKind::kKiosk},
                  .actor = {.actor = "acc-" + officer_id, .role = "officer", .ip = "10.1.1.1", .device = ""}};
}

const char* const kNik = "3516014101900012";

TEST_F(EngineTest, AnOfficerActsOnlyAtTheCounterTheyHold) {
    auto opened = Await<CounterSnapshot>([&](auto done) {
        engine_->queue.OperateCounter(
            kHall, "L01",
            {.action = CounterAction::kOpen, .officer = "budi.santoso", .services = {"KTP"}, .reason = ""},
            Officer("budi.santoso"), std::move(done));
    });
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(opened->state);
    EXPECT_EQ(opened->state->officer_id, "budi.santoso");
    ASSERT_TRUE(Issue("KTP"));

    auto other = Await<std::optional<TicketSnapshot>>(
        [&](auto done) { engine_->queue.CallNext(kHall, "L01", Officer("siti.rahmawati"), std::move(done)); });
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "not_your_counter");

    auto own = Await<std::optional<TicketSnapshot>>(
        [&](auto done) { engine_->queue.CallNext(kHall, "L01", Officer("budi.santoso"), std::move(done)); });
    ASSERT_TRUE(own) << own.error().message;
    ASSERT_TRUE(*own);
    EXPECT_EQ((*own)->ticket.number, "A-001");

    // Opening a counter for someone else is refused to an officer.
    auto for_other = Await<CounterSnapshot>([&](auto done) {
        engine_->queue.OperateCounter(
            kHall, "L02",
            {.action = CounterAction::kOpen, .officer = "budi.santoso", .services = {"KTP"}, .reason = ""},
            Officer("siti.rahmawati"), std::move(done));
    });
    ASSERT_FALSE(for_other);
    EXPECT_EQ(for_other.error().code, "not_yourself");
}

TEST_F(EngineTest, PriorityTicketsComeOnlyFromTheHallsKioskOrItsStaff) {
    auto by_citizen = Await<IssuedTicket>([&](auto done) {
        engine_->queue.IssueTicket(
            {.hall = kHall, .service = "KTP", .priority = queue::PriorityReason::kElderly, .contact = {}}, Citizen(),
            std::move(done));
    });
    ASSERT_FALSE(by_citizen);
    EXPECT_EQ(by_citizen.error().code, "priority_not_allowed");

    auto by_staff = Await<IssuedTicket>([&](auto done) {
        engine_->queue.IssueTicket(
            {.hall = kHall, .service = "KTP", .priority = queue::PriorityReason::kElderly, .contact = {}}, Admin(),
            std::move(done));
    });
    ASSERT_TRUE(by_staff) << by_staff.error().message;
    EXPECT_EQ(by_staff->ticket.ticket.priority, queue::PriorityReason::kElderly);
    ASSERT_TRUE(by_staff->ticket.prediction) << "the answer carries the place and wait at issue";
    EXPECT_EQ(by_staff->ticket.prediction->position, 1);
}

TEST_F(EngineTest, ContactGivenWithATicketIsSealedAndTheTicketNamesTheCitizen) {
    auto issued = Await<IssuedTicket>([&](auto done) {
        engine_->queue.IssueTicket({.hall = kHall,
                                    .service = "KTP",
                                    .priority = std::nullopt,
                                    .contact = {.phone = "+6281234567890", .nik = kNik}},
                                   Citizen(), std::move(done));
    });
    ASSERT_TRUE(issued) << issued.error().message;
    ASSERT_TRUE(issued->contact);
    EXPECT_EQ(issued->contact->nik, "3516**********12");
    EXPECT_NE(issued->contact->phone.value_or(""), "+6281234567890") << "masked";

    const auto stream = store::StreamId::HallDay(kHall, core::LocalDate(MondayMorning(), core::kWib));
    auto events = database_->Events().ReadStream(stream.Name());
    ASSERT_EQ(events.size(), 1U);
    auto ref = events[0].data.value("citizen_ref", "");
    ASSERT_FALSE(ref.empty()) << "the decision itself names the citizen";
    auto citizen = database_->Vault().Find(ref);
    ASSERT_TRUE(citizen);
    EXPECT_EQ(citizen->ticket_id, issued->ticket.ticket.id);
    EXPECT_EQ(citizen->ticket_stream, stream.Name());
    EXPECT_EQ(events[0].data.dump().find(kNik), std::string::npos) << "the log never holds the NIK";
}

TEST_F(EngineTest, ContactGivenForATicketNotIssuedIsErasedAgain) {
    clock_.Set(*core::ParseIso8601("2026-11-29T10:00:00+07:00"));  // Sunday: the hall is closed
    auto refused = Await<IssuedTicket>([&](auto done) {
        engine_->queue.IssueTicket({.hall = kHall,
                                    .service = "KTP",
                                    .priority = std::nullopt,
                                    .contact = {.phone = std::nullopt, .nik = kNik}},
                                   Citizen(), std::move(done));
    });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "hall_closed");
    auto held = database_->Vault().FindByValue(store::PersonalDataKind::kNik, kNik);
    EXPECT_TRUE(held.empty()) << "nothing is kept for a ticket that does not exist";
    auto all = database_->Vault().ListCollectedBefore(clock_.Now() + std::chrono::hours{1});
    ASSERT_EQ(all.size(), 0U) << "erased citizens are not listed";
}

TEST_F(EngineTest, UnknownHallsTicketsAndCountersAreNamedAsSuch) {
    auto hall = Issue("KTP", "no-such-hall");
    ASSERT_FALSE(hall);
    EXPECT_EQ(hall.error().code, "hall_not_found");
    const auto head = database_->Events().HeadPosition();
    auto with_contact = Await<IssuedTicket>([&](auto done) {
        engine_->queue.IssueTicket({.hall = "no-such-hall",
                                    .service = "KTP",
                                    .priority = std::nullopt,
                                    .contact = {.phone = std::nullopt, .nik = kNik}},
                                   Citizen(), std::move(done));
    });
    ASSERT_FALSE(with_contact);
    EXPECT_EQ(with_contact.error().code, "hall_not_found");
    EXPECT_EQ(database_->Events().HeadPosition(), head) << "nothing was collected, so nothing was recorded";
    auto ticket = engine_->queue.Ticket(kHall, "20261130-A-999");
    ASSERT_FALSE(ticket);
    EXPECT_EQ(ticket.error().code, "ticket_not_found");
    auto counter = Await<std::optional<TicketSnapshot>>(
        [&](auto done) { engine_->queue.CallNext(kHall, "L99", Admin(), std::move(done)); });
    ASSERT_FALSE(counter);
    EXPECT_EQ(counter.error().code, "counter_not_found");
}

}  // namespace
}  // namespace layan::engine::test
