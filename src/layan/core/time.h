#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace layan::core {

/// A point in time, UTC, to the millisecond. Everything is stored and passed as an Instant.
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

/// A tenant's fixed offset from UTC (WIB +7, WITA +8, WIT +9; Indonesia has no daylight saving).
struct UtcOffset {
    std::chrono::minutes minutes{7 * 60};

    friend bool operator==(const UtcOffset&, const UtcOffset&) = default;
};

inline constexpr UtcOffset kWib{std::chrono::minutes{7 * 60}};
inline constexpr UtcOffset kWita{std::chrono::minutes{8 * 60}};
inline constexpr UtcOffset kWit{std::chrono::minutes{9 * 60}};

/// The calendar day an instant falls on at the given offset.
[[nodiscard]] std::chrono::year_month_day LocalDate(Instant t, UtcOffset offset);

/// Minutes since local midnight (0..1439) of an instant at the given offset.
[[nodiscard]] std::chrono::minutes LocalTimeOfDay(Instant t, UtcOffset offset);

/// The instant of a local wall-clock time on a day at the given offset.
[[nodiscard]] Instant FromLocal(std::chrono::year_month_day day, std::chrono::minutes time_of_day, UtcOffset offset);

/// "2026-11-29T07:30:00.000Z".
[[nodiscard]] std::string FormatIso8601(Instant t);

/// "2026-11-29T14:30:00+07:00" (local time with its offset, as citizens read it).
[[nodiscard]] std::string FormatIso8601(Instant t, UtcOffset offset);

/// "2026-11-29".
[[nodiscard]] std::string FormatDate(std::chrono::year_month_day day);

/// Parses "YYYY-MM-DD"; nullopt when malformed or not a real date.
[[nodiscard]] std::optional<std::chrono::year_month_day> ParseDate(std::string_view text);

/// Parses an RFC 3339 instant ("...Z" or "...+07:00", optional fraction); nullopt when malformed.
[[nodiscard]] std::optional<Instant> ParseIso8601(std::string_view text);

/// The source of "now". Nothing below engine/ reads the wall clock: it is given a Clock or an Instant.
class Clock {
public:
    virtual ~Clock() = default;
    /// The current instant; thread-safe.
    [[nodiscard]] virtual Instant Now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Instant Now() const override;
};

/// A clock moved to start from another instant: time then runs as the base clock runs, the real one unless
/// told otherwise (training sessions, demos outside opening hours, end-to-end tests).
class ShiftedClock final : public Clock {
public:
    explicit ShiftedClock(Instant start, std::shared_ptr<const Clock> base = std::make_shared<SystemClock>())
        : base_(std::move(base)), shift_(start - base_->Now()) {}
    [[nodiscard]] Instant Now() const override { return base_->Now() + shift_; }

private:
    std::shared_ptr<const Clock> base_;
    Millis shift_;
};

/// A clock that only moves when told to, for tests and the simulator.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
    [[nodiscard]] Instant Now() const override { return Instant{Millis{now_.load()}}; }
    void Set(Instant t) { now_.store(t.time_since_epoch().count()); }
    void Advance(Millis d) { now_.fetch_add(d.count()); }

private:
    std::atomic<std::int64_t> now_;
};

}  // namespace layan::core
