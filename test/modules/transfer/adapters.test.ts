// The UserVoice and Canny adapters on fixtures in their sources' shapes (quotes, commas, line
// breaks and HTML in bodies, unknown statuses, duplicate voters, votes over budget and over the
// cap, missing authors, bytes that are not UTF-8): every vote accounted for, `tally check` clean,
// and a second run creates nothing.
import { join } from 'node:path'
import t from 'tap'
import { contextFor } from '../../../src/core/context.ts'
import { importForum, reportLines, sourceFor } from '../../../src/modules/transfer/index.ts'
import { build } from '../../helper.ts'

const FIXTURES = join(import.meta.dirname, '../../fixtures')
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0)

const cases = {
  uservoice: {
    files: ['uservoice/suggestions.csv', 'uservoice/comments.csv'],
    created: { users: 4, categories: 2, ideas: 5, comments: 2, ballots: 5 },
    adjustedBallots: 2,
    refused: ['suggestions.csv:11', 'comments.csv:4'],
  },
  canny: {
    files: ['canny/posts.csv', 'canny/votes.csv'],
    created: { users: 3, categories: 2, ideas: 3, comments: 0, ballots: 4 },
    adjustedBallots: 0,
    refused: ['posts.csv:6', 'votes.csv:7'],
  },
}

for (const [name, expected] of Object.entries(cases)) {
  t.test(name, async (t) => {
    const { db, config, factories, assertConsistent } = await build(t)
    await factories.forum({ slug: 'xen', voteBudget: 5, maxVotesPerIdea: 3 })
    const ctx = contextFor(db, config)
    const source = () =>
      sourceFor(
        name,
        expected.files.map((f) => join(FIXTURES, f)),
      )
    const report = await importForum(ctx, source(), { forum: 'xen' })
    t.comment(reportLines(report).join('\n'))
    t.match(report.created, expected.created)
    t.equal(report.adjusted.ballots, expected.adjustedBallots)
    t.same(
      report.refused.map((r) => `${r.file}:${r.line}`),
      expected.refused,
    )
    await assertConsistent(t)
    const again = await importForum(ctx, source(), { forum: 'xen' })
    t.equal(total(again.created), 0, 'a second run creates nothing')
    await assertConsistent(t)
  })
}
