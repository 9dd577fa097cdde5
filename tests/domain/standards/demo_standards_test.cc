// The demo city's standards (data/demo/standards-mojokerto.json) against its catalog
// (data/demo/mojokerto.json): one valid standard per service, consistent with the catalog's times and fees.

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "layan/domain/standards/events.h"

namespace layan::domain::standards {
namespace {

using nlohmann::json;

json Load(const std::string& name) {
    std::ifstream in(std::string(LAYAN_SOURCE_DIR) + "/data/demo/" + name);
    EXPECT_TRUE(in) << name;
    return json::parse(in);
}

class DemoStandards : public ::testing::Test {
protected:
    void SetUp() override {
        const auto file = Load("standards-mojokerto.json");
        ASSERT_EQ(file.at("tenant"), "kota-mojokerto");
        for (const auto& entry : file.at("standards")) {
            const auto service = entry.at("service").get<std::string>();
            auto read = StandardVersionFromJson(entry.at("standard"));
            ASSERT_TRUE(read) << service << ": " << read.error().message;
            ASSERT_TRUE(standards_.emplace(service, *read).second) << service << " twice";
        }
        const auto demo = Load("mojokerto.json");
        for (const auto& tenant : demo.at("tenants")) {
            if (tenant.at("id") == "kota-mojokerto") {
                for (const auto& service : tenant.at("services")) {
                    catalog_.emplace(service.at("code").get<std::string>(), service);
                }
            }
        }
        ASSERT_FALSE(catalog_.empty());
    }

    std::map<std::string, StandardVersion> standards_;
    std::map<std::string, json> catalog_;
};

TEST_F(DemoStandards, EveryCatalogServiceHasOneValidStandardAndNoOtherDoes) {
    for (const auto& [code, service] : catalog_) {
        EXPECT_TRUE(standards_.contains(code)) << code;
    }
    for (const auto& [code, version] : standards_) {
        EXPECT_TRUE(catalog_.contains(code)) << code << " is not in the catalog";
        auto valid = Validate(version);
        EXPECT_TRUE(valid) << code << ": " << (valid ? "" : valid.error().message);
        EXPECT_EQ(version.version, 1) << code;
        // Published into an empty history on its decree's date.
        auto published = Publish(StandardHistory{}, version, version.decree.date);
        EXPECT_TRUE(published) << code;
    }
}

TEST_F(DemoStandards, KeepTheCatalogsCompletionTimesAndFees) {
    for (const auto& [code, version] : standards_) {
        if (!catalog_.contains(code)) {
            continue;
        }
        const auto& old = catalog_.at(code).at("standard");
        const auto unit = old.at("completion_unit").get<std::string>();
        const auto rule = version.completion;
        if (unit == "same_day") {
            EXPECT_EQ(rule, (calendar::DeadlineRule{calendar::DeadlineUnit::kWorkingDays, 0})) << code;
        } else {
            EXPECT_EQ(calendar::ToString(rule.unit), unit) << code;
            EXPECT_EQ(rule.amount, old.at("completion_max").get<int>()) << code;
        }
        EXPECT_EQ(version.fee.idr, old.at("fee_idr").get<std::int64_t>()) << code;
    }
}

TEST_F(DemoStandards, CivilRegistryDocumentsAreFree) {
    // UU 24/2013 art. 79A: civil registration documents are issued free of charge.
    int checked = 0;
    for (const auto& [code, service] : catalog_) {
        if (service.at("unit_id") == "dispendukcapil" && standards_.contains(code)) {
            EXPECT_EQ(standards_.at(code).fee.idr, 0) << code;
            ++checked;
        }
    }
    EXPECT_GE(checked, 5);
}

TEST_F(DemoStandards, FillAllFourteenComponentsInBothLanguages) {
    auto filled = [](const LocalizedText& text) { return !text.id.empty() && !text.en.empty(); };
    for (const auto& [code, v] : standards_) {
        SCOPED_TRACE(code);
        EXPECT_FALSE(v.requirements.empty());
        EXPECT_TRUE(std::any_of(v.requirements.begin(), v.requirements.end(),
                                [](const auto& r) { return r.IsDocument() && r.required; }));
        for (const auto& r : v.requirements) {
            EXPECT_TRUE(filled(r.name)) << r.code;
        }
        EXPECT_FALSE(v.procedure.empty());
        for (const auto& step : v.procedure) {
            EXPECT_TRUE(filled(step));
        }
        EXPECT_TRUE(filled(v.fee.note));
        EXPECT_TRUE(filled(v.product));
        EXPECT_TRUE(filled(v.complaint_channel));
        EXPECT_FALSE(v.legal_basis.empty());
        for (const auto& law : v.legal_basis) {
            EXPECT_TRUE(filled(law));
        }
        for (const auto* text : {&v.facilities, &v.officer_competence, &v.internal_supervision, &v.service_guarantee,
                                 &v.security_guarantee, &v.performance_evaluation, &v.pledge}) {
            EXPECT_TRUE(filled(*text));
        }
        EXPECT_GT(v.officer_count, 0);
    }
}

}  // namespace
}  // namespace layan::domain::standards
