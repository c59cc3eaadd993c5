// The domain's fixed vocabularies, defined once: the schema types, the API schemas, the SQL
// fragments and the CLI all read them from here, so they cannot drift apart.
export const ROLES = ['member', 'developer', 'coordinator', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const VOTING_MODES = ['classic', 'quadratic'] as const
export type VotingMode = (typeof VOTING_MODES)[number]

/** Ideas in these statuses take votes and spend their voters' budgets. */
export const OPEN_STATUSES = ['open', 'under_review', 'planned', 'started'] as const
export const CLOSED_STATUSES = ['completed', 'declined', 'merged', 'deleted'] as const
export const IDEA_STATUSES = [...OPEN_STATUSES, ...CLOSED_STATUSES] as const
export type OpenStatus = (typeof OPEN_STATUSES)[number]
export type IdeaStatus = (typeof IDEA_STATUSES)[number]
export const isOpenStatus = (status: string): status is OpenStatus =>
  (OPEN_STATUSES as readonly string[]).includes(status)

export const PROGNOSES = [
  'excellent',
  'good',
  'fair',
  'poor',
  'done',
  'not-for-this-release',
] as const
export type Prognosis = (typeof PROGNOSES)[number]
