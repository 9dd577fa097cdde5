#include "layan/engine/survey.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "layan/domain/queue/hall_state.h"

namespace layan::engine {

namespace survey = domain::survey;
namespace queue = domain::queue;
using domain::access::Role;

namespace {

// Crockford's base 32 in lower case: no i, l, o or u, so what is read off paper is typed back right (a typed o
// counts as 0, an i or l as 1; see Normalised).
constexpr std::string_view kKeyAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
static_assert(kKeyAlphabet.size() == 32);
constexpr std::size_t kKeyLength = 16;
// A tablet offers the survey of the ticket its counter finished last, while the citizen may still be there.
constexpr auto kTabletWindow = std::chrono::minutes{30};

/// The local day a ticket id starts with ("20261129-A-001").
std::optional<std::chrono::year_month_day> DayOfTicket(std::string_view ticket) {
    if (ticket.size() < 9 || ticket[8] != '-') {
        return std::nullopt;
    }
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    auto parse = [&](std::size_t from, std::size_t length, auto& out) {
        auto [end, ec] = std::from_chars(ticket.data() + from, ticket.data() + from + length, out);
        return ec == std::errc{} && end == ticket.data() + from + length;
    };
    if (!parse(0, 4, year) || !parse(4, 2, month) || !parse(6, 2, day)) {
        return std::nullopt;
    }
    std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    return date.ok() ? std::optional{date} : std::nullopt;
}

/// A key as typed, in the alphabet's form: lower case, o read as 0, i and l as 1.
std::string Normalised(std::string_view typed) {
    std::string key;
    key.reserve(typed.size());
    for (char c : typed) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c == 'o') {
            c = '0';
        } else if (c == 'i' || c == 'l') {
            c = '1';
        }
        key.push_back(c);
    }
    return key;
}

bool EqualInConstantTime(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

core::Error LinkInvalid() {
    return core::Error{core::ErrorKind::kForbidden, "survey_link_invalid",
                       "This survey link is not valid: open it from your ticket's QR code or status page.", nullptr};
}

/// Staff of the hall's tenant, or a kiosk device of the hall itself.
bool MayUseTablet(const domain::access::Principal& caller, const domain::catalog::Hall& hall) {
    if (caller.role == Role::kDevice) {
        return caller.device_kind == domain::access::DeviceKind::kKiosk && caller.hall_id == hall.id;
    }
    bool staff = caller.role == Role::kOfficer || caller.role == Role::kSupervisor || caller.role == Role::kUnitHead ||
                 caller.role == Role::kAdmin;
    return staff && caller.tenant_id == hall.tenant_id;
}

}  // namespace

core::Result<survey::SurveyAnswered> SurveyDayModel::Decode(const store::RecordedEvent& recorded) {
    if (recorded.type != survey::SurveyAnswered::kType) {
        return core::Fail(core::ErrorKind::kInvalid, "unknown_event_type",
                          fmt::format("a survey stream holds an event of type '{}'", recorded.type));
    }
    return survey::SurveyAnsweredFromJson(recorded.data);
}

store::NewEvent SurveyDayModel::Encode(const survey::SurveyAnswered& event, const nlohmann::json& metadata) {
    return store::NewEvent{std::string(survey::SurveyAnswered::kType), survey::ToJson(event), metadata};
}

Surveys::Surveys(store::EventStore& events, store::PersonalDataVault& vault, Directory& directory, Halls& halls,
                 const core::Clock& clock, int link_days)
    : events_(events),
      vault_(vault),
      directory_(directory),
      halls_(halls),
      clock_(clock),
      link_days_(std::max(link_days, 1)),
      streams_(events, dispatcher_) {}

Surveys::~Surveys() { Drain(); }

void Surveys::Drain() { streams_.Drain(); }

std::string Surveys::KeyOf(std::string_view hall, std::string_view ticket) const {
    auto digest = vault_.SignLink(fmt::format("layan/survey-link/v1/{}/{}", hall, ticket));
    // 16 letters of 5 bits each: the first 80 bits of the keyed hash.
    std::string key;
    key.reserve(kKeyLength);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : digest) {
        buffer = (buffer << 8U) | byte;
        bits += 8;
        while (bits >= 5 && key.size() < kKeyLength) {
            key.push_back(kKeyAlphabet.at((buffer >> static_cast<unsigned>(bits - 5)) & 31U));
            bits -= 5;
        }
        if (key.size() == kKeyLength) {
            break;
        }
    }
    return key;
}

bool Surveys::IsKeyOf(std::string_view hall, std::string_view ticket, std::string_view typed) const {
    return EqualInConstantTime(Normalised(typed), KeyOf(hall, ticket));
}

core::Status Surveys::CheckAccess(const std::string& hall, const std::string& ticket,
                                  const std::optional<std::string>& key, const Caller& caller) const {
    if (key) {
        if (IsKeyOf(hall, ticket, *key)) {
            return {};
        }
        return tl::unexpected(LinkInvalid());
    }
    // Without the key, only the hall's own kiosk tablet answers (for the ticket just served, see Answer): staff
    // may look at the tablet's form but never answer for a citizen.
    const auto* found = directory_.FindHall(hall);
    const auto& principal = caller.principal;
    if (found != nullptr && principal.role == Role::kDevice &&
        principal.device_kind == domain::access::DeviceKind::kKiosk && principal.hall_id == found->id) {
        return {};
    }
    return tl::unexpected(LinkInvalid());
}

core::Result<SurveyForm> Surveys::Find(const std::string& hall_id, const std::string& ticket_id) {
    const auto* hall = directory_.FindHall(hall_id);
    if (hall == nullptr) {
        return tl::unexpected(HallNotFound(hall_id));
    }
    auto day = DayOfTicket(ticket_id);
    if (!day) {
        return tl::unexpected(TicketNotFound(ticket_id));
    }
    const auto now = clock_.Now();
    std::optional<queue::Ticket> ticket;
    auto take = [&](const queue::HallState& state) {
        if (const auto* found = state.FindTicket(ticket_id); found != nullptr) {
            ticket = *found;
        }
        return true;
    };
    if (core::LocalDate(now, hall->utc_offset) == *day) {
        auto read = halls_.Read(hall_id, [&](const HallView& view) { return take(view.state); });
        if (!read) {
            return tl::unexpected(read.error());
        }
    } else {
        take(FoldStream<HallDayModel>(events_, store::StreamId::HallDay(hall_id, *day)).state);
    }
    if (!ticket) {
        return tl::unexpected(TicketNotFound(ticket_id));
    }

    SurveyForm form;
    form.hall = hall_id;
    form.ticket = survey::ServedTicket{.ticket_id = ticket->id,
                                       .number = ticket->number,
                                       .service = ticket->service,
                                       .unit = {},
                                       .officer_id = std::nullopt,
                                       .counter_id = std::nullopt,
                                       .served_at = std::nullopt};
    if (ticket->status == queue::TicketStatus::kDone) {
        form.ticket.served_at = ticket->ended_at;
    }
    if (!ticket->officer_id.empty()) {
        form.ticket.officer_id = ticket->officer_id;
        for (const auto& officer : directory_.OfficersOf(hall->tenant_id)) {
            if (officer.id == ticket->officer_id) {
                form.officer_name = officer.name;
            }
        }
    }
    if (!ticket->counter_id.empty()) {
        form.ticket.counter_id = ticket->counter_id;
    }
    if (const auto* service = directory_.FindService(hall->tenant_id, ticket->service); service != nullptr) {
        form.service_name = service->name;
        form.ticket.unit = service->unit_id;
        for (const auto& unit : directory_.UnitsOf(hall->tenant_id)) {
            if (unit.id == service->unit_id) {
                form.unit_name = unit.name;
            }
        }
    }
    const auto closes = std::chrono::sys_days{*day} + std::chrono::days{link_days_ + 1};
    form.expires_at = core::FromLocal(std::chrono::year_month_day{closes}, std::chrono::minutes{0}, hall->utc_offset) -
                      core::Millis{1};
    auto state = streams_.Read(store::StreamId::SurveyDay(hall_id, *day), [&](const survey::SurveyDay& responses) {
        return survey::StateOf(responses, form.ticket, now, form.expires_at);
    });
    if (!state) {
        return tl::unexpected(state.error());
    }
    form.state = *state;
    return form;
}

core::Result<SurveyForm> Surveys::Form(const std::string& hall, const std::string& ticket,
                                       const std::optional<std::string>& key) {
    if (directory_.FindHall(hall) == nullptr) {
        return tl::unexpected(HallNotFound(hall));
    }
    if (!key) {
        return tl::unexpected(LinkInvalid());
    }
    if (auto access = CheckAccess(hall, ticket, key, Caller{}); !access) {
        return tl::unexpected(access.error());
    }
    return Find(hall, ticket);
}

core::Result<SurveyForm> Surveys::ForCounter(const std::string& hall_id, const std::string& counter_id,
                                             const Caller& caller) {
    const auto* hall = directory_.FindHall(hall_id);
    if (hall == nullptr) {
        return tl::unexpected(HallNotFound(hall_id));
    }
    if (!MayUseTablet(caller.principal, *hall)) {
        return core::Fail(core::ErrorKind::kForbidden, "survey_tablet_only",
                          "Only the hall's kiosk tablets and its staff can show the counter's survey.");
    }
    bool known = std::any_of(hall->counters.begin(), hall->counters.end(),
                             [&](const auto& counter) { return counter.id == counter_id; });
    if (!known) {
        return core::Fail(core::ErrorKind::kNotFound, "counter_not_found",
                          fmt::format("There is no counter {} in {}.", counter_id, hall->name),
                          {{"counter", counter_id}});
    }
    auto last = halls_.Read(hall_id, [&](const HallView& view) {
        const queue::Ticket* latest = nullptr;
        for (const auto& ticket : view.state.Tickets()) {
            if (ticket.counter_id == counter_id && ticket.status == queue::TicketStatus::kDone && ticket.ended_at &&
                (latest == nullptr || *ticket.ended_at > *latest->ended_at)) {
                latest = &ticket;
            }
        }
        return latest != nullptr && view.now - *latest->ended_at <= kTabletWindow ? latest->id : std::string{};
    });
    if (!last) {
        return tl::unexpected(last.error());
    }
    auto nothing = core::Fail(core::ErrorKind::kNotFound, "survey_nothing_to_answer",
                              fmt::format("Counter {} has no finished service waiting for its survey.", counter_id),
                              {{"counter", counter_id}});
    if (last->empty()) {
        return nothing;
    }
    auto form = Find(hall_id, *last);
    if (form && form->state != survey::SurveyState::kOpen) {
        return nothing;
    }
    return form;
}

void Surveys::Answer(SurveyAnswerRequest request, const Caller& caller, Done<SurveyAnswerReceipt> done) {
    if (directory_.FindHall(request.hall) == nullptr) {
        return done(tl::unexpected(HallNotFound(request.hall)));
    }
    if (auto access = CheckAccess(request.hall, request.ticket, request.key, caller); !access) {
        return done(tl::unexpected(access.error()));
    }
    auto form = Find(request.hall, request.ticket);
    if (!form) {
        return done(tl::unexpected(form.error()));
    }
    const auto channel = request.key ? survey::Channel::kLink : survey::Channel::kTablet;
    if (channel == survey::Channel::kTablet &&
        (!form->ticket.served_at || clock_.Now() - *form->ticket.served_at > kTabletWindow)) {
        // The tablet answers for the citizen still at the counter, not for tickets of hours or days ago.
        return done(core::Fail(core::ErrorKind::kForbidden, "survey_link_invalid",
                               "The counter's tablet answers only for the citizen just served there; this ticket's "
                               "survey needs its own link.",
                               {{"ticket", request.ticket}}));
    }
    const auto day = DayOfTicket(request.ticket);  // Find checked it
    streams_.Execute<SurveyAnswerReceipt>(
        store::StreamId::SurveyDay(request.hall, *day), store::MetadataOf(caller.actor),
        // By value: a decision that lost a race with another node is taken again, on the reloaded day.
        [this, ticket = form->ticket, expires_at = form->expires_at, response = std::move(request.response),
         channel](const survey::SurveyDay& responses) -> Streams<SurveyDayModel>::Decision {
            auto answered = survey::Answer(responses, ticket, response, channel, clock_.Now(), expires_at);
            if (!answered) {
                return tl::unexpected(answered.error());
            }
            return std::vector{std::move(*answered)};
        },
        [](const survey::SurveyDay&, const std::vector<survey::SurveyAnswered>& events) {
            return SurveyAnswerReceipt{.ticket = events.front().ticket_id, .at = events.front().at};
        },
        std::move(done));
}

}  // namespace layan::engine
