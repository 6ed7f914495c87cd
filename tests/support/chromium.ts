/**
 * Headless Chromium for the report tests and the screenshot: Debian's own browser driven by
 * puppeteer-core, never a downloaded one. A missing browser is an error, not a skipped test.
 */
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import type { Browser } from 'puppeteer-core';

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium, or throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: install it with ` +
        '`apt-get update && apt-get install -y chromium` (.ci/run does this), ' +
        'or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run'],
  });
}
