// A contender for the data-directory lock, as its own process (the lock is between processes).
// Reads commands from stdin: `go` tries to take the lock and prints one JSON line, `won` or
// `refused` with the message; `release` lets go of a lock it holds. Ends when stdin closes.
import { createInterface } from 'node:readline'
import { acquireDataDirLock } from '../../src/db/data-dir-lock.ts'

const dataDir = process.argv[2]!
let release: (() => void) | undefined
const say = (o: object) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...o })}\n`)

say({ ready: true })
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'go') {
    try {
      release = acquireDataDirLock(dataDir)
      say({ won: true })
    } catch (err) {
      say({ refused: (err as Error).message, kind: (err as Error).constructor.name })
    }
  } else if (line === 'release') {
    release?.()
    release = undefined
    say({ released: true })
  }
}
release?.()
