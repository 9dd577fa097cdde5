#include "layan/domain/standards/standard.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace layan::domain::standards {

namespace {

using core::ErrorKind;
using core::Fail;
using nlohmann::json;

constexpr std::array<std::string_view, 3> kAcceptedMediaTypes{kMediaPdf, kMediaJpeg, kMediaPng};
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxFileNameBytes = 255;

tl::unexpected<core::Error> Invalid(std::string code, const std::string& field, std::string_view what) {
    return Fail(ErrorKind::kInvalid, std::move(code), fmt::format("Field \"{}\" of the standard {}.", field, what),
                json{{"field", field}});
}

std::string RequirementField(std::size_t index, std::string_view key) {
    return fmt::format("requirements[{}].{}", index, key);
}

bool IsCodeCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

bool IsAcceptedMediaType(std::string_view type) {
    return std::find(kAcceptedMediaTypes.begin(), kAcceptedMediaTypes.end(), type) != kAcceptedMediaTypes.end();
}

core::Status CheckRequirement(const Requirement& requirement, std::size_t index) {
    const auto& code = requirement.code;
    if (code.empty() || code.size() > kMaxCodeBytes || !std::all_of(code.begin(), code.end(), IsCodeCharacter)) {
        return Invalid("standard_requirement_invalid", RequirementField(index, "code"),
                       "must be 1 to 64 letters, digits, '_' or '-'");
    }
    if (requirement.name.id.empty()) {
        return Invalid("standard_requirement_invalid", RequirementField(index, "name"), "must not be empty");
    }
    if (!requirement.IsDocument()) {
        if (requirement.max_bytes != 0) {
            return Invalid("standard_requirement_invalid", RequirementField(index, "max_bytes"),
                           "must be 0 for a requirement without upload");
        }
        return {};
    }
    if (requirement.max_bytes <= 0 || requirement.max_bytes > kMaxDocumentBytes) {
        return Invalid("standard_requirement_invalid", RequirementField(index, "max_bytes"),
                       fmt::format("must be between 1 and {} bytes for a document", kMaxDocumentBytes));
    }
    const auto& types = requirement.accepted_types;
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (!IsAcceptedMediaType(types[i]) || !seen.insert(types[i]).second) {
            return Invalid("standard_requirement_invalid", fmt::format("requirements[{}].accepted_types[{}]", index, i),
                           "must be one of application/pdf, image/jpeg, image/png, each listed once");
        }
    }
    return {};
}

core::Status CheckRequirements(const std::vector<Requirement>& requirements) {
    std::set<std::string_view> codes;
    for (std::size_t i = 0; i < requirements.size(); ++i) {
        if (auto ok = CheckRequirement(requirements[i], i); !ok) {
            return ok;
        }
        if (!codes.insert(requirements[i].code).second) {
            return Invalid("standard_requirement_invalid", RequirementField(i, "code"),
                           fmt::format("repeats the code \"{}\" of an earlier requirement", requirements[i].code));
        }
    }
    return {};
}

core::Status CheckPublishedTexts(const StandardVersion& version) {
    if (version.procedure.empty()) {
        return Invalid("standard_component_missing", "procedure", "must have at least one step");
    }
    for (std::size_t i = 0; i < version.procedure.size(); ++i) {
        if (version.procedure[i].id.empty()) {
            return Invalid("standard_component_missing", fmt::format("procedure[{}]", i), "must not be empty");
        }
    }
    if (version.product.id.empty()) {
        return Invalid("standard_component_missing", "product", "must not be empty");
    }
    if (version.complaint_channel.id.empty()) {
        return Invalid("standard_component_missing", "complaint_channel", "must not be empty");
    }
    return {};
}

core::Status CheckCompletion(const calendar::DeadlineRule& completion) {
    using calendar::DeadlineUnit;
    if (completion.unit == DeadlineUnit::kClockHours) {
        return Invalid("standard_completion_invalid", "completion.unit",
                       "must be working_days, calendar_days or working_hours");
    }
    if (completion.amount < 0) {
        return Invalid("standard_completion_invalid", "completion.amount", "must be 0 or more");
    }
    if (completion.unit == DeadlineUnit::kWorkingHours && completion.amount == 0) {
        return Invalid("standard_completion_invalid", "completion.amount",
                       "must be at least 1 working hour (0 working days means the same day)");
    }
    return {};
}

}  // namespace

LocalizedText LaporComplaintChannel() {
    return {
        "Pengaduan, saran dan masukan melalui SP4N-LAPOR! (www.lapor.go.id, SMS 1708) atau langsung kepada "
        "petugas pengaduan di unit layanan.",
        "Complaints, suggestions and input through SP4N-LAPOR! (www.lapor.go.id, SMS 1708) or directly to the "
        "complaints officer of the service unit."};
}

core::Result<StandardVersion> Validate(StandardVersion version) {
    if (version.decree.number.empty()) {
        return Invalid("standard_decree_missing", "decree.number", "must not be empty");
    }
    if (!version.decree.date.ok()) {
        return Invalid("standard_decree_missing", "decree.date", "must be a real date");
    }
    if (!version.valid_from.ok()) {
        return Invalid("standard_valid_from_invalid", "valid_from", "must be a real date");
    }
    if (version.valid_from < version.decree.date) {
        return Invalid("standard_valid_from_invalid", "valid_from", "must not be before the date of the decree");
    }
    if (auto ok = CheckPublishedTexts(version); !ok) {
        return tl::unexpected(ok.error());
    }
    if (auto ok = CheckRequirements(version.requirements); !ok) {
        return tl::unexpected(ok.error());
    }
    if (auto ok = CheckCompletion(version.completion); !ok) {
        return tl::unexpected(ok.error());
    }
    if (version.fee.idr < 0) {
        return Invalid("standard_fee_negative", "fee.idr", "must be 0 (free) or more");
    }
    if (version.officer_count < 0) {
        return Invalid("standard_officer_count_negative", "officer_count", "must be 0 or more");
    }
    return version;
}

core::Result<StandardVersion> Publish(const StandardHistory& history, StandardVersion draft, calendar::Date today) {
    auto valid = Validate(std::move(draft));
    if (!valid) {
        return valid;
    }
    if (valid->valid_from < today) {
        return Fail(ErrorKind::kInvalid, "standard_backdated",
                    fmt::format("A standard cannot take effect in the past: valid_from {} is before today, {}.",
                                core::FormatDate(valid->valid_from), core::FormatDate(today)),
                    json{{"field", "valid_from"}});
    }
    if (!history.versions.empty() && valid->valid_from < history.versions.back().valid_from) {
        const auto& previous = history.versions.back();
        return Fail(ErrorKind::kConflict, "standard_valid_from_before_previous",
                    fmt::format("Version {} takes effect on {}: a new version cannot take effect before it.",
                                previous.version, core::FormatDate(previous.valid_from)),
                    json{{"field", "valid_from"},
                         {"valid_from", core::FormatDate(valid->valid_from)},
                         {"previous_valid_from", core::FormatDate(previous.valid_from)}});
    }
    valid->version = static_cast<int>(history.versions.size()) + 1;
    return valid;
}

const StandardVersion* InForce(const StandardHistory& history, calendar::Date on) {
    // valid_from never decreases along the history, and a later version replaces an earlier one of the same
    // date: the last one that has begun is in force.
    for (auto it = history.versions.rbegin(); it != history.versions.rend(); ++it) {
        if (it->valid_from <= on) {
            return &*it;
        }
    }
    return nullptr;
}

core::Status CheckDocument(const Requirement& requirement, std::string_view detected_media_type, std::int64_t size,
                           std::string_view file_name) {
    const bool control = std::any_of(file_name.begin(), file_name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
    if (file_name.empty() || file_name.size() > kMaxFileNameBytes || control ||
        file_name.find_first_of("/\\") != std::string_view::npos || file_name.find("..") != std::string_view::npos) {
        return Fail(ErrorKind::kInvalid, "upload_name_invalid",
                    "The file name must be 1 to 255 bytes without '/', '\\', '..' or control characters.",
                    json{{"requirement", requirement.code}});
    }
    if (size <= 0) {
        return Fail(ErrorKind::kInvalid, "upload_empty", "The file is empty.", json{{"requirement", requirement.code}});
    }
    const auto& accepted = requirement.accepted_types;
    if (std::find(accepted.begin(), accepted.end(), detected_media_type) == accepted.end()) {
        return Fail(ErrorKind::kInvalid, "upload_type_not_accepted",
                    accepted.empty()
                        ? fmt::format("Requirement {} is not met by uploading a file.", requirement.code)
                        : fmt::format("Requirement {} accepts only {}.", requirement.code, fmt::join(accepted, ", ")),
                    json{{"requirement", requirement.code}, {"accepted", accepted}});
    }
    if (size > requirement.max_bytes) {
        return Fail(ErrorKind::kInvalid, "upload_too_large",
                    fmt::format("The file for requirement {} is larger than {} bytes.", requirement.code,
                                requirement.max_bytes),
                    json{{"requirement", requirement.code}, {"max_bytes", requirement.max_bytes}});
    }
    return {};
}

core::Status MissingRequired(const StandardVersion& version, const std::set<std::string>& provided_codes) {
    std::vector<std::string> missing;
    for (const auto& requirement : version.requirements) {
        if (requirement.required && requirement.IsDocument() && !provided_codes.contains(requirement.code)) {
            missing.push_back(requirement.code);
        }
    }
    if (missing.empty()) {
        return {};
    }
    return Fail(ErrorKind::kInvalid, "request_document_missing",
                fmt::format("Required documents are missing: {}.", fmt::join(missing, ", ")),
                json{{"requirements", missing}});
}

StandardVersion FromCatalogStandard(const catalog::ServiceStandard& standard, calendar::Date valid_from) {
    using calendar::DeadlineUnit;
    StandardVersion version;
    version.version = 1;
    version.decree = Decree{standard.decree, valid_from};
    version.valid_from = valid_from;
    for (std::size_t i = 0; i < standard.requirements.size(); ++i) {
        version.requirements.push_back(Requirement{fmt::format("R{}", i + 1), standard.requirements[i], true, {}, 0});
    }
    version.procedure = {standard.procedure};
    switch (standard.completion_unit) {
        case catalog::DurationUnit::kSameDay:
            version.completion = {DeadlineUnit::kWorkingDays, 0};
            break;
        case catalog::DurationUnit::kWorkingDays:
            version.completion = {DeadlineUnit::kWorkingDays, standard.completion_max};
            break;
        case catalog::DurationUnit::kCalendarDays:
            version.completion = {DeadlineUnit::kCalendarDays, standard.completion_max};
            break;
        case catalog::DurationUnit::kHours:
            version.completion = {DeadlineUnit::kWorkingHours, standard.completion_max};
            break;
    }
    version.fee = Fee{standard.fee_idr, standard.fee_note};
    version.product = standard.product;
    version.complaint_channel = LaporComplaintChannel();
    return version;
}

}  // namespace layan::domain::standards
