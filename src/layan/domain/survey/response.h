#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/catalog/catalog.h"

/// The satisfaction survey as a citizen answers it (SKM, PermenPANRB 14/2017): the nine questions with their
/// wording, the respondent's profile, a response and its checks, and the fact of an answered survey. One
/// response per ticket: a hall's responses for the tickets of one day live in one stream (SurveyDay).
namespace layan::domain::survey {

/// One question of the form: an element (U1..U9) or the officer's conduct, with its four answers, 1 (poor)
/// to 4 (very good). The wording of each answer differs per question, as in the regulation's form.
struct Question {
    std::string_view code;  ///< "U1".."U9", or "conduct".
    catalog::LocalizedText question;
    std::array<catalog::LocalizedText, 4> answers;  ///< The labels of the answers 1..4.
};

/// The nine element questions, U1..U9 in order.
[[nodiscard]] std::span<const Question> Questions();

/// The optional question on the conduct of the officer who served (not part of the index).
[[nodiscard]] const Question& ConductQuestion();

/// One choice of a profile field.
struct ProfileOption {
    std::string_view code;  ///< Stable: stored in events ("30_39").
    catalog::LocalizedText label;
};

/// A field of the respondent's profile as SKM reports tabulate it.
struct ProfileField {
    std::string_view name;  ///< "age_band", "sex", "education", "occupation".
    catalog::LocalizedText label;
    std::span<const ProfileOption> options;
};

/// The four profile fields, in the order of the form.
[[nodiscard]] std::span<const ProfileField> ProfileFields();

/// The field with this name, or nullptr.
[[nodiscard]] const ProfileField* FindProfileField(std::string_view name);

/// Most characters (code points) of a comment.
inline constexpr std::size_t kMaxCommentLength = 1000;

/// What one respondent answered. Everything but the nine answers and the consent is optional.
struct Response {
    std::map<std::string, int, std::less<>> answers{};          ///< "U1" → 1..4; all nine.
    std::optional<int> conduct{};                               ///< 1..4.
    std::optional<std::string> comment{};                       ///< Free text, trimmed, at most kMaxCommentLength.
    std::map<std::string, std::string, std::less<>> profile{};  ///< Field name → option code; any subset.
    bool consent = false;  ///< The respondent agreed to their answers being processed (UU 27/2022).

    friend bool operator==(const Response&, const Response&) = default;
};

/// Checks a response (the comment is trimmed; an empty one becomes none). Errors, all kInvalid with
/// details.field: "survey_consent_required" (consent), "survey_unanswered" (answers.U5),
/// "survey_unknown_element" (answers.X), "survey_answer_out_of_range" (answers.U3, conduct),
/// "survey_comment_too_long" (comment), "survey_unknown_profile" (profile.x).
[[nodiscard]] core::Result<Response> CheckResponse(Response response);

/// How a response arrived.
enum class Channel {
    kLink,    ///< The citizen's link (the ticket's QR code or status page), on their own phone.
    kTablet,  ///< The tablet at the counter.
};
[[nodiscard]] std::string_view ToString(Channel channel);
[[nodiscard]] std::optional<Channel> ParseChannel(std::string_view text);

/// A citizen answered the survey for their ticket. Carries what the ticket was served for and by whom, so that
/// the figures need not look the ticket up.
struct SurveyAnswered {
    static constexpr std::string_view kType = "survey_answered";
    std::string ticket_id{};                ///< "20261129-A-001".
    std::string number{};                   ///< "A-001".
    std::string service{};                  ///< The service last served on the ticket.
    std::string unit{};                     ///< The unit of that service.
    std::optional<std::string> officer_id;  ///< The officer who served it.
    std::optional<std::string> counter_id;  ///< Where.
    Channel channel = Channel::kLink;
    Response response{};
    core::Instant at{};

    friend bool operator==(const SurveyAnswered&, const SurveyAnswered&) = default;
};

[[nodiscard]] nlohmann::json ToJson(const SurveyAnswered& event);
/// "invalid_event" (kInvalid, details.field) when a field is missing or of the wrong shape.
[[nodiscard]] core::Result<SurveyAnswered> SurveyAnsweredFromJson(const nlohmann::json& data);

/// The survey responses of one hall for the tickets of one day: which tickets were answered.
struct SurveyDay {
    std::set<std::string, std::less<>> answered{};

    void Apply(const SurveyAnswered& event) { answered.insert(event.ticket_id); }
};

/// A ticket as the survey needs it: what it was served for, by whom, and whether its service ended.
struct ServedTicket {
    std::string ticket_id{};
    std::string number{};
    std::string service{};
    std::string unit{};
    std::optional<std::string> officer_id{};
    std::optional<std::string> counter_id{};
    std::optional<core::Instant> served_at{};  ///< When the service finished; none when it never did.
};

/// Whether the survey of a ticket can be answered now.
enum class SurveyState { kOpen, kAnswered, kNotServed, kExpired };
[[nodiscard]] std::string_view ToString(SurveyState state);

/// The state of a ticket's survey at `now`, given its day's responses and when its link expires.
[[nodiscard]] SurveyState StateOf(const SurveyDay& day, const ServedTicket& ticket, core::Instant now,
                                  core::Instant expires_at);

/// Decides a response: the event to record, or 409 "survey_already_answered", 409 "survey_not_served",
/// 410 "survey_link_expired", or CheckResponse's error.
[[nodiscard]] core::Result<SurveyAnswered> Answer(const SurveyDay& day, const ServedTicket& ticket, Response response,
                                                  Channel channel, core::Instant now, core::Instant expires_at);

}  // namespace layan::domain::survey
