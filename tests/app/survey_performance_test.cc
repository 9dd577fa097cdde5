// The satisfaction survey and the performance figures with the real binary, over HTTP: a served ticket's survey
// by its key (and every way to get it wrong), the counter's tablet, the public figures and their exports, the
// supervisors' reports, and the figures the server keeps up to date from the log being exactly what
// `layan views rebuild` recomputes from the events, also after a restart.

#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http_client.h"
#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kHall = "/api/v1/halls/mpp-mojokerto";
const std::string kTenant = "/api/v1/tenants/kota-mojokerto";
// LayanProcess starts the clock on Monday 30 November 2026, in opening hours.
const std::string kToday = "2026-11-30";

json AllAnswers(int value) {
    json answers = json::object();
    for (int i = 1; i <= 9; ++i) {
        answers["U" + std::to_string(i)] = value;
    }
    return answers;
}

class SurveyAndFigures : public ::testing::Test {
protected:
    void SetUp() override {
        database_ = LayanProcess::NewDemoDatabase();
        server_ = std::make_unique<LayanProcess>(database_);
    }

    const Session& As(const std::string& username) {
        auto it = sessions_.find(username);
        if (it == sessions_.end()) {
            it = sessions_.emplace(username, server_->LoginAs(username)).first;
        }
        return it->second;
    }

    /// Issues a ticket; returns its answer (id, survey_key, ...).
    json Issue(const std::string& service) {
        auto issued = server_->Post(kHall + "/tickets", json{{"service", service}}.dump());
        EXPECT_EQ(issued.status, 201) << issued.body;
        return issued.Json();
    }

    /// Officer siti.rahmawati at L01 calls the next citizen and serves them to the end.
    void ServeNext() {
        auto called = server_->Post(kHall + "/counters/L01/call-next", "", As("siti.rahmawati"));
        ASSERT_EQ(called.status, 200) << called.body;
        const auto id = called.Json()["id"].get<std::string>();
        for (const char* action : {"start", "finish"}) {
            auto done = server_->Post(kHall + "/tickets/" + id + "/" + action, "", As("siti.rahmawati"));
            ASSERT_EQ(done.status, 200) << action << ": " << done.body;
        }
    }

    void OpenCounter() {
        auto opened = server_->Post(kHall + "/counters/L01/open",
                                    json{{"officer", "siti.rahmawati"}, {"services", {"KTP", "KK"}}}.dump(),
                                    As("siti.rahmawati"));
        ASSERT_EQ(opened.status, 200) << opened.body;
    }

    HttpResponse Answer(const std::string& ticket, const json& body, const Session& as = {}) {
        return server_->Post(kHall + "/tickets/" + ticket + "/survey", body.dump(), as);
    }

    /// The public figures of today, once the read model has folded `respondents` responses (it follows the log).
    json FiguresWhen(std::int64_t respondents) {
        json figures;
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto answer = server_->Get(kTenant + "/performance?from=" + kToday + "&to=" + kToday);
            EXPECT_EQ(answer.status, 200) << answer.body;
            figures = answer.Json();
            if (figures["totals"]["respondents"] == respondents && figures["view"]["behind"] == false &&
                figures["view"]["position"] == figures["view"]["head"]) {
                return figures;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{100});
        }
        ADD_FAILURE() << "the figures never showed " << respondents << " respondents: " << figures.dump();
        return figures;
    }

    std::string database_;
    std::unique_ptr<LayanProcess> server_;
    std::map<std::string, Session> sessions_;
};

TEST_F(SurveyAndFigures, AServedTicketsSurveyIsAnsweredOnceByItsKeyAndEveryMistakeIsRefusedClearly) {
    auto ticket = Issue("KTP");
    const auto id = ticket["id"].get<std::string>();
    const auto key = ticket["survey_key"].get<std::string>();
    EXPECT_EQ(key.size(), 16U);
    EXPECT_THAT(ticket["status_url"].get<std::string>(), HasSubstr("/t/mpp-mojokerto/" + id + "?k=" + key));
    // The key is given to whoever took the ticket, never to whoever reads it later.
    EXPECT_FALSE(server_->Get(kHall + "/tickets/" + id).Json().contains("survey_key"));

    // Not served yet: the form says so and an answer is refused.
    auto early = server_->Get(kHall + "/tickets/" + id + "/survey?k=" + key);
    ASSERT_EQ(early.status, 200) << early.body;
    EXPECT_EQ(early.Json()["state"], "not_served");
    auto too_early = Answer(id, {{"k", key}, {"consent", true}, {"answers", AllAnswers(4)}});
    EXPECT_EQ(too_early.status, 409) << too_early.body;
    EXPECT_EQ(too_early.Json()["error"]["code"], "survey_not_served");

    OpenCounter();
    ServeNext();

    auto form = server_->Get(kHall + "/tickets/" + id + "/survey?k=" + key);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_EQ(form.Json()["state"], "open");
    EXPECT_EQ(form.Json()["questions"].size(), 9U);
    EXPECT_EQ(form.Json()["officer"]["id"], "siti.rahmawati");
    EXPECT_EQ(form.Json()["service"]["code"], "KTP");

    // A wrong or missing key, by GET and by POST.
    for (const std::string& bad : {std::string("?k=aaaaaaaaaaaaaaaa"), std::string("")}) {
        auto refused = server_->Get(kHall + "/tickets/" + id + "/survey" + bad);
        EXPECT_EQ(refused.status, 403) << refused.body;
        EXPECT_EQ(refused.Json()["error"]["code"], "survey_link_invalid");
    }
    auto wrong_key = Answer(id, {{"k", "aaaaaaaaaaaaaaaa"}, {"consent", true}, {"answers", AllAnswers(4)}});
    EXPECT_EQ(wrong_key.status, 403) << wrong_key.body;
    // The QR code carries the key only for whoever has it.
    EXPECT_EQ(server_->Get(kHall + "/tickets/" + id + "/qr.svg?k=aaaaaaaaaaaaaaaa").status, 403);
    EXPECT_EQ(server_->Get(kHall + "/tickets/" + id + "/qr.svg?k=" + key).status, 200);

    // Bad answers: each named, nothing recorded.
    auto out_of_range = AllAnswers(4);
    out_of_range["U3"] = 9;
    auto bad_answer = Answer(id, {{"k", key}, {"consent", true}, {"answers", out_of_range}});
    EXPECT_EQ(bad_answer.status, 422) << bad_answer.body;
    EXPECT_EQ(bad_answer.Json()["error"]["code"], "survey_answer_out_of_range");
    EXPECT_EQ(bad_answer.Json()["error"]["details"]["field"], "answers.U3");
    auto missing = AllAnswers(4);
    missing.erase("U5");
    auto unanswered = Answer(id, {{"k", key}, {"consent", true}, {"answers", missing}});
    EXPECT_EQ(unanswered.Json()["error"]["code"], "survey_unanswered") << unanswered.body;
    EXPECT_EQ(unanswered.Json()["error"]["details"]["field"], "answers.U5");
    auto no_consent = Answer(id, {{"k", key}, {"answers", AllAnswers(4)}});
    EXPECT_EQ(no_consent.Json()["error"]["code"], "survey_consent_required") << no_consent.body;
    auto not_a_number = Answer(id, {{"k", key}, {"consent", true}, {"answers", {{"U1", "good"}}}});
    EXPECT_EQ(not_a_number.status, 422) << not_a_number.body;
    EXPECT_EQ(not_a_number.Json()["error"]["details"]["field"], "answers.U1");
    auto bad_profile =
        Answer(id, {{"k", key}, {"consent", true}, {"answers", AllAnswers(4)}, {"profile", {{"sex", "x"}}}});
    EXPECT_EQ(bad_profile.Json()["error"]["code"], "survey_unknown_profile") << bad_profile.body;
    EXPECT_EQ(server_->Get(kHall + "/tickets/" + id + "/survey?k=" + key).Json()["state"], "open");

    auto answered = Answer(id, {{"k", key},
                                {"consent", true},
                                {"answers", AllAnswers(3)},
                                {"conduct", 4},
                                {"comment", "  Petugas ramah  "},
                                {"profile", {{"age_band", "30_39"}, {"sex", "female"}}}});
    ASSERT_EQ(answered.status, 201) << answered.body;
    EXPECT_EQ(answered.Json()["ticket"], id);

    auto again = Answer(id, {{"k", key}, {"consent", true}, {"answers", AllAnswers(1)}});
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(again.Json()["error"]["code"], "survey_already_answered");
    EXPECT_EQ(server_->Get(kHall + "/tickets/" + id + "/survey?k=" + key).Json()["state"], "answered");

    // The answer counts once: nine answers of 3 give 3 × 25 = 75.00, grade C.
    auto figures = FiguresWhen(1);
    EXPECT_EQ(figures["totals"]["ikm"]["converted"], "75.00");
    EXPECT_EQ(figures["totals"]["ikm"]["grade"], "C");
    EXPECT_EQ(figures["totals"]["ikm"]["respondents"], 1);

    // The supervisor's report has the comment (trimmed) and the profile; citizens never see it.
    EXPECT_EQ(server_->Get(kTenant + "/skm?from=" + kToday).status, 401);
    auto skm = server_->Get(kTenant + "/skm?from=" + kToday + "&to=" + kToday, As("supervisor"));
    ASSERT_EQ(skm.status, 200) << skm.body;
    EXPECT_EQ(skm.Json()["respondents"], 1);
    EXPECT_EQ(skm.Json()["comments"][0]["text"], "Petugas ramah");
    EXPECT_EQ(skm.Json()["profile"]["age_band"]["30_39"], 1);
    EXPECT_EQ(skm.Json()["conduct"]["answered"], 1);
}

TEST_F(SurveyAndFigures, TheCountersTabletShowsTheTicketJustServedThereAndAnswersWithoutAKey) {
    auto kiosk = server_->NewDevice("mpp-mojokerto", "kiosk");
    auto board = server_->NewDevice("mpp-mojokerto", "board");
    EXPECT_EQ(server_->Get(kHall + "/counters/L01/survey", kiosk).Json()["error"]["code"], "survey_nothing_to_answer");

    auto ticket = Issue("KK");
    OpenCounter();
    ServeNext();
    auto form = server_->Get(kHall + "/counters/L01/survey", kiosk);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_EQ(form.Json()["ticket"], ticket["id"]);

    auto refused = server_->Get(kHall + "/counters/L01/survey", board);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_EQ(refused.Json()["error"]["code"], "survey_tablet_only");
    EXPECT_EQ(server_->Get(kHall + "/counters/L01/survey").status, 401);
    // Without a key, only the hall's tablet (or its staff) may answer.
    auto anonymous = Answer(ticket["id"], {{"consent", true}, {"answers", AllAnswers(4)}});
    EXPECT_EQ(anonymous.status, 403) << anonymous.body;

    // Staff may look at the tablet's form but never answer for a citizen.
    auto by_officer = Answer(ticket["id"], {{"consent", true}, {"answers", AllAnswers(4)}}, As("siti.rahmawati"));
    EXPECT_EQ(by_officer.status, 403) << by_officer.body;
    auto answered = Answer(ticket["id"], {{"consent", true}, {"answers", AllAnswers(4)}}, kiosk);
    ASSERT_EQ(answered.status, 201) << answered.body;
    // Answered: the tablet goes back to waiting for the next citizen.
    EXPECT_EQ(server_->Get(kHall + "/counters/L01/survey", kiosk).Json()["error"]["code"], "survey_nothing_to_answer");
}

TEST_F(SurveyAndFigures, TheFiguresFollowTheLogAndARebuildFromTheEventsGivesTheSameNumbers) {
    // Nothing yet: zeros and nulls, never an error.
    auto empty = server_->Get(kTenant + "/performance?from=" + kToday + "&to=" + kToday);
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_EQ(empty.Json()["totals"]["tickets"], 0);
    EXPECT_TRUE(empty.Json()["totals"]["mean_wait_s"].is_null());
    EXPECT_TRUE(empty.Json()["totals"]["ikm"].is_null());

    auto first = Issue("KTP");
    Issue("KTP");
    auto cancelled = Issue("KK");
    ASSERT_EQ(server_
                  ->Post(kHall + "/tickets/" + cancelled["id"].get<std::string>() + "/cancel",
                         R"({"reason":"citizen_left"})", As("siti.rahmawati"))
                  .status,
              200);
    OpenCounter();
    ServeNext();
    ServeNext();
    ASSERT_EQ(Answer(first["id"], {{"k", first["survey_key"]}, {"consent", true}, {"answers", AllAnswers(4)}}).status,
              201);

    auto figures = FiguresWhen(1);
    const auto& totals = figures["totals"];
    EXPECT_EQ(totals["tickets"], 3);
    EXPECT_EQ(totals["served"], 2);
    EXPECT_EQ(totals["cancelled"], 1);
    EXPECT_EQ(totals["waiting_time_known"], 2);
    EXPECT_EQ(totals["abandoned"], 1);  // the citizen who left before being called
    // Both called citizens waited under 15 minutes; the one who left counts against the share: 2 of 3.
    EXPECT_EQ(totals["within_target"], 2);
    EXPECT_DOUBLE_EQ(totals["within_target_share"].get<double>(), 0.6667);
    EXPECT_EQ(totals["ikm"]["converted"], "100.00");
    EXPECT_EQ(totals["ikm"]["sample_needed"], 2);  // Krejcie–Morgan for 2 citizens served
    auto ktp = std::find_if(figures["services"].begin(), figures["services"].end(),
                            [](const json& service) { return service["code"] == "KTP"; });
    ASSERT_NE(ktp, figures["services"].end());
    EXPECT_EQ((*ktp)["figures"]["served"], 2);
    EXPECT_EQ(figures["trend"]["granularity"], "day");
    EXPECT_EQ(figures["trend"]["points"][0]["figures"]["served"], 2);

    // The public figures are cacheable and validated.
    auto fresh = server_->Get(kTenant + "/performance?from=" + kToday + "&to=" + kToday);
    EXPECT_THAT(fresh.headers["cache-control"], HasSubstr("max-age=60"));
    ASSERT_FALSE(fresh.headers["etag"].empty());
    auto unchanged = SendRequest(server_->port(), "GET", kTenant + "/performance?from=" + kToday + "&to=" + kToday, "",
                                 {{"If-None-Match", fresh.headers["etag"]}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_TRUE(unchanged.body.empty());
    // Exports: Indonesian headers, the same numbers.
    auto csv = server_->Get(kTenant + "/performance/services.csv?from=" + kToday + "&to=" + kToday);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_THAT(csv.body, HasSubstr("Kode,Layanan,Unit,Tiket,Dilayani"));
    EXPECT_THAT(csv.body, HasSubstr("KTP,"));
    auto xlsx = server_->Get(kTenant + "/performance/units.xlsx?from=" + kToday + "&to=" + kToday);
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_THAT(xlsx.body, StartsWith("PK"));
    EXPECT_EQ(server_->Get(kTenant + "/performance/secrets.csv").Json()["error"]["code"], "export_not_found");

    // Bad periods and names.
    auto backwards = server_->Get(kTenant + "/performance?from=2026-11-30&to=2026-11-01");
    EXPECT_EQ(backwards.status, 422);
    EXPECT_EQ(backwards.Json()["error"]["code"], "invalid_range");
    EXPECT_EQ(server_->Get(kTenant + "/performance?from=2016-01-01&to=2026-01-01").Json()["error"]["code"],
              "invalid_range");
    EXPECT_EQ(server_->Get(kTenant + "/performance?from=2026-02-30").Json()["error"]["code"], "invalid_range");
    EXPECT_EQ(server_->Get("/api/v1/tenants/nowhere/performance").status, 404);

    // Per officer, for supervisors.
    EXPECT_EQ(server_->Get(kTenant + "/officers/performance").status, 401);
    auto officers = server_->Get(kTenant + "/officers/performance?from=" + kToday + "&to=" + kToday, As("supervisor"));
    ASSERT_EQ(officers.status, 200) << officers.body;
    const auto officer_rows = officers.Json()["officers"];
    auto siti = std::find_if(officer_rows.begin(), officer_rows.end(),
                             [](const json& officer) { return officer["id"] == "siti.rahmawati"; });
    ASSERT_NE(siti, officer_rows.end());
    EXPECT_EQ((*siti)["served"], 2);

    // A rebuild in the running server changes nothing.
    ASSERT_EQ(server_->Post(kTenant + "/performance/rebuild", "", As("admin")).status, 202);
    auto before = FiguresWhen(1);
    auto incremental = figures;
    incremental.erase("view");
    before.erase("view");
    EXPECT_EQ(before, incremental);

    // A restart folds the log again from nothing: the same figures.
    server_.reset();
    sessions_.clear();
    server_ = std::make_unique<LayanProcess>(database_);
    auto after = FiguresWhen(1);
    after.erase("view");
    EXPECT_EQ(after, before);

    // And `layan views rebuild` prints exactly what the server answered.
    server_.reset();
    std::string output;
    ASSERT_EQ(LayanProcess::RunToEnd({"views", "rebuild", "--tenant", "kota-mojokerto", "--from", kToday, "--to",
                                      kToday, "--json", "--database", TestDatabaseUrl(database_), "--log-level", "warn",
                                      "--clock-start", kToday + "T02:00:00Z"},
                                     &output),
              0)
        << output;
    auto rebuilt = json::parse(output);
    rebuilt.erase("view");
    EXPECT_EQ(rebuilt, before);
}

TEST_F(SurveyAndFigures, ASupervisorSeesTheReportsOfTheirOwnUnitsOnly) {
    auto created = server_->Post("/api/v1/users",
                                 json{{"username", "kepala.seksi.dinsos"},
                                      {"password", "a long enough passphrase"},
                                      {"role", "supervisor"},
                                      {"units", {"dinsos"}}}
                                     .dump(),
                                 As("admin"));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto dinsos = server_->LoginAs("kepala.seksi.dinsos", "a long enough passphrase");

    auto other = server_->Get(kTenant + "/skm?unit=dispendukcapil", dinsos);
    EXPECT_EQ(other.status, 403) << other.body;
    EXPECT_EQ(other.Json()["error"]["code"], "other_unit");
    EXPECT_EQ(server_->Get(kTenant + "/officers/performance?unit=dispendukcapil", dinsos).status, 403);

    // Without a unit: theirs only. The demo's "supervisor" holds every unit and sees every officer.
    auto answer = server_->Get(kTenant + "/officers/performance", dinsos);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto officers = answer.Json()["officers"];
    ASSERT_FALSE(officers.empty());
    for (const auto& officer : officers) {
        EXPECT_EQ(officer["unit"], "dinsos") << officer.dump();
    }
    const auto everyone = server_->Get(kTenant + "/officers/performance", As("supervisor")).Json()["officers"];
    EXPECT_GT(everyone.size(), officers.size());
    auto own = server_->Get(kTenant + "/skm?unit=dinsos", dinsos);
    EXPECT_EQ(own.status, 200) << own.body;
}

}  // namespace
}  // namespace layan::testing
