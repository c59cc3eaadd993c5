// backup → restore onto an empty database of the other engine (and of this one) gives every row
// back, identities kept and sequences moved past them; a non-empty database is refused.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { contextFor } from '../../../src/core/context.ts'
import { openDatabase, type Database } from '../../../src/db/engine.ts'
import { backup, importForum, restore, tallySource } from '../../../src/modules/transfer/index.ts'
import { build, freshServerDatabase, rejectionOf, serverBase, testConfig } from '../../helper.ts'
import { restorePglite } from '../../template.ts'

const FIXTURE = join(import.meta.dirname, '../../fixtures/tally')

/** A backup's rows, timestamps in one spelling (engines may print offsets differently). */
function content(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) =>
      JSON.stringify(JSON.parse(l), (_k, v: unknown) =>
        typeof v === 'string' && /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(v)
          ? new Date(v).toISOString()
          : v,
      ),
    )
}

t.test('backup and restore across engines', async (t) => {
  const { db, config, factories, vote, assertConsistent } = await build(t)
  const member = await factories.user('member')
  await factories.forum({ slug: 'xen', voteBudget: 5, maxVotesPerIdea: 3 })
  await importForum(contextFor(db, config), tallySource(FIXTURE), { forum: 'xen' })
  const idea = await db
    .selectFrom('ideas')
    .select('id')
    .where('title', '=', 'Merge target')
    .executeTakeFirstOrThrow()
  t.equal((await vote(member, idea.id, 2)).statusCode, 200)
  await assertConsistent(t)
  const dir = mkdtempSync(join(tmpdir(), 'tally-backup-'))
  const file = join(dir, 'backup.jsonl')
  const counts = await backup(db, file, new Date())
  t.ok((counts.vote_events ?? 0) > 0 && (counts.ideas ?? 0) === 6)

  const targets: Array<[string, () => Promise<Database>]> = [
    [
      'pglite',
      async () => openDatabase({ kind: 'pglite-instance', pglite: await restorePglite() }),
    ],
  ]
  if (serverBase) {
    targets.push([
      'postgres',
      async () =>
        openDatabase({
          kind: 'postgres',
          url: await freshServerDatabase(t),
          poolSize: 2,
          statementTimeoutMs: 30_000,
        }),
    ])
  }
  for (const [engine, open] of targets) {
    const target = await open()
    t.teardown(() => target.close())
    const ctx = contextFor(target.db, testConfig())
    await restore(ctx, file)
    const again = join(dir, `again-${engine}.jsonl`)
    await backup(target.db, again, new Date())
    t.same(content(again), content(file), `${engine}: every row back`)
    // The identity sequences continue after the restored ids.
    const user = await target.db
      .insertInto('users')
      .values({ email: `new-${engine}@example.test`, display_name: 'New', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    t.ok(user.id > member.id, `${engine}: a new user gets a new id`)
    t.match(
      await rejectionOf(restore(ctx, file)),
      { code: 'CONFLICT' },
      `${engine}: not into a non-empty database`,
    )
  }
})
