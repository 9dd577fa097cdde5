#include "layan/core/error.h"

namespace layan::core {

std::string_view ToString(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::kMalformed:
            return "malformed";
        case ErrorKind::kInvalid:
            return "invalid";
        case ErrorKind::kUnauthenticated:
            return "unauthenticated";
        case ErrorKind::kForbidden:
            return "forbidden";
        case ErrorKind::kNotFound:
            return "not_found";
        case ErrorKind::kMethodNotAllowed:
            return "method_not_allowed";
        case ErrorKind::kConflict:
            return "conflict";
        case ErrorKind::kGone:
            return "gone";
        case ErrorKind::kTooLarge:
            return "too_large";
        case ErrorKind::kRateLimited:
            return "rate_limited";
        case ErrorKind::kUnavailable:
            return "unavailable";
        case ErrorKind::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace layan::core
