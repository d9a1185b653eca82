-- An example migration set (written for this project's docs/fill.md): applied in name order.
CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  email       VARCHAR(80) NOT NULL UNIQUE,
  first_name  VARCHAR(40) NOT NULL,
  last_name   VARCHAR(40) NOT NULL,
  phone       VARCHAR(20),
  city        VARCHAR(40),
  state       CHAR(2),
  zip         VARCHAR(10),
  birth_date  DATE,
  created_at  TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP NOT NULL,
  CHECK (updated_at >= created_at)
);

CREATE TABLE products (
  id     INTEGER PRIMARY KEY,
  sku    CHAR(8) NOT NULL UNIQUE CHECK (length(sku) = 8),
  name   VARCHAR(60) NOT NULL,
  price  NUMERIC(8,2) NOT NULL CHECK (price > 0 AND price <= 2000),
  status VARCHAR(12) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'discontinued'))
);
