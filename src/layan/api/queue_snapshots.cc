#include "layan/api/queue_snapshots.h"

#include <random>

#include <fmt/format.h>

#include "layan/api/views.h"

namespace layan::api {

QueueSnapshots::QueueSnapshots(engine::Halls& halls, std::string public_url, std::chrono::milliseconds max_age)
    : halls_(halls),
      public_url_(std::move(public_url)),
      max_age_(max_age),
      // A tag of this process's own, so that a tag from before a restart never matches a new rendering.
      instance_(fmt::format("{:08x}", std::random_device{}())) {}

core::Result<std::shared_ptr<const QueueSnapshots::Rendered>> QueueSnapshots::Get(const std::string& hall_id) {
    // The revision is read before rendering: a change in between leaves a newer body under an older revision,
    // which the next request renders again; never an older body under a newer revision.
    const auto revision = halls_.Revision(hall_id);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto found = entries_.find(hall_id);
        if (found != entries_.end() && revision && found->second.revision == *revision &&
            now - found->second.rendered_at < max_age_) {
            return found->second.rendered;
        }
    }
    auto body =
        halls_.Read(hall_id, [this](const engine::HallView& view) { return QueueJson(view, public_url_).dump(); });
    if (!body) {
        return tl::unexpected(body.error());
    }
    std::lock_guard lock(mutex_);
    const auto seq = ++renders_;
    auto rendered = std::make_shared<const Rendered>(
        Rendered{.body = std::move(*body), .etag = fmt::format("\"{}-{}\"", instance_, seq)});
    if (revision) {
        entries_.insert_or_assign(hall_id, Entry{.revision = *revision, .rendered_at = now, .rendered = rendered});
    }
    return rendered;
}

std::uint64_t QueueSnapshots::renders() const {
    std::lock_guard lock(mutex_);
    return renders_;
}

}  // namespace layan::api
