#include "layan/engine/performance.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "layan/domain/queue/events.h"
#include "layan/domain/survey/response.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

namespace stats = domain::stats;
using domain::catalog::LocalizedText;
using std::chrono::sys_days;
using std::chrono::year_month_day;

namespace {

constexpr std::int64_t kPage = 5000;
constexpr auto kLagTolerance = std::chrono::seconds{2};
constexpr std::size_t kMaxComments = 200;

core::Error TenantNotFound(std::string_view tenant) {
    return core::Error{core::ErrorKind::kNotFound,
                       "tenant_not_found",
                       fmt::format("There is no government (tenant) '{}'.", tenant),
                       {{"tenant", tenant}}};
}

std::vector<std::string> LowestElements(const stats::Figures& figures) {
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& element : domain::survey::Elements()) {
        auto tally = figures.survey.Of(element.code);
        if (tally.answered > 0) {
            scored.emplace_back(static_cast<double>(tally.sum) / static_cast<double>(tally.answered),
                                std::string(element.code));
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> lowest;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
        lowest.push_back(scored[i].second);
    }
    return lowest;
}

}  // namespace

bool PeriodQuery::Covers(std::string_view unit_id) const {
    if (unit && *unit != unit_id) {
        return false;
    }
    return units.empty() || std::find(units.begin(), units.end(), unit_id) != units.end();
}

bool ApplyToPerformance(stats::Performance& performance, const store::RecordedEvent& event) try {
    auto id = store::StreamId::Parse(event.stream);
    if (!id || !id->day()) {
        return true;
    }
    const sys_days day{*id->day()};
    if (id->kind() == store::StreamKind::kHallDay) {
        auto decoded = domain::queue::FromJson(event.type, event.data);
        if (!decoded) {
            return false;
        }
        performance.ApplyQueue(id->owner(), day, *decoded);
    } else if (id->kind() == store::StreamKind::kSurveyDay) {
        if (event.type != domain::survey::SurveyAnswered::kType) {
            return false;
        }
        auto decoded = domain::survey::SurveyAnsweredFromJson(event.data);
        if (!decoded) {
            return false;
        }
        performance.ApplySurvey(id->owner(), day, *decoded);
    }
    return true;
} catch (const std::exception& e) {
    // An event this fold cannot read counts nowhere; it must not stop the figures (nor the server) for good.
    spdlog::warn("performance figures: event {} of {} is left out: {}", event.position, event.stream, e.what());
    return false;
}

stats::Performance FoldPerformance(store::EventStore& events, std::int64_t* position) {
    stats::Performance performance;
    std::int64_t last = 0;
    for (;;) {
        auto page = events.ReadAll(last, kPage);
        if (page.empty()) {
            break;
        }
        for (const auto& event : page) {
            ApplyToPerformance(performance, event);
        }
        last = page.back().position;
    }
    if (position != nullptr) {
        *position = last;
    }
    return performance;
}

Performance::Performance(store::EventStore& events, Directory& directory, Halls& halls, const core::Clock& clock,
                         domain::survey::IkmWeight weight)
    : events_(events), directory_(directory), halls_(halls), clock_(clock), weight_(weight) {}

Performance::~Performance() { Stop(); }

void Performance::Start() {
    subscription_ = events_.Subscribe([this](const store::RecordedEvent& event) {
        {
            std::lock_guard lock(feed_mutex_);
            if (incoming_.empty()) {
                last_progress_ = clock_.Now();  // the lag is counted from the oldest event not yet folded
            }
            incoming_.push_back(event);
        }
        feed_wake_.notify_one();
    });
    feeder_ = std::thread([this] { Feed(); });
}

void Performance::Stop() {
    subscription_.reset();
    {
        std::lock_guard lock(feed_mutex_);
        stopping_ = true;
    }
    feed_wake_.notify_all();
    if (feeder_.joinable()) {
        feeder_.join();
    }
}

void Performance::Rebuild() {
    {
        std::lock_guard lock(feed_mutex_);
        rebuild_requested_ = true;
    }
    feed_wake_.notify_one();
}

void Performance::Feed() {
    auto stopping = [this] {
        std::lock_guard lock(feed_mutex_);
        return stopping_;
    };
    auto publish = [this](std::int64_t position) {
        {
            std::lock_guard lock(feed_mutex_);
            fed_position_ = position;
            last_progress_ = clock_.Now();
        }
        fed_.notify_all();
    };
    // Folds the log after `position` into `model` page by page; `live` models are locked per page so that
    // requests are served meanwhile. False when stopping.
    auto fold_log = [&](stats::Performance& model, std::int64_t& position, bool live) {
        for (;;) {
            if (stopping()) {
                return false;
            }
            std::vector<store::RecordedEvent> page;
            try {
                page = events_.ReadAll(position, kPage);
            } catch (const std::exception& e) {
                spdlog::error("performance figures: the log cannot be read, retrying: {}", e.what());
                std::unique_lock lock(feed_mutex_);
                feed_wake_.wait_for(lock, std::chrono::seconds{1}, [this] { return stopping_; });
                continue;
            }
            if (page.empty()) {
                return true;
            }
            std::unique_lock<std::shared_mutex> lock(model_mutex_, std::defer_lock);
            if (live) {
                lock.lock();
            }
            for (const auto& event : page) {
                if (!ApplyToPerformance(model, event)) {
                    spdlog::warn("performance figures: event {} of {} cannot be read; it is left out", event.position,
                                 event.stream);
                }
            }
            position = page.back().position;
            if (live) {
                position_ = position;
                lock.unlock();
                publish(position);
            }
        }
    };

    std::int64_t position = 0;
    const auto started = clock_.Now();
    if (!fold_log(model_, position, /*live=*/true)) {
        return;
    }
    spdlog::info("performance figures: folded the log up to event {} in {} ms", position,
                 (clock_.Now() - started).count());
    {
        std::lock_guard lock(feed_mutex_);
        catching_up_ = false;
    }
    publish(position);

    for (;;) {
        std::deque<store::RecordedEvent> batch;
        bool rebuild = false;
        {
            std::unique_lock lock(feed_mutex_);
            feed_wake_.wait(lock, [this] { return stopping_ || !incoming_.empty() || rebuild_requested_; });
            if (stopping_) {
                return;
            }
            batch.swap(incoming_);
            rebuild = std::exchange(rebuild_requested_, false);
            rebuilding_ = rebuild;
        }
        if (!batch.empty()) {
            std::unique_lock lock(model_mutex_);
            for (const auto& event : batch) {
                if (event.position > position_) {  // the catch-up may have read it already
                    ApplyToPerformance(model_, event);
                    position_ = event.position;
                }
            }
            position = position_;
            lock.unlock();
            publish(position);
        }
        if (rebuild) {
            stats::Performance fresh;
            std::int64_t fresh_position = 0;
            const auto rebuild_started = clock_.Now();
            if (!fold_log(fresh, fresh_position, /*live=*/false)) {
                return;
            }
            {
                // Events committed meanwhile wait in `incoming_`; those the rebuild read already are skipped there.
                std::unique_lock lock(model_mutex_);
                model_ = std::move(fresh);
                position_ = std::max(position_, fresh_position);
                std::lock_guard cache_lock(cache_mutex_);
                cache_.clear();  // a rebuild at an unchanged position must not answer from before it
                position = position_;
            }
            {
                std::lock_guard lock(feed_mutex_);
                rebuilding_ = false;
            }
            publish(position);
            spdlog::info("performance figures: rebuilt from the events up to {} in {} ms", fresh_position,
                         (clock_.Now() - rebuild_started).count());
        }
    }
}

ViewStatus Performance::Status() const {
    ViewStatus status;
    std::lock_guard lock(feed_mutex_);
    status.position = fed_position_;
    status.head = std::max(events_.HeadPosition(), status.position);
    status.rebuilding = rebuilding_ || rebuild_requested_;
    const bool lagging = !incoming_.empty() && clock_.Now() - last_progress_ > kLagTolerance;
    status.behind = catching_up_ || status.rebuilding || lagging;
    return status;
}

ViewStatus Performance::StatusAt(std::int64_t position) const {
    auto status = Status();
    status.position = position;
    status.head = std::max(status.head, position);
    return status;
}

bool Performance::WaitUntilCurrent(std::chrono::milliseconds timeout) const {
    const auto target = events_.HeadPosition();
    std::unique_lock lock(feed_mutex_);
    return fed_.wait_for(
        lock, timeout, [&] { return fed_position_ >= target && !catching_up_ && !rebuilding_ && !rebuild_requested_; });
}

stats::Performance Performance::Snapshot() const {
    std::shared_lock lock(model_mutex_);
    return model_;
}

core::Status Performance::CheckQuery(const PeriodQuery& query) const {
    if (directory_.FindTenant(query.tenant) == nullptr) {
        return tl::unexpected(TenantNotFound(query.tenant));
    }
    if (query.hall && !directory_.InTenant(*query.hall, query.tenant)) {
        return tl::unexpected(HallNotFound(*query.hall));
    }
    if (query.unit) {
        const auto& units = directory_.UnitsOf(query.tenant);
        if (std::none_of(units.begin(), units.end(), [&](const auto& unit) { return unit.id == *query.unit; })) {
            return core::Fail(core::ErrorKind::kNotFound, "unit_not_found",
                              fmt::format("There is no unit '{}' in this government.", *query.unit),
                              {{"unit", *query.unit}});
        }
    }
    if (query.service && directory_.FindService(query.tenant, *query.service) == nullptr) {
        return core::Fail(core::ErrorKind::kNotFound, "service_not_found",
                          fmt::format("There is no service '{}' in this government.", *query.service),
                          {{"service", *query.service}});
    }
    return CheckHistoryRange(query.from, query.to);
}

std::vector<std::string> Performance::HallsIn(const PeriodQuery& query) const {
    if (query.hall) {
        return {*query.hall};
    }
    std::vector<std::string> halls;
    for (const auto* hall : directory_.HallsOf(query.tenant)) {
        halls.push_back(hall->id);
    }
    return halls;
}

stats::Grouping Performance::GroupingOf(const PeriodQuery& query) const {
    stats::Grouping grouping{.halls = HallsIn(query),
                             .from = sys_days{query.from},
                             .to = sys_days{query.to},
                             .services = {},
                             .only_these = query.unit || query.service || !query.units.empty(),
                             .target = std::chrono::duration_cast<std::chrono::seconds>(query.target),
                             .weight = weight_,
                             .with_profile = false};
    for (const auto& service : directory_.ServicesOf(query.tenant)) {
        if (query.Covers(service.unit_id) && (!query.service || *query.service == service.code)) {
            grouping.services.emplace(service.code,
                                      stats::ServiceGroups{.unit = service.unit_id, .themes = service.themes});
        }
    }
    return grouping;
}

core::Result<PerformanceReport> Performance::Report(const PeriodQuery& query) const {
    if (auto checked = CheckQuery(query); !checked) {
        return tl::unexpected(checked.error());
    }
    const auto cache_key = fmt::format("{}|{}|{}|{}|{}|{}|{}", query.tenant, core::FormatDate(query.from),
                                       core::FormatDate(query.to), query.target.count(), query.hall.value_or(""),
                                       query.unit.value_or(""), fmt::join(query.units, ","));
    {
        std::int64_t current = 0;
        {
            std::shared_lock lock(model_mutex_);
            current = position_;
        }
        std::lock_guard lock(cache_mutex_);
        if (auto found = cache_.find(cache_key); found != cache_.end() && found->second.position == current) {
            auto report = found->second.report;
            report.status = StatusAt(current);
            return report;
        }
    }
    const auto* tenant = directory_.FindTenant(query.tenant);
    const auto& services = directory_.ServicesOf(query.tenant);
    const auto grouping = GroupingOf(query);
    const auto trend = stats::TrendOf(grouping.from, grouping.to);
    stats::GroupedFigures grouped;
    std::int64_t position = 0;
    {
        std::shared_lock lock(model_mutex_);
        position = position_;
        grouped = stats::Group(model_, grouping, trend);
    }

    PerformanceReport report;
    report.tenant = *tenant;
    report.query = query;
    report.status = StatusAt(position);
    report.totals = grouped.total;
    const auto none = stats::Accumulator(grouping.target).Finish(weight_);
    auto figures_of = [&](const auto& rows, std::string_view key) {
        auto found = rows.find(key);
        return found == rows.end() ? none : found->second;
    };
    for (const auto* hall : directory_.HallsOf(query.tenant)) {
        if (!query.hall || *query.hall == hall->id) {
            report.halls.push_back(NamedFigures{.id = hall->id,
                                                .name = LocalizedText{hall->name, hall->name},
                                                .unit = {},
                                                .members = {},
                                                .figures = figures_of(grouped.halls, hall->id)});
        }
    }
    std::map<std::string, std::vector<std::string>, std::less<>> theme_services;
    const auto* only_hall = query.hall ? directory_.FindHall(*query.hall) : nullptr;
    for (const auto& service : services) {
        bool offered = only_hall == nullptr ||
                       std::find(only_hall->service_codes.begin(), only_hall->service_codes.end(), service.code) !=
                           only_hall->service_codes.end();
        if ((!offered && !grouped.services.contains(service.code)) || !query.Covers(service.unit_id)) {
            continue;
        }
        report.services.push_back(NamedFigures{.id = service.code,
                                               .name = service.name,
                                               .unit = service.unit_id,
                                               .members = service.themes,
                                               .figures = figures_of(grouped.services, service.code)});
        for (const auto& theme : service.themes) {
            theme_services[theme].push_back(service.code);
        }
    }
    for (const auto& unit : directory_.UnitsOf(query.tenant)) {
        if (query.Covers(unit.id)) {
            report.units.push_back(NamedFigures{.id = unit.id,
                                                .name = unit.name,
                                                .unit = {},
                                                .members = {},
                                                .figures = figures_of(grouped.units, unit.id)});
        }
    }
    for (const auto& [theme, members] : theme_services) {
        report.themes.push_back(NamedFigures{.id = theme,
                                             .name = stats::ThemeName(theme),
                                             .unit = {},
                                             .members = members,
                                             .figures = figures_of(grouped.themes, theme)});
    }
    report.granularity = trend.granularity;
    for (std::size_t i = 0; i < trend.ranges.size(); ++i) {
        report.trend.push_back(TrendPoint{.from = year_month_day{trend.ranges[i].first},
                                          .to = year_month_day{trend.ranges[i].second},
                                          .figures = grouped.trend[i]});
    }
    {
        constexpr std::size_t kMostCached = 64;
        std::lock_guard lock(cache_mutex_);
        if (cache_.size() >= kMostCached && !cache_.contains(cache_key)) {
            cache_.clear();
        }
        cache_.insert_or_assign(cache_key, CachedReport{.position = position, .report = report});
    }
    return report;
}

core::Result<SkmReport> Performance::Skm(const PeriodQuery& query) const {
    if (auto checked = CheckQuery(query); !checked) {
        return tl::unexpected(checked.error());
    }
    auto grouping = GroupingOf(query);
    grouping.with_profile = true;
    const auto in_scope = [&](std::string_view service) {
        return !grouping.only_these || grouping.services.contains(service);
    };
    const auto trend = stats::TrendOf(grouping.from, grouping.to);
    stats::GroupedFigures grouped;
    SkmReport report;
    std::int64_t position = 0;
    {
        std::shared_lock lock(model_mutex_);
        position = position_;
        grouped = stats::Group(model_, grouping, trend);
        const auto& comments = model_.Comments();
        for (auto it = comments.rbegin(); it != comments.rend() && report.comments.size() < kMaxComments; ++it) {
            bool hall_ok = std::find(grouping.halls.begin(), grouping.halls.end(), it->hall) != grouping.halls.end();
            if (hall_ok && it->day >= grouping.from && it->day <= grouping.to && in_scope(it->service)) {
                report.comments.push_back(*it);
            }
        }
    }
    report.query = query;
    report.status = StatusAt(position);
    report.weight = weight_;
    report.figures = std::move(grouped.total);
    report.lowest = LowestElements(report.figures);
    for (auto& [code, figures] : grouped.services) {
        const auto* service = directory_.FindService(query.tenant, code);
        report.services.push_back(NamedFigures{.id = code,
                                               .name = service == nullptr ? LocalizedText{code, code} : service->name,
                                               .unit = service == nullptr ? "" : service->unit_id,
                                               .members = {},
                                               .figures = std::move(figures)});
    }
    return report;
}

core::Result<OfficersReport> Performance::Officers(const PeriodQuery& query) const {
    if (auto checked = CheckQuery(query); !checked) {
        return tl::unexpected(checked.error());
    }
    std::map<std::string, stats::OfficerDay, std::less<>> totals;
    std::int64_t position = 0;
    {
        const auto halls = HallsIn(query);
        std::shared_lock lock(model_mutex_);
        position = position_;
        totals = stats::OfficerTotals(model_, halls, sys_days{query.from}, sys_days{query.to});
    }
    OfficersReport report;
    report.query = query;
    report.status = StatusAt(position);
    for (const auto& officer : directory_.OfficersOf(query.tenant)) {
        if (!query.Covers(officer.unit_id)) {
            continue;
        }
        auto found = totals.find(officer.id);
        report.officers.push_back(
            OfficerRow{.id = officer.id,
                       .name = officer.name,
                       .unit = officer.unit_id,
                       .figures = stats::Summarise(found == totals.end() ? stats::OfficerDay{} : found->second)});
    }
    return report;
}

core::Result<LiveReport> Performance::Live(const std::string& tenant) const {
    if (directory_.FindTenant(tenant) == nullptr) {
        return tl::unexpected(TenantNotFound(tenant));
    }
    LiveReport report;
    report.at = clock_.Now();
    for (const auto* hall : directory_.HallsOf(tenant)) {
        auto live = halls_.Read(hall->id, [&](const HallView& view) {
            LiveHall entry;
            entry.id = hall->id;
            entry.name = hall->name;
            entry.open = view.context.IsOpenAt(view.now);
            for (const auto& [id, counter] : view.state.Counters()) {
                if (counter.status != domain::queue::CounterStatus::kClosed) {
                    ++entry.counters_open;
                }
            }
            for (const auto& summary : view.state.Summaries(view.now)) {
                const auto* service = directory_.FindService(tenant, summary.service);
                entry.waiting += summary.waiting;
                entry.longest_wait = std::max(entry.longest_wait, summary.longest_wait);
                entry.services.push_back(LiveService{
                    .code = summary.service,
                    .name = service != nullptr ? service->name : LocalizedText{summary.service, summary.service},
                    .waiting = summary.waiting,
                    .longest_wait = summary.longest_wait});
            }
            return entry;
        });
        if (!live) {
            return tl::unexpected(live.error());
        }
        report.halls.push_back(std::move(*live));
    }
    return report;
}

}  // namespace layan::engine
