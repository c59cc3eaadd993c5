// The intermediate format (`tally`, version 1): what `export` writes and every importer reads. A
// directory of JSON-lines files, one object a line, each with an `externalId`; objects refer to
// each other by external id, never by a database id. README "Import and export" documents it.
export const FORMAT = 'tally-export'
export const FORMAT_VERSION = 1

/** The files in the order an import reads them: everything a row refers to comes before it. */
export const KINDS = [
  'users',
  'categories',
  'releases',
  'features',
  'ideas',
  'status_changes',
  'comments',
  'ballots',
] as const
export type Kind = (typeof KINDS)[number]

export interface UserRecord {
  externalId: string
  email: string
  displayName: string
  createdAt?: string
}
export interface CategoryRecord {
  externalId: string
  name: string
  createdAt?: string
}
export interface SlipRecord {
  fromAt: string
  toAt: string
  reason: string | null
  actor: string | null
  at: string
}
export interface ReleaseRecord {
  externalId: string
  name: string
  featureFreezeAt: string
  codeFreezeAt: string | null
  firstRcAt: string | null
  releaseAt: string
  releasedAt: string | null
  capacity: number | null
  coordinator: string | null
  slips: SlipRecord[]
  createdAt?: string
}
export interface FeatureRecord {
  externalId: string
  release: string | null
  title: string
  description: string
  group: string
  owner: string | null
  ownerName: string | null
  status: string
  prognosis: string
  external: boolean
  techPreview: boolean
  effort: number | null
  exceptionReason: string | null
  exceptionAt: string | null
  createdAt?: string
}
export interface IdeaRecord {
  externalId: string
  title: string
  body: string
  category: string | null
  /** null: the source does not know (anonymous); the import uses a placeholder account. */
  author: string | null
  status: string
  response: { text: string; author: string | null; at: string } | null
  mergedInto: string | null
  feature: string | null
  effort: number | null
  /** Counters: kept for closed ideas (frozen when they closed); derived from ballots when open. */
  votes?: number
  voters?: number
  countedSince?: string
  createdAt?: string
  updatedAt?: string
}
export interface StatusChangeRecord {
  externalId: string
  idea: string
  fromStatus: string | null
  toStatus: string
  response: string | null
  actor: string | null
  at: string
}
export interface CommentRecord {
  externalId: string
  idea: string
  author: string | null
  body: string
  official: boolean
  createdAt?: string
}
export interface BallotRecord {
  externalId: string
  idea: string
  user: string
  votes: number
  /** Released by a close before the idea was reopened: kept for history, spends nothing. */
  released?: boolean
  createdAt?: string
  updatedAt?: string
}

export interface RecordOf {
  users: UserRecord
  categories: CategoryRecord
  releases: ReleaseRecord
  features: FeatureRecord
  ideas: IdeaRecord
  status_changes: StatusChangeRecord
  comments: CommentRecord
  ballots: BallotRecord
}

export interface Manifest {
  format: typeof FORMAT
  version: number
  forum: {
    slug: string
    name: string
    voteBudget: number
    maxVotesPerIdea: number
    votingMode: string
  }
  exportedAt: string
  counts: Record<Kind, number>
}
