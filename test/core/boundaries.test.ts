// The kernel's structure, checked: transactions are opened in one place; plugins do not import
// feature modules; a module reaches another only through its index.ts (or its API schemas).
// ESLint enforces the same rules in CI; this keeps them true for code lint does not see.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'

const SRC = join(import.meta.dirname, '../../src')
const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(SRC, f))
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
const rel = (file: string) => relative(SRC, file)

t.test('only the unit of work opens a transaction', async (t) => {
  const openers = files.filter(
    (f) => /\.transaction\(\)/.test(readFileSync(f, 'utf8')) && !rel(f).endsWith('migrator.ts'),
  )
  t.same(openers.map(rel), ['core/unit-of-work.ts'])
})

t.test('plugins import core/, never modules/', async (t) => {
  const offenders = files
    .filter((f) => rel(f).startsWith('plugins/'))
    .flatMap((f) =>
      importsOf(f)
        .filter((i) => i.includes('/modules/'))
        .map((i) => `${rel(f)}: ${i}`),
    )
  t.same(offenders, [])
})

t.test('modules reach each other through index.ts or schemas.ts, never a repository', async (t) => {
  const offenders = files
    .filter((f) => rel(f).startsWith('modules/'))
    .flatMap((f) =>
      importsOf(f)
        .filter((i) => /^\.\.\/[^./][^/]*\//.test(i) && !/\/(index|schemas)\.ts$/.test(i))
        .map((i) => `${rel(f)}: ${i}`),
    )
  t.same(offenders, [])
})
