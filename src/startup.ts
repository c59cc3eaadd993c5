// What the server and the CLI both do before serving: open the configured engine, apply pending
// migrations, make sure the first admin exists when the environment names one.
import type { AppConfig } from './config.ts'
import { openDatabase, type Database, type DatabaseTarget } from './db/engine.ts'
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
