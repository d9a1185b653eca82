-- Filling an existing table: INSERT INTO ... SELECT from synth_customers, choosing and renaming
-- columns, adding your own, and appending a second batch later without overlapping the first.
-- Safe to run again: the rows are the same on every run, and ON CONFLICT skips those present.
-- Needs the extension: CREATE EXTENSION synth;
--
--   psql -v ON_ERROR_STOP=1 -f sql/insert_into_existing.sql
BEGIN;

CREATE TABLE IF NOT EXISTS app_user (
    id          bigint PRIMARY KEY,
    full_name   text NOT NULL,
    email       text NOT NULL UNIQUE,
    state       char(2),
    birth_year  integer,
    balance     numeric(12,2) NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The first 5,000 of 20,000 customers (seed 7): rows [0, 5000) of the table.
INSERT INTO app_user (id, full_name, email, state, birth_year, balance)
SELECT customer_id,
       first_name || ' ' || surname,
       email,
       state,
       2026 - age,
       account_balance
FROM synth_customers(20000, seed => 7, count => 5000)
ON CONFLICT (id) DO NOTHING;

-- Later: the next 5,000 of the same 20,000 customers. A slice (first, count) is exactly those rows
-- of the full table, so ids and emails continue without collisions.
INSERT INTO app_user (id, full_name, email, state, birth_year, balance)
SELECT customer_id, first_name || ' ' || surname, email, state, 2026 - age, account_balance
FROM synth_customers(20000, seed => 7, first => 5000, count => 5000)
ON CONFLICT (id) DO NOTHING;

COMMIT;
