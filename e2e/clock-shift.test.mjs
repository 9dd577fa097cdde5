// The pages follow the server's clock, not the machine's: the walk-in, display board voice included,
// passes with the server's clock a year behind and a year ahead of the real date (issue: the board
// compared a call's time with the real date and stayed silent under a shifted clock).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserSuite } from './lib/harness.mjs';
import { kHall, walkIn } from './lib/walk-in.mjs';

const kCalendarDir = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'data', 'calendar');
const kDayMs = 24 * 60 * 60 * 1000;

/// The national days off the project ships (data/calendar/id-<year>.json), as "YYYY-MM-DD".
function shippedDaysOff() {
    const days = new Set();
    for (const file of fs.readdirSync(kCalendarDir).filter((f) => /^id-\d{4}\.json$/.test(f))) {
        const calendar = JSON.parse(fs.readFileSync(path.join(kCalendarDir, file), 'utf8'));
        for (const day of calendar.days ?? []) days.add(day.date);
    }
    return days;
}

/// 09:00 WIB on the first Monday on or after `from` that is no holiday: shipped, or fixed-date
/// (New Year, Labour Day, Pancasila, Independence Day, Christmas) for a year whose list is not shipped.
function mondayMorningFrom(from) {
    const daysOff = shippedDaysOff();
    const fixed = ['01-01', '05-01', '06-01', '08-17', '12-25'];
    for (let day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())); ;
        day = new Date(day.getTime() + kDayMs)) {
        const date = day.toISOString().slice(0, 10);
        if (day.getUTCDay() === 1 && !daysOff.has(date) && !fixed.includes(date.slice(5))) {
            return `${date}T09:00:00+07:00`;
        }
    }
}

for (const [label, years] of [['a year before today', -1], ['a year after today', +1]]) {
    const today = new Date();
    const clockStart = mondayMorningFrom(new Date(today.getTime() + years * 365 * kDayMs));
    const year = clockStart.slice(0, 4);

    browserSuite(`clock ${label}`, (it) => {
        it(`on ${clockStart} the board shows that day and speaks the call`, async (context) => {
            const board = await context.page.context().browser().newPage();
            try {
                await board.goto(context.url(`/halls/${kHall}/board`));
                await board.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
                // The board's date is the server's: the shifted day, not the machine's.
                await board.locator('#date', { hasText: year }).waitFor({ timeout: 15_000 });
                const shown = await board.locator('#date').textContent();
                assert.ok(!shown.includes(String(today.getFullYear())), `the board shows ${shown}, not today`);
            } finally {
                await board.close();
            }
            await walkIn(context, `clock-${years < 0 ? 'before' : 'after'}`);
        });
    }, { env: { LAYAN_CLOCK_START: clockStart } });
}
