#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace layan::core {

/// What kind of failure an error is; one table (api/) maps each kind to an HTTP status.
enum class ErrorKind {
    kMalformed,         ///< The input cannot be parsed (400).
    kInvalid,           ///< Parsed, but a field is missing, of the wrong type or out of range (422).
    kUnauthenticated,   ///< No valid session or token (401).
    kForbidden,         ///< Authenticated but not allowed (403).
    kNotFound,          ///< The named thing does not exist (404).
    kMethodNotAllowed,  ///< The path exists, the method does not (405).
    kConflict,          ///< The state moved or a rule of the domain forbids it now (409).
    kGone,              ///< It existed but is no longer available, e.g. an expired link (410).
    kTooLarge,          ///< The body or a header is over its limit (413/431).
    kRateLimited,       ///< Too many requests (429).
    kUnavailable,       ///< Storage or another dependency cannot serve now (503).
    kInternal,          ///< A bug (500).
};

/// An expected failure: a stable machine code ("counter_closed"), a sentence a person
/// understands, and optional structured details (e.g. the offending field).
struct Error {
    ErrorKind kind = ErrorKind::kInternal;
    std::string code;
    std::string message;
    nlohmann::json details = nullptr;

    friend bool operator==(const Error&, const Error&) = default;
};

/// Value-or-error for expected failures; infrastructure failures throw instead.
template <class T>
using Result = tl::expected<T, Error>;

/// Result of an operation that yields nothing on success.
using Status = tl::expected<void, Error>;

/// Shorthand to build the error side of a Result: `return Fail(ErrorKind::kNotFound, "...", "...")`.
[[nodiscard]] inline tl::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message,
                                                nlohmann::json details = nullptr) {
    return tl::unexpected<Error>(Error{kind, std::move(code), std::move(message), std::move(details)});
}

/// Name of a kind for logs ("conflict").
[[nodiscard]] std::string_view ToString(ErrorKind kind);

/// Thrown by storage when the database cannot be written or read (disk full, I/O error,
/// locked by another process); the HTTP layer turns it into 503.
class StorageUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace layan::core
