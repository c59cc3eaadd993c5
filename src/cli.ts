// The `tally` command (npm run tally -- <command>): operations on the configured database.
import './node-version.ts'
import { check } from './cli/check.ts'
import { command, UsageError, type Command } from './cli/command.ts'
import { report } from './cli/report.ts'
import { seedDemo } from './cli/seed-demo.ts'
import { backupCommand, exportCommand, importCommand, restoreCommand } from './cli/transfer.ts'
import { userCreate, userRole } from './cli/users.ts'
import { loadConfig } from './config.ts'
import { describeStartupFailure, openMigratedDatabase } from './startup.ts'

const commands: Record<string, Command<unknown>> = {
  // Opening the database applies pending migrations; there is nothing more to do.
  migrate: command({
    usage: 'migrate    apply pending migrations',
    parse: () => null,
    run: async () => {},
  }),
  'user create': userCreate,
  'user role': userRole,
  check,
  seed: seedDemo,
  report,
  import: importCommand,
  export: exportCommand,
  backup: backupCommand,
  restore: restoreCommand,
}

const USAGE = `usage: npm run tally -- <command>\n\n${Object.values(commands)
  .map((c) => `  ${c.usage}`)
  .join('\n')}\n`

function findCommand(argv: string[]): [Command<unknown>, string[]] | undefined {
  for (const words of [2, 1]) {
    const found = commands[argv.slice(0, words).join(' ')]
    if (found) return [found, argv.slice(words)]
  }
  return undefined
}

async function main() {
  const found = findCommand(process.argv.slice(2))
  if (!found) {
    console.error(USAGE)
    process.exit(2)
  }
  const [cmd, args] = found
  const input = cmd.parse(args)
  const config = loadConfig()
  const database = await openMigratedDatabase(config, {
    info: (msg) => console.log(msg),
    warn: (msg) => console.warn(msg),
  }).catch((err: unknown) => {
    throw new Error(describeStartupFailure(err, config), { cause: err })
  })
  try {
    await cmd.run(database, input, config)
  } finally {
    await database.close()
  }
}

main().catch((err: Error) => {
  console.error(`tally: ${err.message}`)
  if (err instanceof UsageError) console.error(USAGE)
  process.exit(1)
})
