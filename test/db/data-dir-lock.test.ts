// The embedded engine's data-directory lock between real processes: several contenders race to
// take over a stale lock (left by a process that died), round after round. Exactly one wins each
// round; every other is refused with the message that names the winner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t from 'tap'
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/data-dir-lock.ts'
import { childEnv, rejectionOf } from '../helper.ts'

const CONTENDERS = 6
const ROUNDS = Number(process.env.LOCK_ROUNDS ?? 40)

interface Answer {
  pid: number
  ready?: boolean
  won?: boolean
  refused?: string
  kind?: string
  released?: boolean
}

/** A contender process and its answers, one JSON line each, in order. */
function contender(dataDir: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/db/lock-contender.ts', dataDir],
    { env: childEnv(), stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const queue: Answer[] = []
  const waiting: ((a: Answer) => void)[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const answer = JSON.parse(line) as Answer
    const next = waiting.shift()
    if (next) next(answer)
    else queue.push(answer)
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    pid: child.pid!,
    send: (line: string) => child.stdin!.write(`${line}\n`),
    answer: () =>
      new Promise<Answer>((resolve, reject) => {
        const queued = queue.shift()
        if (queued) return resolve(queued)
        waiting.push(resolve)
        void exited.then(() => reject(new Error(`contender ${child.pid} exited`)))
      }),
    end: () => {
      child.stdin!.end()
      return exited
    },
  }
}

/** The pid of a process that has certainly ended: a lock naming it is stale. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(done.stdout.toString())
}

t.test(
  `${CONTENDERS} processes race to take over a stale lock, ${ROUNDS} rounds: one wins each`,
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tally-lock-'))
    const contenders = Array.from({ length: CONTENDERS }, () => contender(dataDir))
    t.teardown(() => Promise.all(contenders.map((c) => c.end())))
    for (const c of contenders) t.ok((await c.answer()).ready, `contender ${c.pid} is ready`)

    let doubleWins = 0
    for (let round = 1; round <= ROUNDS; round++) {
      // The lock a crashed server left behind: the pid of a process that no longer runs.
      writeFileSync(join(dataDir, 'tally.lock'), String(deadPid()))
      for (const c of contenders) c.send('go')
      const answers = await Promise.all(contenders.map((c) => c.answer()))
      const winners = answers.filter((a) => a.won)
      if (winners.length !== 1) {
        doubleWins++
        t.fail(
          `round ${round}: ${winners.length} winners (${winners.map((w) => w.pid).join(', ')})`,
        )
      }
      for (const a of answers.filter((a) => !a.won)) {
        const named = winners.some((w) => a.refused?.includes(`in use by process ${w.pid}.`))
        if (a.kind !== 'DataDirLockedError' || !named) {
          t.fail(`round ${round}: contender ${a.pid} refused with ${a.kind}: ${a.refused}`)
        }
      }
      for (const w of winners) {
        contenders.find((c) => c.pid === w.pid)!.send('release')
        t.ok((await contenders.find((c) => c.pid === w.pid)!.answer()).released)
      }
    }
    t.equal(doubleWins, 0, `exactly one winner in each of ${ROUNDS} rounds`)
    t.same(
      readdirSync(dataDir),
      [],
      'nothing is left behind once the winner lets go (no lock, no takeover file)',
    )
  },
)

// The takeover claim of a lock is named after the lock's content (see data-dir-lock.ts).
const claimOf = (path: string, content: string) =>
  `${path}.takeover-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`

t.test('a takeover claim left by a contender that died is itself taken over', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-lock-'))
  const lock = join(dataDir, 'tally.lock')
  const stale = String(deadPid())
  writeFileSync(lock, stale)
  writeFileSync(claimOf(lock, stale), `${deadPid()} claimer\n`)
  const release = acquireDataDirLock(dataDir)
  t.same(readdirSync(dataDir), ['tally.lock'], 'the lock, and no claim left behind')
  release()
  t.same(readdirSync(dataDir), [])
})

t.test('an empty lock (a crash while it was written) is stale', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-lock-'))
  writeFileSync(join(dataDir, 'tally.lock'), '')
  acquireDataDirLock(dataDir)()
  t.same(readdirSync(dataDir), [])
})

t.test('a takeover another live process is making is waited for, not raced', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-lock-'))
  const lock = join(dataDir, 'tally.lock')
  const stale = String(deadPid())
  writeFileSync(lock, stale)
  // A claim by a live process (this test's parent) that never completes its takeover.
  writeFileSync(claimOf(lock, stale), `${process.ppid} claimer\n`)
  const err = await rejectionOf(Promise.resolve().then(() => acquireDataDirLock(dataDir)))
  t.ok(err instanceof DataDirLockedError)
  t.match((err as Error).message, /kept changing hands/)
  t.equal(readdirSync(dataDir).length, 2, 'the other claim and the stale lock are left alone')
})

t.test('a chain of dead claimers ends in a message naming the file to remove', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-lock-'))
  let path = join(dataDir, 'tally.lock')
  let content = String(deadPid())
  writeFileSync(path, content)
  for (let i = 0; i < 5; i++) {
    const claim = claimOf(path, content)
    content = `${deadPid()} claimer ${i}\n`
    writeFileSync(claim, content)
    path = claim
  }
  const err = await rejectionOf(Promise.resolve().then(() => acquireDataDirLock(dataDir)))
  t.ok(err instanceof DataDirLockedError)
  t.match((err as Error).message, /remove the stale file .*takeover-/)
})
