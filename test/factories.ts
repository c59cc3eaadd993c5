// Factories insert rows directly and return what tests need (ids, tokens), skipping the HTTP
// round trips that are not the subject of the test.
import type { Role, VotingMode } from '../src/core/domain.ts'
import type { Kysely } from 'kysely'
import type { AppConfig } from '../src/config.ts'
import type { DB } from '../src/db/schema.ts'
import { hashPassword } from '../src/modules/auth/passwords.ts'
import { signAccessToken } from '../src/modules/auth/tokens.ts'

export const FACTORY_PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined

export interface TestUser {
  id: number
  email: string
  displayName: string
  role: Role
  token: string
}

export class Factories {
  private sequence = 0
  constructor(
    readonly db: Kysely<DB>,
    readonly config: AppConfig,
  ) {}

  next(): number {
    return ++this.sequence
  }

  tokenFor(user: { id: number; role: Role }): string {
    return signAccessToken(user, {
      secret: this.config.auth.jwtSecret,
      ttlSeconds: this.config.auth.accessTokenTtlSeconds,
    })
  }

  async user(role: Role = 'member', fields: { email?: string; displayName?: string } = {}) {
    passwordHash ??= hashPassword(FACTORY_PASSWORD)
    const n = this.next()
    const row = await this.db
      .insertInto('users')
      .values({
        email: fields.email ?? `${role}${n}@example.test`,
        display_name: fields.displayName ?? `${role} ${n}`,
        password_hash: await passwordHash,
        role,
      })
      .returning(['id', 'email', 'display_name', 'role'])
      .executeTakeFirstOrThrow()
    const user: TestUser = {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      token: '',
    }
    user.token = this.tokenFor(user)
    return user
  }

  async forum(
    fields: {
      slug?: string
      voteBudget?: number
      maxVotesPerIdea?: number
      votingMode?: VotingMode
    } = {},
  ) {
    const n = this.next()
    const slug = fields.slug ?? `forum-${n}`
    return this.db
      .insertInto('forums')
      .values({
        slug,
        name: `Forum ${n}`,
        vote_budget: fields.voteBudget,
        max_votes_per_idea: fields.maxVotesPerIdea,
        voting_mode: fields.votingMode,
      })
      .returning(['id', 'slug', 'vote_budget', 'max_votes_per_idea', 'voting_mode'])
      .executeTakeFirstOrThrow()
  }

  async category(forumId: number, name?: string) {
    return this.db
      .insertInto('categories')
      .values({ forum_id: forumId, name: name ?? `Category ${this.next()}` })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
  }

  async idea(
    forumId: number,
    authorId: number,
    fields: { title?: string; body?: string; categoryId?: number; createdAt?: Date } = {},
  ) {
    const n = this.next()
    return this.db
      .insertInto('ideas')
      .values({
        forum_id: forumId,
        author_id: authorId,
        title: fields.title ?? `Idea number ${n}`,
        body: fields.body ?? '',
        category_id: fields.categoryId ?? null,
        created_at: fields.createdAt,
        counted_since: fields.createdAt,
      })
      .returning(['id', 'forum_id', 'title'])
      .executeTakeFirstOrThrow()
  }
}
