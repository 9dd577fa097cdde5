#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layan::http {

/// One published event. `id` is assigned by the hub, per channel, from 1.
struct SseEvent {
    std::uint64_t id = 0;
    std::string name;  ///< The "event:" field; empty for the default "message".
    std::string data;  ///< May contain newlines: each line becomes its own "data:" line.
};

/// Appends an event in the text/event-stream wire format ("id: 3\nevent: called\ndata: ...\n\n").
void AppendSseEvent(std::string& out, const SseEvent& event);

/// Transport-agnostic publish/subscribe for server push. Thread-safe. Each channel keeps the last
/// `replay_per_channel` events so a reconnecting client (Last-Event-ID) misses nothing recent.
/// Publishing never blocks on a subscriber: each has a bounded queue, and one that overflows is marked
/// so its transport drops the connection (the client reconnects and is replayed what it missed).
class SseHub {
public:
    using EventPtr = std::shared_ptr<const SseEvent>;

    /// What one subscriber holds; destroying it unsubscribes. Must not outlive the hub.
    class Subscription {
    public:
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        ~Subscription();

        /// Moves the queued events, oldest first, to the end of `out`. Returns false once the queue has
        /// overflowed: the subscriber fell too far behind and must disconnect.
        [[nodiscard]] bool Drain(std::vector<EventPtr>& out);
        [[nodiscard]] const std::string& Channel() const { return channel_; }

    private:
        friend class SseHub;
        Subscription(SseHub& hub, std::string channel, std::function<void()> wake, std::size_t max_queued)
            : hub_(hub), channel_(std::move(channel)), wake_(std::move(wake)), max_queued_(max_queued) {}

        SseHub& hub_;
        std::string channel_;
        std::function<void()> wake_;
        std::size_t max_queued_;
        std::deque<EventPtr> queue_;  // Guarded by hub_.mutex_.
        bool overflowed_ = false;     // Guarded by hub_.mutex_.
    };

    explicit SseHub(std::size_t replay_per_channel = 256);
    SseHub(const SseHub&) = delete;
    SseHub& operator=(const SseHub&) = delete;

    /// Thread-safe. Assigns the next id of the channel, keeps the last N for replay, wakes subscribers.
    /// Returns the id.
    std::uint64_t Publish(const std::string& channel, std::string event_name, std::string data);

    /// Subscribes to `channel`. With `last_event_id`, the buffered events newer than it are queued at once
    /// (all buffered events if the id is newer than the channel's last, i.e. from before a restart).
    /// `wake` is called whenever the queue turns non-empty or overflows; it runs under the hub's lock, so it
    /// must be quick and must not call the hub (post to an executor). At most `max_queued` events wait.
    [[nodiscard]] std::unique_ptr<Subscription> Subscribe(std::string channel,
                                                          std::optional<std::uint64_t> last_event_id,
                                                          std::function<void()> wake, std::size_t max_queued = 1024);

    /// Number of live subscriptions over all channels.
    [[nodiscard]] std::size_t SubscriberCount() const;
    /// The id of the channel's last event; 0 if none was published.
    [[nodiscard]] std::uint64_t LastId(const std::string& channel) const;

private:
    struct ChannelState {
        std::uint64_t last_id = 0;
        std::deque<EventPtr> replay;
        std::vector<Subscription*> subscribers;
    };

    void Unsubscribe(Subscription* subscription);

    std::size_t replay_per_channel_;
    mutable std::mutex mutex_;
    std::map<std::string, ChannelState, std::less<>> channels_;
    std::size_t subscriber_count_ = 0;
};

}  // namespace layan::http
