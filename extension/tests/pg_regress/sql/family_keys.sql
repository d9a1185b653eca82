-- The four family tables loaded together under foreign keys, over eight seeds: people (with
-- minors) reference their household, relationships reference people at both ends, life events
-- reference people. A key that does not hold aborts the block with an error.
CREATE TABLE households AS SELECT * FROM synth_households(1, 1) WITH NO DATA;
ALTER TABLE households ADD PRIMARY KEY (household_id);
CREATE TABLE people AS SELECT * FROM synth_people(1, 1, min_age => 0) WITH NO DATA;
ALTER TABLE people ADD PRIMARY KEY (person_id),
  ADD FOREIGN KEY (household_id) REFERENCES households;
CREATE TABLE relationships AS SELECT * FROM synth_relationships(1, 1, min_age => 0) WITH NO DATA;
ALTER TABLE relationships ADD PRIMARY KEY (person_id, relative_id),
  ADD FOREIGN KEY (person_id) REFERENCES people,
  ADD FOREIGN KEY (relative_id) REFERENCES people;
CREATE TABLE life_events AS SELECT * FROM synth_life_events(1, 1, min_age => 0) WITH NO DATA;
ALTER TABLE life_events ADD PRIMARY KEY (person_id, seq),
  ADD FOREIGN KEY (person_id) REFERENCES people;
CREATE TABLE family_loads (seed int, adults bigint, people bigint, links bigint,
  size_mismatch bigint, without_history bigint, children_mismatch bigint);
DO $$
BEGIN
  FOR s IN 1..8 LOOP
    TRUNCATE life_events, relationships, people, households;
    INSERT INTO households SELECT * FROM synth_households(1500, s);
    INSERT INTO people SELECT * FROM synth_people(1500, s, min_age => 0);
    INSERT INTO relationships SELECT * FROM synth_relationships(1500, s, min_age => 0);
    INSERT INTO life_events SELECT * FROM synth_life_events(1500, s, min_age => 0);
    INSERT INTO family_loads SELECT s,
      (SELECT count(*) FROM people WHERE age >= 18),
      (SELECT count(*) FROM people),
      (SELECT count(*) FROM relationships),
      (SELECT count(*) FROM households h
        WHERE h.size <> (SELECT count(*) FROM people p WHERE p.household_id = h.household_id)),
      (SELECT count(*) FROM people p
        WHERE NOT EXISTS (SELECT 1 FROM life_events e WHERE e.person_id = p.person_id)),
      (SELECT count(*) FROM people p
        WHERE p.number_of_children <> (SELECT count(*) FROM relationships r
                                        WHERE r.person_id = p.person_id
                                          AND r.relationship = 'child'));
  END LOOP;
END $$;
SELECT seed, adults, people > adults AS has_minors, links > 0 AS has_links, size_mismatch,
       without_history, children_mismatch
  FROM family_loads ORDER BY seed;
DROP TABLE family_loads, life_events, relationships, people, households;
