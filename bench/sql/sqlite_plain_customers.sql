-- What a SQLite user writes today for customer-like rows: a recursive CTE and random(),
-- 16 columns like synth_customers (names from arrays, a hash, a Pareto balance).
CREATE TABLE t AS
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000000),
p AS (
  SELECT i,
    json_extract('["James","Mary","John","Patricia","Robert","Jennifer","Michael","Linda","William","Elizabeth"]', '$[' || (abs(random()) % 10) || ']') AS first_name,
    json_extract('["Smith","Johnson","Williams","Brown","Jones","Garcia","Miller","Davis","Rodriguez","Martinez"]', '$[' || (abs(random()) % 10) || ']') AS surname,
    abs(random()) % 5 AS pick
  FROM s)
SELECT i AS customer_id, first_name, surname,
  CASE WHEN abs(random()) % 10 = 0 THEN NULL WHEN abs(random()) % 2 = 0 THEN 'female' ELSE 'male' END AS gender,
  lower(first_name) || '.' || lower(surname) || i || '@example.com' AS email,
  'sha3$' || hex(randomblob(16)) || '$' || hex(sha3(randomblob(16) || first_name, 256)) AS password_hash,
  (1 + abs(random()) % 9999) || ' Main St' AS address,
  json_extract('["New York","Los Angeles","Chicago","Houston","Phoenix"]', '$[' || pick || ']') AS city,
  json_extract('["NY","CA","IL","TX","AZ"]', '$[' || pick || ']') AS state,
  printf('%05d', abs(random()) % 99999) AS zip,
  18 + abs(random()) % 73 AS age,
  printf('4%015d', abs(random()) % 1000000000000000) AS credit_card_number,
  date('2026-01-01', 'start of month', '+' || (13 + abs(random()) % 48) || ' months', '-1 day') AS credit_card_expiry,
  'What was the name of your first pet?' AS security_question,
  json_extract('["Bella","Max","Luna","Charlie","Lucy"]', '$[' || (abs(random()) % 5) || ']') AS security_answer,
  round(10 * power(1.0 - (abs(random()) % 1000000) / 1000000.0, -1 / 1.161), 2) AS account_balance
FROM p;
