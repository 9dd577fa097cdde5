#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/survey/ikm.h"
#include "layan/domain/survey/response.h"

/// How well citizens are served, as figures folded from the facts: per hall, local day and service (tickets,
/// waits, service times, no-shows, satisfaction) and per hall, day and officer. Pure: the engine feeds it the
/// events in log order and asks it for any period; the same events always give the same figures.
namespace layan::domain::stats {

using Day = std::chrono::sys_days;

/// One service at one hall on one local day.
struct ServiceDay {
    /// Times a citizen waited for the service: tickets issued for it, and tickets transferred to it.
    std::int64_t tickets = 0;
    std::int64_t served = 0;     ///< Services finished.
    std::int64_t no_shows = 0;   ///< Citizens who did not come when called.
    std::int64_t cancelled = 0;  ///< Tickets withdrawn before being served.
    /// Waits that ended without a call: the citizen gave up (the ticket was cancelled while it waited). They
    /// count against the share called within the target.
    std::int64_t abandoned = 0;
    /// For each wait that ended in a call: seconds from the ticket's issue (or transfer) to its first call.
    std::vector<std::int32_t> waits_s{};
    std::int64_t service_ms = 0;     ///< Total of service times (start to finish).
    std::int64_t service_count = 0;  ///< Services with both a start and a finish.
    /// Survey responses for tickets last served for this service (by the day of the ticket).
    survey::SurveyTally survey{};
    std::int64_t conduct_sum = 0;
    std::int64_t conduct_answered = 0;
    /// Respondents' profile: "field:code" → respondents ("age_band:30_39" → 12).
    std::map<std::string, std::int64_t, std::less<>> profile{};

    friend bool operator==(const ServiceDay&, const ServiceDay&) = default;
};

/// One officer at one hall on one local day.
struct OfficerDay {
    std::int64_t served = 0;
    std::int64_t service_ms = 0;
    std::int64_t service_count = 0;
    std::int64_t no_shows = 0;
    /// Time the officer's counter was open, not paused and free while a citizen waited for a service it served.
    std::int64_t idle_while_waiting_ms = 0;
    std::int64_t conduct_sum = 0;
    std::int64_t conduct_answered = 0;

    friend bool operator==(const OfficerDay&, const OfficerDay&) = default;
};

/// A respondent's comment, with where it belongs.
struct Comment {
    std::string hall;
    Day day{};  ///< The ticket's day.
    std::string service;
    std::string unit;
    std::string text;
    core::Instant at{};

    friend bool operator==(const Comment&, const Comment&) = default;
};

/// Where a row of figures belongs: a hall, a local day and a service or an officer.
struct Key {
    std::string hall;
    Day day{};
    std::string name;  ///< The service code or the officer id.

    friend auto operator<=>(const Key&, const Key&) = default;
    friend bool operator==(const Key&, const Key&) = default;
};

/// The figures of every hall, day, service and officer, folded from the queue's and the survey's events.
class Performance {
public:
    /// A queue event of the stream hall/<hall>/<day>, in stream order.
    void ApplyQueue(std::string_view hall, Day day, const queue::Event& event);

    /// A survey response of the stream survey/<hall>/<day> (the day of its ticket).
    void ApplySurvey(std::string_view hall, Day day, const survey::SurveyAnswered& event);

    [[nodiscard]] const std::map<Key, ServiceDay>& Services() const { return services_; }
    [[nodiscard]] const std::map<Key, OfficerDay>& Officers() const { return officers_; }
    /// Comments in the order they were given.
    [[nodiscard]] const std::vector<Comment>& Comments() const { return comments_; }

    /// Equal figures (what a rebuild from the events must give); the running state of open days is not compared.
    [[nodiscard]] bool SameFigures(const Performance& other) const {
        return services_ == other.services_ && officers_ == other.officers_ && comments_ == other.comments_;
    }

private:
    /// A ticket of an open day, as far as the figures need it.
    struct Ticket {
        std::string service;
        std::optional<core::Instant> waiting_since;  ///< Set while it waits (since issue or transfer).
        std::string counter;
        std::string officer;
        std::optional<core::Instant> started_at;
        bool ended = false;
    };
    struct Counter {
        bool open = false;
        bool paused = false;
        std::string officer;
        std::vector<std::string> services;
        std::string ticket;  ///< Called or served there; empty when free.
    };
    /// The running state of one hall's day: what the next events need.
    struct OpenDay {
        std::map<std::string, Ticket, std::less<>> tickets;
        std::map<std::string, Counter, std::less<>> counters;
        std::map<std::string, std::int64_t, std::less<>> waiting;  ///< Service → citizens waiting for it.
        std::optional<core::Instant> last_at;
    };

    OpenDay& DayOf(std::string_view hall, Day day);
    void CountIdle(std::string_view hall, Day day, OpenDay& open, core::Instant at);
    void Free(OpenDay& open, Ticket& ticket);
    ServiceDay& ServiceOf(std::string_view hall, Day day, std::string_view service);
    OfficerDay& OfficerOf(std::string_view hall, Day day, std::string_view officer);

    std::map<Key, ServiceDay> services_;
    std::map<Key, OfficerDay> officers_;
    std::vector<Comment> comments_;
    std::map<std::pair<std::string, Day>, OpenDay, std::less<>> open_days_;
};

/// The figures of a set of service days (a period, a hall, a unit, a theme).
struct Figures {
    std::int64_t tickets = 0;
    std::int64_t served = 0;
    std::int64_t no_shows = 0;
    std::int64_t cancelled = 0;
    std::int64_t waits_known = 0;    ///< Waits that ended in a call.
    std::int64_t abandoned = 0;      ///< Waits that ended without a call (the citizen gave up).
    std::int64_t within_target = 0;  ///< Waits called within the target.
    std::optional<double> mean_wait_s;
    std::optional<std::int64_t> p90_wait_s;  ///< Nearest rank: 90 % of the waits were at most this long.
    std::optional<double> mean_service_s;
    std::optional<double> within_target_share;  ///< within_target / (waits_known + abandoned).
    survey::SurveyTally survey{};
    std::optional<survey::IkmResult> ikm;  ///< None without responses, or when an element got no answer.
    std::int64_t sample_needed = 0;        ///< Krejcie–Morgan for the citizens served.
    std::int64_t conduct_answered = 0;
    std::optional<double> conduct_mean;
    std::map<std::string, std::int64_t, std::less<>> profile;
};

/// Adds up service days into Figures.
///
/// Waits are counted into a histogram of whole seconds (what the fold records), so a period's mean, nearest-rank
/// p90 and on-target share stay exact without copying or sorting a year of waits per request.
class Accumulator {
public:
    /// `with_profile`: also add up the respondents' profile (the satisfaction report shows it; the figures do not).
    explicit Accumulator(std::chrono::seconds target, bool with_profile = false)
        : target_(target), with_profile_(with_profile) {}
    void Add(const ServiceDay& day);
    [[nodiscard]] Figures Finish(survey::IkmWeight weight = survey::IkmWeight::kOneNinth) const;

private:
    std::chrono::seconds target_;
    bool with_profile_ = false;
    ServiceDay total_{};                       // counts, sums, survey and profile; its waits_s stays empty
    std::vector<std::int64_t> wait_counts_{};  // wait_counts_[s]: waits of exactly s seconds
    std::int64_t waits_ = 0;
    std::int64_t wait_sum_s_ = 0;
};

/// The figures of an officer over a period.
struct OfficerFigures {
    OfficerDay total{};
    std::optional<double> mean_service_s;
    std::optional<double> conduct_mean;
};

[[nodiscard]] OfficerFigures Summarise(const OfficerDay& total);

/// Adds one officer day to another.
void AddTo(OfficerDay& total, const OfficerDay& day);

/// Each officer's days of `halls` from `from` to `to` (both included), added up, by officer id.
[[nodiscard]] std::map<std::string, OfficerDay, std::less<>> OfficerTotals(const Performance& performance,
                                                                           std::span<const std::string> halls, Day from,
                                                                           Day to);

/// The points a period's trend is drawn at: each day up to 31 days, seven-day weeks from the first day up to 186
/// days, else calendar months; each range clipped to the period.
struct Trend {
    std::string granularity;                    ///< "day", "week" or "month".
    std::vector<std::pair<Day, Day>> ranges{};  ///< First and last day of each point, in order, without gaps.

    /// The point a day of the period belongs to.
    [[nodiscard]] std::size_t IndexOf(Day day) const;
};

[[nodiscard]] Trend TrendOf(Day from, Day to);

/// What grouping needs to know of a service: its unit and its themes.
struct ServiceGroups {
    std::string unit;
    std::vector<std::string> themes{};
};

/// A period's figures as the dashboard shows them: overall, per hall, unit, service, theme and trend point.
struct GroupedFigures {
    Figures total;
    std::map<std::string, Figures, std::less<>> halls;
    std::map<std::string, Figures, std::less<>> units;
    std::map<std::string, Figures, std::less<>> services;
    std::map<std::string, Figures, std::less<>> themes;
    std::vector<Figures> trend;  ///< One per range of the Trend given.
};

/// How to group a period.
struct Grouping {
    std::vector<std::string> halls;  ///< The halls whose days count.
    Day from{};
    Day to{};
    /// The services with their unit and themes. With `only_these`, only their days count (a unit's figures);
    /// otherwise a service missing here still counts overall, in its hall and under its own code.
    std::map<std::string, ServiceGroups, std::less<>> services;
    bool only_these = false;
    std::chrono::seconds target{15 * 60};
    survey::IkmWeight weight = survey::IkmWeight::kOneNinth;
    bool with_profile = false;  ///< Add up the respondents' profile in the total (the satisfaction report).
};

/// Adds up the service days of a period into GroupedFigures; `trend` must be TrendOf(from, to). Rows appear only
/// for what had a service day in the period.
[[nodiscard]] GroupedFigures Group(const Performance& performance, const Grouping& grouping, const Trend& trend);

/// The names of the thematic reform areas (RB Tematik, PermenPANRB 3/2023) a service may be tagged with; an
/// unknown theme is named by its id.
[[nodiscard]] catalog::LocalizedText ThemeName(std::string_view theme);

}  // namespace layan::domain::stats
