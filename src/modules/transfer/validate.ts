// One row of the intermediate format checked on its own: a malformed row is refused with a reason
// (and its file and line, by the caller); it never stops the rows after it.
import type { Kind, RecordOf } from './format.ts'

type Spec =
  | 'id'
  | 'text'
  | 'text?'
  | 'ref'
  | 'ref?'
  | 'date'
  | 'date?'
  | 'number?'
  | 'int'
  | 'int?'
  | 'bool'
  | 'bool?'
  | 'object?'
  | 'array?'

export class RowError extends Error {}

const SPECS: { [K in Kind]: Record<string, Spec> } = {
  users: { externalId: 'id', email: 'text', displayName: 'text?', createdAt: 'date?' },
  categories: { externalId: 'id', name: 'text', createdAt: 'date?' },
  releases: {
    externalId: 'id',
    name: 'text',
    featureFreezeAt: 'date',
    codeFreezeAt: 'date?',
    firstRcAt: 'date?',
    releaseAt: 'date',
    releasedAt: 'date?',
    capacity: 'number?',
    coordinator: 'ref?',
    slips: 'array?',
    createdAt: 'date?',
  },
  features: {
    externalId: 'id',
    release: 'ref?',
    title: 'text',
    description: 'text?',
    group: 'text',
    owner: 'ref?',
    ownerName: 'text?',
    status: 'text?',
    prognosis: 'text?',
    external: 'bool?',
    techPreview: 'bool?',
    effort: 'number?',
    exceptionReason: 'text?',
    exceptionAt: 'date?',
    createdAt: 'date?',
  },
  ideas: {
    externalId: 'id',
    title: 'text',
    body: 'text?',
    category: 'ref?',
    author: 'ref?',
    status: 'text?',
    response: 'object?',
    mergedInto: 'ref?',
    feature: 'ref?',
    effort: 'number?',
    votes: 'int?',
    voters: 'int?',
    countedSince: 'date?',
    createdAt: 'date?',
    updatedAt: 'date?',
  },
  status_changes: {
    externalId: 'id',
    idea: 'ref',
    fromStatus: 'text?',
    toStatus: 'text',
    response: 'text?',
    actor: 'ref?',
    at: 'date',
  },
  comments: {
    externalId: 'id',
    idea: 'ref',
    author: 'ref?',
    body: 'text',
    official: 'bool?',
    createdAt: 'date?',
  },
  ballots: {
    externalId: 'id',
    idea: 'ref',
    user: 'ref',
    votes: 'int',
    released: 'bool?',
    createdAt: 'date?',
    updatedAt: 'date?',
  },
}

const DEFAULTS: Partial<Record<Spec, unknown>> = {
  'text?': null,
  'ref?': null,
  'date?': undefined,
  'number?': null,
  'int?': undefined,
  'bool?': false,
  'object?': null,
  'array?': [],
}

function field(name: string, spec: Spec, value: unknown): unknown {
  const optional = spec.endsWith('?')
  if (value === undefined || value === null || value === '') {
    if (optional) return DEFAULTS[spec]
    throw new RowError(`${name} is missing`)
  }
  switch (spec) {
    case 'id':
    case 'ref':
    case 'ref?':
      if (typeof value === 'number' && Number.isInteger(value)) return String(value)
      if (typeof value !== 'string' || value.length > 200)
        throw new RowError(`${name} is not an id`)
      return value
    case 'text':
    case 'text?':
      if (typeof value !== 'string') throw new RowError(`${name} is not text`)
      return value
    case 'date':
    case 'date?': {
      const at = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null
      if (!at || Number.isNaN(at.getTime())) throw new RowError(`${name} is not a date`)
      return at.toISOString()
    }
    case 'number?':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new RowError(`${name} is not a number`)
      return value
    case 'int':
    case 'int?':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new RowError(`${name} is not an integer`)
      return value
    case 'bool?':
      if (typeof value !== 'boolean') throw new RowError(`${name} is not true or false`)
      return value
    case 'object?':
      if (typeof value !== 'object' || Array.isArray(value))
        throw new RowError(`${name} is not an object`)
      return value
    case 'array?':
      if (!Array.isArray(value)) throw new RowError(`${name} is not a list`)
      return value
  }
}

/** The row as a record of its kind, with defaults filled in; throws RowError with the reason. */
export function validateRow<K extends Kind>(kind: K, row: unknown): RecordOf[K] {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new RowError('not a JSON object')
  }
  const input = row as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(SPECS[kind])) {
    const value = field(name, spec, input[name])
    if (value !== undefined) out[name] = value
  }
  if (kind === 'ideas' && out.response) {
    const r = out.response as Record<string, unknown>
    out.response = {
      text: field('response.text', 'text', r.text),
      author: field('response.author', 'ref?', r.author),
      at: field('response.at', 'date', r.at),
    }
  }
  if (kind === 'releases') {
    out.slips = (out.slips as unknown[]).map((s) => {
      const slip = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>
      return {
        fromAt: field('slips.fromAt', 'date', slip.fromAt),
        toAt: field('slips.toAt', 'date', slip.toAt),
        reason: field('slips.reason', 'text?', slip.reason),
        actor: field('slips.actor', 'ref?', slip.actor),
        at: field('slips.at', 'date', slip.at),
      }
    })
  }
  return out as unknown as RecordOf[K]
}
