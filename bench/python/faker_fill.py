"""Faker baseline for `seeder fill`: the shop schema (seeder/tests/schemas/shop, four tables
with foreign keys, UNIQUE and CHECK constraints) filled with the same row counts through
Python's sqlite3 in one transaction with foreign keys on, as a Faker user would write it.

Usage: faker_fill.py DB USERS PRODUCTS ORDERS ITEMS
"""
import os
import random
import sqlite3
import sys
from datetime import timedelta

from faker import Faker

db, users, products, orders, items = sys.argv[1], *map(int, sys.argv[2:6])
here = os.path.dirname(os.path.abspath(__file__))
shop = os.path.join(here, "..", "..", "seeder", "tests", "schemas", "shop")
if os.path.exists(db):
    os.remove(db)
con = sqlite3.connect(db)
con.execute("PRAGMA foreign_keys = ON")
for f in sorted(os.listdir(shop)):
    con.executescript(open(os.path.join(shop, f)).read())

fake = Faker("en_US")
Faker.seed(42)
random.seed(42)

con.execute("BEGIN")
rows = []
for i in range(1, users + 1):
    created = fake.date_time_between(start_date="-5y", end_date="-1d")
    rows.append((
        i,
        fake.unique.email()[:80],
        fake.first_name()[:40],
        fake.last_name()[:40],
        fake.unique.numerify("###-###-####"),
        fake.city()[:40],
        fake.state_abbr(),
        fake.zipcode(),
        fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
        created.isoformat(sep=" "),
        (created + timedelta(days=random.randint(0, 400))).isoformat(sep=" "),
    ))
con.executemany(
    "INSERT INTO users (id, email, first_name, last_name, phone, city, state, zip, birth_date,"
    " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    rows,
)
rows = []
for i in range(1, products + 1):
    rows.append((
        i,
        fake.unique.bothify("????####").upper(),
        fake.catch_phrase()[:60],
        round(random.uniform(1, 2000), 2),
        random.choice(["active", "discontinued"]),
    ))
con.executemany("INSERT INTO products (id, sku, name, price, status) VALUES (?,?,?,?,?)", rows)
rows = []
for i in range(1, orders + 1):
    ordered = fake.date_time_between(start_date="-3y", end_date="now")
    status = random.choice(["new", "paid", "shipped", "cancelled"])
    shipped = (ordered + timedelta(days=random.randint(1, 10))).isoformat(sep=" ") if status == "shipped" else None
    rows.append((
        i,
        random.randint(1, users),
        status,
        ordered.isoformat(sep=" "),
        shipped,
        round(random.uniform(0, 500), 2),
        fake.bothify("??##??##").upper() if random.random() < 0.2 else None,
    ))
con.executemany(
    "INSERT INTO orders (id, user_id, status, ordered_at, shipped_at, total, coupon)"
    " VALUES (?,?,?,?,?,?,?)",
    rows,
)
rows = []
seen = set()
while len(rows) < items:
    key = (random.randint(1, orders), random.randint(1, products))
    if key in seen:
        continue
    seen.add(key)
    rows.append((*key, random.randint(1, 20)))
con.executemany("INSERT INTO order_items (order_id, product_id, quantity) VALUES (?,?,?)", rows)
con.commit()
con.close()
