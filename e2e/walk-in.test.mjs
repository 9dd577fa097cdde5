// Walk-in: a citizen takes a ticket at the kiosk, an officer calls it from the console, the
// display board shows (and speaks) the call, and the citizen's phone says it is their turn.
// Four screens against one real `layan serve` with the demo city, in real Chromium (e2e/lib/walk-in.mjs).
import { browserSuite } from './lib/harness.mjs';
import { walkIn } from './lib/walk-in.mjs';

// The demo hall is closed on Sundays and at night: the server's clock starts on a Monday morning
// (then runs normally). The pages read the server's clock, not the real one, so the test passes
// whatever the machine's date is (clock-shift.test.mjs proves it a year either side of today).
const kMondayMorning = '2026-11-30T09:00:00+07:00';

browserSuite('walk-in', (it) => {
    it('a ticket taken at the kiosk is called to a counter, shown on the board and on the phone', (context) =>
        walkIn(context, 'walk-in'));
}, { env: { LAYAN_CLOCK_START: process.env.LAYAN_CLOCK_START ?? kMondayMorning } });
