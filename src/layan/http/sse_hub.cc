#include "layan/http/sse_hub.h"

#include <algorithm>
#include <iterator>

namespace layan::http {
namespace {

/// Appends `field: value\n` once per line of `value`; CR, LF and CRLF all end a line.
void AppendField(std::string& out, std::string_view field, std::string_view value) {
    while (true) {
        auto end = value.find_first_of("\r\n");
        out.append(field).append(": ").append(value.substr(0, end)).push_back('\n');
        if (end == std::string_view::npos) {
            return;
        }
        std::size_t skip = (value[end] == '\r' && end + 1 < value.size() && value[end + 1] == '\n') ? 2 : 1;
        value.remove_prefix(end + skip);
    }
}

}  // namespace

void AppendSseEvent(std::string& out, const SseEvent& event) {
    out.append("id: ").append(std::to_string(event.id)).push_back('\n');
    if (!event.name.empty()) {
        // A name cannot span lines; keep only its first line.
        out.append("event: ").append(std::string_view(event.name).substr(0, event.name.find_first_of("\r\n")));
        out.push_back('\n');
    }
    AppendField(out, "data", event.data);
    out.push_back('\n');
}

SseHub::SseHub(std::size_t replay_per_channel) : replay_per_channel_(replay_per_channel) {}

std::uint64_t SseHub::Publish(const std::string& channel, std::string event_name, std::string data) {
    auto event = std::make_shared<SseEvent>();
    event->name = std::move(event_name);
    event->data = std::move(data);
    std::lock_guard lock(mutex_);
    auto& state = channels_[channel];
    event->id = ++state.last_id;
    EventPtr shared = std::move(event);
    if (replay_per_channel_ > 0) {
        state.replay.push_back(shared);
        if (state.replay.size() > replay_per_channel_) {
            state.replay.pop_front();
        }
    }
    for (auto* subscriber : state.subscribers) {
        if (subscriber->overflowed_) {
            continue;
        }
        if (subscriber->queue_.size() >= subscriber->max_queued_) {
            subscriber->overflowed_ = true;
            subscriber->queue_.clear();
            subscriber->wake_();
            continue;
        }
        subscriber->queue_.push_back(shared);
        if (subscriber->queue_.size() == 1) {
            subscriber->wake_();
        }
    }
    return shared->id;
}

std::unique_ptr<SseHub::Subscription> SseHub::Subscribe(std::string channel, std::optional<std::uint64_t> last_event_id,
                                                        std::function<void()> wake, std::size_t max_queued) {
    std::unique_ptr<Subscription> subscription(
        new Subscription(*this, std::move(channel), std::move(wake), std::max<std::size_t>(max_queued, 1)));
    std::lock_guard lock(mutex_);
    auto& state = channels_[subscription->channel_];
    if (last_event_id) {
        bool stale = *last_event_id > state.last_id;  // An id from before a restart: replay all we have.
        for (const auto& event : state.replay) {
            if (stale || event->id > *last_event_id) {
                subscription->queue_.push_back(event);
            }
        }
    }
    state.subscribers.push_back(subscription.get());
    ++subscriber_count_;
    return subscription;
}

void SseHub::Unsubscribe(Subscription* subscription) {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(subscription->channel_);
    if (it == channels_.end()) {
        return;
    }
    auto& subscribers = it->second.subscribers;
    auto found = std::find(subscribers.begin(), subscribers.end(), subscription);
    if (found != subscribers.end()) {
        subscribers.erase(found);
        --subscriber_count_;
    }
}

std::size_t SseHub::SubscriberCount() const {
    std::lock_guard lock(mutex_);
    return subscriber_count_;
}

std::uint64_t SseHub::LastId(const std::string& channel) const {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(channel);
    return it == channels_.end() ? 0 : it->second.last_id;
}

SseHub::Subscription::~Subscription() { hub_.Unsubscribe(this); }

bool SseHub::Subscription::Drain(std::vector<EventPtr>& out) {
    std::lock_guard lock(hub_.mutex_);
    if (overflowed_) {
        return false;
    }
    std::move(queue_.begin(), queue_.end(), std::back_inserter(out));
    queue_.clear();
    return true;
}

}  // namespace layan::http
