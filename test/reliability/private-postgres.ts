// A private PostgreSQL cluster for the database-restart fault: initdb into a temporary directory,
// on its own port, so stopping it never touches the shared server. Run as the `postgres` user when
// the tests run as root (initdb refuses root).
import { execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface PrivatePostgres {
  port: number
  url(database: string): string
  stop(mode?: 'fast' | 'immediate'): void
  start(): void
  destroy(): void
}

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0
  const [file, argv] = root
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args]
  return execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 }).toString()
}

export function createPrivatePostgres(): PrivatePostgres {
  const dir = mkdtempSync(join(tmpdir(), 'tally-pg-'))
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  asPostgres(join(BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ])
  // A port of its own, away from the shared 5432; another run picking the same one fails start.
  const port = 55_000 + Math.floor(Math.random() * 4000)
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`
  const start = () =>
    void asPostgres(join(BIN, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      options,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '30',
      'start',
    ])
  const stop = (mode: 'fast' | 'immediate' = 'fast') =>
    void asPostgres(join(BIN, 'pg_ctl'), ['-D', data, '-m', mode, '-w', '-t', '30', 'stop'])
  start()
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy() {
      try {
        stop('immediate')
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
