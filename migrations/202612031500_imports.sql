-- Moving in and out (issue 14). Imported accounts arrive without a password: they are claimed by
-- a password reset or a sign-in provider, and until then no password verifies for them (login
-- answers INVALID_CREDENTIALS, as for a wrong password).
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- What each imported row became: a second run of the same import finds its rows here and creates
-- nothing, and an interrupted one continues after the last committed batch.
CREATE TABLE import_mappings (
  forum_id    integer NOT NULL REFERENCES forums (id),
  source      text NOT NULL CHECK (source IN ('tally', 'uservoice', 'fider', 'canny')),
  kind        text NOT NULL CHECK (kind IN
                ('user', 'category', 'release', 'feature', 'idea', 'status_change', 'comment')),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  local_id    integer NOT NULL,
  PRIMARY KEY (forum_id, source, kind, external_id)
);
