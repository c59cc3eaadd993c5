// The `tally` command (npm run tally -- <command>): operations on the configured database.
import { parseArgs } from 'node:util'
import { loadConfig } from './config.ts'
import type { Database } from './db/engine.ts'
import type { Role } from './db/schema.ts'
import { createUser } from './modules/auth/service.ts'
import { userByEmail } from './modules/auth/repository.ts'
import { openMigratedDatabase } from './startup.ts'

const ROLES: readonly Role[] = ['member', 'developer', 'coordinator', 'admin']

const USAGE = `usage: npm run tally -- <command>

  migrate                                   apply pending migrations
  user create --email E --password P [--name N] [--role member|developer|coordinator|admin]
  user role --email E --role R              change an existing user's role
`

type Command = (database: Database, args: string[]) => Promise<void>

const commands: Record<string, Command> = {
  // Opening the database already applied the migrations.
  migrate: async () => {},
  'user create': async (database, args) => {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', default: 'member' },
      },
    })
    if (!values.email || !values.password)
      throw new UsageError('--email and --password are required')
    const role = parseRole(values.role)
    if (values.password.length < 10)
      throw new UsageError('the password needs at least 10 characters')
    const user = await createUser(database.db, {
      email: values.email,
      password: values.password,
      displayName: values.name ?? values.email.split('@')[0] ?? 'user',
      role,
    })
    console.log(`created user ${user.id} <${user.email}> as ${user.role}`)
  },
  'user role': async (database, args) => {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, role: { type: 'string' } },
    })
    if (!values.email) throw new UsageError('--email is required')
    const role = parseRole(values.role)
    const user = await userByEmail(database.db, values.email)
    if (!user) throw new UsageError(`no user with e-mail ${values.email}`)
    await database.db.updateTable('users').set({ role }).where('id', '=', user.id).execute()
    console.log(`user ${user.id} <${user.email}> is now ${role}`)
  },
}

class UsageError extends Error {}

function parseRole(value: string | undefined): Role {
  if (!ROLES.includes(value as Role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  return value as Role
}

function findCommand(argv: string[]): [Command, string[]] | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ')
    const command = commands[name]
    if (command) return [command, argv.slice(words)]
  }
  return undefined
}

async function main() {
  const found = findCommand(process.argv.slice(2))
  if (!found) {
    console.error(USAGE)
    process.exit(2)
  }
  const config = loadConfig()
  const database = await openMigratedDatabase(config, {
    info: (msg) => console.log(msg),
    warn: (msg) => console.warn(msg),
  })
  try {
    await found[0](database, found[1])
  } finally {
    await database.close()
  }
}

main().catch((err: Error) => {
  console.error(`tally: ${err.message}`)
  if (err instanceof UsageError) console.error(USAGE)
  process.exit(1)
})
