// Service requests through the real binary, on both backends: a citizen submits a multipart form with a document
// and follows it by its tracking code; an officer of the unit returns it for completion, the citizen completes it,
// the officer completes the work; documents are served only to the unit, as attachments. Bad forms are clear 4xx.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "layan_process.h"

namespace layan::testing {
namespace {

using nlohmann::json;

const std::string kTenantPath = "/api/v1/tenants/kota-mojokerto";
constexpr const char* kBoundary = "layan-test-boundary";

std::string Pdf(const std::string& body) {
    return "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + body + "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

/// A multipart/form-data body: text fields, then files (field name, file name, bytes).
std::string Form(const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::vector<std::tuple<std::string, std::string, std::string>>& files) {
    std::string body;
    for (const auto& [name, value] : fields) {
        body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
                value + "\r\n";
    }
    for (const auto& [name, file_name, bytes] : files) {
        body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
                "\"; filename=\"" + file_name + "\"\r\nContent-Type: application/pdf\r\n\r\n" + bytes + "\r\n";
    }
    return body + "--" + kBoundary + "--\r\n";
}

HttpResponse PostForm(const LayanProcess& server, const std::string& target, const std::string& body) {
    return SendRequest(server.port(), "POST", target, body,
                       {{"content-type", std::string("multipart/form-data; boundary=") + kBoundary}});
}

HttpResponse Submit(const LayanProcess& server, const std::string& kk_bytes = Pdf("kk")) {
    return PostForm(server, kTenantPath + "/requests",
                    Form({{"service", "KTP"}, {"nik", "3576010101900001"}}, {{"KK", "kk.pdf", kk_bytes}}));
}

TEST(RequestsApi, ACitizenSubmitsAndFollowsARequestThatTheUnitReturnsAndCompletes) {
    LayanProcess server(LayanProcess::NewDemoDatabase());  // Monday 30 November 2026, 08:00 WIB
    auto submitted = Submit(server);
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    const auto code = submitted.Json()["code"].get<std::string>();
    EXPECT_THAT(code, ::testing::MatchesRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$"));
    EXPECT_EQ(submitted.Json()["status"], "submitted");
    EXPECT_EQ(submitted.Json()["sla"]["state"], "on_track");
    // KTP is done the same working day: by closing time.
    EXPECT_EQ(submitted.Json()["sla"]["deadline"].get<std::string>().substr(0, 10), "2026-11-30");
    // The citizen's page never shows the NIK, the vault reference or who in the unit did what.
    EXPECT_THAT(submitted.body, ::testing::Not(::testing::HasSubstr("3576010101900001")));
    EXPECT_THAT(submitted.body, ::testing::Not(::testing::HasSubstr("citizen_ref")));

    const auto siti = server.LoginAs("siti.rahmawati");
    auto list = server.Get(kTenantPath + "/requests", siti);
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json()["requests"].size(), 1U);
    EXPECT_EQ(list.Json()["requests"][0]["code"], code);

    auto returned = server.Post(kTenantPath + "/requests/" + code + "/return",
                                R"({"reason": "Scan KK tidak terbaca", "missing": ["KK"]})", siti);
    ASSERT_EQ(returned.status, 200) << returned.body;
    EXPECT_EQ(returned.Json()["sla"]["state"], "paused");

    auto tracked = server.Get(kTenantPath + "/track/" + code);
    ASSERT_EQ(tracked.status, 200) << tracked.body;
    EXPECT_EQ(tracked.Json()["status"], "returned");
    EXPECT_EQ(tracked.Json()["returned"]["reason"], "Scan KK tidak terbaca");
    EXPECT_EQ(tracked.Json()["returned"]["missing"], json::array({"KK"}));

    auto completed = PostForm(server, kTenantPath + "/track/" + code + "/completion",
                              Form({}, {{"KK", "kk-jelas.pdf", Pdf("kk, readable")}}));
    ASSERT_EQ(completed.status, 200) << completed.body;
    EXPECT_EQ(completed.Json()["status"], "submitted");

    for (const char* action : {"verify", "start", "ready"}) {
        auto done = server.Post(kTenantPath + "/requests/" + code + "/" + action, "", siti);
        ASSERT_EQ(done.status, 200) << action << ": " << done.body;
    }
    auto again = server.Post(kTenantPath + "/requests/" + code + "/verify", "", siti);
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.Json()["error"]["code"], "request_transition_invalid");

    tracked = server.Get(kTenantPath + "/track/" + code);
    ASSERT_EQ(tracked.status, 200) << tracked.body;
    EXPECT_EQ(tracked.Json()["status"], "product_ready");
    std::vector<std::string> steps;
    const auto timeline = tracked.Json()["timeline"];
    for (const auto& step : timeline) {
        steps.push_back(step["type"]);
        EXPECT_FALSE(step.contains("by")) << step.dump();
    }
    EXPECT_THAT(steps,
                ::testing::ElementsAre("request_submitted", "request_returned", "request_resubmitted",
                                       "request_verified", "request_processing_started", "request_product_ready"));

    // The document, to the unit only, as an attachment of the type its bytes were judged to be.
    auto document = server.Get(kTenantPath + "/requests/" + code + "/documents/KK", siti);
    ASSERT_EQ(document.status, 200) << document.body;
    EXPECT_EQ(document.body, Pdf("kk, readable"));
    EXPECT_EQ(document.headers["content-type"], "application/pdf");
    EXPECT_EQ(document.headers["x-content-type-options"], "nosniff");
    EXPECT_THAT(document.headers["content-disposition"], ::testing::StartsWith("attachment"));
    EXPECT_EQ(server.Get(kTenantPath + "/requests/" + code + "/documents/KK").status, 401);
    const auto other_unit = server.LoginAs("agus.prasetyo");
    auto refused = server.Get(kTenantPath + "/requests/" + code + "/documents/KK", other_unit);
    EXPECT_EQ(refused.status, 403) << refused.body;
}

TEST(RequestsApi, BadFormsAndCodesAreClearErrors) {
    LayanProcess server(LayanProcess::NewDemoDatabase());
    auto not_multipart = server.Post(kTenantPath + "/requests", R"({"service": "KTP"})");
    EXPECT_EQ(not_multipart.status, 422);
    EXPECT_EQ(not_multipart.Json()["error"]["code"], "multipart_invalid");

    auto no_nik = PostForm(server, kTenantPath + "/requests", Form({{"service", "KTP"}}, {}));
    EXPECT_EQ(no_nik.status, 422);
    EXPECT_EQ(no_nik.Json()["error"]["details"]["field"], "nik");

    auto missing =
        PostForm(server, kTenantPath + "/requests", Form({{"service", "KTP"}, {"nik", "3576010101900001"}}, {}));
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(missing.Json()["error"]["code"], "request_document_missing");

    auto not_a_pdf = Submit(server, "plain text pretending to be a PDF\n");
    EXPECT_EQ(not_a_pdf.status, 422);
    EXPECT_EQ(not_a_pdf.Json()["error"]["code"], "upload_type_not_accepted");

    auto mistyped = server.Get(kTenantPath + "/track/ABCD-EFGH-JKU");
    EXPECT_EQ(mistyped.status, 422);
    EXPECT_EQ(mistyped.Json()["error"]["code"], "tracking_code_mistyped");

    // Beyond what a form may carry, refused from the header, before the body is read.
    auto too_large =
        SendRaw(server.port(), "POST " + kTenantPath +
                                   "/requests HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                   "Content-Length: 40000000\r\n\r\n");
    EXPECT_THAT(too_large, ::testing::StartsWith("HTTP/1.1 413"));

    // Nothing was kept of the refused submissions.
    const auto admin = server.LoginAs("admin");
    auto list = server.Get(kTenantPath + "/requests", admin);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_TRUE(list.Json()["requests"].empty());
}

}  // namespace
}  // namespace layan::testing
