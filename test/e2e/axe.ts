// Accessibility audit of the rendered page with axe-core (WCAG 2 A and AA rules). The script is
// evaluated through the DevTools protocol, which the page's CSP does not govern, so the app's own
// policy stays as strict as in production.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/** The rules that passed (how many) and the violations (each with up to three of its nodes). */
export async function audit(page: Page): Promise<{ passed: number; violations: Violation[] }> {
  await page.evaluate(await AXE_SOURCE)
  // A string, not a function: the tests are type-checked without the DOM library.
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return {
      passed: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      })),
    }
  })()`) as Promise<{ passed: number; violations: Violation[] }>
}
