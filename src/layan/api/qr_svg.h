#pragma once

#include <string>
#include <string_view>

namespace layan::api {

/// `text` as a QR code (error correction level M) drawn in SVG with a 4-module quiet zone.
/// Throws std::runtime_error when libqrencode cannot encode it (too long).
[[nodiscard]] std::string QrSvg(std::string_view text);

}  // namespace layan::api
