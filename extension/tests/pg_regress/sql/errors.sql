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

-- NULL count is not an error: it means "to the end of the table".
SELECT count(*) FROM synth_customers(10, count => NULL);

-- With VERBOSITY sqlstate, psql shows the SQLSTATE alone.
\set VERBOSITY sqlstate
SELECT * FROM synth_customers(-1);
SELECT * FROM synth_customers(10, missing_address => -0.5);
SELECT * FROM synth_customers(NULL);
SELECT * FROM synth_customers(1000000001);
