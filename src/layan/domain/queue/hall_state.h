#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/queue/events.h"

namespace layan::domain::queue {

/// Where a ticket is in its life. A transfer sends a ticket back to kWaiting for another service
/// (it keeps its id and number), so there is no separate "transferred" status: Ticket::transferred_from
/// tells that it happened.
enum class TicketStatus {
    kWaiting,    ///< In the queue of its service.
    kCalled,     ///< Called to a counter; the citizen is on the way.
    kServing,    ///< Being served at the counter.
    kDone,       ///< Served.
    kNoShow,     ///< Did not come after the allowed calls.
    kCancelled,  ///< Withdrawn.
};

/// Stable code of a status ("waiting", "called", "serving", "done", "no_show", "cancelled").
[[nodiscard]] std::string_view ToString(TicketStatus status);

/// One ticket as the fold of its events.
struct Ticket {
    std::string id{};      ///< "20261129-A-001".
    std::string number{};  ///< "A-001".
    int seq = 0;
    std::string service{};  ///< The service it waits for or is served for now.
    std::optional<PriorityReason> priority{};
    TicketStatus status = TicketStatus::kWaiting;
    core::Instant arrived_at{};  ///< When it was issued; kept across transfers, it orders the queue.
    core::Instant queued_at{};   ///< When it joined the queue of its current service (issue or last transfer).
    int calls = 0;               ///< Calls for the current service (first call + recalls); a transfer resets it.
    std::optional<core::Instant> last_called_at{};
    std::optional<core::Instant> service_started_at{};
    std::optional<core::Instant> ended_at{};      ///< When it became done, no-show or cancelled.
    std::string counter_id{};                     ///< The counter that called it; empty while waiting.
    std::string officer_id{};                     ///< The officer at that counter.
    bool chosen_by_supervisor = false;            ///< The current call was a supervisor's choice.
    std::vector<std::string> transferred_from{};  ///< Earlier services, oldest first.
    std::uint32_t order = 0;                      ///< Place in issue order, from 0; breaks ties of arrival.

    [[nodiscard]] bool is_priority() const { return priority.has_value(); }
    /// Waiting, called or being served.
    [[nodiscard]] bool is_open() const {
        return status == TicketStatus::kWaiting || status == TicketStatus::kCalled || status == TicketStatus::kServing;
    }

    friend bool operator==(const Ticket&, const Ticket&) = default;
};

enum class CounterStatus { kClosed, kOpen, kPaused };

/// Stable code of a counter status ("closed", "open", "paused").
[[nodiscard]] std::string_view ToString(CounterStatus status);

/// One counter as the fold of its events. Counters never opened today are absent from the state
/// and count as closed.
struct CounterState {
    std::string id{};
    CounterStatus status = CounterStatus::kClosed;
    std::string officer_id{};             ///< Empty when closed.
    std::vector<std::string> services{};  ///< Served while open or paused; empty when closed.
    std::string current_ticket{};         ///< The called or served ticket; empty when free.
    std::string pause_reason{};
    core::Instant since{};  ///< When the status last changed.

    [[nodiscard]] bool busy() const { return !current_ticket.empty(); }
    [[nodiscard]] bool Serves(std::string_view service) const;

    friend bool operator==(const CounterState&, const CounterState&) = default;
};

/// A line of the display board: which ticket a counter has called or is serving.
struct NowServingEntry {
    std::string counter_id{};
    std::string ticket_id{};
    std::string number{};
    std::string service{};
    TicketStatus status = TicketStatus::kCalled;
    core::Instant called_at{};

    friend bool operator==(const NowServingEntry&, const NowServingEntry&) = default;
};

/// The queue of one service at a glance.
struct ServiceSummary {
    std::string service{};
    int waiting = 0;               ///< All waiting tickets, priority included.
    int priority_waiting = 0;      ///< Waiting priority tickets.
    int open_counters = 0;         ///< Open (not paused) counters serving it.
    core::Millis longest_wait{0};  ///< Longest current wait (from original arrival); 0 when nobody waits.

    friend bool operator==(const ServiceSummary&, const ServiceSummary&) = default;
};

/// What routing needs about one service, read in one look-up.
struct LineView {
    const Ticket* oldest_priority = nullptr;  ///< Earliest-arrived waiting priority ticket.
    const Ticket* oldest_regular = nullptr;   ///< Earliest-arrived waiting regular ticket.
    int oldest_regular_overtakes = 0;         ///< How many priority tickets have passed oldest_regular.
    int waiting = 0;
    int priority_waiting = 0;
    int open_counters = 0;
    /// Open counters serving the service, each counted as 1 / (number of services it serves): how
    /// many counters' worth of time the service can expect.
    double open_capacity = 0;
    std::span<const core::Millis> durations{};  ///< Service durations observed today, in finish order.
};

/// The queue of one hall for one local day: a fold over that day's events (a new day starts from
/// a fresh state, so numbering restarts). Deterministic: the same events give an equal state.
/// Waiting tickets are indexed per service and class (priority / regular) in arrival order, so
/// routing reads the heads of a few queues instead of scanning the hall.
///
/// Pointers and spans returned by queries stay valid until the next Apply.
class HallState {
public:
    /// Folds one event. Never fails: events are facts. An event that does not fit the state (an
    /// unknown ticket, a call of a finished ticket) cannot come from the commands and is ignored
    /// where applying it would corrupt the state.
    void Apply(const Event& event);

    /// Folds events in order.
    void ApplyAll(std::span<const Event> events);

    /// The ticket, or nullptr.
    [[nodiscard]] const Ticket* FindTicket(std::string_view ticket_id) const;

    /// Every ticket of the day, in issue order.
    [[nodiscard]] std::span<const Ticket> Tickets() const { return tickets_; }

    /// The counter, or nullptr when it has not been opened today (it is closed).
    [[nodiscard]] const CounterState* FindCounter(std::string_view counter_id) const;

    /// Every counter opened today, by id.
    [[nodiscard]] const std::map<std::string, CounterState, std::less<>>& Counters() const { return counters_; }

    /// Waiting tickets of the given services (all services when empty): priority tickets first,
    /// then regular ones, each by arrival. This is the first-come-first-served view; the exact call
    /// order of one service, with the priority bound, is queue::CallOrder (routing.h).
    [[nodiscard]] std::vector<const Ticket*> Waiting(std::span<const std::string> services = {}) const;

    /// Waiting tickets of one service and class, by arrival.
    [[nodiscard]] std::vector<const Ticket*> WaitingLine(std::string_view service, bool priority) const;

    /// What routing needs about one service (all empty for a service nobody has used today).
    [[nodiscard]] LineView Line(std::string_view service) const;

    /// How many priority tickets have passed a waiting regular ticket: priority tickets that arrived
    /// after it and were called at a counter serving its service. Routing caps this (QueueRules).
    /// For a transferred ticket it may include passes from before it joined the service: it errs on
    /// the side of the regular citizen.
    [[nodiscard]] int PriorityOvertakes(const Ticket& regular) const;

    /// Whether a waiting ticket arrived after every other waiting ticket of its service, priority
    /// ones included (ties of arrival by issue order). O(log n).
    [[nodiscard]] bool ArrivedLastInLine(const Ticket& ticket) const;

    /// Open (not paused) counters serving a service now.
    [[nodiscard]] int OpenCounters(std::string_view service) const;

    /// LineView::open_capacity of a service.
    [[nodiscard]] double OpenCapacity(std::string_view service) const;

    /// The most counters that have been open at once for a service today (0 when none yet).
    [[nodiscard]] int PeakOpenCounters(std::string_view service) const;

    /// Waiting tickets of a service (priority included).
    [[nodiscard]] int WaitingCount(std::string_view service) const;

    /// Longest current wait of a service, counted from original arrival; nullopt when nobody waits.
    [[nodiscard]] std::optional<core::Millis> LongestWait(std::string_view service, core::Instant now) const;

    /// One summary per service seen today (tickets or counters), by service code.
    [[nodiscard]] std::vector<ServiceSummary> Summaries(core::Instant now) const;

    /// What each counter has called or is serving, by counter id.
    [[nodiscard]] std::vector<NowServingEntry> NowServing() const;

    /// The sequence the next ticket with this prefix gets (1 for the first of the day).
    [[nodiscard]] int NextSequence(std::string_view prefix) const;

    /// Service durations (start to finish) observed today for a service, in finish order.
    [[nodiscard]] std::span<const core::Millis> ServiceDurations(std::string_view service) const;

    friend bool operator==(const HallState&, const HallState&) = default;

private:
    struct QueueKey {
        core::Instant arrived_at{};
        std::uint32_t order = 0;

        friend auto operator<=>(const QueueKey&, const QueueKey&) = default;
    };

    // The queue and the statistics of one service.
    struct ServiceLine {
        std::set<QueueKey> priority{};
        std::set<QueueKey> regular{};
        // Arrival times of priority tickets called at counters serving this service, ascending.
        std::vector<core::Instant> priority_calls{};
        std::vector<core::Millis> durations{};
        int open_counters = 0;
        int peak_open_counters = 0;
        // Open capacity in units of 1 / kCapacityUnits counter, kept in integers so that opening and
        // closing a counter cancel exactly.
        std::int64_t capacity_units = 0;

        friend bool operator==(const ServiceLine&, const ServiceLine&) = default;
    };

    void On(const TicketIssued& e);
    void On(const TicketCalled& e);
    void On(const TicketRecalled& e);
    void On(const ServiceStarted& e);
    void On(const ServiceFinished& e);
    void On(const TicketNoShow& e);
    void On(const TicketTransferred& e);
    void On(const TicketCancelled& e);
    void On(const CounterOpened& e);
    void On(const CounterPaused& e);
    void On(const CounterResumed& e);
    void On(const CounterClosed& e);

    Ticket* MutableTicket(std::string_view ticket_id);
    CounterState& MutableCounter(const std::string& counter_id);
    ServiceLine& MutableLine(const std::string& service);
    const ServiceLine* FindLine(std::string_view service) const;
    void Enqueue(const Ticket& ticket);
    void Dequeue(const Ticket& ticket);
    // Takes an open ticket off its queue or counter, before it moves on.
    void Release(const Ticket& ticket);
    void CountOpen(const CounterState& counter, int delta);

    std::vector<Ticket> tickets_;
    // Ticket ids share long prefixes ("20261129-A-0..."): hashed, one comparison per look-up.
    struct IdHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
    };
    std::unordered_map<std::string, std::uint32_t, IdHash, std::equal_to<>> ticket_index_;
    std::map<std::string, CounterState, std::less<>> counters_;
    std::map<std::string, ServiceLine, std::less<>> lines_;
    std::map<std::string, int, std::less<>> next_sequence_;
};

/// When a ticket of a day closed: when it became done, no-show or cancelled (a later transfer opens it again);
/// a ticket still open, or unknown to the day, closes with its day, at `day_end`, once `now` has reached it.
/// nullopt while it is open on a day not yet over. (How long personal data given with a ticket is kept runs
/// from here.)
[[nodiscard]] std::optional<core::Instant> TicketClosedAt(const HallState& day, std::string_view ticket_id,
                                                          core::Instant day_end, core::Instant now);

}  // namespace layan::domain::queue
