#pragma once

#include <string>

namespace layan::store {

/// A database URL fit for logs and screens: a PostgreSQL URL's password (user:secret@host, or
/// password=... among its parameters) replaced by "***"; any other URL as it is.
[[nodiscard]] std::string RedactedUrl(const std::string& url);

}  // namespace layan::store
