import { Type } from 'typebox'
import { PROGNOSES } from '../../core/domain.ts'
import { Id, Nullable, OneLine, PublicUser, StringEnum, Timestamp } from '../../http/schemas.ts'

export const PrognosisSchema = StringEnum(PROGNOSES)

export const Owner = Nullable(
  Type.Union([PublicUser, Type.Object({ name: Type.String() })], {
    description: 'A user, a free-text name, or null ("volunteers wanted")',
  }),
)

export const Demand = Type.Object({
  votes: Type.Integer({ description: 'Votes on the linked ideas' }),
  voters: Type.Integer({ description: 'Distinct voters across the linked ideas' }),
})

export const Feature = Type.Object({
  id: Type.Integer(),
  releaseId: Nullable(Type.Integer({ description: 'null: in the backlog' })),
  title: Type.String(),
  description: Type.String(),
  group: Type.String(),
  owner: Owner,
  status: Type.String(),
  prognosis: PrognosisSchema,
  external: Type.Boolean(),
  techPreview: Type.Boolean(),
  effort: Nullable(Type.Number()),
  ideas: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      status: Type.String(),
      votes: Type.Integer(),
      voters: Type.Integer(),
    }),
  ),
  demand: Demand,
  exception: Nullable(Type.Object({ reason: Type.String(), at: Timestamp })),
  updatedAt: Timestamp,
})

const Title = OneLine({ minLength: 1, maxLength: 200 })
const Group = OneLine({ minLength: 1, maxLength: 80 })
const OwnerName = OneLine({ minLength: 1, maxLength: 120 })
const StatusLine = OneLine({ maxLength: 1000, text: false })
const Effort = Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: 'developer-weeks' })
export const FreezeException = Type.Object(
  { reason: OneLine({ minLength: 1, maxLength: 1000 }) },
  {
    additionalProperties: false,
    description: 'Why this may enter the release after its feature freeze',
  },
)

export const PromoteBody = Type.Object(
  {
    releaseId: Id,
    group: Type.Optional(Group),
    title: Type.Optional(Title),
    ownerId: Type.Optional(Id),
    ownerName: Type.Optional(OwnerName),
    prognosis: Type.Optional(PrognosisSchema),
    exception: Type.Optional(FreezeException),
  },
  { additionalProperties: false },
)

export const CreateFeatureBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    group: Type.Optional(Group),
    ownerId: Type.Optional(Id),
    ownerName: Type.Optional(OwnerName),
    status: Type.Optional(StatusLine),
    prognosis: Type.Optional(PrognosisSchema),
    external: Type.Optional(Type.Boolean()),
    techPreview: Type.Optional(Type.Boolean()),
    effort: Type.Optional(Effort),
    exception: Type.Optional(FreezeException),
  },
  { additionalProperties: false },
)

export const UpdateFeatureBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    group: Type.Optional(Group),
    ownerId: Type.Optional(Nullable(Id)),
    ownerName: Type.Optional(Nullable(OwnerName)),
    status: Type.Optional(StatusLine),
    prognosis: Type.Optional(PrognosisSchema),
    external: Type.Optional(Type.Boolean()),
    techPreview: Type.Optional(Type.Boolean()),
    effort: Type.Optional(Nullable(Effort)),
    releaseId: Type.Optional(Nullable(Id)),
    exception: Type.Optional(FreezeException),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const LinkIdeaBody = Type.Object({ ideaId: Id }, { additionalProperties: false })

export const FeatureHistory = Type.Object({
  items: Type.Array(
    Type.Object({
      at: Timestamp,
      actor: Nullable(PublicUser),
      changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
    }),
  ),
})

export const FeatureList = Type.Object({ items: Type.Array(Feature) })
