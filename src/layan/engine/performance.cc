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
constexpr int kMaxPeriodDays = 366;

struct Theme {
    std::string_view id;
    LocalizedText name;
};

const std::array<Theme, 4> kThemes{{
    {"poverty", {"Penanggulangan kemiskinan", "Poverty reduction"}},
    {"investment", {"Peningkatan investasi", "Investment growth"}},
    {"digital_government", {"Digitalisasi administrasi pemerintahan", "Digital government administration"}},
    {"president_priorities",
     {"Prioritas aktual Presiden (produk dalam negeri, pengendalian inflasi)",
      "The President's current priorities (domestic products, inflation control)"}},
}};

core::Error TenantNotFound(std::string_view tenant) {
    return core::Error{core::ErrorKind::kNotFound,
                       "tenant_not_found",
                       fmt::format("There is no government (tenant) '{}'.", tenant),
                       {{"tenant", tenant}}};
}

/// The trend's buckets over a period: days up to a month, seven-day weeks up to half a year, else months.
struct Buckets {
    std::string granularity;
    std::vector<std::pair<sys_days, sys_days>> ranges;

    [[nodiscard]] std::size_t IndexOf(sys_days day) const {
        auto found = std::upper_bound(ranges.begin(), ranges.end(), day,
                                      [](sys_days d, const auto& range) { return d < range.first; });
        return static_cast<std::size_t>(found - ranges.begin()) - 1;
    }
};

Buckets BucketsOf(year_month_day from, year_month_day to) {
    Buckets buckets;
    const sys_days first{from};
    const sys_days last{to};
    const auto days = (last - first).count() + 1;
    if (days <= 31) {
        buckets.granularity = "day";
        for (auto day = first; day <= last; day += std::chrono::days{1}) {
            buckets.ranges.emplace_back(day, day);
        }
    } else if (days <= 186) {
        buckets.granularity = "week";
        for (auto day = first; day <= last; day += std::chrono::days{7}) {
            buckets.ranges.emplace_back(day, std::min(last, day + std::chrono::days{6}));
        }
    } else {
        buckets.granularity = "month";
        auto month = from.year() / from.month();
        for (sys_days start = first; start <= last;) {
            month += std::chrono::months{1};
            sys_days next{month / std::chrono::day{1}};
            buckets.ranges.emplace_back(start, std::min(last, next - std::chrono::days{1}));
            start = next;
        }
    }
    return buckets;
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

LocalizedText ThemeName(std::string_view theme) {
    for (const auto& known : kThemes) {
        if (known.id == theme) {
            return known.name;
        }
    }
    return LocalizedText{std::string(theme), std::string(theme)};
}

core::Status CheckPeriod(year_month_day from, year_month_day to) {
    if (!from.ok()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_range", "The start of the period is not a date.",
                          {{"field", "from"}});
    }
    if (!to.ok()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_range", "The end of the period is not a date.",
                          {{"field", "to"}});
    }
    if (sys_days{to} < sys_days{from}) {
        return core::Fail(
            core::ErrorKind::kInvalid, "invalid_range",
            fmt::format("The period ends ({}) before it starts ({}).", core::FormatDate(to), core::FormatDate(from)),
            {{"field", "to"}});
    }
    if ((sys_days{to} - sys_days{from}).count() + 1 > kMaxPeriodDays) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_range",
                          fmt::format("A period covers at most {} days; choose a shorter one.", kMaxPeriodDays),
                          {{"field", "to"}, {"max_days", kMaxPeriodDays}});
    }
    return {};
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
    return CheckPeriod(query.from, query.to);
}

template <class F>
void Performance::ForEachServiceDay(const PeriodQuery& query, F&& f) const {
    std::vector<std::string> halls;
    if (query.hall) {
        halls.push_back(*query.hall);
    } else {
        for (const auto* hall : directory_.HallsOf(query.tenant)) {
            halls.push_back(hall->id);
        }
    }
    const sys_days from{query.from};
    const sys_days to{query.to};
    const auto& services = model_.Services();
    for (const auto& hall : halls) {
        for (auto it = services.lower_bound(stats::Key{hall, from, ""});
             it != services.end() && it->first.hall == hall && it->first.day <= to; ++it) {
            if (query.service && it->first.name != *query.service) {
                continue;
            }
            f(it->first, it->second);
        }
    }
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
    const auto target = std::chrono::duration_cast<std::chrono::seconds>(query.target);
    const auto buckets = BucketsOf(query.from, query.to);

    stats::Accumulator total(target);
    std::map<std::string, stats::Accumulator, std::less<>> by_hall;
    std::map<std::string, stats::Accumulator, std::less<>> by_unit;
    std::map<std::string, stats::Accumulator, std::less<>> by_service;
    std::map<std::string, stats::Accumulator, std::less<>> by_theme;
    std::vector<stats::Accumulator> by_bucket(buckets.ranges.size(), stats::Accumulator(target));
    std::map<std::string, const domain::catalog::Service*, std::less<>> service_of;
    for (const auto& service : services) {
        service_of[service.code] = &service;
    }
    auto covered = [&](std::string_view code) {
        if (!query.unit && query.units.empty()) {
            return true;
        }
        auto service = service_of.find(code);
        return service != service_of.end() && query.Covers(service->second->unit_id);
    };
    std::int64_t position = 0;
    auto add = [&](auto& map, std::string_view key, const stats::ServiceDay& day) {
        auto found = map.find(key);
        if (found == map.end()) {
            found = map.emplace(std::string(key), stats::Accumulator(target)).first;
        }
        found->second.Add(day);
    };
    {
        std::shared_lock lock(model_mutex_);
        position = position_;
        ForEachServiceDay(query, [&](const stats::Key& key, const stats::ServiceDay& day) {
            if (!covered(key.name)) {
                return;
            }
            total.Add(day);
            add(by_hall, key.hall, day);
            add(by_service, key.name, day);
            if (auto service = service_of.find(key.name); service != service_of.end()) {
                add(by_unit, service->second->unit_id, day);
                for (const auto& theme : service->second->themes) {
                    add(by_theme, theme, day);
                }
            }
            by_bucket[buckets.IndexOf(key.day)].Add(day);
        });
    }

    PerformanceReport report;
    report.tenant = *tenant;
    report.query = query;
    report.status = StatusAt(position);
    report.totals = total.Finish(weight_);
    auto finish = [&](const auto& map, std::string_view key) {
        auto found = map.find(key);
        return found == map.end() ? stats::Accumulator(target).Finish(weight_) : found->second.Finish(weight_);
    };
    for (const auto* hall : directory_.HallsOf(query.tenant)) {
        if (!query.hall || *query.hall == hall->id) {
            report.halls.push_back(NamedFigures{.id = hall->id,
                                                .name = LocalizedText{hall->name, hall->name},
                                                .unit = {},
                                                .members = {},
                                                .figures = finish(by_hall, hall->id)});
        }
    }
    std::map<std::string, std::vector<std::string>, std::less<>> theme_services;
    const auto* only_hall = query.hall ? directory_.FindHall(*query.hall) : nullptr;
    for (const auto& service : services) {
        bool offered = only_hall == nullptr ||
                       std::find(only_hall->service_codes.begin(), only_hall->service_codes.end(), service.code) !=
                           only_hall->service_codes.end();
        if ((!offered && !by_service.contains(service.code)) || !query.Covers(service.unit_id)) {
            continue;
        }
        report.services.push_back(NamedFigures{.id = service.code,
                                               .name = service.name,
                                               .unit = service.unit_id,
                                               .members = service.themes,
                                               .figures = finish(by_service, service.code)});
        for (const auto& theme : service.themes) {
            theme_services[theme].push_back(service.code);
        }
    }
    for (const auto& unit : directory_.UnitsOf(query.tenant)) {
        if (!query.Covers(unit.id)) {
            continue;
        }
        report.units.push_back(NamedFigures{
            .id = unit.id, .name = unit.name, .unit = {}, .members = {}, .figures = finish(by_unit, unit.id)});
    }
    for (const auto& [theme, members] : theme_services) {
        report.themes.push_back(NamedFigures{
            .id = theme, .name = ThemeName(theme), .unit = {}, .members = members, .figures = finish(by_theme, theme)});
    }
    report.granularity = buckets.granularity;
    for (std::size_t i = 0; i < buckets.ranges.size(); ++i) {
        report.trend.push_back(TrendPoint{.from = year_month_day{buckets.ranges[i].first},
                                          .to = year_month_day{buckets.ranges[i].second},
                                          .figures = by_bucket[i].Finish(weight_)});
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
    const auto target = std::chrono::duration_cast<std::chrono::seconds>(query.target);
    std::map<std::string, const domain::catalog::Service*, std::less<>> service_of;
    for (const auto& service : directory_.ServicesOf(query.tenant)) {
        service_of[service.code] = &service;
    }
    auto in_scope = [&](std::string_view service) {
        if (!query.unit && query.units.empty()) {
            return true;
        }
        auto found = service_of.find(service);
        return found != service_of.end() && query.Covers(found->second->unit_id);
    };
    stats::Accumulator total(target, /*with_profile=*/true);
    std::map<std::string, stats::Accumulator, std::less<>> by_service;
    SkmReport report;
    std::int64_t position = 0;
    {
        std::shared_lock lock(model_mutex_);
        position = position_;
        ForEachServiceDay(query, [&](const stats::Key& key, const stats::ServiceDay& day) {
            if (!in_scope(key.name)) {
                return;
            }
            total.Add(day);
            by_service.try_emplace(key.name, target).first->second.Add(day);
        });
        const sys_days from{query.from};
        const sys_days to{query.to};
        const auto& comments = model_.Comments();
        for (auto it = comments.rbegin(); it != comments.rend() && report.comments.size() < kMaxComments; ++it) {
            bool hall_ok = query.hall ? it->hall == *query.hall : directory_.InTenant(it->hall, query.tenant);
            if (hall_ok && it->day >= from && it->day <= to && in_scope(it->service) &&
                (!query.service || it->service == *query.service)) {
                report.comments.push_back(*it);
            }
        }
    }
    report.query = query;
    report.status = StatusAt(position);
    report.weight = weight_;
    report.figures = total.Finish(weight_);
    report.lowest = LowestElements(report.figures);
    for (const auto& [code, accumulator] : by_service) {
        auto service = service_of.find(code);
        report.services.push_back(
            NamedFigures{.id = code,
                         .name = service == service_of.end() ? LocalizedText{code, code} : service->second->name,
                         .unit = service == service_of.end() ? "" : service->second->unit_id,
                         .members = {},
                         .figures = accumulator.Finish(weight_)});
    }
    return report;
}

core::Result<OfficersReport> Performance::Officers(const PeriodQuery& query) const {
    if (auto checked = CheckQuery(query); !checked) {
        return tl::unexpected(checked.error());
    }
    std::map<std::string, stats::OfficerDay, std::less<>> totals;
    std::vector<std::string> halls;
    if (query.hall) {
        halls.push_back(*query.hall);
    } else {
        for (const auto* hall : directory_.HallsOf(query.tenant)) {
            halls.push_back(hall->id);
        }
    }
    std::int64_t position = 0;
    {
        std::shared_lock lock(model_mutex_);
        position = position_;
        const auto& officers = model_.Officers();
        for (const auto& hall : halls) {
            for (auto it = officers.lower_bound(stats::Key{hall, sys_days{query.from}, ""});
                 it != officers.end() && it->first.hall == hall && it->first.day <= sys_days{query.to}; ++it) {
                stats::AddTo(totals[it->first.name], it->second);
            }
        }
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
            entry.open = domain::catalog::IsOpenAt(*hall, view.now);
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
