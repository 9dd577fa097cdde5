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
///
/// Several processes (app nodes on one PostgreSQL database): the machinery follows the store's
/// subscription, which carries other processes' events too. Another process's event that is a held
/// stream's next version is applied at once (reads stay current; `observed` hears of it); a gap marks the
/// stream stale. A command that loses a race (its append finds the stream at another version) is decided
/// again on the reloaded stream, up to kAttempts times in all, so `decide` and `present` must own what
/// they use (they may run after Execute has returned).
template <class Model>
class Streams {
public:
    using State = typename Model::State;
    using Event = typename Model::Event;
    using Decision = core::Result<std::vector<Event>>;

    /// How many times a command is decided before a lost race is answered 503.
    static constexpr int kAttempts = 8;

    /// Told, under the stream's lock, of another process's events just applied to a held stream.
    using Observed =
        std::function<void(const store::StreamId& id, const State& after, const std::vector<Event>& events)>;

    Streams(store::EventStore& events, Dispatcher& dispatcher, Observed observed = nullptr)
        : events_(events), dispatcher_(dispatcher), observed_(std::move(observed)) {
        subscription_ = events_.Subscribe([this](const store::RecordedEvent& recorded) { Observe(recorded); });
    }
    /// Stops following the store, then waits for every append in flight (Drain).
    ~Streams() {
        subscription_.reset();
        Drain();
    }
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
    void Execute(const store::StreamId& id, const nlohmann::json& metadata, Decide decide, Present present,
                 std::function<void(core::Result<R>)> done, int attempts = kAttempts) {
        auto entry = Find(id);
        {
            // A stream settling a failed or lost append (stale, appends still in flight): the command waits
            // for the last of them, then runs on the reloaded stream, instead of being refused.
            std::lock_guard settling(entry->mutex);
            if (entry->stale && entry->pending > 0 && attempts > 0) {
                entry->waiting.push_back([this, id, metadata, attempts, decide, present, done]() mutable {
                    Execute<R>(id, metadata, std::move(decide), std::move(present), std::move(done), attempts - 1);
                });
                return;
            }
        }
        std::unique_lock<std::mutex> lock;
        if (auto current = Current(*entry, id); current) {
            lock = std::move(*current);
        } else {
            return done(tl::unexpected(current.error()));
        }
        Decision decision = decide(std::as_const(entry->state));
        if (!decision || decision->empty()) {
            // A refusal, or nothing to do, is not checked by an append's version: it must not rest on a state
            // that another process has already moved on. The store says whether it has (one cheap read).
            // While this process's own appends are in flight the comparison cannot be made: the command waits
            // for them and is decided again.
            const std::int64_t known = entry->version;
            if (entry->pending > 0 && attempts > 1) {
                entry->waiting.push_back([this, id, metadata, attempts, decide, present, done]() mutable {
                    Execute<R>(id, metadata, std::move(decide), std::move(present), std::move(done), attempts - 1);
                });
                return;
            }
            lock.unlock();
            if (attempts > 1 && Behind(id, known, *entry)) {
                return Execute<R>(id, metadata, std::move(decide), std::move(present), std::move(done), attempts - 1);
            }
            if (!decision) {
                return done(tl::unexpected(decision.error()));
            }
            lock.lock();
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
        // A pipelined append (one still in flight before it) must fail when that one fails, even if another
        // process's append happens to give the stream the version it expects.
        const store::ExpectedVersion expected{entry->version, entry->pending > 0};
        entry->version += static_cast<std::int64_t>(batch.size());
        ++entry->pending;
        Started();
        events_.AppendAsync(
            id.Name(), expected, std::move(batch),
            [this, entry, id = store::StreamId(id), metadata = nlohmann::json(metadata), attempts,
             decide = std::move(decide), present = std::move(present), answer = std::move(answer),
             done = std::move(done)](core::Result<store::AppendResult> result) mutable {
                dispatcher_.Post([this, entry, id = std::move(id), metadata = std::move(metadata), attempts,
                                  decide = std::move(decide), present = std::move(present), answer = std::move(answer),
                                  done = std::move(done), result = std::move(result)]() mutable {
                    const FinishedWhenDone finished(*this);  // also when a command below throws
                    auto waiting =
                        Committed(*entry, id.Name(), result.has_value() ? std::nullopt : std::optional{result.error()});
                    if (result) {
                        done(std::move(answer));
                    } else if (result.error().kind == core::ErrorKind::kConflict && attempts > 1 &&
                               (LostRace(result.error()) || result.error().code == "previous_append_failed")) {
                        // Another process appended first (or this one's append before it lost): decide again on
                        // the stream as it now is.
                        Execute<R>(id, metadata, std::move(decide), std::move(present), std::move(done), attempts - 1);
                    } else {
                        done(tl::unexpected(CommitError(result.error())));
                    }
                    for (auto& command : waiting) {
                        command();
                    }
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
    /// Another process's event (or this one's, which is ignored): see the class comment.
    void Observe(const store::RecordedEvent& recorded) {
        std::shared_ptr<Entry> entry;
        {
            std::lock_guard lock(map_mutex_);
            auto found = entries_.find(recorded.stream);
            if (found == entries_.end()) {
                return;
            }
            entry = found->second;
        }
        std::lock_guard lock(entry->mutex);
        if (entry->stale || recorded.version <= entry->version) {
            return;  // to be loaded anyway, or already counted (this process's own, or folded)
        }
        if (recorded.version != entry->version + 1 || entry->pending > 0) {
            entry->stale = true;  // a gap, or a race this process's appends in flight will lose
            return;
        }
        auto event = Model::Decode(recorded);
        if (!event) {
            entry->stale = true;
            return;
        }
        Model::Apply(entry->state, *event);
        entry->version = recorded.version;
        if (observed_) {
            auto id = store::StreamId::Parse(recorded.stream);
            if (id) {
                observed_(*id, std::as_const(entry->state), std::vector<Event>{std::move(*event)});
            }
        }
    }

    struct Entry {
        std::mutex mutex;
        State state{};
        std::int64_t version = 0;                    // of the stream including appends submitted but not yet committed
        bool stale = true;                           // must be (re)loaded from the store before the next use
        int pending = 0;                             // appends submitted and not yet answered by the store
        std::vector<std::function<void()>> waiting;  // commands that wait for the stream to settle
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
            Folded<State> folded;
            try {
                folded = Fold(id);  // no lock across the store read
            } catch (const core::StorageUnavailable& e) {
                spdlog::warn("stream {}: cannot be loaded: {}", id.Name(), e.what());
                return tl::unexpected(UnavailableError());
            }
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

    /// True (and the stream marked stale) when the store holds a later version of the stream than `known`,
    /// which this process decided on: another process's append that has not reached it yet.
    bool Behind(const store::StreamId& id, std::int64_t known, Entry& entry) {
        std::int64_t stored = 0;
        try {
            stored = events_.StreamVersion(id.Name());
        } catch (const std::exception&) {
            return false;  // the store cannot say: the answer stands on what this process knows
        }
        if (stored <= known) {
            return false;
        }
        std::lock_guard lock(entry.mutex);
        if (entry.pending == 0 && entry.version == known) {
            entry.stale = true;
        }
        return true;
    }

    /// Counts the append as answered; returns the commands that waited for the stream to settle, once none
    /// is in flight any more (the caller runs them, outside the lock).
    std::vector<std::function<void()>> Committed(Entry& entry, const std::string& name,
                                                 const std::optional<core::Error>& failure) {
        std::lock_guard lock(entry.mutex);
        --entry.pending;
        if (failure) {
            entry.stale = true;
            if (failure->kind == core::ErrorKind::kConflict) {
                spdlog::info("stream {}: {}", name, failure->message);
            } else {
                spdlog::error("stream {}: commit failed: {}", name, failure->message);
            }
        }
        std::vector<std::function<void()>> waiting;
        if (entry.pending == 0) {
            waiting.swap(entry.waiting);
        }
        return waiting;
    }

    static core::Error UnavailableError() {
        return core::Error{core::ErrorKind::kUnavailable, "storage_unavailable",
                           "The data store is unavailable right now; please try again shortly.", nullptr};
    }

    static core::Error SettlingError() {
        return core::Error{core::ErrorKind::kUnavailable, "storage_unavailable",
                           "An earlier change could not be saved; please try again.", nullptr};
    }

    /// A conflict that another process caused: the stream is further than this process knew (rather than
    /// behind it, which means an earlier append of this process's pipeline failed).
    static bool LostRace(const core::Error& error) {
        if (!error.details.is_object() || !error.details.contains("actual_version") ||
            !error.details.contains("expected_version")) {
            return false;
        }
        return error.details["actual_version"].get<std::int64_t>() >
               error.details["expected_version"].get<std::int64_t>();
    }

    /// A conflict left after the attempts, or caused by an earlier append of this process's pipeline that
    /// failed: report the cause, not the symptom.
    static core::Error CommitError(core::Error error) {
        if (error.kind == core::ErrorKind::kConflict) {
            return SettlingError();
        }
        return error;
    }

    /// Counts an append as finished when it goes out of scope.
    class FinishedWhenDone {
    public:
        explicit FinishedWhenDone(Streams& streams) : streams_(streams) {}
        ~FinishedWhenDone() { streams_.Finished(); }
        FinishedWhenDone(const FinishedWhenDone&) = delete;
        FinishedWhenDone& operator=(const FinishedWhenDone&) = delete;

    private:
        Streams& streams_;
    };

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
    Observed observed_;
    std::mutex map_mutex_;
    std::map<std::string, std::shared_ptr<Entry>, std::less<>> entries_;
    std::condition_variable drained_;
    std::int64_t in_flight_ = 0;
    std::shared_ptr<void> subscription_;  // last: it is reset first, before anything it calls goes
};

}  // namespace layan::engine
