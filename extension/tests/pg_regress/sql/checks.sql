-- The checks: generated tables pass every rule; a table a user changed fails the rules its
-- change breaks, with the reason in `observed`.
SELECT rule, passed FROM synth_check_people(5000, 3) WHERE NOT passed;
SELECT count(*) AS rules, bool_and(passed) AS all_passed FROM synth_check_people(5000, 3);
SELECT rule, passed FROM synth_check_sales(3000, 3);
SELECT count(*) AS rules, bool_and(passed) AS all_passed
  FROM synth_check_sales(2000, 4, b_campaign => 90, sigma => 2, target_lo => 30, target_hi => 50);

-- A table seeded in a migration, then changed.
CREATE TABLE customers AS SELECT * FROM synth_customers(5000, 11, duplicates => 0.05);
ALTER TABLE customers ADD COLUMN note text;
SELECT rule, passed FROM synth_check_table('customers', duplicates => 0.05);
SELECT rule, passed FROM synth_check_table('SELECT * FROM customers WHERE customer_id <= 4000', duplicates => 0.05)
  WHERE NOT passed;
UPDATE customers SET account_balance = 10 + customer_id % 1000;
UPDATE customers SET email = 'same@example.com' WHERE customer_id IN (1, 2);
UPDATE customers SET zip = '99999' WHERE customer_id = (SELECT min(customer_id) FROM customers WHERE zip IS NOT NULL);
SELECT rule, observed, passed FROM synth_check_table('public.customers', duplicates => 0.05) WHERE NOT passed;

-- People stored with native types (uuid, numeric), and sales.
CREATE TABLE people AS SELECT person_id::uuid AS person_id, first_name, gender, birth_date, age,
  marital_status, marriage_date, number_of_children, education, occupation,
  annual_income::numeric(12,2) AS annual_income, email, phone, city, state, zip
  FROM synth_people(3000, 5);
SELECT count(*) AS rules, bool_and(passed) AS all_passed FROM synth_check_table('people', 'people');
UPDATE people SET marriage_date = '2020-05-05' WHERE marital_status = 'single' AND age > 30;
SELECT rule, passed FROM synth_check_table('people', 'people') WHERE NOT passed;
CREATE TABLE sales AS SELECT * FROM synth_sales(2000, 6);
SELECT count(*) AS rules, bool_and(passed) AS all_passed FROM synth_check_table('sales', 'sales');
UPDATE sales SET sales = sales - 40 * intensity WHERE in_target_bracket;
SELECT rule, passed FROM synth_check_table('sales', 'sales') WHERE NOT passed;

-- Errors.
SELECT * FROM synth_check_table('sales');
SELECT * FROM synth_check_table('no_such_table');
SELECT * FROM synth_check_table('customers', 'planets');
SELECT * FROM synth_check_table(NULL);
SELECT * FROM synth_check_table('customers; DROP TABLE sales');
SELECT * FROM synth_check_table('SELECT 1; DROP TABLE sales');
SELECT count(*) FROM sales;
SELECT provolatile, proparallel FROM pg_proc WHERE proname IN ('synth_check_table', 'synth_check_people') ORDER BY proname;
DROP TABLE customers, people, sales;
