// The walk-in flow over HTTP against a real server with the demo hall: issue, call, serve, and
// the rules an officer meets on the way. Citizens take tickets anonymously; officers sign in as themselves
// (demo accounts: username = officer id) and act at their own counter; priority tickets come from the kiosk.

#include <map>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan_process.h"

namespace layan::testing {
namespace {

using ::testing::HasSubstr;

class QueueApi : public ::testing::Test {
protected:
    void SetUp() override { server_ = std::make_unique<LayanProcess>(LayanProcess::NewDemoDatabase()); }

    /// The officer's browser session (signed in once per test).
    const Session& As(const std::string& officer) {
        auto it = sessions_.find(officer);
        if (it == sessions_.end()) {
            it = sessions_.emplace(officer, server_->LoginAs(officer)).first;
        }
        return it->second;
    }
    HttpResponse Issue(const std::string& service, const std::string& priority = "null", const Session& as = {}) {
        return server_->Post(hall_ + "/tickets", R"({"service":")" + service + R"(","priority":)" + priority + "}", as);
    }
    HttpResponse Open(const std::string& counter, const std::string& officer, const std::string& services) {
        return server_->Post(hall_ + "/counters/" + counter + "/open",
                             R"({"officer":")" + officer + R"(","services":)" + services + "}", As(officer));
    }
    HttpResponse CallNext(const std::string& counter, const std::string& officer) {
        return server_->Post(hall_ + "/counters/" + counter + "/call-next", "", As(officer));
    }
    HttpResponse OnTicket(const std::string& officer, const std::string& id, const std::string& action,
                          const std::string& body = "") {
        return server_->Post(hall_ + "/tickets/" + id + "/" + action, body, As(officer));
    }

    std::unique_ptr<LayanProcess> server_;
    std::map<std::string, Session> sessions_;
    const std::string hall_ = "/api/v1/halls/mpp-mojokerto";
};

TEST_F(QueueApi, IssuedTicketHasNumberPositionPredictionAndStatusUrl) {
    auto first = Issue("KTP");
    ASSERT_EQ(first.status, 201) << first.body;
    auto ticket = first.Json();
    EXPECT_EQ(ticket["number"], "A-001");
    EXPECT_EQ(ticket["id"], "20261130-A-001");
    EXPECT_EQ(ticket["status"], "waiting");
    EXPECT_EQ(ticket["position"], 1);
    EXPECT_TRUE(ticket["predicted_wait_min"].is_number());
    EXPECT_THAT(ticket["status_url"].get<std::string>(), HasSubstr("/t/mpp-mojokerto/20261130-A-001"));
    auto second = Issue("KTP").Json();
    EXPECT_EQ(second["number"], "A-002");
    EXPECT_EQ(second["position"], 2);
    EXPECT_GE(second["predicted_wait_min"].get<int>(), ticket["predicted_wait_min"].get<int>());
    EXPECT_EQ(server_->Get(hall_ + "/tickets/20261130-A-002").Json()["number"], "A-002");
}

TEST_F(QueueApi, ConcurrentKiosksEachGetTheirOwnPlaceAtIssue) {
    // Tickets issued at once are decided one after the other: each answer gives the place and the wait
    // as of its own issue, so the places are 1..N exactly once and a later number never waits less.
    constexpr int kKiosks = 4;
    constexpr int kEach = 7;  // 28 tickets: within the per-address burst for anonymous kiosks (30)
    std::vector<std::vector<nlohmann::json>> answers(kKiosks);
    std::vector<std::thread> kiosks;
    for (int k = 0; k < kKiosks; ++k) {
        kiosks.emplace_back([&, k] {
            for (int i = 0; i < kEach; ++i) {
                auto issued = Issue("KK");
                if (issued.status == 201) {
                    answers[k].push_back(issued.Json());
                }
            }
        });
    }
    for (auto& kiosk : kiosks) {
        kiosk.join();
    }
    std::map<int, nlohmann::json> by_position;
    for (const auto& list : answers) {
        for (const auto& ticket : list) {
            EXPECT_TRUE(by_position.emplace(ticket["position"].get<int>(), ticket).second)
                << "two tickets at place " << ticket["position"];
        }
    }
    ASSERT_EQ(by_position.size(), static_cast<std::size_t>(kKiosks * kEach));
    EXPECT_EQ(by_position.begin()->first, 1);
    EXPECT_EQ(by_position.rbegin()->first, kKiosks * kEach);
    int previous_wait = 0;
    for (const auto& [position, ticket] : by_position) {
        auto digits = std::to_string(position);
        EXPECT_EQ(ticket["number"], "B-" + std::string(3 - digits.size(), '0') + digits);  // place = issue order
        EXPECT_GE(ticket["predicted_wait_min"].get<int>(), previous_wait);
        previous_wait = ticket["predicted_wait_min"].get<int>();
    }
}

TEST_F(QueueApi, HallDescribesItsServicesWithTheDocumentedFieldNames) {
    auto hall = server_->Get(hall_).Json();
    ASSERT_FALSE(hall["services"].empty());
    const auto& ktp = hall["services"][0];
    for (const char* field : {"code", "unit", "name", "prefix", "typical_service_min", "standard"}) {
        EXPECT_TRUE(ktp.contains(field)) << field << " missing in " << ktp.dump();
    }
    for (const char* storage_name : {"unit_id", "ticket_prefix", "typical_service_minutes"}) {
        EXPECT_FALSE(ktp.contains(storage_name)) << storage_name;
    }
}

TEST_F(QueueApi, WholeCycleIssueCallStartFinish) {
    auto id = Issue("KTP").Json()["id"].get<std::string>();
    ASSERT_EQ(Open("L03", "budi.santoso", R"(["KTP"])").status, 200);
    auto called = CallNext("L03", "budi.santoso");
    ASSERT_EQ(called.status, 200) << called.body;
    EXPECT_EQ(called.Json()["id"], id);
    EXPECT_EQ(called.Json()["status"], "called");
    EXPECT_EQ(called.Json()["counter"]["name"], "Loket 3");
    EXPECT_EQ(OnTicket("budi.santoso", id, "start").Json()["status"], "serving");
    EXPECT_EQ(OnTicket("budi.santoso", id, "finish").Json()["status"], "done");
    auto queue = server_->Get(hall_ + "/queue").Json();
    ASSERT_FALSE(queue["recent_calls"].empty());
    EXPECT_EQ(queue["recent_calls"][0]["announcement"], "Nomor antrian A satu, silakan menuju loket tiga");
}

TEST_F(QueueApi, CallNextWithNobodyWaitingIs204) {
    ASSERT_EQ(Open("L01", "budi.santoso", R"(["KTP"])").status, 200);
    EXPECT_EQ(CallNext("L01", "budi.santoso").status, 204);
}

TEST_F(QueueApi, PriorityCitizenIsCalledFirst) {
    Issue("KTP");
    auto kiosk = server_->NewDevice("mpp-mojokerto", "kiosk");  // priority tickets are taken at the hall's kiosk
    auto elderly = Issue("KTP", R"("elderly")", kiosk).Json();
    EXPECT_EQ(elderly["priority"], "elderly");
    EXPECT_EQ(elderly["position"], 1);
    Open("L01", "budi.santoso", R"(["KTP"])");
    EXPECT_EQ(CallNext("L01", "budi.santoso").Json()["id"], elderly["id"]);
}

TEST_F(QueueApi, RulesAnOfficerMeetsAreConflictsWithAClearMessage) {
    auto id = Issue("KTP").Json()["id"].get<std::string>();
    auto closed = CallNext("L02", "budi.santoso");
    EXPECT_EQ(closed.status, 409);
    EXPECT_EQ(closed.Json()["error"]["code"], "counter_closed");
    auto not_serving = OnTicket("budi.santoso", id, "finish");
    EXPECT_EQ(not_serving.status, 409);
    auto unskilled = Open("L02", "budi.santoso", R"(["NIB"])");
    EXPECT_EQ(unskilled.status, 409);
    EXPECT_EQ(unskilled.Json()["error"]["code"], "officer_lacks_skill");
    Open("L02", "budi.santoso", R"(["KTP"])");
    auto twice = Open("L04", "budi.santoso", R"(["KTP"])");
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(twice.Json()["error"]["code"], "officer_at_other_counter");
    CallNext("L02", "budi.santoso");
    auto too_soon = OnTicket("budi.santoso", id, "recall");
    EXPECT_EQ(too_soon.status, 409);
    EXPECT_EQ(too_soon.Json()["error"]["code"], "recall_too_soon");
    auto no_show = OnTicket("budi.santoso", id, "no-show");
    EXPECT_EQ(no_show.status, 409);
    // The refused commands changed nothing: the ticket is still called once at Loket 2.
    auto ticket = server_->Get(hall_ + "/tickets/" + id).Json();
    EXPECT_EQ(ticket["status"], "called");
    EXPECT_EQ(ticket["calls"], 1);
}

TEST_F(QueueApi, TransferKeepsTheOriginalArrival) {
    auto early = Issue("KTP").Json()["id"].get<std::string>();
    auto later = Issue("KK").Json()["id"].get<std::string>();
    Open("L01", "siti.rahmawati", R"(["KTP","KK"])");
    ASSERT_EQ(CallNext("L01", "siti.rahmawati").Json()["id"], early);
    OnTicket("siti.rahmawati", early, "start");
    auto moved = OnTicket("siti.rahmawati", early, "transfer", R"({"service":"KK"})");
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.Json()["status"], "waiting");
    EXPECT_EQ(moved.Json()["service"], "KK");
    EXPECT_EQ(moved.Json()["position"], 1);  // before `later`, who came after
    EXPECT_EQ(CallNext("L01", "siti.rahmawati").Json()["id"], early);
    EXPECT_NE(early, later);
}

TEST_F(QueueApi, TransferToAServiceNobodyOffersIsRefused) {
    auto id = Issue("KTP").Json()["id"].get<std::string>();
    auto refused = OnTicket("budi.santoso", id, "transfer", R"({"service":"PASSPORT"})");
    EXPECT_EQ(refused.status, 404);
    EXPECT_EQ(refused.Json()["error"]["code"], "service_not_offered");
}

TEST_F(QueueApi, TwoOfficersCallingAtTheSameInstantNeverGetTheSameTicket) {
    for (int i = 0; i < 20; ++i) {
        Issue("KTP");
    }
    const std::vector<std::string> officers = {"budi.santoso", "siti.rahmawati", "lina.marlina"};
    Open("L01", officers[0], R"(["KTP"])");
    Open("L02", officers[1], R"(["KTP"])");
    Open("L03", officers[2], R"(["KTP"])");
    std::set<std::string> seen;
    for (int round = 0; round < 6; ++round) {
        std::vector<std::string> ids(3);
        std::vector<std::thread> desks;
        for (int c = 0; c < 3; ++c) {
            desks.emplace_back([&, c] {
                auto counter = "L0" + std::to_string(c + 1);
                const auto& session = sessions_.at(officers[c]);  // signed in above; read-only from here
                auto called = server_->Post(hall_ + "/counters/" + counter + "/call-next", "", session);
                if (called.status == 200) {
                    ids[c] = called.Json()["id"].get<std::string>();
                    server_->Post(hall_ + "/tickets/" + ids[c] + "/start", "", session);
                    server_->Post(hall_ + "/tickets/" + ids[c] + "/finish", "", session);
                }
            });
        }
        for (auto& t : desks) {
            t.join();
        }
        for (const auto& id : ids) {
            if (!id.empty()) {
                EXPECT_TRUE(seen.insert(id).second) << id << " was called twice";
            }
        }
    }
    EXPECT_EQ(seen.size(), 18U);
}

TEST_F(QueueApi, QrCodeAndSpokenCallAreServed) {
    auto id = Issue("KTP").Json()["id"].get<std::string>();
    auto qr = server_->Get(hall_ + "/tickets/" + id + "/qr.svg");
    EXPECT_EQ(qr.status, 200);
    EXPECT_THAT(qr.body, HasSubstr("<svg"));
    EXPECT_EQ(server_->Get(hall_ + "/calls/" + id + "/voice.wav").status, 409);  // not called yet
    Open("L01", "budi.santoso", R"(["KTP"])");
    CallNext("L01", "budi.santoso");
    auto wav = server_->Get(hall_ + "/calls/" + id + "/voice.wav");
    ASSERT_EQ(wav.status, 200);
    EXPECT_EQ(wav.headers["content-type"], "audio/wav");
    EXPECT_EQ(wav.body.substr(0, 4), "RIFF");
    EXPECT_GT(wav.body.size(), 20000U);
}

TEST_F(QueueApi, IssuingWhileTheHallIsClosedIsRefused) {
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess sunday(db, {"--clock-start", "2026-11-29T10:00:00+07:00"});
    auto refused = sunday.Post(hall_ + "/tickets", R"({"service":"KTP"})");
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(refused.Json()["error"]["code"], "hall_closed");
}

TEST_F(QueueApi, OnAHolidayTheHallIsClosedAndSaysWhy) {
    auto db = LayanProcess::NewDemoDatabase();
    LayanProcess christmas(db, {"--clock-start", "2026-12-25T09:00:00+07:00"});  // a Friday
    auto refused = christmas.Post(hall_ + "/tickets", R"({"service":"KTP"})");
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(refused.Json()["error"]["code"], "hall_closed");
    EXPECT_THAT(refused.Json()["error"]["message"].get<std::string>(), HasSubstr("Christmas Day"));
    EXPECT_EQ(christmas.Get(hall_ + "/queue").Json()["open_now"], false);
    EXPECT_EQ(christmas.Get(hall_).Json()["open_now"], false);
}

TEST_F(QueueApi, NewYearsDayOfAYearWithoutItsHolidayListStillClosesTheHall) {
    // 2027's national list is not shipped: the fixed-date holidays still close the halls, and the server
    // says from 1 October of the year before that the list is missing.
    auto db = LayanProcess::NewDemoDatabase();
    {
        LayanProcess september(db, {"--clock-start", "2026-09-30T10:00:00+07:00"});
        EXPECT_EQ(september.Get("/readyz").Json()["warnings"], nlohmann::json::array());
    }
    {
        LayanProcess october(db, {"--clock-start", "2026-10-01T10:00:00+07:00"});
        auto ready = october.Get("/readyz");
        EXPECT_EQ(ready.status, 200);
        ASSERT_EQ(ready.Json()["warnings"].size(), 1U);
        EXPECT_EQ(ready.Json()["warnings"][0]["code"], "calendar_year_missing");
        EXPECT_EQ(ready.Json()["warnings"][0]["year"], 2027);
        EXPECT_THAT(october.Log(), HasSubstr("The national holidays and cuti bersama of 2027 are not loaded"));
    }
    LayanProcess new_year(db, {"--clock-start", "2027-01-01T09:00:00+07:00"});  // a Friday
    auto refused = new_year.Post(hall_ + "/tickets", R"({"service":"KTP"})");
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(refused.Json()["error"]["code"], "hall_closed");
    EXPECT_EQ(refused.Json()["error"]["details"]["reason"]["id"], "Tahun Baru 2027 Masehi");
    EXPECT_EQ(new_year.Get(hall_).Json()["open_now"], false);
}

TEST_F(QueueApi, TheHallsCalendarSaysWhenItIsOpenWhyNotAndWhatIsProvisional) {
    auto calendar = server_->Get(hall_ + "/calendar?from=2026-12-23&days=14");
    ASSERT_EQ(calendar.status, 200) << calendar.body;
    const auto answer = calendar.Json();
    EXPECT_EQ(answer["hall"], "mpp-mojokerto");
    EXPECT_EQ(answer["utc_offset"], "+07:00");
    EXPECT_EQ(answer["provisional_years"], nlohmann::json::array({2027}));
    const auto& days = answer["days"];
    ASSERT_EQ(days.size(), 14U);
    auto day = [&](const std::string& date) {
        for (const auto& d : days) {
            if (d["date"] == date) {
                return d;
            }
        }
        return nlohmann::json{};
    };
    EXPECT_EQ(day("2026-12-23")["open"], true);
    EXPECT_EQ(day("2026-12-23")["hours"]["open"], "07:30");
    EXPECT_EQ(day("2026-12-23")["provisional"], false);
    EXPECT_EQ(day("2026-12-24")["closed"]["kind"], "cuti_bersama");
    EXPECT_EQ(day("2026-12-25")["closed"]["kind"], "national_holiday");
    EXPECT_EQ(day("2026-12-25")["closed"]["en"], "Christmas Day");
    EXPECT_EQ(day("2027-01-01")["open"], false);
    EXPECT_EQ(day("2027-01-01")["closed"]["id"], "Tahun Baru 2027 Masehi");
    EXPECT_EQ(day("2027-01-01")["provisional"], true);
    EXPECT_EQ(day("2027-01-04")["open"], true);
    EXPECT_EQ(day("2027-01-04")["provisional"], true);
    // Bad queries name their field.
    auto bad_from = server_->Get(hall_ + "/calendar?from=23-12-2026");
    EXPECT_EQ(bad_from.status, 422);
    EXPECT_EQ(bad_from.Json()["error"]["details"]["field"], "from");
    auto bad_days = server_->Get(hall_ + "/calendar?days=400");
    EXPECT_EQ(bad_days.status, 422);
    EXPECT_EQ(bad_days.Json()["error"]["details"]["field"], "days");
    EXPECT_EQ(server_->Get("/api/v1/halls/nowhere/calendar").status, 404);
}

TEST_F(QueueApi, EventsStreamDeliversCalls) {
    auto id = Issue("KTP").Json()["id"].get<std::string>();
    Open("L01", "budi.santoso", R"(["KTP"])");
    CallNext("L01", "budi.santoso");
    // Replay from the start: the stream holds what happened, the call included.
    auto raw =
        SendRaw(server_->port(), "GET " + hall_ + "/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n", 1500);
    EXPECT_THAT(raw, HasSubstr("text/event-stream"));
    EXPECT_THAT(raw, HasSubstr("event: ticket_called"));
    EXPECT_THAT(raw, HasSubstr(id));
}

}  // namespace
}  // namespace layan::testing
