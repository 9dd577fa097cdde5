#include "layan/domain/requests/events.h"

#include <gtest/gtest.h>

#include "requests_test_support.h"

namespace layan::domain::requests {
namespace {

using testing::MakeDocument;
using testing::MondayAt;

// One sample of every event type, every field set to a value other than its default.
std::vector<Event> OneOfEach() {
    const auto at = MondayAt(9, 15) + core::Millis{250};
    return {
        RequestSubmitted{.service = "AKTA-LAHIR",
                         .standard_version = 3,
                         .unit_id = "dukcapil",
                         .hall_id = "mpp-kota",
                         .channel = Channel::kWalkIn,
                         .ticket = TicketRef{.hall_id = "mpp-kota", .ticket_id = "20261130-A-007"},
                         .by = "budi",
                         .citizen_ref = "cit_7f3a",
                         .masked_nik = "3516**********12",
                         .documents = {MakeDocument("kk", 'a'), Document{.requirement = "foto",
                                                                         .sha256 = std::string(64, 'f'),
                                                                         .size = 5'000'000'000,
                                                                         .media_type = "image/jpeg"}},
                         .rule = {calendar::DeadlineUnit::kWorkingHours, 36},
                         .at = at},
        RequestAssigned{.officer_id = "siti", .by = "budi", .at = at},
        RequestVerified{.by = "siti", .at = at},
        RequestReturned{.by = "siti", .reason = "Foto KK buram", .missing = {"kk", "foto"}, .at = at},
        RequestResubmitted{.documents = {MakeDocument("kk", 'c')}, .at = at},
        RequestProcessingStarted{.by = "siti", .at = at},
        RequestProductReady{.by = "siti", .at = at},
        RequestHandedOver{.by = "budi", .at = at},
        RequestRejected{.by = "siti", .reason = "Bukan kewenangan unit ini", .at = at},
        RequestWithdrawn{.reason = "Sudah diurus di tempat lain", .at = at},
        RequestMessagePosted{.author = Author::kOfficer, .by = "siti", .text = "Silakan ambil besok.", .at = at},
        RequestNoteAdded{.by = "siti", .text = "Cek ke kecamatan", .at = at},
        RequestEscalated{.level = EscalationLevel::kUnitHead, .key = "unit_head:2", .due_at = MondayAt(9, 0), .at = at},
    };
}

class RequestEventJsonRoundTrip : public ::testing::TestWithParam<Event> {};

TEST_P(RequestEventJsonRoundTrip, EventFromJsonOfToJsonGivesTheSameEvent) {
    const Event& event = GetParam();
    // Through text, as the store keeps it.
    auto data = nlohmann::json::parse(ToJson(event).dump());
    auto back = EventFromJson(TypeName(event), data);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, event);
}

INSTANTIATE_TEST_SUITE_P(EveryType, RequestEventJsonRoundTrip, ::testing::ValuesIn(OneOfEach()),
                         [](const auto& test) { return std::string(TypeName(test.param)); });

TEST(RequestEventJson, CoversEveryAlternativeOfTheVariant) {
    auto samples = OneOfEach();
    ASSERT_EQ(samples.size(), std::variant_size_v<Event>);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i].index(), i);
    }
}

TEST(RequestEventJson, TypeNamesAreTheStableStoredCodes) {
    std::vector<std::string> names;
    for (const auto& event : OneOfEach()) {
        names.emplace_back(TypeName(event));
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"request_submitted", "request_assigned", "request_verified", "request_returned",
                                        "request_resubmitted", "request_processing_started", "request_product_ready",
                                        "request_handed_over", "request_rejected", "request_withdrawn",
                                        "request_message_posted", "request_note_added", "request_escalated"}));
}

TEST(RequestEventJson, WritesASubmissionInItsDocumentedShape) {
    const auto data = ToJson(OneOfEach().front());
    EXPECT_EQ(data["channel"], "walk_in");
    EXPECT_EQ(data["ticket"], (nlohmann::json{{"hall_id", "mpp-kota"}, {"ticket_id", "20261130-A-007"}}));
    EXPECT_EQ(data["rule"], (nlohmann::json{{"unit", "working_hours"}, {"amount", 36}}));
    EXPECT_EQ(data["documents"][1], (nlohmann::json{{"requirement", "foto"},
                                                    {"sha256", std::string(64, 'f')},
                                                    {"size", 5'000'000'000},
                                                    {"media_type", "image/jpeg"}}));
    EXPECT_EQ(data["at"], "2026-11-30T02:15:00.250Z");
    EXPECT_EQ(data["standard_version"], 3);
    // Nothing that could be a file name travels with a document.
    for (const auto& document : data["documents"]) {
        EXPECT_EQ(document.size(), 4U);
    }
}

TEST(RequestEventJson, LeavesOutUnsetOptionalsAndReadsThemBackAbsentOrNull) {
    auto online = testing::OnlineSubmission();
    online.at = MondayAt(8, 0);
    auto data = ToJson(online);
    EXPECT_FALSE(data.contains("ticket"));
    EXPECT_EQ(EventFromJson("request_submitted", data), Event{online});
    data["ticket"] = nullptr;
    EXPECT_EQ(EventFromJson("request_submitted", data), Event{online});

    RequestWithdrawn withdrawn{.at = MondayAt(8, 0)};
    data = ToJson(withdrawn);
    EXPECT_FALSE(data.contains("reason"));
    EXPECT_EQ(EventFromJson("request_withdrawn", data), Event{withdrawn});
}

TEST(RequestEventJson, WritesEnumerationsAsTheirCodes) {
    EXPECT_EQ(ToJson(RequestMessagePosted{.author = Author::kCitizen, .text = "x"})["author"], "citizen");
    EXPECT_EQ(ToJson(RequestEscalated{.level = EscalationLevel::kSupervisor})["level"], "supervisor");
    for (Channel channel : {Channel::kOnline, Channel::kWalkIn}) {
        EXPECT_EQ(ParseChannel(ToString(channel)), channel);
    }
    for (Author author : {Author::kCitizen, Author::kOfficer}) {
        EXPECT_EQ(ParseAuthor(ToString(author)), author);
    }
    for (EscalationLevel level : {EscalationLevel::kSupervisor, EscalationLevel::kUnitHead}) {
        EXPECT_EQ(ParseEscalationLevel(ToString(level)), level);
    }
    EXPECT_EQ(ParseChannel("WALK_IN"), std::nullopt);
    EXPECT_EQ(ParseEscalationLevel(""), std::nullopt);
}

TEST(RequestEventJson, ReadsInstantsWithALocalOffset) {
    auto data = ToJson(RequestVerified{.by = "siti", .at = MondayAt(8, 0)});
    data["at"] = "2026-11-30T08:00:00+07:00";
    auto back = EventFromJson("request_verified", data);
    ASSERT_TRUE(back);
    EXPECT_EQ(At(*back), MondayAt(8, 0));
}

TEST(RequestEventJson, RejectsAnUnknownType) {
    auto result = EventFromJson("request_teleported", nlohmann::json::object());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(result.error().code, "unknown_event_type");
    EXPECT_EQ(result.error().details["type"], "request_teleported");
    // A queue event is not a request event.
    EXPECT_FALSE(EventFromJson("ticket_issued", nlohmann::json::object()));
}

TEST(RequestEventJson, RejectsDataThatIsNotAnObject) {
    for (const auto& data : {nlohmann::json(nullptr), nlohmann::json::array(), nlohmann::json("x")}) {
        auto result = EventFromJson("request_verified", data);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, "invalid_event");
    }
}

// Each case breaks one field of the sample event of its type; the error names the top-level field.
struct BadField {
    std::string type;
    std::string field;
    nlohmann::json value;  // discarded (kRemove): remove what `path` names
    std::string path{};    // inside the field, e.g. "/1/size"; empty: the field itself
};

class RequestEventJsonRejects : public ::testing::TestWithParam<BadField> {};

TEST_P(RequestEventJsonRejects, AMissingOrMalformedField) {
    const auto& bad = GetParam();
    nlohmann::json data;
    for (const auto& event : OneOfEach()) {
        if (TypeName(event) == bad.type) {
            data = ToJson(event);
        }
    }
    ASSERT_TRUE(data.is_object()) << bad.type;
    ASSERT_TRUE(EventFromJson(bad.type, data)) << "the sample itself must be valid";
    const nlohmann::json::json_pointer where("/" + bad.field + bad.path);
    if (bad.value.is_discarded()) {
        data[where.parent_pointer()].erase(where.back());
    } else {
        data[where] = bad.value;
    }
    auto result = EventFromJson(bad.type, data);
    ASSERT_FALSE(result) << data.dump();
    EXPECT_EQ(result.error().code, "invalid_event");
    EXPECT_EQ(result.error().details["field"], bad.field);
}

const nlohmann::json kRemove = nlohmann::json::value_t::discarded;

INSTANTIATE_TEST_SUITE_P(
    EachShape, RequestEventJsonRejects,
    ::testing::Values(
        BadField{"request_submitted", "service", kRemove}, BadField{"request_submitted", "standard_version", "3"},
        BadField{"request_submitted", "standard_version", 1.5},
        BadField{"request_submitted", "standard_version", 4'000'000'000LL},
        BadField{"request_submitted", "channel", "kiosk"}, BadField{"request_submitted", "ticket", "20261130-A-007"},
        BadField{"request_submitted", "ticket", kRemove, "/ticket_id"},
        BadField{"request_submitted", "documents", kRemove},
        BadField{"request_submitted", "documents", nlohmann::json::object()},
        BadField{"request_submitted", "documents", "big", "/1/size"},
        BadField{"request_submitted", "documents", 7, "/0/sha256"},
        BadField{"request_submitted", "documents", "x", "/0"}, BadField{"request_submitted", "rule", kRemove},
        BadField{"request_submitted", "rule", "fortnights", "/unit"},
        BadField{"request_submitted", "rule", kRemove, "/amount"}, BadField{"request_submitted", "at", "yesterday"},
        BadField{"request_returned", "missing", "kk"}, BadField{"request_returned", "missing", 3, "/0"},
        BadField{"request_returned", "reason", kRemove}, BadField{"request_withdrawn", "reason", false},
        BadField{"request_message_posted", "author", "robot"}, BadField{"request_escalated", "level", kRemove},
        BadField{"request_escalated", "due_at", 12}),
    [](const auto& test) { return test.param.type + "_" + test.param.field + "_" + std::to_string(test.index); });

TEST(RequestEvents, OnlyNotesEscalationsAndAssignmentsAreHiddenFromTheCitizen) {
    std::vector<std::string> hidden;
    for (const auto& event : OneOfEach()) {
        if (!IsPublic(event)) {
            hidden.emplace_back(TypeName(event));
        }
    }
    EXPECT_EQ(hidden, (std::vector<std::string>{"request_assigned", "request_note_added", "request_escalated"}));
}

TEST(RequestEvents, EscalationKeysNameTheLevelAndTheRun) {
    EXPECT_EQ(EscalationKey(EscalationLevel::kSupervisor, 0), "supervisor:0");
    EXPECT_EQ(EscalationKey(EscalationLevel::kUnitHead, 12), "unit_head:12");
}

}  // namespace
}  // namespace layan::domain::requests
