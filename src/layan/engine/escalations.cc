#include "layan/engine/escalations.h"

#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

namespace layan::engine {

Escalations::Escalations(Requests& requests, const core::Clock& clock) : requests_(requests), clock_(clock) {}

Escalations::~Escalations() { Stop(); }

std::size_t Escalations::Tick() {
    const auto due = requests_.DueEscalations(clock_.Now());
    if (due.empty()) {
        return 0;
    }
    // Shared with the callbacks, which may run after this call returns (when an Escalate throws midway).
    struct Pending {
        std::mutex mutex;
        std::condition_variable done;
        std::size_t left = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->left = due.size();
    const auto finish = [pending] {
        std::lock_guard lock(pending->mutex);
        if (--pending->left == 0) {
            pending->done.notify_all();
        }
    };
    for (const auto& escalation : due) {
        try {
            requests_.Escalate(escalation, [finish, tenant = escalation.tenant_id,
                                            code = escalation.code](core::Result<RequestFile> result) {
                if (!result) {
                    spdlog::warn("escalation of request {} of {}: {}; the next tick tries again", code, tenant,
                                 result.error().message);
                }
                finish();
            });
        } catch (const std::exception& e) {
            spdlog::warn("escalation of request {} of {}: {}; the next tick tries again", escalation.code,
                         escalation.tenant_id, e.what());
            finish();
        }
    }
    std::unique_lock lock(pending->mutex);
    pending->done.wait(lock, [&pending] { return pending->left == 0; });
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
