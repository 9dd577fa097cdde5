// Service standards as events: version 1 made from the catalog for a service that has none (once, whatever
// the restarts), the demo's full standards published before the first start, and the version in force.

#include <algorithm>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine_fixture.h"
#include "layan/domain/standards/events.h"
#include "layan/store/personal_data.h"
#include "layan/store/stream_id.h"

namespace layan::engine::test {
namespace {

using namespace std::chrono;
using nlohmann::json;

const auto kMonday = year_month_day{year{2026}, November, day{30}};

std::int64_t StreamVersion(store::Database& database, const std::string& service) {
    return database.Events().StreamVersion(store::StreamId::ServiceStandard(kTenant, service).Name());
}

nlohmann::json Seeder() {
    return store::MetadataOf(store::Processor{.actor = "system:test", .role = "system", .ip = "", .device = ""});
}

using StandardsFromTheCatalog = EngineTest;

TEST_F(StandardsFromTheCatalog, AServiceWithoutAStandardGetsVersionOneFromItsCatalogEntryOnlyOnce) {
    const auto* ktp = engine_->directory.FindService(kTenant, "KTP");
    ASSERT_NE(ktp, nullptr);
    auto history = engine_->standards.HistoryOf(kTenant, "KTP");
    ASSERT_TRUE(history) << history.error().message;
    ASSERT_EQ(history->versions.size(), 1U);
    const auto& first = history->versions[0];
    EXPECT_EQ(first.version, 1);
    EXPECT_EQ(first.decree.number, ktp->standard.decree);
    EXPECT_EQ(first.valid_from, kMonday);  // the catalog had no date: in force from the upgrade
    EXPECT_EQ(first.requirements.size(), ktp->standard.requirements.size());
    EXPECT_EQ(first.product, ktp->standard.product);
    EXPECT_EQ(first.fee.idr, ktp->standard.fee_idr);

    // Every service of the demo has its stream at version 1; a restart (or a second node) appends nothing.
    for (const auto& service : engine_->directory.ServicesOf(kTenant)) {
        EXPECT_EQ(StreamVersion(*database_, service.code), 1) << service.code;
    }
    engine_.reset();
    clock_.Advance(days{3});
    engine_ = std::make_unique<Engine>(*database_, clock_, Engine::Options{});
    EXPECT_EQ(StreamVersion(*database_, "KTP"), 1);
    EXPECT_EQ(engine_->standards.HistoryOf(kTenant, "KTP")->versions, history->versions);
}

TEST_F(StandardsFromTheCatalog, TheVersionInForceIsTheLatestStartedAndNoneBeforeTheFirst) {
    auto today = engine_->standards.InForce(kTenant, "KTP", kMonday);
    ASSERT_TRUE(today) << today.error().message;
    EXPECT_EQ(today->version, 1);

    auto before = engine_->standards.InForce(kTenant, "KTP", year_month_day{sys_days{kMonday} - days{1}});
    ASSERT_FALSE(before);
    EXPECT_EQ(before.error().code, "standard_not_in_force");
    EXPECT_EQ(before.error().details["first_valid_from"], "2026-11-30");

    EXPECT_EQ(engine_->standards.InForce(kTenant, "NOPE", kMonday).error().code, "service_not_found");
    EXPECT_EQ(engine_->standards.HistoryOf("nowhere", "KTP").error().code, "tenant_not_found");
}

/// The demo's standards document published before the engine's first start, as `layan seed-demo` does.
class DemoStandards : public EngineTest {
protected:
    void Prepare() override {
        Directory directory(database_->CatalogRepo(), database_->Vault());
        directory.Load();
        document_ = json::parse(store::BuiltInDemoStandards());

        // A document with one unknown service is refused whole: nothing of it is appended.
        auto bad = document_;
        bad["standards"][1]["service"] = "NOPE";
        auto refused = PublishFirstVersions(database_->Events(), directory, bad, Seeder());
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, "standards_document_invalid");
        EXPECT_EQ(refused.error().details["field"], "standards[1].service");
        EXPECT_EQ(StreamVersion(*database_, document_["standards"][0]["service"]), 0);

        // A version that fails the domain's checks names its place in the document.
        auto invalid = document_;
        invalid["standards"][2]["standard"]["fee"]["idr"] = -5;
        auto not_valid = PublishFirstVersions(database_->Events(), directory, invalid, Seeder());
        ASSERT_FALSE(not_valid);
        EXPECT_EQ(not_valid.error().code, "standard_fee_negative");

        auto published = PublishFirstVersions(database_->Events(), directory, document_, Seeder());
        ASSERT_TRUE(published) << published.error().message;
        published_ = *published;
        auto again = PublishFirstVersions(database_->Events(), directory, document_, Seeder());
        ASSERT_TRUE(again);
        republished_ = *again;
    }

    json document_;
    int published_ = -1;
    int republished_ = -1;
};

TEST_F(DemoStandards, ArePublishedOnceAndTheEngineKeepsThemInsteadOfTheCatalogs) {
    EXPECT_EQ(published_, static_cast<int>(document_["standards"].size()));
    EXPECT_EQ(republished_, 0);
    for (const auto& entry : document_["standards"]) {
        const auto service = entry["service"].get<std::string>();
        EXPECT_EQ(StreamVersion(*database_, service), 1) << service;
        auto history = engine_->standards.HistoryOf(kTenant, service);
        ASSERT_TRUE(history) << history.error().message;
        ASSERT_EQ(history->versions.size(), 1U);
        auto expected = domain::standards::StandardVersionFromJson(entry["standard"]);
        ASSERT_TRUE(expected);
        EXPECT_EQ(history->versions[0], *expected) << service;
    }
    // The demo's KTP asks for documents with their types and sizes, which the old catalog could not say.
    auto ktp = engine_->standards.InForce(kTenant, "KTP", kMonday);
    ASSERT_TRUE(ktp);
    EXPECT_TRUE(std::any_of(ktp->requirements.begin(), ktp->requirements.end(),
                            [](const auto& requirement) { return requirement.IsDocument(); }));
}

}  // namespace
}  // namespace layan::engine::test
