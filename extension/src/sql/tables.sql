-- Every table of synth-core, generated from its definition by extension/src/sqlgen.rs.
-- Do not edit; regenerate with `SYNTH_BLESS=1 extension/test.sh`.

-- synth_customers: the `customers` table

CREATE TYPE synth_customers_row AS (
    customer_id bigint,
    first_name text,
    surname text,
    gender text,
    email text,
    password_hash text,
    address text,
    city text,
    state text,
    zip text,
    age smallint,
    credit_card_number text,
    credit_card_expiry date,
    security_question text,
    security_answer text,
    account_balance numeric(12,2)
);
COMMENT ON TYPE synth_customers_row IS 'A row of synth_customers().';

CREATE FUNCTION synth_customers_rows(
    n bigint,
    seed bigint,
    missing_gender double precision,
    missing_address double precision,
    duplicates double precision,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_customers_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_customers(
    n bigint,
    seed bigint DEFAULT 42,
    missing_gender double precision DEFAULT 0.1,
    missing_address double precision DEFAULT 0.1,
    duplicates double precision DEFAULT 0.0,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_customers_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_customers_rows($1, $2, $3, $4, $5, $6, $7, $8) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_customers(bigint, bigint, double precision, double precision, double precision, date, bigint, bigint) IS
    'Customers of an online game: coherent names, ZIP-consistent addresses, unique emails, Luhn-valid cards, and balances whose top 20% hold 80% of the total. Deterministic: the same arguments give the same rows. Arguments: n (bigint): number of customers, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; missing_gender (double precision, default 0.1): share of customers with NULL gender, 0..1; missing_address (double precision, default 0.1): share of customers with NULL address, city, state and zip, 0..1; duplicates (double precision, default 0.0): extra exact-copy rows as a share of n, 0..1; as_of (date, default 2026-01-01): reference date for card expiry; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_customers_rows(bigint, bigint, double precision, double precision, double precision, date, bigint, bigint) IS
    'Row source of synth_customers() (internal): all arguments positional, no defaults. Call synth_customers() instead.';

-- synth_sales: the `sales` table

CREATE TYPE synth_sales_row AS (
    customer_id bigint,
    age smallint,
    in_target_bracket boolean,
    account_balance numeric(12,2),
    intensity double precision,
    sales numeric(12,2)
);
COMMENT ON TYPE synth_sales_row IS 'A row of synth_sales().';

CREATE FUNCTION synth_sales_rows(
    n bigint,
    seed bigint,
    intensities double precision[],
    b0 double precision,
    b_age double precision,
    gamma double precision,
    b_balance double precision,
    b_campaign double precision,
    sigma double precision,
    target_lo bigint,
    target_hi bigint,
    first bigint,
    count bigint
) RETURNS SETOF synth_sales_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_sales(
    n bigint,
    seed bigint DEFAULT 42,
    intensities double precision[] DEFAULT ARRAY[0.0, 0.25, 0.5, 0.75, 1.0]::double precision[],
    b0 double precision DEFAULT 25.0,
    b_age double precision DEFAULT 8.0,
    gamma double precision DEFAULT 0.3,
    b_balance double precision DEFAULT 0.02,
    b_campaign double precision DEFAULT 40.0,
    sigma double precision DEFAULT 7.5,
    target_lo bigint DEFAULT 25,
    target_hi bigint DEFAULT 35,
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_sales_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_sales_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_sales(bigint, bigint, double precision[], double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint, bigint, bigint) IS
    'Sales of each customer of synth_customers(n, seed) at each marketing intensity, from a known linear model with Normal noise. Deterministic: the same arguments give the same rows. Arguments: n (bigint): customers, as in synth_customers; seed (bigint, default 42): the customers'' seed (also keys the noise); intensities (double precision[], default ARRAY[0.0, 0.25, 0.5, 0.75, 1.0]::double precision[]): marketing intensities, one row each per customer; b0 (double precision, default 25.0): intercept, dollars; b_age (double precision, default 8.0): dollars per unit of age^gamma; gamma (double precision, default 0.3): power of age; b_balance (double precision, default 0.02): dollars of sales per dollar of balance; b_campaign (double precision, default 40.0): dollars at intensity 1 inside the target bracket; sigma (double precision, default 7.5): noise standard deviation, dollars (>= 0); target_lo (bigint, default 25): youngest age of the target bracket; target_hi (bigint, default 35): oldest age of the target bracket; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_sales_rows(bigint, bigint, double precision[], double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint, bigint, bigint) IS
    'Row source of synth_sales() (internal): all arguments positional, no defaults. Call synth_sales() instead.';

-- synth_people: the `people` table

CREATE TYPE synth_people_row AS (
    person_id text,
    first_name text,
    last_name text,
    gender text,
    ethnicity text,
    birth_date date,
    age smallint,
    marital_status text,
    marriage_date date,
    number_of_children smallint,
    education text,
    occupation text,
    annual_income numeric(12,2),
    email text,
    phone text,
    street text,
    city text,
    state text,
    zip text,
    county text,
    region text,
    latitude double precision,
    longitude double precision,
    household_id bigint
);
COMMENT ON TYPE synth_people_row IS 'A row of synth_people().';

CREATE FUNCTION synth_people_rows(
    n bigint,
    seed bigint,
    as_of date,
    min_age bigint,
    first bigint,
    count bigint
) RETURNS SETOF synth_people_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_people(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    min_age bigint DEFAULT 18,
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_people_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_people_rows($1, $2, $3, $4, $5, $6) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_people(bigint, bigint, date, bigint, bigint, bigint) IS
    'Adults (and with min_age below 18 the minors of their households) with correlated demographics, generated by family: spouses, parents and children are rows of the same call sharing households, surnames and dates. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; min_age (bigint, default 18): 0..18: below 18, the minors of the households aged min_age or more follow their household''s last adult as extra rows (n still counts adults); first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_people_rows(bigint, bigint, date, bigint, bigint, bigint) IS
    'Row source of synth_people() (internal): all arguments positional, no defaults. Call synth_people() instead.';

-- synth_relationships: the `relationships` table

CREATE TYPE synth_relationships_row AS (
    person_id text,
    relative_id text,
    relationship text
);
COMMENT ON TYPE synth_relationships_row IS 'A row of synth_relationships().';

CREATE FUNCTION synth_relationships_rows(
    n bigint,
    seed bigint,
    as_of date,
    min_age bigint,
    first bigint,
    count bigint
) RETURNS SETOF synth_relationships_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_relationships(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    min_age bigint DEFAULT 18,
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_relationships_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_relationships_rows($1, $2, $3, $4, $5, $6) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_relationships(bigint, bigint, date, bigint, bigint, bigint) IS
    'The family links of synth_people(n, seed, as_of, min_age): spouse, parent, child, sibling, grandparent and grandchild, each from both sides. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; min_age (bigint, default 18): 0..18: below 18, the minors of the households aged min_age or more follow their household''s last adult as extra rows (n still counts adults); first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_relationships_rows(bigint, bigint, date, bigint, bigint, bigint) IS
    'Row source of synth_relationships() (internal): all arguments positional, no defaults. Call synth_relationships() instead.';

-- synth_life_events: the `life_events` table

CREATE TYPE synth_life_events_row AS (
    person_id text,
    seq integer,
    event_date date,
    event_type text,
    detail jsonb
);
COMMENT ON TYPE synth_life_events_row IS 'A row of synth_life_events().';

CREATE FUNCTION synth_life_events_rows(
    n bigint,
    seed bigint,
    as_of date,
    min_age bigint,
    first bigint,
    count bigint
) RETURNS TABLE (
    person_id text,
    seq integer,
    event_date date,
    event_type text,
    detail text
)
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_life_events(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    min_age bigint DEFAULT 18,
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_life_events_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).person_id, (r).seq, (r).event_date, (r).event_type, (r).detail::jsonb AS detail FROM (SELECT @extschema@.synth_life_events_rows($1, $2, $3, $4, $5, $6) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_life_events(bigint, bigint, date, bigint, bigint, bigint) IS
    'The dated life events of the people of synth_people(n, seed, as_of, min_age): birth, graduation, job_start, move, marriage, child_birth, divorce, widowed and retirement, agreeing with the people rows, their relatives and households. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; min_age (bigint, default 18): 0..18: below 18, the minors of the households aged min_age or more follow their household''s last adult as extra rows (n still counts adults); first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_life_events_rows(bigint, bigint, date, bigint, bigint, bigint) IS
    'Row source of synth_life_events() (internal): all arguments positional, no defaults. Call synth_life_events() instead.';

-- synth_households: the `households` table

CREATE TYPE synth_households_row AS (
    household_id bigint,
    size smallint,
    household_type text,
    street text,
    city text,
    state text,
    zip text,
    householder_id text,
    minors smallint
);
COMMENT ON TYPE synth_households_row IS 'A row of synth_households().';

CREATE FUNCTION synth_households_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_households_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_households(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_households_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_households_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_households(bigint, bigint, date, bigint, bigint) IS
    'The households of synth_people(n, seed, as_of): size, type (ACS categories) and address, one row per household, at its first adult. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_households_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_households() (internal): all arguments positional, no defaults. Call synth_households() instead.';

-- synth_patients: the `patients` table

CREATE TYPE synth_patients_row AS (
    person_id text,
    mrn text,
    insurance text,
    blood_type text,
    height_cm double precision,
    weight_kg double precision
);
COMMENT ON TYPE synth_patients_row IS 'A row of synth_patients().';

CREATE FUNCTION synth_patients_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_patients_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_patients(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_patients_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_patients_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_patients(bigint, bigint, date, bigint, bigint) IS
    'One patient record per person of synth_people(n, seed, as_of): a synthetic MRN, insurance by sex and age, blood type by ethnicity, height and weight (BMI agrees with obesity in synth_conditions). Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_patients_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_patients() (internal): all arguments positional, no defaults. Call synth_patients() instead.';

-- synth_conditions: the `conditions` table

CREATE TYPE synth_conditions_row AS (
    person_id text,
    icd10_code text,
    description text,
    onset_date date
);
COMMENT ON TYPE synth_conditions_row IS 'A row of synth_conditions().';

CREATE FUNCTION synth_conditions_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_conditions_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_conditions(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_conditions_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_conditions_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_conditions(bigint, bigint, date, bigint, bigint) IS
    'Diagnosed conditions of the people of synth_people(n, seed, as_of): ICD-10-CM codes at cited prevalences by sex and age, comorbid conditions together, onset at a plausible age; acute episodes of the last 3 years. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_conditions_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_conditions() (internal): all arguments positional, no defaults. Call synth_conditions() instead.';

-- synth_medications: the `medications` table

CREATE TYPE synth_medications_row AS (
    person_id text,
    rxcui text,
    drug_name text,
    icd10_code text,
    start_date date,
    end_date date
);
COMMENT ON TYPE synth_medications_row IS 'A row of synth_medications().';

CREATE FUNCTION synth_medications_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_medications_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_medications(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_medications_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_medications_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_medications(bigint, bigint, date, bigint, bigint) IS
    'Medications of the people of synth_people(n, seed, as_of), each treating one of the person''s conditions (RxNorm ingredients), from its onset. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_medications_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_medications() (internal): all arguments positional, no defaults. Call synth_medications() instead.';

-- synth_encounters: the `encounters` table

CREATE TYPE synth_encounters_row AS (
    encounter_id bigint,
    person_id text,
    encounter_date date,
    encounter_type text,
    icd10_code text
);
COMMENT ON TYPE synth_encounters_row IS 'A row of synth_encounters().';

CREATE FUNCTION synth_encounters_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_encounters_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_encounters(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_encounters_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_encounters_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_encounters(bigint, bigint, date, bigint, bigint) IS
    'Physician encounters of the people of synth_people(n, seed, as_of): the diagnosis visit of every condition and office visits of the last 3 years at the NAMCS rates by age. Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_encounters_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_encounters() (internal): all arguments positional, no defaults. Call synth_encounters() instead.';

-- synth_check_customers: the `check_customers` table

CREATE TYPE synth_check_customers_row AS (
    rule text,
    expected text,
    observed text,
    passed boolean
);
COMMENT ON TYPE synth_check_customers_row IS 'A row of synth_check_customers().';

CREATE FUNCTION synth_check_customers_rows(
    n bigint,
    seed bigint,
    missing_gender double precision,
    missing_address double precision,
    duplicates double precision,
    as_of date
) RETURNS SETOF synth_check_customers_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_check_customers(
    n bigint,
    seed bigint DEFAULT 42,
    missing_gender double precision DEFAULT 0.1,
    missing_address double precision DEFAULT 0.1,
    duplicates double precision DEFAULT 0.0,
    as_of date DEFAULT '2026-01-01'
) RETURNS SETOF synth_check_customers_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_check_customers_rows($1, $2, $3, $4, $5, $6) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_check_customers(bigint, bigint, double precision, double precision, double precision, date) IS
    'Generates synth_customers with these arguments and checks it: one row per rule (80/20 share, exact missing and duplicate rates, Luhn, expiry, unique emails, ZIP-city-state agreement, age range). Deterministic: the same arguments give the same rows. Arguments: n (bigint): number of customers, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; missing_gender (double precision, default 0.1): share of customers with NULL gender, 0..1; missing_address (double precision, default 0.1): share of customers with NULL address, city, state and zip, 0..1; duplicates (double precision, default 0.0): extra exact-copy rows as a share of n, 0..1; as_of (date, default 2026-01-01): reference date for card expiry.';
COMMENT ON FUNCTION synth_check_customers_rows(bigint, bigint, double precision, double precision, double precision, date) IS
    'Row source of synth_check_customers() (internal): all arguments positional, no defaults. Call synth_check_customers() instead.';

-- synth_check_people: the `check_people` table

CREATE TYPE synth_check_people_row AS (
    rule text,
    expected text,
    observed text,
    passed boolean
);
COMMENT ON TYPE synth_check_people_row IS 'A row of synth_check_people().';

CREATE FUNCTION synth_check_people_rows(
    n bigint,
    seed bigint,
    as_of date,
    min_age bigint
) RETURNS SETOF synth_check_people_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_check_people(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    min_age bigint DEFAULT 18
) RETURNS SETOF synth_check_people_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_check_people_rows($1, $2, $3, $4) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_check_people(bigint, bigint, date, bigint) IS
    'Generates synth_people with these arguments and checks it: one row per rule (the constraints every row meets, and the correlations with their reference figures: married share by age, children by age and status, income by age and education, retirement, sex ratio). Deterministic: the same arguments give the same rows. Arguments: n (bigint): adults, 0..1,000,000,000; seed (bigint, default 42): any 64-bit integer; as_of (date, default 2026-01-01): the date ages are taken at; min_age (bigint, default 18): 0..18: below 18, the minors of the households aged min_age or more follow their household''s last adult as extra rows (n still counts adults).';
COMMENT ON FUNCTION synth_check_people_rows(bigint, bigint, date, bigint) IS
    'Row source of synth_check_people() (internal): all arguments positional, no defaults. Call synth_check_people() instead.';

-- synth_check_sales: the `check_sales` table

CREATE TYPE synth_check_sales_row AS (
    rule text,
    expected text,
    observed text,
    passed boolean
);
COMMENT ON TYPE synth_check_sales_row IS 'A row of synth_check_sales().';

CREATE FUNCTION synth_check_sales_rows(
    n bigint,
    seed bigint,
    intensities double precision[],
    b0 double precision,
    b_age double precision,
    gamma double precision,
    b_balance double precision,
    b_campaign double precision,
    sigma double precision,
    target_lo bigint,
    target_hi bigint
) RETURNS SETOF synth_check_sales_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_check_sales(
    n bigint,
    seed bigint DEFAULT 42,
    intensities double precision[] DEFAULT ARRAY[0.0, 0.25, 0.5, 0.75, 1.0]::double precision[],
    b0 double precision DEFAULT 25.0,
    b_age double precision DEFAULT 8.0,
    gamma double precision DEFAULT 0.3,
    b_balance double precision DEFAULT 0.02,
    b_campaign double precision DEFAULT 40.0,
    sigma double precision DEFAULT 7.5,
    target_lo bigint DEFAULT 25,
    target_hi bigint DEFAULT 35
) RETURNS SETOF synth_check_sales_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_check_sales_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_check_sales(bigint, bigint, double precision[], double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint) IS
    'Generates synth_sales with these arguments and checks it: least squares recovers each coefficient within four standard errors and the residual sigma. Deterministic: the same arguments give the same rows. Arguments: n (bigint): customers, as in synth_customers; seed (bigint, default 42): the customers'' seed (also keys the noise); intensities (double precision[], default ARRAY[0.0, 0.25, 0.5, 0.75, 1.0]::double precision[]): marketing intensities, one row each per customer; b0 (double precision, default 25.0): intercept, dollars; b_age (double precision, default 8.0): dollars per unit of age^gamma; gamma (double precision, default 0.3): power of age; b_balance (double precision, default 0.02): dollars of sales per dollar of balance; b_campaign (double precision, default 40.0): dollars at intensity 1 inside the target bracket; sigma (double precision, default 7.5): noise standard deviation, dollars (>= 0); target_lo (bigint, default 25): youngest age of the target bracket; target_hi (bigint, default 35): oldest age of the target bracket.';
COMMENT ON FUNCTION synth_check_sales_rows(bigint, bigint, double precision[], double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint) IS
    'Row source of synth_check_sales() (internal): all arguments positional, no defaults. Call synth_check_sales() instead.';

-- synth_check_table: the `check_table` table

CREATE TYPE synth_check_table_row AS (
    rule text,
    expected text,
    observed text,
    passed boolean
);
COMMENT ON TYPE synth_check_table_row IS 'A row of synth_check_table().';

CREATE FUNCTION synth_check_table_rows(
    source text,
    kind text,
    missing_gender double precision,
    missing_address double precision,
    duplicates double precision,
    as_of date,
    b0 double precision,
    b_age double precision,
    gamma double precision,
    b_balance double precision,
    b_campaign double precision,
    sigma double precision,
    target_lo bigint,
    target_hi bigint
) RETURNS SETOF synth_check_table_row
LANGUAGE c VOLATILE PARALLEL UNSAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_check_table(
    source text,
    kind text DEFAULT 'customers',
    missing_gender double precision DEFAULT 0.1,
    missing_address double precision DEFAULT 0.1,
    duplicates double precision DEFAULT 0.0,
    as_of date DEFAULT '2026-01-01',
    b0 double precision DEFAULT 25.0,
    b_age double precision DEFAULT 8.0,
    gamma double precision DEFAULT 0.3,
    b_balance double precision DEFAULT 0.02,
    b_campaign double precision DEFAULT 40.0,
    sigma double precision DEFAULT 7.5,
    target_lo bigint DEFAULT 25,
    target_hi bigint DEFAULT 35
) RETURNS SETOF synth_check_table_row
LANGUAGE sql VOLATILE PARALLEL UNSAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_check_table_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_check_table(text, text, double precision, double precision, double precision, date, double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint) IS
    'Checks rows already in the database (a table name or a SELECT query) with the rules of a customers, people or sales table: a table that was changed fails the rules its change breaks. Reads with the caller''s privileges; the query runs read-only. Arguments: source (text): a table name (e.g. ''customers'' or ''public.customers'') or a SELECT query; kind (text, default customers): which rules: ''customers'', ''people'' or ''sales''; missing_gender (double precision, default 0.1): customers: the expected share of NULL genders; missing_address (double precision, default 0.1): customers: the expected share of NULL addresses; duplicates (double precision, default 0.0): customers: the expected duplicate rows, as a share of distinct customers; as_of (date, default 2026-01-01): customers and people: the reference date the table was generated at; b0 (double precision, default 25.0): intercept, dollars; b_age (double precision, default 8.0): dollars per unit of age^gamma; gamma (double precision, default 0.3): power of age; b_balance (double precision, default 0.02): dollars of sales per dollar of balance; b_campaign (double precision, default 40.0): dollars at intensity 1 inside the target bracket; sigma (double precision, default 7.5): noise standard deviation, dollars (>= 0); target_lo (bigint, default 25): youngest age of the target bracket; target_hi (bigint, default 35): oldest age of the target bracket.';
COMMENT ON FUNCTION synth_check_table_rows(text, text, double precision, double precision, double precision, date, double precision, double precision, double precision, double precision, double precision, double precision, bigint, bigint) IS
    'Row source of synth_check_table() (internal): all arguments positional, no defaults. Call synth_check_table() instead.';

-- synth_accounts: the `accounts` table

CREATE TYPE synth_accounts_row AS (
    account_id bigint,
    person_id text,
    account_type text,
    opened_date date,
    opening_balance numeric(12,2),
    closing_balance numeric(12,2),
    card_number text,
    card_brand text
);
COMMENT ON TYPE synth_accounts_row IS 'A row of synth_accounts().';

CREATE FUNCTION synth_accounts_rows(
    n bigint,
    seed bigint,
    as_of date,
    first bigint,
    count bigint
) RETURNS SETOF synth_accounts_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_accounts(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_accounts_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_accounts_rows($1, $2, $3, $4, $5) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_accounts(bigint, bigint, date, bigint, bigint) IS
    'Bank accounts (checking with a debit card, savings, credit card) of the people of synth_people(n, seed, as_of), owned at cited shares by income, with balances at the start of the 12-month window and at as_of that synth_transactions reconciles exactly. Deterministic: the same arguments give the same rows. Arguments: n (bigint): people, as in synth_people (0..1,000,000,000); seed (bigint, default 42): the people''s seed (also keys the accounts); as_of (date, default 2026-01-01): the date balances are taken at; transactions are before it; first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_accounts_rows(bigint, bigint, date, bigint, bigint) IS
    'Row source of synth_accounts() (internal): all arguments positional, no defaults. Call synth_accounts() instead.';

-- synth_transactions: the `transactions` table

CREATE TYPE synth_transactions_row AS (
    transaction_id bigint,
    account_id bigint,
    posted_at date,
    amount numeric(12,2),
    balance_after numeric(12,2),
    category text,
    mcc text,
    merchant text
);
COMMENT ON TYPE synth_transactions_row IS 'A row of synth_transactions().';

CREATE FUNCTION synth_transactions_rows(
    n bigint,
    seed bigint,
    as_of date,
    months bigint,
    first bigint,
    count bigint
) RETURNS SETOF synth_transactions_row
LANGUAGE c IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS 'MODULE_PATHNAME', 'synth_table_rows';

CREATE FUNCTION synth_transactions(
    n bigint,
    seed bigint DEFAULT 42,
    as_of date DEFAULT '2026-01-01',
    months bigint DEFAULT 12,
    first bigint DEFAULT 0,
    count bigint DEFAULT NULL
) RETURNS SETOF synth_transactions_row
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT
AS $synth$
    SELECT (r).* FROM (SELECT @extschema@.synth_transactions_rows($1, $2, $3, $4, $5, $6) AS r) AS s
$synth$;

COMMENT ON FUNCTION synth_transactions(bigint, bigint, date, bigint, bigint, bigint) IS
    'Transactions of synth_accounts over the last `months` months before as_of: pay, rent or mortgage, bills, card and debit purchases with MCCs, transfers and card payments on both accounts; opening balance + amounts = closing balance exactly. Deterministic: the same arguments give the same rows. Arguments: n (bigint): people, as in synth_people (0..1,000,000,000); seed (bigint, default 42): the people''s seed (also keys the accounts); as_of (date, default 2026-01-01): the date balances are taken at; transactions are before it; months (bigint, default 12): the window: the last `months` months before as_of (1..120); first (bigint, default 0): first output row of the slice (0-based); count (bigint, default NULL): rows in the slice; NULL: to the end of the table.';
COMMENT ON FUNCTION synth_transactions_rows(bigint, bigint, date, bigint, bigint, bigint) IS
    'Row source of synth_transactions() (internal): all arguments positional, no defaults. Call synth_transactions() instead.';
