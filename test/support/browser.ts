import * as fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './tmp';

/** Debian's chromium (apt-get install chromium); CI installs it, playwright-core downloads nothing. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);

/** A headless chromium with a fresh, throwaway user data dir; close() removes it. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = tempDir('adr-chromium-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
