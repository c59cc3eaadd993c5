// What the text and Markdown renderers are given: the report with every string in it made safe
// for one line of that format. Applied to the whole ReportData, not field by field, so a user
// field added to the report later is covered without anyone remembering to escape it. Input
// validation refuses control characters in one-line fields; this also covers rows written
// before that rule, or by the CLI and imports, which bypass the HTTP schemas.
import type { ReportData } from './report.ts'

// C0 and C1 controls (CR, LF, tab, NEL, …) and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** A run of control characters or line separators becomes one space: nothing starts a line. */
export const oneLine = (text: string) => text.replace(LINE_BREAKING, ' ')

/**
 * Markdown's structure-making characters escaped (emphasis, code, links, HTML, tables, headings),
 * and what would start a list, a heading or a rule at the start of a line.
 */
export const markdownEscape = (text: string) =>
  text
    .replace(/[\\`*_{}[\]<>#|!~]/g, (c) => `\\${c}`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')

/** Every string in `value`, mapped by `fn` (arrays and plain objects walked, the rest kept). */
function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]: [string, unknown]) => [k, mapStrings(v, fn)]),
    ) as T
  }
  return value
}

/** For plain text: each string on one line. */
export const textView = (r: ReportData): ReportData => mapStrings(r, oneLine)

/** For Markdown: each string on one line, and escaped. */
export const markdownView = (r: ReportData): ReportData =>
  mapStrings(r, (text) => markdownEscape(oneLine(text)))
