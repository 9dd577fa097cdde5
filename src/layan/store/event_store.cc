#include "layan/store/event_store.h"

#include <future>

namespace layan::store {

core::Result<AppendResult> EventStore::Append(std::string stream, ExpectedVersion expected,
                                              std::vector<NewEvent> events) {
    std::promise<core::Result<AppendResult>> promise;
    auto result = promise.get_future();
    AppendAsync(std::move(stream), expected, std::move(events),
                [&promise](core::Result<AppendResult> outcome) { promise.set_value(std::move(outcome)); });
    return result.get();
}

}  // namespace layan::store
