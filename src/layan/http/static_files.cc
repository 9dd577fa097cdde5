#include "layan/http/static_files.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace layan::http {
namespace {

/// 64-bit FNV-1a: stable across builds and platforms, which an ETag needs; not a security hash.
std::uint64_t Fnv1a(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

bool Refused(std::string_view path) {
    if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
        return true;
    }
    // ".." anywhere is refused, even inside a name: simpler to reason about than segment rules.
    return path.find("..") != std::string_view::npos || (!path.empty() && path.front() == '/');
}

/// Whether an If-None-Match value lists `etag` (weak comparison, as RFC 9110 asks for If-None-Match) or is "*".
bool ListsEtag(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
            item.remove_prefix(1);
        }
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
            item.remove_suffix(1);
        }
        if (item.starts_with("W/")) {
            item.remove_prefix(2);
        }
        if (item == "*" || item == etag) {
            return true;
        }
    }
    return false;
}

}  // namespace

StaticFiles::StaticFiles(std::span<const core::EmbeddedFile> files) { Add(files); }

void StaticFiles::Add(std::span<const core::EmbeddedFile> files) {
    for (const auto& file : files) {
        Index(file.path, file.bytes);
    }
}

StaticFiles StaticFiles::FromFolder(const std::filesystem::path& root, std::span<const std::string_view> folders) {
    namespace fs = std::filesystem;
    StaticFiles files;
    for (const auto folder : folders) {
        const fs::path dir = root / folder;
        if (!fs::is_directory(dir)) {
            throw std::runtime_error(
                fmt::format("{} is not a folder: the pages need {}/{}", dir.string(), root.string(), folder));
        }
        for (const auto& item : fs::recursive_directory_iterator(dir)) {
            if (!item.is_regular_file()) {
                continue;
            }
            std::ifstream in(item.path(), std::ios::binary);
            if (!in.is_open()) {
                throw std::runtime_error(fmt::format("cannot read {}", item.path().string()));
            }
            std::ostringstream bytes;
            bytes << in.rdbuf();
            const auto& owned = files.owned_.emplace_back(std::make_unique<const std::string>(std::move(bytes).str()));
            files.Index(item.path().lexically_relative(root).generic_string(), *owned);
        }
    }
    return files;
}

void StaticFiles::Index(std::string_view path, std::string_view bytes) {
    Entry entry;
    entry.bytes = bytes;
    entry.etag = fmt::format("\"{:016x}-{:x}\"", Fnv1a(bytes), bytes.size());
    entry.content_type = ContentTypeOf(path);
    entry.is_html = path.ends_with(".html") || path.ends_with(".htm");
    files_.insert_or_assign(std::string(path), std::move(entry));
}

std::string_view StaticFiles::ContentTypeOf(std::string_view path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kTypes = {{
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".txt", "text/plain; charset=utf-8"},
        {".xml", "application/xml; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".wav", "audio/wav"},
        {".mp3", "audio/mpeg"},
        {".ogg", "audio/ogg"},
        {".pdf", "application/pdf"},
    }};
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) {
        return "application/octet-stream";
    }
    auto extension = path.substr(dot);
    for (const auto& [known, type] : kTypes) {
        if (extension.size() == known.size() &&
            std::equal(extension.begin(), extension.end(), known.begin(),
                       [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; })) {
            return type;
        }
    }
    return "application/octet-stream";
}

std::optional<Response> StaticFiles::Serve(const Request& request, std::string_view path) const {
    if (Refused(path)) {
        return std::nullopt;
    }
    std::string with_index;
    if (path.empty() || path.back() == '/') {
        with_index = std::string(path) + "index.html";
        path = with_index;
    }
    auto it = files_.find(path);
    if (it == files_.end()) {
        return std::nullopt;
    }
    const Entry& entry = it->second;
    Response response;
    response.headers.emplace_back("ETag", entry.etag);
    response.headers.emplace_back("Cache-Control", entry.is_html ? "no-cache" : "public, max-age=3600");
    auto if_none_match = request.Header("if-none-match");
    if (if_none_match && ListsEtag(*if_none_match, std::string_view(entry.etag))) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    response.status = 200;
    response.content_type = std::string(entry.content_type);
    response.body = std::string(entry.bytes);
    return response;
}

}  // namespace layan::http
