#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace layan::voice {

/// Speech synthesis with espeak-ng, offline, into WAV files the display board plays.
///
/// espeak-ng keeps global state and is not thread-safe: every Voice in the process shares one
/// engine behind one mutex, so calls from many threads are serialised. Each Voice keeps a small
/// least-recently-used cache of its WAVs by text (a recall speaks the same sentence again).
class Voice {
public:
    /// Prepares the espeak-ng voice `voice` (a language such as "id" or a voice name) at
    /// `words_per_minute` (80..450; a hall is noisy, so the default is slower than espeak's 175),
    /// caching up to `cache_entries` WAVs. Throws std::runtime_error naming the voice and the
    /// package to install when espeak-ng or that voice is missing.
    explicit Voice(std::string voice = "id", int words_per_minute = 150, std::size_t cache_entries = 64);

    Voice(const Voice&) = delete;
    Voice& operator=(const Voice&) = delete;

    /// `text` (UTF-8) spoken as a RIFF/WAVE file: PCM, 16-bit, mono, at sample_rate().
    /// Thread-safe. Throws std::runtime_error if espeak-ng fails.
    [[nodiscard]] std::string SynthesizeWav(std::string_view text);

    /// How many texts the engine has really synthesised (the calls the cache could not answer).
    [[nodiscard]] std::uint64_t synthesized() const { return synthesized_.load(std::memory_order_relaxed); }

    /// Samples per second of the WAVs this voice produces (espeak-ng's rate, 22050 Hz).
    [[nodiscard]] int sample_rate() const { return sample_rate_; }

private:
    std::string voice_;
    int words_per_minute_;
    int sample_rate_;
    std::atomic<std::uint64_t> synthesized_{0};

    std::mutex cache_mutex_;
    std::size_t cache_entries_;
    std::list<std::pair<std::string, std::string>> lru_;  // (text, wav), most recent first
    std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> by_text_;
};

}  // namespace layan::voice
