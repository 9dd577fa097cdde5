#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "layan/domain/catalog/catalog.h"
#include "layan/engine/halls.h"

namespace layan::api {

/// How the API renders the hall's state as JSON (shapes in docs/API.md). Pure functions of a view.

/// "+07:00" and "WIB" for an offset.
[[nodiscard]] std::string OffsetText(core::UtcOffset offset);
[[nodiscard]] std::string TimeZoneName(core::UtcOffset offset);

/// A hall as listed by GET /api/v1/halls.
[[nodiscard]] nlohmann::json HallSummaryJson(const domain::catalog::Hall& hall);

/// A ticket with its counter once called and, while waiting and `with_prediction`, its position and
/// predicted wait (the costly part: pushed events leave it out and pages fetch their own ticket).
[[nodiscard]] nlohmann::json TicketJson(const engine::HallView& view, const domain::queue::Ticket& ticket,
                                        const std::string& public_url, bool with_prediction = true);

/// A counter of the hall with its officer, services and current ticket.
[[nodiscard]] nlohmann::json CounterJson(const engine::HallView& view, const domain::catalog::Counter& counter,
                                         const std::string& public_url);

/// The whole hall now: services with waiting counts, counters, recent calls, waiting tickets.
/// A service of the catalog as clients see it: code, unit, name, prefix, typical_service_min, standard, themes.
[[nodiscard]] nlohmann::json ServiceJson(const domain::catalog::Service& service);

[[nodiscard]] nlohmann::json QueueJson(const engine::HallView& view, const std::string& public_url);

/// The sentence spoken when a ticket is called to its counter; empty when it is not called.
[[nodiscard]] std::string Announcement(const engine::HallView& view, const domain::queue::Ticket& ticket);

/// The citizen's status page of a ticket.
[[nodiscard]] std::string StatusUrl(const std::string& public_url, const std::string& hall_id,
                                    const std::string& ticket_id);

}  // namespace layan::api
