#include "city_history.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "layan/sim/simulator.h"
#include "layan/sim/workload.h"
#include "layan/store/calendar.h"
#include "layan/store/seed.h"

namespace layan::bench::city {

namespace {

namespace catalog = domain::catalog;
namespace queue = domain::queue;
namespace survey = domain::survey;
using std::chrono::minutes;
using std::chrono::year_month_day;

constexpr int kMaxHalls = 5;
constexpr int kCounters = 14;
constexpr minutes kOpen{7 * 60 + 30};          // the halls open at 07:30 on weekdays
constexpr minutes kLastArrival{15 * 60 + 30};  // citizens come until 15:30 (the halls close at 16:00, Fri 16:30)
constexpr double kPatienceMin = 90;            // mean patience before a citizen leaves the line
constexpr double kPriorityShare = 0.06;        // elderly, disabled, pregnant... (UU 25/2009 art. 29)

struct HallSpec {
    std::string_view id;
    std::string_view name;  // empty: the demo's name
    double load;            // share of the city's citizens relative to the mean hall
};

const std::array<HallSpec, kMaxHalls> kHalls{{
    {"mpp-mojokerto", "", 1.20},
    {"mpp-prajurit-kulon", "Gerai Pelayanan Publik Kecamatan Prajurit Kulon", 0.95},
    {"mpp-magersari", "Gerai Pelayanan Publik Kecamatan Magersari", 1.00},
    {"mpp-kranggan", "Gerai Pelayanan Publik Kecamatan Kranggan", 0.90},
    {"mpp-benteng-pancasila", "Gerai Pelayanan Publik Benteng Pancasila", 0.95},
}};

// The citizens of a day by service (shares add up to 1) and what serving them takes. Service times are a bit
// shorter than the catalog's typical ones (its priors are cautious), as a hall with routine looks.
struct ServiceMix {
    std::string_view code;
    double share;
    double mean_min;
    double cv;
};

const std::array<ServiceMix, 10> kMix{{
    {"KTP", 0.28, 6, 0.5},
    {"KK", 0.17, 8, 0.5},
    {"AKTA_LAHIR", 0.10, 9, 0.6},
    {"AKTA_MATI", 0.03, 9, 0.6},
    {"PINDAH", 0.06, 12, 0.6},
    {"NIB", 0.06, 14, 0.6},
    {"PBG", 0.02, 20, 0.7},
    {"DTKS", 0.08, 10, 0.6},
    {"JKN", 0.10, 8, 0.5},
    {"PKB", 0.10, 5, 0.4},
}};

// Arrivals per open hour from 07:30 (a morning peak), adding up to 1.
constexpr std::array<double, 8> kHourShape{0.13, 0.17, 0.16, 0.14, 0.12, 0.11, 0.10, 0.07};
// Monday is the busiest day, Friday (shorter, with Friday prayers) the quietest.
constexpr std::array<double, 7> kWeekday{0, 1.15, 1.05, 1.00, 0.95, 0.85, 0};  // by c_encoding (0 = Sunday)
// January (new year's papers) and July (school enrolment) are busy; Ramadan (to 19 March 2026) and December quiet.
constexpr std::array<double, 12> kMonth{1.10, 1.00, 0.90, 0.95, 1.00, 1.05, 1.10, 1.00, 1.00, 1.00, 0.95, 0.90};

// The four officers every hall has besides the demo's ten: two more for the busy civil registry, one for social
// aid, one for health insurance.
struct ExtraOfficer {
    std::string_view unit;
    std::array<std::string_view, 3> skills;
};
const std::array<ExtraOfficer, 4> kExtraOfficers{{
    {"dispendukcapil", {"KTP", "KK", ""}},
    {"dispendukcapil", {"KTP", "AKTA_LAHIR", "AKTA_MATI"}},
    {"dinsos", {"DTKS", "", ""}},
    {"bpjs-kesehatan", {"JKN", "", ""}},
}};

constexpr std::array<std::string_view, 24> kFirstNames{
    "Andi", "Bayu", "Citra", "Dian",  "Eko",  "Fajar", "Gita", "Hendra", "Indah", "Joko",   "Kartika", "Lestari",
    "Made", "Novi", "Putri", "Rizky", "Sari", "Teguh", "Umi",  "Wahyu",  "Yuni",  "Zainal", "Ratna",   "Slamet"};
constexpr std::array<std::string_view, 16> kLastNames{
    "Wibowo",  "Susanto", "Kurniawan", "Hidayat", "Nugroho", "Pratama", "Wijaya", "Saputra",
    "Handoko", "Purnomo", "Maharani",  "Permata", "Utomo",   "Setiadi", "Rahayu", "Anggraini"};

// December 2025's cuti bersama, which the embedded calendar (data/calendar/id-2026.json) does not hold (its
// 25 December, Christmas, is a fixed-date holiday the calendar keeps in a year without data).
constexpr year_month_day kCutiBersama2025{std::chrono::year{2025}, std::chrono::December, std::chrono::day{26}};

// SplitMix64: small, fast and good enough to drive the choices of a benchmark's data.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    double Uniform() { return static_cast<double>(Next() >> 11U) * 0x1.0p-53; }
    bool Chance(double p) { return Uniform() < p; }
    std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
    std::int64_t Between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(high - low + 1));
    }

private:
    std::uint64_t state_;
};

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) { return Random(a * 0x100000001B3ULL ^ b).Next(); }

// An answer 1..4, mostly 3 and 4 as SKM surveys find, then moved one step down or up with the given chances.
int Answer(Random& random, double down, double up) {
    const double u = random.Uniform();
    int answer = u < 0.03 ? 1 : u < 0.12 ? 2 : u < 0.60 ? 3 : 4;
    if (random.Chance(down)) {
        answer = std::max(1, answer - 1);
    } else if (random.Chance(up)) {
        answer = std::min(4, answer + 1);
    }
    return answer;
}

// One option code of a profile field, by weights (one per option, in the field's order).
std::string Pick(Random& random, std::string_view field, std::initializer_list<double> weights) {
    const auto* found = survey::FindProfileField(field);
    double total = 0;
    for (double w : weights) {
        total += w;
    }
    double u = random.Uniform() * total;
    std::size_t i = 0;
    for (double w : weights) {
        if (u < w || i + 1 == found->options.size()) {
            break;
        }
        u -= w;
        ++i;
    }
    return std::string(found->options[i].code);
}

constexpr std::array<std::string_view, 12> kComments{
    "Pelayanan cepat dan ramah, terima kasih.",         "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Petugas sangat membantu menjelaskan persyaratan.", "Ruang tunggu panas, AC kurang dingin.",
    "Informasi persyaratan di website belum lengkap.",  "Sudah bagus, pertahankan.",
    "Menunggu lama padahal berkas sudah lengkap.",      "Toilet perlu lebih bersih.",
    "Nomor antrean dipanggil jelas, sangat tertib.",    "Parkir sempit dan penuh.",
    "Prosesnya mudah, tidak dipungut biaya.",           "Mohon sediakan loket khusus lansia.",
};

struct Served {
    std::string number;
    std::string service;
    std::optional<std::string> officer;
    std::optional<std::string> counter;
    core::Instant issued_at{};
    core::Instant called_at{};
};

}  // namespace

CityHistory::CityHistory(CityOptions options) : options_(std::move(options)), policy_(queue::MakePolicy("balanced")) {
    if (options_.halls < 1 || options_.halls > kMaxHalls) {
        throw std::runtime_error(fmt::format("halls must be 1 to {}", kMaxHalls));
    }
    if (options_.tickets_per_hall_day <= 0 || options_.survey_share < 0 || options_.survey_share > 1) {
        throw std::runtime_error("tickets per hall-day must be positive and the survey share within 0..1");
    }
    auto parsed = store::CatalogFromJson(nlohmann::json::parse(store::BuiltInDemoCatalog()));
    if (!parsed || parsed->empty()) {
        throw std::runtime_error("the built-in demo catalog does not parse");
    }
    catalog_ = std::move(parsed->front());
    const catalog::Hall demo = catalog_.halls.at(0);
    const std::vector<catalog::Officer> demo_officers = catalog_.officers;

    std::set<std::string> taken;
    for (const auto& officer : demo_officers) {
        taken.insert(officer.id);
    }
    std::size_t name_index = 0;
    auto new_officer = [&](std::string unit, std::vector<std::string> skills) {
        catalog::Officer officer;
        for (;; ++name_index) {
            const auto first = kFirstNames[name_index % kFirstNames.size()];
            const auto last = kLastNames[(name_index * 7 + name_index / kFirstNames.size()) % kLastNames.size()];
            officer.name = fmt::format("{} {}", first, last);
            std::string id = fmt::format("{}.{}", first, last);
            std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
            if (taken.insert(id).second) {
                officer.id = std::move(id);
                ++name_index;
                break;
            }
        }
        officer.tenant_id = catalog_.tenant.id;
        officer.unit_id = std::move(unit);
        officer.skills = std::move(skills);
        return officer;
    };
    auto extra_skills = [](const ExtraOfficer& extra) {
        std::vector<std::string> skills;
        for (auto code : extra.skills) {
            if (!code.empty()) {
                skills.emplace_back(code);
            }
        }
        return skills;
    };

    catalog_.halls.clear();
    catalog_.officers.clear();
    for (int h = 0; h < options_.halls; ++h) {
        catalog::Hall hall = demo;
        hall.id = std::string(kHalls[h].id);
        if (!kHalls[h].name.empty()) {
            hall.name = std::string(kHalls[h].name);
        }
        hall.counters.clear();
        for (int c = 1; c <= kCounters; ++c) {
            hall.counters.push_back(catalog::Counter{
                .id = fmt::format("L{:02}", c), .hall_id = hall.id, .name = fmt::format("Loket {}", c), .number = c});
        }
        // The hall's staff: the demo's ten (at the demo hall; their skills with new people elsewhere) and four more.
        std::vector<catalog::Officer> staff;
        for (const auto& officer : demo_officers) {
            staff.push_back(h == 0 ? officer : new_officer(officer.unit_id, officer.skills));
        }
        for (const auto& extra : kExtraOfficers) {
            staff.push_back(new_officer(std::string(extra.unit), extra_skills(extra)));
        }
        auto context = queue::HallContext::Make(hall, catalog_.services, staff);
        // A hall with history: the predictor's prior is the service's true mean, as the simulator does.
        for (const auto& mix : kMix) {
            context.history[std::string(mix.code)] = core::Millis{std::llround(mix.mean_min * 60'000.0)};
        }
        contexts_.push_back(std::move(context));
        catalog_.halls.push_back(std::move(hall));
        catalog_.officers.insert(catalog_.officers.end(), staff.begin(), staff.end());
    }

    const auto national = store::NationalCalendar();
    for (auto day = std::chrono::sys_days{options_.from}; day <= std::chrono::sys_days{options_.to};
         day += std::chrono::days{1}) {
        const year_month_day date{day};
        const auto weekday = std::chrono::weekday{day}.c_encoding();
        const bool closed = national.SpecialDayOn(date).has_value() || date == kCutiBersama2025;
        if (weekday >= 1 && weekday <= 5 && !closed) {
            days_.push_back(date);
        }
    }
}

std::vector<std::string> CityHistory::HallIds() const {
    std::vector<std::string> ids;
    for (const auto& hall : catalog_.halls) {
        ids.push_back(hall.id);
    }
    return ids;
}

sim::Scenario CityHistory::ScenarioOf(std::size_t hall, year_month_day day) const {
    const double factor = kHalls.at(hall).load *
                          kWeekday.at(std::chrono::weekday{std::chrono::sys_days{day}}.c_encoding()) *
                          kMonth.at(static_cast<unsigned>(day.month()) - 1);
    sim::Scenario scenario;
    scenario.name = catalog_.halls.at(hall).name;
    scenario.seed = options_.seed;
    scenario.days = 1;
    scenario.open = kOpen;
    scenario.close = kLastArrival;
    scenario.priority_share = kPriorityShare;
    scenario.patience_min = kPatienceMin;
    for (const auto& mix : kMix) {
        sim::ServiceSpec service;
        service.code = std::string(mix.code);
        service.mean_service_min = mix.mean_min;
        service.service_cv = mix.cv;
        service.distribution = sim::ServiceDistribution::kLognormal;
        for (double shape : kHourShape) {
            service.arrivals_per_hour.push_back(options_.tickets_per_hall_day * factor * mix.share * shape);
        }
        scenario.services.push_back(std::move(service));
    }
    for (const auto& [id, officer] : contexts_.at(hall).officers) {
        scenario.officers.push_back(
            sim::OfficerSpec{.id = id, .skills = officer.skills, .start = kOpen, .end = kLastArrival});
    }
    return scenario;
}

HallDay CityHistory::Simulate(std::size_t hall, year_month_day day) const {
    const auto& context = contexts_.at(hall);
    const auto scenario = ScenarioOf(hall, day);
    const auto day_number = static_cast<std::uint64_t>(std::chrono::sys_days{day}.time_since_epoch().count());
    const std::uint64_t day_seed = Mix(Mix(options_.seed, hall + 1), day_number);

    // Who comes, when, for what, how long they take and how long they would wait: the simulator's workload.
    const sim::DayWork work = sim::Generate(scenario, day_seed, 1).days.at(0);
    Random random(Mix(day_seed, 0x5EED));
    std::vector<sim::Visit> visits;
    visits.reserve(work.size());
    const auto reasons = queue::AllPriorityReasons();
    for (const auto& citizen : work) {
        sim::Visit visit;
        visit.arrival_ms = citizen.arrival_ms;
        visit.service = scenario.services[citizen.service].code;
        if (citizen.priority) {
            // Mostly elderly citizens, then the other reasons.
            visit.priority =
                random.Chance(0.6) ? queue::PriorityReason::kElderly : reasons[random.Below(reasons.size())];
        }
        visit.service_ms = citizen.service_ms;
        visit.patience_ms = citizen.patience_ms;
        visit.group = citizen.service;
        visits.push_back(visit);
    }
    // Officer i at counter L(i+1) with all their skills, from opening; past the last arrival they stay until
    // nobody waits for their services.
    std::vector<sim::CounterPlan> plans;
    std::size_t counter = 0;
    for (const auto& [id, officer] : context.officers) {
        sim::CounterPlan plan;
        plan.counter_id = context.hall.counters.at(counter++).id;
        plan.officer_id = id;
        plan.services = officer.skills;
        plan.start_ms = kOpen.count() * 60'000;
        plan.end_ms = kLastArrival.count() * 60'000;
        plan.stays_until_empty = true;
        plans.push_back(std::move(plan));
    }
    const auto base = core::FromLocal(day, minutes{0}, context.hall.utc_offset);
    sim::DayOutcome outcome = sim::SimulateDay(context, base, plans, visits, *policy_, sim::DayOptions{.record = true});

    HallDay result;
    result.hall = context.hall.id;
    result.day = day;
    result.events = std::move(outcome.log);
    std::optional<core::Instant> cutoff;
    if (options_.last_day_until && day == options_.to) {
        cutoff = core::FromLocal(day, *options_.last_day_until, context.hall.utc_offset);
        // The simulator decides in time order, so what happened before the cutoff is a prefix of the log.
        auto first_after = std::find_if(result.events.begin(), result.events.end(),
                                        [&](const queue::Event& event) { return queue::At(event) >= *cutoff; });
        result.events.erase(first_after, result.events.end());
    }

    // The survey: a share of the citizens served answer it a few minutes after their service.
    std::map<std::string, Served, std::less<>> tickets;
    for (const auto& event : result.events) {
        if (const auto* issued = std::get_if<queue::TicketIssued>(&event)) {
            ++result.tickets;
            tickets[issued->ticket_id] = Served{.number = issued->number,
                                                .service = issued->service,
                                                .officer = std::nullopt,
                                                .counter = std::nullopt,
                                                .issued_at = issued->at,
                                                .called_at = issued->at};
        } else if (const auto* called = std::get_if<queue::TicketCalled>(&event)) {
            auto& ticket = tickets.at(called->ticket_id);
            ticket.officer = called->officer_id;
            ticket.counter = called->counter_id;
            ticket.called_at = called->at;
        } else if (const auto* finished = std::get_if<queue::ServiceFinished>(&event)) {
            ++result.served;
            if (!random.Chance(options_.survey_share)) {
                continue;
            }
            const auto& ticket = tickets.at(finished->ticket_id);
            const bool tablet = random.Chance(0.2);
            const auto at = finished->at + (tablet ? std::chrono::seconds{random.Between(20, 120)}
                                                   : std::chrono::seconds{random.Between(120, 1800)});
            if (cutoff && at >= *cutoff) {
                continue;
            }
            const bool waited_long = ticket.called_at - ticket.issued_at > minutes{30};
            survey::Response response;
            response.consent = true;
            for (const auto& question : survey::Questions()) {
                double down = 0.02;
                double up = 0.05;
                if (question.code == "U3") {  // service time: those who waited long say so
                    down = waited_long ? 0.45 : 0.10;
                } else if (question.code == "U8") {  // complaints handling: the usual weak point
                    down = 0.15;
                } else if (question.code == "U9") {  // facilities
                    down = 0.08;
                } else if (question.code == "U4") {  // cost: these services are free
                    up = 0.35;
                }
                response.answers[std::string(question.code)] = Answer(random, down, up);
            }
            if (random.Chance(0.6)) {
                response.conduct = Answer(random, 0.02, 0.15);
            }
            if (random.Chance(0.08)) {
                response.comment = std::string(kComments[random.Below(kComments.size())]);
            }
            const double profile = random.Uniform();
            if (profile < 0.65) {  // 50 % give their whole profile, 15 % only age and sex
                response.profile["age_band"] = Pick(random, "age_band", {0.05, 0.24, 0.27, 0.21, 0.15, 0.08});
                response.profile["sex"] = Pick(random, "sex", {0.48, 0.52});
                if (profile < 0.5) {
                    response.profile["education"] = Pick(random, "education", {0.08, 0.14, 0.42, 0.10, 0.22, 0.04});
                    response.profile["occupation"] = Pick(random, "occupation", {0.10, 0.03, 0.32, 0.27, 0.10, 0.18});
                }
            }
            auto checked = survey::CheckResponse(std::move(response));
            if (!checked) {
                throw std::logic_error("generated survey response is invalid: " + checked.error().message);
            }
            const auto* service = context.FindService(ticket.service);
            result.responses.push_back(
                survey::SurveyAnswered{.ticket_id = finished->ticket_id,
                                       .number = ticket.number,
                                       .service = ticket.service,
                                       .unit = service != nullptr ? service->unit_id : "",
                                       .officer_id = ticket.officer,
                                       .counter_id = ticket.counter,
                                       .channel = tablet ? survey::Channel::kTablet : survey::Channel::kLink,
                                       .response = std::move(*checked),
                                       .at = at});
        }
    }
    // Responses arrive in the order they were given.
    std::stable_sort(result.responses.begin(), result.responses.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return result;
}

}  // namespace layan::bench::city
