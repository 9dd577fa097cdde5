#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/calendar/deadline.h"
#include "layan/domain/calendar/work_calendar.h"
#include "layan/domain/catalog/catalog.h"

/// The service standard (Standar Pelayanan, PermenPANRB 15/2014; UU 25/2009 art. 21) of one service: its 14
/// components, six published to citizens and eight internal, set by a decree of the unit head and versioned.
/// A change is a new version, never an overwrite: a request keeps the version in force when it was made.
namespace layan::domain::standards {

using catalog::LocalizedText;

/// Media types a document may have: what libmagic detects for the scans and photos citizens upload.
inline constexpr std::string_view kMediaPdf = "application/pdf";
inline constexpr std::string_view kMediaJpeg = "image/jpeg";
inline constexpr std::string_view kMediaPng = "image/png";

/// The largest `max_bytes` a requirement may set (20 MiB). The upload routes size their body limit from the
/// standards, so one mistyped size must not open them to huge bodies.
inline constexpr std::int64_t kMaxDocumentBytes = std::int64_t{20} * 1024 * 1024;

/// One requirement (persyaratan). A document requirement (non-empty `accepted_types`) is met by uploading a
/// file; any other (e.g. "come in person", "an active email address") is checked by the officer.
struct Requirement {
    std::string code{};  ///< Stable, unique in the version: 1–64 of [A-Za-z0-9_-], e.g. "KTP_SCAN".
    LocalizedText name{};
    bool required = true;                       ///< False for "if any" / "when it applies" documents.
    std::vector<std::string> accepted_types{};  ///< Media types (kMediaPdf, kMediaJpeg, kMediaPng); empty = no upload.
    std::int64_t max_bytes = 0;                 ///< Largest file for a document (1..kMaxDocumentBytes); else 0.

    /// True when the requirement is met by uploading a file.
    [[nodiscard]] bool IsDocument() const { return !accepted_types.empty(); }

    friend bool operator==(const Requirement&, const Requirement&) = default;
};

/// The fee (biaya/tarif).
struct Fee {
    std::int64_t idr = 0;  ///< In rupiah; 0 = free.
    LocalizedText note{};  ///< E.g. "retribusi daerah sesuai Perda" when the amount depends on the case.

    friend bool operator==(const Fee&, const Fee&) = default;
};

/// The unit head's decree (keputusan) that set a version.
struct Decree {
    std::string number{};   ///< E.g. "400.12/017/417.304/2026".
    calendar::Date date{};  ///< The date the decree was signed.

    friend bool operator==(const Decree&, const Decree&) = default;
};

/// One version of a service's standard. The field list for JSON (read, write and the public view) is in
/// events.cc; the published components are those PublishedJson writes.
struct StandardVersion {
    int version = 0;              ///< 1, 2, ... in the service's history; 0 in a draft (Publish numbers it).
    Decree decree{};              ///< Published.
    calendar::Date valid_from{};  ///< First local date the version is in force. Published.

    // The six published components.
    std::vector<Requirement> requirements{};  ///< Persyaratan, in the order shown.
    std::vector<LocalizedText> procedure{};   ///< Sistem, mekanisme dan prosedur: the steps in order.
    calendar::DeadlineRule completion{};      ///< Jangka waktu: working days, calendar days or working hours.
    Fee fee{};                                ///< Biaya/tarif.
    LocalizedText product{};                  ///< Produk pelayanan.
    LocalizedText complaint_channel{};        ///< Penanganan pengaduan, saran dan masukan: where and how.

    // The eight internal components (empty in a version upgraded from the old catalog).
    std::vector<LocalizedText> legal_basis{};  ///< Dasar hukum: one regulation per entry.
    LocalizedText facilities{};                ///< Sarana, prasarana dan/atau fasilitas, incl. for vulnerable groups.
    LocalizedText officer_competence{};        ///< Kompetensi pelaksana.
    LocalizedText internal_supervision{};      ///< Pengawasan internal.
    int officer_count = 0;                     ///< Jumlah pelaksana.
    LocalizedText service_guarantee{};         ///< Jaminan pelayanan.
    LocalizedText security_guarantee{};        ///< Jaminan keamanan dan keselamatan pelayanan.
    LocalizedText performance_evaluation{};    ///< Evaluasi kinerja pelaksana.

    LocalizedText pledge{};  ///< Maklumat pelayanan, published with the standard; may be empty.

    friend bool operator==(const StandardVersion&, const StandardVersion&) = default;
};

/// The national complaint channel every government unit is connected to (SP4N-LAPOR!, Perpres 76/2013).
[[nodiscard]] LocalizedText LaporComplaintChannel();

/// Checks a version's content (not its number, nor its dates against the history: Publish does that).
/// Returns the version unchanged when valid. Errors, all ErrorKind::kInvalid with details {"field": path},
/// the first found:
/// - "standard_decree_missing": empty decree.number, or decree.date not a real date;
/// - "standard_valid_from_invalid": valid_from not a real date, or before decree.date;
/// - "standard_component_missing": a published text without its Indonesian wording: procedure (none, or an
///   empty step), product, complaint_channel;
/// - "standard_requirement_invalid": a code empty, over 64 bytes, outside [A-Za-z0-9_-], or used twice; an
///   empty name; a document whose max_bytes is not in 1..kMaxDocumentBytes or whose media type is not one of
///   kMediaPdf, kMediaJpeg, kMediaPng (or listed twice); max_bytes other than 0 for a requirement without
///   upload (field e.g. "requirements[2].max_bytes");
/// - "standard_completion_invalid": unit clock_hours (a standard counts office time or days), a negative
///   amount, or 0 working hours;
/// - "standard_fee_negative": fee.idr < 0;
/// - "standard_officer_count_negative": officer_count < 0.
[[nodiscard]] core::Result<StandardVersion> Validate(StandardVersion version);

/// A service's versions in the order they were published (version i + 1 at index i). Folded from its
/// `standard_version_published` events.
struct StandardHistory {
    std::vector<StandardVersion> versions{};

    /// Appends a published version (the event's content; the log is trusted, nothing is checked).
    void Apply(StandardVersion published) { versions.push_back(std::move(published)); }

    friend bool operator==(const StandardHistory&, const StandardHistory&) = default;
};

/// Decides the publication of `draft` (its `version` is ignored) on local date `today`: the version to record,
/// numbered last + 1 (1 for the first). Errors: Validate's; "standard_backdated" (kInvalid, field valid_from)
/// when valid_from < today; "standard_valid_from_before_previous" (kConflict, details valid_from and
/// previous_valid_from) when valid_from is before the last version's (equal is allowed: the newer version
/// then replaces it from that date).
[[nodiscard]] core::Result<StandardVersion> Publish(const StandardHistory& history, StandardVersion draft,
                                                    calendar::Date today);

/// The version in force on local date `on`: the latest published whose valid_from <= on; nullptr before the
/// first version takes effect. The pointer is into `history` and valid while it is unchanged.
[[nodiscard]] const StandardVersion* InForce(const StandardHistory& history, calendar::Date on);

/// Checks one uploaded file for `requirement`, in this order. Errors, all ErrorKind::kInvalid:
/// - "upload_name_invalid" (details requirement): the file name is empty, over 255 bytes, or holds a '/',
///   a '\\', ".." or a control character (the name is never used as a path; this refuses what looks like one);
/// - "upload_empty" (details requirement): size is 0 or less;
/// - "upload_type_not_accepted" (details requirement, accepted): the detected media type is not one the
///   requirement accepts (nothing is accepted for a requirement without upload);
/// - "upload_too_large" (details requirement, max_bytes): size > requirement.max_bytes.
[[nodiscard]] core::Status CheckDocument(const Requirement& requirement, std::string_view detected_media_type,
                                         std::int64_t size, std::string_view file_name);

/// Ok when every required document requirement of `version` has its code in `provided_codes`; requirements
/// without upload are checked at the counter, optional ones never. Else ErrorKind::kInvalid,
/// "request_document_missing", details {"requirements": [codes missing, in the standard's order]}.
[[nodiscard]] core::Status MissingRequired(const StandardVersion& version, const std::set<std::string>& provided_codes);

/// Version 1 from a standard of the old catalog (catalog::ServiceStandard), which held only the published
/// part: requirements become "R1".."Rn" (required, without upload: the old texts say nothing of files);
/// same day becomes 0 working days, hours become working hours, the upper bound is the amount; the decree
/// text is the number, and `valid_from` its date (the old catalog has none); the complaint channel is
/// SP4N-LAPOR! (LaporComplaintChannel); the internal components stay empty. The result passes Validate when
/// the old standard has a decree, a procedure and a product (and
/// at least 1 hour when counted in hours).
[[nodiscard]] StandardVersion FromCatalogStandard(const catalog::ServiceStandard& standard, calendar::Date valid_from);

}  // namespace layan::domain::standards
