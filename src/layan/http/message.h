#pragma once

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"

namespace layan::http {

/// One HTTP request as handlers see it. The server fills every field before the handler runs.
struct Request {
    std::string method;                                        ///< "GET", "POST", ...
    std::string target;                                        ///< Raw target including the query.
    std::string path;                                          ///< Percent-decoded path without the query.
    std::map<std::string, std::string> query;                  ///< Decoded query parameters (last one wins).
    std::vector<std::pair<std::string, std::string>> headers;  ///< Names lower-cased, in arrival order.
    std::string body;
    std::map<std::string, std::string> path_params;  ///< Filled by the router: "hall" -> "mpp-mojokerto".
    std::string route;                               ///< The matched pattern ("/api/v1/halls/{hall}/tickets").
    std::string remote_address;                      ///< Peer IP.
    std::string request_id;                          ///< Random id, also sent back as X-Request-Id.
    /// Set by the before-handler hook for the handler (the authenticated caller); the server never reads it.
    std::any context{};

    /// The value of the first header with this (lower-case) name; nullopt if absent.
    [[nodiscard]] std::optional<std::string_view> Header(std::string_view lower_name) const;
    /// The value captured for "{name}" by the route; "" if absent.
    [[nodiscard]] std::string_view PathParam(std::string_view name) const;
    /// The decoded query parameter; nullopt if absent.
    [[nodiscard]] std::optional<std::string_view> Query(std::string_view name) const;
};

/// One HTTP response. Content-Length, Date, X-Request-Id and Connection are added by the server.
struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    /// Set => the connection becomes a Server-Sent Events stream on this channel (status, body ignored).
    std::optional<std::string> sse_channel;
    /// Set => the response is this function's result, made on the connection's own I/O thread just before it is
    /// written (see Later).
    std::function<Response()> make;

    /// `body` serialised as JSON.
    [[nodiscard]] static Response Json(int status, const nlohmann::json& body);
    /// {"error":{"code","message","details"?}} with StatusOf(error.kind). The message and the strings in the
    /// details never carry markup: '<' and '>' in them become '‹' and '›' (they may name what the caller sent).
    [[nodiscard]] static Response Error(const core::Error& error);
    /// 204 without a body.
    [[nodiscard]] static Response NoContent();
    /// Turns the connection into an SSE stream of `channel` (see SseHub).
    [[nodiscard]] static Response EventStream(std::string channel);
    /// A response made later, on the I/O thread of the request's connection: lets a responder called on a shared
    /// thread (the engine's dispatch thread, which must stay quick for every hall) hand over the costly part,
    /// rendering, to the connections' threads. An exception from `make` answers 500.
    [[nodiscard]] static Response Later(std::function<Response()> make);
    /// Any other body with an explicit content type.
    [[nodiscard]] static Response Text(int status, std::string body, std::string content_type);

    /// Adds a header (no check for duplicates); returns *this for chaining.
    Response& WithHeader(std::string name, std::string value) &;
    Response&& WithHeader(std::string name, std::string value) &&;
};

/// The one table mapping ErrorKind to HTTP status: kMalformed 400, kInvalid 422, kUnauthenticated 401,
/// kForbidden 403, kNotFound 404, kMethodNotAllowed 405, kConflict 409, kTooLarge 413, kRateLimited 429,
/// kUnavailable 503, kInternal 500.
[[nodiscard]] int StatusOf(core::ErrorKind kind);

/// The standard reason phrase of a status ("Not Found"); "Unknown" for codes we do not name.
[[nodiscard]] std::string_view ReasonPhrase(int status);

/// Parses a JSON body; on failure a kMalformed error "malformed_json" with a message naming the parse position.
[[nodiscard]] core::Result<nlohmann::json> ParseJsonBody(const Request& request);

/// Called exactly once per request, from any thread; the request stays alive until then.
/// If every copy of a Responder is destroyed without being called, the server answers 500 "no_response".
using Responder = std::function<void(Response)>;
/// Handles a request; may respond before returning or later from another thread.
using Handler = std::function<void(const Request&, Responder)>;

}  // namespace layan::http
