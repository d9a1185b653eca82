-- synth_customers in a psql session: realistic, seeded customers generated in the database.
SET datestyle = 'ISO, YMD';

-- The first of 100 customers of seed 42: the rows of tests/golden/customers_n100_seed42.csv.
-- (Missing values and balances are laid out over the whole population, so they depend on n.)
SELECT customer_id, first_name, surname, gender, city, state, zip, age, account_balance
FROM synth_customers(100, 42) LIMIT 5;

-- As CSV: byte for byte the golden file's first lines.
COPY (SELECT * FROM synth_customers(100, 42) LIMIT 3) TO STDOUT WITH (FORMAT csv, HEADER);

-- The columns and their types.
CREATE TEMP TABLE c AS SELECT * FROM synth_customers(0);
SELECT attname AS column_name, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = 'c'::regclass AND attnum > 0 ORDER BY attnum;

-- Same arguments, same rows; another seed, other rows.
SELECT (SELECT md5(string_agg(t::text, '')) FROM synth_customers(1000, 7) t)
     = (SELECT md5(string_agg(t::text, '')) FROM synth_customers(1000, 7) t) AS same_seed_same_rows,
       (SELECT md5(string_agg(t::text, '')) FROM synth_customers(1000, 7) t)
     = (SELECT md5(string_agg(t::text, '')) FROM synth_customers(1000, 8) t) AS other_seed_same_rows;

-- Named arguments; duplicates add round(duplicates * n) exact copies.
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers
FROM synth_customers(1000, seed => 7, duplicates => 0.1);

-- Missing values come at exact counts: round(rate * n) of the n customers.
SELECT count(*) AS customers,
       count(*) FILTER (WHERE gender IS NULL) AS no_gender,
       count(*) FILTER (WHERE address IS NULL) AS no_address
FROM synth_customers(10000);
SELECT count(*) FILTER (WHERE gender IS NULL) AS no_gender,
       count(*) FILTER (WHERE zip IS NULL) AS no_zip
FROM synth_customers(2001, missing_gender => 0.25, missing_address => 0.0);

-- The richest fifth of the customers holds 80% of the money.
SELECT round(sum(account_balance) FILTER (WHERE rk <= 2000) / sum(account_balance), 2) AS top_20_share
FROM (SELECT account_balance, row_number() OVER (ORDER BY account_balance DESC) AS rk
      FROM synth_customers(10000, 42)) s;

-- A slice (first, count) is the same rows as in the full call: shards of one run.
SELECT (SELECT string_agg(email, ',') FROM synth_customers(1000, 3, first => 500, count => 3))
     = (SELECT string_agg(email, ',') FROM (SELECT email FROM synth_customers(1000, 3) OFFSET 500 LIMIT 3) s)
       AS slice_matches;

-- Streaming: LIMIT stops generation at once, even for 100 million rows.
SET statement_timeout = '10s';
SELECT customer_id, first_name, surname FROM synth_customers(100000000, 1) LIMIT 5;

-- A long call stops on statement_timeout (and on cancel).
SET statement_timeout = '300ms';
SELECT count(*) FROM synth_customers(100000000);
-- ... also while a check generates its whole table before its first row.
SELECT * FROM synth_check_customers(10000000);
RESET statement_timeout;
-- A check larger than its memory bound is refused up front (54000), never run out of memory.
SELECT * FROM synth_check_customers(100000000);
\set VERBOSITY sqlstate
SELECT * FROM synth_check_customers(100000000);
\set VERBOSITY default

-- The checks pass on generated data.
SELECT rule, passed FROM synth_check_customers(10000, 42, duplicates => 0.1);

-- Seeding a table, as in sql/seed_customers_migration.sql.
CREATE TEMP TABLE customers AS SELECT * FROM synth_customers(10000, 42);
ALTER TABLE customers ADD PRIMARY KEY (customer_id);
SELECT count(*) AS customers, count(DISTINCT email) AS emails FROM customers;

SELECT synth_version() ~ '^[0-9]+\.[0-9]+\.[0-9]+' AS has_version;
