// Baseline (ii): pgbench running the vote statement with as many connections as the service's
// pool, its per-transaction log parsed for p50/p99.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { LoadResult } from './load.ts'

const SCRIPT = fileURLToPath(new URL('./vote.pgbench.sql', import.meta.url))

export async function pgbenchVote(options: {
  databaseUrl: string
  connections: number
  seconds: number
  ideas: number
  users: number
}): Promise<LoadResult> {
  const url = new URL(options.databaseUrl)
  const dir = await mkdtemp(join(tmpdir(), 'tally-pgbench-'))
  try {
    const { stdout } = await promisify(execFile)(
      process.env.PGBENCH ?? 'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(options.connections),
        '-j',
        '2',
        '-T',
        String(options.seconds),
        '-f',
        SCRIPT,
        '-D',
        `ideas=${options.ideas}`,
        '-D',
        `users=${options.users}`,
        '-l',
        `--log-prefix=${join(dir, 'log')}`,
        '-h',
        url.hostname,
        '-p',
        url.port || '5432',
        '-U',
        decodeURIComponent(url.username || 'postgres'),
        decodeURIComponent(url.pathname.slice(1)),
      ],
      { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } },
    )
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0)
    const latencies: number[] = []
    for (const file of await readdir(dir)) {
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        const micros = Number(line.split(' ')[2])
        if (line && Number.isFinite(micros)) latencies.push(micros / 1000)
      }
    }
    latencies.sort((a, b) => a - b)
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0
    return {
      rps: Math.round(latencies.length / options.seconds),
      p50: round(at(0.5)),
      p99: round(at(0.99)),
      errors: failed,
      non2xx: 0,
      statuses: {},
      requests: latencies.length,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100
