import { Type } from 'typebox'
import { OneLine, Page, PageQuery, Slug, StringEnum } from '../../http/schemas.ts'

export const VotingModeSchema = StringEnum(['classic', 'quadratic'] as const)

export const Category = Type.Object({ id: Type.Integer(), name: Type.String() })

export const Forum = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  voteBudget: Type.Integer(),
  maxVotesPerIdea: Type.Integer(),
  votingMode: VotingModeSchema,
  categories: Type.Array(Category),
})

const settings = {
  name: OneLine({ minLength: 1, maxLength: 120 }),
  description: Type.String({ maxLength: 2000 }),
  voteBudget: Type.Integer({ minimum: 1, maximum: 1000 }),
  maxVotesPerIdea: Type.Integer({ minimum: 1, maximum: 100 }),
  votingMode: VotingModeSchema,
}

export const CreateForumBody = Type.Object(
  {
    slug: Slug,
    name: settings.name,
    description: Type.Optional(settings.description),
    voteBudget: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10 })),
    maxVotesPerIdea: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 3 })),
    votingMode: Type.Optional(
      StringEnum(['classic', 'quadratic'] as const, { default: 'classic' }),
    ),
  },
  { additionalProperties: false },
)

export const UpdateForumBody = Type.Object(
  {
    name: Type.Optional(settings.name),
    description: Type.Optional(settings.description),
    voteBudget: Type.Optional(settings.voteBudget),
    maxVotesPerIdea: Type.Optional(settings.maxVotesPerIdea),
    votingMode: Type.Optional(settings.votingMode),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const CreateCategoryBody = Type.Object(
  { name: OneLine({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
)

export const ForumListQuery = Type.Object(PageQuery, { additionalProperties: false })
export const ForumPage = Page(Forum)
