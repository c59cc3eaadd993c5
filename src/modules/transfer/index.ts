// The transfer module's public surface: import, export, and the sources an import reads.
import type { Source } from './source.ts'
import { tallySource } from './source.ts'

export { importForum } from './import.ts'
export { exportLines, exportToDirectory } from './export-files.ts'
export { reportLines, type ImportReport } from './report.ts'
export { tallySource, type Source } from './source.ts'

export const SOURCES = ['tally', 'uservoice', 'canny', 'fider'] as const

/** The source named on the command line, reading the given files (tally: one directory). */
export function sourceFor(name: string, files: string[]): Source {
  switch (name) {
    case 'tally':
      return tallySource(files[0] ?? '.')
    default:
      throw new Error(`unknown source ${name}`)
  }
}
