import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, MISSING_CHROMIUM_MESSAGE, browserTestsSkipped, chromiumInstalled, launchBrowser } from './helpers/browser.js';

/**
 * The browser tests need Debian's Chromium. Without it this is the one test that fails, with one line
 * saying how to install it; the other browser files do not start. SKIP_BROWSER_TESTS=1 skips them all.
 */
describe.skipIf(browserTestsSkipped)('Chromium for the browser tests', () => {
  it(`is installed at ${CHROMIUM_PATH} and starts`, async () => {
    if (!chromiumInstalled) {
      // No stack trace: the message is the whole story.
      const error = new Error(MISSING_CHROMIUM_MESSAGE);
      error.stack = `Error: ${MISSING_CHROMIUM_MESSAGE}`;
      throw error;
    }
    const browser = await launchBrowser();
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
