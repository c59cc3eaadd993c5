// Table types for Kysely, written to match migrations/ (snake_case columns; the
// CamelCasePlugin is not used so SQL in repositories reads exactly like the schema).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export type Role = 'member' | 'developer' | 'coordinator' | 'admin'
export type VotingMode = 'classic' | 'quadratic'

export interface UsersTable {
  id: Generated<number>
  email: string
  display_name: string
  password_hash: string
  role: ColumnType<Role, Role | undefined, Role>
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

export interface DB {
  users: UsersTable
  refresh_tokens: RefreshTokensTable
  forums: ForumsTable
  categories: CategoriesTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type ForumRow = Selectable<ForumsTable>
export type ForumUpdate = Updateable<ForumsTable>
export type CategoryRow = Selectable<CategoriesTable>
export type RefreshTokenRow = Selectable<RefreshTokensTable>
