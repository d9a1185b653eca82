-- Seeding migration for your own schema (PostgreSQL): the tables are yours, synth_fill fills
-- them with realistic rows that keep every constraint, the same rows on every run (seed 42).
-- Needs the extension: CREATE EXTENSION synth;
--
--   psql -v ON_ERROR_STOP=1 -f sql/fill_shop_migration.sql
--
-- Parents first: a foreign key picks among the rows its parent table holds. One transaction,
-- so a failure leaves nothing behind.
BEGIN;

CREATE TABLE shop_user (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email       varchar(80) NOT NULL UNIQUE,
  first_name  varchar(40) NOT NULL,
  last_name   varchar(40) NOT NULL,
  phone       varchar(20),
  city        varchar(40),
  state       char(2),
  zip         varchar(10),
  created_at  timestamp NOT NULL,
  updated_at  timestamp NOT NULL,
  CHECK (updated_at >= created_at)
);

CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE shop_product (
  id     serial PRIMARY KEY,
  sku    char(8) NOT NULL UNIQUE CHECK (length(sku) = 8),
  name   varchar(60) NOT NULL,
  price  numeric(8,2) NOT NULL CHECK (price > 0 AND price <= 2000)
);

CREATE TABLE shop_order (
  id          serial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES shop_user,
  status      order_status NOT NULL,
  ordered_at  timestamp NOT NULL,
  shipped_at  timestamp,
  total       numeric(10,2) NOT NULL CHECK (total >= 0),
  CHECK (shipped_at IS NULL OR shipped_at > ordered_at)
);

CREATE TABLE shop_order_item (
  order_id    integer NOT NULL REFERENCES shop_order,
  product_id  integer NOT NULL REFERENCES shop_product,
  quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  PRIMARY KEY (order_id, product_id)
);

SELECT synth_fill('shop_user', 1000, seed => 42);
SELECT synth_fill('shop_product', 200, seed => 42);
SELECT synth_fill('shop_order', 5000, seed => 42);
SELECT synth_fill('shop_order_item', 15000, seed => 42);

COMMIT;
