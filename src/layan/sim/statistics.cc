#include "layan/sim/statistics.h"

#include <algorithm>
#include <cmath>

namespace layan::sim {

double Quantile(std::vector<double>& values, double q) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1) * std::clamp(q, 0.0, 1.0);
    const auto low = static_cast<std::size_t>(std::floor(h));
    const std::size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (h - static_cast<double>(low)) * (values[high] - values[low]);
}

double StudentT975(int df) {
    if (df <= 1) {
        return 12.706204736174698;
    }
    if (df == 2) {
        return 4.302652729749464;
    }
    const double z = 1.959963984540054;
    const double v = df;
    const double z3 = z * z * z;
    const double z5 = z3 * z * z;
    const double z7 = z5 * z * z;
    const double z9 = z7 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
           (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

Estimate MeanOf(std::span<const double> replications) {
    Estimate estimate;
    estimate.n = static_cast<int>(replications.size());
    if (replications.empty()) {
        return estimate;
    }
    double sum = 0;
    for (double x : replications) {
        sum += x;
    }
    estimate.value = sum / estimate.n;
    if (estimate.n >= 2) {
        double squares = 0;
        for (double x : replications) {
            squares += (x - estimate.value) * (x - estimate.value);
        }
        const double sd = std::sqrt(squares / (estimate.n - 1));
        estimate.ci95 = StudentT975(estimate.n - 1) * sd / std::sqrt(static_cast<double>(estimate.n));
    }
    return estimate;
}

}  // namespace layan::sim
