#!/usr/bin/env python3
"""Mimesis baseline: N person rows with synth's 23 people columns, as CSV.

Usage: mimesis_people.py N OUT.csv
Prints the achieved rows/s to stderr. Seeded (Generic(seed=42)), en locale.
"""
import csv
import datetime
import math
import sys
import time

from mimesis import Generic, Locale
from mimesis.datasets import EMAIL_DOMAINS
from mimesis.enums import Gender

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

    g = Generic(locale=Locale.EN, seed=42)
    person, addr, crypto, text = g.person, g.address, g.cryptographic, g.text
    rng = g.random  # mimesis.random.Random (a random.Random), seeded with 42

    last_day = (AS_OF - datetime.timedelta(days=1)).toordinal()

    start = time.perf_counter()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for _ in range(n):
            person_id = crypto.uuid()
            if rng.random() < 0.5:
                gender = "female"
                first = person.first_name(gender=Gender.FEMALE)
            else:
                gender = "male"
                first = person.first_name(gender=Gender.MALE)
            last = person.last_name()
            ethnicity = rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0]

            # born 1936..2007: 18..90 at AS_OF (2026-01-01)
            birth = person.birthdate(min_year=AS_OF.year - 90, max_year=AS_OF.year - 19)
            age = AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))

            weights = next(wt for bound, wt in MARITAL_WEIGHTS if age < bound)
            marital = rng.choices(MARITAL, weights)[0]
            marriage_date = ""
            if marital != "single":
                # mimesis draws dates by whole years only: draw the day directly
                after_18 = (add_years(birth, 18) + datetime.timedelta(days=1)).toordinal()
                if after_18 <= last_day:
                    marriage_date = datetime.date.fromordinal(
                        rng.randint(after_18, last_day)).isoformat()
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
                occupation = person.occupation()
                while occupation == "Retired":  # mimesis lists it as a job; keep it for 67+
                    occupation = person.occupation()
                income = rng.lognormvariate(math.log(38000) + 0.012 * (min(age, 55) - 18), 0.7)

            email = "{}.{}{}{}".format(
                first.lower().replace(" ", "").replace("'", ""),
                last.lower().replace(" ", "").replace("'", ""),
                rng.randint(1, 999),
                rng.choice(EMAIL_DOMAINS),  # entries already start with '@'
            )
            phone = person.phone_number()

            street = addr.address()
            city = addr.city()
            state = addr.state(abbr=True)
            zip_code = addr.zip_code()
            county = text.word().title() + " County"  # mimesis has no counties
            lat = addr.latitude()
            lon = addr.longitude()

            w.writerow([person_id, first, last, gender, ethnicity, birth.isoformat(), age,
                        marital, marriage_date, children, education, occupation,
                        f"{income:.2f}", email, phone, street, city, state, zip_code,
                        county, REGION[state], lat, lon])
    elapsed = time.perf_counter() - start
    print(f"mimesis: {n} rows in {elapsed:.3f} s = {n / elapsed:,.0f} rows/s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
