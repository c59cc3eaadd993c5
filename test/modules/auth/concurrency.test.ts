import t from 'tap'
import { limitConcurrency } from '../../../src/modules/auth/concurrency.ts'

t.test('runs at most `limit` tasks at once, all of them, in arrival order', async (t) => {
  const limited = limitConcurrency(2)
  let running = 0
  let most = 0
  const started: number[] = []
  const task = (i: number) => async () => {
    started.push(i)
    running++
    most = Math.max(most, running)
    await new Promise((r) => setTimeout(r, 5))
    running--
    return i
  }
  const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => limited(task(i))))
  t.same(results, [0, 1, 2, 3, 4, 5])
  t.equal(most, 2)
  t.same(started, [0, 1, 2, 3, 4, 5])
})

t.test('a failing task frees its slot', async (t) => {
  const limited = limitConcurrency(1)
  await t.rejects(
    limited(() => Promise.reject(new Error('boom'))),
    /boom/,
  )
  t.equal(await limited(async () => 'next'), 'next')
})
