#include "layan/domain/standards/events.h"

#include <random>
#include <set>

#include <gtest/gtest.h>

#include "standards_test_support.h"

namespace layan::domain::standards {
namespace {

using calendar::DeadlineUnit;
using nlohmann::json;
using testing::Day;
using testing::ValidDraft;

std::set<std::string> Keys(const json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) {
        keys.insert(key);
    }
    return keys;
}

// Random versions over every field, not necessarily valid (the JSON carries any content), with texts that
// need escaping and numbers at the edges of their types.
class RandomVersions {
public:
    explicit RandomVersions(std::uint32_t seed) : random_(seed) {}

    StandardVersion Next() {
        StandardVersion v;
        v.version = Pick<int>({0, 1, 2, 17, std::numeric_limits<int>::max()});
        v.decree = {Text(), Date()};
        v.valid_from = Date();
        for (int i = Count(4); i > 0; --i) {
            Requirement r{Text(), Localized(), Coin(), {}, Pick<std::int64_t>({0, 1, 2 << 20, kMaxDocumentBytes})};
            for (int t = Count(3); t > 0; --t) {
                r.accepted_types.push_back(Pick<std::string>({"application/pdf", "image/jpeg", "image/png", "x/y"}));
            }
            v.requirements.push_back(std::move(r));
        }
        for (int i = Count(4); i > 0; --i) {
            v.procedure.push_back(Localized());
        }
        v.completion = {Pick<DeadlineUnit>({DeadlineUnit::kWorkingDays, DeadlineUnit::kCalendarDays,
                                            DeadlineUnit::kWorkingHours, DeadlineUnit::kClockHours}),
                        Pick<int>({0, 1, 3, 28, -1})};
        v.fee = {Pick<std::int64_t>({0, 5000, 150000, std::numeric_limits<std::int64_t>::max(), -1}), Localized()};
        v.product = Localized();
        v.complaint_channel = Localized();
        for (int i = Count(3); i > 0; --i) {
            v.legal_basis.push_back(Localized());
        }
        v.facilities = Localized();
        v.officer_competence = Localized();
        v.internal_supervision = Localized();
        v.officer_count = Pick<int>({0, 1, 6, std::numeric_limits<int>::min()});
        v.service_guarantee = Localized();
        v.security_guarantee = Localized();
        v.performance_evaluation = Localized();
        v.pledge = Localized();
        return v;
    }

private:
    template <class T>
    T Pick(std::initializer_list<T> values) {
        auto index = std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(random_);
        return *(values.begin() + static_cast<std::ptrdiff_t>(index));
    }
    int Count(int most) { return std::uniform_int_distribution<int>(0, most)(random_); }
    bool Coin() { return std::bernoulli_distribution(0.5)(random_); }
    std::string Text() {
        return Pick<std::string>({"", "KTP", "Surat \"pengantar\" RT/RW", "line\nbreak\ttab \\ back", "Sétiawan – ✓",
                                  std::string("nul\0inside", 10)});
    }
    LocalizedText Localized() { return {Text(), Text()}; }
    calendar::Date Date() {
        return calendar::Date{std::chrono::sys_days{Day(2026, 1, 1)} +
                              std::chrono::days{std::uniform_int_distribution<int>(-4000, 4000)(random_)}};
    }

    std::mt19937 random_;
};

TEST(StandardJson, ReadingWhatWasWrittenGivesTheSameVersion) {
    RandomVersions versions(1111);
    for (int i = 0; i < 200; ++i) {
        const auto version = versions.Next();
        // Through text, as the store keeps it.
        auto back = StandardVersionFromJson(json::parse(ToJson(version).dump()));
        ASSERT_TRUE(back) << i << ": " << back.error().message;
        ASSERT_EQ(*back, version) << i << ": " << ToJson(version).dump();
    }
    auto full = StandardVersionFromJson(ToJson(ValidDraft()));
    ASSERT_TRUE(full);
    EXPECT_EQ(*full, ValidDraft());
}

TEST(StandardJson, TheEventTypeIsTheStableStoredName) {
    EXPECT_EQ(kStandardVersionPublished, "standard_version_published");
}

// The stored shape: events written today must read the same tomorrow.
TEST(StandardJson, ReadsTheStoredShape) {
    auto data = json::parse(R"({
        "version": 2,
        "decree": {"number": "400.12/005/417.304/2026", "date": "2026-01-12"},
        "valid_from": "2026-02-01",
        "requirements": [{"code": "KK", "name": {"id": "Scan KK", "en": "Family card scan"}, "required": false,
                          "accepted_types": ["application/pdf", "image/png"], "max_bytes": 2097152}],
        "procedure": [{"id": "Ambil antrian", "en": "Take a number"}],
        "completion": {"unit": "working_hours", "amount": 4},
        "fee": {"idr": 150000, "note": {"id": "Retribusi", "en": "Retribution"}},
        "product": {"id": "Akta", "en": "Certificate"},
        "complaint_channel": {"id": "LAPOR!", "en": "LAPOR!"},
        "legal_basis": [{"id": "UU 25/2009", "en": "Law 25/2009"}],
        "facilities": {"id": "Ramp", "en": "Ramp"},
        "officer_competence": {"id": "SIAK", "en": "SIAK"},
        "internal_supervision": {"id": "Kabid", "en": "Head"},
        "officer_count": 3,
        "service_guarantee": {"id": "Jaminan", "en": "Guarantee"},
        "security_guarantee": {"id": "Aman", "en": "Safe"},
        "performance_evaluation": {"id": "Bulanan", "en": "Monthly"},
        "pledge": {"id": "Maklumat", "en": "Pledge"},
        "added_by_a_later_version": true
    })");
    auto read = StandardVersionFromJson(data);
    ASSERT_TRUE(read) << read.error().message;
    StandardVersion expected;
    expected.version = 2;
    expected.decree = {"400.12/005/417.304/2026", Day(2026, 1, 12)};
    expected.valid_from = Day(2026, 2, 1);
    expected.requirements = {{"KK", {"Scan KK", "Family card scan"}, false, {"application/pdf", "image/png"}, 2097152}};
    expected.procedure = {{"Ambil antrian", "Take a number"}};
    expected.completion = {DeadlineUnit::kWorkingHours, 4};
    expected.fee = {150000, {"Retribusi", "Retribution"}};
    expected.product = {"Akta", "Certificate"};
    expected.complaint_channel = {"LAPOR!", "LAPOR!"};
    expected.legal_basis = {{"UU 25/2009", "Law 25/2009"}};
    expected.facilities = {"Ramp", "Ramp"};
    expected.officer_competence = {"SIAK", "SIAK"};
    expected.internal_supervision = {"Kabid", "Head"};
    expected.officer_count = 3;
    expected.service_guarantee = {"Jaminan", "Guarantee"};
    expected.security_guarantee = {"Aman", "Safe"};
    expected.performance_evaluation = {"Bulanan", "Monthly"};
    expected.pledge = {"Maklumat", "Pledge"};
    EXPECT_EQ(*read, expected);
    data.erase("added_by_a_later_version");
    EXPECT_EQ(ToJson(expected), data);
}

TEST(StandardJson, PublishedJsonHasThePublicFieldsOnly) {
    const auto version = ValidDraft();
    const auto published = PublishedJson(version);
    const std::set<std::string> public_keys{"version",    "decree", "valid_from", "requirements",      "procedure",
                                            "completion", "fee",    "product",    "complaint_channel", "pledge"};
    EXPECT_EQ(Keys(published), public_keys);
    // The same values as the full record, which has the eight internal components besides.
    const auto full = ToJson(version);
    for (const auto& key : public_keys) {
        EXPECT_EQ(published.at(key), full.at(key)) << key;
    }
    std::set<std::string> internal_keys;
    for (const auto& key : Keys(full)) {
        if (!public_keys.contains(key)) {
            internal_keys.insert(key);
        }
    }
    EXPECT_EQ(internal_keys, (std::set<std::string>{"legal_basis", "facilities", "officer_competence",
                                                    "internal_supervision", "officer_count", "service_guarantee",
                                                    "security_guarantee", "performance_evaluation"}));
    // No internal text slips in through a nested field either.
    const auto text = published.dump();
    for (const auto* internal : {"Menguasai SIAK", "Kursi roda", "Kepala bidang", "UU 24/2013", "Tepat waktu",
                                 "Data dilindungi", "Setiap bulan"}) {
        EXPECT_EQ(text.find(internal), std::string::npos) << internal;
    }
}

struct BadJson {
    std::string name;
    std::function<void(json&)> change;
    std::string field;
};

std::vector<BadJson> BadJsons() {
    return {
        {"VersionMissing", [](json& j) { j.erase("version"); }, "version"},
        {"VersionAsText", [](json& j) { j["version"] = "2"; }, "version"},
        {"VersionBeyondInt", [](json& j) { j["version"] = std::int64_t{1} << 40; }, "version"},
        {"DecreeNotAnObject", [](json& j) { j["decree"] = "400/1/2026"; }, "decree"},
        {"DecreeNumberMissing", [](json& j) { j["decree"].erase("number"); }, "decree.number"},
        {"DecreeDateNotReal", [](json& j) { j["decree"]["date"] = "2026-02-30"; }, "decree.date"},
        {"ValidFromWithTime", [](json& j) { j["valid_from"] = "2026-02-01T00:00:00Z"; }, "valid_from"},
        {"RequirementsNotAnArray", [](json& j) { j["requirements"] = json::object(); }, "requirements"},
        {"RequirementNotAnObject", [](json& j) { j["requirements"][1] = "KK"; }, "requirements[1]"},
        {"RequirementSizeFractional", [](json& j) { j["requirements"][1]["max_bytes"] = 1.5; },
         "requirements[1].max_bytes"},
        {"RequirementRequiredAsText", [](json& j) { j["requirements"][0]["required"] = "yes"; },
         "requirements[0].required"},
        {"RequirementNameEnglishMissing", [](json& j) { j["requirements"][2]["name"].erase("en"); },
         "requirements[2].name.en"},
        {"MediaTypeNotText", [](json& j) { j["requirements"][0]["accepted_types"][1] = 7; },
         "requirements[0].accepted_types[1]"},
        {"CompletionUnitUnknown", [](json& j) { j["completion"]["unit"] = "fortnights"; }, "completion.unit"},
        {"CompletionAmountMissing", [](json& j) { j["completion"].erase("amount"); }, "completion.amount"},
        {"FeeNoteMissing", [](json& j) { j["fee"].erase("note"); }, "fee.note"},
        {"ProcedureStepNull", [](json& j) { j["procedure"][0] = nullptr; }, "procedure[0]"},
        {"LegalBasisIdMissing", [](json& j) { j["legal_basis"][0].erase("id"); }, "legal_basis[0].id"},
        {"OfficerCountMissing", [](json& j) { j.erase("officer_count"); }, "officer_count"},
        {"PledgeMissing", [](json& j) { j.erase("pledge"); }, "pledge"},
        {"NotAnObject", [](json& j) { j = json::array(); }, ""},
    };
}

class StandardJsonRefuses : public ::testing::TestWithParam<BadJson> {};

TEST_P(StandardJsonRefuses, NamingTheField) {
    auto data = ToJson(ValidDraft());
    GetParam().change(data);
    auto read = StandardVersionFromJson(data);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(read.error().code, "standard_json_invalid");
    EXPECT_EQ(read.error().details, (json{{"field", GetParam().field}}));
    EXPECT_FALSE(read.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(EachShape, StandardJsonRefuses, ::testing::ValuesIn(BadJsons()),
                         [](const auto& test) { return test.param.name; });

}  // namespace
}  // namespace layan::domain::standards
