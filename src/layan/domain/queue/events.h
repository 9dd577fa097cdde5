#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/queue/priority.h"

/// The facts of a hall's queue. One stream per hall per local day holds them in order; HallState
/// folds them. Each event names its type once (kType, stable: it is stored) and carries the
/// instant it happened (`at`, UTC).
namespace layan::domain::queue {

/// A citizen took a ticket at the kiosk.
struct TicketIssued {
    static constexpr std::string_view kType = "ticket_issued";
    std::string ticket_id{};  ///< Unique in the hall across days: "<yyyymmdd>-<number>", "20261129-A-001".
    std::string number{};     ///< As printed and called: service prefix + daily sequence, "A-001".
    int seq = 0;              ///< The daily sequence of the prefix, from 1.
    std::string service{};    ///< Service code.
    std::optional<PriorityReason> priority{};  ///< Set for priority citizens (UU 25/2009 art. 29).
    core::Instant at{};
    /// The citizen's reference in the personal-data vault, when they left a phone number or NIK; never
    /// the data itself. Absent from the JSON when not set.
    std::optional<std::string> citizen_ref{};

    friend bool operator==(const TicketIssued&, const TicketIssued&) = default;
};

/// A counter called a ticket (first call).
struct TicketCalled {
    static constexpr std::string_view kType = "ticket_called";
    std::string ticket_id{};
    std::string counter_id{};
    std::string officer_id{};
    core::Instant at{};
    bool chosen_by_supervisor = false;  ///< True when a supervisor picked the ticket instead of the routing policy.

    friend bool operator==(const TicketCalled&, const TicketCalled&) = default;
};

/// A called ticket was called again because the citizen had not come to the counter.
struct TicketRecalled {
    static constexpr std::string_view kType = "ticket_recalled";
    std::string ticket_id{};
    core::Instant at{};

    friend bool operator==(const TicketRecalled&, const TicketRecalled&) = default;
};

/// The citizen came to the counter and the officer began serving.
struct ServiceStarted {
    static constexpr std::string_view kType = "service_started";
    std::string ticket_id{};
    core::Instant at{};

    friend bool operator==(const ServiceStarted&, const ServiceStarted&) = default;
};

/// The officer finished serving the citizen.
struct ServiceFinished {
    static constexpr std::string_view kType = "service_finished";
    std::string ticket_id{};
    core::Instant at{};

    friend bool operator==(const ServiceFinished&, const ServiceFinished&) = default;
};

/// The citizen did not come after the allowed calls.
struct TicketNoShow {
    static constexpr std::string_view kType = "ticket_no_show";
    std::string ticket_id{};
    core::Instant at{};

    friend bool operator==(const TicketNoShow&, const TicketNoShow&) = default;
};

/// The citizen needs another service: the ticket waits again, for `to_service`, keeping its
/// number and its original arrival time.
struct TicketTransferred {
    static constexpr std::string_view kType = "ticket_transferred";
    std::string ticket_id{};
    std::string to_service{};
    core::Instant at{};

    friend bool operator==(const TicketTransferred&, const TicketTransferred&) = default;
};

/// The ticket was withdrawn (the citizen left, or asked to cancel).
struct TicketCancelled {
    static constexpr std::string_view kType = "ticket_cancelled";
    std::string ticket_id{};
    std::string reason{};  ///< Free text or a short code ("citizen_left").
    core::Instant at{};

    friend bool operator==(const TicketCancelled&, const TicketCancelled&) = default;
};

/// An officer opened a counter for some services.
struct CounterOpened {
    static constexpr std::string_view kType = "counter_opened";
    std::string counter_id{};
    std::string officer_id{};
    std::vector<std::string> services{};  ///< Service codes served at the counter while it is open.
    core::Instant at{};

    friend bool operator==(const CounterOpened&, const CounterOpened&) = default;
};

/// A counter stopped calling for a while (prayer, break, system trouble).
struct CounterPaused {
    static constexpr std::string_view kType = "counter_paused";
    std::string counter_id{};
    std::string reason{};
    core::Instant at{};

    friend bool operator==(const CounterPaused&, const CounterPaused&) = default;
};

/// A paused counter calls again.
struct CounterResumed {
    static constexpr std::string_view kType = "counter_resumed";
    std::string counter_id{};
    core::Instant at{};

    friend bool operator==(const CounterResumed&, const CounterResumed&) = default;
};

/// A counter closed.
struct CounterClosed {
    static constexpr std::string_view kType = "counter_closed";
    std::string counter_id{};
    core::Instant at{};

    friend bool operator==(const CounterClosed&, const CounterClosed&) = default;
};

/// Any queue event. New alternatives go at the end.
using Event =
    std::variant<TicketIssued, TicketCalled, TicketRecalled, ServiceStarted, ServiceFinished, TicketNoShow,
                 TicketTransferred, TicketCancelled, CounterOpened, CounterPaused, CounterResumed, CounterClosed>;

/// The stable type name of an event ("ticket_issued"), stored beside its JSON data.
[[nodiscard]] std::string_view TypeName(const Event& event);

/// When the event happened.
[[nodiscard]] core::Instant At(const Event& event);

/// The ticket the event concerns; empty for a counter's event.
[[nodiscard]] std::string_view TicketOf(const Event& event);

/// The counter the event concerns (a call names both); empty for other tickets' events.
[[nodiscard]] std::string_view CounterOf(const Event& event);

/// The event's data as a JSON object (without its type); instants as ISO-8601 UTC strings,
/// priority as its code or null.
[[nodiscard]] nlohmann::json ToJson(const Event& event);

/// Rebuilds an event from its type name and data. Fails with ErrorKind::kInvalid and code
/// "unknown_event_type" for a type this version does not know, or "invalid_event" (details:
/// {"field": name}) when a field is missing or of the wrong shape. Unknown extra fields are ignored.
[[nodiscard]] core::Result<Event> FromJson(std::string_view type, const nlohmann::json& data);

}  // namespace layan::domain::queue
