#pragma once

// What the tests of domain/requests share: a valid submission, documents, WIB instants, and a way to run a
// decision and fold what it decided.

#include <chrono>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/requests/commands.h"
#include "layan/domain/requests/state.h"

namespace layan::domain::requests {

/// How GoogleTest shows an event in a failure: its type and JSON.
inline void PrintTo(const Event& event, std::ostream* out) { *out << TypeName(event) << ' ' << ToJson(event).dump(); }

}  // namespace layan::domain::requests

namespace layan::domain::requests::testing {

/// A local wall-clock time in WIB on a day.
inline core::Instant Wib(std::chrono::year_month_day day, int hh, int mm) {
    return core::FromLocal(day, std::chrono::minutes{hh * 60 + mm}, core::kWib);
}

/// `hh:mm` WIB on Monday 30 November 2026 (a working day; the week after it has no holiday).
inline core::Instant MondayAt(int hh, int mm) {
    using namespace std::chrono;
    return Wib(2026y / November / 30, hh, mm);
}

/// A valid document for `requirement`; `seed` varies its digest.
inline Document MakeDocument(std::string requirement, char seed = 'a') {
    return Document{.requirement = std::move(requirement),
                    .sha256 = std::string(63, '0') + seed,
                    .size = 120'000,
                    .media_type = "application/pdf"};
}

/// A valid online submission of a birth certificate, within 5 working days, with two documents.
inline RequestSubmitted OnlineSubmission() {
    return RequestSubmitted{.service = "AKTA-LAHIR",
                            .standard_version = 2,
                            .unit_id = "dukcapil",
                            .hall_id = "mpp-kota",
                            .channel = Channel::kOnline,
                            .citizen_ref = "cit_7f3a",
                            .masked_nik = "3516**********12",
                            .documents = {MakeDocument("kk", 'a'), MakeDocument("surat_lahir", 'b')},
                            .rule = {calendar::DeadlineUnit::kWorkingDays, 5}};
}

/// The events of a decision that must succeed; throws with the refusal otherwise.
inline std::vector<Event> Must(const Decision& decision) {
    if (!decision) {
        throw std::logic_error(decision.error().code + ": " + decision.error().message);
    }
    return *decision;
}

/// Runs a decision that must succeed and folds its events into `state`.
inline void Do(RequestState& state, const Decision& decision) {
    for (const auto& event : Must(decision)) {
        Apply(state, event);
    }
}

/// A request submitted online at `at`.
inline RequestState Submitted(core::Instant at) {
    RequestState state;
    Do(state, Submit(state, OnlineSubmission(), at));
    return state;
}

}  // namespace layan::domain::requests::testing
