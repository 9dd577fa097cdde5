#include "layan/http/multipart.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "layan/http/wire.h"

namespace layan::http {
namespace {

constexpr std::size_t kMaxBoundary = 70;
constexpr std::string_view kCrlf = "\r\n";

tl::unexpected<core::Error> Invalid(std::string message, nlohmann::json details = nullptr) {
    return core::Fail(core::ErrorKind::kInvalid, "multipart_invalid", std::move(message), std::move(details));
}

tl::unexpected<core::Error> InvalidPart(std::size_t part, std::string message) {
    return Invalid(std::move(message), {{"part", part}});
}

/// RFC 7230's tchar.
bool IsTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// RFC 2046's bchars (space included; a boundary may not end with it).
bool IsBoundaryChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

void SkipSpace(std::string_view& text) {
    while (!text.empty() && IsSpace(text.front())) {
        text.remove_prefix(1);
    }
}

std::string_view Trim(std::string_view text) {
    SkipSpace(text);
    while (!text.empty() && IsSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string_view TakeToken(std::string_view& text) {
    auto end = std::find_if_not(text.begin(), text.end(), IsTokenChar) - text.begin();
    auto token = text.substr(0, static_cast<std::size_t>(end));
    text.remove_prefix(token.size());
    return token;
}

std::string Lower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return lower;
}

/// A quoted string at the front of `text` (which starts with '"'), unescaped as ParseMultipart describes;
/// nullopt when it does not end.
std::optional<std::string> TakeQuoted(std::string_view& text) {
    std::string value;
    std::size_t i = 1;
    for (; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
            ++i;
        }
        value.push_back(text[i]);
    }
    if (i == text.size()) {
        return std::nullopt;
    }
    text.remove_prefix(i + 1);
    return value;
}

/// A header value: a type ("multipart/form-data", "form-data") and its parameters, names lower-cased.
struct HeaderValue {
    std::string type;
    std::vector<std::pair<std::string, std::string>> parameters;

    /// The parameter's value; nullopt when absent. Sets `twice` when it is given more than once.
    [[nodiscard]] std::optional<std::string> Parameter(std::string_view name, bool& twice) const {
        std::optional<std::string> found;
        for (const auto& [key, value] : parameters) {
            if (key == name) {
                twice = twice || found.has_value();
                found = value;
            }
        }
        return found;
    }
};

/// `type *( OWS ";" OWS name "=" ( token / quoted-string ) ) OWS`; nullopt when it is not that.
std::optional<HeaderValue> ParseHeaderValue(std::string_view text) {
    HeaderValue parsed;
    SkipSpace(text);
    auto type_end = text.find_first_of("; \t");
    parsed.type = Lower(text.substr(0, type_end));
    text.remove_prefix(std::min(type_end, text.size()));
    for (SkipSpace(text); !text.empty(); SkipSpace(text)) {
        if (text.front() != ';') {
            return std::nullopt;
        }
        text.remove_prefix(1);
        SkipSpace(text);
        if (text.empty()) {
            break;  // A trailing ';', which some clients send.
        }
        auto name = TakeToken(text);
        if (name.empty() || text.empty() || text.front() != '=') {
            return std::nullopt;
        }
        text.remove_prefix(1);
        std::optional<std::string> value;
        if (!text.empty() && text.front() == '"') {
            value = TakeQuoted(text);
        } else if (auto token = TakeToken(text); !token.empty()) {
            value = std::string(token);
        }
        if (!value) {
            return std::nullopt;
        }
        parsed.parameters.emplace_back(Lower(name), std::move(*value));
    }
    return parsed;
}

core::Result<std::string> BoundaryOf(std::string_view content_type) {
    auto parsed = ParseHeaderValue(content_type);
    if (!parsed || parsed->type != "multipart/form-data") {
        return Invalid("The request must be a form sent as multipart/form-data.");
    }
    bool twice = false;
    auto boundary = parsed->Parameter("boundary", twice);
    if (!boundary || twice) {
        return Invalid("The Content-Type multipart/form-data must name its boundary once (boundary=...).");
    }
    if (boundary->empty() || boundary->size() > kMaxBoundary || boundary->back() == ' ' ||
        !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar)) {
        return Invalid(
            fmt::format("The multipart boundary must be 1 to {} letters, digits or '()+_,-./:=? "
                        "characters, and not end with a space.",
                        kMaxBoundary));
    }
    return *boundary;
}

/// Reads one part's header lines from the front of `rest` (just after its boundary line) into `part`, up to and
/// including the empty line.
core::Status ReadPartHeaders(std::string_view& rest, std::size_t number, FormPart& part) {
    std::optional<HeaderValue> disposition;
    bool has_content_type = false;
    bool has_encoding = false;
    std::size_t used = 0;
    for (;;) {
        // Every line with its CRLF, the empty one included, counts against the limit.
        const std::size_t allowed = kMaxPartHeaderBytes - used;
        auto end = rest.substr(0, allowed).find(kCrlf);
        if (end == std::string_view::npos) {
            if (rest.size() > allowed) {
                return InvalidPart(number, fmt::format("The header lines of part {} are longer than {} bytes.", number,
                                                       kMaxPartHeaderBytes));
            }
            return InvalidPart(number, fmt::format("The body ends inside the header lines of part {}: the upload "
                                                   "was cut short.",
                                                   number));
        }
        auto line = rest.substr(0, end);
        rest.remove_prefix(end + kCrlf.size());
        used += end + kCrlf.size();
        if (line.empty()) {
            break;
        }
        auto colon = line.find(':');
        auto name = line.substr(0, std::min(colon, line.size()));
        bool controls = std::any_of(line.begin(), line.end(), [](char c) {
            return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
        });
        if (colon == std::string_view::npos || name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar) ||
            controls) {
            return InvalidPart(number, fmt::format("Part {} has a malformed header line.", number));
        }
        auto value = Trim(line.substr(colon + 1));
        bool repeated = false;
        if (EqualsIgnoreCase(name, "content-disposition")) {
            repeated = disposition.has_value();
            disposition = ParseHeaderValue(value);
            if (!disposition) {
                return InvalidPart(number, fmt::format("The Content-Disposition of part {} is malformed.", number));
            }
        } else if (EqualsIgnoreCase(name, "content-type")) {
            repeated = std::exchange(has_content_type, true);
            part.content_type = std::string(value);
        } else if (EqualsIgnoreCase(name, "content-transfer-encoding")) {
            repeated = std::exchange(has_encoding, true);
            if (!EqualsIgnoreCase(value, "binary") && !EqualsIgnoreCase(value, "8bit") &&
                !EqualsIgnoreCase(value, "7bit")) {
                return InvalidPart(number,
                                   fmt::format("Part {} is encoded ({}); send its bytes as they are.", number, value));
            }
        }
        if (repeated) {
            return InvalidPart(number, fmt::format("Part {} has the header {} twice.", number, name));
        }
    }
    if (!disposition || disposition->type != "form-data") {
        return InvalidPart(number, fmt::format("Part {} has no header Content-Disposition: form-data.", number));
    }
    bool twice = false;
    auto name = disposition->Parameter("name", twice);
    part.file_name = disposition->Parameter("filename", twice);
    if (twice) {
        return InvalidPart(
            number, fmt::format("The Content-Disposition of part {} names the field or the file twice.", number));
    }
    if (!name || name->empty()) {
        return InvalidPart(number, fmt::format("Part {} has no field name (Content-Disposition: form-data; "
                                               "name=\"...\").",
                                               number));
    }
    part.name = std::move(*name);
    return {};
}

}  // namespace

core::Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                                   std::size_t max_parts) {
    auto boundary = BoundaryOf(content_type);
    if (!boundary) {
        return tl::unexpected(boundary.error());
    }
    const std::string delimiter = "\r\n--" + *boundary;  // What ends every part (RFC 2046 §5.1.1).
    std::string_view rest = body;
    // The first boundary line opens the body or follows a preamble, which is ignored.
    if (rest.substr(0, delimiter.size() - kCrlf.size()) == std::string_view(delimiter).substr(kCrlf.size())) {
        rest.remove_prefix(delimiter.size() - kCrlf.size());
    } else if (auto first = rest.find(delimiter); first != std::string_view::npos) {
        rest.remove_prefix(first + delimiter.size());
    } else {
        return Invalid("The body does not hold the boundary line its Content-Type announces.");
    }

    std::vector<FormPart> parts;
    for (;;) {
        SkipSpace(rest);  // RFC 2046's transport padding.
        if (rest.size() < 2) {
            return Invalid("The body ends before its closing boundary line: the upload was cut short.");
        }
        if (rest.substr(0, 2) == "--") {
            return parts;  // The closing boundary line; what follows is the epilogue.
        }
        if (rest.substr(0, kCrlf.size()) != kCrlf) {
            return Invalid("A boundary line of the body is followed by other characters.");
        }
        rest.remove_prefix(kCrlf.size());
        if (parts.size() == max_parts) {
            return Invalid(fmt::format("The form has more than {} parts.", max_parts));
        }
        const std::size_t number = parts.size() + 1;
        FormPart part;
        if (auto read = ReadPartHeaders(rest, number, part); !read) {
            return tl::unexpected(read.error());
        }
        auto end = rest.find(delimiter);
        if (end == std::string_view::npos) {
            return InvalidPart(number, fmt::format("The body ends inside part {}, before its closing boundary line: "
                                                   "the upload was cut short.",
                                                   number));
        }
        part.data.assign(rest.substr(0, end));
        rest.remove_prefix(end + delimiter.size());
        parts.push_back(std::move(part));
    }
}

}  // namespace layan::http
