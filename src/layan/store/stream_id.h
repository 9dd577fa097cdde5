#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace layan::store {

/// The kinds of event stream, each with its one name format. A new capability adds its kind here.
enum class StreamKind {
    kHallDay,         ///< "hall/<hall>/<yyyy-mm-dd>": one hall's queue on one local day.
    kCitizen,         ///< "citizen/<ref>": the processing records of one citizen's personal data.
    kTenantAccounts,  ///< "tenant/<tenant>/accounts": account and device changes and sign-ins of a tenant.
    kSurveyDay,  ///< "survey/<hall>/<yyyy-mm-dd>": satisfaction survey responses for one hall's tickets of one day.
    kTenantCalendar,   ///< "tenant/<tenant>/calendar": the work calendar's weeks, day overrides and imported years.
    kServiceStandard,  ///< "standard/<tenant>/<service>": the published versions of one service's standard.
    kRequest,          ///< "request/<tenant>/<CODE>": one service request (the compact tracking code).
};

/// The identity of an event stream: its kind, its owner (a hall, a citizen reference or a tenant) and, for
/// kinds that have one, its day or its item. Built and read only through this type, so a stream name has one format and
/// one parser: `Parse(id.Name()) == id` for every id made by the factories.
class StreamId {
public:
    [[nodiscard]] static StreamId HallDay(std::string hall_id, std::chrono::year_month_day day);
    [[nodiscard]] static StreamId Citizen(std::string ref);
    [[nodiscard]] static StreamId TenantAccounts(std::string tenant_id);
    [[nodiscard]] static StreamId TenantCalendar(std::string tenant_id);
    [[nodiscard]] static StreamId ServiceStandard(std::string tenant_id, std::string service_code);
    [[nodiscard]] static StreamId Request(std::string tenant_id, std::string tracking_code);
    [[nodiscard]] static StreamId SurveyDay(std::string hall_id, std::chrono::year_month_day day);

    /// The id of a stream name; nullopt for a name no kind produces (unknown prefix, a missing or extra part,
    /// an empty owner, a day that is not a real date).
    [[nodiscard]] static std::optional<StreamId> Parse(std::string_view name);

    /// The name the event store knows the stream by.
    [[nodiscard]] std::string Name() const;

    [[nodiscard]] StreamKind kind() const { return kind_; }
    /// The hall id, citizen reference or tenant id.
    [[nodiscard]] const std::string& owner() const { return owner_; }
    /// The local day of a kHallDay or kSurveyDay stream; nullopt for the other kinds.
    [[nodiscard]] std::optional<std::chrono::year_month_day> day() const { return day_; }
    /// The owner's item a two-part stream is about: the service code of a kServiceStandard stream, the compact
    /// tracking code of a kRequest stream; empty for the other kinds.
    [[nodiscard]] const std::string& item() const { return item_; }

    friend bool operator==(const StreamId&, const StreamId&) = default;

private:
    StreamId(StreamKind kind, std::string owner, std::optional<std::chrono::year_month_day> day, std::string item = {})
        : kind_(kind), owner_(std::move(owner)), day_(day), item_(std::move(item)) {}

    StreamKind kind_;
    std::string owner_;
    std::optional<std::chrono::year_month_day> day_;
    std::string item_;
};

}  // namespace layan::store
