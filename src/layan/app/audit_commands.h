#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "layan/app/config.h"
#include "layan/core/time.h"
#include "layan/engine/personal_data.h"
#include "layan/engine/requests.h"
#include "layan/store/database.h"

namespace CLI {
class App;
}

namespace layan::app {

/// `layan audit verify` and `layan personal-data export|erase|purge`.
///
/// `audit verify` only reads, without the database's lock, so it runs beside `layan serve`; it exits 0
/// when every chain holds, 1 when it found tampering (each problem named on its own line), 2 when it
/// could not verify. The personal-data commands write, so the server must not be running on the same
/// file (it holds the lock); while it runs, use the API instead.
class AuditCommands {
public:
    /// Registers the subcommands on `app`; the object must outlive parsing and Run.
    explicit AuditCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these. Returns the exit code.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    int Verify(const Config& config) const;
    int Export(const Config& config) const;
    int Erase(const Config& config) const;
    int Purge(const Config& config) const;

    CLI::App* audit_ = nullptr;
    CLI::App* verify_ = nullptr;
    CLI::App* personal_data_ = nullptr;
    CLI::App* export_ = nullptr;
    CLI::App* erase_ = nullptr;
    CLI::App* purge_ = nullptr;

    std::string anchor_;
    bool json_ = false;
    std::string nik_;
    std::string phone_;
    std::string reason_ = "data_subject_request";
    int retention_days_ = 0;
};

/// Runs engine::PersonalData::Purge, and engine::Requests::PurgeDocuments (the documents of requests that ended),
/// once at construction and then every `period` on a thread of its own, with the clock's time, until destroyed
/// (which waits for a purge in progress). A ticket closes when it is served, a no-show or cancelled; one still
/// open when its hall's local day ended closes then; data given without a ticket counts from its collection.
class PersonalDataRetention {
public:
    /// `personal_data`, `requests` and `clock` must outlive the object.
    PersonalDataRetention(engine::PersonalData& personal_data, engine::Requests& requests, const core::Clock& clock,
                          std::chrono::days retention, std::chrono::minutes period = std::chrono::hours{24});
    ~PersonalDataRetention();
    PersonalDataRetention(const PersonalDataRetention&) = delete;
    PersonalDataRetention& operator=(const PersonalDataRetention&) = delete;

private:
    void Loop();

    engine::PersonalData& personal_data_;
    engine::Requests& requests_;
    const core::Clock& clock_;
    std::chrono::days retention_;
    std::chrono::minutes period_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace layan::app
