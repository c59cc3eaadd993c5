// `tally import` and `tally export`: a forum moved in from a source's files, or out to a directory
// in the intermediate format. The import's last line of output is its one-line summary.
import { parseArgs } from 'node:util'
import { contextFor } from '../core/context.ts'
import {
  backup,
  restore,
  exportToDirectory,
  importForum,
  reportLines,
  sourceFor,
  SOURCES,
} from '../modules/transfer/index.ts'
import { command, UsageError } from './command.ts'

export const importCommand = command({
  usage: `import ${SOURCES.join('|')} --forum SLUG <files…> [--dry-run] [--raise-budget]    move a forum in`,
  parse(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        forum: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'raise-budget': { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
      },
    })
    const [name, ...files] = positionals
    if (!name || !(SOURCES as readonly string[]).includes(name)) {
      throw new UsageError(`import needs a source: ${SOURCES.join(', ')}`)
    }
    if (!values.forum) throw new UsageError('import needs --forum SLUG')
    if (files.length === 0)
      throw new UsageError('import needs the files (or, for tally, the directory)')
    const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
      throw new UsageError('--batch-size is a positive integer')
    }
    return {
      source: sourceFor(name, files),
      forum: values.forum,
      dryRun: values['dry-run'] ?? false,
      raiseBudget: values['raise-budget'] ?? false,
      batchSize,
    }
  },
  async run(database, input, config) {
    const report = await importForum(contextFor(database.db, config), input.source, {
      ...input,
      onProgress: (line) => console.log(line),
    })
    for (const line of reportLines(report)) console.log(line)
  },
})

export const exportCommand = command({
  usage: 'export --forum SLUG --out DIR    write a forum in the intermediate format',
  parse(args) {
    const { values } = parseArgs({
      args,
      options: { forum: { type: 'string' }, out: { type: 'string' } },
    })
    if (!values.forum || !values.out) throw new UsageError('export needs --forum SLUG --out DIR')
    return { forum: values.forum, out: values.out }
  },
  async run(database, { forum, out }) {
    const manifest = await exportToDirectory(database.db, forum, out, new Date())
    const total = Object.values(manifest.counts).reduce((a, b) => a + b, 0)
    console.log(
      `exported ${forum} to ${out}: ${total} records (${JSON.stringify(manifest.counts)})`,
    )
  },
})

export const backupCommand = command({
  usage: 'backup --out FILE    the whole service as one file (restores on either engine)',
  parse(args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
    if (!values.out) throw new UsageError('backup needs --out FILE')
    return { out: values.out }
  },
  async run(database, { out }) {
    const counts = await backup(database.db, out, new Date())
    const rows = Object.values(counts).reduce((a, b) => a + b, 0)
    console.log(`backed up ${rows} rows of ${Object.keys(counts).length} tables to ${out}`)
  },
})

export const restoreCommand = command({
  usage: 'restore --from FILE [--force]    fill an empty database from a backup (--force: replace)',
  parse(args) {
    const { values } = parseArgs({
      args,
      options: { from: { type: 'string' }, force: { type: 'boolean', default: false } },
    })
    if (!values.from) throw new UsageError('restore needs --from FILE')
    return { from: values.from, force: values.force ?? false }
  },
  async run(database, { from, force }, config) {
    const counts = await restore(contextFor(database.db, config), from, { force })
    const rows = Object.values(counts).reduce((a, b) => a + b, 0)
    console.log(`restored ${rows} rows of ${Object.keys(counts).length} tables from ${from}`)
  },
})
