-- Time-based releases and their tracked features (DESIGN.md §5): milestones with a history of
-- slips, features grouped under headings with an owner and a prognosis, ideas linked to features,
-- and a history of every change to a feature.

CREATE TABLE releases (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id          integer NOT NULL REFERENCES forums (id),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  feature_freeze_at timestamptz NOT NULL,
  code_freeze_at    timestamptz,
  first_rc_at       timestamptz,
  release_at        timestamptz NOT NULL,
  released_at       timestamptz,
  -- Developer-weeks available before the feature freeze.
  capacity          numeric(8, 1) CHECK (capacity > 0),
  coordinator_id    integer REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (forum_id, id),
  -- Milestones in order: freeze ≤ code freeze ≤ first RC ≤ release (the optional ones when set).
  CHECK (code_freeze_at IS NULL OR code_freeze_at >= feature_freeze_at),
  CHECK (first_rc_at IS NULL OR first_rc_at >= coalesce(code_freeze_at, feature_freeze_at)),
  CHECK (release_at >= coalesce(first_rc_at, code_freeze_at, feature_freeze_at))
);
CREATE UNIQUE INDEX releases_forum_name_key ON releases (forum_id, lower(name));

-- Every time the release date moved later.
CREATE TABLE release_slips (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id   integer NOT NULL,
  release_id integer NOT NULL,
  from_at    timestamptz NOT NULL,
  to_at      timestamptz NOT NULL CHECK (to_at > from_at),
  reason     text CHECK (length(reason) <= 1000),
  actor_id   integer REFERENCES users (id),
  at         timestamptz NOT NULL,
  FOREIGN KEY (forum_id, release_id) REFERENCES releases (forum_id, id)
);
CREATE INDEX release_slips_release_idx ON release_slips (release_id, id);

CREATE TABLE features (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id         integer NOT NULL REFERENCES forums (id),
  -- NULL: the forum's backlog (not planned for a release, or carried over from a shipped one).
  release_id       integer,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  group_name       text NOT NULL CHECK (length(group_name) BETWEEN 1 AND 80),
  -- The owner is a user, or a free-text name, or nobody ("volunteers wanted").
  owner_id         integer REFERENCES users (id),
  owner_name       text CHECK (length(owner_name) BETWEEN 1 AND 120),
  status           text NOT NULL DEFAULT '' CHECK (length(status) <= 1000),
  prognosis        text NOT NULL DEFAULT 'good' CHECK (prognosis IN
                     ('excellent', 'good', 'fair', 'poor', 'done', 'not-for-this-release')),
  external         boolean NOT NULL DEFAULT false,
  tech_preview     boolean NOT NULL DEFAULT false,
  effort           numeric(7, 1) CHECK (effort > 0),
  -- Recorded when the feature entered its release after the feature freeze.
  exception_reason text CHECK (length(exception_reason) BETWEEN 1 AND 1000),
  exception_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (forum_id, id),
  FOREIGN KEY (forum_id, release_id) REFERENCES releases (forum_id, id),
  CHECK (owner_id IS NULL OR owner_name IS NULL),
  CHECK ((exception_reason IS NULL) = (exception_at IS NULL))
);
CREATE INDEX features_release_idx ON features (release_id);
CREATE INDEX features_backlog_idx ON features (forum_id) WHERE release_id IS NULL;

-- What changed on a feature, when and by whom: {"field": [from, to], …}.
CREATE TABLE feature_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id   integer NOT NULL,
  feature_id integer NOT NULL,
  actor_id   integer REFERENCES users (id),
  at         timestamptz NOT NULL,
  changes    jsonb NOT NULL,
  FOREIGN KEY (forum_id, feature_id) REFERENCES features (forum_id, id)
);
CREATE INDEX feature_changes_feature_idx ON feature_changes (feature_id, id);

-- An idea satisfied by a feature of the same forum.
ALTER TABLE ideas
  ADD CONSTRAINT ideas_feature_fkey FOREIGN KEY (forum_id, feature_id) REFERENCES features (forum_id, id);
CREATE INDEX ideas_feature_idx ON ideas (feature_id) WHERE feature_id IS NOT NULL;
