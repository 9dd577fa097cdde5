// The satisfaction survey as a citizen answers it: the form's questions, the checks of a response, the
// survey_answered event's JSON, and the decision to record an answer (once, after service, before expiry).

#include "layan/domain/survey/response.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "layan/domain/survey/ikm.h"

namespace layan::domain::survey {
namespace {

/// A consenting response answering every element with `value`.
Response Complete(int value = 3) {
    Response response;
    for (const auto& element : Elements()) {
        response.answers[std::string(element.code)] = value;
    }
    response.consent = true;
    return response;
}

/// The details.field of a refused check.
std::string FieldOf(const core::Error& error) { return error.details.value("field", std::string{}); }

std::string Repeat(std::string_view piece, std::size_t times) {
    std::string text;
    for (std::size_t i = 0; i < times; ++i) {
        text += piece;
    }
    return text;
}

TEST(SurveyResponse, ACompleteConsentingResponseIsAccepted) {
    auto checked = CheckResponse(Complete(4));
    ASSERT_TRUE(checked) << checked.error().message;
    EXPECT_EQ(*checked, Complete(4));
}

TEST(SurveyResponse, ConsentIsRequired) {
    auto response = Complete();
    response.consent = false;
    auto checked = CheckResponse(response);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(checked.error().code, "survey_consent_required");
    EXPECT_EQ(FieldOf(checked.error()), "consent");
}

TEST(SurveyResponse, EachUnansweredElementIsNamedInTheErrorsField) {
    for (const auto& element : Elements()) {
        auto response = Complete();
        response.answers.erase(std::string(element.code));
        auto checked = CheckResponse(response);
        ASSERT_FALSE(checked) << element.code;
        EXPECT_EQ(checked.error().kind, core::ErrorKind::kInvalid);
        EXPECT_EQ(checked.error().code, "survey_unanswered") << element.code;
        EXPECT_EQ(FieldOf(checked.error()), "answers." + std::string(element.code));
    }
    Response nothing;
    nothing.consent = true;
    auto checked = CheckResponse(nothing);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, "survey_unanswered");
}

TEST(SurveyResponse, AnswersOutsideOneToFourAreRefused) {
    for (int value : {0, 5, -1}) {
        auto response = Complete();
        response.answers["U3"] = value;
        auto checked = CheckResponse(response);
        ASSERT_FALSE(checked) << value;
        EXPECT_EQ(checked.error().code, "survey_answer_out_of_range") << value;
        EXPECT_EQ(FieldOf(checked.error()), "answers.U3") << value;
    }
    for (int value : {1, 4}) {
        auto response = Complete();
        response.answers["U3"] = value;
        EXPECT_TRUE(CheckResponse(response)) << value << " is a valid answer";
    }
}

TEST(SurveyResponse, AnUnknownElementIsRefused) {
    auto response = Complete();
    response.answers["U10"] = 3;
    auto checked = CheckResponse(response);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, "survey_unknown_element");
    EXPECT_EQ(FieldOf(checked.error()), "answers.U10");
}

TEST(SurveyResponse, ConductIsOptionalButRatedOneToFour) {
    auto without = Complete();
    without.conduct.reset();
    EXPECT_TRUE(CheckResponse(without));
    for (int value : {0, 5}) {
        auto response = Complete();
        response.conduct = value;
        auto checked = CheckResponse(response);
        ASSERT_FALSE(checked) << value;
        EXPECT_EQ(checked.error().code, "survey_answer_out_of_range");
        EXPECT_EQ(FieldOf(checked.error()), "conduct");
    }
    auto rated = Complete();
    rated.conduct = 4;
    auto checked = CheckResponse(rated);
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->conduct, 4);
}

TEST(SurveyResponse, CommentIsTrimmedAndAnEmptyOneBecomesNone) {
    auto response = Complete();
    response.comment = "  \tPelayanan cepat.\r\n ";
    auto checked = CheckResponse(response);
    ASSERT_TRUE(checked);
    EXPECT_EQ(checked->comment, "Pelayanan cepat.");

    response.comment = " \n\t ";
    checked = CheckResponse(response);
    ASSERT_TRUE(checked);
    EXPECT_FALSE(checked->comment.has_value());

    response.comment = "";
    checked = CheckResponse(response);
    ASSERT_TRUE(checked);
    EXPECT_FALSE(checked->comment.has_value());
}

TEST(SurveyResponse, CommentLengthCountsCodePointsNotBytes) {
    ASSERT_EQ(kMaxCommentLength, 1000U);
    // "é" is 2 bytes, "𝄞" is 4: the limit is on characters as a reader counts them.
    for (std::string_view character : {"a", "\xC3\xA9", "\xF0\x9D\x84\x9E"}) {
        auto response = Complete();
        response.comment = " " + Repeat(character, kMaxCommentLength) + "  ";
        auto checked = CheckResponse(response);
        ASSERT_TRUE(checked) << "1000 characters of " << character.size() << " bytes each are allowed";
        EXPECT_EQ(checked->comment, Repeat(character, kMaxCommentLength));

        response.comment = Repeat(character, kMaxCommentLength + 1);
        checked = CheckResponse(response);
        ASSERT_FALSE(checked) << "1001 characters of " << character.size() << " bytes each";
        EXPECT_EQ(checked.error().code, "survey_comment_too_long");
        EXPECT_EQ(FieldOf(checked.error()), "comment");
    }
}

TEST(SurveyResponse, ProfileTakesKnownFieldsWithTheirOptionsOnly) {
    auto response = Complete();
    response.profile = {{"age_band", "30_39"}, {"sex", "female"}, {"education", "s1"}, {"occupation", "pns"}};
    EXPECT_TRUE(CheckResponse(response));
    response.profile = {{"sex", "male"}};
    EXPECT_TRUE(CheckResponse(response)) << "any subset of the fields";

    response.profile = {{"shoe_size", "42"}};
    auto checked = CheckResponse(response);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, "survey_unknown_profile");
    EXPECT_EQ(FieldOf(checked.error()), "profile.shoe_size");

    response.profile = {{"age_band", "30_39"}, {"sex", "unknown"}};
    checked = CheckResponse(response);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, "survey_unknown_profile");
    EXPECT_EQ(FieldOf(checked.error()), "profile.sex");
}

TEST(SurveyResponse, ProfileFieldsAreFoundByNameWithTheirOptions) {
    std::vector<std::string> names;
    for (const auto& field : ProfileFields()) {
        names.emplace_back(field.name);
        EXPECT_EQ(FindProfileField(field.name), &field);
        EXPECT_FALSE(field.options.empty()) << field.name;
        for (const auto& option : field.options) {
            EXPECT_FALSE(option.code.empty());
            EXPECT_FALSE(option.label.id.empty());
            EXPECT_FALSE(option.label.en.empty());
        }
    }
    EXPECT_EQ(names, (std::vector<std::string>{"age_band", "sex", "education", "occupation"}));
    EXPECT_EQ(FindProfileField("shoe_size"), nullptr);
}

TEST(SurveyQuestions, NineElementsInOrderEachWithFourLabelledAnswersInBothLanguages) {
    auto questions = Questions();
    ASSERT_EQ(questions.size(), 9U);
    for (std::size_t i = 0; i < questions.size(); ++i) {
        EXPECT_EQ(questions[i].code, "U" + std::to_string(i + 1));
        EXPECT_EQ(questions[i].code, Elements()[i].code) << "the form asks the elements of the index";
        EXPECT_FALSE(questions[i].question.id.empty()) << questions[i].code;
        EXPECT_FALSE(questions[i].question.en.empty()) << questions[i].code;
        std::set<std::string> labels;
        for (const auto& answer : questions[i].answers) {
            EXPECT_FALSE(answer.id.empty()) << questions[i].code;
            EXPECT_FALSE(answer.en.empty()) << questions[i].code;
            labels.insert(answer.en);
        }
        EXPECT_EQ(labels.size(), 4U) << questions[i].code << ": four different answers";
    }
    const auto& conduct = ConductQuestion();
    EXPECT_EQ(conduct.code, "conduct");
    for (const auto& answer : conduct.answers) {
        EXPECT_FALSE(answer.id.empty());
        EXPECT_FALSE(answer.en.empty());
    }
}

TEST(SurveyChannel, RoundTripsThroughText) {
    for (auto channel : {Channel::kLink, Channel::kTablet}) {
        EXPECT_EQ(ParseChannel(ToString(channel)), channel);
    }
    EXPECT_FALSE(ParseChannel("email"));
}

SurveyAnswered FullEvent() {
    auto response = Complete(2);
    response.answers["U4"] = 4;
    response.conduct = 3;
    response.comment = "Ruang tunggu nyaman — terima kasih";
    response.profile = {{"age_band", "40_49"}, {"occupation", "entrepreneur"}};
    return SurveyAnswered{.ticket_id = "20261130-A-001",
                          .number = "A-001",
                          .service = "KTP",
                          .unit = "dispendukcapil",
                          .officer_id = "budi.santoso",
                          .counter_id = "L01",
                          .channel = Channel::kTablet,
                          .response = response,
                          .at = *core::ParseIso8601("2026-11-30T09:12:34.567+07:00")};
}

TEST(SurveyAnsweredJson, RoundTripsEveryField) {
    const auto full = FullEvent();
    auto back = SurveyAnsweredFromJson(ToJson(full));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, full);

    SurveyAnswered bare = full;
    bare.officer_id.reset();
    bare.counter_id.reset();
    bare.channel = Channel::kLink;
    bare.response.conduct.reset();
    bare.response.comment.reset();
    bare.response.profile.clear();
    auto bare_back = SurveyAnsweredFromJson(ToJson(bare));
    ASSERT_TRUE(bare_back) << bare_back.error().message;
    EXPECT_EQ(*bare_back, bare);
    EXPECT_NE(*bare_back, full);
}

TEST(SurveyAnsweredJson, AMissingRequiredFieldIsAnInvalidEventNamingIt) {
    const auto json = ToJson(FullEvent());
    for (std::string field : {"ticket_id", "number", "service", "unit", "channel", "answers", "at"}) {
        auto data = json;
        data.erase(field);
        auto decoded = SurveyAnsweredFromJson(data);
        ASSERT_FALSE(decoded) << field;
        EXPECT_EQ(decoded.error().kind, core::ErrorKind::kInvalid);
        EXPECT_EQ(decoded.error().code, "invalid_event") << field;
        EXPECT_EQ(FieldOf(decoded.error()), field);
    }
    auto wrong_shape = json;
    wrong_shape["answers"]["U1"] = "three";
    auto decoded = SurveyAnsweredFromJson(wrong_shape);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, "invalid_event");
    EXPECT_EQ(FieldOf(decoded.error()), "answers");

    auto bad_time = json;
    bad_time["at"] = "yesterday";
    decoded = SurveyAnsweredFromJson(bad_time);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(FieldOf(decoded.error()), "at");

    EXPECT_FALSE(SurveyAnsweredFromJson(nlohmann::json::array()));
}

ServedTicket Served(core::Instant served_at) {
    return ServedTicket{.ticket_id = "20261130-A-001",
                        .number = "A-001",
                        .service = "KTP",
                        .unit = "dispendukcapil",
                        .officer_id = "budi.santoso",
                        .counter_id = "L01",
                        .served_at = served_at};
}

class SurveyAnswer : public ::testing::Test {
protected:
    const core::Instant served_at_ = *core::ParseIso8601("2026-11-30T09:20:00+07:00");
    const core::Instant now_ = served_at_ + std::chrono::minutes{5};
    const core::Instant expires_at_ = *core::ParseIso8601("2026-12-07T23:59:59.999+07:00");
    SurveyDay day_;
};

TEST_F(SurveyAnswer, AnOpenSurveyRecordsTheTicketsServiceOfficerAndTheCheckedResponse) {
    auto response = Complete(4);
    response.comment = "  ramah  ";
    auto answered = Answer(day_, Served(served_at_), response, Channel::kLink, now_, expires_at_);
    ASSERT_TRUE(answered) << answered.error().message;
    EXPECT_EQ(answered->ticket_id, "20261130-A-001");
    EXPECT_EQ(answered->number, "A-001");
    EXPECT_EQ(answered->service, "KTP");
    EXPECT_EQ(answered->unit, "dispendukcapil");
    EXPECT_EQ(answered->officer_id, "budi.santoso");
    EXPECT_EQ(answered->counter_id, "L01");
    EXPECT_EQ(answered->channel, Channel::kLink);
    EXPECT_EQ(answered->at, now_);
    EXPECT_EQ(answered->response.comment, "ramah") << "the recorded response is the checked one";
}

TEST_F(SurveyAnswer, ASecondAnswerForTheSameTicketIsAConflict) {
    auto first = Answer(day_, Served(served_at_), Complete(), Channel::kLink, now_, expires_at_);
    ASSERT_TRUE(first);
    EXPECT_EQ(StateOf(day_, Served(served_at_), now_, expires_at_), SurveyState::kOpen);
    day_.Apply(*first);
    EXPECT_EQ(StateOf(day_, Served(served_at_), now_, expires_at_), SurveyState::kAnswered);

    auto second = Answer(day_, Served(served_at_), Complete(), Channel::kTablet, now_, expires_at_);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(second.error().code, "survey_already_answered");

    auto other = Served(served_at_);
    other.ticket_id = "20261130-A-002";
    EXPECT_TRUE(Answer(day_, other, Complete(), Channel::kLink, now_, expires_at_)) << "other tickets stay open";
}

TEST_F(SurveyAnswer, ATicketNotServedCannotBeAnswered) {
    auto ticket = Served(served_at_);
    ticket.served_at.reset();
    EXPECT_EQ(StateOf(day_, ticket, now_, expires_at_), SurveyState::kNotServed);
    auto answered = Answer(day_, ticket, Complete(), Channel::kLink, now_, expires_at_);
    ASSERT_FALSE(answered);
    EXPECT_EQ(answered.error().kind, core::ErrorKind::kConflict);
    EXPECT_EQ(answered.error().code, "survey_not_served");
}

TEST_F(SurveyAnswer, TheLinkTakesAnswersUpToItsExpiryInclusiveAndNotAfter) {
    auto at_expiry = Answer(day_, Served(served_at_), Complete(), Channel::kLink, expires_at_, expires_at_);
    EXPECT_TRUE(at_expiry) << "exactly at expires_at the survey is still open";
    EXPECT_EQ(StateOf(day_, Served(served_at_), expires_at_, expires_at_), SurveyState::kOpen);

    const auto after = expires_at_ + core::Millis{1};
    EXPECT_EQ(StateOf(day_, Served(served_at_), after, expires_at_), SurveyState::kExpired);
    auto late = Answer(day_, Served(served_at_), Complete(), Channel::kLink, after, expires_at_);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, core::ErrorKind::kGone);
    EXPECT_EQ(late.error().code, "survey_link_expired");
}

TEST_F(SurveyAnswer, AnInvalidResponseToAnOpenSurveyIsRefusedWithTheChecksError) {
    auto response = Complete();
    response.answers.erase("U7");
    auto answered = Answer(day_, Served(served_at_), response, Channel::kLink, now_, expires_at_);
    ASSERT_FALSE(answered);
    EXPECT_EQ(answered.error().code, "survey_unanswered");
    EXPECT_EQ(FieldOf(answered.error()), "answers.U7");
}

TEST(SurveyState, NamesAreStable) {
    EXPECT_EQ(ToString(SurveyState::kOpen), "open");
    EXPECT_EQ(ToString(SurveyState::kAnswered), "answered");
    EXPECT_EQ(ToString(SurveyState::kNotServed), "not_served");
    EXPECT_EQ(ToString(SurveyState::kExpired), "expired");
}

}  // namespace
}  // namespace layan::domain::survey
