import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../core/domain.ts'
import { userByEmail } from '../modules/auth/repository.ts'
import { contextFor } from '../core/context.ts'
import { createUser } from '../modules/auth/service.ts'
import { changeRole } from '../modules/users/service.ts'
import { command, OPERATOR, UsageError } from './command.ts'

function parseRole(value: string | undefined): Role {
  if (!ROLES.includes(value as Role)) {
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  }
  return value as Role
}

export const userCreate = command({
  usage:
    'user create --email E --password P [--name N] [--role member|developer|coordinator|admin]',
  parse(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', default: 'member' },
      },
    })
    if (!values.email || !values.password) {
      throw new UsageError('--email and --password are required')
    }
    if (values.password.length < 10)
      throw new UsageError('the password needs at least 10 characters')
    return {
      email: values.email,
      password: values.password,
      displayName: values.name ?? values.email.split('@')[0] ?? 'user',
      role: parseRole(values.role),
    }
  },
  async run(database, input, config) {
    const user = await createUser(contextFor(database.db, config), input)
    console.log(`created user ${user.id} <${user.email}> as ${user.role}`)
  },
})

export const userRole = command({
  usage: "user role --email E --role R      change an existing user's role",
  parse(args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, role: { type: 'string' } },
    })
    if (!values.email) throw new UsageError('--email is required')
    return { email: values.email, role: parseRole(values.role) }
  },
  async run(database, { email, role }, config) {
    const user = await userByEmail(database.db, email)
    if (!user) throw new UsageError(`no user with e-mail ${email}`)
    const changed = await changeRole(contextFor(database.db, config), OPERATOR, user.id, role)
    console.log(`user ${changed.id} <${changed.email}> is now ${changed.role}`)
  },
})
