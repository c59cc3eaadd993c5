-- Ideas, ballots, budgets, vote events, comments and status history, with the vote rules of
-- DESIGN.md §3 as database functions: a vote is one round trip, and the budget check and the spend
-- are one guarded UPDATE under row locks taken in a fixed order (idea, then budget).

-- Epoch seconds of a timestamptz does not depend on the time zone, so it is immutable; PostgreSQL
-- only marks extract() stable because other fields do depend on it. Needed for the hot index.
CREATE FUNCTION tally_epoch(ts timestamptz) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN extract(epoch FROM ts)::double precision;

CREATE FUNCTION tally_is_open(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN status IN ('open', 'under_review', 'planned', 'started');

CREATE TABLE ideas (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id           integer NOT NULL REFERENCES forums (id),
  category_id        integer,
  author_id          integer NOT NULL REFERENCES users (id),
  title              text NOT NULL CHECK (length(title) BETWEEN 3 AND 140),
  body               text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
  status             text NOT NULL DEFAULT 'open' CHECK (status IN
                       ('open', 'under_review', 'planned', 'started',
                        'completed', 'declined', 'merged', 'deleted')),
  -- Counters of the active ballots while open; frozen at their last values once closed.
  votes              integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
  voters             integer NOT NULL DEFAULT 0 CHECK (voters >= 0),
  -- Votes placed before this moment were released by a close; trending counts from here.
  counted_since      timestamptz NOT NULL DEFAULT now(),
  response_text      text CHECK (length(response_text) <= 5000),
  response_author_id integer REFERENCES users (id),
  response_at        timestamptz,
  merged_into_id     integer REFERENCES ideas (id),
  -- The release feature this idea was promoted to; its foreign key comes with the features table.
  feature_id         integer,
  effort             numeric(7, 1) CHECK (effort > 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  search             tsvector GENERATED ALWAYS AS (
                       setweight(to_tsvector('english', title), 'A') ||
                       setweight(to_tsvector('english', body), 'B')) STORED,
  -- Reddit's hot rank, without now(), so it can be indexed.
  hot                double precision GENERATED ALWAYS AS (
                       log(greatest(votes, 1)) + tally_epoch(created_at) / 45000) STORED,
  FOREIGN KEY (forum_id, category_id) REFERENCES categories (forum_id, id),
  CHECK (status <> 'merged' OR merged_into_id IS NOT NULL),
  UNIQUE (forum_id, id)
);

-- Ranked lists of open ideas: each sort is an index scan of one forum, and the keyset cursor is a
-- range condition on the same columns. "Older first" on ties is the smaller id.
-- The predicate is spelled out (not tally_is_open) so queries filtering on any subset of the open
-- statuses provably match it.
CREATE INDEX ideas_open_top_idx ON ideas (forum_id, votes DESC, voters DESC, (-id) DESC)
  WHERE status IN ('open', 'under_review', 'planned', 'started');
CREATE INDEX ideas_open_hot_idx ON ideas (forum_id, hot DESC, id DESC)
  WHERE status IN ('open', 'under_review', 'planned', 'started');
-- "new" sorts by creation time, not id: the primary key would also give id order, and the planner,
-- not knowing how a forum's ideas spread over ids, may scan it backwards past other forums.
CREATE INDEX ideas_open_new_idx ON ideas (forum_id, tally_epoch(created_at) DESC, id DESC)
  WHERE status IN ('open', 'under_review', 'planned', 'started');
CREATE INDEX ideas_status_idx ON ideas (forum_id, status, id DESC);
CREATE INDEX ideas_search_idx ON ideas USING gin (search);
CREATE INDEX ideas_title_trgm_idx ON ideas USING gin (title gin_trgm_ops);
CREATE INDEX ideas_author_idx ON ideas (author_id);

-- One row per (idea, user). `cost` is what the ballot spends (votes, or votes² in quadratic mode)
-- as placed; `released` once the idea closed and the cost went back to the budget.
CREATE TABLE ballots (
  idea_id    integer NOT NULL,
  user_id    integer NOT NULL REFERENCES users (id),
  forum_id   integer NOT NULL,
  votes      integer NOT NULL CHECK (votes >= 1),
  cost       integer NOT NULL CHECK (cost >= 1),
  released   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (idea_id, user_id),
  FOREIGN KEY (forum_id, idea_id) REFERENCES ideas (forum_id, id)
);
CREATE INDEX ballots_active_by_user_idx ON ballots (user_id, forum_id) WHERE NOT released;

-- Votes currently spent per (forum, user). The limit is the forum's vote_budget at check time, so
-- lowering it takes nothing away.
CREATE TABLE budgets (
  forum_id integer NOT NULL REFERENCES forums (id),
  user_id  integer NOT NULL REFERENCES users (id),
  spent    integer NOT NULL DEFAULT 0 CHECK (spent >= 0),
  PRIMARY KEY (forum_id, user_id)
);

-- Append-only history of ballot changes (delta in votes), for trending and charts.
CREATE TABLE vote_events (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id integer NOT NULL,
  idea_id  integer NOT NULL,
  user_id  integer NOT NULL,
  delta    integer NOT NULL CHECK (delta <> 0),
  at       timestamptz NOT NULL,
  FOREIGN KEY (forum_id, idea_id) REFERENCES ideas (forum_id, id)
);
CREATE INDEX vote_events_forum_at_idx ON vote_events (forum_id, at) INCLUDE (idea_id, delta);
CREATE INDEX vote_events_idea_at_idx ON vote_events (idea_id, at);

CREATE TABLE comments (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id   integer NOT NULL,
  idea_id    integer NOT NULL,
  author_id  integer NOT NULL REFERENCES users (id),
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  official   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (forum_id, idea_id) REFERENCES ideas (forum_id, id)
);
CREATE INDEX comments_idea_idx ON comments (idea_id, id);

CREATE TABLE idea_status_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  forum_id    integer NOT NULL,
  idea_id     integer NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  response    text,
  actor_id    integer REFERENCES users (id),
  at          timestamptz NOT NULL,
  FOREIGN KEY (forum_id, idea_id) REFERENCES ideas (forum_id, id)
);
CREATE INDEX idea_status_changes_idea_idx ON idea_status_changes (idea_id, id);

-- Sets one user's votes on one idea to p_votes (absolute, idempotent).
-- Outcomes: ok | not_found | closed | too_many | over_budget. Budget figures are always returned.
CREATE FUNCTION tally_set_vote(p_idea integer, p_user integer, p_votes integer, p_at timestamptz)
RETURNS TABLE (outcome text, ballot_votes integer, idea_votes integer, idea_voters integer,
               budget integer, spent integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_forum    integer;
  v_status   text;
  v_budget   integer;
  v_max      integer;
  v_mode     text;
  v_old      integer := 0;
  v_old_cost integer := 0;
  v_cost     integer;
  v_delta    integer;
  v_spent    integer;
  v_new_spent integer;
  v_votes    integer;
  v_voters   integer;
BEGIN
  -- Lock order everywhere: ideas (by id), then budgets (by user id).
  SELECT i.forum_id, i.status, f.vote_budget, f.max_votes_per_idea, f.voting_mode
    INTO v_forum, v_status, v_budget, v_max, v_mode
    FROM ideas i JOIN forums f ON f.id = i.forum_id
   WHERE i.id = p_idea
     FOR UPDATE OF i;
  IF NOT FOUND OR v_status = 'deleted' THEN
    RETURN QUERY SELECT 'not_found', 0, 0, 0, 0, 0;
    RETURN;
  END IF;

  INSERT INTO budgets (forum_id, user_id) VALUES (v_forum, p_user) ON CONFLICT DO NOTHING;
  SELECT b.spent INTO v_spent FROM budgets b
   WHERE b.forum_id = v_forum AND b.user_id = p_user FOR UPDATE;

  IF NOT tally_is_open(v_status) THEN
    -- Nothing of a closed idea spends budget, so withdrawing is a successful no-op.
    SELECT i.votes, i.voters INTO v_votes, v_voters FROM ideas i WHERE i.id = p_idea;
    RETURN QUERY SELECT CASE WHEN p_votes = 0 THEN 'ok' ELSE 'closed' END,
                        0, v_votes, v_voters, v_budget, v_spent;
    RETURN;
  END IF;

  -- With both locks held, this read sees the latest committed ballot of this user on this idea.
  SELECT bl.votes, bl.cost INTO v_old, v_old_cost FROM ballots bl
   WHERE bl.idea_id = p_idea AND bl.user_id = p_user AND NOT bl.released;
  IF NOT FOUND THEN
    v_old := 0;
    v_old_cost := 0;
  END IF;

  -- Lowering is always allowed, even above a lowered maximum.
  IF p_votes > v_max AND p_votes > v_old THEN
    RETURN QUERY SELECT 'too_many', v_old, 0, 0, v_budget, v_spent;
    RETURN;
  END IF;

  v_cost := CASE WHEN v_mode = 'quadratic' THEN p_votes * p_votes ELSE p_votes END;
  v_delta := v_cost - v_old_cost;

  IF v_delta <> 0 THEN
    -- The guarded spend: succeeds only within the budget (lowering always succeeds).
    UPDATE budgets b SET spent = b.spent + v_delta
     WHERE b.forum_id = v_forum AND b.user_id = p_user
       AND (v_delta < 0 OR b.spent + v_delta <= v_budget)
    RETURNING b.spent INTO v_new_spent;
    IF FOUND THEN
      v_spent := v_new_spent;
    ELSE
      SELECT i.votes, i.voters INTO v_votes, v_voters FROM ideas i WHERE i.id = p_idea;
      RETURN QUERY SELECT 'over_budget', v_old, v_votes, v_voters, v_budget, v_spent;
      RETURN;
    END IF;
  END IF;

  IF p_votes = 0 THEN
    DELETE FROM ballots bl WHERE bl.idea_id = p_idea AND bl.user_id = p_user AND NOT bl.released;
  ELSE
    INSERT INTO ballots AS bl (idea_id, user_id, forum_id, votes, cost, released, created_at, updated_at)
    VALUES (p_idea, p_user, v_forum, p_votes, v_cost, false, p_at, p_at)
    ON CONFLICT (idea_id, user_id) DO UPDATE
      SET votes = EXCLUDED.votes, cost = EXCLUDED.cost, released = false, updated_at = p_at;
  END IF;

  UPDATE ideas i
     SET votes = i.votes + (p_votes - v_old),
         voters = i.voters + (p_votes > 0)::int - (v_old > 0)::int
   WHERE i.id = p_idea
  RETURNING i.votes, i.voters INTO v_votes, v_voters;

  IF p_votes <> v_old THEN
    INSERT INTO vote_events (forum_id, idea_id, user_id, delta, at)
    VALUES (v_forum, p_idea, p_user, p_votes - v_old, p_at);
  END IF;

  RETURN QUERY SELECT 'ok', p_votes, v_votes, v_voters, v_budget, v_spent;
END
$$;

-- Gives the cost of every active ballot on an idea back to its voter and marks the ballots
-- released; the idea's counters are left as they are. The caller holds the idea's row lock.
-- Returns the user ids whose budgets changed.
CREATE FUNCTION tally_release_ballots(p_idea integer)
RETURNS TABLE (user_id integer, votes integer)
LANGUAGE plpgsql AS $$
BEGIN
  -- Budgets are locked in user order, so concurrent releases cannot deadlock each other.
  PERFORM 1 FROM budgets b
    JOIN ballots bl ON bl.forum_id = b.forum_id AND bl.user_id = b.user_id
   WHERE bl.idea_id = p_idea AND NOT bl.released
   ORDER BY b.user_id
     FOR UPDATE OF b;

  RETURN QUERY
  WITH released AS (
    UPDATE ballots bl SET released = true
     WHERE bl.idea_id = p_idea AND NOT bl.released
    RETURNING bl.forum_id, bl.user_id, bl.votes, bl.cost
  ), refunded AS (
    UPDATE budgets b SET spent = b.spent - r.cost
      FROM released r
     WHERE b.forum_id = r.forum_id AND b.user_id = r.user_id
    RETURNING b.user_id
  )
  SELECT r.user_id, r.votes FROM released r ORDER BY r.user_id;
END
$$;

-- Merges idea p_from into p_into (both locked by the caller, both open, same forum): p_from's
-- ballots are released, then each of its voters gets min(max per idea, votes on p_from + votes on
-- p_into) on p_into, as far as their budget allows; the rest stays returned to them.
CREATE FUNCTION tally_merge_ballots(p_from integer, p_into integer, p_at timestamptz)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r           record;
  v_forum     integer;
  v_budget    integer;
  v_max       integer;
  v_mode      text;
  v_on_into   integer;
  v_into_cost integer;
  v_target    integer;
  v_room      integer;
  v_spent     integer;
  v_moved     integer := 0;
BEGIN
  SELECT f.id, f.vote_budget, f.max_votes_per_idea, f.voting_mode
    INTO v_forum, v_budget, v_max, v_mode
    FROM ideas i JOIN forums f ON f.id = i.forum_id WHERE i.id = p_into;

  FOR r IN SELECT * FROM tally_release_ballots(p_from) LOOP
    SELECT bl.votes, bl.cost INTO v_on_into, v_into_cost FROM ballots bl
     WHERE bl.idea_id = p_into AND bl.user_id = r.user_id AND NOT bl.released;
    IF NOT FOUND THEN
      v_on_into := 0;
      v_into_cost := 0;
    END IF;
    SELECT b.spent INTO v_spent FROM budgets b WHERE b.forum_id = v_forum AND b.user_id = r.user_id;
    -- The most the target ballot may cost: what it costs now plus what the budget has left.
    v_room := greatest(v_budget - v_spent, 0) + v_into_cost;
    v_target := least(v_max, r.votes + v_on_into,
      CASE WHEN v_mode = 'quadratic' THEN floor(sqrt(v_room))::integer ELSE v_room END);
    IF v_target > v_on_into THEN
      PERFORM tally_set_vote(p_into, r.user_id, v_target, p_at);
      v_moved := v_moved + (v_target - v_on_into);
    END IF;
  END LOOP;
  RETURN v_moved;
END
$$;
