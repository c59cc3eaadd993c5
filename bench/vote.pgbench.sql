-- Baseline (ii): the vote statement of `PUT /ideas/:id/vote`, random user × random idea, 0–3 votes.
\set idea random(1, :ideas)
\set user random(2, :users)
\set votes random(0, 3)
SELECT * FROM tally_set_vote(:idea, :user, :votes, now());
