#include "layan/domain/standards/events.h"

#include <optional>
#include <type_traits>

#include <fmt/format.h>

#include "layan/domain/json_fields.h"

namespace layan::domain::standards {

namespace {

using json_fields::Is;
using nlohmann::json;

/// Who may read a top-level field.
enum class Audience { kPublic, kInternal };

// One list of fields per type, used to write, to read and to choose what is public, so these cannot drift
// apart. A nested type is public or internal as a whole.
void Fields(Is<StandardVersion> auto& v, auto&& f) {
    f("version", v.version, Audience::kPublic);
    f("decree", v.decree, Audience::kPublic);
    f("valid_from", v.valid_from, Audience::kPublic);
    f("requirements", v.requirements, Audience::kPublic);
    f("procedure", v.procedure, Audience::kPublic);
    f("completion", v.completion, Audience::kPublic);
    f("fee", v.fee, Audience::kPublic);
    f("product", v.product, Audience::kPublic);
    f("complaint_channel", v.complaint_channel, Audience::kPublic);
    f("legal_basis", v.legal_basis, Audience::kInternal);
    f("facilities", v.facilities, Audience::kInternal);
    f("officer_competence", v.officer_competence, Audience::kInternal);
    f("internal_supervision", v.internal_supervision, Audience::kInternal);
    f("officer_count", v.officer_count, Audience::kInternal);
    f("service_guarantee", v.service_guarantee, Audience::kInternal);
    f("security_guarantee", v.security_guarantee, Audience::kInternal);
    f("performance_evaluation", v.performance_evaluation, Audience::kInternal);
    f("pledge", v.pledge, Audience::kPublic);
}
void Fields(Is<Decree> auto& d, auto&& f) {
    f("number", d.number);
    f("date", d.date);
}
void Fields(Is<Requirement> auto& r, auto&& f) {
    f("code", r.code);
    f("name", r.name);
    f("required", r.required);
    f("accepted_types", r.accepted_types);
    f("max_bytes", r.max_bytes);
}
void Fields(Is<Fee> auto& fee, auto&& f) {
    f("idr", fee.idr);
    f("note", fee.note);
}
void Fields(Is<calendar::DeadlineRule> auto& rule, auto&& f) {
    f("unit", rule.unit);
    f("amount", rule.amount);
}
void Fields(Is<LocalizedText> auto& text, auto&& f) {
    f("id", text.id);
    f("en", text.en);
}

template <class T>
concept Record = requires(T& value) {
    Fields(value, [](const char*, auto&, Audience = Audience::kPublic) {});
};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// --- Writing. Encode writes a plain value; Write any value, records as objects and vectors as arrays.

using json_fields::Encode;
json Encode(const calendar::Date& value) { return core::FormatDate(value); }

template <class T>
json Write(const T& value);

class Writer {
public:
    Writer(json& out, bool public_only) : out_(out), public_only_(public_only) {}

    template <class T>
    void operator()(const char* name, const T& value, Audience audience = Audience::kPublic) {
        if (public_only_ && audience == Audience::kInternal) {
            return;
        }
        out_[name] = Write(value);
    }

private:
    json& out_;
    bool public_only_;
};

template <class T>
json Write(const T& value) {
    if constexpr (Record<T>) {
        json out = json::object();
        Fields(value, Writer(out, false));
        return out;
    } else if constexpr (IsVector<T>::value) {
        json out = json::array();
        for (const auto& item : value) {
            out.push_back(Write(item));
        }
        return out;
    } else {
        return Encode(value);
    }
}

// --- Reading. Decode reads a plain value, or says false when the JSON has another shape.

using json_fields::Decode;
bool Decode(const json& in, calendar::Date& out) {
    auto date = in.is_string() ? core::ParseDate(in.get_ref<const std::string&>()) : std::nullopt;
    out = date.value_or(calendar::Date{});
    return date.has_value();
}
bool Decode(const json& in, calendar::DeadlineUnit& out) {
    return json_fields::DecodeCode(in, out, calendar::ParseDeadlineUnit);
}

using Bad = std::optional<std::string>;

// Reads any value at `path`; on a wrong shape, says false with `bad` naming the deepest field at fault.
template <class T>
bool Read(const json& in, const std::string& path, Bad& bad, T& out);

class Reader {
public:
    Reader(const json& in, std::string path, Bad& bad) : in_(in), path_(std::move(path)), bad_(bad) {}

    template <class T>
    void operator()(const char* name, T& value, Audience /*audience*/ = Audience::kPublic) {
        if (bad_) {
            return;
        }
        auto path = path_.empty() ? std::string(name) : fmt::format("{}.{}", path_, name);
        auto it = in_.find(name);
        if (it == in_.end() || !Read(*it, path, bad_, value)) {
            bad_ = bad_.value_or(std::move(path));
        }
    }

private:
    const json& in_;
    std::string path_;
    Bad& bad_;
};

template <class T>
bool Read(const json& in, const std::string& path, Bad& bad, T& out) {
    if constexpr (Record<T>) {
        if (!in.is_object()) {
            return false;
        }
        Fields(out, Reader(in, path, bad));
        return !bad;
    } else if constexpr (IsVector<T>::value) {
        if (!in.is_array()) {
            return false;
        }
        out.assign(in.size(), typename T::value_type{});
        for (std::size_t i = 0; i < in.size(); ++i) {
            auto item_path = fmt::format("{}[{}]", path, i);
            if (!Read(in[i], item_path, bad, out[i])) {
                bad = bad.value_or(std::move(item_path));
                return false;
            }
        }
        return true;
    } else {
        return Decode(in, out);
    }
}

}  // namespace

json ToJson(const StandardVersion& version) {
    json out = json::object();
    Fields(version, Writer(out, false));
    return out;
}

json PublishedJson(const StandardVersion& version) {
    json out = json::object();
    Fields(version, Writer(out, true));
    return out;
}

core::Result<StandardVersion> StandardVersionFromJson(const json& data) {
    StandardVersion version;
    Bad bad;
    if (!Read(data, "", bad, version)) {
        const std::string field = bad.value_or("");
        return core::Fail(core::ErrorKind::kInvalid, "standard_json_invalid",
                          field.empty() ? std::string("A standard must be a JSON object.")
                                        : fmt::format("Field \"{}\" of the standard is missing or malformed.", field),
                          json{{"field", field}});
    }
    return version;
}

}  // namespace layan::domain::standards
