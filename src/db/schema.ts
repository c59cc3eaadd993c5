// Table types for Kysely, written to match migrations/ (snake_case columns; the
// CamelCasePlugin is not used so SQL in repositories reads exactly like the schema).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { IdeaStatus, Prognosis, Role, VotingMode } from '../core/domain.ts'
import type { ApiScope, SignInMethod } from '../core/scopes.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface UsersTable {
  id: Generated<number>
  email: string
  display_name: string
  /** NULL for an account with no password: imported and not claimed yet, or signing in only through a provider. No password verifies. */
  password_hash: string | null
  role: ColumnType<Role, Role | undefined, Role>
  session_version: ColumnType<number, number | undefined, number>
  disabled_at: Date | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface RefreshTokensTable {
  id: Generated<number>
  user_id: number
  family_id: string
  token_hash: string
  expires_at: Timestamp
  used_at: Date | null
  revoked_at: Date | null
  created_at: CreatedAt
  method: ColumnType<SignInMethod, SignInMethod | undefined, SignInMethod>
  user_agent: string | null
}

export interface ApiTokensTable {
  id: Generated<number>
  user_id: number
  name: string
  token_hash: string
  scopes: ColumnType<ApiScope[], ApiScope[], ApiScope[]>
  expires_at: Date | null
  last_used_at: Date | null
  revoked_at: Date | null
  created_at: CreatedAt
}

export interface IdentitiesTable {
  id: Generated<number>
  user_id: number
  provider: string
  subject: string
  email: string | null
  created_at: CreatedAt
}

export interface SignInStatesTable {
  state_hash: string
  provider: string
  nonce: string
  code_verifier: string
  next_path: string
  expires_at: Date
  created_at: CreatedAt
}

export interface SsoTokenUsesTable {
  jti: string
  expires_at: Date
  used_at: CreatedAt
}

export interface ForumsTable {
  id: Generated<number>
  slug: string
  name: string
  description: ColumnType<string, string | undefined, string>
  vote_budget: ColumnType<number, number | undefined, number>
  max_votes_per_idea: ColumnType<number, number | undefined, number>
  voting_mode: ColumnType<VotingMode, VotingMode | undefined, VotingMode>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface CategoriesTable {
  id: Generated<number>
  forum_id: number
  name: string
  created_at: CreatedAt
}

export interface IdeasTable {
  id: Generated<number>
  forum_id: number
  category_id: number | null
  author_id: number
  title: string
  body: ColumnType<string, string | undefined, string>
  status: ColumnType<IdeaStatus, IdeaStatus | undefined, IdeaStatus>
  votes: ColumnType<number, number | undefined, number>
  voters: ColumnType<number, number | undefined, number>
  counted_since: Timestamp
  response_text: string | null
  response_author_id: number | null
  response_at: Date | null
  merged_into_id: number | null
  feature_id: number | null
  /** numeric(7,1), parsed to a number by the pool's type parser */
  effort: number | null
  created_at: Timestamp
  updated_at: Timestamp
  search: ColumnType<string, never, never>
  hot: ColumnType<number, never, never>
}

export interface BallotsTable {
  idea_id: number
  user_id: number
  forum_id: number
  votes: number
  cost: number
  released: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface BudgetsTable {
  forum_id: number
  user_id: number
  spent: ColumnType<number, number | undefined, number>
}

export interface VoteEventsTable {
  id: Generated<number>
  forum_id: number
  idea_id: number
  user_id: number
  delta: number
  at: Timestamp
}

export interface CommentsTable {
  id: Generated<number>
  forum_id: number
  idea_id: number
  author_id: number
  body: string
  official: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
}

export interface IdeaStatusChangesTable {
  id: Generated<number>
  forum_id: number
  idea_id: number
  from_status: IdeaStatus | null
  to_status: IdeaStatus
  response: string | null
  actor_id: number | null
  at: Timestamp
}

export interface ReleasesTable {
  id: Generated<number>
  forum_id: number
  name: string
  feature_freeze_at: Date
  code_freeze_at: Date | null
  first_rc_at: Date | null
  release_at: Date
  released_at: Date | null
  /** numeric(8,1), parsed to a number */
  capacity: number | null
  coordinator_id: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ReleaseSlipsTable {
  id: Generated<number>
  forum_id: number
  release_id: number
  from_at: Date
  to_at: Date
  reason: string | null
  actor_id: number | null
  at: Date
}

export interface FeaturesTable {
  id: Generated<number>
  forum_id: number
  release_id: number | null
  title: string
  description: ColumnType<string, string | undefined, string>
  group_name: string
  owner_id: number | null
  owner_name: string | null
  status: ColumnType<string, string | undefined, string>
  prognosis: ColumnType<Prognosis, Prognosis | undefined, Prognosis>
  external: ColumnType<boolean, boolean | undefined, boolean>
  tech_preview: ColumnType<boolean, boolean | undefined, boolean>
  effort: number | null
  exception_reason: string | null
  exception_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface FeatureChangesTable {
  id: Generated<number>
  forum_id: number
  feature_id: number
  actor_id: number | null
  at: Date
  changes: ColumnType<Record<string, [unknown, unknown]>, string, string>
}

/** One Idempotency-Key of one user; status_code null while the first request is in flight. */
export interface IdempotencyKeysTable {
  user_id: number
  key: string
  request_hash: string
  status_code: number | null
  response_body: string | null
  created_at: Generated<Date>
}

export interface LoginAttemptsTable {
  email: string
  window_start: Date
  attempts: number
}

/** Possible duplicates by title, kept per idea (computed off the list's request path). */
export interface IdeaDuplicateHintsTable {
  idea_id: number
  candidate_ids: number[]
  computed_at: Timestamp
}

export interface ImportMappingsTable {
  forum_id: number
  source: string
  kind: string
  external_id: string
  local_id: number
}

export interface DB {
  import_mappings: ImportMappingsTable
  idea_duplicate_hints: IdeaDuplicateHintsTable
  idempotency_keys: IdempotencyKeysTable
  login_attempts: LoginAttemptsTable
  releases: ReleasesTable
  release_slips: ReleaseSlipsTable
  features: FeaturesTable
  feature_changes: FeatureChangesTable
  users: UsersTable
  refresh_tokens: RefreshTokensTable
  api_tokens: ApiTokensTable
  identities: IdentitiesTable
  sso_token_uses: SsoTokenUsesTable
  sign_in_states: SignInStatesTable
  forums: ForumsTable
  categories: CategoriesTable
  ideas: IdeasTable
  ballots: BallotsTable
  budgets: BudgetsTable
  vote_events: VoteEventsTable
  comments: CommentsTable
  idea_status_changes: IdeaStatusChangesTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type ForumRow = Selectable<ForumsTable>
export type ForumUpdate = Updateable<ForumsTable>
export type CategoryRow = Selectable<CategoriesTable>
export type RefreshTokenRow = Selectable<RefreshTokensTable>
