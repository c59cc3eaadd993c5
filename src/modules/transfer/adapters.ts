// Adapters in front of the intermediate format: each reads its source's CSV exports and yields,
// for one kind at a time, the records the intermediate format would hold (the importer then
// applies every rule: budgets, caps, statuses, missing authors). Columns are found by name, with
// the spellings each source is known to use; see README "Import and export" for what is assumed.
import { basename } from 'node:path'
import { csvObjects } from './csv.ts'
import type { Kind } from './format.ts'
import type { Source, SourceRow } from './source.ts'

type Row = Map<string, string>
const col = (row: Row, ...names: string[]) => {
  for (const n of names) {
    const v = row.get(n)
    if (v !== undefined && v !== '') return v
  }
  return ''
}

/** Bodies arrive as HTML: tags dropped, breaks kept, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const STATUS: Record<string, string> = {
  open: 'open',
  active: 'open',
  new: 'open',
  'under review': 'under_review',
  under_review: 'under_review',
  planned: 'planned',
  started: 'started',
  'in progress': 'started',
  complete: 'completed',
  completed: 'completed',
  shipped: 'completed',
  closed: 'declined',
  declined: 'declined',
  rejected: 'declined',
  duplicate: 'declined',
}
/** A known status in Tally's words; an unknown one passes through for the importer to report. */
const status = (s: string) => STATUS[s.trim().toLowerCase()] ?? s

const date = (s: string) => {
  const t = Date.parse(s)
  return Number.isNaN(t) ? undefined : new Date(t).toISOString()
}

interface Table {
  file: string
  path: string
}

/** Rows of a CSV file, those with invalid UTF-8 refused here (the importer sees the reason). */
async function* rowsOf(table: Table): AsyncGenerator<{ line: number; row: Row } | SourceRow> {
  for await (const { line, row } of csvObjects(table.path)) {
    if ([...row.values()].some((v) => v.includes('\uFFFD'))) {
      yield { file: table.file, line, error: 'not UTF-8' }
    } else yield { line, row }
  }
}

const isError = (r: { line: number; row: Row } | SourceRow): r is SourceRow => 'file' in r

function userOf(email: string, name: string) {
  return email ? { externalId: email.toLowerCase(), email, displayName: name } : null
}

/**
 * Canny: the posts export (one row per post: title, details, board, status, category, author,
 * votes count) and the votes export (one row per post × voter).
 */
export function cannySource(files: string[]): Source {
  const tables = files.map((path) => ({ path, file: basename(path) }))
  const posts = tables.filter((t) => !/vote/i.test(t.file))
  const votes = tables.filter((t) => /vote/i.test(t.file))
  return flatSource('canny', posts, votes, {
    ideaId: (r) => col(r, 'post id', 'id', 'url', 'title'),
    voteIdea: (r) => col(r, 'post id', 'post url', 'post title', 'title'),
    title: (r) => col(r, 'title', 'post title'),
    body: (r) => col(r, 'details', 'description', 'body'),
    status: (r) => col(r, 'status'),
    category: (r) => col(r, 'category', 'board'),
    authorEmail: (r) => col(r, 'author email', 'email', 'created by email'),
    authorName: (r) => col(r, 'author name', 'author', 'name'),
    createdAt: (r) => col(r, 'created at', 'created', 'date'),
    votes: (r) => col(r, 'votes', 'score', 'vote count'),
    voterEmail: (r) => col(r, 'voter email', 'email', 'user email'),
    voterName: (r) => col(r, 'voter name', 'name', 'user name'),
    voteVotes: () => '1',
    voteAt: (r) => col(r, 'created at', 'voted at', 'date'),
    response: () => '',
  })
}

/**
 * UserVoice: the suggestions export, one row per suggestion × voter (the suggestion's columns
 * repeated on each of its voters' rows, with the votes that voter gave), and its comments export.
 */
export function uservoiceSource(files: string[]): Source {
  const tables = files.map((path) => ({ path, file: basename(path) }))
  const comments = tables.filter((t) => /comment/i.test(t.file))
  const suggestions = tables.filter((t) => !/comment/i.test(t.file))
  return flatSource(
    'uservoice',
    suggestions,
    suggestions,
    {
      ideaId: (r) => col(r, 'suggestion id', 'id'),
      voteIdea: (r) => col(r, 'suggestion id', 'id'),
      title: (r) => col(r, 'title', 'suggestion title'),
      body: (r) => col(r, 'description', 'text', 'body'),
      status: (r) => col(r, 'status'),
      category: (r) => col(r, 'category'),
      authorEmail: (r) => col(r, 'creator email', 'author email', 'created by email'),
      authorName: (r) => col(r, 'creator name', 'author name', 'created by'),
      createdAt: (r) => col(r, 'created at', 'created'),
      votes: (r) => col(r, 'vote count', 'votes'),
      voterEmail: (r) => col(r, 'voter email', 'supporter email'),
      voterName: (r) => col(r, 'voter name', 'supporter name'),
      voteVotes: (r) => col(r, 'voter votes', 'votes by voter', 'supporter votes') || '1',
      voteAt: (r) => col(r, 'voted at', 'vote created at', 'supported at'),
      response: (r) => col(r, 'response', 'admin response', 'status response'),
    },
    comments,
  )
}

interface Columns {
  ideaId(r: Row): string
  voteIdea(r: Row): string
  title(r: Row): string
  body(r: Row): string
  status(r: Row): string
  category(r: Row): string
  authorEmail(r: Row): string
  authorName(r: Row): string
  createdAt(r: Row): string
  votes(r: Row): string
  voterEmail(r: Row): string
  voterName(r: Row): string
  voteVotes(r: Row): string
  voteAt(r: Row): string
  response(r: Row): string
}

/** A source whose ideas and votes are flat CSV rows; each kind is one more pass over the files. */
function flatSource(
  name: 'canny' | 'uservoice',
  ideaTables: Table[],
  voteTables: Table[],
  c: Columns,
  commentTables: Table[] = [],
): Source {
  async function* users(): AsyncGenerator<SourceRow> {
    for (const t of [...ideaTables, ...voteTables, ...commentTables]) {
      for await (const r of rowsOf(t)) {
        if (isError(r)) continue
        const out = [
          userOf(c.authorEmail(r.row), c.authorName(r.row)),
          voteTables.includes(t) ? userOf(c.voterEmail(r.row), c.voterName(r.row)) : null,
          commentTables.includes(t)
            ? userOf(
                col(r.row, 'commenter email', 'author email', 'email'),
                col(r.row, 'commenter name', 'author name', 'name'),
              )
            : null,
        ]
        for (const u of out) if (u) yield { file: t.file, line: r.line, value: u }
      }
    }
  }
  return {
    name,
    async *rows(kind: Kind) {
      if (kind === 'users') {
        yield* users()
        return
      }
      if (kind === 'categories') {
        for (const t of ideaTables)
          for await (const r of rowsOf(t)) {
            if (isError(r)) continue
            const cat = c.category(r.row)
            if (cat)
              yield {
                file: t.file,
                line: r.line,
                value: { externalId: cat.toLowerCase(), name: cat },
              }
          }
        return
      }
      if (kind === 'ideas') {
        for (const t of ideaTables)
          for await (const r of rowsOf(t)) {
            if (isError(r)) {
              yield r
              continue
            }
            const st = status(c.status(r.row))
            const votes = Number.parseInt(c.votes(r.row), 10)
            const response = c.response(r.row)
            const email = c.authorEmail(r.row)
            const created = date(c.createdAt(r.row))
            yield {
              file: t.file,
              line: r.line,
              value: {
                externalId: c.ideaId(r.row),
                title: htmlToText(c.title(r.row)),
                body: htmlToText(c.body(r.row)),
                category: c.category(r.row).toLowerCase() || null,
                author: email ? email.toLowerCase() : null,
                status: st,
                response: response
                  ? {
                      text: htmlToText(response),
                      author: null,
                      at: created ?? new Date().toISOString(),
                    }
                  : null,
                votes: Number.isNaN(votes) ? undefined : votes,
                createdAt: created,
              },
            }
          }
        return
      }
      if (kind === 'comments') {
        for (const t of commentTables)
          for await (const r of rowsOf(t)) {
            if (isError(r)) {
              yield r
              continue
            }
            const email = col(r.row, 'commenter email', 'author email', 'email')
            yield {
              file: t.file,
              line: r.line,
              value: {
                externalId: col(r.row, 'comment id', 'id') || `${t.file}:${r.line}`,
                idea: col(r.row, 'suggestion id', 'post id', 'idea id'),
                author: email ? email.toLowerCase() : null,
                body: htmlToText(col(r.row, 'comment', 'text', 'body')),
                createdAt: date(col(r.row, 'created at', 'created')),
              },
            }
          }
        return
      }
      if (kind === 'ballots') {
        for (const t of voteTables)
          for await (const r of rowsOf(t)) {
            if (isError(r)) {
              // Suggestion rows already reported it when read as ideas.
              if (!ideaTables.includes(t)) yield r
              continue
            }
            const voter = c.voterEmail(r.row)
            if (!voter) continue
            const idea = c.voteIdea(r.row)
            yield {
              file: t.file,
              line: r.line,
              value: {
                externalId: `${idea}:${voter.toLowerCase()}`,
                idea,
                user: voter.toLowerCase(),
                votes: Number.parseInt(c.voteVotes(r.row), 10),
                createdAt: date(c.voteAt(r.row)),
              },
            }
          }
      }
    },
  }
}
