-- Possible duplicates for the triage view, kept instead of recomputed on every page. A trigram
-- search over a large forum costs tens of milliseconds per idea, so a triage page of 20 computed
-- them all live took most of a second (bench: 100k ideas).
--
-- A row holds an idea's most similar titles in the same forum, most similar first, whatever their
-- status (the reader keeps the open ones). Similarity is symmetric, so a new or retitled idea can
-- change the hints of exactly the ideas whose titles are similar to its own: the trigger forgets
-- those rows, and the next triage page computes them again.
CREATE TABLE idea_duplicate_hints (
  idea_id       integer PRIMARY KEY REFERENCES ideas (id) ON DELETE CASCADE,
  candidate_ids integer[] NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT now()
);

-- Writers of titles take the forum's lock exclusively, fillers of hints share it: a fill that read
-- the titles before a new idea committed is either finished (and forgotten by the trigger) or
-- starts after the commit (and sees the new title).
CREATE FUNCTION tally_forget_duplicate_hints() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7240415, NEW.forum_id);
  -- Bulk loads start with no hints at all: nothing to forget, and no search per row.
  IF NOT EXISTS (SELECT 1 FROM idea_duplicate_hints) THEN
    RETURN NULL;
  END IF;
  DELETE FROM idea_duplicate_hints h USING ideas o
   WHERE h.idea_id = o.id AND o.forum_id = NEW.forum_id AND o.title % NEW.title;
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM idea_duplicate_hints h USING ideas o
     WHERE h.idea_id = o.id AND o.forum_id = NEW.forum_id AND o.title % OLD.title;
    DELETE FROM idea_duplicate_hints WHERE idea_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER ideas_forget_duplicate_hints_on_insert
  AFTER INSERT ON ideas FOR EACH ROW EXECUTE FUNCTION tally_forget_duplicate_hints();
CREATE TRIGGER ideas_forget_duplicate_hints_on_retitle
  AFTER UPDATE OF title ON ideas FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
  EXECUTE FUNCTION tally_forget_duplicate_hints();
