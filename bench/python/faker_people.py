#!/usr/bin/env python3
"""Faker baseline: N person rows with synth's 23 people columns, as CSV.

Usage: faker_people.py N OUT.csv
Prints the achieved rows/s to stderr. Seeded (Faker.seed(42)), en_US locale.
"""
import csv
import datetime
import math
import sys
import time

from faker import Faker

COLUMNS = [
    "person_id", "first_name", "last_name", "gender", "ethnicity", "birth_date",
    "age", "marital_status", "marriage_date", "number_of_children", "education",
    "occupation", "annual_income", "email", "phone", "street", "city", "state",
    "zip", "county", "region", "latitude", "longitude",
]
AS_OF = datetime.date(2026, 1, 1)  # ages are taken at this date
ETHNICITIES = ["white", "black", "api", "native", "multiple", "hispanic"]
ETHNICITY_WEIGHTS = [60, 12, 6, 1, 3, 18]  # roughly the US mix
MARITAL = ["single", "married", "divorced", "widowed"]
MARITAL_WEIGHTS = [  # (upper age bound, weights in MARITAL order)
    (20, [96, 3, 1, 0]),
    (25, [80, 17, 3, 0]),
    (35, [50, 42, 7, 1]),
    (45, [25, 58, 15, 2]),
    (55, [16, 60, 20, 4]),
    (65, [11, 60, 21, 8]),
    (75, [7, 58, 18, 17]),
    (999, [5, 45, 10, 40]),
]
CHILDREN_WEIGHTS = [20, 17, 33, 18, 7, 3, 1, 0.6, 0.4]  # 0..8 children
CHILDREN_WEIGHTS_SINGLE = [55, 18, 14, 8, 3, 1, 0.5, 0.3, 0.2]
EDUCATION = [
    "Less than 9th grade", "9th to 12th grade, no diploma", "High school graduate",
    "Some college, no degree", "Associate's degree", "Bachelor's degree",
    "Graduate or professional degree",
]
EDUCATION_WEIGHTS = [4, 6, 27, 20, 9, 21, 13]
REGIONS = {
    "Northeast": "CT ME MA NH RI VT NJ NY PA",
    "Midwest": "IL IN MI OH WI IA KS MN MO NE ND SD",
    "South": "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
    "West": "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
}
REGION = {st: region for region, states in REGIONS.items() for st in states.split()}


def add_years(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year
        return datetime.date(d.year + years, 3, 1)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} N OUT.csv")
    n = int(sys.argv[1])
    out = sys.argv[2]

    Faker.seed(42)
    fake = Faker("en_US")
    rng = fake.random  # the seeded random.Random Faker uses

    oldest = add_years(AS_OF, -91) + datetime.timedelta(days=1)  # 90 at AS_OF
    youngest = add_years(AS_OF, -18)                              # 18 at AS_OF
    last_day = AS_OF - datetime.timedelta(days=1)

    start = time.perf_counter()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for _ in range(n):
            person_id = fake.uuid4()
            if rng.random() < 0.5:
                gender = "female"
                first = fake.first_name_female()
            else:
                gender = "male"
                first = fake.first_name_male()
            last = fake.last_name()
            ethnicity = rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0]

            birth = fake.date_between_dates(date_start=oldest, date_end=youngest)
            age = AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))

            weights = next(wt for bound, wt in MARITAL_WEIGHTS if age < bound)
            marital = rng.choices(MARITAL, weights)[0]
            marriage_date = ""
            if marital != "single":
                after_18 = add_years(birth, 18) + datetime.timedelta(days=1)
                if after_18 <= last_day:
                    marriage_date = fake.date_between_dates(date_start=after_18,
                                                            date_end=last_day).isoformat()
                else:  # turned 18 on the last day: too young to have married
                    marital = "single"

            cap = min(8, (age - 18) // 2 + 1)
            cw = CHILDREN_WEIGHTS_SINGLE if marital == "single" else CHILDREN_WEIGHTS
            children = rng.choices(range(cap + 1), cw[:cap + 1])[0]

            levels = 7 if age >= 23 else 6 if age >= 21 else 5  # no degrees too young
            education = rng.choices(EDUCATION[:levels], EDUCATION_WEIGHTS[:levels])[0]

            if age >= 67:
                occupation = "Retired"
                income = rng.lognormvariate(math.log(28000), 0.6)
            else:
                occupation = fake.job()
                income = rng.lognormvariate(math.log(38000) + 0.012 * (min(age, 55) - 18), 0.7)

            email = "{}.{}{}@{}".format(
                first.lower().replace(" ", "").replace("'", ""),
                last.lower().replace(" ", "").replace("'", ""),
                rng.randint(1, 999),
                fake.free_email_domain(),
            )
            phone = fake.phone_number()

            street = fake.street_address()
            city = fake.city()
            state = fake.state_abbr(include_territories=False,
                                    include_freely_associated_states=False)
            zip_code = fake.zipcode_in_state(state)
            county = fake.word().title() + " County"  # Faker has no counties
            lat, lon = fake.local_latlng(country_code="US", coords_only=True)

            w.writerow([person_id, first, last, gender, ethnicity, birth.isoformat(), age,
                        marital, marriage_date, children, education, occupation,
                        f"{income:.2f}", email, phone, street, city, state, zip_code,
                        county, REGION[state], lat, lon])
    elapsed = time.perf_counter() - start
    print(f"faker: {n} rows in {elapsed:.3f} s = {n / elapsed:,.0f} rows/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
