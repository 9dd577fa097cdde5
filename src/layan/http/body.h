#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/http/message.h"

namespace layan::http {

/// Typed access to the fields of a JSON request body, with the errors the API contract promises:
/// 400 `malformed_json` for a body that is not JSON or holds what cannot be read (a number beyond a double),
/// 422 `invalid_body` for JSON that is not an object, 422 `invalid_field` naming the field in
/// `details.field` for a missing or mistyped value. The one body parser of the whole API: a handler parses
/// its request's body once, here.
class Body {
public:
    /// Parses the request's body; an empty body is an empty object.
    [[nodiscard]] static core::Result<Body> Parse(const Request& request);

    /// A required non-empty string of at most `max_length` characters.
    [[nodiscard]] core::Result<std::string> RequiredString(std::string_view field, std::size_t max_length = 200) const;

    /// An optional string: absent or null gives nullopt; another type is an error.
    [[nodiscard]] core::Result<std::optional<std::string>> OptionalString(std::string_view field,
                                                                          std::size_t max_length = 500) const;

    /// A required array of non-empty strings (at least one).
    [[nodiscard]] core::Result<std::vector<std::string>> RequiredStrings(std::string_view field) const;

    /// An optional string of at most `max_length` characters: `fallback` when absent or null.
    [[nodiscard]] core::Result<std::string> StringOr(std::string_view field, std::size_t max_length,
                                                     std::string fallback) const;

    /// An optional list of at most `max_items` non-empty strings of at most `max_length` characters each; empty
    /// when absent or null.
    [[nodiscard]] core::Result<std::vector<std::string>> OptionalStrings(std::string_view field, std::size_t max_items,
                                                                         std::size_t max_length) const;

    /// An optional whole number from `low` to `high`: `fallback` when absent or null.
    [[nodiscard]] core::Result<std::int64_t> IntegerOr(std::string_view field, std::int64_t low, std::int64_t high,
                                                       std::int64_t fallback) const;

    /// An optional JSON object (its members are the caller's to read): nullopt when absent or null; another type
    /// is an error.
    [[nodiscard]] core::Result<std::optional<nlohmann::json>> OptionalObject(std::string_view field) const;

    /// An optional true or false: `fallback` when absent or null; another type is an error.
    [[nodiscard]] core::Result<bool> BooleanOr(std::string_view field, bool fallback) const;

    /// Whether the field is present and exactly `true`.
    [[nodiscard]] bool IsTrue(std::string_view field) const;

private:
    /// Wraps an already parsed body; a body that is not a JSON object fails with 422 `invalid_body`.
    [[nodiscard]] static core::Result<Body> From(nlohmann::json json);
    explicit Body(nlohmann::json json) : json_(std::move(json)) {}
    nlohmann::json json_;
};

/// The 422 error for one field.
[[nodiscard]] core::Error InvalidField(std::string_view field, std::string message);

}  // namespace layan::http
