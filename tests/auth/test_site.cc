#include "test_site.h"

#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "layan/app/routes.h"
#include "layan/domain/queue/routing.h"
#include "layan/store/seed.h"

namespace layan::auth::testing {

namespace access = domain::access;
namespace catalog = domain::catalog;

ScratchDir::ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "layan-auth-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

core::Instant MondayMorning() { return *core::ParseIso8601("2026-11-30T08:00:00+07:00"); }

namespace {

void Check(const core::Status& status, const std::string& what) {
    if (!status) {
        throw std::runtime_error(what + ": " + status.error().message);
    }
}

void SeedSecondTenant(store::Catalog& repo) {
    Check(repo.UpsertTenant(
              catalog::Tenant{.id = kOtherTenant, .name = "Pemerintah Kota Batu", .utc_offset = core::kWib}),
          "tenant");
    Check(repo.UpsertUnit(
              catalog::Unit{.id = "dispendukcapil", .tenant_id = kOtherTenant, .name = {"Dukcapil", "Civil"}}),
          "unit");
    auto ktp = repo.FindService(kTenant, "KTP");  // the same service standard as the demo city's
    if (!ktp) {
        throw std::runtime_error("the demo catalog has no KTP");
    }
    Check(repo.UpsertService(kOtherTenant, *ktp), "service");
    catalog::Hall hall;
    hall.id = kOtherHall;
    hall.tenant_id = kOtherTenant;
    hall.name = "Mal Pelayanan Publik Kota Batu";
    for (unsigned day = 1; day <= 5; ++day) {
        hall.opening_hours.push_back(catalog::OpeningHours{.weekday = std::chrono::weekday{day},
                                                           .open = std::chrono::minutes{450},
                                                           .close = std::chrono::minutes{960}});
    }
    hall.service_codes = {"KTP"};
    hall.counters = {catalog::Counter{.id = "B01", .hall_id = kOtherHall, .name = "Loket 1", .number = 1}};
    Check(repo.UpsertHall(hall), "hall");
    Check(repo.UpsertOfficer(catalog::Officer{.id = "andi.batu",
                                              .tenant_id = kOtherTenant,
                                              .name = "Andi",
                                              .unit_id = "dispendukcapil",
                                              .skills = {"KTP"}}),
          "officer");
}

}  // namespace

void SeedSites(store::Database& database, Auth& auth) {
    if (auto seeded = store::SeedDemo(database); !seeded) {
        throw std::runtime_error("demo seed: " + seeded.error().message);
    }
    SeedSecondTenant(database.CatalogRepo());
    struct Person {
        std::string username;
        access::Role role;
        std::string tenant;
        std::string officer;
        std::vector<std::string> units;
    };
    const std::vector<Person> people = {
        {"officer", access::Role::kOfficer, kTenant, "budi.santoso", {}},
        {"officer2", access::Role::kOfficer, kTenant, "siti.rahmawati", {}},
        {"dinsos.officer", access::Role::kOfficer, kTenant, "nur.aini", {}},
        {"supervisor", access::Role::kSupervisor, kTenant, "", {"dispendukcapil"}},
        {"unit_head", access::Role::kUnitHead, kTenant, "", {"dispendukcapil"}},
        {"admin", access::Role::kAdmin, kTenant, "", {}},
        {"auditor", access::Role::kAuditor, kTenant, "", {}},
        {"officer.batu", access::Role::kOfficer, kOtherTenant, "andi.batu", {}},
        {"supervisor.batu", access::Role::kSupervisor, kOtherTenant, "", {"dispendukcapil"}},
        {"unit_head.batu", access::Role::kUnitHead, kOtherTenant, "", {"dispendukcapil"}},
        {"admin.batu", access::Role::kAdmin, kOtherTenant, "", {}},
        {"auditor.batu", access::Role::kAuditor, kOtherTenant, "", {}},
    };
    for (const auto& person : people) {
        auto created = auth.CreateAccount(NewAccount{.username = person.username,
                                                     .password = kPassword,
                                                     .role = person.role,
                                                     .tenant_id = person.tenant,
                                                     .officer_id = person.officer,
                                                     .units = person.units},
                                          kSetUp);
        if (!created) {
            throw std::runtime_error("account " + person.username + ": " + created.error().message);
        }
    }
}

AuthOptions TestSite::TestOptions() {
    AuthOptions options;
    options.password_cost = kTestPasswordCost;
    options.hash_threads = 1;
    // Tests sign in and take tickets far more often than people do; the rate-limit tests set their own limits.
    options.logins = {.burst = 10'000, .per_minute = 10'000};
    options.public_writes = {.burst = 10'000, .per_minute = 10'000};
    return options;
}

TestSite::TestSite(AuthOptions options) : clock_(MondayMorning()) {
    store::DatabaseOptions db_options;
    db_options.sync = store::SyncMode::kNormal;
    db_options.clock = std::shared_ptr<const core::Clock>(&clock_, [](const core::Clock*) {});
    database_ = store::Database::Open("sqlite://" + dir_.path() + "/layan.db", db_options);
    auth_ = std::make_unique<Auth>(*database_, clock_, std::move(options));
    SeedSites(*database_, *auth_);
    for (const auto& [name, hall, kind] : {std::tuple{"kiosk", kHall, access::DeviceKind::kKiosk},
                                           std::tuple{"board", kHall, access::DeviceKind::kBoard},
                                           std::tuple{"kiosk.batu", kOtherHall, access::DeviceKind::kKiosk},
                                           std::tuple{"board.batu", kOtherHall, access::DeviceKind::kBoard}}) {
        const std::string tenant = std::string(hall) == kHall ? kTenant : kOtherTenant;
        auto made = auth_->AddDevice(tenant, hall, kind, name, kSetUp);
        if (!made) {
            throw std::runtime_error("device: " + made.error().message);
        }
        device_tokens_[name] = made->token;
        device_ids_[name] = made->device.id;
    }

    worker_ = std::make_unique<core::WorkerPool>("auth", auth_->Options().hash_threads, 64);
    guard_ = std::make_unique<Guard>(*auth_, database_->CatalogRepo());
    engine_ = std::make_unique<engine::Engine>(*database_, clock_, engine::Engine::Options{});

    http::ServerOptions server_options;
    server_options.port = 0;
    server_options.threads = 1;
    server_options.access_log = false;
    app::GuardBuiltinRoutes(server_options);
    server_ = std::make_unique<http::Server>(server_options, router_, hub_, metrics_);
    app::Secure(*server_, *guard_);
    port_ = server_->Listen();
    const std::string url = "http://127.0.0.1:" + std::to_string(port_);
    api_ = std::make_unique<api::ApiContext>(
        api::ApiContext{.engine = *engine_, .hub = hub_, .voice = nullptr, .public_url = url});
    accounts_ = std::make_unique<RoutesContext>(RoutesContext{*auth_, *worker_, url});
    app::BuildRouter(router_, *api_, *accounts_);
    api::PublishHallEvents(*api_);
    thread_ = std::thread([this] { server_->Run(); });
}

TestSite::~TestSite() {
    server_->Stop();
    thread_.join();
    engine_->Shutdown();
    server_.reset();
    worker_.reset();
}

HttpResponse TestSite::Send(const std::string& method, const std::string& target, const std::string& body,
                            const Caller& caller, std::map<std::string, std::string> headers) const {
    if (!caller.bearer.empty()) {
        headers.emplace("Authorization", "Bearer " + caller.bearer);
    }
    if (!caller.cookie.empty()) {
        headers.emplace("Cookie", caller.cookie);
        if (method != "GET" && method != "HEAD") {
            headers.emplace("X-CSRF-Token", caller.csrf);
        }
    }
    return layan::testing::SendRequest(port_, method, target, body, headers);
}

Caller TestSite::As(const std::string& username) const {
    auto response =
        Send("POST", "/api/v1/session", nlohmann::json{{"username", username}, {"password", kPassword}}.dump());
    if (response.status != 200) {
        throw std::runtime_error("sign-in of " + username + ": " + std::to_string(response.status) + " " +
                                 response.body);
    }
    Caller caller;
    caller.csrf = SetCookieValue(response, "layan_csrf");
    caller.cookie = "layan_session=" + SetCookieValue(response, "layan_session") + "; layan_csrf=" + caller.csrf;
    return caller;
}

std::string TestSite::AccountId(const std::string& username) {
    auto account = auth_->FindAccountByUsername(username);
    return account ? account->id : "";
}

std::string SetCookieLine(const HttpResponse& response, const std::string& name) {
    auto it = response.headers.find("set-cookie");
    if (it == response.headers.end()) {
        return "";
    }
    std::stringstream lines(it->second);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(name + "=", 0) == 0) {
            return line;
        }
    }
    return "";
}

std::string SetCookieValue(const HttpResponse& response, const std::string& name) {
    auto line = SetCookieLine(response, name);
    if (line.empty()) {
        return "";
    }
    return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
}

}  // namespace layan::auth::testing
