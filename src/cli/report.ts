import { parseArgs } from 'node:util'
import { systemClock } from '../core/clock.ts'
import { reportMarkdown } from '../modules/releases/report-markdown.ts'
import { reportText } from '../modules/releases/report-text.ts'
import { releaseIdByName, releaseReport } from '../modules/releases/service.ts'
import { command, UsageError } from './command.ts'

const FORMATS = ['text', 'markdown', 'json'] as const

export const report = command({
  usage:
    'report --forum F --release R [--format text|markdown|json]   print the development update',
  parse(args) {
    const { values } = parseArgs({
      args,
      options: {
        forum: { type: 'string' },
        release: { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
    })
    if (!values.forum || !values.release) throw new UsageError('--forum and --release are required')
    const format = values.format as (typeof FORMATS)[number]
    if (!FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
    return { forum: values.forum, release: values.release, format }
  },
  async run(database, input, config) {
    const ctx = { db: database.db, config, clock: systemClock }
    const id = await releaseIdByName(ctx, input.forum, input.release)
    const data = await releaseReport(ctx, id)
    const out =
      input.format === 'json'
        ? JSON.stringify(data, null, 2) + '\n'
        : input.format === 'markdown'
          ? reportMarkdown(data)
          : reportText(data)
    process.stdout.write(out)
  },
})
