#include "layan/voice/voice.h"

#include <espeak-ng/speak_lib.h>

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace layan::voice {
namespace {

// espeak-ng is one global engine: this mutex guards every call into it and the state below.
std::mutex& EngineMutex() {
    static std::mutex mutex;
    return mutex;
}

struct Engine {
    int sample_rate = 0;
    std::string current_voice;  // the voice last selected, to skip reloading it
    int current_rate = 0;
};

// Receives the samples of one synthesis; user_data points at the caller's buffer.
int CollectSamples(short* wav, int count, espeak_EVENT* events) {
    if (wav != nullptr && count > 0 && events != nullptr && events->user_data != nullptr) {
        auto* samples = static_cast<std::vector<std::int16_t>*>(events->user_data);
        samples->insert(samples->end(), wav, wav + count);
    }
    return 0;
}

// The engine, initialised on first use. The caller holds EngineMutex().
Engine& LockedEngine() {
    static Engine engine = [] {
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            throw std::runtime_error(
                "espeak-ng could not start: its data is missing (install the espeak-ng-data package)");
        }
        espeak_SetSynthCallback(CollectSamples);
        return Engine{rate, {}, 0};
    }();
    return engine;
}

// Selects voice and rate unless already selected. The caller holds EngineMutex().
void Select(Engine& engine, const std::string& voice, int words_per_minute) {
    if (engine.current_voice != voice) {
        engine.current_voice.clear();
        if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
            throw std::runtime_error(fmt::format(
                "espeak-ng has no voice '{}' (for Bahasa Indonesia install the espeak-ng-data package, voice 'id')",
                voice));
        }
        engine.current_voice = voice;
        engine.current_rate = 0;  // a new voice resets the rate
    }
    if (engine.current_rate != words_per_minute) {
        if (espeak_SetParameter(espeakRATE, words_per_minute, 0) != EE_OK) {
            throw std::runtime_error(fmt::format("espeak-ng refused a rate of {} words per minute", words_per_minute));
        }
        engine.current_rate = words_per_minute;
    }
}

void AppendLittleEndian(std::string& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

std::string EncodeWav(const std::vector<std::int16_t>& samples, int sample_rate) {
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    std::string wav;
    wav.reserve(44 + data_bytes);
    wav += "RIFF";
    AppendLittleEndian(wav, 36 + data_bytes, 4);
    wav += "WAVEfmt ";
    AppendLittleEndian(wav, 16, 4);  // size of the fmt chunk
    AppendLittleEndian(wav, 1, 2);   // PCM
    AppendLittleEndian(wav, 1, 2);   // mono
    AppendLittleEndian(wav, static_cast<std::uint32_t>(sample_rate), 4);
    AppendLittleEndian(wav, static_cast<std::uint32_t>(sample_rate) * 2, 4);  // bytes per second
    AppendLittleEndian(wav, 2, 2);                                            // bytes per frame
    AppendLittleEndian(wav, 16, 2);                                           // bits per sample
    wav += "data";
    AppendLittleEndian(wav, data_bytes, 4);
    for (std::int16_t sample : samples) {
        AppendLittleEndian(wav, static_cast<std::uint16_t>(sample), 2);
    }
    return wav;
}

}  // namespace

Voice::Voice(std::string voice, int words_per_minute, std::size_t cache_entries)
    : voice_(std::move(voice)), words_per_minute_(words_per_minute), sample_rate_(0), cache_entries_(cache_entries) {
    if (words_per_minute < 80 || words_per_minute > 450) {
        throw std::invalid_argument(
            fmt::format("speaking rate {} is outside 80..450 words per minute", words_per_minute));
    }
    const std::lock_guard lock(EngineMutex());
    Engine& engine = LockedEngine();
    Select(engine, voice_, words_per_minute_);
    sample_rate_ = engine.sample_rate;
}

std::string Voice::SynthesizeWav(std::string_view text) {
    std::string key(text);
    {
        const std::lock_guard lock(cache_mutex_);
        if (auto it = by_text_.find(key); it != by_text_.end()) {
            lru_.splice(lru_.begin(), lru_, it->second);
            return it->second->second;
        }
    }

    std::vector<std::int16_t> samples;
    {
        const std::lock_guard lock(EngineMutex());
        Engine& engine = LockedEngine();
        Select(engine, voice_, words_per_minute_);
        const espeak_ERROR result =
            espeak_Synth(key.c_str(), key.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &samples);
        if (result != EE_OK) {
            throw std::runtime_error(
                fmt::format("espeak-ng failed to speak a text (error {})", static_cast<int>(result)));
        }
    }
    synthesized_.fetch_add(1, std::memory_order_relaxed);
    std::string wav = EncodeWav(samples, sample_rate_);

    if (cache_entries_ > 0) {
        const std::lock_guard lock(cache_mutex_);
        if (by_text_.find(key) == by_text_.end()) {
            lru_.emplace_front(key, wav);
            by_text_.emplace(std::move(key), lru_.begin());
            if (lru_.size() > cache_entries_) {
                by_text_.erase(lru_.back().first);
                lru_.pop_back();
            }
        }
    }
    return wav;
}

}  // namespace layan::voice
