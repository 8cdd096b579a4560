import type { Browser, BrowserContext, Page } from 'playwright-core';
import { saveFailureScreenshot } from './app';
import { launchBrowser, newContext } from './browser';

export type PageTest = (page: Page, context: BrowserContext) => Promise<void>;

/**
 * One browser per test file; each test gets its own context (fresh localStorage) and page.
 * On failure the page is saved to e2e/artifacts/<test name>.png and uncaught page errors are reported.
 *
 *   const inPage = useBrowser();
 *   it('…', inPage(async (page) => { … }));
 */
export function useBrowser(): (test: PageTest) => () => Promise<void> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  return (test) => async () => {
    if (!browser) throw new Error('[e2e] the browser did not start (see beforeAll)');
    const context = await newContext(browser);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await test(page, context);
    } catch (error) {
      await saveFailureScreenshot(page, expect.getState().currentTestName ?? 'failure');
      if (pageErrors.length > 0 && error instanceof Error) {
        error.message += `\n\nUncaught errors in the page:\n- ${pageErrors.join('\n- ')}`;
      }
      throw error;
    } finally {
      await context.close();
    }
  };
}
