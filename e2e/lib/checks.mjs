/// Checks every browser test runs on every page and state it reaches:
///  - `expectAccessible(page, state)`: axe-core (npm) over the page as it is now, against WCAG 2.0/2.1 A and AA;
///    fails on any serious or critical violation, naming the rule, the elements and how to fix them. It first waits
///    for the page's finite CSS transitions and animations to end: a button fading back from disabled has, for
///    120 ms, a colour it never rests in, and contrast is judged on the colours a person reads.
///  - `expectNoHorizontalOverflow(page, state)`: nothing is wider than the viewport (no sideways scrolling).
///  - `expectFits(page, selector, state)`: the element is inside the viewport without scrolling.
///  - `atWidths(page, widths, fn)`: runs `fn(width)` at each viewport width, keeping the height.
/// axe is evaluated through the DevTools protocol, so the pages' strict Content-Security-Policy does not block it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kAxeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const kTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const kBlocking = new Set(['serious', 'critical']);

/// The widths every page must work at: a small phone, a common phone, a laptop, a full-HD screen.
export const kWidths = [320, 390, 1366, 1920];

export async function expectAccessible(page, state) {
    await page.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime))
        .map((a) => a.finished.catch(() => undefined))));
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
        await page.evaluate(kAxeSource);
    }
    const results = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        kTags);
    const blocking = results.violations.filter((v) => kBlocking.has(v.impact));
    const report = blocking.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
    assert.equal(blocking.length, 0, `axe-core found WCAG 2.1 AA violations on ${state}:\n${report.join('\n')}`);
}

export async function expectNoHorizontalOverflow(page, state) {
    const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            if (box.width === 0 || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
            if (box.right > width + 1 || box.left < -1) {
                // An element inside a scrolling box (a wide table) does not make the page scroll.
                let parent = el.parentElement;
                let clipped = false;
                while (parent && parent !== document.body) {
                    const overflowX = getComputedStyle(parent).overflowX;
                    if (overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden' || overflowX === 'clip') {
                        clipped = true;
                        break;
                    }
                    parent = parent.parentElement;
                }
                if (!clipped && style.position !== 'fixed') {
                    wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
                }
            }
        }
        return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8) };
    });
    assert.ok(overflow.scroll <= overflow.width + 1 && overflow.wide.length === 0,
              `${state} overflows sideways at ${overflow.width} px (page ${overflow.scroll} px wide): ${overflow.wide.join(', ')}`);
}

export async function expectFits(page, selector, state) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box, `${selector} is not shown on ${state}`);
    const viewport = page.viewportSize();
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 1 && box.x >= 0 && box.x + box.width <= viewport.width + 1,
              `${selector} is not inside the ${viewport.width}×${viewport.height} screen without scrolling on ${state} ` +
              `(it spans x ${Math.round(box.x)}–${Math.round(box.x + box.width)}, y ${Math.round(box.y)}–${Math.round(box.y + box.height)})`);
}

export async function atWidths(page, widths, fn) {
    const { height } = page.viewportSize();
    for (const width of widths) {
        await page.setViewportSize({ width, height });
        await fn(width);
    }
}
