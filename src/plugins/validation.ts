// Request validation with two Ajv instances: path and query strings are coerced to their schema
// types ("?limit=20" is a number), JSON bodies are not — coercion there turns a `0` into `null`
// against a nullable schema, or `"3"` into 3, which is not what the client sent.
import { Ajv, type Options } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ValidationFailed, withFields } from '../errors.ts'

// ajv-formats ships CommonJS typed as a namespace; its default export is the function.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv

const common: Options = {
  removeAdditional: true,
  useDefaults: true,
  allErrors: false,
  strict: false,
}

export default fp(
  async function validation(app: FastifyInstance) {
    const body = addFormats(new Ajv({ ...common, coerceTypes: false }))
    const other = addFormats(new Ajv({ ...common, coerceTypes: 'array' }))
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? body : other).compile(schema),
    )
    app.addHook('preValidation', async (request) => {
      const problem = unstorable(request.body, 'body') ?? unstorable(request.query, 'query')
      if (problem) {
        throw withFields(new ValidationFailed('The request does not match the schema'), {
          details: [problem],
        })
      }
    })
  },
  { name: 'validation' },
)

const MAX_DEPTH = 32

/**
 * What no schema says but PostgreSQL refuses: a NUL character in a text value (the fuzzer found
 * it turning into a 500). And JSON nested deeper than any of our schemas, refused before anything
 * walks it recursively. Iterative, so a deep document cannot overflow the stack here.
 */
function unstorable(value: unknown, part: string): { path: string; message: string } | undefined {
  const stack: [unknown, string, number][] = [[value, `/${part}`, 0]]
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, message: 'must not contain NUL characters' }
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return { path, message: `is nested deeper than ${MAX_DEPTH} levels` }
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (k.includes('\u0000')) return { path, message: 'must not contain NUL characters' }
        stack.push([child, `${path}/${k}`, depth + 1])
      }
    }
  }
  return undefined
}
