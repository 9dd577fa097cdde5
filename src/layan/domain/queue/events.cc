#include "layan/domain/queue/events.h"

#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace layan::domain::queue {

namespace {

template <class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// One list of fields per event, used both to write and to read, so the two cannot drift apart.
void Fields(Is<TicketIssued> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("number", e.number);
    f("seq", e.seq);
    f("service", e.service);
    f("priority", e.priority);
    f("at", e.at);
    f("citizen_ref", e.citizen_ref);
}
void Fields(Is<TicketCalled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("counter_id", e.counter_id);
    f("officer_id", e.officer_id);
    f("at", e.at);
    f("chosen_by_supervisor", e.chosen_by_supervisor);
}
void Fields(Is<TicketRecalled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<ServiceStarted> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<ServiceFinished> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<TicketNoShow> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("at", e.at);
}
void Fields(Is<TicketTransferred> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("to_service", e.to_service);
    f("at", e.at);
}
void Fields(Is<TicketCancelled> auto& e, auto&& f) {
    f("ticket_id", e.ticket_id);
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<CounterOpened> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("officer_id", e.officer_id);
    f("services", e.services);
    f("at", e.at);
}
void Fields(Is<CounterPaused> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("reason", e.reason);
    f("at", e.at);
}
void Fields(Is<CounterResumed> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("at", e.at);
}
void Fields(Is<CounterClosed> auto& e, auto&& f) {
    f("counter_id", e.counter_id);
    f("at", e.at);
}

class Writer {
public:
    explicit Writer(nlohmann::json& out) : out_(out) {}

    void operator()(const char* name, const std::string& value) { out_[name] = value; }
    void operator()(const char* name, const int& value) { out_[name] = value; }
    void operator()(const char* name, const bool& value) { out_[name] = value; }
    void operator()(const char* name, const core::Instant& value) { out_[name] = core::FormatIso8601(value); }
    void operator()(const char* name, const std::vector<std::string>& value) { out_[name] = value; }
    void operator()(const char* name, const std::optional<PriorityReason>& value) {
        if (value) {
            out_[name] = ToString(*value);
        } else {
            out_[name] = nullptr;
        }
    }
    // An optional text is left out when unset, so events without it keep their old shape.
    void operator()(const char* name, const std::optional<std::string>& value) {
        if (value) {
            out_[name] = *value;
        }
    }

private:
    nlohmann::json& out_;
};

// Reads fields into an event; remembers the first field that is missing or of the wrong shape.
class Reader {
public:
    explicit Reader(const nlohmann::json& in) : in_(in) {}

    void operator()(const char* name, std::string& value) {
        if (const auto* field = Find(name); field && field->is_string()) {
            value = field->get<std::string>();
        } else {
            Reject(name);
        }
    }
    void operator()(const char* name, int& value) {
        const auto* field = Find(name);
        if (!field || !field->is_number_integer()) {
            Reject(name);
            return;
        }
        auto wide = field->get<std::int64_t>();
        if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
            Reject(name);
            return;
        }
        value = static_cast<int>(wide);
    }
    void operator()(const char* name, bool& value) {
        if (const auto* field = Find(name); field && field->is_boolean()) {
            value = field->get<bool>();
        } else {
            Reject(name);
        }
    }
    void operator()(const char* name, core::Instant& value) {
        const auto* field = Find(name);
        std::optional<core::Instant> parsed;
        if (field && field->is_string()) {
            parsed = core::ParseIso8601(field->get_ref<const std::string&>());
        }
        if (parsed) {
            value = *parsed;
        } else {
            Reject(name);
        }
    }
    void operator()(const char* name, std::vector<std::string>& value) {
        const auto* field = Find(name);
        if (!field || !field->is_array()) {
            Reject(name);
            return;
        }
        value.clear();
        for (const auto& item : *field) {
            if (!item.is_string()) {
                Reject(name);
                return;
            }
            value.push_back(item.get<std::string>());
        }
    }
    // Priority is optional: absent or null means a regular ticket.
    void operator()(const char* name, std::optional<PriorityReason>& value) {
        const auto* field = Find(name);
        if (!field || field->is_null()) {
            value.reset();
        } else if (field->is_string()) {
            value = ParsePriority(field->get_ref<const std::string&>());
            if (!value) {
                Reject(name);
            }
        } else {
            Reject(name);
        }
    }

    void operator()(const char* name, std::optional<std::string>& value) {
        const auto* field = Find(name);
        if (!field || field->is_null()) {
            value.reset();
        } else if (field->is_string()) {
            value = field->get<std::string>();
        } else {
            Reject(name);
        }
    }

    [[nodiscard]] const std::optional<std::string>& bad_field() const { return bad_field_; }

private:
    const nlohmann::json* Find(const char* name) const {
        auto it = in_.find(name);
        return it == in_.end() ? nullptr : &*it;
    }
    void Reject(const char* name) {
        if (!bad_field_) {
            bad_field_ = name;
        }
    }

    const nlohmann::json& in_;
    std::optional<std::string> bad_field_;
};

template <class E>
core::Result<Event> Read(const nlohmann::json& data) {
    if (!data.is_object()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_event",
                          std::string("The data of a ") + std::string(E::kType) + " event must be a JSON object.");
    }
    E event;
    Reader reader(data);
    Fields(event, reader);
    if (const auto& field = reader.bad_field()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_event",
                          "Field \"" + *field + "\" of a " + std::string(E::kType) + " event is missing or malformed.",
                          {{"field", *field}});
    }
    return Event{std::move(event)};
}

template <std::size_t I = 0>
core::Result<Event> ReadByType(std::string_view type, const nlohmann::json& data) {
    if constexpr (I == std::variant_size_v<Event>) {
        return core::Fail(core::ErrorKind::kInvalid, "unknown_event_type",
                          "Unknown queue event type \"" + std::string(type) + "\".", {{"type", std::string(type)}});
    } else {
        using E = std::variant_alternative_t<I, Event>;
        if (E::kType == type) {
            return Read<E>(data);
        }
        return ReadByType<I + 1>(type, data);
    }
}

}  // namespace

std::string_view TypeName(const Event& event) {
    return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kType; }, event);
}

core::Instant At(const Event& event) {
    return std::visit([](const auto& e) { return e.at; }, event);
}

std::string_view TicketOf(const Event& event) {
    return std::visit(
        [](const auto& e) -> std::string_view {
            if constexpr (requires { e.ticket_id; }) {
                return e.ticket_id;
            } else {
                return {};
            }
        },
        event);
}

std::string_view CounterOf(const Event& event) {
    return std::visit(
        [](const auto& e) -> std::string_view {
            if constexpr (requires { e.counter_id; }) {
                return e.counter_id;
            } else {
                return {};
            }
        },
        event);
}

nlohmann::json ToJson(const Event& event) {
    nlohmann::json out = nlohmann::json::object();
    std::visit([&out](const auto& e) { Fields(e, Writer(out)); }, event);
    return out;
}

core::Result<Event> FromJson(std::string_view type, const nlohmann::json& data) { return ReadByType(type, data); }

}  // namespace layan::domain::queue
