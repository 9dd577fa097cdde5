#include "layan/domain/queue/events.h"

#include <gtest/gtest.h>

#include "queue_test_support.h"

namespace layan::domain::queue {
namespace {

using testing::MondayAt;

// One sample of every event type, with every field set to a non-default value.
std::vector<Event> OneOfEach() {
    const auto at = MondayAt(9, 15, 30) + core::Millis{250};
    return {
        TicketIssued{"20261130-A-007", "A-007", 7, "KTP", PriorityReason::kPregnant, at},
        TicketCalled{"20261130-A-007", "3", "budi", at, true},
        TicketRecalled{"20261130-A-007", at},
        ServiceStarted{"20261130-A-007", at},
        ServiceFinished{"20261130-A-007", at},
        TicketNoShow{"20261130-A-007", at},
        TicketTransferred{"20261130-A-007", "KK", at},
        TicketCancelled{"20261130-A-007", "citizen_left", at},
        CounterOpened{"3", "budi", {"KTP", "KK"}, at},
        CounterPaused{"3", "prayer", at},
        CounterResumed{"3", at},
        CounterClosed{"3", at},
    };
}

class EventJsonRoundTrip : public ::testing::TestWithParam<Event> {};

TEST_P(EventJsonRoundTrip, FromJsonOfToJsonGivesTheSameEvent) {
    const Event& event = GetParam();
    // Through text, as the store keeps it.
    auto data = nlohmann::json::parse(ToJson(event).dump());
    auto back = FromJson(TypeName(event), data);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, event);
}

INSTANTIATE_TEST_SUITE_P(EveryType, EventJsonRoundTrip, ::testing::ValuesIn(OneOfEach()),
                         [](const auto& test) { return std::string(TypeName(test.param)); });

TEST(EventJson, CoversEveryAlternativeOfTheVariant) {
    auto samples = OneOfEach();
    ASSERT_EQ(samples.size(), std::variant_size_v<Event>);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i].index(), i);
    }
}

TEST(EventJson, TypeNamesAreTheStableStoredCodes) {
    std::vector<std::string> names;
    for (const auto& event : OneOfEach()) {
        names.emplace_back(TypeName(event));
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"ticket_issued", "ticket_called", "ticket_recalled", "service_started",
                                        "service_finished", "ticket_no_show", "ticket_transferred", "ticket_cancelled",
                                        "counter_opened", "counter_paused", "counter_resumed", "counter_closed"}));
}

TEST(EventJson, WritesInstantsAsIsoUtcAndPriorityAsItsCode) {
    auto data = ToJson(TicketIssued{"20261130-A-001", "A-001", 1, "KTP", PriorityReason::kElderly, MondayAt(8, 0)});
    EXPECT_EQ(data["at"], "2026-11-30T01:00:00.000Z");
    EXPECT_EQ(data["priority"], "elderly");
    EXPECT_EQ(data["seq"], 1);
}

TEST(EventJson, WritesAbsentPriorityAsNullAndReadsMissingPriorityAsRegular) {
    TicketIssued regular{"20261130-A-001", "A-001", 1, "KTP", std::nullopt, MondayAt(8, 0)};
    auto data = ToJson(regular);
    EXPECT_TRUE(data["priority"].is_null());
    data.erase("priority");
    auto back = FromJson("ticket_issued", data);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, Event{regular});
}

TEST(EventJson, ReadsInstantsWithALocalOffset) {
    auto data = ToJson(CounterResumed{"3", MondayAt(8, 0)});
    data["at"] = "2026-11-30T08:00:00+07:00";
    auto back = FromJson("counter_resumed", data);
    ASSERT_TRUE(back);
    EXPECT_EQ(At(*back), MondayAt(8, 0));
}

TEST(EventJson, RejectsAnUnknownType) {
    auto result = FromJson("ticket_teleported", nlohmann::json::object());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(result.error().code, "unknown_event_type");
}

TEST(EventJson, RejectsDataThatIsNotAnObject) {
    for (const auto& data : {nlohmann::json(nullptr), nlohmann::json::array(), nlohmann::json("x")}) {
        auto result = FromJson("ticket_recalled", data);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, "invalid_event");
    }
}

// Each case breaks one field of a valid event; the error names that field.
struct BadField {
    std::string type;
    std::string field;
    nlohmann::json value;  // null here means "remove the field"
};

class EventJsonRejects : public ::testing::TestWithParam<BadField> {};

TEST_P(EventJsonRejects, AMissingOrMalformedField) {
    const auto& bad = GetParam();
    nlohmann::json data;
    for (const auto& event : OneOfEach()) {
        if (TypeName(event) == bad.type) {
            data = ToJson(event);
        }
    }
    ASSERT_TRUE(data.is_object());
    if (bad.value.is_null()) {
        data.erase(bad.field);
    } else {
        data[bad.field] = bad.value;
    }
    auto result = FromJson(bad.type, data);
    ASSERT_FALSE(result) << bad.field;
    EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(result.error().code, "invalid_event");
    EXPECT_EQ(result.error().details["field"], bad.field);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, EventJsonRejects,
    ::testing::Values(BadField{"ticket_issued", "ticket_id", nullptr}, BadField{"ticket_issued", "seq", "7"},
                      BadField{"ticket_issued", "seq", 7.5}, BadField{"ticket_issued", "seq", 1LL << 40},
                      BadField{"ticket_issued", "priority", "vip"}, BadField{"ticket_issued", "priority", 3},
                      BadField{"ticket_issued", "at", "yesterday"}, BadField{"ticket_issued", "at", 1764464400},
                      BadField{"ticket_called", "chosen_by_supervisor", "yes"},
                      BadField{"ticket_called", "counter_id", nullptr}, BadField{"counter_opened", "services", "KTP"},
                      BadField{"counter_opened", "services", nlohmann::json::array({"KTP", 2})},
                      BadField{"ticket_transferred", "to_service", nullptr},
                      BadField{"ticket_cancelled", "reason", false}),
    [](const auto& test) { return test.param.type + "_" + test.param.field + "_" + std::to_string(test.index); });

TEST(EventJson, IgnoresUnknownExtraFields) {
    auto data = ToJson(TicketRecalled{"20261130-A-001", MondayAt(8, 0)});
    data["kiosk"] = "k1";
    EXPECT_TRUE(FromJson("ticket_recalled", data));
}

TEST(PriorityReason, EveryCodeParsesBackToItsReason) {
    ASSERT_EQ(AllPriorityReasons().size(), 6u);
    for (auto reason : AllPriorityReasons()) {
        EXPECT_EQ(ParsePriority(ToString(reason)), reason);
    }
    EXPECT_EQ(ToString(PriorityReason::kNaturalDisasterVictim), "natural_disaster_victim");
    EXPECT_EQ(ToString(PriorityReason::kSocialDisasterVictim), "social_disaster_victim");
}

TEST(PriorityReason, RejectsUnknownAndWronglyCasedCodes) {
    EXPECT_FALSE(ParsePriority("vip"));
    EXPECT_FALSE(ParsePriority("Elderly"));
    EXPECT_FALSE(ParsePriority(""));
}

TEST(PriorityReason, LabelsAreIndonesianFirstThenEnglish) {
    auto label = Label(PriorityReason::kElderly);
    EXPECT_EQ(label.id, "Lanjut usia");
    EXPECT_EQ(label.en, "Elderly");
    for (auto reason : AllPriorityReasons()) {
        EXPECT_FALSE(Label(reason).id.empty());
        EXPECT_FALSE(Label(reason).en.empty());
    }
}

}  // namespace
}  // namespace layan::domain::queue
