-- synth across PostgreSQL nodes: the part every DATA NODE runs. Needs the extension there:
--
--   psql -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS synth' -f sql/distributed/node.sql
--
-- Safe to run again (CREATE OR REPLACE / IF NOT EXISTS). The coordinator's recipes
-- (dblink_fdw.sql, plproxy.sql) call these functions; nothing here talks to another server.
--
-- A dataset is cut into `nchunks` chunks of the table's slice domain (customers: output rows,
-- duplicates included; sales: customers; people: adults). Chunk k is the slice
--   first = floor(k * D / nchunks),  count = floor((k + 1) * D / nchunks) - first   (the last: to the end)
-- so the chunks of one (table, n, seed, options, nchunks) are disjoint and together the whole table.
-- A node stores its chunks in the target table with the chunk number as a leading column, and
-- records each finished chunk in synth_ledger IN THE SAME TRANSACTION as its rows: a chunk is
-- either complete and in the ledger, or absent from both. Re-running a chunk deletes its rows and
-- inserts them again, so every step can be repeated.

CREATE TABLE IF NOT EXISTS synth_ledger (
    target      text        NOT NULL,  -- the node table holding the rows
    chunk       integer     NOT NULL,
    tab         text        NOT NULL,  -- customers, people, sales (synth_<tab>)
    n           bigint      NOT NULL,
    seed        bigint      NOT NULL,
    options     jsonb       NOT NULL,  -- the table's other named arguments, e.g. {"duplicates": 0.1}
    nchunks     integer     NOT NULL,
    first       bigint      NOT NULL,
    count       bigint,                -- NULL: to the end
    rows        bigint      NOT NULL,  -- rows inserted
    seconds     float8      NOT NULL,  -- this node's own time for the chunk (delete + insert)
    finished_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (target, chunk)
);

-- The slice domain's size: what first/count count for synth_<tab>.
CREATE OR REPLACE FUNCTION synth_slice_domain(tab text, n bigint, options jsonb DEFAULT '{}')
RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN tab = 'customers'
                THEN n + round(coalesce((options->>'duplicates')::numeric, 0) * n)::bigint
                ELSE n END
$$;

-- Chunk k of nchunks: (first, count); count is NULL for the last chunk ("to the end", so that an
-- estimate of the domain that is off by one cannot drop a row).
CREATE OR REPLACE FUNCTION synth_chunk_bounds(tab text, n bigint, options jsonb, nchunks integer,
                                              chunk integer, OUT first bigint, OUT count bigint)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    d bigint := synth_slice_domain(tab, n, options);
BEGIN
    IF nchunks < 1 OR chunk < 0 OR chunk >= nchunks THEN
        RAISE EXCEPTION 'synth: chunk % is not in [0, %)', chunk, nchunks USING ERRCODE = '22023';
    END IF;
    first := floor(chunk::numeric * d / nchunks)::bigint;
    count := CASE WHEN chunk = nchunks - 1 THEN NULL
                  ELSE floor((chunk + 1)::numeric * d / nchunks)::bigint - first END;
END
$$;

-- The home of a chunk among `nodes` nodes: node j holds the contiguous chunks
-- [floor(j * nchunks / nodes), floor((j + 1) * nchunks / nodes)). Also PL/Proxy's RUN ON value.
CREATE OR REPLACE FUNCTION synth_chunk_home(chunk integer, nchunks integer, nodes integer)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT (((chunk::bigint + 1) * nodes - 1) / nchunks)::integer
$$;

-- The call text: synth_<tab>(n, seed, <options as named arguments>, first => .., count => ..).
CREATE OR REPLACE FUNCTION synth_call_text(tab text, n bigint, seed bigint, options jsonb,
                                           first bigint, count bigint)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    args text := '';
    k text;
    v jsonb;
    lit text;
BEGIN
    IF tab IS NULL OR tab !~ '^[a-z][a-z0-9_]*$' OR to_regproc('synth_' || tab) IS NULL THEN
        RAISE EXCEPTION 'synth: no table function synth_% on this server', tab USING ERRCODE = '22023';
    END IF;
    FOR k, v IN SELECT key, value FROM jsonb_each(coalesce(options, '{}')) ORDER BY key LOOP
        IF k IN ('n', 'seed', 'first', 'count') THEN
            RAISE EXCEPTION 'synth: option % is set by the chunking, not in options', k USING ERRCODE = '22023';
        END IF;
        lit := CASE jsonb_typeof(v)
                   WHEN 'array' THEN (SELECT '{' || string_agg(e #>> '{}', ',') || '}' FROM jsonb_array_elements(v) e)
                   ELSE v #>> '{}' END;
        args := args || format(', %I => %L', k, lit);
    END LOOP;
    RETURN format('synth_%s(%s::bigint, %s::bigint%s, first => %s::bigint, count => %s::bigint)',
                  tab, n, seed, args, first, coalesce(count::text, 'NULL'));
END
$$;

-- Before a node receives chunks of a dataset: create the target table when missing (chunk, then
-- the columns of synth_<tab>), and drop what does not belong to this dataset on this node any more
-- (rows of a different table function, chunks generated with other arguments or another chunk
-- count, chunks that are no longer this node's: `keep` lists this node's chunks).
CREATE OR REPLACE FUNCTION synth_node_prepare(target text, tab text, n bigint, seed bigint,
                                              options jsonb, nchunks integer, keep integer[])
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    stale integer[];
    removed bigint := 0;
BEGIN
    options := coalesce(options, '{}');
    PERFORM pg_advisory_xact_lock(hashtext('synth_node_prepare:' || target));
    IF EXISTS (SELECT FROM synth_ledger l WHERE l.target = synth_node_prepare.target AND l.tab <> synth_node_prepare.tab) THEN
        EXECUTE format('DROP TABLE IF EXISTS %I', target);
        DELETE FROM synth_ledger l WHERE l.target = synth_node_prepare.target;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I AS SELECT NULL::integer AS chunk, s.* FROM %s s WITH NO DATA',
                   target, synth_call_text(tab, n, seed, options, 0, 0));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I (chunk)', target || '_chunk_idx', target);
    SELECT array_agg(l.chunk) INTO stale FROM synth_ledger l
    WHERE l.target = synth_node_prepare.target
      AND (l.chunk <> ALL (keep) OR (l.tab, l.n, l.seed, l.options, l.nchunks)
           IS DISTINCT FROM (synth_node_prepare.tab, synth_node_prepare.n, synth_node_prepare.seed,
                             synth_node_prepare.options, synth_node_prepare.nchunks));
    IF stale IS NOT NULL THEN
        EXECUTE format('DELETE FROM %I WHERE chunk = ANY ($1)', target) USING stale;
        GET DIAGNOSTICS removed = ROW_COUNT;
        DELETE FROM synth_ledger l WHERE l.target = synth_node_prepare.target AND l.chunk = ANY (stale);
    END IF;
    RETURN removed;
END
$$;

-- One chunk, in the caller's transaction: delete its rows (if the ledger says they are there),
-- insert them with INSERT ... SELECT * FROM synth_<tab>(n, seed, ..., first => .., count => ..),
-- record it in the ledger. Returns the rows and this node's seconds.
CREATE OR REPLACE FUNCTION synth_node_chunk(target text, tab text, n bigint, seed bigint,
                                            options jsonb, nchunks integer, chunk integer,
                                            OUT rows bigint, OUT seconds float8)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
    b record;
BEGIN
    options := coalesce(options, '{}');
    b := synth_chunk_bounds(tab, n, options, nchunks, chunk);
    -- One session at a time per chunk: a re-run that starts while an earlier attempt (e.g. one a
    -- failed coordinator left behind) still runs waits for it, then replaces its rows.
    PERFORM pg_advisory_xact_lock(hashtext(target), chunk);
    IF EXISTS (SELECT FROM synth_ledger l WHERE l.target = synth_node_chunk.target AND l.chunk = synth_node_chunk.chunk) THEN
        EXECUTE format('DELETE FROM %I WHERE chunk = $1', target) USING chunk;
    END IF;
    EXECUTE format('INSERT INTO %I SELECT $1, s.* FROM %s s',
                   target, synth_call_text(tab, n, seed, options, b.first, b.count)) USING chunk;
    GET DIAGNOSTICS rows = ROW_COUNT;
    seconds := extract(epoch FROM clock_timestamp() - t0);
    INSERT INTO synth_ledger AS l (target, chunk, tab, n, seed, options, nchunks, first, count, rows, seconds)
    VALUES (target, chunk, tab, n, seed, options, nchunks, b.first, b.count, rows, seconds)
    ON CONFLICT ON CONSTRAINT synth_ledger_pkey DO UPDATE
        SET tab = EXCLUDED.tab, n = EXCLUDED.n, seed = EXCLUDED.seed, options = EXCLUDED.options,
            nchunks = EXCLUDED.nchunks, first = EXCLUDED.first, count = EXCLUDED.count,
            rows = EXCLUDED.rows, seconds = EXCLUDED.seconds, finished_at = clock_timestamp();
END
$$;

-- Several chunks of this node in one call (PL/Proxy's target: one remote call per node). They
-- commit together with the caller's statement. `nodes` is the node count, used to find this
-- node's chunks for synth_node_prepare.
CREATE OR REPLACE FUNCTION synth_node_chunks(target text, tab text, n bigint, seed bigint,
                                             options jsonb, nchunks integer, nodes integer,
                                             chunks integer[])
RETURNS TABLE (node text, chunk integer, rows bigint, seconds float8)
LANGUAGE plpgsql AS $$
DECLARE
    home integer;
    c integer;
    r record;
BEGIN
    IF coalesce(cardinality(chunks), 0) = 0 THEN
        RETURN;
    END IF;
    home := synth_chunk_home(chunks[1], nchunks, nodes);
    PERFORM synth_node_prepare(target, tab, n, seed, options, nchunks,
        ARRAY(SELECT g FROM generate_series(0, nchunks - 1) g WHERE synth_chunk_home(g, nchunks, nodes) = home));
    node := synth_node_name();
    FOREACH c IN ARRAY chunks LOOP
        r := synth_node_chunk(target, tab, n, seed, options, nchunks, c);
        chunk := c;
        rows := r.rows;
        seconds := r.seconds;
        RETURN NEXT;
    END LOOP;
END
$$;

-- The chunks of `target` being generated right now (their advisory lock is held).
CREATE OR REPLACE FUNCTION synth_node_running(target text) RETURNS SETOF integer LANGUAGE sql STABLE AS $$
    SELECT objid::bigint::integer FROM pg_locks
    WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = hashtext(target)::oid
$$;

-- How this node names itself in results: the setting synth.node_name if set
-- (ALTER SYSTEM SET synth.node_name = 'node1'), else cluster_name, else host:port.
CREATE OR REPLACE FUNCTION synth_node_name() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('synth.node_name', true), ''),
                    nullif(current_setting('cluster_name'), ''),
                    coalesce(host(inet_server_addr()), 'local') || ':' || current_setting('port'))
$$;

-- The order-independent fingerprint of this node's part of `target`: row count and the sum of a
-- 60-bit hash of each row's text (the chunk column left out), comparable with the same sum over
-- a one-node run: sum(('x' || left(md5(c::text), 15))::bit(60)::bigint) for c in synth_<tab>(...).
CREATE OR REPLACE FUNCTION synth_node_fingerprint(target text, OUT rows bigint, OUT hash_sum numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute
    WHERE attrelid = to_regclass(format('%I', target)) AND attnum > 0 AND NOT attisdropped AND attname <> 'chunk';
    IF cols IS NULL THEN
        rows := 0;
        hash_sum := 0;
        RETURN;
    END IF;
    EXECUTE format('SELECT count(*), coalesce(sum((''x'' || left(md5(q::text), 15))::bit(60)::bigint::numeric), 0)'
                   ' FROM (SELECT %s FROM %I) q', cols, target) INTO rows, hash_sum;
END
$$;
