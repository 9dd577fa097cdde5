#include "layan/store/stream_id.h"

#include <fmt/format.h>

#include "layan/core/time.h"

namespace layan::store {

namespace {

constexpr std::string_view kHallPrefix = "hall/";
constexpr std::string_view kSurveyPrefix = "survey/";
constexpr std::string_view kCitizenPrefix = "citizen/";
constexpr std::string_view kTenantPrefix = "tenant/";
constexpr std::string_view kAccountsSuffix = "/accounts";
constexpr std::string_view kCalendarSuffix = "/calendar";
constexpr std::string_view kStandardPrefix = "standard/";
constexpr std::string_view kRequestPrefix = "request/";

/// An owner is one non-empty path segment.
bool IsSegment(std::string_view text) { return !text.empty() && text.find('/') == std::string_view::npos; }

}  // namespace

StreamId StreamId::HallDay(std::string hall_id, std::chrono::year_month_day day) {
    return StreamId(StreamKind::kHallDay, std::move(hall_id), day);
}

StreamId StreamId::Citizen(std::string ref) { return StreamId(StreamKind::kCitizen, std::move(ref), std::nullopt); }

StreamId StreamId::TenantAccounts(std::string tenant_id) {
    return StreamId(StreamKind::kTenantAccounts, std::move(tenant_id), std::nullopt);
}

StreamId StreamId::TenantCalendar(std::string tenant_id) {
    return StreamId(StreamKind::kTenantCalendar, std::move(tenant_id), std::nullopt);
}

StreamId StreamId::ServiceStandard(std::string tenant_id, std::string service_code) {
    return StreamId(StreamKind::kServiceStandard, std::move(tenant_id), std::nullopt, std::move(service_code));
}

StreamId StreamId::Request(std::string tenant_id, std::string tracking_code) {
    return StreamId(StreamKind::kRequest, std::move(tenant_id), std::nullopt, std::move(tracking_code));
}

StreamId StreamId::SurveyDay(std::string hall_id, std::chrono::year_month_day day) {
    return StreamId(StreamKind::kSurveyDay, std::move(hall_id), day);
}

std::optional<StreamId> StreamId::Parse(std::string_view name) {
    for (auto [prefix, kind] :
         {std::pair{kHallPrefix, StreamKind::kHallDay}, std::pair{kSurveyPrefix, StreamKind::kSurveyDay}}) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        auto rest = name.substr(prefix.size());
        auto slash = rest.rfind('/');
        if (slash == std::string_view::npos || !IsSegment(rest.substr(0, slash))) {
            return std::nullopt;
        }
        auto day = core::ParseDate(rest.substr(slash + 1));
        if (!day) {
            return std::nullopt;
        }
        return StreamId(kind, std::string(rest.substr(0, slash)), *day);
    }
    if (name.starts_with(kCitizenPrefix)) {
        auto ref = name.substr(kCitizenPrefix.size());
        return IsSegment(ref) ? std::optional{Citizen(std::string(ref))} : std::nullopt;
    }
    for (auto [prefix, kind] :
         {std::pair{kStandardPrefix, StreamKind::kServiceStandard}, std::pair{kRequestPrefix, StreamKind::kRequest}}) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        auto rest = name.substr(prefix.size());
        auto slash = rest.find('/');
        if (slash == std::string_view::npos || !IsSegment(rest.substr(0, slash)) ||
            !IsSegment(rest.substr(slash + 1))) {
            return std::nullopt;
        }
        return StreamId(kind, std::string(rest.substr(0, slash)), std::nullopt, std::string(rest.substr(slash + 1)));
    }
    for (auto [suffix, kind] : {std::pair{kAccountsSuffix, StreamKind::kTenantAccounts},
                                std::pair{kCalendarSuffix, StreamKind::kTenantCalendar}}) {
        if (name.starts_with(kTenantPrefix) && name.ends_with(suffix) &&
            name.size() > kTenantPrefix.size() + suffix.size()) {
            auto tenant = name.substr(kTenantPrefix.size(), name.size() - kTenantPrefix.size() - suffix.size());
            return IsSegment(tenant) ? std::optional{StreamId(kind, std::string(tenant), std::nullopt)} : std::nullopt;
        }
    }
    return std::nullopt;
}

std::string StreamId::Name() const {
    switch (kind_) {
        case StreamKind::kHallDay:
            return fmt::format("{}{}/{}", kHallPrefix, owner_, core::FormatDate(*day_));
        case StreamKind::kSurveyDay:
            return fmt::format("{}{}/{}", kSurveyPrefix, owner_, core::FormatDate(*day_));
        case StreamKind::kCitizen:
            return fmt::format("{}{}", kCitizenPrefix, owner_);
        case StreamKind::kTenantAccounts:
            return fmt::format("{}{}{}", kTenantPrefix, owner_, kAccountsSuffix);
        case StreamKind::kTenantCalendar:
            return fmt::format("{}{}{}", kTenantPrefix, owner_, kCalendarSuffix);
        case StreamKind::kServiceStandard:
            return fmt::format("{}{}/{}", kStandardPrefix, owner_, item_);
        case StreamKind::kRequest:
            return fmt::format("{}{}/{}", kRequestPrefix, owner_, item_);
    }
    return {};
}

}  // namespace layan::store
