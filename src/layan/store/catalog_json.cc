#include "layan/store/catalog_json.h"

#include <array>
#include <charconv>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace layan::store {

namespace catalog = domain::catalog;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                           "thursday", "friday", "saturday"};

constexpr std::array<std::pair<catalog::DurationUnit, std::string_view>, 4> kDurationUnits = {{
    {catalog::DurationUnit::kSameDay, "same_day"},
    {catalog::DurationUnit::kWorkingDays, "working_days"},
    {catalog::DurationUnit::kCalendarDays, "calendar_days"},
    {catalog::DurationUnit::kHours, "hours"},
}};

std::string_view DurationUnitName(catalog::DurationUnit unit) {
    for (const auto& [value, name] : kDurationUnits) {
        if (value == unit) {
            return name;
        }
    }
    return "same_day";
}

std::string FormatOffset(core::UtcOffset offset) {
    auto minutes = offset.minutes.count();
    char sign = minutes < 0 ? '-' : '+';
    minutes = minutes < 0 ? -minutes : minutes;
    return fmt::format("{}{:02}:{:02}", sign, minutes / 60, minutes % 60);
}

std::string FormatClock(std::chrono::minutes time) {
    return fmt::format("{:02}:{:02}", time.count() / 60, time.count() % 60);
}

bool ParseTwoDigits(std::string_view text, int& out) {
    if (text.size() != 2) {
        return false;
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + 2, out);
    return ec == std::errc{} && end == text.data() + 2;
}

// "07:30" → 450 minutes; "24:00" is allowed as the end of a day.
std::optional<std::chrono::minutes> ParseClock(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    if (text.size() != 5 || text[2] != ':' || !ParseTwoDigits(text.substr(0, 2), hours) ||
        !ParseTwoDigits(text.substr(3, 2), minutes) || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
        return std::nullopt;
    }
    return std::chrono::minutes{hours * 60 + minutes};
}

// "+07:00" → 420 minutes, within the offsets in use on Earth.
std::optional<core::UtcOffset> ParseOffset(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':' ||
        !ParseTwoDigits(text.substr(1, 2), hours) || !ParseTwoDigits(text.substr(4, 2), minutes) || minutes > 59 ||
        hours > 14) {
        return std::nullopt;
    }
    int total = (hours * 60 + minutes) * (text[0] == '-' ? -1 : 1);
    return core::UtcOffset{std::chrono::minutes{total}};
}

/// A problem found while reading: where and what. Thrown inside this file only, caught by each
/// public *FromJson, which returns it as a core::Error.
struct Problem {
    std::string field;
    std::string message;
};

std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string Index(const std::string& path, size_t i) { return fmt::format("{}[{}]", path, i); }

/// Reads the fields of one JSON object, remembering which were read, so Done() can reject the rest.
class Fields {
public:
    Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
        if (!object_.is_object()) {
            throw Problem{path_, "expected an object"};
        }
    }

    [[nodiscard]] bool Has(std::string_view key) const { return object_.contains(key); }

    const json& Get(std::string_view key) {
        read_.emplace(key);
        auto it = object_.find(key);
        if (it == object_.end()) {
            throw Problem{Path(key), "is required"};
        }
        return *it;
    }

    std::string String(std::string_view key) {
        const json& value = Get(key);
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
            throw Problem{Path(key), "expected a non-empty string"};
        }
        return value.get<std::string>();
    }

    std::int64_t Integer(std::string_view key, std::int64_t min, std::int64_t max) {
        const json& value = Get(key);
        if (!value.is_number_integer()) {
            throw Problem{Path(key), "expected a whole number"};
        }
        std::int64_t number = value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX
                                  ? INT64_MAX
                                  : value.get<std::int64_t>();
        if (number < min || number > max) {
            throw Problem{Path(key), fmt::format("expected a number from {} to {}", min, max)};
        }
        return number;
    }

    int Int(std::string_view key, int min, int max) { return static_cast<int>(Integer(key, min, max)); }

    const json& Array(std::string_view key) {
        const json& value = Get(key);
        if (!value.is_array()) {
            throw Problem{Path(key), "expected an array"};
        }
        return value;
    }

    std::vector<std::string> Strings(std::string_view key) {
        std::vector<std::string> strings;
        const json& array = Array(key);
        std::set<std::string> seen;
        for (size_t i = 0; i < array.size(); ++i) {
            if (!array[i].is_string() || array[i].get_ref<const std::string&>().empty()) {
                throw Problem{Index(Path(key), i), "expected a non-empty string"};
            }
            if (!seen.insert(array[i].get<std::string>()).second) {
                throw Problem{Index(Path(key), i), fmt::format("'{}' is listed twice", array[i].get<std::string>())};
            }
            strings.push_back(array[i].get<std::string>());
        }
        return strings;
    }

    /// The parent's id where the object is nested (optional, must match), else a required field.
    std::string ParentId(std::string_view key, std::string_view parent) {
        if (parent.empty()) {
            return String(key);
        }
        if (Has(key) && String(key) != parent) {
            throw Problem{Path(key), fmt::format("must be '{}' (the enclosing object's id) or absent", parent)};
        }
        read_.emplace(key);
        return std::string(parent);
    }

    [[nodiscard]] std::string Path(std::string_view key) const { return Join(path_, key); }

    /// Rejects keys that were never read: a misspelt key must not be silently ignored.
    void Done() const {
        for (const auto& [key, value] : object_.items()) {
            if (!read_.contains(key)) {
                throw Problem{Path(key), "is not a known field"};
            }
        }
    }

private:
    const json& object_;
    std::string path_;
    std::set<std::string, std::less<>> read_;
};

catalog::LocalizedText ParseText(const json& value, const std::string& path) {
    Fields fields(value, path);
    catalog::LocalizedText text{.id = fields.String("id"), .en = fields.String("en")};
    fields.Done();
    return text;
}

// fee_note may be empty on both sides: a free service has nothing to note.
catalog::LocalizedText ParseOptionalText(Fields& parent, std::string_view key) {
    if (!parent.Has(key)) {
        return {};
    }
    const json& value = parent.Get(key);
    Fields fields(value, parent.Path(key));
    catalog::LocalizedText text;
    for (auto [name, out] : {std::pair{"id", &text.id}, std::pair{"en", &text.en}}) {
        const json& part = fields.Get(name);
        if (!part.is_string()) {
            throw Problem{fields.Path(name), "expected a string"};
        }
        *out = part.get<std::string>();
    }
    fields.Done();
    return text;
}

core::UtcOffset ParseOffsetField(Fields& fields, std::string_view key) {
    std::string text = fields.String(key);
    auto offset = ParseOffset(text);
    if (!offset) {
        throw Problem{fields.Path(key), "expected a UTC offset like \"+07:00\""};
    }
    return *offset;
}

catalog::Tenant ParseTenant(Fields& fields) {
    return catalog::Tenant{
        .id = fields.String("id"), .name = fields.String("name"), .utc_offset = ParseOffsetField(fields, "utc_offset")};
}

catalog::Unit ParseUnit(const json& value, const std::string& path, std::string_view parent_tenant_id) {
    Fields fields(value, path);
    catalog::Unit unit{.id = fields.String("id"),
                       .tenant_id = fields.ParentId("tenant_id", parent_tenant_id),
                       .name = ParseText(fields.Get("name"), fields.Path("name"))};
    fields.Done();
    return unit;
}

catalog::ServiceStandard ParseStandard(const json& value, const std::string& path) {
    Fields fields(value, path);
    catalog::ServiceStandard standard;
    const json& requirements = fields.Array("requirements");
    for (size_t i = 0; i < requirements.size(); ++i) {
        standard.requirements.push_back(ParseText(requirements[i], Index(fields.Path("requirements"), i)));
    }
    standard.procedure = ParseText(fields.Get("procedure"), fields.Path("procedure"));
    std::string unit = fields.String("completion_unit");
    bool known = false;
    for (const auto& [value_of, name] : kDurationUnits) {
        if (name == unit) {
            standard.completion_unit = value_of;
            known = true;
        }
    }
    if (!known) {
        throw Problem{fields.Path("completion_unit"),
                      "expected one of \"same_day\", \"working_days\", \"calendar_days\", \"hours\""};
    }
    standard.completion_min = fields.Int("completion_min", 0, 10000);
    standard.completion_max = fields.Int("completion_max", 0, 10000);
    if (standard.completion_min > standard.completion_max) {
        throw Problem{fields.Path("completion_min"), "must not exceed completion_max"};
    }
    standard.fee_idr = fields.Integer("fee_idr", 0, INT64_MAX);
    standard.fee_note = ParseOptionalText(fields, "fee_note");
    standard.product = ParseText(fields.Get("product"), fields.Path("product"));
    standard.decree = fields.String("decree");
    standard.version = fields.Has("version") ? fields.Int("version", 1, std::numeric_limits<int>::max()) : 1;
    fields.Done();
    return standard;
}

catalog::Service ParseService(const json& value, const std::string& path) {
    Fields fields(value, path);
    catalog::Service service;
    service.code = fields.String("code");
    service.unit_id = fields.String("unit_id");
    service.name = ParseText(fields.Get("name"), fields.Path("name"));
    service.ticket_prefix = fields.String("ticket_prefix");
    bool letters = service.ticket_prefix.size() <= 3;
    for (char c : service.ticket_prefix) {
        letters = letters && c >= 'A' && c <= 'Z';
    }
    if (!letters) {
        throw Problem{fields.Path("ticket_prefix"), "expected one to three capital letters (A-Z)"};
    }
    service.typical_service_time = std::chrono::minutes{fields.Int("typical_service_minutes", 1, 24 * 60)};
    service.standard = ParseStandard(fields.Get("standard"), fields.Path("standard"));
    if (fields.Has("themes")) {
        service.themes = fields.Strings("themes");
    }
    fields.Done();
    return service;
}

catalog::OpeningHours ParseOpeningHours(const json& value, const std::string& path) {
    Fields fields(value, path);
    catalog::OpeningHours hours;
    std::string weekday = fields.String("weekday");
    bool known = false;
    for (unsigned i = 0; i < kWeekdayNames.size(); ++i) {
        if (kWeekdayNames[i] == weekday) {
            hours.weekday = std::chrono::weekday{i};
            known = true;
        }
    }
    if (!known) {
        throw Problem{fields.Path("weekday"), "expected a weekday in English, lower case (\"monday\")"};
    }
    for (auto [key, out] : {std::pair{"open", &hours.open}, std::pair{"close", &hours.close}}) {
        auto time = ParseClock(fields.String(key));
        if (!time) {
            throw Problem{fields.Path(key), "expected a time of day \"HH:MM\""};
        }
        *out = *time;
    }
    if (hours.open >= hours.close) {
        throw Problem{fields.Path("close"), "must be after open"};
    }
    fields.Done();
    return hours;
}

catalog::Counter ParseCounter(const json& value, const std::string& path, std::string_view parent_hall_id) {
    Fields fields(value, path);
    catalog::Counter counter{.id = fields.String("id"),
                             .hall_id = fields.ParentId("hall_id", parent_hall_id),
                             .name = fields.String("name"),
                             .number = fields.Int("number", 1, 9999)};
    fields.Done();
    return counter;
}

catalog::Hall ParseHall(const json& value, const std::string& path, std::string_view parent_tenant_id) {
    Fields fields(value, path);
    catalog::Hall hall;
    hall.id = fields.String("id");
    hall.tenant_id = fields.ParentId("tenant_id", parent_tenant_id);
    hall.name = fields.String("name");
    hall.utc_offset = ParseOffsetField(fields, "utc_offset");
    const json& hours = fields.Array("opening_hours");
    for (size_t i = 0; i < hours.size(); ++i) {
        const std::string hours_path = Index(fields.Path("opening_hours"), i);
        auto parsed = ParseOpeningHours(hours[i], hours_path);
        // A day opens, may break once, and closes (calendar::WorkingHours): two periods at most, apart.
        int same_day = 0;
        for (const auto& earlier : hall.opening_hours) {
            if (earlier.weekday != parsed.weekday) {
                continue;
            }
            if (++same_day == 2) {
                throw Problem{hours_path, fmt::format("a weekday has at most two opening periods (before and after a "
                                                      "break); {} has a third",
                                                      kWeekdayNames.at(parsed.weekday.c_encoding()))};
            }
            if (parsed.open < earlier.close && earlier.open < parsed.close) {
                throw Problem{hours_path, fmt::format("overlaps the other opening period of {}",
                                                      kWeekdayNames.at(parsed.weekday.c_encoding()))};
            }
        }
        hall.opening_hours.push_back(parsed);
    }
    hall.service_codes = fields.Strings("service_codes");
    const json& counters = fields.Array("counters");
    std::set<std::string> ids;
    std::set<int> numbers;
    for (size_t i = 0; i < counters.size(); ++i) {
        std::string counter_path = Index(fields.Path("counters"), i);
        auto counter = ParseCounter(counters[i], counter_path, hall.id);
        if (!ids.insert(counter.id).second) {
            throw Problem{counter_path + ".id", fmt::format("counter '{}' is listed twice", counter.id)};
        }
        if (!numbers.insert(counter.number).second) {
            throw Problem{counter_path + ".number", fmt::format("counter number {} is used twice", counter.number)};
        }
        hall.counters.push_back(std::move(counter));
    }
    fields.Done();
    return hall;
}

catalog::Officer ParseOfficer(const json& value, const std::string& path, std::string_view parent_tenant_id) {
    Fields fields(value, path);
    catalog::Officer officer{.id = fields.String("id"),
                             .tenant_id = fields.ParentId("tenant_id", parent_tenant_id),
                             .name = fields.String("name"),
                             .unit_id = fields.String("unit_id"),
                             .skills = fields.Strings("skills")};
    fields.Done();
    return officer;
}

template <class Parse>
auto Catch(Parse&& parse) -> core::Result<decltype(parse())> {
    try {
        return parse();
    } catch (const Problem& problem) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_catalog",
                          fmt::format("{}: {}", problem.field.empty() ? "catalog" : problem.field, problem.message),
                          {{"field", problem.field}});
    }
}

}  // namespace

// --- To JSON ---

json ToJson(const catalog::LocalizedText& text) { return {{"id", text.id}, {"en", text.en}}; }

json ToJson(const catalog::Tenant& tenant) {
    return {{"id", tenant.id}, {"name", tenant.name}, {"utc_offset", FormatOffset(tenant.utc_offset)}};
}

json ToJson(const catalog::Unit& unit) {
    return {{"id", unit.id}, {"tenant_id", unit.tenant_id}, {"name", ToJson(unit.name)}};
}

json ToJson(const catalog::ServiceStandard& standard) {
    json requirements = json::array();
    for (const auto& requirement : standard.requirements) {
        requirements.push_back(ToJson(requirement));
    }
    return {{"requirements", std::move(requirements)},
            {"procedure", ToJson(standard.procedure)},
            {"completion_unit", DurationUnitName(standard.completion_unit)},
            {"completion_min", standard.completion_min},
            {"completion_max", standard.completion_max},
            {"fee_idr", standard.fee_idr},
            {"fee_note", ToJson(standard.fee_note)},
            {"product", ToJson(standard.product)},
            {"decree", standard.decree},
            {"version", standard.version}};
}

json ToJson(const catalog::Service& service) {
    return {{"code", service.code},
            {"unit_id", service.unit_id},
            {"name", ToJson(service.name)},
            {"ticket_prefix", service.ticket_prefix},
            {"typical_service_minutes", service.typical_service_time.count()},
            {"standard", ToJson(service.standard)},
            {"themes", service.themes}};
}

json ToJson(const catalog::OpeningHours& hours) {
    return {{"weekday", kWeekdayNames.at(hours.weekday.c_encoding() % 7)},
            {"open", FormatClock(hours.open)},
            {"close", FormatClock(hours.close)}};
}

json ToJson(const catalog::Counter& counter) {
    return {{"id", counter.id}, {"hall_id", counter.hall_id}, {"name", counter.name}, {"number", counter.number}};
}

json ToJson(const catalog::Hall& hall) {
    json hours = json::array();
    for (const auto& day : hall.opening_hours) {
        hours.push_back(ToJson(day));
    }
    json counters = json::array();
    for (const auto& counter : hall.counters) {
        counters.push_back(ToJson(counter));
    }
    return {{"id", hall.id},
            {"tenant_id", hall.tenant_id},
            {"name", hall.name},
            {"utc_offset", FormatOffset(hall.utc_offset)},
            {"opening_hours", std::move(hours)},
            {"service_codes", hall.service_codes},
            {"counters", std::move(counters)}};
}

json ToJson(const catalog::Officer& officer) {
    return {{"id", officer.id},
            {"tenant_id", officer.tenant_id},
            {"name", officer.name},
            {"unit_id", officer.unit_id},
            {"skills", officer.skills}};
}

json ToJson(const std::vector<TenantCatalog>& catalog) {
    json tenants = json::array();
    for (const auto& entry : catalog) {
        json tenant = ToJson(entry.tenant);
        tenant["units"] = json::array();
        tenant["services"] = json::array();
        tenant["halls"] = json::array();
        tenant["officers"] = json::array();
        for (const auto& unit : entry.units) {
            tenant["units"].push_back(ToJson(unit));
        }
        for (const auto& service : entry.services) {
            tenant["services"].push_back(ToJson(service));
        }
        for (const auto& hall : entry.halls) {
            tenant["halls"].push_back(ToJson(hall));
        }
        for (const auto& officer : entry.officers) {
            tenant["officers"].push_back(ToJson(officer));
        }
        tenants.push_back(std::move(tenant));
    }
    return {{"tenants", std::move(tenants)}};
}

// --- From JSON ---

core::Result<catalog::Tenant> TenantFromJson(const json& value) {
    return Catch([&] {
        Fields fields(value, "");
        auto tenant = ParseTenant(fields);
        fields.Done();
        return tenant;
    });
}

core::Result<catalog::Unit> UnitFromJson(const json& value, std::string_view parent_tenant_id) {
    return Catch([&] { return ParseUnit(value, "", parent_tenant_id); });
}

core::Result<catalog::ServiceStandard> ServiceStandardFromJson(const json& value) {
    return Catch([&] { return ParseStandard(value, ""); });
}

core::Result<catalog::Service> ServiceFromJson(const json& value) {
    return Catch([&] { return ParseService(value, ""); });
}

core::Result<catalog::Counter> CounterFromJson(const json& value, std::string_view parent_hall_id) {
    return Catch([&] { return ParseCounter(value, "", parent_hall_id); });
}

core::Result<catalog::Hall> HallFromJson(const json& value, std::string_view parent_tenant_id) {
    return Catch([&] { return ParseHall(value, "", parent_tenant_id); });
}

core::Result<catalog::Officer> OfficerFromJson(const json& value, std::string_view parent_tenant_id) {
    return Catch([&] { return ParseOfficer(value, "", parent_tenant_id); });
}

core::Result<std::vector<TenantCatalog>> CatalogFromJson(const json& value) {
    return Catch([&] {
        Fields root(value, "");
        std::vector<TenantCatalog> catalog;
        const json& tenants = root.Array("tenants");
        for (size_t t = 0; t < tenants.size(); ++t) {
            Fields fields(tenants[t], Index("tenants", t));
            TenantCatalog entry;
            entry.tenant = ParseTenant(fields);
            const std::string& id = entry.tenant.id;
            // Parses each element of fields[key] into `out`, rejecting a key (id or code) given twice.
            auto each = [&](std::string_view key, auto& out, auto parse, auto key_of) {
                const json& array = fields.Array(key);
                std::set<std::string> seen;
                for (size_t i = 0; i < array.size(); ++i) {
                    std::string path = Index(fields.Path(key), i);
                    out.push_back(parse(array[i], path));
                    if (!seen.insert(key_of(out.back())).second) {
                        throw Problem{path, fmt::format("'{}' is listed twice", key_of(out.back()))};
                    }
                }
            };
            auto by_id = [](const auto& item) { return item.id; };
            each(
                "units", entry.units, [&](const json& v, const std::string& p) { return ParseUnit(v, p, id); }, by_id);
            each("services", entry.services, ParseService, [](const catalog::Service& s) { return s.code; });
            each(
                "halls", entry.halls, [&](const json& v, const std::string& p) { return ParseHall(v, p, id); }, by_id);
            each(
                "officers", entry.officers, [&](const json& v, const std::string& p) { return ParseOfficer(v, p, id); },
                by_id);
            fields.Done();
            catalog.push_back(std::move(entry));
        }
        root.Done();
        return catalog;
    });
}

}  // namespace layan::store
