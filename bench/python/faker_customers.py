#!/usr/bin/env python3
"""Faker baseline: N customer rows with synth's 16 customer columns, as CSV.

Usage: faker_customers.py N OUT.csv
Prints the achieved rows/s to stderr. Seeded (Faker.seed(42)), en_US locale.
"""
import calendar
import csv
import hashlib
import math
import sys
import time

from faker import Faker

COLUMNS = [
    "customer_id", "first_name", "surname", "gender", "email", "password_hash",
    "address", "city", "state", "zip", "age", "credit_card_number",
    "credit_card_expiry", "security_question", "security_answer",
    "account_balance",
]
QUESTIONS = [
    "What is your mother's maiden name?",
    "In what city were you born?",
    "What was the name of your first pet?",
]
PARETO_ALPHA = math.log(5) / math.log(4)  # the 80/20 rule


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} N OUT.csv")
    n = int(sys.argv[1])
    out = sys.argv[2]

    Faker.seed(42)
    fake = Faker("en_US")
    rng = fake.random  # the seeded random.Random Faker uses

    start = time.perf_counter()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for customer_id in range(1, n + 1):
            if rng.random() < 0.5:
                gender = "female"
                first = fake.first_name_female()
            else:
                gender = "male"
                first = fake.first_name_male()
            last = fake.last_name()
            if rng.random() < 0.1:
                gender = ""

            email = "{}.{}{}@{}".format(
                first.lower().replace(" ", "").replace("'", ""),
                last.lower().replace(" ", "").replace("'", ""),
                rng.randint(1, 999),
                fake.free_email_domain(),
            )

            password = fake.password()
            salt = fake.binary(16)  # seeded: drawn from Faker's random
            digest = hashlib.sha256(salt + password.encode("utf-8")).hexdigest()
            password_hash = f"sha256${salt.hex()}${digest}"

            if rng.random() < 0.1:
                address = city = state = zip_code = ""
            else:
                address = fake.street_address()
                city = fake.city()
                state = fake.state_abbr(include_territories=False,
                                        include_freely_associated_states=False)
                zip_code = fake.zipcode()

            age = rng.randint(18, 90)
            card = fake.credit_card_number()

            months = rng.randint(12, 60)  # 1..5 years after 2026-01
            year = 2026 + months // 12
            month = months % 12 + 1
            expiry = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"

            question = fake.random_element(QUESTIONS)
            if question == QUESTIONS[0]:
                answer = last
            elif question == QUESTIONS[1]:
                answer = city or fake.city()
            else:
                answer = fake.word()

            balance = f"{rng.paretovariate(PARETO_ALPHA) * 10:.2f}"

            w.writerow([customer_id, first, last, gender, email, password_hash,
                        address, city, state, zip_code, age, card, expiry,
                        question, answer, balance])
    elapsed = time.perf_counter() - start
    print(f"faker: {n} rows in {elapsed:.3f} s = {n / elapsed:,.0f} rows/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
