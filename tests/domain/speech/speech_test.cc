#include "layan/domain/speech/speech.h"

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace layan::domain::speech {
namespace {

// An independent reader of Indonesian number words, used to check SpellNumberId by round trip.
std::optional<std::int64_t> ReadNumberId(const std::string& text) {
    static const std::map<std::string, std::int64_t> kWords = {
        {"nol", 0},   {"satu", 1},    {"dua", 2},      {"tiga", 3},     {"empat", 4},    {"lima", 5},     {"enam", 6},
        {"tujuh", 7}, {"delapan", 8}, {"sembilan", 9}, {"sepuluh", 10}, {"sebelas", 11}, {"seratus", 100}};
    static const std::map<std::string, std::int64_t> kScales = {{"ribu", 1'000},
                                                                {"juta", 1'000'000},
                                                                {"miliar", 1'000'000'000},
                                                                {"triliun", 1'000'000'000'000},
                                                                {"kuadriliun", 1'000'000'000'000'000},
                                                                {"kuintiliun", 1'000'000'000'000'000'000}};
    std::istringstream words(text);
    std::string word;
    std::int64_t total = 0;  // sum of the completed scale groups
    std::int64_t group = 0;  // the group below the next scale word
    std::int64_t last = 0;   // the last digit word, which "belas", "puluh" and "ratus" multiply
    while (words >> word) {
        if (auto it = kWords.find(word); it != kWords.end()) {
            group += it->second;
            last = it->second;
        } else if (word == "seribu") {
            total += 1000;
        } else if (word == "belas") {
            group += 10;
        } else if (word == "puluh") {
            group += last * 9;
        } else if (word == "ratus") {
            group += last * 99;
        } else if (auto scale = kScales.find(word); scale != kScales.end()) {
            total += group * scale->second;
            group = 0;
        } else {
            return std::nullopt;
        }
    }
    return total + group;
}

TEST(SpellNumberId, SaysTheWordsOfSmallAndRoundNumbers) {
    const std::vector<std::pair<std::int64_t, std::string>> cases = {
        {0, "nol"},
        {1, "satu"},
        {2, "dua"},
        {7, "tujuh"},
        {9, "sembilan"},
        {10, "sepuluh"},
        {11, "sebelas"},
        {12, "dua belas"},
        {15, "lima belas"},
        {19, "sembilan belas"},
        {20, "dua puluh"},
        {21, "dua puluh satu"},
        {45, "empat puluh lima"},
        {99, "sembilan puluh sembilan"},
        {100, "seratus"},
        {101, "seratus satu"},
        {110, "seratus sepuluh"},
        {111, "seratus sebelas"},
        {119, "seratus sembilan belas"},
        {200, "dua ratus"},
        {999, "sembilan ratus sembilan puluh sembilan"},
        {1000, "seribu"},
        {1001, "seribu satu"},
        {1100, "seribu seratus"},
        {1999, "seribu sembilan ratus sembilan puluh sembilan"},
        {2000, "dua ribu"},
        {2026, "dua ribu dua puluh enam"},
        {11000, "sebelas ribu"},
        {100000, "seratus ribu"},
        {101000, "seratus satu ribu"},
        {1'000'000, "satu juta"},
        {1'001'000, "satu juta seribu"},
        {2'500'000, "dua juta lima ratus ribu"},
        {1'000'000'000, "satu miliar"},
        {1'000'000'000'000, "satu triliun"},
        {1'000'000'000'000'000, "satu kuadriliun"},
        {1'000'000'000'000'000'000, "satu kuintiliun"},
    };
    for (const auto& [n, words] : cases) {
        EXPECT_EQ(SpellNumberId(n), words) << n;
    }
}

TEST(SpellNumberId, SaysMinusBeforeNegativeNumbers) {
    EXPECT_EQ(SpellNumberId(-5), "minus lima");
    EXPECT_EQ(SpellNumberId(-1000), "minus seribu");
}

TEST(SpellNumberId, CoversTheWholeInt64Range) {
    EXPECT_EQ(SpellNumberId(std::numeric_limits<std::int64_t>::max()),
              "sembilan kuintiliun dua ratus dua puluh tiga kuadriliun tiga ratus tujuh puluh dua triliun tiga puluh "
              "enam miliar delapan ratus lima puluh empat juta tujuh ratus tujuh puluh lima ribu delapan ratus tujuh");
    EXPECT_EQ(SpellNumberId(std::numeric_limits<std::int64_t>::min()),
              "minus sembilan kuintiliun dua ratus dua puluh tiga kuadriliun tiga ratus tujuh puluh dua triliun tiga "
              "puluh enam miliar delapan ratus lima puluh empat juta tujuh ratus tujuh puluh lima ribu delapan ratus "
              "delapan");
}

TEST(SpellNumberId, ReadsBackToTheSameNumber) {
    for (std::int64_t n = 0; n <= 100'000; ++n) {
        ASSERT_EQ(ReadNumberId(SpellNumberId(n)), n) << SpellNumberId(n);
    }
    for (std::int64_t n = 100'000; n <= 20'000'000; n += 997) {
        ASSERT_EQ(ReadNumberId(SpellNumberId(n)), n) << SpellNumberId(n);
    }
    for (std::int64_t n = 1'000'000; n < 999'000'000'000'000'000; n = n * 7 + 12'345) {
        ASSERT_EQ(ReadNumberId(SpellNumberId(n)), n) << SpellNumberId(n);
    }
}

TEST(SpellNumberId, SaysSeBeforePuluhBelasRatusAndALoneRibu) {
    for (std::int64_t n = 0; n <= 200'000; ++n) {
        const std::string words = " " + SpellNumberId(n) + " ";
        for (const char* wrong : {" satu puluh ", " satu belas ", " satu ratus "}) {
            ASSERT_EQ(words.find(wrong), std::string::npos) << n << ": " << words;
        }
        // "satu ribu" is right inside a larger group (21 000 "dua puluh satu ribu"), wrong alone.
        ASSERT_NE(words.rfind(" satu ribu ", 0), 0U) << n << ": " << words;
    }
}

TEST(SpellNumberId, NeverHasDoubleOrTrailingSpaces) {
    for (std::int64_t n : {0LL, 10LL, 100LL, 1000LL, 1'000'000LL, 1'000'000'001LL, 20'000'000'000LL}) {
        const std::string words = SpellNumberId(n);
        EXPECT_EQ(words.find("  "), std::string::npos) << words;
        EXPECT_NE(words.back(), ' ') << words;
        EXPECT_NE(words.front(), ' ') << words;
    }
}

TEST(SpeakTicketNumberId, SaysLettersOneByOneAndDropsLeadingZeros) {
    EXPECT_EQ(SpeakTicketNumberId("A-012"), "A dua belas");
    EXPECT_EQ(SpeakTicketNumberId("A-001"), "A satu");
    EXPECT_EQ(SpeakTicketNumberId("B-100"), "B seratus");
    EXPECT_EQ(SpeakTicketNumberId("AB-007"), "A B tujuh");
    EXPECT_EQ(SpeakTicketNumberId("c-21"), "C dua puluh satu");
    EXPECT_EQ(SpeakTicketNumberId("A-000"), "A nol");
    EXPECT_EQ(SpeakTicketNumberId("012"), "dua belas");
    EXPECT_EQ(SpeakTicketNumberId("A1B2"), "A satu B dua");
    EXPECT_EQ(SpeakTicketNumberId(""), "");
}

TEST(SpeakTicketNumberId, ReadsOverlongDigitRunsDigitByDigit) {
    EXPECT_EQ(SpeakTicketNumberId("A-1234567890123456789"),
              "A satu dua tiga empat lima enam tujuh delapan sembilan nol satu dua tiga empat lima enam tujuh "
              "delapan sembilan");
}

TEST(CallAnnouncement, NamesTheTicketAndTheCounter) {
    EXPECT_EQ(CallAnnouncement("A-012", 3), "Nomor antrian A dua belas, silakan menuju loket tiga");
    EXPECT_EQ(CallAnnouncement("B-001", 11), "Nomor antrian B satu, silakan menuju loket sebelas");
    EXPECT_EQ(CallAnnouncement("D-120", 20), "Nomor antrian D seratus dua puluh, silakan menuju loket dua puluh");
}

TEST(CallAnnouncement, DiffersForEveryTicketOfADay) {
    std::unordered_set<std::string> seen;
    for (int n = 1; n <= 999; ++n) {
        const std::string number = "A-" + std::string(n < 10 ? "00" : n < 100 ? "0" : "") + std::to_string(n);
        EXPECT_TRUE(seen.insert(CallAnnouncement(number, 1)).second) << number;
    }
}

}  // namespace
}  // namespace layan::domain::speech
