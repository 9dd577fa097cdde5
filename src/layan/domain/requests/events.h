#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/calendar/deadline.h"

/// The facts of one service request (a permohonan: a citizen asks a unit for a product, e.g. a birth
/// certificate, with documents). One stream per request, `request/<tenant>/<CODE>`, holds them in order;
/// RequestState (state.h) folds them. Each event names its type once (kType, stable: it is stored) and
/// carries the instant it happened (`at`, UTC).
///
/// Who acted: an officer's action names the officer's account id in `by` (the timeline shows it; the
/// event's metadata also records the actor, role and address, as for every event). The citizen's actions
/// (submitting online, completing, withdrawing, writing a message) name nobody: the citizen is
/// `RequestSubmitted::citizen_ref` in the personal-data vault.
///
/// Opening a request from a walk-in ticket is not an event of its own: it is a RequestSubmitted with
/// channel kWalkIn, the ticket, and `by` = the officer who opened it. Both ways start the stream with the
/// same facts, so one event keeps the fold and the views to one starting point.
namespace layan::domain::requests {

/// How a request came in.
enum class Channel {
    kOnline,  ///< The citizen submitted it on the web.
    kWalkIn,  ///< An officer opened it at a counter from the citizen's queue ticket.
};

/// "online", "walk_in".
[[nodiscard]] std::string_view ToString(Channel channel);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<Channel> ParseChannel(std::string_view text);

/// Who wrote a public message on a request.
enum class Author {
    kCitizen,  ///< The applicant, from the tracking page.
    kOfficer,  ///< An officer of the unit (named in `by`).
};

/// "citizen", "officer".
[[nodiscard]] std::string_view ToString(Author author);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<Author> ParseAuthor(std::string_view text);

/// Who is told that a request's SLA clock needs attention.
enum class EscalationLevel {
    kSupervisor,  ///< The clock is due soon.
    kUnitHead,    ///< The clock is overdue.
};

/// "supervisor", "unit_head".
[[nodiscard]] std::string_view ToString(EscalationLevel level);
/// Inverse of ToString; nullopt for any other text.
[[nodiscard]] std::optional<EscalationLevel> ParseEscalationLevel(std::string_view text);

/// The queue ticket a walk-in request was opened from.
struct TicketRef {
    std::string hall_id{};
    std::string ticket_id{};  ///< As in the queue: "20261130-A-007".

    friend bool operator==(const TicketRef&, const TicketRef&) = default;
};

/// A document handed in for one requirement of the service standard: what the upload store keeps, by its
/// content. Never the file's name, which may hold the citizen's name.
struct Document {
    std::string requirement{};  ///< The requirement's code in the standard ("kk", "surat_lahir").
    std::string sha256{};       ///< The content's SHA-256, 64 lower-case hex digits (the store's address).
    std::int64_t size = 0;      ///< Bytes, > 0.
    std::string media_type{};   ///< As detected from the content: "application/pdf", "image/jpeg".

    friend bool operator==(const Document&, const Document&) = default;
};

/// A citizen submitted a request online, or an officer opened one from a walk-in ticket. The SLA clock
/// starts at `at` with `rule`; the deadline itself is never stored (calendar::Read recomputes it).
struct RequestSubmitted {
    static constexpr std::string_view kType = "request_submitted";
    std::string service{};     ///< The service's code ("AKTA-LAHIR").
    int standard_version = 0;  ///< The version of the service standard in force, from 1.
    std::string unit_id{};     ///< The unit (OPD) that owns the service and works the request.
    std::string hall_id{};     ///< The hall offering the service (the vault keeps the citizen's data under it).
    Channel channel = Channel::kOnline;
    std::optional<TicketRef> ticket{};  ///< Set exactly when channel is kWalkIn.
    std::string by{};                   ///< The officer who opened a walk-in request; empty when online.
    std::string citizen_ref{};          ///< The citizen's reference in the personal-data vault.
    std::string masked_nik{};           ///< "3516**********12" (identity::MaskNik); never the whole NIK.
    std::vector<Document> documents{};  ///< At most one per requirement.
    calendar::DeadlineRule rule{};      ///< The standard's completion time.
    core::Instant at{};                 ///< Also the SLA clock's start.

    friend bool operator==(const RequestSubmitted&, const RequestSubmitted&) = default;
};

/// An officer took the request on, or a supervisor gave it to an officer.
struct RequestAssigned {
    static constexpr std::string_view kType = "request_assigned";
    std::string officer_id{};  ///< Who works the request from now on.
    std::string by{};          ///< Who assigned it (the same officer when taking it on).
    core::Instant at{};

    friend bool operator==(const RequestAssigned&, const RequestAssigned&) = default;
};

/// An officer checked the file: complete and valid.
struct RequestVerified {
    static constexpr std::string_view kType = "request_verified";
    std::string by{};
    core::Instant at{};

    friend bool operator==(const RequestVerified&, const RequestVerified&) = default;
};

/// An officer returned the file to the citizen for completion; the SLA clock pauses until the citizen
/// completes it.
struct RequestReturned {
    static constexpr std::string_view kType = "request_returned";
    std::string by{};
    std::string reason{};                ///< Shown to the citizen; never empty.
    std::vector<std::string> missing{};  ///< Requirement codes to hand in (again); may be empty.
    core::Instant at{};

    friend bool operator==(const RequestReturned&, const RequestReturned&) = default;
};

/// The citizen completed a returned file; the SLA clock runs again.
struct RequestResubmitted {
    static constexpr std::string_view kType = "request_resubmitted";
    std::vector<Document> documents{};  ///< New or replacing documents, at most one per requirement.
    core::Instant at{};

    friend bool operator==(const RequestResubmitted&, const RequestResubmitted&) = default;
};

/// An officer began the work on a verified request.
struct RequestProcessingStarted {
    static constexpr std::string_view kType = "request_processing_started";
    std::string by{};
    core::Instant at{};

    friend bool operator==(const RequestProcessingStarted&, const RequestProcessingStarted&) = default;
};

/// The product (the letter, the certificate) is ready for the citizen; the SLA clock stops.
struct RequestProductReady {
    static constexpr std::string_view kType = "request_product_ready";
    std::string by{};
    core::Instant at{};

    friend bool operator==(const RequestProductReady&, const RequestProductReady&) = default;
};

/// The citizen received the product: the request is done.
struct RequestHandedOver {
    static constexpr std::string_view kType = "request_handed_over";
    std::string by{};
    core::Instant at{};

    friend bool operator==(const RequestHandedOver&, const RequestHandedOver&) = default;
};

/// An officer rejected the request; the SLA clock stops.
struct RequestRejected {
    static constexpr std::string_view kType = "request_rejected";
    std::string by{};
    std::string reason{};  ///< Shown to the citizen; never empty.
    core::Instant at{};

    friend bool operator==(const RequestRejected&, const RequestRejected&) = default;
};

/// The citizen withdrew the request; the SLA clock stops.
struct RequestWithdrawn {
    static constexpr std::string_view kType = "request_withdrawn";
    std::optional<std::string> reason{};  ///< Absent from the JSON when the citizen gave none.
    core::Instant at{};

    friend bool operator==(const RequestWithdrawn&, const RequestWithdrawn&) = default;
};

/// A public message on the request, between the citizen and the unit.
struct RequestMessagePosted {
    static constexpr std::string_view kType = "request_message_posted";
    Author author = Author::kCitizen;
    std::string by{};  ///< The officer when author is kOfficer; empty for the citizen.
    std::string text{};
    core::Instant at{};

    friend bool operator==(const RequestMessagePosted&, const RequestMessagePosted&) = default;
};

/// An internal note of the unit on the request; the citizen never sees it.
struct RequestNoteAdded {
    static constexpr std::string_view kType = "request_note_added";
    std::string by{};
    std::string text{};
    core::Instant at{};

    friend bool operator==(const RequestNoteAdded&, const RequestNoteAdded&) = default;
};

/// The SLA clock reached a threshold and `level` was told: due soon → supervisor, overdue → unit head.
/// Raised at most once per level per run of the clock (calendar::SlaClock::run).
struct RequestEscalated {
    static constexpr std::string_view kType = "request_escalated";
    EscalationLevel level = EscalationLevel::kSupervisor;
    std::string key{};       ///< "<level>:<run>", e.g. "supervisor:0" (EscalationKey).
    core::Instant due_at{};  ///< When the threshold was reached; `at` may be later (raised in working hours).
    core::Instant at{};

    friend bool operator==(const RequestEscalated&, const RequestEscalated&) = default;
};

/// Any request event. New alternatives go at the end.
using Event = std::variant<RequestSubmitted, RequestAssigned, RequestVerified, RequestReturned, RequestResubmitted,
                           RequestProcessingStarted, RequestProductReady, RequestHandedOver, RequestRejected,
                           RequestWithdrawn, RequestMessagePosted, RequestNoteAdded, RequestEscalated>;

/// The stable type name of an event ("request_submitted"), stored beside its JSON data.
[[nodiscard]] std::string_view TypeName(const Event& event);

/// When the event happened.
[[nodiscard]] core::Instant At(const Event& event);

/// Whether the citizen may see the event on the tracking page: false for internal notes, escalations and
/// assignments (the unit's own affairs), true for the rest.
[[nodiscard]] bool IsPublic(const Event& event);

/// The key of an escalation: "<level>:<run>" ("unit_head:1").
[[nodiscard]] std::string EscalationKey(EscalationLevel level, int run);

/// The event's data as a JSON object (without its type): instants as ISO-8601 UTC strings, enumerations as
/// their codes, the rule as {"unit": "working_days", "amount": 5}, the ticket as {"hall_id", "ticket_id"}
/// and documents as [{"requirement", "sha256", "size", "media_type"}]. Unset optionals are left out.
[[nodiscard]] nlohmann::json ToJson(const Event& event);

/// Rebuilds an event from its type name and data: EventFromJson(TypeName(e), ToJson(e)) == e. Fails with
/// ErrorKind::kInvalid and code "unknown_event_type" (details {"type"}) for a type this version does not
/// know, or "invalid_event" when the data is not an object or a field is missing or of the wrong shape
/// (details {"field": name}, the top-level field; an optional may be absent or null). Unknown extra fields
/// are ignored.
[[nodiscard]] core::Result<Event> EventFromJson(std::string_view type, const nlohmann::json& data);

}  // namespace layan::domain::requests
