#pragma once

#include <span>
#include <string_view>

namespace layan::core {

/// A file compiled into the binary by cmake/LayanEmbed.cmake.
struct EmbeddedFile {
    std::string_view path;   ///< Relative to the embedded folder, with '/' separators.
    std::string_view bytes;  ///< The whole content; lives for the program's lifetime.
};

}  // namespace layan::core
