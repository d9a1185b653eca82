-- synth across PostgreSQL nodes, recipe 3: Citus, on the Citus COORDINATOR (docs/distributed.md).
-- Needs Citus on every node (shared_preload_libraries = 'citus', max_prepared_transactions > 0,
-- CREATE EXTENSION citus, the workers added with citus_add_node) and the synth extension's files
-- installed on every node; CREATE EXTENSION synth on the coordinator reaches the workers.
--
--   psql -v ON_ERROR_STOP=1 -v n=3000000 -v seed=42 -f sql/distributed/citus.sql
--
-- Generates synth_customers(n, seed) into the distributed table `customers` with ONE statement
-- that Citus pushes down: one task per shard, each inserting its own slice on the worker holding
-- the shard (no row through the coordinator), atomic through Citus' two-phase commit.
-- Re-running it replaces the table.
\if :{?n}
\else
\set n 3000000
\endif
\if :{?seed}
\else
\set seed 42
\endif

CREATE EXTENSION IF NOT EXISTS synth;

-- One slice per shard, for equal shards: hashing 0..K-1 into K shards leaves some shards empty and
-- others with two slices, so pick, for every shard of synth_slices, the smallest key that hashes to
-- it; `ordinal` (0 .. shards-1) selects the rows of the slice.
DROP TABLE IF EXISTS customers;
DROP TABLE IF EXISTS synth_slices;
CREATE TABLE synth_slices (slice integer PRIMARY KEY, ordinal integer NOT NULL);
SELECT create_distributed_table('synth_slices', 'slice');
INSERT INTO synth_slices (slice, ordinal)
SELECT key, (row_number() OVER (ORDER BY shardid) - 1)::integer
FROM (SELECT min(k) AS key, get_shard_id_for_distribution_column('synth_slices', k) AS shardid
      FROM generate_series(0, 100000) k GROUP BY 2) per_shard;

-- The target: the slice, then the function's columns; distributed by slice, co-located with the
-- slices, so that shard i of both lives on the same worker.
CREATE TABLE customers AS SELECT 0 AS slice, c.* FROM synth_customers(0, :seed) c WITH NO DATA;
ALTER TABLE customers ALTER COLUMN slice SET NOT NULL;
SELECT create_distributed_table('customers', 'slice', colocate_with => 'synth_slices');

-- The generation: a co-located INSERT ... SELECT with an IMMUTABLE function, which Citus runs as
-- one task per shard on its worker.
SELECT count(*) AS k FROM synth_slices \gset
INSERT INTO customers
SELECT s.slice, c.*
FROM synth_slices s,
     LATERAL synth_customers(:n, :seed,
                             first => s.ordinal * :n::bigint / :k,
                             count => (s.ordinal + 1) * :n::bigint / :k - s.ordinal * :n::bigint / :k) c;
