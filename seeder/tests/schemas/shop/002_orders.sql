CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  status      TEXT NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
  ordered_at  TIMESTAMP NOT NULL,
  shipped_at  TIMESTAMP,
  total       NUMERIC(10,2) NOT NULL CHECK (total >= 0),
  CHECK (shipped_at IS NULL OR shipped_at > ordered_at)
);

CREATE TABLE order_items (
  order_id    INTEGER NOT NULL REFERENCES orders(id),
  product_id  INTEGER NOT NULL REFERENCES products(id),
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
  PRIMARY KEY (order_id, product_id)
);

CREATE INDEX orders_user ON orders (user_id);
