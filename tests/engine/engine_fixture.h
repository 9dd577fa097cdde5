#pragma once

// A real engine on a real SQLite file with the demo city, on a clock that only moves when told.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "../store/test_support.h"
#include "layan/core/time.h"
#include "layan/engine/engine.h"
#include "layan/store/seed.h"
#include "layan/store/sqlite/sqlite_database.h"

namespace layan::engine::test {

inline constexpr const char* kHall = "mpp-mojokerto";
inline constexpr const char* kTenant = "kota-mojokerto";

/// Monday 30 November 2026, 09:00 WIB: the demo hall is open.
inline core::Instant MondayMorning() { return *core::ParseIso8601("2026-11-30T09:00:00+07:00"); }

/// Waits for a use case's answer.
template <class T>
class Answer {
public:
    Done<T> done() {
        return [promise = promise_](core::Result<T> result) { promise->set_value(std::move(result)); };
    }
    core::Result<T> get() { return future_.get(); }

private:
    std::shared_ptr<std::promise<core::Result<T>>> promise_ = std::make_shared<std::promise<core::Result<T>>>();
    std::future<core::Result<T>> future_ = promise_->get_future();
};

/// Calls `call(done)` and waits for the answer.
template <class T, class Call>
core::Result<T> Await(Call&& call) {
    Answer<T> answer;
    call(answer.done());
    return answer.get();
}

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        store::DatabaseOptions options;
        options.sync = store::SyncMode::kNormal;
        options.clock = std::shared_ptr<const core::Clock>(&clock_, [](const core::Clock*) {});
        database_ = store::sqlite::SqliteDatabase::Open((dir_.path() / "layan.db").string(), options);
        ASSERT_TRUE(store::SeedDemo(*database_));
        Prepare();
        engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    }
    void TearDown() override { engine_.reset(); }

    /// Runs before the engine starts (more halls, say).
    virtual void Prepare() {}

    /// The tenant's admin, who may act at every counter.
    static Caller Admin() {
        return Caller{.principal = {.role = domain::access::Role::kAdmin,
                                    .id = "admin-1",
                                    .name = "admin",
                                    .tenant_id = kTenant,
                                    .units = {},
                                    .officer_id = "",
                                    .hall_id = "",
                                    .device_kind = domain::access::DeviceKind::kKiosk},
                      .actor = {.actor = "admin-1", .role = "admin", .ip = "127.0.0.1", .device = ""}};
    }
    /// A citizen at the kiosk.
    static Caller Citizen() {
        return Caller{.principal = {},
                      .actor = {.actor = "anonymous", .role = "citizen", .ip = "10.0.0.7", .device = ""}};
    }

    core::Result<IssuedTicket> Issue(const std::string& service, const std::string& hall = kHall) {
        return Await<IssuedTicket>([&](auto done) {
            engine_->queue.IssueTicket({.hall = hall, .service = service, .priority = std::nullopt, .contact = {}},
                                       Citizen(), std::move(done));
        });
    }
    core::Result<CounterSnapshot> Open(const std::string& counter, const std::string& officer,
                                       std::vector<std::string> services, const std::string& hall = kHall) {
        return Await<CounterSnapshot>([&](auto done) {
            engine_->queue.OperateCounter(
                hall, counter,
                {.action = CounterAction::kOpen, .officer = officer, .services = std::move(services), .reason = ""},
                Admin(), std::move(done));
        });
    }
    core::Result<std::optional<TicketSnapshot>> CallNext(const std::string& counter, const std::string& hall = kHall) {
        return Await<std::optional<TicketSnapshot>>(
            [&](auto done) { engine_->queue.CallNext(hall, counter, Admin(), std::move(done)); });
    }

    store::test::TempDir dir_;
    core::ManualClock clock_{MondayMorning()};
    std::unique_ptr<store::sqlite::SqliteDatabase> database_;
    std::unique_ptr<Engine> engine_;
};

}  // namespace layan::engine::test
