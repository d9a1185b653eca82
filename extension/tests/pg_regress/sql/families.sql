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
