/// Helpers for the walk-in browser test: extra pages watched for errors, and screenshots of them
/// in the artifacts folder the harness uses (env LAYAN_ARTIFACTS, default e2e/artifacts/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kE2eDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/// Opens a new page in `context` and records its uncaught errors and failed requests in `errors`.
export async function openPage(context, errors, name) {
    const page = await context.newPage();
    watch(page, errors, name);
    return page;
}

/// Records `page`'s uncaught JavaScript errors in `errors`, tagged with `name`.
export function watch(page, errors, name) {
    page.on('pageerror', (error) => errors.push(`${name}: ${error.stack ?? error}`));
}

/// Saves a full-page screenshot of `page` as <artifacts>/<prefix>--<name>.png; never throws.
export async function screenshot(page, name, prefix = 'walk-in') {
    const dir = process.env.LAYAN_ARTIFACTS || path.join(kE2eDir, 'artifacts');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${prefix}--${name}.png`), fullPage: true }).catch((e) => {
        console.error(`${prefix}: no screenshot of ${name}: ${e.message}`);
    });
}
