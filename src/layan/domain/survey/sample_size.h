#pragma once

#include <cstdint>

namespace layan::domain::survey {

/// The minimum number of respondents for a satisfaction survey among `population` service users in
/// the period (Krejcie–Morgan): S = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5,
/// d = 0.05, rounded half up, computed exactly. N=100 → 80, 1,000 → 278, 1,000,000 → 384 (the limit
/// for large N). Returns 0 when population <= 0.
[[nodiscard]] std::int64_t KrejcieMorganSampleSize(std::int64_t population);

}  // namespace layan::domain::survey
