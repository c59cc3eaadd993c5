-- Accounts, refresh tokens, forums and categories.
-- Invariants live here as constraints so that no code path can break them.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
  password_hash text NOT NULL,
  role          text NOT NULL DEFAULT 'member'
                CHECK (role IN ('member', 'developer', 'coordinator', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- E-mails are compared case-insensitively.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- One row per issued refresh token; a "family" is one login and all its rotations.
CREATE TABLE refresh_tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   uuid NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE forums (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description        text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  vote_budget        integer NOT NULL DEFAULT 10 CHECK (vote_budget BETWEEN 1 AND 1000),
  max_votes_per_idea integer NOT NULL DEFAULT 3 CHECK (max_votes_per_idea BETWEEN 1 AND 100),
  voting_mode        text NOT NULL DEFAULT 'classic' CHECK (voting_mode IN ('classic', 'quadratic')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id   integer NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- (forum_id, id) is referenced by forum-scoped tables so a row cannot point at another forum's category.
  UNIQUE (forum_id, id)
);
CREATE UNIQUE INDEX categories_forum_name_key ON categories (forum_id, lower(name));
