#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"

namespace layan::http {

/// One field of a multipart/form-data body.
struct FormPart {
    std::string name;  ///< The field's name as sent; never empty.
    /// Set when the part is a file: its name exactly as the client sent it, neither decoded nor cleaned (whoever
    /// keeps it judges it). Browsers send "" for a file input left empty, and percent-encode '"', CR and LF in it.
    std::optional<std::string> file_name;
    /// The part's Content-Type as the client claims it, "text/plain" when absent (RFC 7578 §4.4). A client's claim,
    /// not a fact: judge a file's type by its bytes.
    std::string content_type = "text/plain";
    std::string data;  ///< The bytes, unchanged.
};

/// Most parts a form may have unless the caller says otherwise.
inline constexpr std::size_t kDefaultMaxFormParts = 32;
/// Most bytes of header lines one part may have.
inline constexpr std::size_t kMaxPartHeaderBytes = std::size_t{8} * 1024;

/// Parses a multipart/form-data body (RFC 7578 over RFC 2046's syntax), strictly: the parts in order, or
/// ErrorKind::kInvalid with code "multipart_invalid", a sentence saying what is wrong and, for a fault in one part,
/// details {"part": its number from 1}.
///
/// `content_type` is the request's Content-Type: "multipart/form-data" (any case) with a `boundary` parameter of 1 to
/// 70 characters (RFC 2046's bchars, quoted or a token). The body is an optional preamble, the boundary lines
/// "--boundary" each ending in CRLF (spaces or tabs may come first), every part's header lines and an empty line,
/// the part's bytes, and the closing "--boundary--" (anything after it is ignored). Refused: another media type, no or
/// a malformed boundary, a body without the opening or the closing boundary line (a cut-short upload), other
/// characters after a boundary, a part whose header lines are malformed (no colon, folded, control characters),
/// longer than kMaxPartHeaderBytes or cut short, a part without `Content-Disposition: form-data; name="..."` with a
/// non-empty name, a header given twice, a Content-Transfer-Encoding other than binary, 8bit or 7bit, and more than
/// `max_parts` parts. A form without parts is valid (an empty vector). Other header fields are ignored (§4.8).
///
/// Parameters of Content-Disposition and Content-Type are tokens or quoted strings; in a quoted string `\"` and `\\`
/// stand for '"' and '\' (older clients escape so), any other backslash is kept (Windows paths sent by old browsers),
/// and percent signs are kept as sent: browsers percent-encode '"', CR and LF but not '%', so decoding would be
/// guesswork.
[[nodiscard]] core::Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                                                 std::size_t max_parts = kDefaultMaxFormParts);

}  // namespace layan::http
