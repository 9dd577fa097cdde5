#include "layan/domain/queue/events.h"

#include <optional>
#include <string>
#include <type_traits>

#include "layan/domain/json_fields.h"

namespace layan::domain::queue {

namespace {

using json_fields::Is;

// One list of fields per event, used both to write and to read, so the two cannot drift apart.
void Fields(Is<TicketIssued> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("number", e.number);
    f("seq", e.seq);
    f("service", e.service);
    f("priority", e.priority);
    f("at", e.at);
    f("citizen_ref", e.citizen_ref);
}
void Fields(Is<TicketCalled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("counter_id", e.counter_id);
    f("officer_id", e.officer_id);
    f("at", e.at);
    f("chosen_by_supervisor", e.chosen_by_supervisor);
}
void Fields(Is<TicketRecalled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<ServiceStarted> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<ServiceFinished> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<TicketNoShow> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<TicketTransferred> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("to_service", e.to_service);
    f("at", e.at);
}
void Fields(Is<TicketCancelled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<CounterOpened> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("officer_id", e.officer_id);
    f("services", e.services);
    f("at", e.at);
}
void Fields(Is<CounterPaused> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<CounterResumed> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("at", e.at);
}
void Fields(Is<CounterClosed> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("at", e.at);
}

using json_fields::Decode;
using json_fields::Encode;

bool Decode(const nlohmann::json& in, PriorityReason& value) {
    return json_fields::DecodeCode(in, value, ParsePriority);
}

constexpr auto kEncode = [](const auto& value) { return Encode(value); };
constexpr auto kDecode = [](const nlohmann::json& in, auto& value) { return Decode(in, value); };

using BaseWriter = json_fields::Writer<decltype(kEncode)>;

// Unlike the other optionals, an unset priority is written as null: the stored events have it so.
class Writer : public BaseWriter {
public:
    explicit Writer(nlohmann::json& out) : BaseWriter(out), out_(out) {}

    using BaseWriter::operator();
    void operator()(const char* name, const std::optional<PriorityReason>& value) {
        out_[name] = value ? Encode(*value) : nlohmann::json(nullptr);
    }

private:
    nlohmann::json& out_;
};

constexpr json_fields::EventErrors kErrors{
    .kind = "queue", .invalid = "invalid_event", .unknown_type = "unknown_event_type"};

}  // namespace

std::string_view TypeName(const Event& event) {
    return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, event);
}

core::Instant At(const Event& event) {
    return std::visit([](const auto& e) { return e.at; }, event);
}

std::string_view TicketOf(const Event& event) {
    return std::visit(
        [](const auto& e) -> std::string_view {
            if constexpr (requires { e.ticket_id; }) {
                return e.ticket_id;
            } else {
                return {};
            }
        },
        event);
}

std::string_view CounterOf(const Event& event) {
    return std::visit(
        [](const auto& e) -> std::string_view {
            if constexpr (requires { e.counter_id; }) {
                return e.counter_id;
            } else {
                return {};
            }
        },
        event);
}

nlohmann::json ToJson(const Event& event) {
    nlohmann::json out = nlohmann::json::object();
    std::visit([&out](const auto& e) { Fields(e, Writer(out)); }, event);
    return out;
}

core::Result<Event> FromJson(std::string_view type, const nlohmann::json& data) {
    return json_fields::ReadEvent<Event>(
        type, data, kErrors, [](auto& e, auto& reader) { Fields(e, reader); }, kDecode);
}

}  // namespace layan::domain::queue
