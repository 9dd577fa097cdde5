#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "layan/core/time.h"

namespace layan::domain::catalog {

/// A text in the citizen's language first and English second.
struct LocalizedText {
    std::string id;  ///< Bahasa Indonesia.
    std::string en;  ///< English.

    friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

/// A city or regency government (Pemkot / Pemkab) using layan.
struct Tenant {
    std::string id;  ///< Stable code, e.g. "kota-mojokerto".
    std::string name;
    core::UtcOffset utc_offset = core::kWib;

    friend bool operator==(const Tenant&, const Tenant&) = default;
};

/// A unit serving in a hall: an OPD (Dispendukcapil, DPMPTSP, Dinsos) or a national agency (BPJS).
struct Unit {
    std::string id;  ///< Stable code, e.g. "dukcapil".
    std::string tenant_id;
    LocalizedText name;

    friend bool operator==(const Unit&, const Unit&) = default;
};

/// How a service's completion time is counted.
enum class DurationUnit { kSameDay, kWorkingDays, kCalendarDays, kHours };

/// The published part of a service standard (Standar Pelayanan, PermenPANRB 15/2014).
struct ServiceStandard {
    std::vector<LocalizedText> requirements;  ///< Persyaratan.
    LocalizedText procedure;                  ///< Sistem, mekanisme dan prosedur.
    DurationUnit completion_unit = DurationUnit::kSameDay;
    int completion_min = 0;    ///< Jangka waktu, lower bound in completion_unit (0 for same day).
    int completion_max = 0;    ///< Upper bound; the deadline is computed from this.
    std::int64_t fee_idr = 0;  ///< Biaya/tarif in rupiah; 0 = free.
    LocalizedText fee_note;    ///< E.g. "retribusi daerah" when the fee depends on the case.
    LocalizedText product;     ///< Produk pelayanan.
    std::string decree;        ///< The unit head's decree that sets the standard (number and date).
    int version = 1;

    friend bool operator==(const ServiceStandard&, const ServiceStandard&) = default;
};

/// A service citizens come for (KTP-el, Kartu Keluarga, NIB, ...).
struct Service {
    std::string code;  ///< Stable code, unique in the tenant, e.g. "KTP".
    std::string unit_id;
    LocalizedText name;
    std::string ticket_prefix;                      ///< Letter(s) before the daily ticket number ("A" → A-001).
    std::chrono::minutes typical_service_time{10};  ///< Prior for wait prediction before data exists.
    ServiceStandard standard;
    std::vector<std::string> themes;  ///< RB Tematik tags ("poverty", "investment").

    friend bool operator==(const Service&, const Service&) = default;
};

/// A counter (loket) in a hall.
struct Counter {
    std::string id;  ///< Stable code, unique in the hall, e.g. "3" or "L03".
    std::string hall_id;
    std::string name;  ///< As shown on the board and spoken ("Loket 3").
    int number = 0;    ///< The number spoken in calls ("silakan menuju loket tiga").

    friend bool operator==(const Counter&, const Counter&) = default;
};

/// A civil servant (ASN) who serves at counters, with the services they are skilled in.
struct Officer {
    std::string id;
    std::string tenant_id;
    std::string name;
    std::string unit_id;
    std::vector<std::string> skills;  ///< Service codes.

    friend bool operator==(const Officer&, const Officer&) = default;
};

/// Weekly opening hours of a hall for one weekday (local time).
struct OpeningHours {
    std::chrono::weekday weekday{};
    std::chrono::minutes open{7 * 60 + 30};
    std::chrono::minutes close{16 * 60};

    friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

/// A service hall (Mal Pelayanan Publik) with its counters and the services offered there.
struct Hall {
    std::string id;  ///< Stable code, e.g. "mpp-mojokerto".
    std::string tenant_id;
    std::string name;
    core::UtcOffset utc_offset = core::kWib;
    std::vector<OpeningHours> opening_hours;  ///< Days absent here are closed; see calendar::WeekOf.
    std::vector<std::string> service_codes;   ///< Services taken at this hall.
    std::vector<Counter> counters;

    friend bool operator==(const Hall&, const Hall&) = default;
};

}  // namespace layan::domain::catalog
