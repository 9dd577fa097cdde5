#pragma once

#include <chrono>

#include "layan/domain/standards/standard.h"

namespace layan::domain::standards::testing {

/// A local date, shorter to write in tests.
inline calendar::Date Day(int y, unsigned m, unsigned d) {
    return calendar::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

/// A valid draft (version 0): a required document, an optional document and a requirement without upload,
/// every component filled in.
inline StandardVersion ValidDraft() {
    StandardVersion v;
    v.decree = {"400.12/005/417.304/2026", Day(2026, 1, 12)};
    v.valid_from = Day(2026, 2, 1);
    v.requirements = {
        {"KK", {"Scan Kartu Keluarga", "Scan of the family card"}, true, {"application/pdf", "image/jpeg"}, 2 << 20},
        {"SURAT_KEHILANGAN", {"Surat kehilangan", "Police loss report"}, false, {"application/pdf"}, 1 << 20},
        {"PEREKAMAN", {"Hadir untuk perekaman", "Come in person for recording"}, true, {}, 0},
    };
    v.procedure = {{"Ambil nomor antrian.", "Take a queue number."}, {"Petugas memverifikasi.", "The officer checks."}};
    v.completion = {calendar::DeadlineUnit::kWorkingDays, 3};
    v.fee = {0, {"Gratis", "Free"}};
    v.product = {"Kartu Keluarga", "Family card"};
    v.complaint_channel = LaporComplaintChannel();
    v.legal_basis = {{"UU 24/2013", "Law 24/2013"}};
    v.facilities = {"Kursi roda", "Wheelchairs"};
    v.officer_competence = {"Menguasai SIAK", "Knows SIAK"};
    v.internal_supervision = {"Kepala bidang", "Head of division"};
    v.officer_count = 4;
    v.service_guarantee = {"Tepat waktu", "On time"};
    v.security_guarantee = {"Data dilindungi", "Data protected"};
    v.performance_evaluation = {"Setiap bulan", "Monthly"};
    v.pledge = {"Kami sanggup", "We pledge"};
    return v;
}

}  // namespace layan::domain::standards::testing
