import { Type } from 'typebox'
import { IDEA_STATUSES, OPEN_STATUSES } from '../../core/domain.ts'
import {
  Id,
  Nullable,
  OneLine,
  Page,
  PageQuery,
  PublicUser,
  StringEnum,
  Timestamp,
} from '../../http/schemas.ts'

export const IdeaStatusSchema = StringEnum(IDEA_STATUSES)
/** What a developer may set directly; merged and deleted have their own endpoints. */
export const SETTABLE_STATUSES = [...OPEN_STATUSES, 'completed', 'declined'] as const

export const Idea = Type.Object({
  id: Type.Integer(),
  forumSlug: Type.String(),
  title: Type.String(),
  body: Type.String(),
  status: IdeaStatusSchema,
  category: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  author: PublicUser,
  votes: Type.Integer(),
  voters: Type.Integer(),
  myVotes: Type.Integer({ description: "The caller's votes on this idea (0 when anonymous)" }),
  response: Nullable(Type.Object({ text: Type.String(), author: PublicUser, at: Timestamp })),
  mergedInto: Nullable(Type.Integer()),
  featureId: Nullable(Type.Integer()),
  effort: Nullable(Type.Number({ description: 'Estimated developer-weeks' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

const Title = OneLine({ minLength: 3, maxLength: 140 })
const Body = Type.String({ maxLength: 10000 })

export const CreateIdeaBody = Type.Object(
  { title: Title, body: Type.Optional(Body), categoryId: Type.Optional(Id) },
  { additionalProperties: false },
)

export const UpdateIdeaBody = Type.Object(
  {
    title: Type.Optional(Title),
    body: Type.Optional(Body),
    categoryId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const StatusBody = Type.Object(
  {
    status: StringEnum(SETTABLE_STATUSES),
    response: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  },
  { additionalProperties: false },
)

export const MergeBody = Type.Object({ intoId: Id }, { additionalProperties: false })

export const TriageBody = Type.Object(
  {
    effort: Type.Optional(
      Nullable(
        Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: 'developer-weeks' }),
      ),
    ),
  },
  { additionalProperties: false },
)

export const IDEA_SORTS = ['top', 'new', 'trending', 'hot'] as const

export const IdeaListQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(StringEnum(IDEA_SORTS)),
    status: Type.Optional(
      Type.String({
        pattern:
          '^(open|under_review|planned|started|completed|declined|merged)(,(open|under_review|planned|started|completed|declined|merged))*$',
        maxLength: 200,
        description: 'Comma-separated statuses; default: the open ones',
      }),
    ),
    categoryId: Type.Optional(Id),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Full-text search' }),
    ),
  },
  { additionalProperties: false },
)
export const IdeaPage = Page(Idea)

export const SimilarQuery = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 140 }) },
  { additionalProperties: false },
)
export const SimilarIdeas = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      status: IdeaStatusSchema,
      votes: Type.Integer(),
      similarity: Type.Number(),
    }),
  ),
})

export const StatusHistory = Type.Object({
  items: Type.Array(
    Type.Object({
      from: Nullable(IdeaStatusSchema),
      to: IdeaStatusSchema,
      response: Nullable(Type.String()),
      actor: Nullable(PublicUser),
      at: Timestamp,
    }),
  ),
})

export const VoteHistoryQuery = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 365, default: 90 }) },
  { additionalProperties: false },
)
export const VoteHistory = Type.Object({
  items: Type.Array(
    Type.Object({
      day: Type.String({ format: 'date' }),
      delta: Type.Integer({ description: 'Net votes placed that day' }),
    }),
  ),
})
