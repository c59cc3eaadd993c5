// The transfer module's public surface: import, export, and the sources an import reads.
import type { Source } from './source.ts'
import { tallySource } from './source.ts'
import { cannySource, uservoiceSource } from './adapters.ts'

export { importForum } from './import.ts'
export { exportLines, exportToDirectory } from './export-files.ts'
export { reportLines, type ImportReport } from './report.ts'
export { tallySource, type Source } from './source.ts'

// Fider is not supported yet: its export (a database backup) is not read by any adapter here.
export const SOURCES = ['tally', 'uservoice', 'canny'] as const

/** The source named on the command line, reading the given files (tally: one directory). */
export function sourceFor(name: string, files: string[]): Source {
  switch (name) {
    case 'tally':
      return tallySource(files[0] ?? '.')
    case 'uservoice':
      return uservoiceSource(files)
    case 'canny':
      return cannySource(files)
    default:
      throw new Error(`unknown source ${name}`)
  }
}
export { backup, restore } from './backup.ts'
