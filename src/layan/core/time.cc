#include "layan/core/time.h"

#include <charconv>

#include <fmt/format.h>

namespace layan::core {

using namespace std::chrono;

year_month_day LocalDate(Instant t, UtcOffset offset) { return year_month_day{floor<days>(t + offset.minutes)}; }

minutes LocalTimeOfDay(Instant t, UtcOffset offset) {
    auto local = t + offset.minutes;
    return floor<minutes>(local - floor<days>(local));
}

Instant FromLocal(year_month_day day, minutes time_of_day, UtcOffset offset) {
    return Instant{sys_days{day}} + time_of_day - offset.minutes;
}

namespace {

std::string FormatParts(Instant t) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

bool ParseInt(std::string_view text, int& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

std::string FormatIso8601(Instant t) { return FormatParts(t) + "Z"; }

std::string FormatIso8601(Instant t, UtcOffset offset) {
    auto m = offset.minutes.count();
    char sign = m < 0 ? '-' : '+';
    m = m < 0 ? -m : m;
    return fmt::format("{}{}{:02}:{:02}", FormatParts(t + offset.minutes), sign, m / 60, m % 60);
}

std::string FormatDate(year_month_day day) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()));
}

std::optional<year_month_day> ParseDate(std::string_view text) {
    int y = 0;
    int m = 0;
    int d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), y) ||
        !ParseInt(text.substr(5, 2), m) || !ParseInt(text.substr(8, 2), d)) {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return ymd;
}

std::optional<Instant> ParseIso8601(std::string_view text) {
    if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    auto date = ParseDate(text.substr(0, 10));
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!date || !ParseInt(text.substr(11, 2), hh) || !ParseInt(text.substr(14, 2), mm) ||
        !ParseInt(text.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(19);
    Millis fraction{0};
    if (!rest.empty() && rest.front() == '.') {
        size_t n = 1;
        int scale = 100;
        int ms = 0;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
            ms += (rest[n] - '0') * scale;
            scale /= 10;
            ++n;
        }
        if (n == 1) {
            return std::nullopt;
        }
        fraction = Millis{ms};
        rest.remove_prefix(n);
    }
    minutes offset{0};
    if (rest == "Z" || rest == "z") {
        offset = minutes{0};
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int oh = 0;
        int om = 0;
        if (!ParseInt(rest.substr(1, 2), oh) || !ParseInt(rest.substr(4, 2), om)) {
            return std::nullopt;
        }
        offset = minutes{oh * 60 + om} * (rest[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    return Instant{sys_days{*date}} + hours{hh} + minutes{mm} + seconds{ss} + fraction - offset;
}

Instant SystemClock::Now() const { return time_point_cast<Millis>(system_clock::now()); }

}  // namespace layan::core
