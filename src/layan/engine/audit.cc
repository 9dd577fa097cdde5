#include "layan/engine/audit.h"

namespace layan::engine {

Audit::Audit(store::AuditTrail& trail, store::EventStore& events, Directory& directory)
    : trail_(trail), events_(events), directory_(directory) {}

AuditPage Audit::Events(const std::string& tenant_id, const store::AuditQuery& query) {
    auto chained = trail_.ReadEvents(query);
    AuditPage page{.records = {},
                   .next_after = chained.empty() ? query.after_position : chained.back().event.position,
                   .head_position = events_.HeadPosition()};
    for (auto& each : chained) {
        auto owner = directory_.OwnerOf(each.event.stream);
        if (!owner.tenant_id.empty() && owner.tenant_id == tenant_id) {
            page.records.push_back(AuditRecord{.chained = std::move(each), .owner = owner});
        }
    }
    return page;
}

TenantAuditReport Audit::Verify(const std::string& tenant_id, const store::VerifyOptions& options) {
    TenantAuditReport out{.ok = true, .report = trail_.Verify(options), .problems_elsewhere = 0};
    out.ok = out.report.ok();
    auto& problems = out.report.problems;
    std::erase_if(problems, [&](const store::AuditProblem& problem) {
        if (problem.stream.empty()) {
            return false;  // the log as a whole
        }
        const bool elsewhere = directory_.OwnerOf(problem.stream).tenant_id != tenant_id;
        out.problems_elsewhere += elsewhere ? 1 : 0;
        return elsewhere;
    });
    return out;
}

}  // namespace layan::engine
