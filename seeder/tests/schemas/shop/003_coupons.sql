ALTER TABLE orders ADD COLUMN coupon VARCHAR(12);
CREATE UNIQUE INDEX users_phone ON users (phone);
