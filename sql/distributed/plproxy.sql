-- synth across PostgreSQL nodes, recipe 2: PL/Proxy, on the COORDINATOR. Needs PL/Proxy
-- (Debian: apt-get install postgresql-15-plproxy) and, before this file, node.sql and
-- dblink_fdw.sql (the node list, the dataset registry, the union table and the missing-chunk
-- report are shared by both recipes):
--
--   psql -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS synth' -f sql/distributed/node.sql \
--        -f sql/distributed/dblink_fdw.sql -f sql/distributed/plproxy.sql
--
-- Every data node: CREATE EXTENSION synth and node.sql (nothing PL/Proxy there). Then:
--
--   SELECT synth_add_node('node1', host => '10.0.0.1', port => 5432, dbname => 'app');   -- per node
--   SELECT synth_pp_cluster();          -- the PL/Proxy cluster synth_pp from the registered nodes
--   SELECT * FROM synth_pp_distribute('customers', 3000000, 42, chunks => 12, target => 'customers');
--   SELECT * FROM synth_missing_chunks('customers');   -- after a failure
--   SELECT * FROM synth_pp_resume('customers');        -- exactly the missing chunks, through PL/Proxy
--
-- One PL/Proxy call SPLITs the array of chunk numbers over the nodes (RUN ON the chunk's home
-- node): each node gets one query with its own chunks, all nodes at once, and inserts them
-- node-locally with synth_node_chunks (node.sql). PL/Proxy runs each remote query in autocommit:
-- a node's chunks of one call commit together, independently of the other nodes.
-- Safe to run again.

CREATE EXTENSION IF NOT EXISTS plproxy;

-- (Re)create the PL/Proxy cluster `synth_pp` (a SQL/MED server of the plproxy wrapper): partition
-- p<j> is the node of ordinal j, with the connection options of its postgres_fdw server and the
-- user and password of the current user's mapping. PL/Proxy maps a hash to a partition with
-- hash & (K - 1) and so needs K partitions, a power of two, unless modular_mapping is set
-- (then abs(hash % K)); it is set when K is not a power of two. Our hashes are the home node
-- numbers 0 .. K-1, so both give partition j for home j.
CREATE OR REPLACE FUNCTION synth_pp_cluster() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    opts text[] := ARRAY['connection_lifetime ''1800'''];
    s record;
    conn text;
    k integer := 0;
BEGIN
    FOR s IN SELECT n.ordinal, n.server, fs.srvoptions, um.umoptions
             FROM synth_nodes n
             JOIN pg_foreign_server fs ON fs.srvname = n.server
             LEFT JOIN pg_user_mappings um ON um.srvid = fs.oid AND um.usename IN (current_user, 'public')
             ORDER BY n.ordinal, um.usename = 'public' LOOP
        CONTINUE WHEN s.ordinal < k;  -- the user's own mapping wins over PUBLIC's
        IF s.ordinal <> k THEN
            RAISE EXCEPTION 'synth_pp_cluster: node ordinals must be 0 .. K-1, % is missing', k;
        END IF;
        SELECT string_agg(format('%s=''%s''', o.option_name, replace(replace(o.option_value, '\', '\\'), '''', '\''')), ' ')
        INTO conn
        FROM (SELECT option_name, option_value FROM pg_options_to_table(s.srvoptions)
              WHERE option_name IN ('host', 'hostaddr', 'port', 'dbname', 'sslmode', 'connect_timeout')
              UNION ALL
              SELECT option_name, option_value FROM pg_options_to_table(s.umoptions)
              WHERE option_name IN ('user', 'password')) o;
        opts := opts || format('p%s %L', k, coalesce(conn, ''));
        k := k + 1;
    END LOOP;
    IF k = 0 THEN
        RAISE EXCEPTION 'synth_pp_cluster: no nodes (synth_add_node first)' USING ERRCODE = '22023';
    END IF;
    IF k & (k - 1) <> 0 THEN
        opts := opts || 'modular_mapping ''1'''::text;
    END IF;
    DROP SERVER IF EXISTS synth_pp CASCADE;
    EXECUTE format('CREATE SERVER synth_pp FOREIGN DATA WRAPPER plproxy OPTIONS (%s)', array_to_string(opts, ', '));
    CREATE USER MAPPING FOR PUBLIC SERVER synth_pp;
    RETURN k;
END
$$;

-- The proxy: the same signature as node.sql's synth_node_chunks, run there (TARGET). SPLIT
-- chunks sends every node the elements whose RUN ON value (the chunk's home) is that node.
CREATE OR REPLACE FUNCTION synth_pp_chunks(target text, tab text, n bigint, seed bigint, options jsonb,
                                           nchunks integer, nodes integer, chunks integer[])
RETURNS TABLE (node text, chunk integer, rows bigint, seconds float8) AS $$
    CLUSTER 'synth_pp';
    SPLIT chunks;
    RUN ON synth_chunk_home(chunks, nchunks, nodes);
    TARGET synth_node_chunks;
$$ LANGUAGE plproxy;

-- Run chunks of a registered dataset through the proxy; one row per node that answered. A
-- failure (a node down, an error on a node) is returned as a row with node NULL and the error.
CREATE OR REPLACE FUNCTION synth_pp_run(target text, todo integer[])
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    run synth_runs;
    t0 timestamptz := clock_timestamp();
    res jsonb;
    err text;
    e_msg text;
    e_detail text;
    k integer;
BEGIN
    SELECT * INTO run FROM synth_runs r WHERE r.target = synth_pp_run.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'synth: no distributed dataset %', target USING ERRCODE = '22023';
    END IF;
    k := cardinality(run.nodes);
    IF (SELECT count(*) FROM synth_pp_partitions()) <> k THEN
        RAISE EXCEPTION 'synth_pp: cluster synth_pp does not have the dataset''s % nodes (SELECT synth_pp_cluster())', k
            USING ERRCODE = '22023';
    END IF;
    IF coalesce(cardinality(todo), 0) > 0 THEN
        BEGIN
            SELECT jsonb_agg(jsonb_build_object('node', p.node, 'chunks', p.chunks, 'rows', p.rows, 'seconds', p.seconds))
            INTO res
            FROM (SELECT x.node, count(*) AS chunks, sum(x.rows) AS rows, sum(x.seconds) AS seconds
                  FROM synth_pp_chunks(run.target, run.tab, run.n, run.seed, run.options, run.nchunks, k, todo) x
                  GROUP BY x.node) p;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL;
            err := synth_error_text(e_msg, e_detail);
        END;
    END IF;
    wall_seconds := extract(epoch FROM clock_timestamp() - t0);
    FOR node, chunks_done, rows, node_seconds IN
        SELECT e->>'node', (e->>'chunks')::integer, (e->>'rows')::bigint, (e->>'seconds')::float8
        FROM jsonb_array_elements(coalesce(res, '[]')) e ORDER BY 1 LOOP
        error := NULL;
        RETURN NEXT;
    END LOOP;
    IF err IS NOT NULL THEN
        node := NULL;
        chunks_done := 0;
        rows := 0;
        node_seconds := 0;
        error := err;
        RETURN NEXT;
    END IF;
END
$$;

-- The partitions of cluster synth_pp, for checks.
CREATE OR REPLACE FUNCTION synth_pp_partitions() RETURNS TABLE (name text, conn text) LANGUAGE sql STABLE AS $$
    SELECT option_name, option_value
    FROM pg_foreign_server s, pg_options_to_table(s.srvoptions)
    WHERE s.srvname = 'synth_pp' AND option_name ~ '^p[0-9]+$'
$$;

-- Generate a dataset through PL/Proxy: like synth_distribute (same arguments, same chunks, same
-- node tables and union table), with one SPLIT call instead of the dblink scheduler.
CREATE OR REPLACE FUNCTION synth_pp_distribute(tab text, n bigint, seed bigint DEFAULT 42,
                                               chunks integer DEFAULT NULL, options jsonb DEFAULT '{}',
                                               target text DEFAULT NULL)
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    tgt text := synth_register_run('synth_pp_distribute', 'plproxy', tab, n, seed, chunks, options, target);
BEGIN
    -- Every chunk of the run just registered.
    RETURN QUERY SELECT * FROM synth_pp_run(tgt, ARRAY(
        SELECT g FROM synth_runs r, generate_series(0, r.nchunks - 1) g WHERE r.target = tgt));
END
$$;

-- Re-run exactly the missing chunks of a dataset through PL/Proxy.
CREATE OR REPLACE FUNCTION synth_pp_resume(target text)
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    todo integer[] := ARRAY(SELECT m.chunk FROM synth_missing_chunks(target) m);
BEGIN
    IF cardinality(todo) = 0 THEN
        RAISE NOTICE 'synth_pp_resume: % is complete, nothing to do', target;
    END IF;
    RETURN QUERY SELECT * FROM synth_pp_run(target, todo);
END
$$;
