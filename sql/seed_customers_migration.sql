-- Seeding migration: a customers table with 10,000 realistic customers, the same rows on every
-- machine and every run (seed 42). Needs the extension: CREATE EXTENSION synth;
--
--   psql -v ON_ERROR_STOP=1 -f sql/seed_customers_migration.sql
--
-- duplicates defaults to 0, so customer_id is unique and can be the primary key. The columns
-- arrive with their types (account_balance numeric(12,2)); the ALTER adds the constraints a
-- hand-written schema would have.
BEGIN;

CREATE TABLE customers AS
SELECT * FROM synth_customers(10000, 42);

ALTER TABLE customers
    ADD PRIMARY KEY (customer_id),
    ALTER COLUMN first_name SET NOT NULL,
    ALTER COLUMN surname SET NOT NULL,
    ALTER COLUMN email SET NOT NULL;

CREATE UNIQUE INDEX customers_email_key ON customers (email);

COMMIT;
