-- The vote keeps its one round trip in plpgsql; everything else about ballots (releasing them when
-- ideas close, merging them) moves to TypeScript inside the unit of work, where it is typed,
-- tested and read with the rest of the rules.
--
-- The vote now takes the forum's rules under a key-share lock before the idea's lock: one global
-- lock order (forum, ideas by id, budgets by forum and user) shared by every multi-row operation.
CREATE OR REPLACE FUNCTION tally_set_vote(p_idea integer, p_user integer, p_votes integer, p_at timestamptz)
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
  -- Lock order everywhere: the forum (shared), ideas (by id), then budgets (by forum, user).
  -- The forum's key-share lock makes a vote wait for a change of its rules (voting mode: the
  -- ballots are repriced under the forum's update lock), so no ballot is priced by old rules.
  SELECT i.forum_id INTO v_forum FROM ideas i WHERE i.id = p_idea;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found', 0, 0, 0, 0, 0;
    RETURN;
  END IF;
  SELECT f.vote_budget, f.max_votes_per_idea, f.voting_mode
    INTO v_budget, v_max, v_mode
    FROM forums f WHERE f.id = v_forum
     FOR KEY SHARE;
  SELECT i.status INTO v_status FROM ideas i WHERE i.id = p_idea FOR UPDATE;
  IF v_status = 'deleted' THEN
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

DROP FUNCTION tally_merge_ballots(integer, integer, timestamptz);
DROP FUNCTION tally_release_ballots(integer);
