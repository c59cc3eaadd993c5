import { Type } from 'typebox'
import { Id, Nullable, PageQuery, StringEnum } from '../../http/schemas.ts'
import { IdeaStatusSchema } from '../ideas/schemas.ts'

export const TriageQuery = Type.Object(
  {
    ...PageQuery,
    rank: Type.Optional(
      StringEnum(['top', 'trending', 'hot', 'value'] as const, { default: 'top' }),
    ),
    categoryId: Type.Optional(Id),
    format: Type.Optional(StringEnum(['json', 'csv'] as const, { default: 'json' })),
  },
  { additionalProperties: false },
)

export const TriageRow = Type.Object({
  rank: Type.Integer(),
  idea: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    status: IdeaStatusSchema,
    category: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  }),
  votes: Type.Integer(),
  voters: Type.Integer(),
  votes7d: Type.Integer({ description: 'Net votes gained in the last 7 days' }),
  votes30d: Type.Integer({ description: 'Net votes gained in the last 30 days' }),
  ageDays: Type.Integer(),
  comments: Type.Integer(),
  effort: Nullable(Type.Number()),
  possibleDuplicates: Type.Array(Type.Integer(), { description: 'Open ideas with similar titles' }),
})

export const TriagePage = Type.Object({
  items: Type.Array(TriageRow),
  nextCursor: Nullable(Type.String()),
})
