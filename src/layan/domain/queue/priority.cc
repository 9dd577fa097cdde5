#include "layan/domain/queue/priority.h"

#include <array>

namespace layan::domain::queue {

namespace {

struct ReasonInfo {
    PriorityReason reason;
    std::string_view code;
    std::string_view label_id;
    std::string_view label_en;
};

constexpr std::array<ReasonInfo, 6> kReasons{{
    {PriorityReason::kDisability, "disability", "Penyandang disabilitas", "Person with disabilities"},
    {PriorityReason::kElderly, "elderly", "Lanjut usia", "Elderly"},
    {PriorityReason::kPregnant, "pregnant", "Ibu hamil", "Pregnant woman"},
    {PriorityReason::kChild, "child", "Anak-anak", "Child"},
    {PriorityReason::kNaturalDisasterVictim, "natural_disaster_victim", "Korban bencana alam",
     "Victim of a natural disaster"},
    {PriorityReason::kSocialDisasterVictim, "social_disaster_victim", "Korban bencana sosial",
     "Victim of a social disaster"},
}};

constexpr std::array<PriorityReason, kReasons.size()> kAll{
    PriorityReason::kDisability,
    PriorityReason::kElderly,
    PriorityReason::kPregnant,
    PriorityReason::kChild,
    PriorityReason::kNaturalDisasterVictim,
    PriorityReason::kSocialDisasterVictim,
};

const ReasonInfo& Info(PriorityReason reason) {
    for (const auto& info : kReasons) {
        if (info.reason == reason) {
            return info;
        }
    }
    return kReasons.front();  // Unreachable for a valid enumerator.
}

}  // namespace

std::span<const PriorityReason> AllPriorityReasons() { return kAll; }

std::string_view ToString(PriorityReason reason) { return Info(reason).code; }

std::optional<PriorityReason> ParsePriority(std::string_view code) {
    for (const auto& info : kReasons) {
        if (info.code == code) {
            return info.reason;
        }
    }
    return std::nullopt;
}

catalog::LocalizedText Label(PriorityReason reason) {
    const auto& info = Info(reason);
    return {std::string(info.label_id), std::string(info.label_en)};
}

}  // namespace layan::domain::queue
