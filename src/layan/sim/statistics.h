#pragma once

#include <span>
#include <vector>

/// Small statistics the simulator's reports need: quantiles, and confidence intervals over
/// independent replications (simulated days).
namespace layan::sim {

/// The q-quantile (0 ≤ q ≤ 1) of values, linearly interpolated between order statistics (Hyndman &
/// Fan type 7, as R and NumPy by default). Sorts `values`. 0 for no values.
[[nodiscard]] double Quantile(std::vector<double>& values, double q);

/// The 0.975 quantile of Student's t with `df` degrees of freedom (df ≥ 1): exact for df 1 and 2,
/// the Cornish–Fisher expansion above (error below 1e-3 from df 3).
[[nodiscard]] double StudentT975(int df);

/// A mean over replications with the half-width of its 95 % confidence interval.
struct Estimate {
    double value = 0;
    double ci95 = 0;  ///< 0 with fewer than two replications.
    int n = 0;        ///< Replications it is made of.
};

/// The mean of per-replication values and its 95 % confidence interval (t-based).
[[nodiscard]] Estimate MeanOf(std::span<const double> replications);

}  // namespace layan::sim
