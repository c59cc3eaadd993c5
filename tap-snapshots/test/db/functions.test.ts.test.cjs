/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/db/functions.test.ts > TAP > the database functions > must match snapshot 1`] = `
Array [
  Object {
    "args": "ts timestamp with time zone",
    "language": "sql",
    "name": "tally_epoch",
    "result": "double precision",
    "source": "CREATE OR REPLACE FUNCTION public.tally_epoch(ts timestamp with time zone) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (EXTRACT(epoch FROM ts))::double precision",
    "volatility": "i",
  },
  Object {
    "args": "",
    "language": "plpgsql",
    "name": "tally_forget_duplicate_hints",
    "result": "trigger",
    "source": "BEGIN PERFORM pg_advisory_xact_lock(7240415, NEW.forum_id); -- Bulk loads start with no hints at all: nothing to forget, and no search per row. IF NOT EXISTS (SELECT 1 FROM idea_duplicate_hints) THEN RETURN NULL; END IF; DELETE FROM idea_duplicate_hints h USING ideas o WHERE h.idea_id = o.id AND o.forum_id = NEW.forum_id AND o.title % NEW.title; IF TG_OP = 'UPDATE' THEN DELETE FROM idea_duplicate_hints h USING ideas o WHERE h.idea_id = o.id AND o.forum_id = NEW.forum_id AND o.title % OLD.title; DELETE FROM idea_duplicate_hints WHERE idea_id = NEW.id; END IF; RETURN NULL; END",
    "volatility": "v",
  },
  Object {
    "args": "status text",
    "language": "sql",
    "name": "tally_is_open",
    "result": "boolean",
    "source": "CREATE OR REPLACE FUNCTION public.tally_is_open(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (status = ANY (ARRAY['open'::text, 'under_review'::text, 'planned'::text, 'started'::text]))",
    "volatility": "i",
  },
  Object {
    "args": "p_idea integer, p_user integer, p_votes integer, p_at timestamp with time zone",
    "language": "plpgsql",
    "name": "tally_set_vote",
    "result": "TABLE(outcome text, ballot_votes integer, idea_votes integer, idea_voters integer, budget integer, spent integer)",
    "source": "DECLARE v_forum integer; v_status text; v_budget integer; v_max integer; v_mode text; v_old integer := 0; v_old_cost integer := 0; v_cost integer; v_delta integer; v_spent integer; v_new_spent integer; v_votes integer; v_voters integer; BEGIN -- Lock order everywhere: the forum (shared), ideas (by id), then budgets (by forum, user). -- The forum's key-share lock makes a vote wait for a change of its rules (voting mode: the -- ballots are repriced under the forum's update lock), so no ballot is priced by old rules. SELECT i.forum_id INTO v_forum FROM ideas i WHERE i.id = p_idea; IF NOT FOUND THEN RETURN QUERY SELECT 'not_found', 0, 0, 0, 0, 0; RETURN; END IF; SELECT f.vote_budget, f.max_votes_per_idea, f.voting_mode INTO v_budget, v_max, v_mode FROM forums f WHERE f.id = v_forum FOR KEY SHARE; SELECT i.status INTO v_status FROM ideas i WHERE i.id = p_idea FOR UPDATE; IF v_status = 'deleted' THEN RETURN QUERY SELECT 'not_found', 0, 0, 0, 0, 0; RETURN; END IF; INSERT INTO budgets (forum_id, user_id) VALUES (v_forum, p_user) ON CONFLICT DO NOTHING; SELECT b.spent INTO v_spent FROM budgets b WHERE b.forum_id = v_forum AND b.user_id = p_user FOR UPDATE; IF NOT tally_is_open(v_status) THEN -- Nothing of a closed idea spends budget, so withdrawing is a successful no-op. SELECT i.votes, i.voters INTO v_votes, v_voters FROM ideas i WHERE i.id = p_idea; RETURN QUERY SELECT CASE WHEN p_votes = 0 THEN 'ok' ELSE 'closed' END, 0, v_votes, v_voters, v_budget, v_spent; RETURN; END IF; -- With both locks held, this read sees the latest committed ballot of this user on this idea. SELECT bl.votes, bl.cost INTO v_old, v_old_cost FROM ballots bl WHERE bl.idea_id = p_idea AND bl.user_id = p_user AND NOT bl.released; IF NOT FOUND THEN v_old := 0; v_old_cost := 0; END IF; -- Lowering is always allowed, even above a lowered maximum. IF p_votes > v_max AND p_votes > v_old THEN RETURN QUERY SELECT 'too_many', v_old, 0, 0, v_budget, v_spent; RETURN; END IF; v_cost := CASE WHEN v_mode = 'quadratic' THEN p_votes * p_votes ELSE p_votes END; v_delta := v_cost - v_old_cost; IF v_delta <> 0 THEN -- The guarded spend: succeeds only within the budget (lowering always succeeds). UPDATE budgets b SET spent = b.spent + v_delta WHERE b.forum_id = v_forum AND b.user_id = p_user AND (v_delta < 0 OR b.spent + v_delta <= v_budget) RETURNING b.spent INTO v_new_spent; IF FOUND THEN v_spent := v_new_spent; ELSE SELECT i.votes, i.voters INTO v_votes, v_voters FROM ideas i WHERE i.id = p_idea; RETURN QUERY SELECT 'over_budget', v_old, v_votes, v_voters, v_budget, v_spent; RETURN; END IF; END IF; IF p_votes = 0 THEN DELETE FROM ballots bl WHERE bl.idea_id = p_idea AND bl.user_id = p_user AND NOT bl.released; ELSE INSERT INTO ballots AS bl (idea_id, user_id, forum_id, votes, cost, released, created_at, updated_at) VALUES (p_idea, p_user, v_forum, p_votes, v_cost, false, p_at, p_at) ON CONFLICT (idea_id, user_id) DO UPDATE SET votes = EXCLUDED.votes, cost = EXCLUDED.cost, released = false, updated_at = p_at; END IF; UPDATE ideas i SET votes = i.votes + (p_votes - v_old), voters = i.voters + (p_votes > 0)::int - (v_old > 0)::int WHERE i.id = p_idea RETURNING i.votes, i.voters INTO v_votes, v_voters; IF p_votes <> v_old THEN INSERT INTO vote_events (forum_id, idea_id, user_id, delta, at) VALUES (v_forum, p_idea, p_user, p_votes - v_old, p_at); END IF; RETURN QUERY SELECT 'ok', p_votes, v_votes, v_voters, v_budget, v_spent; END",
    "volatility": "v",
  },
]
`
