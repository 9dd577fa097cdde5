#include "layan/domain/standards/standard.h"

#include <functional>
#include <random>

#include <gtest/gtest.h>

#include "standards_test_support.h"

namespace layan::domain::standards {
namespace {

using calendar::DeadlineUnit;
using testing::Day;
using testing::ValidDraft;

// --- Validate.

TEST(StandardValidate, AcceptsAFullDraftUnchanged) {
    auto draft = ValidDraft();
    auto valid = Validate(draft);
    ASSERT_TRUE(valid) << valid.error().message;
    EXPECT_EQ(*valid, draft);
}

struct Refusal {
    std::string name;
    std::function<void(StandardVersion&)> change;
    std::string code;
    std::string field;
};

std::vector<Refusal> Refusals() {
    const std::string too_long_code(65, 'A');
    return {
        {"DecreeNumberEmpty", [](auto& v) { v.decree.number.clear(); }, "standard_decree_missing", "decree.number"},
        {"DecreeDateUnset", [](auto& v) { v.decree.date = {}; }, "standard_decree_missing", "decree.date"},
        {"DecreeDateNotReal", [](auto& v) { v.decree.date = Day(2026, 2, 30); }, "standard_decree_missing",
         "decree.date"},
        {"ValidFromUnset", [](auto& v) { v.valid_from = {}; }, "standard_valid_from_invalid", "valid_from"},
        {"ValidFromBeforeDecree", [](auto& v) { v.valid_from = Day(2026, 1, 11); }, "standard_valid_from_invalid",
         "valid_from"},
        {"NoProcedure", [](auto& v) { v.procedure.clear(); }, "standard_component_missing", "procedure"},
        {"EmptyProcedureStep", [](auto& v) { v.procedure[1].id.clear(); }, "standard_component_missing",
         "procedure[1]"},
        {"NoProduct", [](auto& v) { v.product = {}; }, "standard_component_missing", "product"},
        {"NoComplaintChannel", [](auto& v) { v.complaint_channel.id.clear(); }, "standard_component_missing",
         "complaint_channel"},
        {"RequirementCodeEmpty", [](auto& v) { v.requirements[0].code.clear(); }, "standard_requirement_invalid",
         "requirements[0].code"},
        {"RequirementCodeWithSpace", [](auto& v) { v.requirements[1].code = "KK SCAN"; },
         "standard_requirement_invalid", "requirements[1].code"},
        {"RequirementCodeWithSlash", [](auto& v) { v.requirements[1].code = "a/b"; }, "standard_requirement_invalid",
         "requirements[1].code"},
        {"RequirementCodeTooLong", [too_long_code](auto& v) { v.requirements[2].code = too_long_code; },
         "standard_requirement_invalid", "requirements[2].code"},
        {"RequirementCodeRepeated", [](auto& v) { v.requirements[2].code = "KK"; }, "standard_requirement_invalid",
         "requirements[2].code"},
        {"RequirementNameEmpty", [](auto& v) { v.requirements[1].name.id.clear(); }, "standard_requirement_invalid",
         "requirements[1].name"},
        {"DocumentMaxBytesZero", [](auto& v) { v.requirements[0].max_bytes = 0; }, "standard_requirement_invalid",
         "requirements[0].max_bytes"},
        {"DocumentMaxBytesNegative", [](auto& v) { v.requirements[1].max_bytes = -1; }, "standard_requirement_invalid",
         "requirements[1].max_bytes"},
        {"DocumentMaxBytesOverCap", [](auto& v) { v.requirements[0].max_bytes = kMaxDocumentBytes + 1; },
         "standard_requirement_invalid", "requirements[0].max_bytes"},
        {"UnknownMediaType", [](auto& v) { v.requirements[0].accepted_types.push_back("image/gif"); },
         "standard_requirement_invalid", "requirements[0].accepted_types[2]"},
        {"MediaTypeInOtherCase", [](auto& v) { v.requirements[1].accepted_types = {"Application/PDF"}; },
         "standard_requirement_invalid", "requirements[1].accepted_types[0]"},
        {"MediaTypeTwice", [](auto& v) { v.requirements[0].accepted_types.push_back("application/pdf"); },
         "standard_requirement_invalid", "requirements[0].accepted_types[2]"},
        {"SizeWithoutUpload", [](auto& v) { v.requirements[2].max_bytes = 1024; }, "standard_requirement_invalid",
         "requirements[2].max_bytes"},
        {"ClockHours",
         [](auto& v) {
             v.completion = {DeadlineUnit::kClockHours, 24};
         },
         "standard_completion_invalid", "completion.unit"},
        {"NegativeAmount", [](auto& v) { v.completion.amount = -1; }, "standard_completion_invalid",
         "completion.amount"},
        {"ZeroWorkingHours",
         [](auto& v) {
             v.completion = {DeadlineUnit::kWorkingHours, 0};
         },
         "standard_completion_invalid", "completion.amount"},
        {"NegativeFee", [](auto& v) { v.fee.idr = -5000; }, "standard_fee_negative", "fee.idr"},
        {"NegativeOfficerCount", [](auto& v) { v.officer_count = -1; }, "standard_officer_count_negative",
         "officer_count"},
    };
}

class StandardValidateRefuses : public ::testing::TestWithParam<Refusal> {};

TEST_P(StandardValidateRefuses, WithTheCodeAndTheField) {
    auto draft = ValidDraft();
    GetParam().change(draft);
    auto result = Validate(draft);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(result.error().code, GetParam().code);
    EXPECT_EQ(result.error().details, (nlohmann::json{{"field", GetParam().field}}));
    EXPECT_FALSE(result.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(EachRule, StandardValidateRefuses, ::testing::ValuesIn(Refusals()),
                         [](const auto& test) { return test.param.name; });

TEST(StandardValidate, AcceptsTheBoundaries) {
    std::vector<std::function<void(StandardVersion&)>> changes = {
        [](auto& v) { v.requirements[0].max_bytes = kMaxDocumentBytes; },
        [](auto& v) { v.requirements[0].max_bytes = 1; },
        [](auto& v) { v.requirements[0].code = std::string(64, 'z'); },
        [](auto& v) { v.requirements[0].code = "a-Z_09"; },
        [](auto& v) {
            v.requirements[0].accepted_types = {"image/png", "image/jpeg", "application/pdf"};
        },
        [](auto& v) { v.requirements.clear(); },
        [](auto& v) { v.valid_from = v.decree.date; },
        [](auto& v) {
            v.completion = {DeadlineUnit::kWorkingDays, 0};
        },
        [](auto& v) {
            v.completion = {DeadlineUnit::kCalendarDays, 0};
        },
        [](auto& v) {
            v.completion = {DeadlineUnit::kCalendarDays, 14};
        },
        [](auto& v) {
            v.completion = {DeadlineUnit::kWorkingHours, 1};
        },
        [](auto& v) {
            v.fee = {150000, {"Retribusi", "Retribution"}};
        },
        // Internal components and the pledge may be empty (a version upgraded from the old catalog).
        [](auto& v) {
            auto published = v;
            v = StandardVersion{};
            v.decree = published.decree;
            v.valid_from = published.valid_from;
            v.procedure = published.procedure;
            v.product = published.product;
            v.complaint_channel = published.complaint_channel;
        },
    };
    for (std::size_t i = 0; i < changes.size(); ++i) {
        auto draft = ValidDraft();
        changes[i](draft);
        auto valid = Validate(draft);
        EXPECT_TRUE(valid) << "change " << i << ": " << (valid ? "" : valid.error().message);
    }
}

// --- Publish.

TEST(StandardPublish, NumbersVersionsFromOneIgnoringTheDraftsNumber) {
    StandardHistory history;
    for (int expected = 1; expected <= 3; ++expected) {
        auto draft = ValidDraft();
        draft.version = 7;  // Whatever the caller wrote.
        auto published = Publish(history, draft, Day(2026, 1, 20));
        ASSERT_TRUE(published) << published.error().message;
        EXPECT_EQ(published->version, expected);
        draft.version = expected;
        EXPECT_EQ(*published, draft);  // Nothing else changed.
        history.Apply(*published);
    }
    ASSERT_EQ(history.versions.size(), 3U);
}

TEST(StandardPublish, RefusesABackdatedVersionButAcceptsToday) {
    StandardHistory history;
    auto draft = ValidDraft();
    auto backdated = Publish(history, draft, Day(2026, 2, 2));
    ASSERT_FALSE(backdated);
    EXPECT_EQ(backdated.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(backdated.error().code, "standard_backdated");
    EXPECT_EQ(backdated.error().details, (nlohmann::json{{"field", "valid_from"}}));

    EXPECT_TRUE(Publish(history, draft, Day(2026, 2, 1)));
    EXPECT_TRUE(Publish(history, draft, Day(2026, 1, 31)));
}

TEST(StandardPublish, RefusesAVersionTakingEffectBeforeThePreviousOne) {
    StandardHistory history;
    auto first = ValidDraft();
    first.valid_from = Day(2026, 3, 1);
    history.Apply(*Publish(history, first, Day(2026, 1, 20)));

    auto second = ValidDraft();
    second.valid_from = Day(2026, 2, 28);
    auto refused = Publish(history, second, Day(2026, 1, 20));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(refused.error().code, "standard_valid_from_before_previous");
    EXPECT_EQ(
        refused.error().details,
        (nlohmann::json{{"field", "valid_from"}, {"valid_from", "2026-02-28"}, {"previous_valid_from", "2026-03-01"}}));

    second.valid_from = Day(2026, 3, 1);  // The same day replaces it.
    auto same_day = Publish(history, second, Day(2026, 1, 20));
    ASSERT_TRUE(same_day) << same_day.error().message;
    EXPECT_EQ(same_day->version, 2);
}

TEST(StandardPublish, ValidatesTheDraftFirst) {
    auto draft = ValidDraft();
    draft.fee.idr = -1;
    draft.valid_from = Day(2025, 1, 1);  // Also backdated: the content is reported first.
    auto refused = Publish(StandardHistory{}, draft, Day(2026, 1, 20));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "standard_valid_from_invalid");  // Before the decree.
    draft.valid_from = Day(2026, 2, 1);
    EXPECT_EQ(Publish(StandardHistory{}, draft, Day(2026, 1, 20)).error().code, "standard_fee_negative");
}

// --- InForce.

TEST(StandardInForce, NothingBeforeTheFirstVersionThenTheLatestBegun) {
    StandardHistory history;
    EXPECT_EQ(InForce(history, Day(2026, 6, 1)), nullptr);
    for (auto from : {Day(2026, 2, 1), Day(2026, 5, 1), Day(2026, 5, 1)}) {
        auto draft = ValidDraft();
        draft.valid_from = from;
        history.Apply(*Publish(history, draft, Day(2026, 1, 20)));
    }
    EXPECT_EQ(InForce(history, Day(2026, 1, 31)), nullptr);
    ASSERT_NE(InForce(history, Day(2026, 2, 1)), nullptr);
    EXPECT_EQ(InForce(history, Day(2026, 2, 1))->version, 1);
    EXPECT_EQ(InForce(history, Day(2026, 4, 30))->version, 1);
    EXPECT_EQ(InForce(history, Day(2026, 5, 1))->version, 3);  // Version 3 replaced 2 on the same day.
    EXPECT_EQ(InForce(history, Day(2030, 12, 31))->version, 3);
    EXPECT_EQ(InForce(history, Day(2026, 5, 1)), &history.versions[2]);
}

// Random histories built through Publish: on every day, the version in force is the highest-numbered one
// that has begun, found by brute force.
TEST(StandardInForce, MatchesTheHighestBegunVersionOnEveryDay) {
    std::mt19937 random(20261205);
    const auto start = std::chrono::sys_days{Day(2026, 1, 20)};
    for (int round = 0; round < 50; ++round) {
        StandardHistory history;
        auto from = start;
        const int count = std::uniform_int_distribution<int>(1, 6)(random);
        for (int i = 0; i < count; ++i) {
            from += std::chrono::days{std::uniform_int_distribution<int>(0, 20)(random)};
            auto draft = ValidDraft();
            draft.valid_from = calendar::Date{from};
            auto published = Publish(history, draft, Day(2026, 1, 20));
            ASSERT_TRUE(published) << published.error().message;
            history.Apply(*published);
        }
        for (auto day = start - std::chrono::days{3}; day <= from + std::chrono::days{3}; day += std::chrono::days{1}) {
            int expected = 0;
            for (const auto& version : history.versions) {
                if (std::chrono::sys_days{version.valid_from} <= day) {
                    expected = std::max(expected, version.version);
                }
            }
            const auto* in_force = InForce(history, calendar::Date{day});
            EXPECT_EQ(in_force ? in_force->version : 0, expected) << core::FormatDate(calendar::Date{day});
        }
    }
}

// --- CheckDocument.

Requirement KkScan() {
    return {"KK", {"Scan Kartu Keluarga", "Scan of the family card"}, true, {"application/pdf", "image/png"}, 1000};
}

TEST(StandardCheckDocument, AcceptsAnAcceptedTypeUpToTheLimit) {
    EXPECT_TRUE(CheckDocument(KkScan(), "application/pdf", 1, "kk.pdf"));
    EXPECT_TRUE(CheckDocument(KkScan(), "image/png", 1000, "KK Budi (scan 1).png"));
    EXPECT_TRUE(CheckDocument(KkScan(), "image/png", 10, "Kartu Keluarga – Sétiawan.png"));  // UTF-8 is fine.
    EXPECT_TRUE(CheckDocument(KkScan(), "image/png", 10, std::string(255, 'k')));
    EXPECT_TRUE(CheckDocument(KkScan(), "image/png", 10, "kk.v2.png"));
}

TEST(StandardCheckDocument, RefusesNamesThatLookLikePaths) {
    using namespace std::string_literals;
    for (const std::string& name :
         {""s, std::string(256, 'k'), "../x.pdf"s, "a/b.pdf"s, "a\\b.pdf"s, "/etc/passwd"s, ".."s, "kk..pdf"s,
          "kk\n.pdf"s, "kk\r.pdf"s, "kk\t.pdf"s, "kk\x7f.pdf"s, "kk\x1b[2J.pdf"s, "kk\0.pdf"s}) {
        auto refused = CheckDocument(KkScan(), "application/pdf", 10, name);
        ASSERT_FALSE(refused) << nlohmann::json(name).dump();
        EXPECT_EQ(refused.error().kind, core::ErrorKind::kInvalid);
        EXPECT_EQ(refused.error().code, "upload_name_invalid");
        EXPECT_EQ(refused.error().details, (nlohmann::json{{"requirement", "KK"}}));
    }
}

TEST(StandardCheckDocument, RefusesAnEmptyFile) {
    for (std::int64_t size : {0, -1}) {
        auto refused = CheckDocument(KkScan(), "application/pdf", size, "kk.pdf");
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, "upload_empty");
        EXPECT_EQ(refused.error().details, (nlohmann::json{{"requirement", "KK"}}));
    }
}

TEST(StandardCheckDocument, RefusesATypeTheRequirementDoesNotAccept) {
    for (const char* type : {"image/jpeg", "image/gif", "text/html", "application/x-msdownload", ""}) {
        auto refused = CheckDocument(KkScan(), type, 10, "kk.pdf");  // The name's extension is not trusted.
        ASSERT_FALSE(refused) << type;
        EXPECT_EQ(refused.error().kind, core::ErrorKind::kInvalid);
        EXPECT_EQ(refused.error().code, "upload_type_not_accepted");
        EXPECT_EQ(refused.error().details,
                  (nlohmann::json{{"requirement", "KK"}, {"accepted", {"application/pdf", "image/png"}}}));
    }
}

TEST(StandardCheckDocument, RefusesAnyFileForARequirementWithoutUpload) {
    Requirement in_person{"PEREKAMAN", {"Hadir", "Come in person"}, true, {}, 0};
    auto refused = CheckDocument(in_person, "application/pdf", 10, "x.pdf");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "upload_type_not_accepted");
    EXPECT_EQ(refused.error().details,
              (nlohmann::json{{"requirement", "PEREKAMAN"}, {"accepted", nlohmann::json::array()}}));
}

TEST(StandardCheckDocument, RefusesAFileOverTheLimit) {
    auto refused = CheckDocument(KkScan(), "application/pdf", 1001, "kk.pdf");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(refused.error().code, "upload_too_large");
    EXPECT_EQ(refused.error().details, (nlohmann::json{{"requirement", "KK"}, {"max_bytes", 1000}}));
}

TEST(StandardCheckDocument, ReportsTheNameFirstThenEmptinessThenTypeThenSize) {
    EXPECT_EQ(CheckDocument(KkScan(), "image/gif", 0, "a/b").error().code, "upload_name_invalid");
    EXPECT_EQ(CheckDocument(KkScan(), "image/gif", 0, "b.gif").error().code, "upload_empty");
    EXPECT_EQ(CheckDocument(KkScan(), "image/gif", 5000, "b.gif").error().code, "upload_type_not_accepted");
}

// --- MissingRequired.

TEST(StandardMissingRequired, ListsTheRequiredDocumentsNotProvidedInOrder) {
    auto version = ValidDraft();
    version.requirements.push_back({"AKTA", {"Akta", "Certificate"}, true, {"application/pdf"}, 100});
    EXPECT_TRUE(MissingRequired(version, {"KK", "AKTA"}));
    EXPECT_TRUE(MissingRequired(version, {"KK", "AKTA", "SURAT_KEHILANGAN", "UNKNOWN"}));

    auto missing = MissingRequired(version, {"SURAT_KEHILANGAN", "PEREKAMAN"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(missing.error().code, "request_document_missing");
    // Not the optional document, nor the requirement met at the counter.
    EXPECT_EQ(missing.error().details, (nlohmann::json{{"requirements", {"KK", "AKTA"}}}));
}

// Random standards and random provided sets: the missing list is exactly the required documents not
// provided, in the standard's order, whatever else was provided.
TEST(StandardMissingRequired, IsExactlyTheRequiredDocumentsNotProvided) {
    std::mt19937 random(1108);
    std::bernoulli_distribution coin(0.5);
    for (int round = 0; round < 300; ++round) {
        StandardVersion version;
        std::set<std::string> provided;
        std::vector<std::string> expected;
        const int count = std::uniform_int_distribution<int>(0, 8)(random);
        for (int i = 0; i < count; ++i) {
            Requirement requirement{"R" + std::to_string(i), {"x", "x"}, coin(random), {}, 0};
            if (coin(random)) {
                requirement.accepted_types = {"application/pdf"};
                requirement.max_bytes = 100;
            }
            const bool given = coin(random);
            if (given) {
                provided.insert(requirement.code);
            }
            if (requirement.required && requirement.IsDocument() && !given) {
                expected.push_back(requirement.code);
            }
            version.requirements.push_back(requirement);
        }
        if (coin(random)) {
            provided.insert("NOT_IN_THE_STANDARD");
        }
        auto result = MissingRequired(version, provided);
        if (expected.empty()) {
            EXPECT_TRUE(result) << round;
        } else {
            ASSERT_FALSE(result) << round;
            EXPECT_EQ(result.error().details, (nlohmann::json{{"requirements", expected}})) << round;
        }
    }
}

// --- FromCatalogStandard.

catalog::ServiceStandard OldKk() {
    catalog::ServiceStandard old;
    old.requirements = {{"Kartu Keluarga lama", "The current family card"}, {"Formulir F-1.01", "Form F-1.01"}};
    old.procedure = {"Ambil nomor antrian; serahkan berkas.", "Take a queue number; hand in the documents."};
    old.completion_unit = catalog::DurationUnit::kWorkingDays;
    old.completion_min = 1;
    old.completion_max = 3;
    old.fee_idr = 0;
    old.fee_note = {"Gratis", "Free"};
    old.product = {"Kartu Keluarga", "Family card"};
    old.decree = "Keputusan Kepala Dinas Nomor 400.12/017/417.304/2025";
    old.version = 4;
    return old;
}

TEST(StandardFromCatalog, KeepsThePublishedPartAsVersionOne) {
    auto version = FromCatalogStandard(OldKk(), Day(2026, 12, 5));
    EXPECT_EQ(version.version, 1);
    EXPECT_EQ(version.decree, (Decree{"Keputusan Kepala Dinas Nomor 400.12/017/417.304/2025", Day(2026, 12, 5)}));
    EXPECT_EQ(version.valid_from, Day(2026, 12, 5));
    ASSERT_EQ(version.requirements.size(), 2U);
    EXPECT_EQ(version.requirements[0],
              (Requirement{"R1", {"Kartu Keluarga lama", "The current family card"}, true, {}, 0}));
    EXPECT_EQ(version.requirements[1], (Requirement{"R2", {"Formulir F-1.01", "Form F-1.01"}, true, {}, 0}));
    EXPECT_EQ(version.procedure, (std::vector<LocalizedText>{OldKk().procedure}));
    EXPECT_EQ(version.completion, (calendar::DeadlineRule{DeadlineUnit::kWorkingDays, 3}));
    EXPECT_EQ(version.fee, (Fee{0, {"Gratis", "Free"}}));
    EXPECT_EQ(version.product, OldKk().product);
    EXPECT_EQ(version.complaint_channel, LaporComplaintChannel());
    EXPECT_TRUE(version.legal_basis.empty());
    EXPECT_EQ(version.officer_count, 0);
    EXPECT_EQ(version.pledge, LocalizedText{});
    auto valid = Validate(version);
    EXPECT_TRUE(valid) << valid.error().message;
}

TEST(StandardFromCatalog, MapsEachDurationUnitToADeadlineRule) {
    struct Case {
        catalog::DurationUnit unit;
        int max;
        calendar::DeadlineRule rule;
    };
    for (const auto& c : {Case{catalog::DurationUnit::kSameDay, 0, {DeadlineUnit::kWorkingDays, 0}},
                          Case{catalog::DurationUnit::kWorkingDays, 28, {DeadlineUnit::kWorkingDays, 28}},
                          Case{catalog::DurationUnit::kCalendarDays, 14, {DeadlineUnit::kCalendarDays, 14}},
                          Case{catalog::DurationUnit::kHours, 2, {DeadlineUnit::kWorkingHours, 2}}}) {
        auto old = OldKk();
        old.completion_unit = c.unit;
        old.completion_min = 0;
        old.completion_max = c.max;
        auto version = FromCatalogStandard(old, Day(2026, 12, 5));
        EXPECT_EQ(version.completion, c.rule);
        EXPECT_TRUE(Validate(version));
    }
}

}  // namespace
}  // namespace layan::domain::standards
