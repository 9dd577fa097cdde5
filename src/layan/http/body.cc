#include "layan/http/body.h"

#include <fmt/format.h>

namespace layan::http {

core::Error InvalidField(std::string_view field, std::string message) {
    return core::Error{core::ErrorKind::kInvalid, "invalid_field", std::move(message),
                       nlohmann::json{{"field", std::string(field)}}};
}

core::Result<Body> Body::Parse(const Request& request) {
    if (request.body.empty()) {
        return Body(nlohmann::json::object());
    }
    auto parsed = ParseJsonBody(request);
    if (!parsed) {
        return tl::unexpected(parsed.error());
    }
    return From(std::move(*parsed));
}

core::Result<std::string> Body::StringOr(std::string_view field, std::size_t max_length, std::string fallback) const {
    auto value = OptionalString(field, max_length);
    if (!value) {
        return tl::unexpected(value.error());
    }
    return value->value_or(std::move(fallback));
}

core::Result<std::int64_t> Body::IntegerOr(std::string_view field, std::int64_t low, std::int64_t high,
                                           std::int64_t fallback) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() < low || it->get<std::int64_t>() > high) {
        return tl::unexpected(
            InvalidField(field, fmt::format("\"{}\" must be a whole number from {} to {}.", field, low, high)));
    }
    return it->get<std::int64_t>();
}

core::Result<std::optional<nlohmann::json>> Body::OptionalObject(std::string_view field) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_object()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" must be an object.", field)));
    }
    return *it;
}

core::Result<std::vector<std::string>> Body::OptionalStrings(std::string_view field, std::size_t max_items,
                                                             std::size_t max_length) const {
    std::vector<std::string> values;
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return values;
    }
    if (!it->is_array() || it->size() > max_items) {
        return tl::unexpected(InvalidField(
            field, fmt::format("The field \"{}\" must be a list of at most {} strings.", field, max_items)));
    }
    for (const auto& item : *it) {
        if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
            item.get_ref<const std::string&>().size() > max_length) {
            return tl::unexpected(InvalidField(
                field, fmt::format("Every item of \"{}\" must be a string of 1 to {} characters.", field, max_length)));
        }
        values.push_back(item.get<std::string>());
    }
    return values;
}

core::Result<bool> Body::BooleanOr(std::string_view field, bool fallback) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_boolean()) {
        return tl::unexpected(InvalidField(field, fmt::format("\"{}\" must be true or false.", field)));
    }
    return it->get<bool>();
}

bool Body::IsTrue(std::string_view field) const {
    auto it = json_.find(field);
    return it != json_.end() && it->is_boolean() && it->get<bool>();
}

core::Result<Body> Body::From(nlohmann::json json) {
    if (json.is_null()) {
        json = nlohmann::json::object();
    }
    if (!json.is_object()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_body", "The request body must be a JSON object.");
    }
    return Body(std::move(json));
}

core::Result<std::string> Body::RequiredString(std::string_view field, std::size_t max_length) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" is required.", field)));
    }
    if (!it->is_string()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" must be a string.", field)));
    }
    auto value = it->get<std::string>();
    if (value.empty()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" must not be empty.", field)));
    }
    if (value.size() > max_length) {
        return tl::unexpected(
            InvalidField(field, fmt::format("The field \"{}\" is longer than {} characters.", field, max_length)));
    }
    return value;
}

core::Result<std::optional<std::string>> Body::OptionalString(std::string_view field, std::size_t max_length) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return std::optional<std::string>{};
    }
    if (!it->is_string()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" must be a string or null.", field)));
    }
    auto value = it->get<std::string>();
    if (value.size() > max_length) {
        return tl::unexpected(
            InvalidField(field, fmt::format("The field \"{}\" is longer than {} characters.", field, max_length)));
    }
    return std::optional<std::string>{std::move(value)};
}

core::Result<std::vector<std::string>> Body::RequiredStrings(std::string_view field) const {
    auto it = json_.find(field);
    if (it == json_.end() || it->is_null()) {
        return tl::unexpected(InvalidField(field, fmt::format("The field \"{}\" is required.", field)));
    }
    if (!it->is_array() || it->empty()) {
        return tl::unexpected(
            InvalidField(field, fmt::format("The field \"{}\" must be a non-empty list of strings.", field)));
    }
    std::vector<std::string> values;
    for (const auto& item : *it) {
        if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
            return tl::unexpected(
                InvalidField(field, fmt::format("Every item of \"{}\" must be a non-empty string.", field)));
        }
        values.push_back(item.get<std::string>());
    }
    return values;
}

}  // namespace layan::http
