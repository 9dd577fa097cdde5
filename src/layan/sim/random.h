#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

/// The simulator's random numbers, the same on every platform: the standard library's engines are
/// exactly specified but its distributions are not, so the few distributions the simulator needs are
/// written here over a SplitMix64 stream. Same seed → same numbers → byte-identical reports.
namespace layan::sim {

class Random {
public:
    /// A stream for one seed and one lane (a day, a candidate...); lanes of one seed are independent.
    explicit Random(std::uint64_t seed, std::uint64_t lane = 0)
        : state_(Mix(seed) ^ Mix(lane + 0x632be59bd9b4e019ULL)) {}

    /// 64 uniformly distributed bits (SplitMix64).
    std::uint64_t Next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return Mix(state_);
    }

    /// Uniform in [0, 1), 53 bits.
    double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

    /// Exponential with the given mean.
    double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

    /// Standard normal (Box–Muller; one value per call, so the stream never depends on a cached half).
    double Normal() {
        double u = 1.0 - Uniform();  // (0, 1]
        double v = Uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
    }

    /// Lognormal with the given mean and coefficient of variation (cv = 0: always the mean).
    double LogNormal(double mean, double cv) {
        const double sigma2 = std::log1p(cv * cv);
        const double mu = std::log(mean) - sigma2 / 2;
        return std::exp(mu + std::sqrt(sigma2) * Normal());
    }

    /// True with probability p.
    bool Bernoulli(double p) { return Uniform() < p; }

private:
    static std::uint64_t Mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_;
};

}  // namespace layan::sim
