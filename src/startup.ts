// What the server and the CLI both do before serving: open the configured engine, apply pending
// migrations, make sure the first admin exists when the environment names one.
import type { AppConfig } from './config.ts'
import { openDatabase, type Database, type DatabaseTarget } from './db/engine.ts'
import { exhaustedResource } from './db/exhaustion.ts'
import { migrate } from './db/migrator.ts'
import { adminExists, userByEmail } from './modules/auth/repository.ts'
import { contextFor } from './core/context.ts'
import { createUser } from './modules/auth/service.ts'

export interface StartupLog {
  info(msg: string): void
  warn(msg: string): void
}

export function databaseTarget(config: AppConfig): DatabaseTarget {
  const { database } = config
  return database.url
    ? {
        kind: 'postgres',
        url: database.url,
        poolSize: database.poolSize,
        statementTimeoutMs: database.statementTimeoutMs,
      }
    : { kind: 'pglite', dataDir: database.dataDir }
}

export async function openMigratedDatabase(config: AppConfig, log: StartupLog): Promise<Database> {
  const database = await openDatabase(databaseTarget(config))
  try {
    const { applied, unknown } = await migrate(database.pool)
    for (const file of applied) log.info(`applied migration ${file}`)
    if (unknown.length > 0) {
      log.warn(`the database has migrations this version does not know: ${unknown.join(', ')}`)
    }
    await ensureBootstrapAdmin(database, config, log)
    return database
  } catch (err) {
    await database.close().catch(() => {})
    throw err
  }
}

export class BootstrapError extends Error {}

async function ensureBootstrapAdmin(database: Database, config: AppConfig, log: StartupLog) {
  if (!config.admin || (await adminExists(database.db))) return
  // Promoting an existing account would hand admin to whoever registered that e-mail first.
  if (await userByEmail(database.db, config.admin.email)) {
    throw new BootstrapError(
      `ADMIN_EMAIL ${config.admin.email} belongs to an existing non-admin account; ` +
        'make it admin with `npm run tally -- user role --email <e-mail> --role admin`',
    )
  }
  await createUser(contextFor(database.db, config), {
    email: config.admin.email,
    password: config.admin.password,
    displayName: 'Admin',
    role: 'admin',
  })
  log.info(`created the first admin, ${config.admin.email}`)
}

/**
 * Why the service (or a CLI command) could not open its database, for the one line it prints:
 * running out of disk, memory or connections is named first, with what to do, because the
 * driver's own words ("could not extend file …", or nothing at all from PGlite's file system)
 * do not say it. `config` is absent when loading the configuration itself failed.
 */
export function describeStartupFailure(err: unknown, config?: AppConfig): string {
  const detail = messageOf(err)
  const embedded = config !== undefined && config.database.url === undefined
  const dataDir = config ? ` in DATA_DIR (${config.database.dataDir})` : ''
  const code = (err as { code?: unknown } | null)?.code
  switch (exhaustedResource(err)) {
    case 'disk':
      // 53100 comes from the database server's disk; ENOSPC (or PGlite's ErrnoError) from ours.
      return embedded || config === undefined || code === 'ENOSPC' || isErrnoError(err)
        ? `no space left on device${dataDir}: free some space there (or point DATA_DIR at a ` +
            `disk with room) and start again (${detail})`
        : `the PostgreSQL server has no space left on device: free space on its disk and start ` +
            `again (${detail})`
    case 'memory':
      return `the database is out of memory (${detail})`
    case 'connections':
      return (
        'the PostgreSQL server has no free connection slots: lower DATABASE_POOL_SIZE, stop ' +
        `other clients or raise its max_connections (${detail})`
      )
    case 'resources':
      return `the database is out of resources (${detail})`
    case null:
      return detail
  }
}

const isErrnoError = (err: unknown) => (err as { name?: unknown } | null)?.name === 'ErrnoError'

// Not everything thrown is an Error with a message: PGlite's file system throws
// `ErrnoError {errno}`, which printed as "undefined".
function messageOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message
  const { name, errno } = (err ?? {}) as { name?: unknown; errno?: unknown }
  if (typeof name === 'string')
    return errno === undefined ? name : `${name} (errno ${String(errno)})`
  return String(err)
}
