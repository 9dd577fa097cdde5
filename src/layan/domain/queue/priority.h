#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "layan/domain/catalog/catalog.h"

namespace layan::domain::queue {

/// Why a citizen is served with priority (UU 25/2009 art. 29: special treatment, free of charge).
/// Stored and exchanged by its stable code (ToString), never by its numeric value.
enum class PriorityReason {
    kDisability,             ///< "disability": person with disabilities.
    kElderly,                ///< "elderly".
    kPregnant,               ///< "pregnant".
    kChild,                  ///< "child".
    kNaturalDisasterVictim,  ///< "natural_disaster_victim".
    kSocialDisasterVictim,   ///< "social_disaster_victim".
};

/// Every reason, in the order kiosks list them.
[[nodiscard]] std::span<const PriorityReason> AllPriorityReasons();

/// The stable code of a reason ("elderly").
[[nodiscard]] std::string_view ToString(PriorityReason reason);

/// Parses a stable code; nullopt for anything else (codes are case-sensitive).
[[nodiscard]] std::optional<PriorityReason> ParsePriority(std::string_view code);

/// The label shown to citizens: Bahasa Indonesia first ("Lanjut usia"), English second ("Elderly").
[[nodiscard]] catalog::LocalizedText Label(PriorityReason reason);

}  // namespace layan::domain::queue
