#include "layan/domain/survey/sample_size.h"

namespace layan::domain::survey {

std::int64_t KrejcieMorganSampleSize(std::int64_t population) {
    if (population <= 0) {
        return 0;
    }
    // Multiplying numerator and denominator by 4000 makes every constant an integer:
    // S = 3841·N / (10·(N − 1) + 3841). Rounded half up: floor((2·num + den) / (2·den)).
    __extension__ using Int128 = __int128;
    const Int128 n = population;
    const Int128 numerator = 3841 * n;
    const Int128 denominator = 10 * (n - 1) + 3841;
    return static_cast<std::int64_t>((2 * numerator + denominator) / (2 * denominator));
}

}  // namespace layan::domain::survey
