// layan_city_history: writes a year of a city's history into a new SQLite database, for the performance figures'
// measurements (bench/stats/run.sh, bench/README.md "The performance figures").
//
// The database holds what `layan seed-demo` writes (the demo tenant, its accounts with the demo password), with
// five halls of 14 counters (city_history.h), then every working day of every hall as the hall simulator ran it:
// the queue's events in the stream hall/<hall>/<day> and the survey responses for that day's tickets in
// survey/<hall>/<day>, encoded as the engine encodes them (engine::HallDayModel::Encode, SurveyDayModel::Encode:
// the event's type name and ToJson, the actor in the metadata). Each stream is one append with
// ExpectedVersion::kNoStream; a day's appends are submitted together (the store commits them in one group) while
// the next day is simulated.
//
// For speed the database is opened with SyncMode::kNormal (no fsync per commit): a power cut while generating could
// lose the last days, which does not matter for a benchmark's data; what the server later reads is the same.
// `recorded_at` is each day's 17:00 local time (a manual clock), not the moment of generation.
//
// Usage: layan_city_history /tmp/city.db [--seed 1] [--from 2025-12-01] [--to 2026-11-30] [--halls 5]
//            [--tickets-per-hall-day 420] [--survey-share 0.105] [--last-day-until 11:00]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "city_history.h"
#include "layan/auth/auth.h"
#include "layan/core/time.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/survey/response.h"
#include "layan/store/database.h"
#include "layan/store/personal_data.h"
#include "layan/store/seed.h"
#include "layan/store/stream_id.h"

namespace {

namespace city = layan::bench::city;
namespace core = layan::core;
namespace queue = layan::domain::queue;
namespace store = layan::store;
namespace survey = layan::domain::survey;
using Steady = std::chrono::steady_clock;

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

// Who did it, as the engine records it for each kind of event: the kiosk issues, the officer at the counter calls,
// serves and opens and closes, the supervisor records the citizens who left; survey answers come from the
// citizen's phone or the counter's tablet.
class Actors {
public:
    Actors(const std::string& hall, int hall_index) : hall_(hall), subnet_(fmt::format("10.{}", 20 + hall_index)) {}

    nlohmann::json Of(const queue::Event& event) {
        store::Processor by;
        std::visit(
            [&](const auto& e) {
                using E = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<E, queue::TicketIssued>) {
                    by = {.actor = "kiosk-" + hall_,
                          .role = "device",
                          .ip = subnet_ + ".0.11",
                          .device = "kiosk-" + hall_};
                } else if constexpr (std::is_same_v<E, queue::TicketCancelled>) {
                    by = {.actor = "supervisor", .role = "supervisor", .ip = subnet_ + ".2.1", .device = ""};
                } else if constexpr (std::is_same_v<E, queue::CounterOpened>) {
                    counter_officer_[e.counter_id] = e.officer_id;
                    by = Officer(e.counter_id);
                } else if constexpr (std::is_same_v<E, queue::TicketCalled>) {
                    ticket_counter_[e.ticket_id] = e.counter_id;
                    by = Officer(e.counter_id);
                } else if constexpr (requires { e.counter_id; }) {
                    by = Officer(e.counter_id);
                } else {
                    by = Officer(ticket_counter_[e.ticket_id]);
                }
            },
            event);
        return store::MetadataOf(by);
    }

    nlohmann::json Of(const survey::SurveyAnswered& answered) {
        store::Processor by;
        if (answered.channel == survey::Channel::kTablet) {
            const auto tablet = fmt::format("tablet-{}-{}", hall_, answered.counter_id.value_or("x"));
            by = {.actor = tablet, .role = "device", .ip = subnet_ + ".3.1", .device = tablet};
        } else {  // a phone on a mobile network
            ++phones_;
            by = {.actor = "anonymous",
                  .role = "citizen",
                  .ip = fmt::format("114.{}.{}.{}", 120 + phones_ % 8, phones_ / 250 % 250, phones_ % 250 + 1),
                  .device = ""};
        }
        return store::MetadataOf(by);
    }

private:
    store::Processor Officer(const std::string& counter) {
        const auto number = counter.size() > 1 ? counter.substr(1) : counter;
        return {.actor = counter_officer_[counter], .role = "officer", .ip = subnet_ + ".1." + number, .device = ""};
    }

    std::string hall_;
    std::string subnet_;
    std::map<std::string, std::string> counter_officer_;
    std::map<std::string, std::string> ticket_counter_;
    unsigned phones_ = 0;
};

struct Totals {
    std::int64_t events = 0;
    std::int64_t queue_events = 0;
    std::int64_t tickets = 0;
    std::int64_t served = 0;
    std::int64_t responses = 0;
    std::int64_t streams = 0;
};

// The appends of one day, in flight.
struct Pending {
    std::vector<std::future<core::Result<store::AppendResult>>> appends;
};

void Append(store::EventStore& events, Pending& pending, std::string stream, std::vector<store::NewEvent> batch) {
    auto promise = std::make_shared<std::promise<core::Result<store::AppendResult>>>();
    pending.appends.push_back(promise->get_future());
    events.AppendAsync(std::move(stream), store::ExpectedVersion{store::ExpectedVersion::kNoStream}, std::move(batch),
                       [promise](core::Result<store::AppendResult> result) { promise->set_value(std::move(result)); });
}

void Wait(Pending& pending) {
    for (auto& append : pending.appends) {
        auto result = append.get();
        if (!result) {
            throw std::runtime_error("append failed: " + result.error().message);
        }
    }
    pending.appends.clear();
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    std::string from = "2025-12-01";
    std::string to = "2026-11-30";
    std::string last_day_until;
    city::CityOptions options;
    CLI::App app{"Writes a year of a city's queue and survey history into a new SQLite database"};
    app.add_option("database", path, "path of the SQLite file to create (must not exist)")->required();
    app.add_option("--seed", options.seed, "seed of every random choice (same seed, same database)");
    app.add_option("--from", from, "first day, YYYY-MM-DD");
    app.add_option("--to", to, "last day, YYYY-MM-DD");
    app.add_option("--halls", options.halls, "halls of the city, 1-5")->check(CLI::Range(1, 5));
    app.add_option("--tickets-per-hall-day", options.tickets_per_hall_day, "mean citizens per hall and working day");
    app.add_option("--survey-share", options.survey_share, "share of the served citizens who answer the survey");
    app.add_option("--last-day-until", last_day_until,
                   "HH:MM: the last day stops there (a server started at that time sees a hall mid-day)");
    CLI11_PARSE(app, argc, argv);

    auto first = core::ParseDate(from);
    auto last = core::ParseDate(to);
    if (!first || !last || std::chrono::sys_days{*last} < std::chrono::sys_days{*first}) {
        std::cerr << "layan_city_history: --from and --to are dates YYYY-MM-DD, from <= to\n";
        return 2;
    }
    options.from = *first;
    options.to = *last;
    if (!last_day_until.empty()) {
        int hours = 0;
        int minutes = 0;
        if (std::sscanf(last_day_until.c_str(), "%d:%d", &hours, &minutes) != 2) {
            std::cerr << "layan_city_history: --last-day-until is HH:MM\n";
            return 2;
        }
        options.last_day_until = std::chrono::minutes{hours * 60 + minutes};
    }
    const auto file = std::filesystem::absolute(path);
    if (std::filesystem::exists(file)) {
        std::cerr << "layan_city_history: " << file.string() << " exists; remove it (and its -wal, -shm, .key) first\n";
        return 2;
    }

    const auto started = Steady::now();
    const city::CityHistory history(options);
    const auto halls = history.HallIds();
    const auto offset = history.Catalog().tenant.utc_offset;
    auto clock = std::make_shared<core::ManualClock>(core::FromLocal(options.from, std::chrono::hours{7}, offset));
    auto database = store::Database::Open("sqlite://" + file.string(),
                                          store::DatabaseOptions{.sync = store::SyncMode::kNormal, .clock = clock});

    // The catalog and the demo accounts, as `layan seed-demo` writes them (with the city's halls and officers).
    auto seeded = store::SeedCatalog(database->CatalogRepo(), {history.Catalog()});
    if (!seeded) {
        std::cerr << "layan_city_history: seeding the catalog failed: " << seeded.error().message << "\n";
        return 1;
    }
    layan::auth::Auth accounts(*database, *clock);
    auto created = accounts.SeedDemoAccounts();
    if (!created) {
        std::cerr << "layan_city_history: seeding the accounts failed: " << created.error().message << "\n";
        return 1;
    }
    std::cout << fmt::format(
        "catalog: {} halls, {} counters each, {} officers, {} services; {} accounts (password "
        "\"{}\")\n",
        seeded->halls, history.Catalog().halls.front().counters.size(), seeded->officers, seeded->services,
        created->size(), layan::auth::kDemoPassword);
    std::cout << fmt::format("days: {} working days from {} to {}\n", history.Days().size(), from, to) << std::flush;

    Totals totals;
    Pending pending;
    Steady::duration simulating{};
    Steady::duration waiting{};
    bool checked_ids = false;
    store::EventStore& events = database->Events();
    for (const auto& day : history.Days()) {
        const auto simulation_started = Steady::now();
        std::vector<std::pair<std::string, std::vector<store::NewEvent>>> streams;
        for (std::size_t h = 0; h < halls.size(); ++h) {
            city::HallDay hall_day = history.Simulate(h, day);
            for (const auto& event : hall_day.events) {
                // The read model takes the day from the stream name and links a survey answer by the ticket's id:
                // show one id to check its form ("20251201-A-001").
                const auto* issued = std::get_if<queue::TicketIssued>(&event);
                if (!checked_ids && issued != nullptr) {
                    std::cout << fmt::format("first ticket: id {}, number {}, service {}, stream {}\n",
                                             issued->ticket_id, issued->number, issued->service,
                                             store::StreamId::HallDay(hall_day.hall, day).Name());
                    checked_ids = true;
                }
            }
            Actors actors(hall_day.hall, static_cast<int>(h));
            std::vector<store::NewEvent> queue_batch;
            queue_batch.reserve(hall_day.events.size());
            for (const auto& event : hall_day.events) {
                queue_batch.push_back(
                    store::NewEvent{std::string(queue::TypeName(event)), queue::ToJson(event), actors.Of(event)});
            }
            std::vector<store::NewEvent> survey_batch;
            for (const auto& answered : hall_day.responses) {
                survey_batch.push_back(store::NewEvent{std::string(survey::SurveyAnswered::kType),
                                                       survey::ToJson(answered), actors.Of(answered)});
            }
            totals.tickets += hall_day.tickets;
            totals.served += hall_day.served;
            totals.responses += static_cast<std::int64_t>(survey_batch.size());
            totals.queue_events += static_cast<std::int64_t>(queue_batch.size());
            if (!queue_batch.empty()) {
                streams.emplace_back(store::StreamId::HallDay(hall_day.hall, day).Name(), std::move(queue_batch));
            }
            if (!survey_batch.empty()) {
                streams.emplace_back(store::StreamId::SurveyDay(hall_day.hall, day).Name(), std::move(survey_batch));
            }
        }
        simulating += Steady::now() - simulation_started;
        // The previous day's commits end before this day's clock is set, so each day is recorded at its own 17:00.
        const auto wait_started = Steady::now();
        Wait(pending);
        waiting += Steady::now() - wait_started;
        clock->Set(core::FromLocal(day, std::chrono::hours{17}, offset));
        for (auto& [stream, batch] : streams) {
            totals.events += static_cast<std::int64_t>(batch.size());
            ++totals.streams;
            Append(events, pending, std::move(stream), std::move(batch));
        }
    }
    const auto wait_started = Steady::now();
    Wait(pending);
    waiting += Steady::now() - wait_started;
    const auto head = events.HeadPosition();
    database.reset();  // checkpoints the write-ahead log into the file
    const auto took = Steady::now() - started;

    std::uintmax_t bytes = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code error;
        const auto size = std::filesystem::file_size(file.string() + suffix, error);
        bytes += error ? 0 : size;
    }
    std::cout << fmt::format(
        "generated: {} events in {} streams ({} queue events, {} survey responses); {} tickets, {} served "
        "({:.1f} tickets per hall-day); log head {}\n",
        totals.events, totals.streams, totals.queue_events, totals.responses, totals.tickets, totals.served,
        static_cast<double>(totals.tickets) / static_cast<double>(history.Days().size() * halls.size()), head);
    std::cout << fmt::format("database: {} ({:.0f} MB)\n", file.string(), static_cast<double>(bytes) / 1e6);
    std::cout << fmt::format(
        "time: {:.1f} s in all; simulating and encoding {:.1f} s, waiting for the store {:.1f} s "
        "(sync = NORMAL)\n",
        Seconds(took), Seconds(simulating), Seconds(waiting));
    std::cout << fmt::format(
        "RESULT events={} tickets={} served={} responses={} streams={} db_bytes={} seconds={:.1f}\n", totals.events,
        totals.tickets, totals.served, totals.responses, totals.streams, bytes, Seconds(took));
    return 0;
}
