// The API's answers as types for the browser code (JSDoc in src/web/static/js, checked by
// tsconfig.web.json). Taken from the routes' own TypeBox response schemas — what the server
// serialises — so the pages cannot drift from the API without a type error. Types only: nothing
// here reaches the browser.
import type { Static } from 'typebox'
import type { User } from '../modules/auth/schemas.ts'
import type {
  Comment as CommentSchema,
  CommentPage as CommentPageSchema,
} from '../modules/comments/schemas.ts'
import type { Feature as FeatureSchema } from '../modules/features/schemas.ts'
import type {
  Forum as ForumSchema,
  ForumPage as ForumPageSchema,
} from '../modules/forums/schemas.ts'
import type {
  Idea as IdeaSchema,
  IdeaPage as IdeaPageSchema,
  SimilarIdeas as SimilarIdeasSchema,
  StatusHistory as StatusHistorySchema,
  VoteHistory as VoteHistorySchema,
} from '../modules/ideas/schemas.ts'
import type {
  Plan as PlanSchema,
  Release as ReleaseSchema,
  ReleasePage as ReleasePageSchema,
} from '../modules/releases/schemas.ts'
import type {
  TriagePage as TriagePageSchema,
  TriageRow as TriageRowSchema,
} from '../modules/triage/schemas.ts'
import type {
  Budget as BudgetSchema,
  BudgetView as BudgetViewSchema,
  VoteResult as VoteResultSchema,
} from '../modules/votes/schemas.ts'

export type SessionUser = Static<typeof User>
/** What /web/session/{login,register,refresh} answer. */
export interface BrowserSession {
  user: SessionUser
  accessToken: string
  expiresIn: number
}
export type Role = SessionUser['role']

export type Forum = Static<typeof ForumSchema>
export type ForumPage = Static<typeof ForumPageSchema>
export type Idea = Static<typeof IdeaSchema>
export type IdeaStatus = Idea['status']
export type IdeaPage = Static<typeof IdeaPageSchema>
export type SimilarIdeas = Static<typeof SimilarIdeasSchema>
export type StatusHistory = Static<typeof StatusHistorySchema>
export type VoteHistory = Static<typeof VoteHistorySchema>
export type Comment = Static<typeof CommentSchema>
export type CommentPage = Static<typeof CommentPageSchema>
export type Budget = Static<typeof BudgetSchema>
export type BudgetView = Static<typeof BudgetViewSchema>
export type Ballot = BudgetView['ballots'][number]
export type VoteResult = Static<typeof VoteResultSchema>
export type Release = Static<typeof ReleaseSchema>
export type ReleasePage = Static<typeof ReleasePageSchema>
export type Feature = Static<typeof FeatureSchema>
export type Prognosis = Feature['prognosis']
export type Plan = Static<typeof PlanSchema>
export type TriageRow = Static<typeof TriageRowSchema>
export type TriagePage = Static<typeof TriagePageSchema>
