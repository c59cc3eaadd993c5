// The bench database: BENCH_DATABASE_URL if given (used as is), else a throwaway database on the
// local server, created here and dropped by the returned `drop` (also on failure).
import pg from 'pg'

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface BenchDatabase {
  url: string
  throwaway: boolean
  drop(): Promise<void>
}

export async function benchDatabase(env = process.env): Promise<BenchDatabase> {
  if (env.BENCH_DATABASE_URL) {
    return { url: env.BENCH_DATABASE_URL, throwaway: false, drop: async () => {} }
  }
  const name = `tally_bench_${process.pid}_${Date.now()}`
  const admin = env.BENCH_ADMIN_URL ?? DEFAULT_SERVER
  await adminQuery(admin, `CREATE DATABASE ${name}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  let dropped = false
  return {
    url: url.toString(),
    throwaway: true,
    async drop() {
      if (dropped) return
      dropped = true
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
