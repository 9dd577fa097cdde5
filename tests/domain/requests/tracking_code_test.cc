#include "layan/domain/requests/tracking_code.h"

#include <random>
#include <set>
#include <utility>

#include <gtest/gtest.h>

namespace layan::domain::requests {
namespace {

/// `count` codes drawn from a fixed seed, so a failure names a code that can be replayed.
std::vector<TrackingCode> SeededCodes(int count, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<TrackingCode> codes;
    codes.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        std::array<std::uint8_t, TrackingCode::kRandomBytes> bytes{};
        for (auto& b : bytes) {
            b = static_cast<std::uint8_t>(byte(rng));
        }
        codes.push_back(TrackingCode::FromRandomBytes(bytes));
    }
    return codes;
}

void ExpectMistyped(std::string_view typed) {
    auto parsed = TrackingCode::Parse(typed);
    ASSERT_FALSE(parsed) << "accepted " << typed;
    EXPECT_EQ(parsed.error().kind, core::ErrorKind::kInvalid);
    EXPECT_EQ(parsed.error().code, "tracking_code_mistyped");
    EXPECT_EQ(parsed.error().details, (nlohmann::json{{"field", "tracking_code"}}));
    EXPECT_FALSE(parsed.error().message.empty());
}

TEST(TrackingCode, DisplaysFourFourThreeAndParsesBack) {
    for (const auto& code : SeededCodes(200, 11)) {
        const std::string shown = code.Display();
        ASSERT_EQ(shown.size(), 13U);
        EXPECT_EQ(shown[4], '-');
        EXPECT_EQ(shown[9], '-');
        EXPECT_EQ(code.Compact().size(), TrackingCode::kSymbols);
        EXPECT_EQ(shown.substr(0, 4) + shown.substr(5, 4) + shown.substr(10), code.Compact());
        EXPECT_EQ(TrackingCode::Parse(shown), code);
        EXPECT_EQ(TrackingCode::Parse(code.Compact()), code);
    }
}

TEST(TrackingCode, EncodesKnownSymbolsWithTheirCheck) {
    // Data 7K3MQ0ZD4T: the fold of the ten is 17, so the check is a·17 = 7 (computed apart from this code).
    std::array<std::uint8_t, 10> data{7, 19, 3, 20, 23, 0, 31, 13, 4, 26};
    auto code = TrackingCode::Encode(data);
    EXPECT_EQ(code.Display(), "7K3M-Q0ZD-4T7");
    EXPECT_EQ(TrackingCode::Fold(code.symbols()), 0);
    // All zero data: r stays 0, so the check is 0.
    EXPECT_EQ(TrackingCode::Encode({}).Compact(), "00000000000");
    EXPECT_EQ(TrackingCode{}, TrackingCode::Encode({}));
    // A single 1 in the last data symbol: r = 1, check = a·1 = x = 2.
    EXPECT_EQ(TrackingCode::Encode({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}).Compact(), "00000000012");
    // 1 in the first symbol: r = a⁹ = x⁴+x³+x = 26 (x⁵ = x²+1), check = a¹⁰ = x⁵+x⁴+x² = x⁴+1 = 17 = H.
    EXPECT_EQ(TrackingCode::Encode({1, 0, 0, 0, 0, 0, 0, 0, 0, 0}).Compact(), "1000000000H");
}

TEST(TrackingCode, EveryValidCodeFoldsToZeroAndOnlyOneCheckSymbolDoes) {
    for (const auto& code : SeededCodes(1000, 12)) {
        auto symbols = code.symbols();
        EXPECT_EQ(TrackingCode::Fold(symbols), 0) << code.Display();
        int folding_to_zero = 0;
        for (std::uint8_t check = 0; check < 32; ++check) {
            symbols[TrackingCode::kDataSymbols] = check;
            folding_to_zero += TrackingCode::Fold(symbols) == 0 ? 1 : 0;
        }
        EXPECT_EQ(folding_to_zero, 1) << code.Display();
    }
}

TEST(TrackingCode, TakesFiftyBitsFromTheRandomBytesMostSignificantFirst) {
    std::array<std::uint8_t, 7> ones{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    EXPECT_EQ(TrackingCode::FromRandomBytes(ones).Compact().substr(0, 10), "ZZZZZZZZZZ");
    // Only the last 6 bits differ: the same code.
    std::array<std::uint8_t, 7> low{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC0};
    EXPECT_EQ(TrackingCode::FromRandomBytes(low), TrackingCode::FromRandomBytes(ones));
    // 0b00001000 0b10000000...: symbols 1 then 2 then zeros.
    std::array<std::uint8_t, 7> first{0x08, 0x80, 0, 0, 0, 0, 0};
    EXPECT_EQ(TrackingCode::FromRandomBytes(first).Compact().substr(0, 10), "1200000000");
    // Bit 6 from the end (the 50th) is the last data symbol's lowest bit.
    std::array<std::uint8_t, 7> last{0, 0, 0, 0, 0, 0, 0x40};
    EXPECT_EQ(TrackingCode::FromRandomBytes(last).Compact().substr(0, 10), "0000000001");
    // Every symbol value turns up in each position over a few thousand draws (no bit is stuck).
    std::array<std::set<std::uint8_t>, 10> seen;
    for (const auto& code : SeededCodes(3000, 13)) {
        for (std::size_t i = 0; i < 10; ++i) {
            seen[i].insert(code.symbols()[i]);
        }
    }
    for (const auto& values : seen) {
        EXPECT_EQ(values.size(), 32U);
    }
}

TEST(TrackingCode, ParseForgivesCaseSeparatorsAndLookAlikes) {
    // 1000000000H has 1s and 0s to stand in for I, L and O.
    auto code = TrackingCode::Encode({1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_EQ(code.Display(), "1000-0000-00H");
    for (std::string_view typed :
         {"1000-0000-00H", "1000-0000-00h", "10000000 00h", " 1000 0000 00H ", "I000-0000-00H", "i000-0000-00H",
          "L000-0000-00H", "l0O0-o000-00h", "1-0-0-0-0-0-0-0-0-0-H", "--1000--0000--00H--"}) {
        auto parsed = TrackingCode::Parse(typed);
        ASSERT_TRUE(parsed) << typed << ": " << parsed.error().message;
        EXPECT_EQ(*parsed, code) << typed;
    }
    auto example = TrackingCode::Parse("7k3m q0zd 4t7");
    ASSERT_TRUE(example);
    EXPECT_EQ(example->Display(), "7K3M-Q0ZD-4T7");
}

TEST(TrackingCode, ParseRejectsSymbolsOutsideTheAlphabet) {
    auto code = SeededCodes(1, 14).front().Compact();
    for (char bad : {'U', 'u', '_', '.', '/', '+', '*', '\t', '\n', '\0', '\x7F'}) {
        for (std::size_t at : {std::size_t{0}, std::size_t{5}, std::size_t{10}}) {
            std::string typed = code;
            typed[at] = bad;
            ExpectMistyped(typed);
        }
    }
    // Non-ASCII look-alikes (a Cyrillic А, a full-width 0, a non-breaking space) are not guessed at.
    ExpectMistyped("\xD0\x90" + code.substr(1));
    ExpectMistyped("\xEF\xBC\x90" + code.substr(1));
    ExpectMistyped(code.substr(0, 4) + "\xC2\xA0" + code.substr(4));
    // The message names the problem, not the input.
    auto parsed = TrackingCode::Parse(code.substr(0, 10) + "U");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("except U"), std::string::npos) << parsed.error().message;
}

TEST(TrackingCode, ParseRejectsWrongLengths) {
    auto code = SeededCodes(1, 15).front().Compact();
    ExpectMistyped("");
    ExpectMistyped("   ");
    ExpectMistyped("----");
    for (std::size_t n = 1; n < TrackingCode::kSymbols; ++n) {
        ExpectMistyped(code.substr(0, n));
    }
    ExpectMistyped(code + "0");
    ExpectMistyped(code + code);
    ExpectMistyped(std::string(100000, 'A'));
    auto parsed = TrackingCode::Parse(code.substr(0, 10));
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("this one has 10"), std::string::npos) << parsed.error().message;
}

// The point of the check symbol: for 1,000 random codes, every single substitution at every position,
// every swap of unequal neighbours and every swap of unequal symbols two apart leaves a run that does not
// fold to 0. For the first 100 codes each mistake is also typed and refused by Parse (the whole path,
// which costs more under the sanitizers).
TEST(TrackingCode, CatchesEverySubstitutionAndAdjacentOrJumpTransposition) {
    int substitutions = 0;
    int adjacent = 0;
    int jumps = 0;
    int parsed = 0;
    const auto codes = SeededCodes(1000, 16);
    for (std::size_t c = 0; c < codes.size(); ++c) {
        const auto valid = codes[c].symbols();
        const bool type_it = c < 100;
        auto expect_caught = [&](const std::array<std::uint8_t, TrackingCode::kSymbols>& mistyped) {
            ASSERT_NE(TrackingCode::Fold(mistyped), 0) << codes[c].Display();
            if (type_it) {
                std::string typed;
                for (auto s : mistyped) {
                    typed.push_back(TrackingCode::kAlphabet[s]);
                }
                ASSERT_FALSE(TrackingCode::Parse(typed)) << codes[c].Display() << " → " << typed;
                ++parsed;
            }
        };
        for (std::size_t i = 0; i < valid.size(); ++i) {
            for (std::uint8_t symbol = 0; symbol < 32; ++symbol) {
                if (symbol == valid[i]) {
                    continue;
                }
                auto mistyped = valid;
                mistyped[i] = symbol;
                expect_caught(mistyped);
                ++substitutions;
            }
            for (std::size_t gap : {std::size_t{1}, std::size_t{2}}) {
                if (i + gap >= valid.size() || valid[i] == valid[i + gap]) {
                    continue;
                }
                auto mistyped = valid;
                std::swap(mistyped[i], mistyped[i + gap]);
                expect_caught(mistyped);
                ++(gap == 1 ? adjacent : jumps);
            }
        }
        if (HasFatalFailure()) {
            return;  // One code that slips through is enough to show; the lambda's ASSERTs only leave it.
        }
    }
    EXPECT_EQ(substitutions, 1000 * 11 * 31);
    // About 31/32 of the 10 neighbour pairs and 9 pairs two apart differ in random codes.
    EXPECT_GT(adjacent, 9000);
    EXPECT_GT(jumps, 8000);
    EXPECT_GT(parsed, 100 * 11 * 31);
}

TEST(TrackingCode, EncodeRefusesSymbolsAboveThirtyOne) {
    EXPECT_THROW((void)TrackingCode::Encode({0, 0, 0, 0, 32, 0, 0, 0, 0, 0}), std::invalid_argument);
    std::array<std::uint8_t, 2> bad{1, 255};
    EXPECT_THROW((void)TrackingCode::Fold(bad), std::invalid_argument);
}

TEST(TrackingCode, OrdersAndComparesBySymbols) {
    auto codes = SeededCodes(100, 17);
    std::set<TrackingCode> distinct(codes.begin(), codes.end());
    EXPECT_EQ(distinct.size(), codes.size());
    EXPECT_NE(codes[0], codes[1]);
    EXPECT_EQ(codes[0], *TrackingCode::Parse(codes[0].Display()));
}

}  // namespace
}  // namespace layan::domain::requests
