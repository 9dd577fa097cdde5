#include "layan/engine/halls.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace layan::engine {

namespace queue = domain::queue;

struct Halls::Hall {
    // Recursive because a commit's `done` runs under it and may read the hall again (to render the
    // response).
    std::recursive_mutex mutex;
    queue::HallContext context;
    queue::HallState state;
    std::chrono::year_month_day day{};
    std::string stream;
    std::int64_t version = 0;  // of the stream including appends submitted but not yet committed
    bool stale = true;         // the state must be rebuilt from the store before the next use
};

/// One thread running posted tasks in order.
class Halls::Dispatcher {
public:
    Dispatcher() : thread_([this] { Loop(); }) {}
    ~Dispatcher() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    void Post(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            tasks_.push_back(std::move(task));
        }
        wake_.notify_one();
    }

private:
    void Loop() {
        std::unique_lock lock(mutex_);
        while (true) {
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) {
                return;  // stopping, and everything posted has run
            }
            auto task = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            try {
                task();
            } catch (const std::exception& e) {
                spdlog::error("commit callback failed: {}", e.what());
            }
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::thread thread_;
};

Halls::Halls(store::EventStore& events, store::Catalog& catalog, const core::Clock& clock,
             std::unique_ptr<queue::RoutingPolicy> policy, queue::QueueRules rules,
             std::vector<domain::calendar::SpecialDay> closures)
    : events_(events),
      catalog_(catalog),
      clock_(clock),
      policy_(std::move(policy)),
      rules_(rules),
      closures_(std::move(closures)),
      dispatcher_(std::make_unique<Dispatcher>()) {}

Halls::~Halls() = default;

std::string Halls::StreamName(const std::string& hall_id, std::chrono::year_month_day day) {
    return fmt::format("hall/{}/{}", hall_id, core::FormatDate(day));
}

void Halls::Load() {
    auto now = clock_.Now();
    for (auto& hall : catalog_.ListHalls()) {
        auto entry = std::make_unique<Hall>();
        const auto tenant = hall.tenant_id;
        entry->context = queue::HallContext::Make(std::move(hall), catalog_.ListServices(tenant),
                                                  catalog_.ListOfficers(tenant), rules_);
        for (const auto& day : closures_) {
            entry->context.closures.emplace(day.date, day.name);
        }
        EnsureCurrent(*entry, now);
        halls_.emplace(entry->context.hall.id, std::move(entry));
    }
}

std::vector<std::string> Halls::HallIds() const {
    std::vector<std::string> ids;
    ids.reserve(halls_.size());
    for (const auto& [id, hall] : halls_) {
        ids.push_back(id);
    }
    return ids;
}

Halls::Folded Halls::Fold(const std::string& stream) const {
    Folded folded;
    for (const auto& recorded : events_.ReadStream(stream)) {
        auto event = queue::FromJson(recorded.type, recorded.data);
        if (!event) {
            throw std::runtime_error(fmt::format("event {} of stream {} cannot be read: {}", recorded.version, stream,
                                                 event.error().message));
        }
        folded.state.Apply(*event);
        folded.version = recorded.version;
    }
    return folded;
}

void Halls::EnsureCurrent(Hall& hall, core::Instant now) {
    auto today = core::LocalDate(now, hall.context.hall.utc_offset);
    if (!hall.stale && hall.day == today) {
        return;
    }
    if (hall.day != today) {
        // Service times of the days before feed the predictions (HallContext::history).
        std::vector<queue::HallState> days;
        for (int back = 1; back <= kHistoryDays; ++back) {
            std::chrono::year_month_day day{std::chrono::sys_days{today} - std::chrono::days{back}};
            days.push_back(Fold(StreamName(hall.context.hall.id, day)).state);
        }
        hall.context.history = queue::MeanServiceTimes(days, hall.context);
    }
    // A new local day starts a new stream (numbering restarts); a failed commit rebuilds the day
    // from what the store really holds.
    auto stream = StreamName(hall.context.hall.id, today);
    auto folded = Fold(stream);
    hall.state = std::move(folded.state);
    hall.version = folded.version;
    hall.stream = std::move(stream);
    hall.day = today;
    hall.stale = false;
}

namespace {

nlohmann::json Metadata(const Actor& actor) {
    nlohmann::json meta = nlohmann::json::object();
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) {
            meta[key] = value;
        }
    };
    put("actor", actor.id);
    put("role", actor.role);
    put("ip", actor.ip);
    put("device", actor.device);
    return meta;
}

}  // namespace

void Halls::Execute(const std::string& hall_id, const Actor& actor, const Decide& decide,
                    std::function<void(core::Result<std::vector<store::RecordedEvent>>)> done, const Observe& observe) {
    auto found = halls_.find(hall_id);
    if (found == halls_.end()) {
        done(
            core::Fail(core::ErrorKind::kNotFound, "hall_not_found", fmt::format("There is no hall \"{}\".", hall_id)));
        return;
    }
    Hall* hall = found->second.get();
    std::lock_guard lock(hall->mutex);
    auto now = clock_.Now();
    EnsureCurrent(*hall, now);
    auto decision = decide(HallView{hall->state, hall->context, *policy_, now});
    if (!decision) {
        done(tl::unexpected(decision.error()));
        return;
    }
    if (decision->empty()) {
        done(std::vector<store::RecordedEvent>{});
        return;
    }
    std::vector<store::NewEvent> batch;
    batch.reserve(decision->size());
    auto metadata = Metadata(actor);
    for (const auto& event : *decision) {
        batch.push_back(store::NewEvent{std::string(queue::TypeName(event)), queue::ToJson(event), metadata});
        hall->state.Apply(event);
    }
    if (observe) {
        observe(HallView{hall->state, hall->context, *policy_, now}, *decision);
    }
    const store::ExpectedVersion expected{hall->version};
    hall->version += static_cast<std::int64_t>(batch.size());
    // Submitted under the lock so that the store receives the hall's appends in decision order.
    events_.AppendAsync(
        hall->stream, expected, std::move(batch),
        [this, hall, done = std::move(done)](core::Result<store::AppendResult> result) mutable {
            dispatcher_->Post([this, hall, done = std::move(done), result = std::move(result)]() mutable {
                Committed(*hall, std::move(result), done);
            });
        });
}

void Halls::Committed(Hall& hall, core::Result<store::AppendResult> result,
                      const std::function<void(core::Result<std::vector<store::RecordedEvent>>)>& done) {
    std::lock_guard lock(hall.mutex);
    if (!result) {
        hall.stale = true;
        auto error = result.error();
        if (error.kind == core::ErrorKind::kConflict) {
            // Only this process writes the hall's stream, so a conflict means an earlier append of
            // the pipeline failed: report the cause, not the symptom.
            error = core::Error{core::ErrorKind::kUnavailable, "storage_unavailable",
                                "An earlier change could not be saved; please try again.", nullptr};
        }
        spdlog::error("hall {}: commit failed: {}", hall.context.hall.id, result.error().message);
        done(tl::unexpected(std::move(error)));
        return;
    }
    HallView view{hall.state, hall.context, *policy_, clock_.Now()};
    for (const auto& listener : listeners_) {
        listener(hall.context.hall.id, result->events, view);
    }
    done(std::move(result->events));
}

core::Status Halls::WithHall(const std::string& hall_id, const std::function<void(const HallView&)>& read) {
    auto found = halls_.find(hall_id);
    if (found == halls_.end()) {
        return core::Fail(core::ErrorKind::kNotFound, "hall_not_found",
                          fmt::format("There is no hall \"{}\".", hall_id));
    }
    Hall& hall = *found->second;
    std::lock_guard lock(hall.mutex);
    auto now = clock_.Now();
    EnsureCurrent(hall, now);
    read(HallView{hall.state, hall.context, *policy_, now});
    return {};
}

void Halls::OnCommit(CommitListener listener) { listeners_.push_back(std::move(listener)); }

}  // namespace layan::engine
