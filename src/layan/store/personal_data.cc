#include "layan/store/personal_data.h"

#include <fmt/format.h>

namespace layan::store {

std::string_view ToString(PersonalDataKind kind) {
    switch (kind) {
        case PersonalDataKind::kPhone:
            return "phone";
        case PersonalDataKind::kNik:
            return "nik";
    }
    return "unknown";
}

std::optional<PersonalDataKind> ParsePersonalDataKind(std::string_view name) {
    if (name == "phone") {
        return PersonalDataKind::kPhone;
    }
    if (name == "nik") {
        return PersonalDataKind::kNik;
    }
    return std::nullopt;
}

nlohmann::json MetadataOf(const Processor& by) {
    nlohmann::json meta = nlohmann::json::object();
    for (auto [name, value] : {std::pair{"actor", &by.actor}, std::pair{"role", &by.role}, std::pair{"ip", &by.ip},
                               std::pair{"device", &by.device}}) {
        if (!value->empty()) {
            meta[name] = *value;
        }
    }
    return meta;
}

}  // namespace layan::store
