#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"

/// The pieces the domain's JSON codecs share. A codec lists the fields of each of its types once,
///
///     void Fields(Is<TicketCalled> auto& e, auto&& f) { f("ticket_id", e.ticket_id); f("at", e.at); }
///
/// and runs that one list with a Writer to write and with a Reader to read, so the two cannot drift apart.
/// The Writer and the Reader turn each value into JSON and back with a callable the module gives, usually
/// `[](const auto& v) { return Encode(v); }` and `[](const nlohmann::json& in, auto& v) { return Decode(in, v); }`
/// over the overloads below (`using json_fields::Encode; using json_fields::Decode;`) and the module's own
/// (its enumerations, its nested records). Nothing here reads the clock or names an error code of its own:
/// the codes are the module's.
namespace layan::domain::json_fields {

/// `T` is `U`, const or not: one `Fields` overload serves both writing (const) and reading.
template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// --- Encode: one value to JSON.

/// Text as itself.
inline nlohmann::json Encode(const std::string& value) { return value; }
/// A boolean as itself.
inline nlohmann::json Encode(bool value) { return value; }
/// An integer as a JSON number.
template <std::integral T>
requires(!std::same_as<T, bool>) nlohmann::json Encode(T value) { return value; }
/// An instant as ISO-8601 text in UTC (core::FormatIso8601).
inline nlohmann::json Encode(core::Instant value) { return core::FormatIso8601(value); }
/// An enumeration as its stable code, the `ToString` of its namespace.
template <class E>
requires std::is_enum_v<E> nlohmann::json Encode(E value) { return ToString(value); }
/// A list of texts as an array of strings.
inline nlohmann::json Encode(const std::vector<std::string>& values) { return values; }

// --- Decode: one value from JSON; false, and `out` unspecified, when the JSON has another shape.

/// A string.
inline bool Decode(const nlohmann::json& in, std::string& out) {
    if (!in.is_string()) {
        return false;
    }
    out = in.get<std::string>();
    return true;
}
/// A boolean (not a number).
inline bool Decode(const nlohmann::json& in, bool& out) {
    if (!in.is_boolean()) {
        return false;
    }
    out = in.get<bool>();
    return true;
}
/// An integer number within the range of `T` (no fraction, no string).
template <std::integral T>
requires(!std::same_as<T, bool>) bool Decode(const nlohmann::json& in, T& out) {
    if (!in.is_number_integer()) {
        return false;
    }
    const auto wide = in.get<std::int64_t>();
    if (wide < std::numeric_limits<T>::min() || wide > std::numeric_limits<T>::max()) {
        return false;
    }
    out = static_cast<T>(wide);
    return true;
}
/// An instant written as ISO-8601 text (core::ParseIso8601).
inline bool Decode(const nlohmann::json& in, core::Instant& out) {
    if (!in.is_string()) {
        return false;
    }
    auto parsed = core::ParseIso8601(in.get_ref<const std::string&>());
    if (parsed) {
        out = *parsed;
    }
    return parsed.has_value();
}
/// An array, each item read with `decode(item, element)` (a module passes its own Decode for its records).
template <class T, class ItemDecoder>
bool DecodeArray(const nlohmann::json& in, std::vector<T>& out, ItemDecoder decode) {
    if (!in.is_array()) {
        return false;
    }
    out.clear();
    for (const auto& item : in) {
        if (!decode(item, out.emplace_back())) {
            return false;
        }
    }
    return true;
}
/// An array of strings.
inline bool Decode(const nlohmann::json& in, std::vector<std::string>& out) {
    return DecodeArray(in, out, [](const nlohmann::json& item, std::string& text) { return Decode(item, text); });
}
/// An enumeration written as its code, read back with its `parse` (e.g. queue::ParsePriority).
template <class E>
bool DecodeCode(const nlohmann::json& in, E& out, std::optional<E> (*parse)(std::string_view)) {
    if (!in.is_string()) {
        return false;
    }
    auto parsed = parse(in.get_ref<const std::string&>());
    if (parsed) {
        out = *parsed;
    }
    return parsed.has_value();
}

// --- Writer and Reader: the two ways to run a field list.

/// Writes each field `f(name, value)` into the JSON object `out` with `encode(value)`. An unset optional is
/// left out, so an event that gained an optional field keeps its old shape when the field is unset.
template <class Encoder>
class Writer {
public:
    explicit Writer(nlohmann::json& out, Encoder encode = {}) : out_(out), encode_(std::move(encode)) {}

    template <class T>
    void operator()(const char* name, const T& value) {
        out_[name] = encode_(value);
    }
    template <class T>
    void operator()(const char* name, const std::optional<T>& value) {
        if (value) {
            out_[name] = encode_(*value);
        }
    }

private:
    nlohmann::json& out_;
    Encoder encode_;
};

/// Reads each field `f(name, value)` from the JSON object `in` with `decode(field, value)`; remembers the
/// first field that is missing or of the wrong shape (bad_field) and goes on with the others. An optional
/// field that is absent or null is unset.
template <class Decoder>
class Reader {
public:
    explicit Reader(const nlohmann::json& in, Decoder decode = {}) : in_(in), decode_(std::move(decode)) {}

    template <class T>
    void operator()(const char* name, T& value) {
        const auto* field = Find(name);
        if (!field || !decode_(*field, value)) {
            Reject(name);
        }
    }
    template <class T>
    void operator()(const char* name, std::optional<T>& value) {
        const auto* field = Find(name);
        if (!field || field->is_null()) {
            value.reset();
        } else if (!decode_(*field, value.emplace())) {
            Reject(name);
        }
    }

    /// The name of the first field that could not be read; nullopt when all could.
    [[nodiscard]] const std::optional<std::string>& bad_field() const { return bad_field_; }

private:
    const nlohmann::json* Find(const char* name) const {
        auto it = in_.find(name);
        return it == in_.end() ? nullptr : &*it;
    }
    void Reject(const char* name) {
        if (!bad_field_) {
            bad_field_ = name;
        }
    }

    const nlohmann::json& in_;
    Decoder decode_;
    std::optional<std::string> bad_field_;
};

// --- Events: a std::variant of event types, each naming itself with `static constexpr kType`.

/// How a module's event errors read: its codes and the word for its events in messages.
struct EventErrors {
    std::string_view kind = "";          ///< In "Unknown <kind> event type …", e.g. "queue".
    std::string_view invalid = "";       ///< Code when the data is not an object or a field is missing or malformed.
    std::string_view unknown_type = "";  ///< Code when no event type has the name.
};

/// Reads the event named `type` (the alternative `E` of `Event` with `E::kType == type`) from `data`,
/// running its field list as `fields(event, reader)` with a Reader over `decode`.
/// Fails with ErrorKind::kInvalid and:
///   - `errors.unknown_type`, details.type = `type`, when no alternative has that name;
///   - `errors.invalid` when `data` is not a JSON object;
///   - `errors.invalid`, details.field = the first field missing or malformed.
template <class Event, std::size_t I = 0, class FieldList, class Decoder>
core::Result<Event> ReadEvent(std::string_view type, const nlohmann::json& data, const EventErrors& errors,
                              FieldList fields, Decoder decode) {
    if constexpr (I == std::variant_size_v<Event>) {
        return core::Fail(core::ErrorKind::kInvalid, std::string(errors.unknown_type),
                          fmt::format("Unknown {} event type \"{}\".", errors.kind, type),
                          {{"type", std::string(type)}});
    } else {
        using E = std::variant_alternative_t<I, Event>;
        if (E::kType != type) {
            return ReadEvent<Event, I + 1>(type, data, errors, std::move(fields), std::move(decode));
        }
        if (!data.is_object()) {
            return core::Fail(core::ErrorKind::kInvalid, std::string(errors.invalid),
                              fmt::format("The data of a {} event must be a JSON object.", E::kType));
        }
        E event;
        Reader<Decoder> reader(data, std::move(decode));
        fields(event, reader);
        if (const auto& field = reader.bad_field()) {
            return core::Fail(core::ErrorKind::kInvalid, std::string(errors.invalid),
                              fmt::format("Field \"{}\" of a {} event is missing or malformed.", *field, E::kType),
                              {{"field", *field}});
        }
        return Event{std::move(event)};
    }
}

}  // namespace layan::domain::json_fields
