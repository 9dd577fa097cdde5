#include "layan/domain/requests/events.h"

#include <array>
#include <concepts>
#include <type_traits>

#include <fmt/format.h>

#include "layan/domain/json_fields.h"

namespace layan::domain::requests {

namespace {

using json_fields::Is;
using nlohmann::json;

// One list of fields per event and per nested value, used both to write and to read, so the two cannot
// drift apart.
void Fields(Is<TicketRef> auto& v, auto&& f) {
    f("hall_id", v.hall_id);
    f("ticket_id", v.ticket_id);
}
void Fields(Is<Document> auto& v, auto&& f) {
    f("requirement", v.requirement);
    f("sha256", v.sha256);
    f("size", v.size);
    f("media_type", v.media_type);
}
void Fields(Is<calendar::DeadlineRule> auto& v, auto&& f) {
    f("unit", v.unit);
    f("amount", v.amount);
}
void Fields(Is<RequestSubmitted> auto& e, auto&& f) {
    f("service", e.service);
    f("standard_version", e.standard_version);
    f("unit_id", e.unit_id);
    f("hall_id", e.hall_id);
    f("channel", e.channel);
    f("ticket", e.ticket);
    f("by", e.by);
    f("citizen_ref", e.citizen_ref);
    f("masked_nik", e.masked_nik);
    f("documents", e.documents);
    f("rule", e.rule);
    f("at", e.at);
}
void Fields(Is<RequestAssigned> auto& e, auto&& f) {
    f("officer_id", e.officer_id);
    f("by", e.by);
    f("at", e.at);
}
void Fields(Is<RequestVerified> auto& e, auto&& f) {
    f("by", e.by);
    f("at", e.at);
}
void Fields(Is<RequestReturned> auto& e, auto&& f) {
    f("by", e.by);
    f("reason", e.reason);
    f("missing", e.missing);
    f("at", e.at);
}
void Fields(Is<RequestResubmitted> auto& e, auto&& f) {
    f("documents", e.documents);
    f("at", e.at);
}
void Fields(Is<RequestProcessingStarted> auto& e, auto&& f) {
    f("by", e.by);
    f("at", e.at);
}
void Fields(Is<RequestProductReady> auto& e, auto&& f) {
    f("by", e.by);
    f("at", e.at);
}
void Fields(Is<RequestHandedOver> auto& e, auto&& f) {
    f("by", e.by);
    f("at", e.at);
}
void Fields(Is<RequestRejected> auto& e, auto&& f) {
    f("by", e.by);
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<RequestWithdrawn> auto& e, auto&& f) {
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<RequestMessagePosted> auto& e, auto&& f) {
    f("author", e.author);
    f("by", e.by);
    f("text", e.text);
    f("at", e.at);
}
void Fields(Is<RequestNoteAdded> auto& e, auto&& f) {
    f("by", e.by);
    f("text", e.text);
    f("at", e.at);
}
void Fields(Is<RequestEscalated> auto& e, auto&& f) {
    f("level", e.level);
    f("key", e.key);
    f("due_at", e.due_at);
    f("at", e.at);
}

// A value with a field list is an object; Encode and Decode recurse into its fields.
template <class T>
concept Record = requires(T& value) {
    Fields(value, [](const char*, auto&) {});
};

// Each kind of value once: Encode writes it, Decode reads it back or says false when the JSON has another
// shape. The plain values and the enumerations' codes are json_fields'; the enumerations read back here.
using json_fields::Decode;
using json_fields::Encode;

bool Decode(const json& in, Channel& value) { return json_fields::DecodeCode(in, value, ParseChannel); }
bool Decode(const json& in, Author& value) { return json_fields::DecodeCode(in, value, ParseAuthor); }
bool Decode(const json& in, EscalationLevel& value) { return json_fields::DecodeCode(in, value, ParseEscalationLevel); }
bool Decode(const json& in, calendar::DeadlineUnit& value) {
    return json_fields::DecodeCode(in, value, calendar::ParseDeadlineUnit);
}

template <Record T>
json Encode(const T& value);
template <Record T>
bool Decode(const json& in, T& value);

template <class T>
json Encode(const std::vector<T>& values) {
    json out = json::array();
    for (const auto& value : values) {
        out.push_back(Encode(value));
    }
    return out;
}
template <class T>
bool Decode(const json& in, std::vector<T>& values) {
    return json_fields::DecodeArray(in, values, [](const json& item, T& value) { return Decode(item, value); });
}

constexpr auto kEncode = [](const auto& value) { return Encode(value); };
constexpr auto kDecode = [](const json& in, auto& value) { return Decode(in, value); };
using Writer = json_fields::Writer<decltype(kEncode)>;
using Reader = json_fields::Reader<decltype(kDecode)>;

template <Record T>
json Encode(const T& value) {
    json out = json::object();
    Fields(value, Writer(out));
    return out;
}
template <Record T>
bool Decode(const json& in, T& value) {
    if (!in.is_object()) {
        return false;
    }
    Reader reader(in);
    Fields(value, reader);
    return !reader.bad_field();
}

constexpr json_fields::EventErrors kErrors{
    .kind = "request", .invalid = "invalid_event", .unknown_type = "unknown_event_type"};

// The code of each value of an enumeration, for ToString and its inverse.
template <class E, std::size_t N>
std::optional<E> ParseCode(std::string_view text, const std::array<E, N>& values) {
    for (E value : values) {
        if (ToString(value) == text) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view ToString(Channel channel) {
    switch (channel) {
        case Channel::kOnline:
            return "online";
        case Channel::kWalkIn:
            return "walk_in";
    }
    return "online";
}

std::optional<Channel> ParseChannel(std::string_view text) {
    return ParseCode(text, std::array{Channel::kOnline, Channel::kWalkIn});
}

std::string_view ToString(Author author) {
    switch (author) {
        case Author::kCitizen:
            return "citizen";
        case Author::kOfficer:
            return "officer";
    }
    return "citizen";
}

std::optional<Author> ParseAuthor(std::string_view text) {
    return ParseCode(text, std::array{Author::kCitizen, Author::kOfficer});
}

std::string_view ToString(EscalationLevel level) {
    switch (level) {
        case EscalationLevel::kSupervisor:
            return "supervisor";
        case EscalationLevel::kUnitHead:
            return "unit_head";
    }
    return "supervisor";
}

std::optional<EscalationLevel> ParseEscalationLevel(std::string_view text) {
    return ParseCode(text, std::array{EscalationLevel::kSupervisor, EscalationLevel::kUnitHead});
}

std::string_view TypeName(const Event& event) {
    return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, event);
}

core::Instant At(const Event& event) {
    return std::visit([](const auto& e) { return e.at; }, event);
}

bool IsPublic(const Event& event) {
    return !std::holds_alternative<RequestNoteAdded>(event) && !std::holds_alternative<RequestEscalated>(event) &&
           !std::holds_alternative<RequestAssigned>(event);
}

std::string EscalationKey(EscalationLevel level, int run) { return fmt::format("{}:{}", ToString(level), run); }

nlohmann::json ToJson(const Event& event) {
    return std::visit([](const auto& e) { return Encode(e); }, event);
}

core::Result<Event> EventFromJson(std::string_view type, const nlohmann::json& data) {
    return json_fields::ReadEvent<Event>(
        type, data, kErrors, [](auto& e, auto& reader) { Fields(e, reader); }, kDecode);
}

}  // namespace layan::domain::requests