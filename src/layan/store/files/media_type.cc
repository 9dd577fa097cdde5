#include "layan/store/files/media_type.h"

#include <magic.h>

#include <algorithm>

#include <spdlog/spdlog.h>

namespace layan::store::files {
namespace {

constexpr int kFlags = MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ELF |
                       MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_APPTYPE | MAGIC_NO_CHECK_CSV | MAGIC_NO_CHECK_JSON |
                       MAGIC_NO_CHECK_TOKENS;
constexpr std::string_view kUnknown = "application/octet-stream";

/// One libmagic handle with its database loaded (a magic_t must not be shared between threads); null when libmagic
/// could not start.
class Cookie {
public:
    Cookie() : magic_(magic_open(kFlags)) {
        if (magic_ == nullptr) {
            spdlog::error("libmagic cannot start: media types of uploads cannot be detected");
            return;
        }
        if (magic_load(magic_, nullptr) != 0) {
            spdlog::error("libmagic cannot load its database ({}): media types of uploads cannot be detected",
                          magic_error(magic_));
            magic_close(magic_);
            magic_ = nullptr;
        }
    }
    ~Cookie() {
        if (magic_ != nullptr) {
            magic_close(magic_);
        }
    }
    Cookie(const Cookie&) = delete;
    Cookie& operator=(const Cookie&) = delete;

    [[nodiscard]] magic_t get() const { return magic_; }

private:
    magic_t magic_;
};

}  // namespace

std::string DetectMediaType(std::string_view bytes) {
    thread_local const Cookie cookie;
    if (cookie.get() == nullptr) {
        return std::string(kUnknown);
    }
    // An empty string_view may hold no pointer at all; libmagic gets a valid one either way.
    const char* start = bytes.empty() ? "" : bytes.data();
    const char* type = magic_buffer(cookie.get(), start, std::min(bytes.size(), kMediaTypeSniffBytes));
    return std::string(type != nullptr ? std::string_view(type) : kUnknown);
}

}  // namespace layan::store::files
