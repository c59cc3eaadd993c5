-- Idempotency keys for the POST creates, and login attempts per e-mail kept in the database so a
-- restart (or another instance) does not hand an attacker a fresh allowance.

-- One row per (user, Idempotency-Key). status_code is NULL while the first request is in flight
-- (or if it ended without a definite answer); then the answer is replayed for the same request and
-- a different request under the same key is refused (Stripe's semantics).
CREATE TABLE idempotency_keys (
  user_id       integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash  text NOT NULL,
  status_code   integer CHECK (status_code BETWEEN 200 AND 599),
  response_body text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- A fixed one-minute window per e-mail (lower-cased): attempts in the window and when it began.
CREATE TABLE login_attempts (
  email        text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  attempts     integer NOT NULL CHECK (attempts >= 0)
);
