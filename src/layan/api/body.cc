#include "layan/api/body.h"

#include <fmt/format.h>

namespace layan::api {

core::Error InvalidField(std::string_view field, std::string message) {
    return core::Error{core::ErrorKind::kInvalid, "invalid_field", std::move(message),
                       nlohmann::json{{"field", std::string(field)}}};
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

}  // namespace layan::api
