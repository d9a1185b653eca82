-- Bad arguments raise errors with real SQLSTATEs and a message naming the argument.
\set VERBOSITY default

SELECT * FROM synth_customers(-1);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(10, missing_gender => 1.5);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(10, duplicates => 'NaN');
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(10, seed => NULL);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(2000000000);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(10, first => -5);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_customers(10, as_of => 'infinity');
\echo :LAST_ERROR_SQLSTATE

-- The health and finance tables check their arguments the same way.
SELECT * FROM synth_transactions(10, 1, months => 0);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_transactions(10, 1, months => 121);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_accounts(-3, 1);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_patients(10, NULL);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_conditions(10, 1, as_of => 'infinity');
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_medications(-1, 1);
\echo :LAST_ERROR_SQLSTATE

SELECT * FROM synth_encounters(10, 1, first => -1);
\echo :LAST_ERROR_SQLSTATE

-- NULL count is not an error: it means "to the end of the table".
SELECT count(*) FROM synth_customers(10, count => NULL);

-- With VERBOSITY sqlstate, psql shows the SQLSTATE alone.
\set VERBOSITY sqlstate
SELECT * FROM synth_customers(-1);
SELECT * FROM synth_customers(10, missing_address => -0.5);
SELECT * FROM synth_customers(NULL);
SELECT * FROM synth_customers(1000000001);
