// The triage CSV opens in spreadsheets: a title or category that starts like a formula is written
// with a leading ' (OWASP's CSV injection guidance), while numeric columns stay numbers, negative
// ones included; RFC 4180 quoting still round-trips.
import t from 'tap'
import { build } from '../../helper.ts'
import { parseCsv } from './csv-reader.ts'

let now = new Date('2026-03-01T12:00:00Z')
const { injectAs, factories, vote } = await build(t, { clock: { now: () => now } })
const developer = await factories.user('developer')
const member = await factories.user()
const forum = await factories.forum({ slug: 'sheet', voteBudget: 50 })
const formulaCategory = await factories.category(forum.id, '=cmd|"/c calc"!A1')

const titles = [
  '=HYPERLINK("http://x")',
  '@SUM(1)',
  '+1+1',
  '-1+1',
  // Stored before one-line fields refused control characters (factories bypass the API).
  '\t=1+1',
  '\r=1+1',
]
const createdAt = new Date('2026-01-01T00:00:00Z')
const ideas: { id: number }[] = []
for (const title of titles)
  ideas.push(await factories.idea(forum.id, member.id, { title, createdAt }))
const plain = await factories.idea(forum.id, member.id, {
  title: 'Plain, "quoted" = fine',
  categoryId: formulaCategory.id,
  createdAt,
})

// 3 votes placed 20 days ago and withdrawn today: votes7d is -3, a negative number.
now = new Date('2026-02-09T12:00:00Z')
await vote(member, plain.id, 3)
now = new Date('2026-03-01T12:00:00Z')
await vote(member, plain.id, 0)

t.test('formula-like text is neutralised, numbers are not', async (t) => {
  const res = await injectAs(developer, { url: '/api/v1/forums/sheet/triage?format=csv' })
  t.equal(res.statusCode, 200)
  const records = parseCsv(res.body)
  const header = records[0]!
  const column = (name: string) => header.indexOf(name)
  const byId = new Map(records.slice(1).map((r) => [Number(r[column('id')]), r]))
  t.equal(byId.size, titles.length + 1)

  for (const [i, title] of titles.entries()) {
    const row = byId.get(ideas[i]!.id)!
    t.equal(row[column('title')], `'${title}`, `${JSON.stringify(title)} gets a leading quote`)
  }
  const row = byId.get(plain.id)!
  t.equal(row[column('title')], 'Plain, "quoted" = fine', 'other text is untouched')
  t.equal(row[column('category')], `'=cmd|"/c calc"!A1`, 'a category name too')
  t.equal(row[column('votes7d')], '-3', 'a negative number stays a number')
  t.equal(row[column('votes30d')], '0')
  t.match(res.body, /,-3,/, 'written bare, not quoted or prefixed')
  // No cell of the file starts like a formula.
  for (const record of records) for (const cell of record) t.notMatch(cell, /^[=+@\t\r]/)
})
