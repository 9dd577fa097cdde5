#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/engine/dispatcher.h"
#include "layan/store/event_store.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

/// A stream's events folded into a state, and the stream's version.
template <class State>
struct Folded {
    State state{};
    std::int64_t version = 0;
};

/// Reads and folds a stream from the store (a Model as described at Streams below). Throws
/// core::StorageUnavailable when the store cannot be read, std::runtime_error when an event cannot be decoded.
template <class Model>
[[nodiscard]] Folded<typename Model::State> FoldStream(store::EventStore& events, const store::StreamId& id) {
    Folded<typename Model::State> folded;
    const auto name = id.Name();
    for (const auto& recorded : events.ReadStream(name)) {
        auto event = Model::Decode(recorded);
        if (!event) {
            throw std::runtime_error(
                fmt::format("event {} of stream {} cannot be read: {}", recorded.version, name, event.error().message));
        }
        Model::Apply(folded.state, *event);
        folded.version = recorded.version;
    }
    return folded;
}

/// The generic machinery every kind of event stream runs on: one in-memory state per stream, kept equal to
/// the fold of the stream's events; commands decided on it and committed with the stream's expected version.
///
/// A Model tells how one kind of stream folds and travels through the store:
///
///     struct HallDayModel {
///         using State = domain::queue::HallState;
///         using Event = domain::queue::Event;
///         static void Apply(State&, const Event&);
///         static core::Result<Event> Decode(const store::RecordedEvent&);
///         static store::NewEvent Encode(const Event&, const nlohmann::json& metadata);
///     };
///
/// Locking: each stream has an ordinary mutex, held only while deciding, applying and presenting in memory
/// (microseconds) and while handing the append to the store's queue (so that the store receives a stream's
/// appends in decision order). It is never held across a store read (a stream is folded outside it), a
/// commit, or a callback (`done` runs after the lock is released).
///
/// Pipelining: a stream's next command may be decided while the previous append is being committed; each
/// append carries its expected version. A failed commit marks the stream stale; every later append of it
/// then fails its version check, and once none is in flight the next command reloads the stream from the
/// store. Until then commands on it answer 503 `storage_unavailable` at once.
template <class Model>
class Streams {
public:
    using State = typename Model::State;
    using Event = typename Model::Event;
    using Decision = core::Result<std::vector<Event>>;

    Streams(store::EventStore& events, Dispatcher& dispatcher) : events_(events), dispatcher_(dispatcher) {}
    /// Waits for every append in flight (Drain).
    ~Streams() { Drain(); }
    Streams(const Streams&) = delete;
    Streams& operator=(const Streams&) = delete;

    /// Reads and folds a stream from the store, without keeping it (see FoldStream).
    [[nodiscard]] Folded<State> Fold(const store::StreamId& id) const { return FoldStream<Model>(events_, id); }

    /// Decides on the stream's current state and commits the resulting events.
    ///  - `decide(const State&) -> Decision`: the domain's decision; a rule error appends nothing.
    ///  - `present(const State& after, const std::vector<Event>& events) -> R`: what the caller gets, taken
    ///    from the state right after the events are applied (also when there are none); it must only read.
    ///  - `done(core::Result<R>)`: after the commit, on the dispatch thread (in commit order); on the calling
    ///    thread when nothing was appended. Errors: the decision's, kUnavailable when the store failed.
    /// Each event is stored with `metadata` (who acted, from where).
    template <class R, class Decide, class Present>
    void Execute(const store::StreamId& id, const nlohmann::json& metadata, Decide&& decide, Present&& present,
                 std::function<void(core::Result<R>)> done) {
        auto entry = Find(id);
        std::unique_lock<std::mutex> lock;
        if (auto current = Current(*entry, id); current) {
            lock = std::move(*current);
        } else {
            return done(tl::unexpected(current.error()));
        }
        Decision decision = decide(std::as_const(entry->state));
        if (!decision) {
            lock.unlock();
            return done(tl::unexpected(decision.error()));
        }
        std::vector<store::NewEvent> batch;
        batch.reserve(decision->size());
        for (const auto& event : *decision) {
            batch.push_back(Model::Encode(event, metadata));
            Model::Apply(entry->state, event);
        }
        R answer = present(std::as_const(entry->state), std::as_const(*decision));
        if (batch.empty()) {
            lock.unlock();
            return done(std::move(answer));
        }
        const store::ExpectedVersion expected{entry->version};
        entry->version += static_cast<std::int64_t>(batch.size());
        ++entry->pending;
        Started();
        events_.AppendAsync(id.Name(), expected, std::move(batch),
                            [this, entry, name = id.Name(), answer = std::move(answer),
                             done = std::move(done)](core::Result<store::AppendResult> result) mutable {
                                dispatcher_.Post([this, entry, name = std::move(name), answer = std::move(answer),
                                                  done = std::move(done), result = std::move(result)]() mutable {
                                    Committed(*entry, name,
                                              result.has_value() ? std::nullopt : std::optional{result.error()});
                                    if (result) {
                                        done(std::move(answer));
                                    } else {
                                        done(tl::unexpected(CommitError(result.error())));
                                    }
                                    Finished();
                                });
                            });
    }

    /// Runs `read(const State&)` on the stream's current state under its lock (loading it first when needed)
    /// and returns what it returns. Errors: kUnavailable while a failed commit is being settled.
    template <class F>
    auto Read(const store::StreamId& id, F&& read) -> core::Result<std::invoke_result_t<F, const State&>> {
        auto entry = Find(id);
        auto lock = Current(*entry, id);
        if (!lock) {
            return tl::unexpected(lock.error());
        }
        return read(std::as_const(entry->state));
    }

    /// The version of the stream in memory (appends submitted included); nullopt while it is not loaded.
    [[nodiscard]] std::optional<std::int64_t> Version(const store::StreamId& id) {
        auto entry = Find(id);
        std::lock_guard lock(entry->mutex);
        return entry->stale ? std::nullopt : std::optional{entry->version};
    }

    /// Forgets a stream's state (a day gone by); appends in flight still complete.
    void Evict(const store::StreamId& id) {
        std::lock_guard lock(map_mutex_);
        entries_.erase(id.Name());
    }

    /// Waits until every append submitted so far has been committed or failed and its `done` has returned.
    void Drain() {
        std::unique_lock lock(map_mutex_);
        drained_.wait(lock, [this] { return in_flight_ == 0; });
    }

private:
    struct Entry {
        std::mutex mutex;
        State state{};
        std::int64_t version = 0;  // of the stream including appends submitted but not yet committed
        bool stale = true;         // must be (re)loaded from the store before the next use
        int pending = 0;           // appends submitted and not yet answered by the store
    };

    std::shared_ptr<Entry> Find(const store::StreamId& id) {
        std::lock_guard lock(map_mutex_);
        auto& entry = entries_[id.Name()];
        if (!entry) {
            entry = std::make_shared<Entry>();
        }
        return entry;
    }

    /// Locks the entry with its state current: loads it from the store (outside the lock) when stale.
    core::Result<std::unique_lock<std::mutex>> Current(Entry& entry, const store::StreamId& id) {
        std::unique_lock lock(entry.mutex);
        while (entry.stale) {
            if (entry.pending > 0) {
                return tl::unexpected(SettlingError());
            }
            lock.unlock();
            auto folded = Fold(id);  // no lock across the store read
            lock.lock();
            // No append can start while the entry is stale, so whichever fold installs first is current.
            if (entry.stale && entry.pending == 0) {
                entry.state = std::move(folded.state);
                entry.version = folded.version;
                entry.stale = false;
            }
        }
        return lock;
    }

    void Committed(Entry& entry, const std::string& name, const std::optional<core::Error>& failure) {
        std::lock_guard lock(entry.mutex);
        --entry.pending;
        if (failure) {
            entry.stale = true;
            spdlog::error("stream {}: commit failed: {}", name, failure->message);
        }
    }

    static core::Error SettlingError() {
        return core::Error{core::ErrorKind::kUnavailable, "storage_unavailable",
                           "An earlier change could not be saved; please try again.", nullptr};
    }

    /// Only this process writes its streams, so a conflict means an earlier append of the pipeline failed:
    /// report the cause, not the symptom.
    static core::Error CommitError(core::Error error) {
        if (error.kind == core::ErrorKind::kConflict) {
            return SettlingError();
        }
        return error;
    }

    void Started() {
        std::lock_guard lock(map_mutex_);
        ++in_flight_;
    }

    void Finished() {
        std::lock_guard lock(map_mutex_);
        if (--in_flight_ == 0) {
            drained_.notify_all();
        }
    }

    store::EventStore& events_;
    Dispatcher& dispatcher_;
    std::mutex map_mutex_;
    std::map<std::string, std::shared_ptr<Entry>, std::less<>> entries_;
    std::condition_variable drained_;
    std::int64_t in_flight_ = 0;
};

}  // namespace layan::engine
