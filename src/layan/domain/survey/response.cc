#include "layan/domain/survey/response.h"

#include <algorithm>

#include <fmt/format.h>

#include "layan/domain/survey/ikm.h"

namespace layan::domain::survey {

namespace {

using catalog::LocalizedText;

// The wording follows the sample form of PermenPANRB 14/2017 (Lampiran), one question per element.
const std::array<Question, 9> kQuestions{{
    {"U1",
     {"Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
      "How well did the requirements match the service you came for?"},
     {{{"Tidak sesuai", "Not appropriate"},
       {"Kurang sesuai", "Somewhat appropriate"},
       {"Sesuai", "Appropriate"},
       {"Sangat sesuai", "Very appropriate"}}}},
    {"U2",
     {"Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
      "How easy was the procedure of this service?"},
     {{{"Tidak mudah", "Not easy"},
       {"Kurang mudah", "Somewhat easy"},
       {"Mudah", "Easy"},
       {"Sangat mudah", "Very easy"}}}},
    {"U3",
     {"Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?", "How fast were you served?"},
     {{{"Tidak cepat", "Not fast"},
       {"Kurang cepat", "Somewhat fast"},
       {"Cepat", "Fast"},
       {"Sangat cepat", "Very fast"}}}},
    {"U4",
     {"Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
      "How fair was the fee for this service?"},
     {{{"Sangat mahal", "Very expensive"},
       {"Cukup mahal", "Fairly expensive"},
       {"Murah", "Cheap"},
       {"Gratis", "Free"}}}},
    {"U5",
     {"Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
      "pelayanan dengan hasil yang diberikan?",
      "How well did what you received match what the service standard promises?"},
     {{{"Tidak sesuai", "Not matching"},
       {"Kurang sesuai", "Somewhat matching"},
       {"Sesuai", "Matching"},
       {"Sangat sesuai", "Fully matching"}}}},
    {"U6",
     {"Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
      "How competent were the officers?"},
     {{{"Tidak kompeten", "Not competent"},
       {"Kurang kompeten", "Somewhat competent"},
       {"Kompeten", "Competent"},
       {"Sangat kompeten", "Very competent"}}}},
    {"U7",
     {"Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
      "How polite and friendly were the officers?"},
     {{{"Tidak sopan dan ramah", "Not polite or friendly"},
       {"Kurang sopan dan ramah", "Somewhat polite and friendly"},
       {"Sopan dan ramah", "Polite and friendly"},
       {"Sangat sopan dan ramah", "Very polite and friendly"}}}},
    {"U8",
     {"Bagaimana pendapat Saudara tentang penanganan pengaduan, saran, dan masukan pengguna layanan?",
      "How are complaints, suggestions and input from citizens handled?"},
     {{{"Tidak ada", "There is no channel"},
       {"Ada tetapi tidak berfungsi", "There is one, but it does not work"},
       {"Berfungsi kurang maksimal", "It works, but not well"},
       {"Dikelola dengan baik", "It is handled well"}}}},
    {"U9",
     {"Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
      "How good are the facilities (waiting room, seats, toilets, access)?"},
     {{{"Buruk", "Poor"}, {"Cukup", "Fair"}, {"Baik", "Good"}, {"Sangat baik", "Very good"}}}},
}};

const Question kConduct{
    "conduct",
    {"Bagaimana sikap petugas yang melayani Saudara hari ini?", "How did the officer who served you today treat you?"},
    {{{"Tidak baik", "Poorly"}, {"Kurang baik", "Not very well"}, {"Baik", "Well"}, {"Sangat baik", "Very well"}}}};

const std::array<ProfileOption, 6> kAgeBands{{
    {"under_20", {"Di bawah 20 tahun", "Under 20"}},
    {"20_29", {"20–29 tahun", "20–29"}},
    {"30_39", {"30–39 tahun", "30–39"}},
    {"40_49", {"40–49 tahun", "40–49"}},
    {"50_59", {"50–59 tahun", "50–59"}},
    {"60_plus", {"60 tahun ke atas", "60 or over"}},
}};

const std::array<ProfileOption, 2> kSexes{{
    {"male", {"Laki-laki", "Male"}},
    {"female", {"Perempuan", "Female"}},
}};

const std::array<ProfileOption, 6> kEducation{{
    {"sd", {"SD atau di bawahnya", "Primary school or less"}},
    {"smp", {"SMP", "Junior high school"}},
    {"sma", {"SMA/SMK", "Senior high school"}},
    {"diploma", {"D1–D3", "Diploma (D1–D3)"}},
    {"s1", {"D4/S1", "Bachelor's degree (D4/S1)"}},
    {"s2_s3", {"S2/S3", "Master's or doctorate (S2/S3)"}},
}};

const std::array<ProfileOption, 6> kOccupations{{
    {"pns", {"PNS/ASN", "Civil servant"}},
    {"tni_polri", {"TNI/Polri", "Armed forces or police"}},
    {"private", {"Pegawai swasta", "Private employee"}},
    {"entrepreneur", {"Wirausaha", "Self-employed"}},
    {"student", {"Pelajar/mahasiswa", "Student"}},
    {"other", {"Lainnya", "Other"}},
}};

const std::array<ProfileField, 4> kProfileFields{{
    {"age_band", {"Usia", "Age"}, kAgeBands},
    {"sex", {"Jenis kelamin", "Sex"}, kSexes},
    {"education", {"Pendidikan terakhir", "Education"}, kEducation},
    {"occupation", {"Pekerjaan", "Occupation"}, kOccupations},
}};

tl::unexpected<core::Error> Invalid(std::string code, std::string message, std::string field) {
    return core::Fail(core::ErrorKind::kInvalid, std::move(code), std::move(message), {{"field", std::move(field)}});
}

/// Code points of UTF-8 text (continuation bytes are not counted).
std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string Trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    auto last = text.find_last_not_of(kSpace);
    return std::string(text.substr(first, last - first + 1));
}

tl::unexpected<core::Error> BadEvent(std::string_view field) {
    return core::Fail(core::ErrorKind::kInvalid, "invalid_event",
                      fmt::format("a survey_answered event has no valid '{}'", field), {{"field", field}});
}

}  // namespace

std::span<const Question> Questions() { return kQuestions; }

const Question& ConductQuestion() { return kConduct; }

std::span<const ProfileField> ProfileFields() { return kProfileFields; }

const ProfileField* FindProfileField(std::string_view name) {
    auto found = std::find_if(kProfileFields.begin(), kProfileFields.end(),
                              [&](const ProfileField& field) { return field.name == name; });
    return found == kProfileFields.end() ? nullptr : &*found;
}

core::Result<Response> CheckResponse(Response response) {
    if (!response.consent) {
        return Invalid("survey_consent_required",
                       "Please agree that your answers may be processed for the satisfaction index.", "consent");
    }
    for (const auto& [code, answer] : response.answers) {
        if (FindElement(code) == nullptr) {
            return Invalid("survey_unknown_element",
                           fmt::format("\"{}\" is not a survey element; the elements are U1 to U9.", code),
                           "answers." + code);
        }
        if (answer < kMinAnswer || answer > kMaxAnswer) {
            return Invalid("survey_answer_out_of_range",
                           fmt::format("The answer to {} must be 1 to 4, not {}.", code, answer), "answers." + code);
        }
    }
    for (const auto& element : Elements()) {
        if (!response.answers.contains(element.code)) {
            return Invalid("survey_unanswered", fmt::format("Please answer question {}.", element.code),
                           fmt::format("answers.{}", element.code));
        }
    }
    if (response.conduct && (*response.conduct < kMinAnswer || *response.conduct > kMaxAnswer)) {
        return Invalid("survey_answer_out_of_range",
                       fmt::format("The officer's conduct is rated 1 to 4, not {}.", *response.conduct), "conduct");
    }
    if (response.comment) {
        response.comment = Trim(*response.comment);
        if (response.comment->empty()) {
            response.comment.reset();
        } else if (CodePoints(*response.comment) > kMaxCommentLength) {
            return Invalid("survey_comment_too_long",
                           fmt::format("A comment may have at most {} characters.", kMaxCommentLength), "comment");
        }
    }
    for (const auto& [name, code] : response.profile) {
        const auto* field = FindProfileField(name);
        const std::string& chosen = code;
        bool known =
            field != nullptr && std::any_of(field->options.begin(), field->options.end(),
                                            [&](const ProfileOption& option) { return option.code == chosen; });
        if (!known) {
            return Invalid("survey_unknown_profile",
                           fmt::format("\"{}\" is not a choice of the profile field \"{}\".", code, name),
                           "profile." + name);
        }
    }
    return response;
}

std::string_view ToString(Channel channel) { return channel == Channel::kTablet ? "tablet" : "link"; }

std::optional<Channel> ParseChannel(std::string_view text) {
    if (text == "link") {
        return Channel::kLink;
    }
    if (text == "tablet") {
        return Channel::kTablet;
    }
    return std::nullopt;
}

nlohmann::json ToJson(const SurveyAnswered& event) {
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& [code, answer] : event.response.answers) {
        answers[code] = answer;
    }
    nlohmann::json profile = nlohmann::json::object();
    for (const auto& [name, code] : event.response.profile) {
        profile[name] = code;
    }
    return {
        {"ticket_id", event.ticket_id},
        {"number", event.number},
        {"service", event.service},
        {"unit", event.unit},
        {"officer_id", event.officer_id ? nlohmann::json(*event.officer_id) : nlohmann::json(nullptr)},
        {"counter_id", event.counter_id ? nlohmann::json(*event.counter_id) : nlohmann::json(nullptr)},
        {"channel", ToString(event.channel)},
        {"answers", std::move(answers)},
        {"conduct", event.response.conduct ? nlohmann::json(*event.response.conduct) : nlohmann::json(nullptr)},
        {"comment", event.response.comment ? nlohmann::json(*event.response.comment) : nlohmann::json(nullptr)},
        {"profile", std::move(profile)},
        {"consent", event.response.consent},
        {"at", core::FormatIso8601(event.at)},
    };
}

core::Result<SurveyAnswered> SurveyAnsweredFromJson(const nlohmann::json& data) {
    if (!data.is_object()) {
        return BadEvent("data");
    }
    SurveyAnswered event;
    for (auto [field, target] : {std::pair{"ticket_id", &event.ticket_id}, std::pair{"number", &event.number},
                                 std::pair{"service", &event.service}, std::pair{"unit", &event.unit}}) {
        auto found = data.find(field);
        if (found == data.end() || !found->is_string()) {
            return BadEvent(field);
        }
        *target = found->get<std::string>();
    }
    for (auto [field, target] : {std::pair{"officer_id", &event.officer_id}, std::pair{"counter_id", &event.counter_id},
                                 std::pair{"comment", &event.response.comment}}) {
        auto found = data.find(field);
        if (found != data.end() && found->is_string()) {
            *target = found->get<std::string>();
        } else if (found != data.end() && !found->is_null()) {
            return BadEvent(field);
        }
    }
    auto channel_field = data.find("channel");
    auto channel = channel_field != data.end() && channel_field->is_string()
                       ? ParseChannel(channel_field->get<std::string>())
                       : std::nullopt;
    if (!channel) {
        return BadEvent("channel");
    }
    event.channel = *channel;
    auto answers = data.find("answers");
    if (answers == data.end() || !answers->is_object()) {
        return BadEvent("answers");
    }
    for (const auto& [code, answer] : answers->items()) {
        if (!answer.is_number_integer()) {
            return BadEvent("answers");
        }
        event.response.answers[code] = answer.get<int>();
    }
    if (auto conduct = data.find("conduct"); conduct != data.end() && !conduct->is_null()) {
        if (!conduct->is_number_integer()) {
            return BadEvent("conduct");
        }
        event.response.conduct = conduct->get<int>();
    }
    if (auto profile = data.find("profile"); profile != data.end()) {
        if (!profile->is_object()) {
            return BadEvent("profile");
        }
        for (const auto& [name, code] : profile->items()) {
            if (!code.is_string()) {
                return BadEvent("profile");
            }
            event.response.profile[name] = code.get<std::string>();
        }
    }
    auto consent = data.find("consent");
    if (consent != data.end() && !consent->is_boolean()) {
        return BadEvent("consent");
    }
    event.response.consent = consent != data.end() && consent->get<bool>();
    auto at = data.find("at");
    auto instant = at != data.end() && at->is_string() ? core::ParseIso8601(at->get<std::string>()) : std::nullopt;
    if (!instant) {
        return BadEvent("at");
    }
    event.at = *instant;
    return event;
}

std::string_view ToString(SurveyState state) {
    switch (state) {
        case SurveyState::kOpen:
            return "open";
        case SurveyState::kAnswered:
            return "answered";
        case SurveyState::kNotServed:
            return "not_served";
        case SurveyState::kExpired:
            return "expired";
    }
    return "open";
}

SurveyState StateOf(const SurveyDay& day, const ServedTicket& ticket, core::Instant now, core::Instant expires_at) {
    if (day.answered.contains(ticket.ticket_id)) {
        return SurveyState::kAnswered;
    }
    if (!ticket.served_at) {
        return SurveyState::kNotServed;
    }
    if (now > expires_at) {
        return SurveyState::kExpired;
    }
    return SurveyState::kOpen;
}

core::Result<SurveyAnswered> Answer(const SurveyDay& day, const ServedTicket& ticket, Response response,
                                    Channel channel, core::Instant now, core::Instant expires_at) {
    switch (StateOf(day, ticket, now, expires_at)) {
        case SurveyState::kAnswered:
            return core::Fail(
                core::ErrorKind::kConflict, "survey_already_answered",
                fmt::format("The survey of ticket {} has already been answered. Thank you!", ticket.number),
                {{"ticket", ticket.ticket_id}});
        case SurveyState::kNotServed:
            return core::Fail(
                core::ErrorKind::kConflict, "survey_not_served",
                fmt::format("Ticket {} has not been served yet: the survey opens once it is.", ticket.number),
                {{"ticket", ticket.ticket_id}});
        case SurveyState::kExpired:
            return core::Fail(
                core::ErrorKind::kGone, "survey_link_expired",
                fmt::format("The survey of ticket {} closed on {}.", ticket.number, core::FormatIso8601(expires_at)),
                {{"ticket", ticket.ticket_id}, {"expired_at", core::FormatIso8601(expires_at)}});
        case SurveyState::kOpen:
            break;
    }
    auto checked = CheckResponse(std::move(response));
    if (!checked) {
        return tl::unexpected(checked.error());
    }
    return SurveyAnswered{.ticket_id = ticket.ticket_id,
                          .number = ticket.number,
                          .service = ticket.service,
                          .unit = ticket.unit,
                          .officer_id = ticket.officer_id,
                          .counter_id = ticket.counter_id,
                          .channel = channel,
                          .response = std::move(*checked),
                          .at = now};
}

}  // namespace layan::domain::survey
