-- Access tokens carry the session version they were issued under. A role change (and, later,
-- disabling a user) bumps it: every token issued before stops working at its next request,
-- instead of keeping the old role for up to 15 minutes.
ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 1
  CHECK (session_version >= 1);
