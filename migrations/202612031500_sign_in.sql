-- Sign-in beyond passwords (issue 12): personal API tokens, sessions a user can see and end,
-- accounts an admin can disable, identities at OpenID Connect / GitHub / an embedding product,
-- and single-use SSO token ids.

-- A provider-only account has no password: nothing to guess, and login refuses it.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
-- Disabled: no sign-in by any method; every token stops working (session_version is bumped too).
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- How a login began and from which browser: kept on the first token of its family (a session).
ALTER TABLE refresh_tokens ADD COLUMN method text NOT NULL DEFAULT 'password'
  CHECK (method IN ('password', 'oidc', 'github', 'sso'));
ALTER TABLE refresh_tokens ADD COLUMN user_agent text CHECK (length(user_agent) <= 400);

CREATE TABLE api_tokens (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- sha256 of the secret: the token itself is shown once and never stored.
  token_hash   text NOT NULL UNIQUE,
  scopes       text[] NOT NULL CHECK (
    cardinality(scopes) >= 1 AND scopes <@ ARRAY['read', 'vote', 'triage', 'releases', 'admin']
  ),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- A user's account at an outside provider ('github', 'sso' or an OIDC provider's configured id).
CREATE TABLE identities (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider   text NOT NULL CHECK (provider ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  email      text CHECK (length(email) <= 254),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, subject),
  UNIQUE (user_id, provider)
);

-- SSO token ids already used: a replayed token is refused. Rows can go once the token expired.
CREATE TABLE sso_token_uses (
  jti        text PRIMARY KEY CHECK (length(jti) BETWEEN 1 AND 200),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz NOT NULL DEFAULT now()
);

-- A sign-in under way at a provider: state, nonce and PKCE verifier, each used once. The state
-- row is deleted when the provider sends the user back, so a replayed callback finds nothing.
CREATE TABLE sign_in_states (
  state_hash    text PRIMARY KEY,
  provider      text NOT NULL,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  next_path     text NOT NULL CHECK (next_path ~ '^/'),
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
