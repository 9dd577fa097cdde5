#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"
#include "layan/domain/survey/response.h"
#include "layan/engine/actor.h"
#include "layan/engine/directory.h"
#include "layan/engine/dispatcher.h"
#include "layan/engine/halls.h"
#include "layan/engine/queue.h"
#include "layan/engine/streams.h"
#include "layan/store/event_store.h"
#include "layan/store/personal_data.h"

/// The satisfaction survey's use cases: the form of a ticket's survey and its answer, by the citizen's link (the
/// ticket's key) or on the tablet at the counter. Responses are events of the stream survey/<hall>/<day of the
/// ticket> (one per ticket, decided under that stream's lock), so the figures are a view of the log like
/// everything else.
namespace layan::engine {

/// How a day's survey stream folds and travels through the store (see Streams).
struct SurveyDayModel {
    using State = domain::survey::SurveyDay;
    using Event = domain::survey::SurveyAnswered;
    static void Apply(State& state, const Event& event) { state.Apply(event); }
    static core::Result<Event> Decode(const store::RecordedEvent& recorded);
    static store::NewEvent Encode(const Event& event, const nlohmann::json& metadata);
};

/// What the survey page shows for a ticket.
struct SurveyForm {
    std::string hall;
    domain::survey::ServedTicket ticket;
    domain::catalog::LocalizedText service_name;
    domain::catalog::LocalizedText unit_name;
    std::optional<std::string> officer_name;
    domain::survey::SurveyState state = domain::survey::SurveyState::kOpen;
    core::Instant expires_at{};
};

/// A response to a ticket's survey: with the ticket's key (the citizen's link), or without it from the tablet.
struct SurveyAnswerRequest {
    std::string hall;
    std::string ticket;
    std::optional<std::string> key;
    domain::survey::Response response;
};

struct SurveyAnswerReceipt {
    std::string ticket;
    core::Instant at{};
};

class Surveys {
public:
    /// `link_days`: how many days after the ticket's day its link still takes an answer.
    Surveys(store::EventStore& events, store::PersonalDataVault& vault, Directory& directory, Halls& halls,
            const core::Clock& clock, int link_days);
    /// Drain().
    ~Surveys();
    Surveys(const Surveys&) = delete;
    Surveys& operator=(const Surveys&) = delete;

    /// The ticket's survey key: 16 base32 letters and digits, unguessable without the vault's key, the same every
    /// time. Printed in the ticket's QR code and in its status link.
    [[nodiscard]] std::string KeyOf(std::string_view hall, std::string_view ticket) const;

    /// Whether `typed` is the ticket's key, as a person may type it (any case; o for 0, i or l for 1). Takes the
    /// same time whatever the mismatch.
    [[nodiscard]] bool IsKeyOf(std::string_view hall, std::string_view ticket, std::string_view typed) const;

    /// The form of a ticket's survey for the holder of its key. 404 "hall_not_found", "ticket_not_found";
    /// 403 "survey_link_invalid" for a missing or wrong key. Blocks on the store for tickets of earlier days.
    [[nodiscard]] core::Result<SurveyForm> Form(const std::string& hall, const std::string& ticket,
                                                const std::optional<std::string>& key);

    /// The form for the ticket most recently finished today at a counter, for its tablet: a kiosk device of
    /// the hall or the hall's staff. 404 "counter_not_found", "survey_nothing_to_answer" (none, or it was
    /// answered); 403 "survey_tablet_only" for another device.
    [[nodiscard]] core::Result<SurveyForm> ForCounter(const std::string& hall, const std::string& counter,
                                                      const Caller& caller);

    /// Records a response: with the right key, or without a key from the hall's kiosk tablet for a ticket served
    /// within the last 30 minutes (403 "survey_link_invalid" otherwise: staff never answer for a citizen). Errors:
    /// Form's, 409 "survey_already_answered", "survey_not_served", 410 "survey_link_expired",
    /// domain::survey::CheckResponse's, 503 when the store fails. Blocks on the store for earlier days' tickets:
    /// call it from a worker.
    void Answer(SurveyAnswerRequest request, const Caller& caller, Done<SurveyAnswerReceipt> done);

    /// Waits for every response in flight.
    void Drain();

private:
    [[nodiscard]] core::Result<SurveyForm> Find(const std::string& hall, const std::string& ticket);
    [[nodiscard]] core::Status CheckAccess(const std::string& hall, const std::string& ticket,
                                           const std::optional<std::string>& key, const Caller& caller) const;

    store::EventStore& events_;
    store::PersonalDataVault& vault_;
    Directory& directory_;
    Halls& halls_;
    const core::Clock& clock_;
    int link_days_;
    Dispatcher dispatcher_;
    Streams<SurveyDayModel> streams_;
};

}  // namespace layan::engine
