#include "layan/domain/survey/ikm.h"

#include <cmath>

#include <gtest/gtest.h>

namespace layan::domain::survey {
namespace {

/// A tally where every element got `answered` answers summing to the given total.
SurveyTally FromTotals(const std::array<std::int64_t, 9>& totals, std::int64_t answered) {
    SurveyTally tally;
    for (size_t i = 0; i < totals.size(); ++i) {
        auto added = tally.AddTotals(Elements()[i].code, totals.at(i), answered);
        if (!added) {
            throw std::runtime_error(added.error().message);
        }
    }
    tally.AddRespondents(answered);
    return tally;
}

const std::array<std::int64_t, 9> kGuidanceTotals{105, 101, 100, 116, 102, 105, 106, 105, 115};

TEST(Ikm, GuidanceExampleGivesNinetyOnePointFourEightGradeA) {
    auto result = ComputeIkm(FromTotals(kGuidanceTotals, 29));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->converted_hundredths, 9148);  // 955 / (29 × 9) × 25 = 91.475...
    EXPECT_EQ(result->ConvertedText(), "91.48");
    EXPECT_EQ(result->grade, Grade::kA);
    EXPECT_EQ(GradeLabel(result->grade).id, "Sangat baik");
    EXPECT_EQ(result->respondents, 29);
    EXPECT_NEAR(result->ikm, 955.0 / (29 * 9), 1e-12);
    ASSERT_EQ(result->elements.size(), 9u);
    EXPECT_EQ(result->elements[3].code, "U4");
    EXPECT_NEAR(result->elements[3].nrr, 116.0 / 29, 1e-12);
}

TEST(Ikm, RoundedWeightsGiveTheLowerIndexOfficesReport) {
    auto tally = FromTotals(kGuidanceTotals, 29);
    EXPECT_EQ(ComputeIkm(tally, IkmWeight::kPoint111)->ConvertedText(), "91.38");
    EXPECT_EQ(ComputeIkm(tally, IkmWeight::kPoint11)->ConvertedText(), "90.56");
}

TEST(Ikm, ExactHalfRoundsUp) {
    // 9 × 3001 answers-sum over 1000 answers each: 27009 / 9000 × 25 = 75.025 exactly → 75.03.
    auto result = ComputeIkm(FromTotals({3001, 3001, 3001, 3001, 3001, 3001, 3001, 3001, 3001}, 1000));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->ConvertedText(), "75.03");
    // Just below the half rounds down: one answer less in U1 is 75.0222...
    EXPECT_EQ(ComputeIkm(FromTotals({3000, 3001, 3001, 3001, 3001, 3001, 3001, 3001, 3001}, 1000))->ConvertedText(),
              "75.02");
}

TEST(Ikm, ExactHalfRoundsUpWithDifferentAnswerCountsPerElement) {
    // NRR 3 for U1..U8 (over 3, 7, 11, ... answers) and 1.011 for U9: (24 + 1.011) × 25 / 9 = 69.475 → 69.48.
    SurveyTally tally;
    for (size_t i = 0; i < 8; ++i) {
        std::int64_t answered = 3 + 4 * static_cast<std::int64_t>(i);
        ASSERT_TRUE(tally.AddTotals(Elements()[i].code, 3 * answered, answered));
    }
    ASSERT_TRUE(tally.AddTotals("U9", 1011, 1000));
    auto result = ComputeIkm(tally);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->ConvertedText(), "69.48");
    EXPECT_EQ(result->grade, Grade::kC);
}

TEST(Ikm, StaysExactWithTheLargestAnswerCounts) {
    // Nine different, very large counts: the common denominator is far beyond 128 bits.
    SurveyTally tally;
    double expected = 0;
    for (size_t i = 0; i < 9; ++i) {
        std::int64_t answered = SurveyTally::kMaxAnswered - 1 - 2 * static_cast<std::int64_t>(i);
        std::int64_t sum = 3 * answered + 7 * static_cast<std::int64_t>(i);
        ASSERT_TRUE(tally.AddTotals(Elements()[i].code, sum, answered));
        expected += static_cast<double>(sum) / static_cast<double>(answered);
    }
    auto result = ComputeIkm(tally);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->converted_hundredths, std::llround(expected / 9 * 2500));  // 75.00, far from a tie
    EXPECT_EQ(result->ConvertedText(), "75.00");
}

TEST(Ikm, UnansweredItemsAreLeftOutOfTheirElementsAverage) {
    SurveyTally tally;
    std::map<std::string, int, std::less<>> all_fours;
    for (const auto& element : Elements()) {
        all_fours[std::string{element.code}] = 4;
    }
    ASSERT_TRUE(tally.AddResponse(all_fours));
    auto skipped_fee = all_fours;
    skipped_fee.erase("U4");
    ASSERT_TRUE(tally.AddResponse(skipped_fee));
    EXPECT_EQ(tally.Of("U4"), (ElementTally{4, 1}));
    EXPECT_EQ(tally.Of("U1"), (ElementTally{8, 2}));
    EXPECT_EQ(tally.respondents(), 2);
    auto result = ComputeIkm(tally);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->ConvertedText(), "100.00");
}

TEST(Ikm, ElementWithoutAnyAnswerCannotBeIndexed) {
    SurveyTally tally;
    ASSERT_TRUE(tally.AddResponse({{"U1", 3}, {"U2", 3}}));
    auto result = ComputeIkm(tally);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "survey_element_unanswered");
    EXPECT_EQ(result.error().details["element"], "U3");
}

TEST(Ikm, RejectsUnknownElementsAndAnswersOutsideOneToFourAddingNothing) {
    SurveyTally tally;
    auto unknown = tally.AddResponse({{"U1", 3}, {"U10", 3}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "survey_unknown_element");
    for (int bad : {0, 5, -1}) {
        auto out_of_range = tally.AddResponse({{"U1", 3}, {"U2", bad}});
        ASSERT_FALSE(out_of_range);
        EXPECT_EQ(out_of_range.error().code, "survey_answer_out_of_range");
    }
    EXPECT_EQ(tally.Of("U1"), ElementTally{});
    EXPECT_EQ(tally.respondents(), 0);
}

TEST(Ikm, RejectsTotalsNoAnswersCouldProduce) {
    SurveyTally tally;
    EXPECT_EQ(tally.AddTotals("U1", 28, 29).error().code, "survey_totals_invalid");   // below 1 each
    EXPECT_EQ(tally.AddTotals("U1", 117, 29).error().code, "survey_totals_invalid");  // above 4 each
    EXPECT_EQ(tally.AddTotals("U1", 0, -1).error().code, "survey_totals_invalid");
    EXPECT_EQ(tally.AddTotals("X1", 29, 29).error().code, "survey_unknown_element");
    EXPECT_EQ(tally.AddTotals("U1", SurveyTally::kMaxAnswered + 1, SurveyTally::kMaxAnswered + 1).error().code,
              "survey_totals_invalid");
    ASSERT_TRUE(tally.AddTotals("U1", SurveyTally::kMaxAnswered, SurveyTally::kMaxAnswered));
    EXPECT_EQ(tally.AddTotals("U1", 1, 1).error().code, "survey_too_many_answers");
}

TEST(Ikm, GradesFollowTheConvertedIndexTable) {
    EXPECT_EQ(GradeOf(10000), Grade::kA);
    EXPECT_EQ(GradeOf(8831), Grade::kA);
    EXPECT_EQ(GradeOf(8830), Grade::kB);
    EXPECT_EQ(GradeOf(7661), Grade::kB);
    EXPECT_EQ(GradeOf(7660), Grade::kC);
    EXPECT_EQ(GradeOf(6500), Grade::kC);
    EXPECT_EQ(GradeOf(6499), Grade::kD);
    EXPECT_EQ(GradeOf(2500), Grade::kD);
    EXPECT_EQ(GradeLabel(Grade::kB).id, "Baik");
    EXPECT_EQ(GradeLabel(Grade::kC).id, "Kurang baik");
    EXPECT_EQ(GradeLabel(Grade::kD).id, "Tidak baik");
    EXPECT_EQ(ToString(Grade::kC), "C");
}

TEST(Ikm, NineElementsKeyedByCodeWithNamesInBothLanguages) {
    ASSERT_EQ(Elements().size(), 9u);
    for (size_t i = 0; i < Elements().size(); ++i) {
        EXPECT_EQ(Elements()[i].code, "U" + std::to_string(i + 1));
        EXPECT_FALSE(Elements()[i].name_id.empty());
        EXPECT_FALSE(Elements()[i].name_en.empty());
    }
    EXPECT_EQ(FindElement("U3")->name_id, "Waktu penyelesaian");
    EXPECT_EQ(FindElement("U9")->name_en, "Facilities");
    EXPECT_EQ(FindElement("U0"), nullptr);
}

TEST(Ikm, WeightSettingRoundTripsThroughText) {
    for (auto weight : {IkmWeight::kOneNinth, IkmWeight::kPoint111, IkmWeight::kPoint11}) {
        EXPECT_EQ(ParseIkmWeight(ToString(weight)), weight);
    }
    EXPECT_FALSE(ParseIkmWeight("0.1111"));
}

}  // namespace
}  // namespace layan::domain::survey
