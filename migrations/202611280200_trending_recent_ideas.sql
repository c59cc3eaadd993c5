-- Trending sums a forum's vote events of the last 7 days, leaving out those older than their idea's
-- counted_since (votes released by a close do not trend after a reopening). Only ideas created or
-- reopened inside the window can have such events: this index finds those few, instead of reading
-- every idea of the forum to compare each event with its idea (bench, 10k ideas a forum: the
-- second bitmap heap scan of the forum's ideas was a third of the query).
CREATE INDEX ideas_forum_counted_since_idx ON ideas (forum_id, counted_since);
