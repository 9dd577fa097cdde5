// Scenario files: the documented format, and a clear sentence for every mistake.

#include "layan/sim/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace layan::sim {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json Valid() {
    return json::parse(R"({
      "name": "two services", "seed": 7, "days": 3, "open": "08:00", "close": "10:30",
      "services": [
        {"code": "KTP", "mean_service_min": 7.0, "service_cv": 0.6, "service_dist": "lognormal",
         "arrivals_per_hour": [40, 55, 20]},
        {"code": "KK", "mean_service_min": 9, "service_dist": "exponential", "arrivals_per_hour": [10, 0, 5]}],
      "officers": [{"id": "O1", "skills": ["KTP", "KK"], "start": "08:00", "end": "10:30"},
                   {"id": "O2", "skills": ["KTP"]}],
      "priority_share": 0.08, "patience_min": 90})");
}

std::string ErrorOf(const json& scenario) {
    auto parsed = ParseScenario(scenario);
    EXPECT_FALSE(parsed.has_value());
    if (parsed) {
        return "";
    }
    EXPECT_EQ(parsed.error().code, "invalid_scenario");
    return parsed.error().message;
}

TEST(Scenario, ReadsTheDocumentedFormat) {
    auto parsed = ParseScenario(Valid());
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->name, "two services");
    EXPECT_EQ(parsed->seed, 7U);
    EXPECT_EQ(parsed->days, 3);
    EXPECT_EQ(parsed->OpenHours(), 3);  // 2.5 hours: the last partial hour has its own rate
    ASSERT_EQ(parsed->services.size(), 2U);
    EXPECT_EQ(parsed->services[1].distribution, ServiceDistribution::kExponential);
    EXPECT_EQ(parsed->services[0].arrivals_per_hour, (std::vector<double>{40, 55, 20}));
    EXPECT_EQ(parsed->officers[1].start, std::chrono::minutes{8 * 60});  // the hall's hours by default
    EXPECT_EQ(parsed->officers[1].end, std::chrono::minutes{10 * 60 + 30});
    ASSERT_TRUE(parsed->patience_min);
    EXPECT_EQ(*parsed->patience_min, 90);
}

TEST(Scenario, WritesWhatItReads) {
    auto parsed = ParseScenario(Valid());
    ASSERT_TRUE(parsed);
    auto again = ParseScenario(ToJson(*parsed));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(ToJson(*again), ToJson(*parsed));
}

TEST(Scenario, TheShippedBusyHallIsValid) {
    auto parsed = LoadScenario(LAYAN_SOURCE_DIR "/data/scenarios/mpp-busy.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->services.size(), 15U);
    EXPECT_EQ(parsed->officers.size(), 14U);
    for (const auto& officer : parsed->officers) {
        EXPECT_GE(officer.skills.size(), 1U);
        EXPECT_LE(officer.skills.size(), 3U);
    }
}

TEST(Scenario, AnUnknownKeyIsNamed) {
    auto scenario = Valid();
    scenario["patience"] = 10;
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("unknown key \"patience\""));
    scenario = Valid();
    scenario["services"][0]["mean_min"] = 3;
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("services[0] has an unknown key \"mean_min\""));
}

TEST(Scenario, AnArrivalListOfTheWrongLengthSaysHowManyRatesAreNeeded) {
    auto scenario = Valid();
    scenario["services"][0]["arrivals_per_hour"] = {40, 55};
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("services[0].arrivals_per_hour has 2 rates but the hall is open 3 hours "
                                             "(08:00–10:30)"));
}

TEST(Scenario, ANegativeRateIsRefused) {
    auto scenario = Valid();
    scenario["services"][1]["arrivals_per_hour"][2] = -1;
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("services[1].arrivals_per_hour[2] is -1: an arrival rate cannot be "
                                             "negative"));
}

TEST(Scenario, CloseBeforeOpenIsRefused) {
    auto scenario = Valid();
    scenario["close"] = "07:00";
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("close 07:00 is not after open 08:00"));
}

TEST(Scenario, AServiceNobodyCanServeIsRefused) {
    auto scenario = Valid();
    scenario["officers"] = json::array({{{"id", "O1"}, {"skills", {"KTP"}}}});
    EXPECT_THAT(ErrorOf(scenario), HasSubstr("service \"KK\" has arrivals but no officer has it among their skills"));
}

TEST(Scenario, OtherMistakesAreNamed) {
    auto with = [](const char* pointer, json value) {
        auto scenario = Valid();
        scenario[json::json_pointer(pointer)] = std::move(value);
        return ErrorOf(scenario);
    };
    EXPECT_THAT(with("/open", "8:00"), HasSubstr("open must be a time of day \"HH:MM\""));
    EXPECT_THAT(with("/open", "08:60"), HasSubstr("open must be a time of day"));
    EXPECT_THAT(with("/services/0/mean_service_min", 0), HasSubstr("services[0].mean_service_min must be more than 0"));
    EXPECT_THAT(with("/services/0/service_dist", "gamma"), HasSubstr("\"lognormal\" or \"exponential\""));
    EXPECT_THAT(with("/services/1/code", "KTP"), HasSubstr("the code \"KTP\" is used twice"));
    EXPECT_THAT(with("/officers/1/skills", json::array({"PBG"})), HasSubstr("\"PBG\", which is not one of"));
    EXPECT_THAT(with("/officers/1/id", "O1"), HasSubstr("the id \"O1\" is used twice"));
    EXPECT_THAT(with("/officers/0/end", "07:00"), HasSubstr("officers[0]: end 07:00 is not after start 08:00"));
    EXPECT_THAT(with("/priority_share", 1.5), HasSubstr("priority_share must be from 0 to 1"));
    EXPECT_THAT(with("/patience_min", -3), HasSubstr("patience_min must be more than 0"));
    EXPECT_THAT(with("/days", 0), HasSubstr("days must be a whole number from 1"));
    EXPECT_THAT(with("/seed", -1), HasSubstr("seed must be a whole number"));
    EXPECT_THAT(with("/services/0/arrivals_per_hour/0", "many"), HasSubstr("must be a number"));
}

TEST(Scenario, TextThatIsNotJsonIsMalformed) {
    auto parsed = ParseScenario(std::string_view("{\"name\": "));
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, "malformed_scenario");
    EXPECT_THAT(parsed.error().message, HasSubstr("not valid JSON"));
}

TEST(Scenario, AMissingFileIsNamed) {
    auto parsed = LoadScenario("/nonexistent/hall.json");
    ASSERT_FALSE(parsed);
    EXPECT_THAT(parsed.error().message, HasSubstr("/nonexistent/hall.json"));
}

}  // namespace
}  // namespace layan::sim
