#include "layan/engine/history.h"

#include <fmt/format.h>

#include "layan/core/time.h"
#include "layan/engine/halls.h"
#include "layan/store/stream_id.h"

namespace layan::engine {

namespace {

constexpr std::chrono::days kLongestRange{366};

}  // namespace

core::Status CheckHistoryRange(std::chrono::year_month_day from, std::chrono::year_month_day to) {
    if (!from.ok() || !to.ok() || std::chrono::sys_days{to} < std::chrono::sys_days{from} ||
        std::chrono::sys_days{to} - std::chrono::sys_days{from} >= kLongestRange) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_range",
                          fmt::format("The days {} to {} are not a range of 1 to 366 days.", core::FormatDate(from),
                                      core::FormatDate(to)),
                          {{"field", from.ok() ? "to" : "from"}, {"max_days", 366}});
    }
    return {};
}

core::Result<HallHistory> ReadHallHistory(store::Database& database, std::string_view hall_id,
                                          std::chrono::year_month_day from, std::chrono::year_month_day to,
                                          const domain::queue::QueueRules& rules) {
    if (auto range = CheckHistoryRange(from, to); !range) {
        return tl::unexpected(range.error());
    }
    const std::chrono::sys_days first{from};
    const std::chrono::sys_days last{to};
    auto& catalog = database.CatalogRepo();
    auto hall = catalog.FindHall(std::string(hall_id));
    if (!hall) {
        return tl::unexpected(HallNotFound(hall_id));
    }
    const auto tenant = hall->tenant_id;
    HallHistory history;
    history.context =
        domain::queue::HallContext::Make(std::move(*hall), catalog.ListServices(tenant), catalog.ListOfficers(tenant));
    history.context.rules = rules;
    for (auto day = first; day <= last; day += std::chrono::days{1}) {
        auto& events = history.days.emplace_back();
        const auto stream = store::StreamId::HallDay(std::string(hall_id), std::chrono::year_month_day{day}).Name();
        for (const auto& recorded : database.Events().ReadStream(stream)) {
            auto event = HallDayModel::Decode(recorded);
            if (!event) {
                return tl::unexpected(event.error());
            }
            events.push_back(std::move(*event));
        }
    }
    return history;
}

}  // namespace layan::engine
