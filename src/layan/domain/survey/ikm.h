#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/catalog/catalog.h"

namespace layan::domain::survey {

/// One element (unsur) of the satisfaction survey (SKM, PermenPANRB 14/2017).
struct Element {
    std::string_view code;     ///< "U1".."U9".
    std::string_view name_id;  ///< "Persyaratan".
    std::string_view name_en;  ///< "Requirements".
};

/// The nine elements U1..U9, in code order.
[[nodiscard]] std::span<const Element> Elements();

/// The element with this code, or nullptr.
[[nodiscard]] const Element* FindElement(std::string_view code);

/// Lowest and highest answer to an element (1 = poor ... 4 = very good).
inline constexpr int kMinAnswer = 1;
inline constexpr int kMaxAnswer = 4;

/// The weight of each element's NRR in the index. The regulation says 1/9; some offices use a
/// rounded 0.111 or 0.11, which lowers the index slightly, so it is a setting.
enum class IkmWeight {
    kOneNinth,  ///< Exactly 1/9 (the default).
    kPoint111,  ///< 0.111.
    kPoint11,   ///< 0.11.
};

/// "1/9", "0.111", "0.11".
[[nodiscard]] std::string_view ToString(IkmWeight weight);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<IkmWeight> ParseIkmWeight(std::string_view text);

/// The answers given to one element: their sum and how many there were.
struct ElementTally {
    std::int64_t sum = 0;
    std::int64_t answered = 0;

    friend bool operator==(const ElementTally&, const ElementTally&) = default;
};

/// Answers to a survey, accumulated per element. Unanswered items are simply absent, so each
/// element's NRR is taken over the answers it received.
class SurveyTally {
public:
    /// The most answers one element may hold (more than Indonesia's population); keeps the exact
    /// arithmetic of ComputeIkm within bounds.
    static constexpr std::int64_t kMaxAnswered = std::int64_t{1} << 31;

    /// Adds one respondent's answers keyed by element code ("U1" → 4); a missing code is an unanswered
    /// item. Errors (kInvalid; nothing is added): "survey_unknown_element" (a code other than
    /// U1..U9), "survey_answer_out_of_range" (an answer outside 1..4), "survey_too_many_answers".
    [[nodiscard]] core::Status AddResponse(const std::map<std::string, int, std::less<>>& answers);

    /// Adds already-summed answers to one element (e.g. from a paper survey's recap sheet): `answered`
    /// answers whose values sum to `sum`. Errors (kInvalid; nothing is added): "survey_unknown_element";
    /// "survey_totals_invalid" when answered < 0 or sum is not between answered × 1 and answered × 4;
    /// "survey_too_many_answers".
    [[nodiscard]] core::Status AddTotals(std::string_view code, std::int64_t sum, std::int64_t answered);

    /// Adds another tally to this one, element by element, with its respondents (the sum of two surveys).
    void Merge(const SurveyTally& other) {
        for (std::size_t i = 0; i < tallies_.size(); ++i) {
            tallies_.at(i).sum += other.tallies_.at(i).sum;
            tallies_.at(i).answered += other.tallies_.at(i).answered;
        }
        respondents_ += other.respondents_;
    }

    /// Counts respondents whose answers were added with AddTotals (AddResponse counts its own).
    void AddRespondents(std::int64_t count) { respondents_ += count; }

    /// The tally of one element; all zero for an unknown code.
    [[nodiscard]] ElementTally Of(std::string_view code) const;

    /// Respondents counted so far (for the report; the index does not use it).
    [[nodiscard]] std::int64_t respondents() const { return respondents_; }

    friend bool operator==(const SurveyTally&, const SurveyTally&) = default;

private:
    std::array<ElementTally, 9> tallies_{};  // In Elements() order.
    std::int64_t respondents_ = 0;
};

/// Grade (mutu pelayanan) of a converted index.
enum class Grade { kA, kB, kC, kD };

/// "A", "B", "C", "D".
[[nodiscard]] std::string_view ToString(Grade grade);

/// The performance label of a grade: A "Sangat baik" (very good), B "Baik" (good), C "Kurang baik"
/// (poor), D "Tidak baik" (very poor).
[[nodiscard]] catalog::LocalizedText GradeLabel(Grade grade);

/// The grade of a converted index given in hundredths (9148 for 91.48): A from 88.31, B from 76.61,
/// C from 65.00, D below.
[[nodiscard]] Grade GradeOf(std::int64_t converted_hundredths);

/// One element's part of the index.
struct ElementScore {
    std::string code;
    ElementTally tally;
    double nrr = 0;  ///< Mean answer (sum / answered), 1..4; for display.

    friend bool operator==(const ElementScore&, const ElementScore&) = default;
};

/// The satisfaction index (IKM) of a survey.
struct IkmResult {
    std::vector<ElementScore> elements;  ///< U1..U9.
    IkmWeight weight = IkmWeight::kOneNinth;
    double ikm = 0;  ///< Σ NRR × weight on the 1–4 scale, unrounded; for display.
    /// Converted index (IKM × 25) × 100, rounded half up from the exact value: 9148 means 91.48.
    std::int64_t converted_hundredths = 0;
    Grade grade = Grade::kD;
    std::int64_t respondents = 0;

    /// "91.48".
    [[nodiscard]] std::string ConvertedText() const;

    friend bool operator==(const IkmResult&, const IkmResult&) = default;
};

/// Computes the index: NRR of each element = sum / answered; IKM = Σ NRR × weight; converted = IKM × 25,
/// rounded to 2 decimals half up, computed in exact integer arithmetic (no floating point decides a
/// rounding or a grade); then graded. Example: 29 respondents, totals 105, 101, 100, 116, 102, 105, 106,
/// 105, 115 → 91.48, A (0.111 → 91.38; 0.11 → 90.56).
/// Error: "survey_element_unanswered" (kInvalid) when an element has no answers, since its NRR is
/// undefined.
[[nodiscard]] core::Result<IkmResult> ComputeIkm(const SurveyTally& tally, IkmWeight weight = IkmWeight::kOneNinth);

}  // namespace layan::domain::survey
