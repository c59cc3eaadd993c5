// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work
// here). Collects page errors and dialogs, so a script error or an injected alert() fails a test.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const SCREENSHOTS = join(import.meta.dirname, 'screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launch(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface Watched {
  context: BrowserContext
  page: Page
  problems: string[]
}

/** A fresh context (its own cookies) with one page whose errors and dialogs are recorded. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1200, height: 900 },
): Promise<Watched> {
  const context = await browser.newContext({ baseURL, viewport })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (msg) => {
    // A CSP violation is reported on the console: nothing the app does may trigger one.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text()))
      problems.push(`console: ${msg.text()}`)
  })
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return { context, page, problems }
}

/** Navigates and waits for the page's first render; returns its time from navigation start (ms). */
export async function visit(page: Page, path: string): Promise<number> {
  await page.goto(path)
  await page.waitForSelector('body[data-ready="true"]')
  return page.evaluate(
    () => performance.getEntriesByName('tally:rendered')[0]?.startTime ?? Number.NaN,
  )
}

export async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
}
