#include "layan/domain/stats/performance.h"

#include <algorithm>
#include <array>
#include <type_traits>

#include "layan/domain/survey/sample_size.h"

namespace layan::domain::stats {

namespace {

std::int64_t MillisBetween(core::Instant from, core::Instant to) {
    return std::max<std::int64_t>(0, (to - from).count());
}

}  // namespace

Performance::OpenDay& Performance::DayOf(std::string_view hall, Day day) {
    auto key = std::pair{std::string(hall), day};
    auto found = open_days_.find(key);
    if (found != open_days_.end()) {
        return found->second;
    }
    // A hall's stream of a day receives nothing once the next day has begun but a late cancellation: keep the
    // running state of its two latest days only.
    std::erase_if(open_days_, [&](const auto& entry) {
        return entry.first.first == hall && entry.first.second < day - std::chrono::days{1};
    });
    return open_days_[std::move(key)];
}

ServiceDay& Performance::ServiceOf(std::string_view hall, Day day, std::string_view service) {
    return services_[Key{std::string(hall), day, std::string(service)}];
}

OfficerDay& Performance::OfficerOf(std::string_view hall, Day day, std::string_view officer) {
    return officers_[Key{std::string(hall), day, std::string(officer)}];
}

void Performance::CountIdle(std::string_view hall, Day day, OpenDay& open, core::Instant at) {
    if (open.last_at && at > *open.last_at) {
        const auto idle = MillisBetween(*open.last_at, at);
        for (const auto& [id, counter] : open.counters) {
            if (!counter.open || counter.paused || !counter.ticket.empty() || counter.officer.empty()) {
                continue;
            }
            bool someone_waits =
                std::any_of(counter.services.begin(), counter.services.end(), [&](const auto& service) {
                    auto waiting = open.waiting.find(service);
                    return waiting != open.waiting.end() && waiting->second > 0;
                });
            if (someone_waits) {
                OfficerOf(hall, day, counter.officer).idle_while_waiting_ms += idle;
            }
        }
    }
    if (!open.last_at || at > *open.last_at) {
        open.last_at = at;
    }
}

void Performance::Free(OpenDay& open, Ticket& ticket) {
    if (ticket.waiting_since) {
        --open.waiting[ticket.service];
        ticket.waiting_since.reset();
    }
    if (!ticket.counter.empty()) {
        auto counter = open.counters.find(ticket.counter);
        if (counter != open.counters.end() && counter->second.ticket.size() > 0) {
            counter->second.ticket.clear();
        }
        ticket.counter.clear();
    }
    ticket.started_at.reset();
}

void Performance::ApplyQueue(std::string_view hall, Day day, const queue::Event& event) {
    OpenDay& open = DayOf(hall, day);
    CountIdle(hall, day, open, queue::At(event));
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, queue::TicketIssued>) {
                open.tickets[e.ticket_id] = Ticket{.service = e.service,
                                                   .waiting_since = e.at,
                                                   .counter = {},
                                                   .officer = {},
                                                   .started_at = std::nullopt,
                                                   .ended = false};
                ++open.waiting[e.service];
                ++ServiceOf(hall, day, e.service).tickets;
            } else if constexpr (std::is_same_v<E, queue::CounterOpened>) {
                open.counters[e.counter_id] = Counter{
                    .open = true, .paused = false, .officer = e.officer_id, .services = e.services, .ticket = {}};
            } else if constexpr (std::is_same_v<E, queue::CounterPaused>) {
                open.counters[e.counter_id].paused = true;
            } else if constexpr (std::is_same_v<E, queue::CounterResumed>) {
                open.counters[e.counter_id].paused = false;
            } else if constexpr (std::is_same_v<E, queue::CounterClosed>) {
                open.counters[e.counter_id].open = false;
            } else {
                auto found = open.tickets.find(e.ticket_id);
                if (found == open.tickets.end()) {
                    return;  // a ticket of a day this fold did not see begin
                }
                Ticket& ticket = found->second;
                ServiceDay& service = ServiceOf(hall, day, ticket.service);
                if constexpr (std::is_same_v<E, queue::TicketCalled>) {
                    if (ticket.waiting_since) {
                        service.waits_s.push_back(
                            static_cast<std::int32_t>(MillisBetween(*ticket.waiting_since, e.at) / 1000));
                        --open.waiting[ticket.service];
                        ticket.waiting_since.reset();
                    }
                    if (!ticket.counter.empty() && ticket.counter != e.counter_id) {
                        open.counters[ticket.counter].ticket.clear();
                    }
                    ticket.counter = e.counter_id;
                    ticket.officer = e.officer_id;
                    open.counters[e.counter_id].ticket = e.ticket_id;
                } else if constexpr (std::is_same_v<E, queue::ServiceStarted>) {
                    ticket.started_at = e.at;
                } else if constexpr (std::is_same_v<E, queue::ServiceFinished> ||
                                     std::is_same_v<E, queue::TicketTransferred>) {
                    if (std::is_same_v<E, queue::ServiceFinished> || ticket.started_at) {
                        // A transfer after the service began ends that service: it was given, then the citizen
                        // needed another.
                        ++service.served;
                        if (!ticket.officer.empty()) {
                            ++OfficerOf(hall, day, ticket.officer).served;
                        }
                        if (ticket.started_at) {
                            const auto took = MillisBetween(*ticket.started_at, e.at);
                            service.service_ms += took;
                            ++service.service_count;
                            if (!ticket.officer.empty()) {
                                auto& officer = OfficerOf(hall, day, ticket.officer);
                                officer.service_ms += took;
                                ++officer.service_count;
                            }
                        }
                    }
                    Free(open, ticket);
                    if constexpr (std::is_same_v<E, queue::TicketTransferred>) {
                        ticket.service = e.to_service;
                        ticket.waiting_since = e.at;
                        ++open.waiting[e.to_service];
                        ++ServiceOf(hall, day, e.to_service).tickets;
                    } else {
                        ticket.ended = true;
                    }
                } else if constexpr (std::is_same_v<E, queue::TicketNoShow>) {
                    ++service.no_shows;
                    if (!ticket.officer.empty()) {
                        ++OfficerOf(hall, day, ticket.officer).no_shows;
                    }
                    Free(open, ticket);
                    ticket.ended = true;
                } else if constexpr (std::is_same_v<E, queue::TicketCancelled>) {
                    if (!ticket.ended) {
                        ++service.cancelled;
                    }
                    if (ticket.waiting_since) {
                        ++service.abandoned;
                    }
                    Free(open, ticket);
                    ticket.ended = true;
                }
            }
        },
        event);
}

void Performance::ApplySurvey(std::string_view hall, Day day, const survey::SurveyAnswered& event) {
    ServiceDay& service = ServiceOf(hall, day, event.service);
    if (!service.survey.AddResponse(event.response.answers)) {
        return;  // recorded responses were checked before they were recorded; one that is not valid counts nowhere
    }
    if (event.response.conduct) {
        service.conduct_sum += *event.response.conduct;
        ++service.conduct_answered;
        if (event.officer_id) {
            auto& officer = OfficerOf(hall, day, *event.officer_id);
            officer.conduct_sum += *event.response.conduct;
            ++officer.conduct_answered;
        }
    }
    for (const auto& [field, code] : event.response.profile) {
        std::string key = field;
        key.append(":").append(code);
        ++service.profile[key];
    }
    if (event.response.comment) {
        comments_.push_back(Comment{.hall = std::string(hall),
                                    .day = day,
                                    .service = event.service,
                                    .unit = event.unit,
                                    .text = *event.response.comment,
                                    .at = event.at});
    }
}

void Accumulator::Add(const ServiceDay& day) {
    total_.tickets += day.tickets;
    total_.served += day.served;
    total_.no_shows += day.no_shows;
    total_.cancelled += day.cancelled;
    total_.abandoned += day.abandoned;
    for (const auto wait : day.waits_s) {
        const auto second = static_cast<std::size_t>(std::max(wait, 0));
        if (second >= wait_counts_.size()) {
            wait_counts_.resize(second + 1, 0);
        }
        ++wait_counts_[second];
        wait_sum_s_ += std::max(wait, 0);
    }
    waits_ += static_cast<std::int64_t>(day.waits_s.size());
    total_.service_ms += day.service_ms;
    total_.service_count += day.service_count;
    total_.survey.Merge(day.survey);
    total_.conduct_sum += day.conduct_sum;
    total_.conduct_answered += day.conduct_answered;
    if (with_profile_) {
        for (const auto& [key, count] : day.profile) {
            total_.profile[key] += count;
        }
    }
}

Figures Accumulator::Finish(survey::IkmWeight weight) const {
    Figures figures;
    figures.tickets = total_.tickets;
    figures.served = total_.served;
    figures.no_shows = total_.no_shows;
    figures.cancelled = total_.cancelled;
    figures.waits_known = waits_;
    figures.abandoned = total_.abandoned;
    if (waits_ > 0) {
        figures.mean_wait_s = static_cast<double>(wait_sum_s_) / static_cast<double>(waits_);
        // Nearest rank: the smallest wait with at least 90 % of the waits at or below it (rank ceil(0.9 n)).
        const std::int64_t rank = (waits_ * 9 + 9) / 10;
        const auto target = static_cast<std::size_t>(std::max<std::int64_t>(target_.count(), 0));
        std::int64_t seen = 0;
        for (std::size_t second = 0; second < wait_counts_.size(); ++second) {
            const auto before = seen;
            seen += wait_counts_[second];
            if (second <= target) {
                figures.within_target = seen;
            }
            if (before < rank && seen >= rank) {
                figures.p90_wait_s = static_cast<std::int64_t>(second);
            }
        }
    }
    if (figures.waits_known + figures.abandoned > 0) {
        // A citizen who gave up was not called within the target either.
        figures.within_target_share =
            static_cast<double>(figures.within_target) / static_cast<double>(figures.waits_known + figures.abandoned);
    }
    if (total_.service_count > 0) {
        figures.mean_service_s =
            static_cast<double>(total_.service_ms) / 1000.0 / static_cast<double>(total_.service_count);
    }
    figures.survey = total_.survey;
    if (total_.survey.respondents() > 0) {
        if (auto ikm = survey::ComputeIkm(total_.survey, weight); ikm) {
            figures.ikm = *ikm;
        }
    }
    figures.sample_needed = survey::KrejcieMorganSampleSize(total_.served);
    figures.conduct_answered = total_.conduct_answered;
    if (total_.conduct_answered > 0) {
        figures.conduct_mean = static_cast<double>(total_.conduct_sum) / static_cast<double>(total_.conduct_answered);
    }
    figures.profile = total_.profile;
    return figures;
}

void AddTo(OfficerDay& total, const OfficerDay& day) {
    total.served += day.served;
    total.service_ms += day.service_ms;
    total.service_count += day.service_count;
    total.no_shows += day.no_shows;
    total.idle_while_waiting_ms += day.idle_while_waiting_ms;
    total.conduct_sum += day.conduct_sum;
    total.conduct_answered += day.conduct_answered;
}

OfficerFigures Summarise(const OfficerDay& total) {
    OfficerFigures figures{.total = total, .mean_service_s = std::nullopt, .conduct_mean = std::nullopt};
    if (total.service_count > 0) {
        figures.mean_service_s =
            static_cast<double>(total.service_ms) / 1000.0 / static_cast<double>(total.service_count);
    }
    if (total.conduct_answered > 0) {
        figures.conduct_mean = static_cast<double>(total.conduct_sum) / static_cast<double>(total.conduct_answered);
    }
    return figures;
}

std::map<std::string, OfficerDay, std::less<>> OfficerTotals(const Performance& performance,
                                                             std::span<const std::string> halls, Day from, Day to) {
    std::map<std::string, OfficerDay, std::less<>> totals;
    const auto& officers = performance.Officers();
    for (const auto& hall : halls) {
        for (auto it = officers.lower_bound(Key{hall, from, ""});
             it != officers.end() && it->first.hall == hall && it->first.day <= to; ++it) {
            AddTo(totals[it->first.name], it->second);
        }
    }
    return totals;
}

std::size_t Trend::IndexOf(Day day) const {
    auto found =
        std::upper_bound(ranges.begin(), ranges.end(), day, [](Day d, const auto& range) { return d < range.first; });
    return static_cast<std::size_t>(found - ranges.begin()) - 1;
}

Trend TrendOf(Day from, Day to) {
    Trend trend;
    const auto days = (to - from).count() + 1;
    if (days <= 186) {
        const bool daily = days <= 31;
        const std::chrono::days step{daily ? 1 : 7};
        trend.granularity = daily ? "day" : "week";
        for (auto day = from; day <= to; day += step) {
            trend.ranges.emplace_back(day, std::min(to, day + step - std::chrono::days{1}));
        }
        return trend;
    }
    trend.granularity = "month";
    const std::chrono::year_month_day first{from};
    auto month = first.year() / first.month();
    for (Day start = from; start <= to;) {
        month += std::chrono::months{1};
        const Day next{month / std::chrono::day{1}};
        trend.ranges.emplace_back(start, std::min(to, next - std::chrono::days{1}));
        start = next;
    }
    return trend;
}

GroupedFigures Group(const Performance& performance, const Grouping& grouping, const Trend& trend) {
    Accumulator total(grouping.target, grouping.with_profile);
    std::map<std::string, Accumulator, std::less<>> halls;
    std::map<std::string, Accumulator, std::less<>> units;
    std::map<std::string, Accumulator, std::less<>> services;
    std::map<std::string, Accumulator, std::less<>> themes;
    std::vector<Accumulator> points(trend.ranges.size(), Accumulator(grouping.target));
    auto add = [&](auto& rows, std::string_view key, const ServiceDay& day) {
        auto row = rows.find(key);
        if (row == rows.end()) {
            row = rows.emplace(std::string(key), Accumulator(grouping.target)).first;
        }
        row->second.Add(day);
    };
    const auto& days = performance.Services();
    for (const auto& hall : grouping.halls) {
        for (auto it = days.lower_bound(Key{hall, grouping.from, ""});
             it != days.end() && it->first.hall == hall && it->first.day <= grouping.to; ++it) {
            const auto& [key, day] = *it;
            const auto service = grouping.services.find(key.name);
            if (grouping.only_these && service == grouping.services.end()) {
                continue;
            }
            total.Add(day);
            add(halls, key.hall, day);
            add(services, key.name, day);
            if (service != grouping.services.end()) {
                add(units, service->second.unit, day);
                for (const auto& theme : service->second.themes) {
                    add(themes, theme, day);
                }
            }
            points[trend.IndexOf(key.day)].Add(day);
        }
    }
    GroupedFigures grouped;
    grouped.total = total.Finish(grouping.weight);
    for (auto [rows, figures] : {std::pair{&halls, &grouped.halls}, std::pair{&units, &grouped.units},
                                 std::pair{&services, &grouped.services}, std::pair{&themes, &grouped.themes}}) {
        for (const auto& [key, accumulator] : *rows) {
            figures->emplace(key, accumulator.Finish(grouping.weight));
        }
    }
    for (const auto& point : points) {
        grouped.trend.push_back(point.Finish(grouping.weight));
    }
    return grouped;
}

catalog::LocalizedText ThemeName(std::string_view theme) {
    static const std::array<std::pair<std::string_view, catalog::LocalizedText>, 4> kThemes{{
        {"poverty", {"Penanggulangan kemiskinan", "Poverty reduction"}},
        {"investment", {"Peningkatan investasi", "Investment growth"}},
        {"digital_government", {"Digitalisasi administrasi pemerintahan", "Digital government administration"}},
        {"president_priorities",
         {"Prioritas aktual Presiden (produk dalam negeri, pengendalian inflasi)",
          "The President's current priorities (domestic products, inflation control)"}},
    }};
    for (const auto& [id, name] : kThemes) {
        if (id == theme) {
            return name;
        }
    }
    return catalog::LocalizedText{std::string(theme), std::string(theme)};
}

}  // namespace layan::domain::stats
