-- Seeding migration: a customers table with 10,000 realistic customers, the same rows on every
-- machine and every run (seed 42). Needs the extension: CREATE EXTENSION synth;
--
--   psql -v ON_ERROR_STOP=1 -f sql/seed_customers_migration.sql
--
-- duplicates defaults to 0, so customer_id is unique and can be the primary key. Function result
-- columns carry no type modifiers in PostgreSQL, so account_balance arrives as numeric (always
-- with 2 decimals); the ALTER pins it to numeric(12,2) like a hand-written schema would.
BEGIN;

CREATE TABLE customers AS
SELECT * FROM synth_customers(10000, 42);

ALTER TABLE customers
    ADD PRIMARY KEY (customer_id),
    ALTER COLUMN account_balance TYPE numeric(12,2),
    ALTER COLUMN first_name SET NOT NULL,
    ALTER COLUMN surname SET NOT NULL,
    ALTER COLUMN email SET NOT NULL;

CREATE UNIQUE INDEX customers_email_key ON customers (email);

COMMIT;
