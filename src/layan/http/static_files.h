#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/embedded.h"
#include "layan/http/message.h"

namespace layan::http {

/// Serves files embedded in the binary (core::EmbeddedFile), or read from a folder at start (page development).
/// Immutable after construction; thread-safe.
class StaticFiles {
public:
    /// Indexes the files by path; the bytes are not copied (they live for the program's lifetime).
    explicit StaticFiles(std::span<const core::EmbeddedFile> files);

    /// Reads every regular file under `root`'s subfolders `folders` (recursively) into memory, named by its
    /// path relative to `root` ("assets/kiosk.js"). Throws std::runtime_error naming the folder when one is
    /// missing or a file cannot be read.
    [[nodiscard]] static StaticFiles FromFolder(const std::filesystem::path& root,
                                                std::span<const std::string_view> folders);

    /// Adds embedded files (one of the same path is replaced).
    void Add(std::span<const core::EmbeddedFile> files);

    /// GET of an embedded asset: content type by extension, strong ETag (hash of the bytes), If-None-Match → 304,
    /// Cache-Control ("no-cache" for .html, "public, max-age=3600" otherwise); nullopt if no such file.
    /// `path` is relative to the embedded folder ("css/site.css"); "" or a path ending in '/' means its
    /// "index.html". Paths with "..", backslashes or NUL never match.
    [[nodiscard]] std::optional<Response> Serve(const Request& request, std::string_view path) const;

    /// The content type used for a file name ("application/octet-stream" when the extension is unknown).
    [[nodiscard]] static std::string_view ContentTypeOf(std::string_view path);

private:
    struct Entry {
        std::string_view bytes;
        std::string etag;  ///< Quoted, e.g. "\"1f2e3d4c5b6a7988-1234\"".
        std::string_view content_type;
        bool is_html = false;
    };
    StaticFiles() = default;
    void Index(std::string_view path, std::string_view bytes);

    std::map<std::string, Entry, std::less<>> files_;
    std::vector<std::unique_ptr<const std::string>> owned_;  ///< Bytes read by FromFolder (stable addresses).
};

}  // namespace layan::http
