#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace layan::store::files {

/// How many leading bytes DetectMediaType looks at.
inline constexpr std::size_t kMediaTypeSniffBytes = std::size_t{64} * 1024;

/// The media type of `bytes` judged by their content alone ("application/pdf", "image/png", "image/jpeg",
/// "text/plain", "text/html", "application/x-empty" for no bytes, ...), never by a name or a type the sender
/// claims: a text file named .pdf is "text/plain". Uses libmagic on the first kMediaTypeSniffBytes bytes, with
/// the checks that look inside archives, compressed data, executables and OLE documents turned off (less parsing of
/// untrusted input; none of those is a document we accept). "application/octet-stream" when nothing matches, or
/// when libmagic fails (its database missing: logged once per thread). Never throws on any input. Thread-safe (one
/// libmagic handle per thread).
///
/// Like PDF readers, libmagic takes "%PDF-" within the first kilobyte for a PDF even after other bytes, so a file can
/// be a PDF and something else at once: serve stored documents with the type detected here, "nosniff" and as
/// attachments, never inline as what their bytes might also be.
[[nodiscard]] std::string DetectMediaType(std::string_view bytes);

}  // namespace layan::store::files
