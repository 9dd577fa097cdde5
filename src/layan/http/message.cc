#include "layan/http/message.h"

#include <fmt/format.h>

namespace layan::http {

namespace {

/// Error messages and details often name what the caller sent (a service code, a hall id, a ticket number).
/// They never carry it back as markup: '<' and '>' become '‹' and '›', so a page that shows an error cannot be
/// made to render the caller's tags, whatever it does with the text.
std::string TextWithoutMarkup(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '<') {
            out += "\u2039";
        } else if (c == '>') {
            out += "\u203a";
        } else {
            out += c;
        }
    }
    return out;
}

nlohmann::json JsonWithoutMarkup(nlohmann::json value) {
    if (value.is_string()) {
        return TextWithoutMarkup(value.get_ref<const std::string&>());
    }
    // The values of an object or an array (keys are ours); a number or a boolean would iterate over itself.
    if (value.is_structured()) {
        for (auto& item : value) {
            item = JsonWithoutMarkup(std::move(item));
        }
    }
    return value;
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::string_view Request::PathParam(std::string_view name) const {
    auto it = path_params.find(std::string(name));
    return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) {
        return std::nullopt;
    }
    return std::string_view(it->second);
}

Response Response::Json(int status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    // Replace invalid UTF-8 instead of throwing: a response must always be producible.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Error(const core::Error& error) {
    nlohmann::json inner = {{"code", error.code}, {"message", TextWithoutMarkup(error.message)}};
    if (!error.details.is_null()) {
        inner["details"] = JsonWithoutMarkup(error.details);
    }
    return Json(StatusOf(error.kind), nlohmann::json{{"error", std::move(inner)}});
}

Response Response::Later(std::function<Response()> make) {
    Response response;
    response.make = std::move(make);
    return response;
}

Response Response::NoContent() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response Response::EventStream(std::string channel) {
    Response response;
    response.content_type = "text/event-stream";
    response.sse_channel = std::move(channel);
    return response;
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = std::move(content_type);
    return response;
}

Response& Response::WithHeader(std::string name, std::string value) & {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

Response&& Response::WithHeader(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
}

int StatusOf(core::ErrorKind kind) {
    using core::ErrorKind;
    switch (kind) {
        case ErrorKind::kMalformed:
            return 400;
        case ErrorKind::kInvalid:
            return 422;
        case ErrorKind::kUnauthenticated:
            return 401;
        case ErrorKind::kForbidden:
            return 403;
        case ErrorKind::kNotFound:
            return 404;
        case ErrorKind::kMethodNotAllowed:
            return 405;
        case ErrorKind::kConflict:
            return 409;
        case ErrorKind::kGone:
            return 410;
        case ErrorKind::kTooLarge:
            return 413;
        case ErrorKind::kRateLimited:
            return 429;
        case ErrorKind::kUnavailable:
            return 503;
        case ErrorKind::kInternal:
            return 500;
    }
    return 500;
}

std::string_view ReasonPhrase(int status) {
    switch (status) {
        case 100:
            return "Continue";
        case 101:
            return "Switching Protocols";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 204:
            return "No Content";
        case 206:
            return "Partial Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 307:
            return "Temporary Redirect";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 406:
            return "Not Acceptable";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 411:
            return "Length Required";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Payload Too Large";
        case 414:
            return "URI Too Long";
        case 415:
            return "Unsupported Media Type";
        case 422:
            return "Unprocessable Entity";
        case 428:
            return "Precondition Required";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Unknown";
    }
}

core::Result<nlohmann::json> ParseJsonBody(const Request& request) {
    if (request.body.empty()) {
        return core::Fail(core::ErrorKind::kMalformed, "malformed_json",
                          "The request body is empty; JSON was expected.");
    }
    try {
        return nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::parse_error& e) {
        return core::Fail(core::ErrorKind::kMalformed, "malformed_json",
                          fmt::format("The request body is not valid JSON (error at byte {}).", e.byte),
                          nlohmann::json{{"position", e.byte}});
    } catch (const nlohmann::json::exception&) {
        // Valid JSON the library cannot represent, such as a number beyond a double (1e999999).
        return core::Fail(core::ErrorKind::kMalformed, "malformed_json",
                          "The request body holds a value that cannot be read, such as a number far too large.");
    }
}

}  // namespace layan::http
