-- synth across PostgreSQL nodes, recipe 1: dblink + postgres_fdw, on the COORDINATOR.
-- Needs, on the coordinator: the synth extension (its functions name the columns and are shipped
-- to the nodes through postgres_fdw's `extensions 'synth'`), node.sql, and this file:
--
--   psql -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS synth' \
--        -f sql/distributed/node.sql -f sql/distributed/dblink_fdw.sql
--
-- Every data node: CREATE EXTENSION synth and node.sql. Then, on the coordinator:
--
--   SELECT synth_add_node('node1', host => '10.0.0.1', port => 5432, dbname => 'app');   -- per node
--   SELECT * FROM synth_distribute('customers', 3000000, 42, chunks => 12);
--       -- one row per node: chunks done, rows, the node's own seconds, the call's wall time, error
--   SELECT count(*) FROM customers;              -- the union: partitioned, one foreign partition per node
--   SELECT * FROM synth_missing_chunks('customers');   -- after a failure: what is missing, and why
--   SELECT * FROM synth_resume('customers');           -- re-runs exactly those chunks
--
-- No generated row passes through the coordinator: each node runs
--   INSERT INTO <target> SELECT <chunk>, s.* FROM synth_<tab>(n, seed, ..., first => .., count => ..) s
-- for its own chunks (see node.sql for the chunking and the per-chunk ledger). The coordinator
-- keeps several dblink connections busy at once (dblink_send_query, then polls and collects).
-- Safe to run again.

CREATE EXTENSION IF NOT EXISTS dblink;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;

-- The current exception's message and detail on one line (dblink puts libpq's reason in DETAIL).
CREATE OR REPLACE FUNCTION synth_error_text(msg text, detail text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(concat_ws(': ', msg, nullif(detail, '')), '\s+', ' ', 'g')
$$;

-- The data nodes, in order: node j (0-based ordinal) holds chunks
-- [floor(j * nchunks / K), floor((j + 1) * nchunks / K)). `server` is a postgres_fdw server.
CREATE TABLE IF NOT EXISTS synth_nodes (
    server  text PRIMARY KEY,
    ordinal integer NOT NULL UNIQUE
);

-- One row per distributed dataset (its target table): what was asked and on which nodes.
CREATE TABLE IF NOT EXISTS synth_runs (
    target      text PRIMARY KEY,
    recipe      text        NOT NULL,  -- dblink or plproxy
    tab         text        NOT NULL,
    n           bigint      NOT NULL,
    seed        bigint      NOT NULL,
    options     jsonb       NOT NULL,
    nchunks     integer     NOT NULL,
    nodes       text[]      NOT NULL,  -- servers, in ordinal order
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Register a node. With host (and port, dbname, username) it also creates the postgres_fdw server,
-- with extensions 'synth' so that synth's IMMUTABLE functions in queries on the union are sent to
-- the node, async_capable so that a scan of the union reads all nodes at once, and a user mapping
-- for the current user; without, `server` must exist already.
CREATE OR REPLACE FUNCTION synth_add_node(server text, host text DEFAULT NULL, port integer DEFAULT NULL,
                                          dbname text DEFAULT NULL, username text DEFAULT NULL,
                                          password text DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    opts text[] := ARRAY['extensions ''synth''', 'fetch_size ''10000''', 'async_capable ''true'''];
    uopts text[] := '{}';
    ord integer;
BEGIN
    IF host IS NOT NULL THEN
        opts := opts || format('host %L', host);
        IF port IS NOT NULL THEN opts := opts || format('port %L', port); END IF;
        IF dbname IS NOT NULL THEN opts := opts || format('dbname %L', dbname); END IF;
        EXECUTE format('CREATE SERVER IF NOT EXISTS %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (%s)',
                       server, array_to_string(opts, ', '));
        IF username IS NOT NULL THEN uopts := uopts || format('user %L', username); END IF;
        IF password IS NOT NULL THEN uopts := uopts || format('password %L', password); END IF;
        EXECUTE format('CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER %I%s', server,
                       CASE WHEN cardinality(uopts) > 0 THEN format(' OPTIONS (%s)', array_to_string(uopts, ', ')) ELSE '' END);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
                   WHERE s.srvname = synth_add_node.server AND w.fdwname = 'postgres_fdw') THEN
        RAISE EXCEPTION 'synth_add_node: no postgres_fdw server %', server USING ERRCODE = '22023';
    END IF;
    SELECT ordinal INTO ord FROM synth_nodes n WHERE n.server = synth_add_node.server;
    IF ord IS NULL THEN
        INSERT INTO synth_nodes (server, ordinal)
        SELECT synth_add_node.server, coalesce(max(n.ordinal) + 1, 0) FROM synth_nodes n
        RETURNING ordinal INTO ord;
    END IF;
    RETURN ord;
END
$$;

-- The union of a dataset on the coordinator: a table partitioned by range of chunk, one
-- postgres_fdw foreign partition per node (its chunk range). Replaced on every call.
CREATE OR REPLACE FUNCTION synth_expose(target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    run synth_runs;
    cols text;
    k integer;
    j integer;
    lo integer;
    hi integer;
BEGIN
    SELECT * INTO run FROM synth_runs r WHERE r.target = synth_expose.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'synth_expose: no distributed dataset %', target USING ERRCODE = '22023';
    END IF;
    -- The columns of the function's row type (synth_<tab>_row), type modifiers included.
    SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                      ORDER BY a.attnum) INTO cols
    FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype
    JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE p.oid = to_regproc('synth_' || run.tab);
    IF cols IS NULL THEN
        RAISE EXCEPTION 'synth_expose: no table function synth_% on the coordinator (CREATE EXTENSION synth)', run.tab
            USING ERRCODE = '22023';
    END IF;
    IF to_regclass(format('%I', target)) IS NOT NULL THEN
        IF (SELECT relkind FROM pg_class WHERE oid = to_regclass(format('%I', target))) <> 'p' THEN
            RAISE EXCEPTION 'synth_expose: % exists and is not a partitioned table', target USING ERRCODE = '42P07';
        END IF;
        EXECUTE format('DROP TABLE %I', target);
    END IF;
    EXECUTE format('CREATE TABLE %I (chunk integer NOT NULL, %s) PARTITION BY RANGE (chunk)', target, cols);
    EXECUTE format('COMMENT ON TABLE %I IS %L', target,
                   format('synth_%s(%s, %s, %s) in %s chunks on %s nodes (synth_distribute)',
                          run.tab, run.n, run.seed, run.options, run.nchunks, cardinality(run.nodes)));
    k := cardinality(run.nodes);
    FOR j IN 0 .. k - 1 LOOP
        lo := (j::bigint * run.nchunks / k)::integer;
        hi := ((j + 1)::bigint * run.nchunks / k)::integer;
        CONTINUE WHEN lo = hi;
        EXECUTE format('CREATE FOREIGN TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s) '
                       'SERVER %I OPTIONS (schema_name ''public'', table_name %L)',
                       target || '_' || run.nodes[j + 1], target, lo, hi, run.nodes[j + 1], target);
    END LOOP;
END
$$;

-- The scheduler: runs the given chunks of a registered dataset (all when `only_chunks` is NULL), each in
-- its own transaction on its node, with `connections_per_node` chunks in flight per node.
-- A node that cannot be reached or fails is reported in `error`; its remaining chunks are left
-- for synth_missing_chunks / synth_resume. One row per node.
CREATE OR REPLACE FUNCTION synth_run_chunks(target text, only_chunks integer[] DEFAULT NULL,
                                            connections_per_node integer DEFAULT 1)
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    run synth_runs;
    k integer;
    t0 timestamptz := clock_timestamp();
    pending integer[];
    conns text[] := '{}';
    conn_node integer[] := '{}';
    conn_chunk integer[] := '{}';
    mine text[];
    n_done integer[];
    n_rows bigint[];
    n_secs float8[];
    n_err text[];
    keep integer[];
    j integer;
    i integer;
    c integer;
    nm text;
    r_rows bigint;
    r_secs float8;
    progressed boolean;
    inflight boolean;
    e_msg text;
    e_detail text;
BEGIN
    SELECT * INTO run FROM synth_runs r WHERE r.target = synth_run_chunks.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'synth: no distributed dataset % (synth_distribute first)', target USING ERRCODE = '22023';
    END IF;
    k := cardinality(run.nodes);
    pending := ARRAY(SELECT g FROM generate_series(0, run.nchunks - 1) g WHERE only_chunks IS NULL OR g = ANY (only_chunks) ORDER BY g);
    n_done := array_fill(0, ARRAY[k]);
    n_rows := array_fill(0::bigint, ARRAY[k]);
    n_secs := array_fill(0::float8, ARRAY[k]);
    n_err := array_fill(NULL::text, ARRAY[k]);

    -- Connect to every node that has work, and prepare it (target table, stale chunks removed).
    FOR j IN 1 .. k LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM unnest(pending) p WHERE synth_chunk_home(p, run.nchunks, k) = j - 1);
        mine := '{}';
        BEGIN
            FOR i IN 1 .. greatest(connections_per_node, 1) LOOP
                nm := format('synth_%s_%s_%s', pg_backend_pid(), j, i);
                IF nm = ANY (coalesce(dblink_get_connections(), '{}')) THEN
                    PERFORM dblink_disconnect(nm);
                END IF;
                PERFORM dblink_connect(nm, run.nodes[j]);
                mine := mine || nm;
            END LOOP;
            keep := ARRAY(SELECT g FROM generate_series(0, run.nchunks - 1) g WHERE synth_chunk_home(g, run.nchunks, k) = j - 1);
            PERFORM * FROM dblink(mine[1], format('SELECT synth_node_prepare(%L, %L, %s, %s, %L, %s, %L)',
                run.target, run.tab, run.n, run.seed, run.options, run.nchunks, keep)) AS t(removed bigint);
            conns := conns || mine;
            conn_node := conn_node || array_fill(j, ARRAY[cardinality(mine)]);
            conn_chunk := conn_chunk || array_fill(NULL::integer, ARRAY[cardinality(mine)]);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL;
            n_err[j] := synth_error_text(e_msg, e_detail);
            FOREACH nm IN ARRAY mine LOOP
                BEGIN PERFORM dblink_disconnect(nm); EXCEPTION WHEN OTHERS THEN NULL; END;
            END LOOP;
        END;
    END LOOP;

    -- Keep every live connection busy until its node's chunks are done.
    LOOP
        FOR i IN 1 .. coalesce(cardinality(conns), 0) LOOP
            j := conn_node[i];
            CONTINUE WHEN conn_chunk[i] IS NOT NULL OR n_err[j] IS NOT NULL;
            c := (SELECT min(p) FROM unnest(pending) p WHERE synth_chunk_home(p, run.nchunks, k) = j - 1);
            CONTINUE WHEN c IS NULL;
            pending := array_remove(pending, c);
            BEGIN
                PERFORM dblink_send_query(conns[i], format('SELECT * FROM synth_node_chunk(%L, %L, %s, %s, %L, %s, %s)',
                    run.target, run.tab, run.n, run.seed, run.options, run.nchunks, c));
                conn_chunk[i] := c;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL;
                n_err[j] := synth_error_text(e_msg, e_detail);
            END;
        END LOOP;

        progressed := false;
        inflight := false;
        FOR i IN 1 .. coalesce(cardinality(conns), 0) LOOP
            j := conn_node[i];
            CONTINUE WHEN conn_chunk[i] IS NULL;
            BEGIN
                IF n_err[j] IS NOT NULL THEN
                    -- another connection of this node failed: stop this one's chunk too
                    PERFORM dblink_cancel_query(conns[i]);
                    conn_chunk[i] := NULL;
                    progressed := true;
                ELSIF dblink_is_busy(conns[i]) = 0 THEN
                    SELECT r.rows, r.seconds INTO r_rows, r_secs
                    FROM dblink_get_result(conns[i]) AS r(rows bigint, seconds float8);
                    PERFORM * FROM dblink_get_result(conns[i]) AS r(rows bigint, seconds float8);
                    n_done[j] := n_done[j] + 1;
                    n_rows[j] := n_rows[j] + r_rows;
                    n_secs[j] := n_secs[j] + r_secs;
                    conn_chunk[i] := NULL;
                    progressed := true;
                ELSE
                    inflight := true;
                END IF;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL;
                n_err[j] := format('chunk %s: %s', conn_chunk[i], synth_error_text(e_msg, e_detail));
                conn_chunk[i] := NULL;
                progressed := true;
            END;
        END LOOP;

        EXIT WHEN NOT inflight AND NOT progressed
              AND NOT EXISTS (SELECT FROM unnest(pending) p
                              WHERE n_err[synth_chunk_home(p, run.nchunks, k) + 1] IS NULL
                                AND (synth_chunk_home(p, run.nchunks, k) + 1) = ANY (conn_node));
        IF NOT progressed THEN
            PERFORM pg_sleep(0.02);
        END IF;
    END LOOP;

    FOREACH nm IN ARRAY conns LOOP
        BEGIN PERFORM dblink_disconnect(nm); EXCEPTION WHEN OTHERS THEN NULL; END;
    END LOOP;

    wall_seconds := extract(epoch FROM clock_timestamp() - t0);
    FOR j IN 1 .. k LOOP
        node := run.nodes[j];
        chunks_done := n_done[j];
        rows := n_rows[j];
        node_seconds := n_secs[j];
        error := n_err[j];
        RETURN NEXT;
    END LOOP;
END
$$;

-- Registers (or re-registers) a dataset before its chunks run, for both recipes: checks the
-- nodes, the chunk count, the table and its options, records the run in synth_runs and exposes
-- the union table. Returns the dataset's name (target, default tab). `caller` names the
-- function in errors.
CREATE OR REPLACE FUNCTION synth_register_run(caller text, recipe text, tab text, n bigint,
                                              seed bigint, chunks integer, options jsonb,
                                              target text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    nodes text[] := ARRAY(SELECT s.server FROM synth_nodes s ORDER BY s.ordinal);
    tgt text := coalesce(target, tab);
    nch integer := coalesce(chunks, 4 * cardinality(ARRAY(SELECT s.server FROM synth_nodes s)));
BEGIN
    IF cardinality(nodes) = 0 THEN
        RAISE EXCEPTION '%: no nodes (synth_add_node first)', caller USING ERRCODE = '22023';
    END IF;
    IF nch < 1 THEN
        RAISE EXCEPTION '%: chunks must be >= 1, got %', caller, nch USING ERRCODE = '22023';
    END IF;
    PERFORM synth_call_text(tab, n, seed, options, 0, 0);  -- validates tab and options here
    INSERT INTO synth_runs AS r (target, recipe, tab, n, seed, options, nchunks, nodes)
    VALUES (tgt, recipe, tab, n, seed, coalesce(options, '{}'), nch, nodes)
    ON CONFLICT ON CONSTRAINT synth_runs_pkey DO UPDATE
        SET recipe = EXCLUDED.recipe, tab = EXCLUDED.tab, n = EXCLUDED.n, seed = EXCLUDED.seed,
            options = EXCLUDED.options, nchunks = EXCLUDED.nchunks, nodes = EXCLUDED.nodes,
            started_at = clock_timestamp();
    PERFORM synth_expose(tgt);
    RETURN tgt;
END
$$;

-- Generate a dataset across the registered nodes: synth_<tab>(n, seed, <options>) cut into
-- `chunks` chunks (default 4 per node), stored on the nodes in table `target` (default: tab) and
-- exposed on the coordinator as the partitioned table `target`. Re-running it is safe: every
-- chunk replaces itself. `options` holds the table's other arguments, e.g. '{"duplicates": 0.1}'.
CREATE OR REPLACE FUNCTION synth_distribute(tab text, n bigint, seed bigint DEFAULT 42,
                                            chunks integer DEFAULT NULL, options jsonb DEFAULT '{}',
                                            target text DEFAULT NULL, connections_per_node integer DEFAULT 1)
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    tgt text := synth_register_run('synth_distribute', 'dblink', tab, n, seed, chunks, options, target);
BEGIN
    RETURN QUERY SELECT * FROM synth_run_chunks(tgt, NULL, connections_per_node);
END
$$;

-- What is missing from a dataset: every chunk whose node is unreachable, that no node ledger
-- records, or that a ledger records with other arguments. Empty when the dataset is complete.
-- A chunk still being generated by an earlier, interrupted call is reported as such; re-running
-- it is safe (it waits for that attempt, then replaces its rows).
CREATE OR REPLACE FUNCTION synth_missing_chunks(target text)
RETURNS TABLE (node text, chunk integer, reason text) LANGUAGE plpgsql AS $$
DECLARE
    run synth_runs;
    k integer;
    j integer;
    done integer[];
    running integer[];
    err text;
    e_msg text;
    e_detail text;
BEGIN
    SELECT * INTO run FROM synth_runs r WHERE r.target = synth_missing_chunks.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'synth: no distributed dataset %', target USING ERRCODE = '22023';
    END IF;
    k := cardinality(run.nodes);
    FOR j IN 1 .. k LOOP
        err := NULL;
        BEGIN
            SELECT array_agg(l.chunk) FILTER (WHERE NOT l.running), array_agg(l.chunk) FILTER (WHERE l.running)
            INTO done, running
            FROM dblink(run.nodes[j], format(
                'SELECT chunk, false FROM synth_ledger WHERE target = %L AND tab = %L AND n = %s AND seed = %s'
                ' AND options = %L::jsonb AND nchunks = %s'
                ' UNION ALL SELECT c, true FROM synth_node_running(%L) c',
                run.target, run.tab, run.n, run.seed, run.options, run.nchunks, run.target))
                AS l(chunk integer, running boolean);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS e_msg = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL;
            err := synth_error_text(e_msg, e_detail);
        END;
        node := run.nodes[j];
        FOR chunk IN SELECT g FROM generate_series(0, run.nchunks - 1) g
                     WHERE synth_chunk_home(g, run.nchunks, k) = j - 1 ORDER BY g LOOP
            IF err IS NOT NULL THEN
                reason := 'node unreachable: ' || err;
                RETURN NEXT;
            ELSIF NOT (chunk = ANY (coalesce(done, '{}'))) THEN
                reason := CASE WHEN chunk = ANY (coalesce(running, '{}'))
                               THEN 'being generated now (an earlier call is still running there)'
                               ELSE 'not generated' END;
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

-- Re-run exactly the missing chunks of a dataset (with dblink, whichever recipe made it).
CREATE OR REPLACE FUNCTION synth_resume(target text, connections_per_node integer DEFAULT 1)
RETURNS TABLE (node text, chunks_done integer, rows bigint, node_seconds float8, wall_seconds float8, error text)
LANGUAGE plpgsql AS $$
DECLARE
    todo integer[] := ARRAY(SELECT m.chunk FROM synth_missing_chunks(target) m);
BEGIN
    IF cardinality(todo) = 0 THEN
        RAISE NOTICE 'synth_resume: % is complete, nothing to do', target;
    END IF;
    RETURN QUERY SELECT * FROM synth_run_chunks(target, todo, connections_per_node);
END
$$;

-- Order-independent fingerprint of any query: rows, distinct values of id_column, and the sum of
-- a 60-bit hash of each row's text. Equal fingerprints of a distributed dataset and of the
-- one-node call mean the same multiset of rows (up to a 60-bit hash collision).
CREATE OR REPLACE FUNCTION synth_fingerprint(query text, id_column text,
                                             OUT rows bigint, OUT distinct_ids bigint, OUT hash_sum numeric)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT count(*), count(DISTINCT q.%I), '
                   'coalesce(sum((''x'' || left(md5(q::text), 15))::bit(60)::bigint::numeric), 0) FROM (%s) q',
                   id_column, query)
    INTO rows, distinct_ids, hash_sum;
END
$$;

-- The same fingerprint of a distributed dataset: the hash sums are computed on the nodes, all at
-- once (over the rows without the chunk column); rows and distinct ids are counted through the
-- union table.
CREATE OR REPLACE FUNCTION synth_fingerprint_union(target text,
                                                   OUT rows bigint, OUT distinct_ids bigint, OUT hash_sum numeric)
LANGUAGE plpgsql AS $$
DECLARE
    run synth_runs;
    idcol text;
    j integer;
    nm text;
    node_rows bigint := 0;
    r bigint;
    h numeric;
BEGIN
    SELECT * INTO run FROM synth_runs x WHERE x.target = synth_fingerprint_union.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'synth: no distributed dataset %', target USING ERRCODE = '22023';
    END IF;
    SELECT attname INTO idcol FROM pg_attribute
    WHERE attrelid = to_regclass(format('%I', target)) AND attnum = 2;  -- the first column after chunk
    FOR j IN 1 .. cardinality(run.nodes) LOOP
        nm := format('synth_fp_%s_%s', pg_backend_pid(), j);
        IF nm = ANY (coalesce(dblink_get_connections(), '{}')) THEN
            PERFORM dblink_disconnect(nm);
        END IF;
        PERFORM dblink_connect(nm, run.nodes[j]);
        PERFORM dblink_send_query(nm, format('SELECT * FROM synth_node_fingerprint(%L)', target));
    END LOOP;
    EXECUTE format('SELECT count(*), count(DISTINCT %I) FROM %I', idcol, target) INTO rows, distinct_ids;
    hash_sum := 0;
    FOR j IN 1 .. cardinality(run.nodes) LOOP
        nm := format('synth_fp_%s_%s', pg_backend_pid(), j);
        SELECT f.rows, f.hash_sum INTO r, h FROM dblink_get_result(nm) AS f(rows bigint, hash_sum numeric);
        PERFORM dblink_disconnect(nm);
        node_rows := node_rows + r;
        hash_sum := hash_sum + h;
    END LOOP;
    IF rows <> node_rows THEN
        RAISE EXCEPTION 'synth_fingerprint_union: the union has % rows, the node tables %', rows, node_rows;
    END IF;
END
$$;
