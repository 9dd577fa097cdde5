#include "layan/voice/voice.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace layan::voice {
namespace {

std::uint32_t ReadLittleEndian(const std::string& bytes, std::size_t at, int width) {
    std::uint32_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
    }
    return value;
}

// A parsed RIFF/WAVE file; the test fails on anything our decoder does not expect.
struct Wav {
    std::uint32_t sample_rate = 0;
    std::vector<std::int16_t> samples;

    double Seconds() const { return static_cast<double>(samples.size()) / sample_rate; }
    double Rms() const {
        double sum = 0;
        for (std::int16_t s : samples) {
            sum += static_cast<double>(s) * s;
        }
        return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
    }
};

Wav ParseWav(const std::string& bytes) {
    EXPECT_GE(bytes.size(), 44U);
    EXPECT_EQ(bytes.substr(0, 4), "RIFF");
    EXPECT_EQ(ReadLittleEndian(bytes, 4, 4), bytes.size() - 8) << "RIFF size";
    EXPECT_EQ(bytes.substr(8, 4), "WAVE");
    EXPECT_EQ(bytes.substr(12, 4), "fmt ");
    EXPECT_EQ(ReadLittleEndian(bytes, 16, 4), 16U);
    EXPECT_EQ(ReadLittleEndian(bytes, 20, 2), 1U) << "PCM";
    EXPECT_EQ(ReadLittleEndian(bytes, 22, 2), 1U) << "mono";
    Wav wav;
    wav.sample_rate = ReadLittleEndian(bytes, 24, 4);
    EXPECT_EQ(ReadLittleEndian(bytes, 28, 4), wav.sample_rate * 2) << "byte rate";
    EXPECT_EQ(ReadLittleEndian(bytes, 32, 2), 2U) << "block align";
    EXPECT_EQ(ReadLittleEndian(bytes, 34, 2), 16U) << "bits per sample";
    EXPECT_EQ(bytes.substr(36, 4), "data");
    const std::uint32_t data_bytes = ReadLittleEndian(bytes, 40, 4);
    EXPECT_EQ(data_bytes, bytes.size() - 44);
    wav.samples.resize(data_bytes / 2);
    std::memcpy(wav.samples.data(), bytes.data() + 44, wav.samples.size() * 2);
    return wav;
}

constexpr const char* kCall = "Nomor antrian A dua belas, silakan menuju loket tiga";

TEST(Voice, SpeaksAnIndonesianCallAsAnAudibleWavOfAPlausibleLength) {
    Voice voice("id");
    const Wav wav = ParseWav(voice.SynthesizeWav(kCall));
    EXPECT_EQ(wav.sample_rate, static_cast<std::uint32_t>(voice.sample_rate()));
    EXPECT_GE(wav.sample_rate, 8000U);
    EXPECT_GT(wav.Seconds(), 2.0);
    EXPECT_LT(wav.Seconds(), 8.0);
    // Silence has an RMS near 0; espeak speech is in the thousands on a 16-bit scale.
    EXPECT_GT(wav.Rms(), 500.0);
}

TEST(Voice, ALongerSentenceTakesLonger) {
    Voice voice("id");
    const Wav short_call = ParseWav(voice.SynthesizeWav("Nomor antrian A satu"));
    const Wav long_call = ParseWav(voice.SynthesizeWav(kCall));
    EXPECT_LT(short_call.Seconds() * 1.5, long_call.Seconds());
}

TEST(Voice, ASlowerRateSpeaksTheSameSentenceLonger) {
    Voice slow("id", 100, 0);
    Voice fast("id", 250, 0);
    EXPECT_GT(ParseWav(slow.SynthesizeWav(kCall)).Seconds(), ParseWav(fast.SynthesizeWav(kCall)).Seconds() * 1.5);
}

// espeak-ng is not bit-for-bit repeatable (lengths vary by up to ~2% between runs), so two syntheses
// of one text are compared by duration and loudness.
void ExpectSameSpeech(const std::string& actual, const std::string& expected) {
    const Wav a = ParseWav(actual);
    const Wav e = ParseWav(expected);
    EXPECT_NEAR(a.Seconds(), e.Seconds(), e.Seconds() * 0.05);
    EXPECT_NEAR(a.Rms(), e.Rms(), e.Rms() * 0.10);
}

TEST(Voice, ARepeatedTextComesFromTheCacheUnchanged) {
    Voice voice("id", 150, 4);
    const std::string first = voice.SynthesizeWav(kCall);
    ASSERT_EQ(voice.synthesized(), 1U);
    const std::string again = voice.SynthesizeWav(kCall);
    EXPECT_TRUE(again == first);
    EXPECT_EQ(voice.synthesized(), 1U);  // answered by the cache, not the engine
    EXPECT_FALSE(voice.SynthesizeWav("Nomor antrian B satu, silakan menuju loket dua") == first);
    EXPECT_EQ(voice.synthesized(), 2U);
}

TEST(Voice, TheLeastRecentlyUsedTextLeavesAFullCache) {
    Voice voice("id", 150, 1);
    const std::string a = voice.SynthesizeWav("Nomor antrian A satu");
    (void)voice.SynthesizeWav("Nomor antrian B dua");  // evicts A
    ASSERT_EQ(voice.synthesized(), 2U);
    const std::string a_again = voice.SynthesizeWav("Nomor antrian A satu");
    EXPECT_EQ(voice.synthesized(), 3U);  // A was evicted: spoken again
    const std::string a_cached = voice.SynthesizeWav("Nomor antrian A satu");
    EXPECT_EQ(voice.synthesized(), 3U);  // and now cached
    ExpectSameSpeech(a_again, a);
    EXPECT_TRUE(a_cached == a_again);
}

TEST(Voice, ServesManyThreadsAtOnceWithTheSameSpeechAsOne) {
    Voice voice("id", 150, 2);
    const std::vector<std::string> texts = {"Nomor antrian A satu, silakan menuju loket satu",
                                            "Nomor antrian B dua puluh dua, silakan menuju loket dua belas",
                                            "Nomor antrian C tiga"};
    std::vector<std::string> expected;
    for (const auto& text : texts) {
        expected.push_back(Voice("id", 150, 0).SynthesizeWav(text));
    }
    std::vector<std::vector<std::string>> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round) {
                for (const auto& text : texts) {
                    results[t].push_back(voice.SynthesizeWav(text));
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const auto& per_thread : results) {
        ASSERT_EQ(per_thread.size(), texts.size() * 3);
        for (std::size_t i = 0; i < per_thread.size(); ++i) {
            ExpectSameSpeech(per_thread[i], expected[i % texts.size()]);
        }
    }
}

TEST(Voice, TwoVoicesInOneProcessKeepTheirOwnRate) {
    Voice slow("id", 100, 0);
    Voice fast("id", 250, 0);
    const std::string slow_first = slow.SynthesizeWav(kCall);
    const std::string fast_after = fast.SynthesizeWav(kCall);
    ExpectSameSpeech(slow.SynthesizeWav(kCall), slow_first);
    // The fast voice spoke at its own rate too, not at the slow one's.
    EXPECT_LT(ParseWav(fast_after).Seconds() * 1.5, ParseWav(slow_first).Seconds());
}

TEST(Voice, AnEmptyTextGivesAValidShortWav) {
    Voice voice("id");
    const Wav wav = ParseWav(voice.SynthesizeWav(""));
    EXPECT_LT(wav.Seconds(), 1.0);
}

TEST(Voice, AMissingVoiceIsAClearError) {
    try {
        Voice voice("no-such-voice-xx");
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-voice-xx"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("espeak-ng-data"), std::string::npos) << e.what();
    }
}

TEST(Voice, RejectsARateOutsideWhatEspeakSupports) {
    EXPECT_THROW(Voice("id", 20), std::invalid_argument);
    EXPECT_THROW(Voice("id", 1000), std::invalid_argument);
}

}  // namespace
}  // namespace layan::voice
