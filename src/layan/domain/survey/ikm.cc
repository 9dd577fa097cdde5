#include "layan/domain/survey/ikm.h"

#include <algorithm>
#include <cmath>
#include <compare>

#include <fmt/format.h>

namespace layan::domain::survey {

namespace {

constexpr std::array<Element, 9> kElements{{
    {"U1", "Persyaratan", "Requirements"},
    {"U2", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"},
    {"U3", "Waktu penyelesaian", "Completion time"},
    {"U4", "Biaya/tarif", "Fee/tariff"},
    {"U5", "Produk spesifikasi jenis pelayanan", "Product specification"},
    {"U6", "Kompetensi pelaksana", "Officer competence"},
    {"U7", "Perilaku pelaksana", "Officer behaviour"},
    {"U8", "Penanganan pengaduan, saran, dan masukan", "Handling of complaints, suggestions and input"},
    {"U9", "Sarana dan prasarana", "Facilities"},
}};

std::optional<size_t> IndexOf(std::string_view code) {
    for (size_t i = 0; i < kElements.size(); ++i) {
        if (kElements.at(i).code == code) {
            return i;
        }
    }
    return std::nullopt;
}

tl::unexpected<core::Error> UnknownElement(std::string_view code) {
    return core::Fail(core::ErrorKind::kInvalid, "survey_unknown_element",
                      fmt::format("\"{}\" is not a survey element; the elements are U1 to U9.", code),
                      {{"element", std::string{code}}});
}

tl::unexpected<core::Error> TooManyAnswers(std::string_view code) {
    return core::Fail(core::ErrorKind::kInvalid, "survey_too_many_answers",
                      fmt::format("Element {} cannot hold more than {} answers.", code, SurveyTally::kMaxAnswered),
                      {{"element", std::string{code}}});
}

/// The weight as an exact fraction numerator / denominator.
struct Fraction {
    std::uint64_t numerator = 1;
    std::uint64_t denominator = 1;
};

Fraction AsFraction(IkmWeight weight) {
    switch (weight) {
        case IkmWeight::kOneNinth:
            return {1, 9};
        case IkmWeight::kPoint111:
            return {111, 1000};
        case IkmWeight::kPoint11:
            return {11, 100};
    }
    return {1, 9};
}

__extension__ using Uint128 = unsigned __int128;

/// A non-negative integer of any size, with just what exact rounding needs: multiply by a
/// machine word, add, compare. Limbs are base 2^64, least significant first.
class BigNat {
public:
    explicit BigNat(std::uint64_t value) : limbs_{value} {}

    BigNat& operator*=(std::uint64_t factor) {
        Uint128 carry = 0;
        for (auto& limb : limbs_) {
            Uint128 product = Uint128{limb} * factor + carry;
            limb = static_cast<std::uint64_t>(product);
            carry = product >> 64;
        }
        if (carry != 0) {
            limbs_.push_back(static_cast<std::uint64_t>(carry));
        }
        Trim();
        return *this;
    }

    BigNat& operator+=(const BigNat& other) {
        limbs_.resize(std::max(limbs_.size(), other.limbs_.size()), 0);
        Uint128 carry = 0;
        for (size_t i = 0; i < limbs_.size(); ++i) {
            Uint128 sum = Uint128{limbs_[i]} + (i < other.limbs_.size() ? other.limbs_[i] : 0) + carry;
            limbs_[i] = static_cast<std::uint64_t>(sum);
            carry = sum >> 64;
        }
        if (carry != 0) {
            limbs_.push_back(static_cast<std::uint64_t>(carry));
        }
        return *this;
    }

    friend std::strong_ordering operator<=>(const BigNat& a, const BigNat& b) {
        if (a.limbs_.size() != b.limbs_.size()) {
            return a.limbs_.size() <=> b.limbs_.size();
        }
        return std::lexicographical_compare_three_way(a.limbs_.rbegin(), a.limbs_.rend(), b.limbs_.rbegin(),
                                                      b.limbs_.rend());
    }

private:
    void Trim() {
        while (limbs_.size() > 1 && limbs_.back() == 0) {
            limbs_.pop_back();
        }
    }

    std::vector<std::uint64_t> limbs_;
};

BigNat operator*(BigNat a, std::uint64_t b) { return a *= b; }

/// floor(Σ (sum_i / answered_i) × w × 2500 + 1/2): the converted index in hundredths, rounded half up.
/// With w = p / q and P = Π answered_j it is floor((2·N + D) / (2·D)) for
/// N = 2500·p·Σ sum_i·Π_{j≠i} answered_j and D = q·P, found exactly from a floating-point estimate.
std::int64_t ConvertedHundredths(const std::array<ElementTally, 9>& tallies, Fraction w, double estimate) {
    BigNat numerator{0};
    BigNat denominator{w.denominator};
    for (size_t i = 0; i < tallies.size(); ++i) {
        BigNat term{static_cast<std::uint64_t>(tallies.at(i).sum)};
        for (size_t j = 0; j < tallies.size(); ++j) {
            if (j != i) {
                term *= static_cast<std::uint64_t>(tallies.at(j).answered);
            }
        }
        numerator += term;
        denominator *= static_cast<std::uint64_t>(tallies.at(i).answered);
    }
    numerator *= 2500 * w.numerator;
    BigNat target = numerator * 2;  // 2N + D
    target += denominator;
    BigNat two_d = denominator * 2;
    // R is the largest integer with R·2D <= 2N + D.
    auto r = static_cast<std::int64_t>(std::llround(estimate));
    r = std::max<std::int64_t>(r, 0);
    while (two_d * static_cast<std::uint64_t>(r + 1) <= target) {
        ++r;
    }
    while (r > 0 && two_d * static_cast<std::uint64_t>(r) > target) {
        --r;
    }
    return r;
}

}  // namespace

std::span<const Element> Elements() { return kElements; }

const Element* FindElement(std::string_view code) {
    auto i = IndexOf(code);
    return i ? &kElements.at(*i) : nullptr;
}

std::string_view ToString(IkmWeight weight) {
    switch (weight) {
        case IkmWeight::kOneNinth:
            return "1/9";
        case IkmWeight::kPoint111:
            return "0.111";
        case IkmWeight::kPoint11:
            return "0.11";
    }
    return "1/9";
}

std::optional<IkmWeight> ParseIkmWeight(std::string_view text) {
    for (auto weight : {IkmWeight::kOneNinth, IkmWeight::kPoint111, IkmWeight::kPoint11}) {
        if (ToString(weight) == text) {
            return weight;
        }
    }
    return std::nullopt;
}

core::Status SurveyTally::AddResponse(const std::map<std::string, int, std::less<>>& answers) {
    auto updated = tallies_;
    for (const auto& [code, value] : answers) {
        auto i = IndexOf(code);
        if (!i) {
            return UnknownElement(code);
        }
        if (value < kMinAnswer || value > kMaxAnswer) {
            return core::Fail(core::ErrorKind::kInvalid, "survey_answer_out_of_range",
                              fmt::format("The answer to {} is {}; answers are 1 to 4.", code, value),
                              {{"element", code}});
        }
        auto& tally = updated.at(*i);
        if (tally.answered >= kMaxAnswered) {
            return TooManyAnswers(code);
        }
        tally.sum += value;
        tally.answered += 1;
    }
    tallies_ = updated;
    respondents_ += 1;
    return {};
}

core::Status SurveyTally::AddTotals(std::string_view code, std::int64_t sum, std::int64_t answered) {
    auto i = IndexOf(code);
    if (!i) {
        return UnknownElement(code);
    }
    if (answered < 0 || answered > kMaxAnswered || sum < answered * kMinAnswer || sum > answered * kMaxAnswer) {
        return core::Fail(
            core::ErrorKind::kInvalid, "survey_totals_invalid",
            fmt::format("Element {}: {} answers cannot sum to {}; each answer is 1 to 4.", code, answered, sum),
            {{"element", std::string{code}}});
    }
    auto& tally = tallies_.at(*i);
    if (tally.answered + answered > kMaxAnswered) {
        return TooManyAnswers(code);
    }
    tally.sum += sum;
    tally.answered += answered;
    return {};
}

ElementTally SurveyTally::Of(std::string_view code) const {
    auto i = IndexOf(code);
    return i ? tallies_.at(*i) : ElementTally{};
}

std::string_view ToString(Grade grade) {
    switch (grade) {
        case Grade::kA:
            return "A";
        case Grade::kB:
            return "B";
        case Grade::kC:
            return "C";
        case Grade::kD:
            return "D";
    }
    return "D";
}

catalog::LocalizedText GradeLabel(Grade grade) {
    switch (grade) {
        case Grade::kA:
            return {"Sangat baik", "Very good"};
        case Grade::kB:
            return {"Baik", "Good"};
        case Grade::kC:
            return {"Kurang baik", "Poor"};
        case Grade::kD:
            return {"Tidak baik", "Very poor"};
    }
    return {"Tidak baik", "Very poor"};
}

Grade GradeOf(std::int64_t converted_hundredths) {
    if (converted_hundredths >= 8831) {
        return Grade::kA;
    }
    if (converted_hundredths >= 7661) {
        return Grade::kB;
    }
    if (converted_hundredths >= 6500) {
        return Grade::kC;
    }
    return Grade::kD;
}

std::string IkmResult::ConvertedText() const {
    return fmt::format("{}.{:02}", converted_hundredths / 100, converted_hundredths % 100);
}

core::Result<IkmResult> ComputeIkm(const SurveyTally& tally, IkmWeight weight) {
    IkmResult result;
    result.weight = weight;
    result.respondents = tally.respondents();
    std::array<ElementTally, 9> tallies{};
    const Fraction w = AsFraction(weight);
    double nrr_sum = 0;
    for (size_t i = 0; i < kElements.size(); ++i) {
        const auto& element = kElements.at(i);
        tallies.at(i) = tally.Of(element.code);
        if (tallies.at(i).answered == 0) {
            return core::Fail(core::ErrorKind::kInvalid, "survey_element_unanswered",
                              fmt::format("Element {} ({}) has no answers, so the index cannot be computed.",
                                          element.code, element.name_en),
                              {{"element", std::string{element.code}}});
        }
        double nrr = static_cast<double>(tallies.at(i).sum) / static_cast<double>(tallies.at(i).answered);
        nrr_sum += nrr;
        result.elements.push_back({std::string{element.code}, tallies.at(i), nrr});
    }
    result.ikm = nrr_sum * static_cast<double>(w.numerator) / static_cast<double>(w.denominator);
    result.converted_hundredths = ConvertedHundredths(tallies, w, result.ikm * 2500);
    result.grade = GradeOf(result.converted_hundredths);
    return result;
}

}  // namespace layan::domain::survey
