#include "layan/engine/escalations.h"

#include <latch>

#include <spdlog/spdlog.h>

namespace layan::engine {

Escalations::Escalations(Requests& requests, const core::Clock& clock) : requests_(requests), clock_(clock) {}

Escalations::~Escalations() { Stop(); }

std::size_t Escalations::Tick() {
    const auto due = requests_.DueEscalations(clock_.Now());
    if (due.empty()) {
        return 0;
    }
    std::latch appended(static_cast<std::ptrdiff_t>(due.size()));
    for (const auto& escalation : due) {
        requests_.Escalate(escalation, [&appended, &escalation](core::Result<RequestFile> result) {
            if (!result) {
                spdlog::warn("escalation of request {} of {}: {}; the next tick tries again", escalation.code,
                             escalation.tenant_id, result.error().message);
            }
            appended.count_down();
        });
    }
    appended.wait();
    return due.size();
}

void Escalations::Start(std::chrono::milliseconds period) {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this, period] { Loop(period); });
}

void Escalations::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Escalations::Loop(std::chrono::milliseconds period) {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            if (const auto raised = Tick(); raised > 0) {
                spdlog::info("escalations: {} raised", raised);
            }
        } catch (const std::exception& e) {
            spdlog::warn("escalations: the tick failed: {}; the next one tries again", e.what());
        }
        lock.lock();
        wake_.wait_for(lock, period, [this] { return stopping_; });
    }
}

}  // namespace layan::engine
