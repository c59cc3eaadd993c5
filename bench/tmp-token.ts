import { signAccessToken } from '../src/modules/auth/tokens.ts'
console.log(
  signAccessToken(
    { id: Number(process.argv[2] ?? 1), role: 'coordinator' },
    { secret: '0123456789012345678901234567890123456789', ttlSeconds: 3600 },
  ),
)
