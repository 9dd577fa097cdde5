#include "layan/sim/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace layan::sim {

double ErlangB(double load, int servers) {
    double b = 1;
    for (int k = 1; k <= servers; ++k) {
        b = load * b / (k + load * b);
    }
    return b;
}

double ErlangC(double load, int servers) {
    if (load >= servers) {
        return 1;
    }
    const double b = ErlangB(load, servers);
    return servers * b / (servers - load * (1 - b));
}

double ServiceLevelC(double load, int servers, double mean_service, double wait) {
    if (load >= servers) {
        return 0;
    }
    return 1 - ErlangC(load, servers) * std::exp(-(servers - load) * wait / mean_service);
}

double MeanWaitC(double load, int servers, double mean_service) {
    if (load >= servers) {
        return std::numeric_limits<double>::infinity();
    }
    return ErlangC(load, servers) * mean_service / (servers - load);
}

ErlangAResult ErlangA(double arrival_rate, double mean_service, double patience, int servers, double wait) {
    const double lambda = arrival_rate;
    const double mu = 1 / mean_service;
    const double theta = 1 / patience;
    const int c = servers;
    ErlangAResult result;
    if (lambda <= 0) {
        result.service_level = 1;
        return result;
    }
    if (c <= 0) {  // Everyone waits until they leave.
        result.p_wait = 1;
        result.p_abandon = 1;
        result.mean_wait = patience;
        return result;
    }
    // Stationary distribution in logs: log π_k − log π_0.
    std::vector<double> log_pi{0.0};
    double peak = 0;
    for (int k = 1;; ++k) {
        const double rate_out = std::min(k, c) * mu + std::max(k - c, 0) * theta;
        log_pi.push_back(log_pi.back() + std::log(lambda / rate_out));
        peak = std::max(peak, log_pi.back());
        if (k > c && log_pi.back() < peak - 36 && rate_out > lambda) {  // e^-36 ≈ 2e-16, and falling
            break;
        }
    }
    double total = 0;
    for (double value : log_pi) {
        total += std::exp(value - peak);
    }
    std::vector<double> pi(log_pi.size());
    for (std::size_t k = 0; k < pi.size(); ++k) {
        pi[k] = std::exp(log_pi[k] - peak) / total;
    }
    double queue = 0;
    for (std::size_t k = static_cast<std::size_t>(c); k < pi.size(); ++k) {
        result.p_wait += pi[k];
        queue += static_cast<double>(k - static_cast<std::size_t>(c)) * pi[k];
    }
    result.p_abandon = theta * queue / lambda;
    result.mean_wait = queue / lambda;

    // Served within `wait`: an arrival that finds j others waiting is served once those j have gone
    // (each served at the rate c·μ of the whole hall, or leaving at θ each) and a server frees,
    // unless it leaves first (θ). Transient probabilities of that chain by uniformization.
    const std::size_t ahead = pi.size() - static_cast<std::size_t>(c);
    std::vector<double> p(ahead);
    for (std::size_t j = 0; j < ahead; ++j) {
        p[j] = pi[static_cast<std::size_t>(c) + j];
    }
    const double uniform = c * mu + static_cast<double>(ahead) * theta + theta;
    const double mean_steps = uniform * wait;
    double served = 0;  // Absorbed in "served" after m steps.
    double within = 0;
    double log_poisson = -mean_steps;  // log P(N = m), N ~ Poisson(mean_steps)
    double cumulative = 0;
    std::vector<double> next(ahead);
    for (int m = 0;; ++m) {
        const double weight = std::exp(log_poisson);
        within += weight * served;
        cumulative += weight;
        if ((m > mean_steps && 1 - cumulative < 1e-14) || m > 10'000'000) {
            break;
        }
        // One step of the uniformized chain.
        served += p[0] * (c * mu) / uniform;
        for (std::size_t j = 0; j < ahead; ++j) {
            const double down = c * mu + static_cast<double>(j) * theta;
            const double stay = 1 - (down + theta) / uniform;
            next[j] = p[j] * stay +
                      (j + 1 < ahead ? p[j + 1] * (c * mu + static_cast<double>(j + 1) * theta) / uniform : 0.0);
        }
        p.swap(next);
        log_poisson += std::log(mean_steps) - std::log(m + 1.0);
    }
    result.service_level = (1 - result.p_wait) + within;
    return result;
}

}  // namespace layan::sim
