import { Type } from 'typebox'
import {
  Id,
  Nullable,
  OneLine,
  Page,
  PageQuery,
  StringEnum,
  Timestamp,
} from '../../http/schemas.ts'
import { Feature } from '../features/schemas.ts'

export const Release = Type.Object({
  id: Type.Integer(),
  forumSlug: Type.String(),
  name: Type.String(),
  phase: StringEnum(['planning', 'frozen', 'rc', 'released'] as const),
  featureFreezeAt: Timestamp,
  codeFreezeAt: Nullable(Timestamp),
  firstRcAt: Nullable(Timestamp),
  releaseAt: Timestamp,
  releasedAt: Nullable(Timestamp),
  capacity: Nullable(Type.Number({ description: 'Developer-weeks available before the freeze' })),
  updatedAt: Timestamp,
  slips: Type.Array(
    Type.Object({ from: Timestamp, to: Timestamp, at: Timestamp, reason: Nullable(Type.String()) }),
  ),
  features: Type.Array(Feature),
})

const ReleaseName = OneLine({ minLength: 1, maxLength: 60 })
const Capacity = Type.Number({ exclusiveMinimum: 0, maximum: 100000 })

export const CreateReleaseBody = Type.Object(
  {
    name: ReleaseName,
    featureFreezeAt: Timestamp,
    releaseAt: Timestamp,
    codeFreezeAt: Type.Optional(Timestamp),
    firstRcAt: Type.Optional(Timestamp),
    capacity: Type.Optional(Capacity),
  },
  { additionalProperties: false },
)

export const UpdateReleaseBody = Type.Object(
  {
    name: Type.Optional(ReleaseName),
    featureFreezeAt: Type.Optional(Timestamp),
    codeFreezeAt: Type.Optional(Nullable(Timestamp)),
    firstRcAt: Type.Optional(Nullable(Timestamp)),
    releaseAt: Type.Optional(Timestamp),
    capacity: Type.Optional(Nullable(Capacity)),
    slipReason: Type.Optional(OneLine({ minLength: 1, maxLength: 1000, text: false })),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const ShipBody = Type.Object(
  { nextReleaseId: Type.Optional(Id) },
  { additionalProperties: false },
)

export const ReleaseListQuery = Type.Object(PageQuery, { additionalProperties: false })
export const ReleasePage = Page(Release)

const PlanItem = Type.Object({
  ideaId: Type.Integer(),
  title: Type.String(),
  votes: Type.Integer(),
  effort: Type.Number(),
})
export const PlanQuery = Type.Object(
  { capacity: Type.Optional(Capacity) },
  { additionalProperties: false },
)
export const Plan = Type.Object({
  capacity: Type.Number(),
  chosen: Type.Array(PlanItem),
  totalVotes: Type.Integer(),
  totalEffort: Type.Number(),
  leftOut: Type.Array(PlanItem),
  unestimated: Type.Integer({ description: 'Candidate ideas without an effort estimate' }),
})

export const ReportQuery = Type.Object(
  { format: Type.Optional(StringEnum(['text', 'markdown', 'json'] as const, { default: 'text' })) },
  { additionalProperties: false },
)
