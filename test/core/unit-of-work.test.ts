// The kernel: a unit of work is one transaction whose body cannot reach the pool. On the embedded
// engine (one connection) a query sent to the pool from inside a transaction waited forever and
// took the whole service down with it; now it fails at once, on both engines.
import t from 'tap'
import { unitOfWork } from '../../src/core/unit-of-work.ts'
import { PoolReachedFromTransaction } from '../../src/db/pool-guard.ts'
import { build, rejectionOf } from '../helper.ts'

const { app, injectAs, factories } = await build(t)
const member = await factories.user()
const forum = await factories.forum()
const category = await factories.category(forum.id)

t.test('PATCH an idea with a category (a query inside its transaction) answers 200', async (t) => {
  const idea = await factories.idea(forum.id, member.id)
  const res = await injectAs(member, {
    method: 'PATCH',
    url: `/api/v1/ideas/${idea.id}`,
    payload: { categoryId: category.id },
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().category.id, category.id)
  const after = await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })
  t.equal(after.statusCode, 200, 'and the service still answers')
})

t.test(
  'a unit of work that queries the pool fails at once, and the pool is not stuck',
  async (t) => {
    const started = Date.now()
    const err = await rejectionOf(
      unitOfWork(app.ctx, async () => app.ctx.db.selectFrom('users').select('id').execute(), {
        label: 'leaky',
      }),
    )
    t.ok(err instanceof PoolReachedFromTransaction, 'refused by the pool guard')
    t.match((err as Error).message, /leaky/, 'the message names the unit of work')
    t.ok(Date.now() - started < 2000, 'without waiting for a connection')
    const res = await injectAs(null, { url: `/api/v1/forums/${forum.slug}` })
    t.equal(res.statusCode, 200)
  },
)

t.test('a deadlock or serialization failure is run again; other errors are not', async (t) => {
  let runs = 0
  const result = await unitOfWork(app.ctx, async ({ tx }) => {
    runs++
    await tx.selectFrom('forums').select('id').execute()
    if (runs < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' })
    return 'done'
  })
  t.equal(result, 'done')
  t.equal(runs, 3)
  let failing = 0
  const err = await rejectionOf(
    unitOfWork(app.ctx, async () => {
      failing++
      throw Object.assign(new Error('boom'), { code: '23505' })
    }),
  )
  t.match(err, { code: '23505' })
  t.equal(failing, 1)
  let always = 0
  await rejectionOf(
    unitOfWork(app.ctx, async () => {
      always++
      throw Object.assign(new Error('serialization'), { code: '40001' })
    }),
  )
  t.equal(always, 4, 'gives up after its attempts')
})

t.test('a unit of work that fails leaves nothing behind', async (t) => {
  const slug = `gone-${factories.next()}`
  await rejectionOf(
    unitOfWork(app.ctx, async ({ tx }) => {
      await tx.insertInto('forums').values({ slug, name: 'Gone' }).execute()
      throw new Error('after the insert')
    }),
  )
  const row = await app.ctx.db
    .selectFrom('forums')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst()
  t.equal(row, undefined)
})
