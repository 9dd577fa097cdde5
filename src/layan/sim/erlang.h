#pragma once

/// Queueing formulas for staffing: Erlang B and C (M/M/c) and Erlang A (M/M/c+M, callers who
/// leave after an exponential patience). Times in any one unit, the same for every argument.
namespace layan::sim {

/// Erlang B: the probability that all `servers` are busy with `load` Erlangs offered (loss system).
[[nodiscard]] double ErlangB(double load, int servers);

/// Erlang C: the probability that an arrival waits, M/M/c with `load` = arrival rate × mean service
/// time; 1 when load ≥ servers (the queue grows without bound).
[[nodiscard]] double ErlangC(double load, int servers);

/// M/M/c service level: the probability of waiting at most `wait`, 1 − C·exp(−(c − a)·wait / aht).
/// 0 when load ≥ servers.
[[nodiscard]] double ServiceLevelC(double load, int servers, double mean_service, double wait);

/// Mean wait of all arrivals in M/M/c: C · aht / (c − a); infinite when load ≥ servers.
[[nodiscard]] double MeanWaitC(double load, int servers, double mean_service);

/// Erlang A (Palm's M/M/c+M), solved exactly from its birth–death chain (truncated where the tail
/// is below 1e-15).
struct ErlangAResult {
    double p_wait = 0;         ///< An arrival finds every server busy.
    double p_abandon = 0;      ///< An arrival leaves before service.
    double service_level = 0;  ///< An arrival is served after waiting at most `wait`.
    double mean_wait = 0;      ///< Mean time in queue of all arrivals (served or not).
};

/// `arrival_rate` per time unit; `patience` the mean of the exponential patience.
[[nodiscard]] ErlangAResult ErlangA(double arrival_rate, double mean_service, double patience, int servers,
                                    double wait);

}  // namespace layan::sim
