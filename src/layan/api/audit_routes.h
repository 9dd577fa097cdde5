#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/api/api.h"
#include "layan/core/error.h"
#include "layan/http/message.h"
#include "layan/http/router.h"
#include "layan/store/event_store.h"
#include "layan/store/personal_data.h"

/// The audit trail and personal-data routes of one tenant (the guard admits only that tenant's auditors and
/// admins; everything shown belongs to the tenant's halls), and the optional personal data of a ticket.
/// Under /api/v1/tenants/{tenant}:
///   GET  /audit/events?stream=&after=&limit=           audit.read            events: who, where, when, seals
///   GET  /audit/verify?anchor=P:HEX                    audit.read            the chains checked now
///   GET  /personal-data/citizens/{citizen}             personal_data.manage  what is held (masked), history
///   POST /personal-data/export {"nik"|"phone"}         personal_data.manage  a data subject's access request
///   POST /personal-data/erase  {"nik"|"phone", "reason"?}  personal_data.manage
/// Shapes in docs/audit-and-personal-data.md. A NIK or phone never travels in a URL: URLs reach access logs.
namespace layan::api {

/// Adds the routes above to the router.
void RegisterAuditRoutes(http::Router& router, ApiContext& context);

/// What a citizen chose to give with a ticket, validated and normalised (E.164 phone, 16-digit NIK).
struct TicketContact {
    std::optional<std::string> phone;  ///< For queue notifications, on the citizen's consent.
    std::optional<std::string> nik;    ///< For services that prefetch the citizen's data (public service).

    [[nodiscard]] bool empty() const { return !phone && !nik; }
};

/// Reads "phone", "phone_consent" and "nik" from a ticket request's JSON body (already known to be an
/// object). 422 with details.field: the codes of domain::identity (e.g. "phone_not_mobile",
/// "nik_bad_month"), "invalid_field" for a wrong type, "consent_required" for a phone without
/// "phone_consent": true.
[[nodiscard]] core::Result<TicketContact> ParseTicketContact(const http::Request& request);

/// A citizen whose data is in the vault while their ticket is being issued.
struct TicketCitizen {
    std::string ref;         ///< Empty when no personal data was given.
    store::Processor by;     ///< Who collected it (the kiosk or the officer issuing).
    nlohmann::json contact;  ///< The masked view: {"phone": "+62812****7890"|null, "nik": "3516**********12"|null}.
};

/// Seals the contact in the vault (when there is one) before the ticket exists; the ticket then names
/// the citizen. 503 when the vault cannot record the collection.
[[nodiscard]] core::Result<TicketCitizen> CollectTicketContact(ApiContext& context, const http::Request& request,
                                                               const std::string& hall_id,
                                                               const TicketContact& contact);

/// After the issue: links the citizen to the committed ticket, or erases what was collected when no
/// ticket was issued (reason "ticket_not_issued"). Never throws (a failure is logged); safe in an event
/// store callback.
void SettleTicketCitizen(ApiContext& context, const TicketCitizen& citizen,
                         const core::Result<std::vector<store::RecordedEvent>>& issued);

}  // namespace layan::api
