#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "layan/core/error.h"
#include "layan/engine/halls.h"

namespace layan::api {

/// A hall's snapshot (GET /api/v1/halls/{hall}/queue) rendered once per change of the hall and reused until
/// the next: what every display board, console and phone reads on each (re)connect, so its cost follows the
/// changes of the hall, not the size of the audience. A snapshot also shows times that pass (the longest
/// wait, predictions, whether the hall is open), so it is rendered again when it is older than `max_age`
/// even without a change. Each rendering has its own ETag. Thread-safe.
class QueueSnapshots {
public:
    struct Rendered {
        std::string body;  ///< The JSON.
        std::string etag;  ///< Quoted, as the header carries it.
    };

    QueueSnapshots(engine::Halls& halls, std::string public_url,
                   std::chrono::milliseconds max_age = std::chrono::seconds{5});

    /// The hall's current snapshot; kNotFound "hall_not_found".
    [[nodiscard]] core::Result<std::shared_ptr<const Rendered>> Get(const std::string& hall_id);

    /// How many times a snapshot was rendered (the rest were reused).
    [[nodiscard]] std::uint64_t renders() const;

private:
    struct Entry {
        engine::HallRevision revision;
        std::chrono::steady_clock::time_point rendered_at;
        std::shared_ptr<const Rendered> rendered;
    };

    engine::Halls& halls_;
    std::string public_url_;
    std::chrono::milliseconds max_age_;
    std::string instance_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> entries_;
    std::uint64_t renders_ = 0;
};

}  // namespace layan::api
