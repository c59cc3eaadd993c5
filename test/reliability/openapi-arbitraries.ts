// fast-check arbitraries from the OpenAPI document's JSON schemas: values that fit a schema, and
// mutations of them — wrong types, missing and extra fields, huge strings and numbers, unicode
// edge cases, NUL bytes, deep nesting.
import fc from 'fast-check'

export interface JsonSchema {
  type?: string
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number | boolean
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  nullable?: boolean
}

const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200b',
  '\ufeff',
  '𝕏😀👩‍👩‍👧',
  'é',
  'e\u0301',
  '\u2028\u2029',
  "'; DROP TABLE ideas; --",
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '\\',
  ' ',
]

export const weirdString = fc.oneof(
  fc.constantFrom(...UNICODE_EDGES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`),
)

export const weirdNumber = fc.constantFrom(
  -1,
  0,
  -0,
  0.5,
  -2_147_483_648,
  2_147_483_648,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  1e-10,
)

/** A value of any JSON type, to put where another type belongs. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  weirdNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

const dateTime = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2200-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString())

/** A value that fits the schema (as far as a generator can guess patterns). */
export function valid(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, pools)))
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const base = baseValid(schema, pools)
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base
}

function baseValid(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'integer': {
      const min = schema.minimum ?? -1000
      const max = schema.maximum ?? 1000
      // Ids are better taken from objects that exist, to get past the 404s.
      if (min === 1 && max === 2_147_483_647)
        return fc.oneof(fc.constantFrom(...pools.ids), fc.integer({ min, max }))
      return fc.integer({ min, max: Math.min(max, min + 100_000) })
    }
    case 'number':
      return fc.double({
        min: Math.max(schema.minimum ?? 0.1, 0.1),
        max: schema.maximum ?? 1000,
        noNaN: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(valid(schema.items ?? {}, pools), { maxLength: 4 })
    case 'object': {
      const props = schema.properties ?? {}
      const required = new Set(schema.required ?? [])
      const entries = Object.entries(props).map(([k, s]) => [k, valid(s, pools)] as const)
      return fc.record(Object.fromEntries(entries), {
        requiredKeys: Object.keys(props).filter((k) => required.has(k)),
      })
    }
    case 'string':
    default: {
      if (schema.format === 'date-time') return dateTime
      if (schema.format === 'email') return fc.emailAddress()
      const max = Math.min(schema.maxLength ?? 60, 60)
      const min = schema.minLength ?? 0
      if (schema.pattern) {
        if (schema.pattern.startsWith('^[a-z0-9]')) return fc.constantFrom(...pools.slugs)
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .map((s) => s.slice(0, Math.max(max, min)))
      }
      return fc.string({ minLength: min, maxLength: Math.max(min, max) })
    }
  }
}

/** A value that probably does not fit: valid, mutated inside, or something else entirely. */
export function mutated(schema: JsonSchema, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [valid(schema, pools), anyJson]
  if (schema.type === 'object' && schema.properties && depth < 3) {
    options.push(mutateObject(schema, pools, depth))
    options.push(mutateObject(schema, pools, depth))
  }
  if (schema.type === 'array' && depth < 3) {
    options.push(fc.array(mutated(schema.items ?? {}, pools, depth + 1), { maxLength: 5 }))
    options.push(
      fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, () => 1)),
    )
  }
  return fc.oneof(...options)
}

function mutateObject(schema: JsonSchema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {})
  return fc
    .tuple(
      valid(schema, pools),
      fc.subarray(props.map(([k]) => k)),
      fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 3 }),
      fc.tuple(...props.map(([, s]) => mutated(s, pools, depth + 1))),
      fc.boolean(),
    )
    .map(([base, drop, extra, replacements, replace]) => {
      const out: Record<string, unknown> = { ...(base as object), ...extra }
      for (const k of drop) delete out[k]
      if (replace) props.forEach(([k], i) => (out[k] = replacements[i]))
      return out
    })
}

export interface Pools {
  ids: number[]
  slugs: string[]
}

/** Path parameters: real ids and slugs mostly, else negative, overflowing or garbage ones. */
export const badPathValue = fc.constantFrom(
  '-1',
  '0',
  '2147483648',
  '99999999999999999999999',
  '1.5',
  '1e3',
  'abc',
  '%00',
  '%F0%9F%92%A9',
  '%ZZ',
  '9'.repeat(300),
  'NaN',
  ' 1',
  'UPPER-CASE',
  '..',
)

/** Cursors that were never issued. */
export const badCursor = fc.oneof(
  fc.constantFrom('', '!!!', 'null', 'eyJ9', 'e30', 'W10', 'x'.repeat(600), '%00', 'AAAA'),
  fc.base64String({ maxLength: 80 }),
  fc.json().map((j) => Buffer.from(j).toString('base64url')),
)

/** A deeply nested JSON text: `{"a":{"a":…}}` or `[[[…]]]`. */
export const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  )
