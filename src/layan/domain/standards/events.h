#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/domain/standards/standard.h"

/// The one fact of a service's standard stream: a version was published. Its data is the whole version as
/// JSON; one field list (events.cc) writes it, reads it and says which components are public.
namespace layan::domain::standards {

/// Type of the event whose data is a StandardVersion (ToJson), stored beside it.
inline constexpr std::string_view kStandardVersionPublished = "standard_version_published";

/// Every field of a version as a JSON object: dates "YYYY-MM-DD", texts {"id", "en"}, completion
/// {"unit": "working_days", "amount": 3}, fee {"idr", "note"}, requirements [{code, name, required,
/// accepted_types, max_bytes}], the internal components and the pledge.
[[nodiscard]] nlohmann::json ToJson(const StandardVersion& version);

/// What citizens may see: version, decree, valid_from, the six published components (requirements,
/// procedure, completion, fee, product, complaint_channel) and the pledge, in ToJson's shape; never an
/// internal component.
[[nodiscard]] nlohmann::json PublishedJson(const StandardVersion& version);

/// Reads ToJson's output. Every field is required and checked for its shape only (Validate checks the
/// content); unknown extra fields are ignored, so a later version may add some. Errors: ErrorKind::kInvalid,
/// "standard_json_invalid", details {"field": path} naming the first field missing or of the wrong shape, e.g.
/// "requirements[1].max_bytes", "completion.unit" (an unknown unit), "decree.date" (not a real date); "" when
/// `data` is not an object.
[[nodiscard]] core::Result<StandardVersion> StandardVersionFromJson(const nlohmann::json& data);

}  // namespace layan::domain::standards
