#pragma once

#include "layan/api/api.h"
#include "layan/http/router.h"

/// The audit trail and personal-data routes of one tenant (the guard admits only that tenant's auditors and
/// admins; everything shown belongs to the tenant's halls), each answered from a worker (they read the whole
/// log or write the vault). Under /api/v1/tenants/{tenant}:
///   GET  /audit/events?stream=&after=&limit=           audit.read            events: who, where, when, seals
///   GET  /audit/verify?anchor=P:HEX                    audit.read            the chains checked now
///   GET  /personal-data/citizens/{citizen}             personal_data.manage  what is held (masked), history
///   POST /personal-data/export {"nik"|"phone"}         personal_data.manage  a data subject's access request
///   POST /personal-data/erase  {"nik"|"phone", "reason"?}  personal_data.manage
/// Shapes in docs/audit-and-personal-data.md. A NIK or phone never travels in a URL: URLs reach access logs.
namespace layan::api {

/// Adds the routes above to the router.
void RegisterAuditRoutes(http::Router& router, ApiContext& context);

}  // namespace layan::api
