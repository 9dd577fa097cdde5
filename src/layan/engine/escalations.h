#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "layan/core/time.h"
#include "layan/engine/requests.h"

/// The escalation scheduler of service requests (issue #11): a request whose clock is due soon (80 % of its
/// allowed time used) is escalated to its unit's supervisor, one overdue to its unit head, each once per run of
/// the clock (a completion by the citizen starts a new run), as `request_escalated` on the request's timeline.
/// Only inside the unit's working hours: nobody is alerted at midnight, on a Sunday or on a holiday; what fell
/// due outside them is raised at the next tick inside them, with `due_at` saying when it fell due. A tick after a
/// restart raises once what was missed while the server was down: the decision (domain::requests::Escalate) holds
/// no event for a key already on the stream, and the append checks the stream's version, so two ticks or two nodes
/// never raise one escalation twice.
namespace layan::engine {

class Escalations {
public:
    /// `requests` and `clock` must outlive the scheduler.
    Escalations(Requests& requests, const core::Clock& clock);
    /// Stop().
    ~Escalations();
    Escalations(const Escalations&) = delete;
    Escalations& operator=(const Escalations&) = delete;

    /// Raises what is due now inside working hours, and waits for the appends; returns how many escalations it
    /// decided on (each is appended at most once, whoever else decides on it). Errors are logged: the next tick
    /// tries again.
    std::size_t Tick();

    /// Ticks every `period` on a thread of its own, the first one at once (the server: every minute).
    void Start(std::chrono::milliseconds period);
    /// Ends the thread after the tick in progress. Idempotent.
    void Stop();

private:
    void Loop(std::chrono::milliseconds period);

    Requests& requests_;
    const core::Clock& clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace layan::engine
