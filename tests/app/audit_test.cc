// The audit trail and citizens' personal data with the real binary: `layan audit verify` names each kind of
// tampering done to the database file with plain SQL behind layan's back; a ticket with a phone number and a
// NIK keeps them only sealed in the vault and shows them only masked; export, erasure and the retention purge
// work from the command line and leave the audit trail verifiable.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHall = "/api/v1/halls/mpp-mojokerto";
const std::string kTenant = "/api/v1/tenants/kota-mojokerto";
const std::string kStream = "hall/mpp-mojokerto/2026-11-30";
constexpr const char* kNik = "3516014101900012";
constexpr const char* kPhoneDigits = "81234567890";

std::string FileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// What someone holding the database can do to it (see IntruderSql).
void Tamper(const std::string& db, const std::string& sql) { ASSERT_NO_THROW(IntruderSql(db, sql)); }

/// 32 random bytes as an SQL expression of the test's backend.
std::string RandomSeal() {
    return OnPostgres() ? "decode(md5(random()::text) || md5(random()::text), 'hex')" : "randomblob(32)";
}

/// One value from the database (first column of the first row), as text.
std::string QueryOne(const std::string& db, const std::string& sql) { return IntruderQueryOne(db, sql); }

/// The text after `marker` up to the end of its line ("" when absent).
std::string After(const std::string& text, const std::string& marker) {
    auto at = text.find(marker);
    if (at == std::string::npos) {
        return "";
    }
    at += marker.size();
    return text.substr(at, text.find_first_of("\n ", at) - at);
}

int Layan(const std::vector<std::string>& args, const std::string& db, std::string* output) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"--database", TestDatabaseUrl(db), "--log-level", "warn"});
    return LayanProcess::RunToEnd(full, output);
}

std::string TicketBody(const std::string& extra = "") {
    return R"({"service":"KTP")" + (extra.empty() ? "" : "," + extra) + "}";
}

/// A hall day with some history, written by the real server: three tickets (the first with a phone and NIK),
/// a counter opened, the first ticket called and served.
class HallDay : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = LayanProcess::NewDemoDatabase();
        LayanProcess server(db_);
        auto first = server.Post(kHall + "/tickets", TicketBody(R"("phone":"0812-3456-7890","phone_consent":true,)"
                                                                R"("nik":")" +
                                                                std::string(kNik) + R"(")"));
        ASSERT_EQ(first.status, 201) << first.body;
        ASSERT_EQ(server.Post(kHall + "/tickets", TicketBody()).status, 201);
        ASSERT_EQ(server.Post(kHall + "/tickets", TicketBody()).status, 201);
        auto officer = server.LoginAs("budi.santoso");
        ASSERT_EQ(server.Post(kHall + "/counters/L03/open", R"({"officer":"budi.santoso","services":["KTP"]})", officer)
                      .status,
                  200);
        ASSERT_EQ(server.Post(kHall + "/counters/L03/call-next", "", officer).status, 200);
        ticket_ = first.Json()["id"].get<std::string>();
        ASSERT_EQ(server.Post(kHall + "/tickets/" + ticket_ + "/start", "", officer).status, 200);
        ASSERT_EQ(server.Post(kHall + "/tickets/" + ticket_ + "/finish", "", officer).status, 200);
        ASSERT_EQ(server.Terminate(), 0);
        std::string output;
        ASSERT_EQ(Layan({"audit", "verify"}, db_, &output), 0) << output;
    }

    /// The position of the hall stream's event of `version`.
    std::string PositionOf(int version) const {
        return QueryOne(db_, "SELECT position FROM events WHERE stream = '" + kStream +
                                 "' AND version = " + std::to_string(version));
    }

    /// `layan audit verify`: its exit code, and its output in `output`.
    int Verify(std::string* output, const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args = {"audit", "verify"};
        args.insert(args.end(), extra.begin(), extra.end());
        return Layan(args, db_, output);
    }

    std::string db_;
    std::string ticket_;
};

TEST_F(HallDay, UntouchedDatabaseVerifiesAndPrintsAHeadToKeepElsewhere) {
    std::string output;
    EXPECT_EQ(Verify(&output), 0) << output;
    EXPECT_THAT(output, HasSubstr("audit trail OK"));
    auto head = After(output, "head: ");
    ASSERT_EQ(head.size(), head.find(':') + 65) << output;
    EXPECT_EQ(Verify(&output, {"--anchor", head}), 0) << output;
}

TEST_F(HallDay, EditedEventIsNamedByStreamVersionAndPosition) {
    auto position = PositionOf(2);
    Tamper(db_, (OnPostgres() ? "UPDATE events SET data = jsonb_set(data::jsonb, '{service}', '\"KK\"')::text"
                              : "UPDATE events SET data = json_set(data, '$.service', 'KK')") +
                    std::string(" WHERE position = ") + position);
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("audit trail TAMPERED"));
    EXPECT_THAT(output, HasSubstr("edited"));
    EXPECT_THAT(output, HasSubstr("stream " + kStream + " version 2 (position " + position + ") was edited"));
}

TEST_F(HallDay, EditedActorIsNamed) {
    auto position = PositionOf(5);  // the call, by the officer
    Tamper(db_, (OnPostgres()
                     ? "UPDATE events SET metadata = jsonb_set(metadata::jsonb, '{actor}', '\"someone-else\"')::text"
                     : "UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else')") +
                    std::string(" WHERE position = ") + position);
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("version 5 (position " + position + ") was edited"));
}

TEST_F(HallDay, DeletedEventIsNamed) {
    auto position = PositionOf(3);
    Tamper(db_, "DELETE FROM events WHERE position = " + position);
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("deleted"));
    EXPECT_THAT(output, HasSubstr("stream " + kStream + ": version 3 is missing (deleted)"));
    EXPECT_THAT(output, HasSubstr("position " + position + " of the log is missing"));
}

TEST_F(HallDay, EventCutFromTheEndIsNamed) {
    auto last = QueryOne(db_, "SELECT max(position) FROM events");
    Tamper(db_, "DELETE FROM events WHERE position = " + last);
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("layan last wrote position " + last + ": the events at the end were deleted"));
}

TEST_F(HallDay, InsertedEventIsNamedAsAChainBreak) {
    // A forged cancellation appended to the hall's day, with made-up seals.
    auto version = std::stoi(QueryOne(db_, "SELECT max(version) FROM events WHERE stream = '" + kStream + "'")) + 1;
    auto position = std::stoi(QueryOne(db_, "SELECT max(position) FROM events")) + 1;
    Tamper(db_,
           "INSERT INTO events (position, stream, version, type, data, metadata, recorded_at, prev_hash, hash, "
           "log_hash) VALUES (" +
               std::to_string(position) + ", '" + kStream + "', " + std::to_string(version) +
               ", 'ticket_cancelled', '{\"ticket_id\":\"20261130-A-002\"}', '{\"actor\":\"admin\"}', "
               "1796000000000, " +
               RandomSeal() + ", " + RandomSeal() + ", " + RandomSeal() + ")");
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("inserted"));
    EXPECT_THAT(output, HasSubstr("the chain breaks at version " + std::to_string(version) + " (position " +
                                  std::to_string(position) + ")"));
}

TEST_F(HallDay, ReorderedEventsAreNamed) {
    auto second = PositionOf(2);
    auto third = PositionOf(3);
    Tamper(db_, "UPDATE events SET position = -1 WHERE position = " + second + ";" +
                    "UPDATE events SET position = " + second + " WHERE position = " + third + ";" +
                    "UPDATE events SET position = " + third + " WHERE position = -1;");
    std::string output;
    EXPECT_EQ(Verify(&output), 1) << output;
    EXPECT_THAT(output, HasSubstr("reordered"));
    EXPECT_THAT(output, HasSubstr("version 3 is at position " + second + ", before the previous version"));
}

TEST_F(HallDay, AnchorRevealsALogRewrittenWithRecomputedSeals) {
    std::string output;
    ASSERT_EQ(Verify(&output), 0);
    auto head = After(output, "head: ");
    ASSERT_NE(head.find(':'), std::string::npos) << output;
    // An anchor kept elsewhere that names another hash than the log has now: the log was rewritten.
    auto forged = head;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    EXPECT_EQ(Verify(&output, {"--anchor", forged}), 1) << output;
    EXPECT_THAT(output, HasSubstr("is not the anchor recorded for it"));
}

TEST_F(HallDay, VerifyingSomethingThatIsNoDatabaseExitsTwo) {
    std::string output;
    EXPECT_EQ(LayanProcess::RunToEnd({"audit", "verify", "--database", "sqlite:///nonexistent/layan.db"}, &output), 2);
    EXPECT_THAT(output, HasSubstr("there is no database"));
}

TEST_F(HallDay, TicketEventNamesTheCitizenButHoldsNoneOfTheirData) {
    auto data = QueryOne(db_, "SELECT data FROM events WHERE stream = '" + kStream + "' AND version = 1");
    auto issued = json::parse(data);
    EXPECT_EQ(issued["ticket_id"], ticket_);
    ASSERT_TRUE(issued.contains("citizen_ref")) << data;
    EXPECT_THAT(data, Not(HasSubstr(kPhoneDigits)));
    EXPECT_THAT(data, Not(HasSubstr(kNik)));
    auto second = QueryOne(db_, "SELECT data FROM events WHERE stream = '" + kStream + "' AND version = 2");
    EXPECT_FALSE(json::parse(second).contains("citizen_ref")) << "absent when no data was given";
}

TEST_F(HallDay, DatabaseFilesHoldNoPhoneOrNikInPlaintext) {
    if (OnPostgres()) {
        GTEST_SKIP() << "reads a SQLite file's bytes; on PostgreSQL the same holds by the same vault code";
    }
    auto bytes = FileBytes(db_) + FileBytes(db_ + "-wal");
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.find(kNik), std::string::npos);
    EXPECT_EQ(bytes.find(kPhoneDigits), std::string::npos);
    EXPECT_EQ(bytes.find("0812-3456-7890"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(db_ + ".key")) << "the master key lives beside the database";
    EXPECT_EQ(std::filesystem::status(db_ + ".key").permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(HallDay, ExportGivesTheSubjectTheirDataTicketAndProcessingHistory) {
    std::string output;
    ASSERT_EQ(Layan({"personal-data", "export", "--nik", kNik}, db_, &output), 0) << output;
    auto exported = json::parse(output);
    ASSERT_EQ(exported["citizens"].size(), 1U) << output;
    const auto& citizen = exported["citizens"][0];
    EXPECT_EQ(citizen["hall"], "mpp-mojokerto");
    EXPECT_EQ(citizen["data"][0]["kind"], "phone");
    EXPECT_EQ(citizen["data"][0]["value"], "+6281234567890");
    EXPECT_EQ(citizen["data"][0]["basis"], "consent");
    EXPECT_EQ(citizen["data"][1]["value"], kNik);
    EXPECT_EQ(citizen["data"][1]["purpose"], "public_service");
    EXPECT_EQ(citizen["ticket"]["id"], ticket_);
    std::vector<std::string> ticket_events;
    for (const auto& event : citizen["ticket"]["events"]) {
        ticket_events.push_back(event["type"]);
    }
    EXPECT_EQ(ticket_events,
              (std::vector<std::string>{"ticket_issued", "ticket_called", "service_started", "service_finished"}));
    ASSERT_EQ(citizen["processing"].size(), 2U);
    EXPECT_EQ(citizen["processing"][0]["type"], "personal_data_collected");
    EXPECT_EQ(citizen["processing"][0]["by"]["role"], "citizen");
    EXPECT_EQ(citizen["processing"][1]["details"]["purpose"], "data_subject_access");
    EXPECT_THAT(citizen["processing"][1]["by"]["actor"].get<std::string>(), HasSubstr("cli:"));
    EXPECT_TRUE(exported.contains("generated_at"));

    ASSERT_EQ(Layan({"personal-data", "export", "--nik", "3516014101900013"}, db_, &output), 0) << output;
    EXPECT_TRUE(json::parse(output)["citizens"].empty()) << "nothing is held on another NIK";
}

TEST_F(HallDay, ErasedSubjectIsGoneAndTheAuditTrailStillVerifies) {
    std::string output;
    ASSERT_EQ(Layan({"personal-data", "erase", "--nik", kNik}, db_, &output), 0) << output;
    EXPECT_THAT(output, HasSubstr("erased the personal data of 1 citizen record(s)"));
    ASSERT_EQ(Layan({"personal-data", "export", "--nik", kNik}, db_, &output), 0) << output;
    EXPECT_TRUE(json::parse(output)["citizens"].empty()) << output;
    ASSERT_EQ(Layan({"personal-data", "export", "--phone", "081234567890"}, db_, &output), 0) << output;
    EXPECT_TRUE(json::parse(output)["citizens"].empty()) << output;
    EXPECT_EQ(QueryOne(db_, "SELECT count(*) FROM personal_data"), "0");
    EXPECT_EQ(QueryOne(db_, "SELECT count(*) FROM citizens WHERE wrapped_key IS NOT NULL"), "0");
    EXPECT_EQ(Verify(&output), 0) << output;
    EXPECT_EQ(QueryOne(db_, "SELECT type FROM events ORDER BY position DESC LIMIT 1"), "personal_data_erased");
}

TEST_F(HallDay, RetentionErasesOnlyTicketsClosedLongerAgoThanTheSetting) {
    // The served ticket closed on Monday 30 November around 08:00 WIB. A second citizen's ticket, issued then,
    // never closed: it ends with its day, at midnight.
    {
        LayanProcess server(db_);
        ASSERT_EQ(server.Post(kHall + "/tickets", TicketBody(R"("phone":"081298765432","phone_consent":true)")).status,
                  201);
    }
    std::string output;
    auto purge = [&](const std::string& at) {
        return Layan({"personal-data", "purge", "--clock-start", at}, db_, &output);
    };
    ASSERT_EQ(purge("2026-12-29T12:00:00+07:00"), 0) << output;
    EXPECT_THAT(output, HasSubstr("erased 0 citizen record(s), kept 0")) << "29 days: nothing is old enough";
    ASSERT_EQ(purge("2026-12-30T12:00:00+07:00"), 0) << output;
    EXPECT_THAT(output, HasSubstr("erased 1 citizen record(s), kept 1")) << "30 days after the first closed";
    ASSERT_EQ(Layan({"personal-data", "export", "--nik", kNik}, db_, &output), 0);
    EXPECT_TRUE(json::parse(output)["citizens"].empty()) << "the served citizen is gone";
    ASSERT_EQ(Layan({"personal-data", "export", "--phone", "081298765432"}, db_, &output), 0);
    EXPECT_EQ(json::parse(output)["citizens"].size(), 1U) << "the open ticket's day ended less than 30 days ago";
    ASSERT_EQ(purge("2026-12-31T00:00:01+07:00"), 0) << output;
    EXPECT_THAT(output, HasSubstr("erased 1 citizen record(s), kept 0"));
    ASSERT_EQ(Layan({"personal-data", "purge", "--clock-start", "2027-06-01T00:00:00+07:00"}, db_, &output), 0);
    EXPECT_THAT(output, HasSubstr("erased 0 citizen record(s), kept 0")) << "nothing is erased twice";
    EXPECT_EQ(QueryOne(db_, std::string("SELECT count(*) FROM events WHERE type = 'personal_data_erased' AND ") +
                                (OnPostgres() ? "data::jsonb ->> 'reason' = 'retention'"
                                              : "json_extract(data, '$.reason') = 'retention'")),
              "2");
    EXPECT_EQ(Verify(&output), 0) << output;
}

/// The server with one ticket carrying personal data, for the API's views.
class AuditApi : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = LayanProcess::NewDemoDatabase();
        server_ = std::make_unique<LayanProcess>(db_);
    }

    std::string db_;
    std::unique_ptr<LayanProcess> server_;
};

TEST_F(AuditApi, TicketShowsTheCitizensDataOnlyMasked) {
    auto issued = server_->Post(kHall + "/tickets", TicketBody(R"("phone":"+62 812 3456 7890","phone_consent":true,)"
                                                               R"("nik":")" +
                                                               std::string(kNik) + R"(")"));
    ASSERT_EQ(issued.status, 201) << issued.body;
    auto ticket = issued.Json();
    EXPECT_EQ(ticket["contact"]["phone"], "+62812****7890");
    EXPECT_EQ(ticket["contact"]["nik"], "3516**********12");
    EXPECT_THAT(issued.body, Not(HasSubstr(kPhoneDigits)));
    EXPECT_THAT(issued.body, Not(HasSubstr(kNik)));
    auto id = ticket["id"].get<std::string>();
    for (const auto& view : {server_->Get(kHall + "/tickets/" + id), server_->Get(kHall + "/queue")}) {
        ASSERT_EQ(view.status, 200);
        EXPECT_THAT(view.body, Not(HasSubstr(kPhoneDigits)));
        EXPECT_THAT(view.body, Not(HasSubstr(kNik)));
    }
    auto plain = server_->Post(kHall + "/tickets", TicketBody()).Json();
    EXPECT_FALSE(plain.contains("contact")) << "no contact given, none shown";
}

TEST_F(AuditApi, InvalidPersonalDataIsRefusedNamingTheField) {
    auto landline = server_->Post(kHall + "/tickets", TicketBody(R"("phone":"021-5551234","phone_consent":true)"));
    EXPECT_EQ(landline.status, 422);
    EXPECT_EQ(landline.Json()["error"]["code"], "phone_not_mobile");
    EXPECT_EQ(landline.Json()["error"]["details"]["field"], "phone");
    auto no_consent = server_->Post(kHall + "/tickets", TicketBody(R"("phone":"081234567890")"));
    EXPECT_EQ(no_consent.status, 422);
    EXPECT_EQ(no_consent.Json()["error"]["code"], "consent_required");
    EXPECT_EQ(no_consent.Json()["error"]["details"]["field"], "phone_consent");
    auto bad_nik = server_->Post(kHall + "/tickets", TicketBody(R"("nik":"3516010113900012")"));
    EXPECT_EQ(bad_nik.status, 422);
    EXPECT_EQ(bad_nik.Json()["error"]["code"], "nik_bad_month");
    EXPECT_THAT(bad_nik.body, Not(HasSubstr("3516010113900012"))) << "the error never repeats the NIK";
    auto wrong_type = server_->Post(kHall + "/tickets", TicketBody(R"("nik":3516014101900012)"));
    EXPECT_EQ(wrong_type.status, 422);
    EXPECT_EQ(wrong_type.Json()["error"]["details"]["field"], "nik");
    EXPECT_EQ(server_->Get(kHall + "/queue").Json()["waiting"].size(), 0U) << "no ticket for a refused request";
}

TEST_F(AuditApi, RefusedTicketKeepsNoPersonalData) {
    auto refused =
        server_->Post(kHall + "/tickets", R"({"service":"NO-SUCH","phone":"081234567890","phone_consent":true})");
    EXPECT_EQ(refused.status, 404) << refused.body;
    server_.reset();
    EXPECT_EQ(QueryOne(db_, "SELECT count(*) FROM personal_data"), "0");
    EXPECT_EQ(QueryOne(db_, "SELECT erase_reason FROM citizens"), "ticket_not_issued");
}

TEST_F(AuditApi, AuditorReadsTheTrailWithActorRoleOriginLocalTimeAndChainStatus) {
    ASSERT_EQ(server_->Post(kHall + "/tickets", TicketBody(R"("nik":")" + std::string(kNik) + R"(")")).status, 201);
    auto officer = server_->LoginAs("budi.santoso");
    ASSERT_EQ(
        server_->Post(kHall + "/counters/L03/open", R"({"officer":"budi.santoso","services":["KTP"]})", officer).status,
        200);
    auto auditor = server_->LoginAs("auditor");
    auto listed = server_->Get(kTenant + "/audit/events?limit=50", auditor);
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto events = listed.Json()["events"];
    ASSERT_GE(events.size(), 3U) << listed.body;
    json issued;
    json opened;
    json collected;
    for (const auto& event : events) {
        EXPECT_EQ(event["chain"], "intact") << event.dump();
        if (event["type"] == "ticket_issued") {
            issued = event;
        } else if (event["type"] == "counter_opened") {
            opened = event;
        } else if (event["type"] == "personal_data_collected") {
            collected = event;
        }
    }
    ASSERT_FALSE(issued.is_null() || opened.is_null() || collected.is_null()) << listed.body;
    EXPECT_EQ(issued["role"], "citizen");
    EXPECT_EQ(issued["actor"], "anonymous");
    EXPECT_EQ(issued["ip"], "127.0.0.1");
    EXPECT_THAT(issued["recorded_at_local"].get<std::string>(), HasSubstr("+07:00"));
    EXPECT_EQ(issued["time_zone"], "WIB");
    EXPECT_EQ(issued["hash"].get<std::string>().size(), 64U);
    EXPECT_EQ(opened["role"], "officer");
    EXPECT_NE(opened["actor"], "anonymous");
    EXPECT_EQ(collected["hall"], "mpp-mojokerto") << "a citizen's records are placed in their hall";
    EXPECT_EQ(collected["stream"], "citizen/" + issued["data"]["citizen_ref"].get<std::string>());
    EXPECT_THAT(listed.body, Not(HasSubstr(kNik)));

    auto one_stream = server_->Get(kTenant + "/audit/events?stream=" + kStream, auditor).Json()["events"];
    ASSERT_EQ(one_stream.size(), 2U);
    EXPECT_EQ(one_stream[0]["version"], 1);
    auto after =
        server_->Get(kTenant + "/audit/events?after=" + std::to_string(events[0]["position"].get<int>()), auditor);
    EXPECT_EQ(after.Json()["events"][0]["position"], events[1]["position"]);

    auto verified = server_->Get(kTenant + "/audit/verify", auditor);
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(verified.Json()["ok"], true);
    EXPECT_EQ(verified.Json()["head"]["position"],
              server_->Get(kTenant + "/audit/events", auditor).Json()["head_position"]);
    EXPECT_EQ(server_->Get(kTenant + "/audit/events?limit=0", auditor).status, 422);
}

TEST_F(AuditApi, OnlyAuditorsAndAdminsReadTheTrail) {
    EXPECT_EQ(server_->Get(kTenant + "/audit/events").status, 401);
    EXPECT_EQ(server_->Get(kTenant + "/audit/verify", server_->LoginAs("budi.santoso")).status, 403);
    EXPECT_EQ(server_->Get(kTenant + "/audit/events", server_->LoginAs("admin")).status, 200);
}

TEST_F(AuditApi, AdminExportsAndErasesThroughTheApi) {
    auto issued = server_->Post(kHall + "/tickets", TicketBody(R"("nik":")" + std::string(kNik) + R"(")"));
    ASSERT_EQ(issued.status, 201);
    auto admin = server_->LoginAs("admin");
    auto exported = server_->Post(kTenant + "/personal-data/export", json{{"nik", kNik}}.dump(), admin);
    ASSERT_EQ(exported.status, 200) << exported.body;
    ASSERT_EQ(exported.Json()["citizens"].size(), 1U);
    EXPECT_EQ(exported.Json()["citizens"][0]["data"][0]["value"], kNik);
    auto ref = exported.Json()["citizens"][0]["citizen_ref"].get<std::string>();

    auto record = server_->Get(kTenant + "/personal-data/citizens/" + ref, admin);
    ASSERT_EQ(record.status, 200) << record.body;
    EXPECT_EQ(record.Json()["data"][0]["value"], "3516**********12") << "the admin's view is masked too";
    EXPECT_THAT(record.body, Not(HasSubstr(kNik)));
    EXPECT_EQ(record.Json()["ticket"]["id"], issued.Json()["id"]);

    EXPECT_EQ(server_->Post(kTenant + "/personal-data/export", json{{"nik", kNik}}.dump(), server_->LoginAs("auditor"))
                  .status,
              403)
        << "auditors read the trail, not the data";
    auto erased = server_->Post(kTenant + "/personal-data/erase", json{{"nik", kNik}}.dump(), admin);
    ASSERT_EQ(erased.status, 200) << erased.body;
    EXPECT_EQ(erased.Json()["erased"], json::array({ref}));
    auto after = server_->Get(kTenant + "/personal-data/citizens/" + ref, admin).Json();
    EXPECT_TRUE(after["data"].empty());
    EXPECT_EQ(after["erase_reason"], "data_subject_request");
    EXPECT_EQ(server_->Get(kTenant + "/audit/verify", admin).Json()["ok"], true);
}

/// `layan serve` with the access log on (info), for what it writes about requests.
class LoggingServer {
public:
    explicit LoggingServer(const std::string& db) : log_(db + ".info.log") {
        const auto url = TestDatabaseUrl(db);
        auto environment = TestEnvironment();
        pid_ = ::fork();
        if (pid_ == 0) {
            for (auto& variable : environment) {
                ::putenv(variable.data());
            }
            int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::execl(LAYAN_BIN, LAYAN_BIN, "serve", "--database", url.c_str(), "--port", "0", "--log-level", "info",
                    "--clock-start", kMondayMorning, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 600 && port_ == 0; ++i) {
            auto port = After(Log(), "serving on http://127.0.0.1:");
            if (!port.empty()) {
                port_ = std::stoi(port);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    ~LoggingServer() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    LoggingServer(const LoggingServer&) = delete;
    LoggingServer& operator=(const LoggingServer&) = delete;

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string Log() const { return FileBytes(log_); }

private:
    std::string log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

TEST(AuditClock, AccountCommandsRecordOnTheConfiguredClockLikeTheServer) {
    // A hall rehearsing with clock_start: an account made from the command line is recorded on that clock, not
    // the real one, so the trail's times agree with the server's.
    const auto db = LayanProcess::NewDemoDatabase();
    std::string output;
    ASSERT_EQ(Layan({"user", "add", "--username", "clock.check", "--role", "auditor", "--tenant", "kota-mojokerto",
                     "--clock-start", "2025-06-02T09:00:00+07:00"},
                    db, &output),
              0)
        << output;
    const auto at = std::stoll(QueryOne(db,
                                        "SELECT recorded_at FROM events WHERE stream = "
                                        "'tenant/kota-mojokerto/accounts' ORDER BY position DESC LIMIT 1"));
    constexpr long long kStart = 1'748'829'600'000;  // 2025-06-02T02:00:00Z
    EXPECT_GE(at, kStart);
    EXPECT_LT(at, kStart + 3'600'000) << "recorded on the real clock instead of clock_start";
}

TEST(AuditLogs, ServerLogNeverHoldsThePhoneOrNik) {
    auto db = LayanProcess::NewDemoDatabase();
    std::string log;
    {
        LoggingServer server(db);
        ASSERT_NE(server.port(), 0) << server.Log();
        auto issued = SendRequest(
            server.port(), "POST", kHall + "/tickets",
            TicketBody(R"("phone":"081234567890","phone_consent":true,"nik":")" + std::string(kNik) + R"(")"));
        ASSERT_EQ(issued.status, 201) << issued.body;
        auto refused = SendRequest(
            server.port(), "POST", kHall + "/tickets",
            TicketBody(R"("phone":"0212345678901","phone_consent":true,"nik":")" + std::string(kNik) + R"(")"));
        ASSERT_EQ(refused.status, 422);
        log = server.Log();
    }
    ASSERT_THAT(log, HasSubstr("access method=POST")) << "the access log was on";
    EXPECT_EQ(log.find(kNik), std::string::npos) << log;
    EXPECT_EQ(log.find(kPhoneDigits), std::string::npos) << log;
    EXPECT_EQ(log.find("212345678901"), std::string::npos) << log;
}

}  // namespace
}  // namespace layan::testing
