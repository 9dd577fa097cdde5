#include "layan/api/qr_svg.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <qrencode.h>

namespace layan::api {

std::string QrSvg(std::string_view text) {
    std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) {
        throw std::runtime_error("the QR code cannot be encoded");
    }
    const int width = code->width;
    constexpr int kQuiet = 4;
    const int size = width + 2 * kQuiet;
    // One path of unit squares: small, crisp at any print size.
    std::string path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if ((code->data[y * width + x] & 1) != 0) {
                path += fmt::format("M{},{}h1v1h-1z", x + kQuiet, y + kQuiet);
            }
        }
    }
    return fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" shape-rendering="crispEdges">)"
                       R"(<rect width="{0}" height="{0}" fill="#fff"/><path fill="#000" d="{1}"/></svg>)",
                       size, path);
}

}  // namespace layan::api
