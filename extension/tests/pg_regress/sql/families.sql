-- Families: people (with minors), their relationships and households load under foreign keys.
CREATE TABLE households AS SELECT * FROM synth_households(3000, 5);
ALTER TABLE households ADD PRIMARY KEY (household_id);
CREATE TABLE people AS SELECT * FROM synth_people(3000, 5, min_age => 0);
ALTER TABLE people ADD PRIMARY KEY (person_id),
  ADD FOREIGN KEY (household_id) REFERENCES households;
CREATE TABLE relationships (
  person_id text NOT NULL REFERENCES people,
  relative_id text NOT NULL REFERENCES people,
  relationship text NOT NULL,
  PRIMARY KEY (person_id, relative_id)
);
INSERT INTO relationships SELECT * FROM synth_relationships(3000, 5, min_age => 0);
-- n counts the adults; every link has its inverse; children = child links; sizes add up.
SELECT count(*) FILTER (WHERE age >= 18) AS adults, count(*) > 3000 AS has_minors FROM people;
SELECT count(*) AS links_without_inverse
  FROM relationships r
 WHERE NOT EXISTS (
   SELECT 1 FROM relationships i
    WHERE i.person_id = r.relative_id AND i.relative_id = r.person_id
      AND i.relationship = CASE r.relationship WHEN 'parent' THEN 'child' WHEN 'child' THEN 'parent'
          WHEN 'grandparent' THEN 'grandchild' WHEN 'grandchild' THEN 'grandparent'
          ELSE r.relationship END);
SELECT count(*) AS children_mismatch
  FROM people p
 WHERE p.number_of_children <> (SELECT count(*) FROM relationships r
                                 WHERE r.person_id = p.person_id AND r.relationship = 'child');
SELECT count(*) AS size_mismatch
  FROM households h
 WHERE h.size <> (SELECT count(*) FROM people p WHERE p.household_id = h.household_id);
SELECT count(*) AS young_parents
  FROM relationships r JOIN people c ON c.person_id = r.person_id
  JOIN people p ON p.person_id = r.relative_id
 WHERE r.relationship = 'parent' AND p.birth_date + interval '15 years' > c.birth_date;
DROP TABLE relationships, people, households;
-- Life events: jsonb details, every person's history, under a foreign key to people.
CREATE TABLE people AS SELECT * FROM synth_people(2000, 8, min_age => 0);
ALTER TABLE people ADD PRIMARY KEY (person_id);
CREATE TABLE life_events (
  person_id text NOT NULL REFERENCES people,
  seq integer NOT NULL,
  event_date date NOT NULL,
  event_type text NOT NULL,
  detail jsonb NOT NULL,
  PRIMARY KEY (person_id, seq)
);
INSERT INTO life_events SELECT * FROM synth_life_events(2000, 8, min_age => 0);
SELECT count(DISTINCT person_id) = (SELECT count(*) FROM people) AS everyone_has_a_history,
       bool_and(jsonb_typeof(detail) = 'object') AS details_are_objects
  FROM life_events;
-- The last marriage is on marriage_date; spouses point at each other; the last move ends at the ZIP.
SELECT count(*) AS marriage_mismatch
  FROM people p
 WHERE p.marriage_date IS DISTINCT FROM
       (SELECT max(event_date) FROM life_events e
         WHERE e.person_id = p.person_id AND e.event_type = 'marriage');
SELECT count(*) AS last_move_elsewhere
  FROM people p
  JOIN LATERAL (SELECT detail->>'to_zip' AS to_zip FROM life_events e
                 WHERE e.person_id = p.person_id AND e.event_type = 'move'
                 ORDER BY seq DESC LIMIT 1) m ON true
 WHERE m.to_zip <> p.zip;
SELECT event_type, count(*) > 0 AS present FROM life_events GROUP BY 1 ORDER BY 1;
DROP TABLE life_events, people;
