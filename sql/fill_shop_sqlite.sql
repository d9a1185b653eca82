-- The same seeding for SQLite, after `.load ./libsynth` in the sqlite3 shell (or
-- load_extension in your driver):
--
--   sqlite3 shop.db -cmd '.load target/loadable/release/libsynth' < sql/fill_shop_sqlite.sql
--
-- SQLite has no enum types or identity columns: a CHECK (... IN ...) and INTEGER PRIMARY KEY
-- do the same work.
PRAGMA foreign_keys = ON;
BEGIN;

CREATE TABLE shop_user (
  id          INTEGER PRIMARY KEY,
  email       VARCHAR(80) NOT NULL UNIQUE,
  first_name  VARCHAR(40) NOT NULL,
  last_name   VARCHAR(40) NOT NULL,
  phone       VARCHAR(20),
  city        VARCHAR(40),
  state       CHAR(2),
  zip         VARCHAR(10),
  created_at  TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP NOT NULL,
  CHECK (updated_at >= created_at)
);

CREATE TABLE shop_product (
  id     INTEGER PRIMARY KEY,
  sku    CHAR(8) NOT NULL UNIQUE CHECK (length(sku) = 8),
  name   VARCHAR(60) NOT NULL,
  price  NUMERIC(8,2) NOT NULL CHECK (price > 0 AND price <= 2000)
);

CREATE TABLE shop_order (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES shop_user(id),
  status      TEXT NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
  ordered_at  TIMESTAMP NOT NULL,
  shipped_at  TIMESTAMP,
  total       NUMERIC(10,2) NOT NULL CHECK (total >= 0),
  CHECK (shipped_at IS NULL OR shipped_at > ordered_at)
);

CREATE TABLE shop_order_item (
  order_id    INTEGER NOT NULL REFERENCES shop_order(id),
  product_id  INTEGER NOT NULL REFERENCES shop_product(id),
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  PRIMARY KEY (order_id, product_id)
);

SELECT synth_fill('shop_user', 1000, 42);
SELECT synth_fill('shop_product', 200, 42);
SELECT synth_fill('shop_order', 5000, 42);
SELECT synth_fill('shop_order_item', 15000, 42);

COMMIT;
