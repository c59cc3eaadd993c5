// Request validation with two Ajv instances: path and query strings are coerced to their schema
// types ("?limit=20" is a number), JSON bodies are not — coercion there turns a `0` into `null`
// against a nullable schema, or `"3"` into 3, which is not what the client sent.
import { Ajv, type Options } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

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
  },
  { name: 'validation' },
)
