import pg from 'pg'
import { seed, FULL } from './seed.ts'
import { migrate } from '../src/db/migrator.ts'
const pool = new pg.Pool({
  connectionString: 'postgres://postgres@127.0.0.1:5432/tally_bench_dev',
  max: 2,
})
await migrate(pool)
console.log(await seed(pool, FULL))
await pool.end()
