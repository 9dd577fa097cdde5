// Helper for the crash test: appends to a SQLite event store as fast as it can from several threads
// and prints every acknowledged append as "<stream> <first_version> <last_version> <last_position>",
// flushed, until it is killed. Usage: layan_store_crash_writer <database path> [full|normal]

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "layan/store/database.h"

int main(int argc, char** argv) {
    using namespace layan::store;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <database path> [full|normal]\n", argv[0]);
        return 2;
    }
    DatabaseOptions options;
    options.sync = argc > 2 && std::strcmp(argv[2], "normal") == 0 ? SyncMode::kNormal : SyncMode::kFull;
    auto database = Database::Open(std::string("sqlite://") + argv[1], options);
    EventStore* store = &database->Events();

    std::mutex out;
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            std::string stream = "crash-" + std::to_string(t);
            // Writer 0 appends three events at a time: each append must survive whole or not at all.
            int per_append = t == 0 ? 3 : 1;
            for (std::int64_t version = store->StreamVersion(stream);;) {
                std::vector<NewEvent> events;
                for (int i = 0; i < per_append; ++i) {
                    events.push_back(NewEvent{.type = "Written", .data = {{"n", version + i + 1}}, .metadata = {}});
                }
                auto result = store->Append(stream, ExpectedVersion{version}, std::move(events));
                if (!result) {
                    std::fprintf(stderr, "append failed: %s\n", result.error().message.c_str());
                    std::_Exit(1);
                }
                version = result->last_version;
                std::lock_guard lock(out);
                std::printf("%s %lld %lld %lld\n", stream.c_str(), static_cast<long long>(result->first_version),
                            static_cast<long long>(result->last_version),
                            static_cast<long long>(result->last_position));
                std::fflush(stdout);
            }
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }
}
