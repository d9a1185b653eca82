#!/usr/bin/env python3
"""Derive the compact reference tables embedded in synth-core (core/data/) from the
provenance-tracked originals in ../shared/data (see core/data/README.md).

Run from the repository root:  python3 tools/build_data.py [path/to/shared/data]
Standard library only; output is deterministic (sorted, fixed formatting).
"""
import csv, os, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
OUT = os.path.join(os.path.dirname(__file__), "..", "core", "data")
RACES = ["white", "black", "api", "native", "multiple", "hispanic"]


def census_names(path):
    """name -> % frequency. The 1990 files round to 3 decimals, so rare names read 0.000; those
    get a 1/rank share of the mass the cumulative column leaves for them (a Zipf tail)."""
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                rows.append((parts[0], float(parts[1]), float(parts[2]), int(parts[3])))
    known = [r for r in rows if r[1] > 0]
    tail = [r for r in rows if r[1] == 0]
    out = {r[0]: r[1] for r in known}
    if tail:
        mass = rows[-1][2] - known[-1][2]
        norm = sum(1.0 / r[3] for r in tail)
        for r in tail:
            out[r[0]] = mass / norm / r[3]
    return out


def w(path, header, rows):
    with open(os.path.join(OUT, path), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        wr.writerows(rows)
    print(path, len(rows))


def main():
    states = {}
    with open(os.path.join(SRC, "geo/us_states.csv")) as f:
        for r in csv.DictReader(f):
            states[r["code"]] = r
    w("states.csv", ["code", "name", "fips", "region", "division"],
      [[s["code"], s["name"], s["fips"], s["region"], s["division"]] for s in sorted(states.values(), key=lambda s: s["code"])])

    # Surnames: 1990 frequency x 2010 P(race | surname).
    last = census_names(os.path.join(SRC, "names/census1990.all.last"))
    race = {}
    with open(os.path.join(SRC, "names/surname_race_2010.csv")) as f:
        for r in csv.DictReader(f):
            race[r["name"]] = [r[k] for k in RACES]
    rows = [[n, "%.6g" % fr] + race[n] for n, fr in last.items() if n in race and fr > 0]
    rows.sort(key=lambda r: r[0])
    w("surnames.csv", ["name", "freq1990"] + RACES, rows)

    # First names: the 1990 census frequency within the name's sex times P(race | first name)
    # (Tzioumis 2018), so that P(first | race, sex) is proportional to their product, as for
    # surnames. (first_name_given_race.csv, used before, carries no frequency: its columns are
    # P(race | first) over a per-race constant, so James and Alane weighed the same and the
    # commonest names were rare.)
    male = census_names(os.path.join(SRC, "names/census1990.male.first"))
    female = census_names(os.path.join(SRC, "names/census1990.female.first"))
    rows = []
    with open(os.path.join(SRC, "names/first_name_race.csv")) as f:
        for r in csv.DictReader(f):
            n = r["name"]
            m, fe = male.get(n, 0.0), female.get(n, 0.0)
            if m == 0 and fe == 0:
                continue
            g = "male" if m > fe else "female"
            rows.append([n, g, "%.6g" % max(m, fe)] + ["%.6g" % float(r[k]) for k in RACES])
    rows.sort(key=lambda r: r[0])
    w("first_names.csv", ["name", "gender", "freq1990"] + RACES, rows)

    # ZIPs: STANDARD ZIP codes of the 50 states + DC with a 2010 ZCTA population estimate.
    zcta = {}
    with open(os.path.join(SRC, "geo/zcta_population_race_2010.csv")) as f:
        for r in csv.DictReader(f):
            zcta[r["zcta5"]] = r
    rows = []
    with open(os.path.join(SRC, "geo/us_zipcodes.csv")) as f:
        for r in csv.DictReader(f):
            z = zcta.get(r["zip"])
            if r["type"] != "STANDARD" or r["state"] not in states or z is None:
                continue
            pop = int(float(z["population_est"]))
            codes = r["area_codes"].split()
            if pop <= 0 or not codes:
                continue
            rows.append([r["zip"], r["city"], r["state"], r["county"], r["lat"], r["lon"], codes[0], pop]
                        + [z["share_" + k] for k in RACES])
    rows.sort(key=lambda r: r[0])
    w("zips.csv", ["zip", "city", "state", "county", "lat", "lon", "area_code", "population"] + RACES, rows)

    rows = []
    with open(os.path.join(SRC, "geo/us_cities.csv")) as f:
        for r in csv.DictReader(f):
            if r["state"] in states and "/" not in r["name"] and "(" not in r["name"]:
                rows.append([r["name"], r["state"], r["population"]])
    rows.sort()
    w("cities.csv", ["name", "state", "population"], rows)

    rows = []
    with open(os.path.join(SRC, "population/age.csv")) as f:
        for r in csv.DictReader(f):
            rows.append([r["age"], r["total"], r["male"], r["female"]])
    w("age.csv", ["age", "total", "male", "female"], rows)





def copy_population():
    """Small population tables for synth_people, copied with only column selection."""
    pop = os.path.join(SRC, "population")
    with open(os.path.join(pop, "marital_status_by_age.csv")) as f:
        rows = [[r["sex"], r["age_min"], r["age_max"], r["share_married"], r["share_separated"],
                 r["share_widowed"], r["share_divorced"], r["share_never_married"]]
                for r in csv.DictReader(f) if r["sex"] != "both" and int(r["age_min"]) >= 18]
    w("marital.csv", ["sex", "age_min", "age_max", "married", "separated", "widowed", "divorced", "never_married"], rows)
    levels = ["less_than_9th", "grade9_12_no_diploma", "high_school", "some_college", "associate", "bachelor", "graduate"]
    with open(os.path.join(pop, "education_by_age.csv")) as f:
        rows = [[r["sex"], r["age_min"], r["age_max"]] + [r[k] for k in levels]
                for r in csv.DictReader(f) if r["sex"] != "both"]
    w("education.csv", ["sex", "age_min", "age_max"] + levels, rows)
    with open(os.path.join(pop, "children_by_age.csv")) as f:
        rows = [[r[k] for k in ["age_min", "age_max", "pct_0", "pct_1", "pct_2", "pct_3", "pct_4", "pct_5_6", "pct_7_8"]]
                for r in csv.DictReader(f) if not (r["age_min"] == "15" and r["age_max"] == "50")]
    w("children.csv", ["age_min", "age_max", "pct_0", "pct_1", "pct_2", "pct_3", "pct_4", "pct_5_6", "pct_7_8"], rows)
    with open(os.path.join(pop, "income_by_age_education.csv")) as f:
        rows = [[r["sex"], r["age_min"], r["age_max"], r["weekly_median"]] for r in csv.DictReader(f)
                if r["education"] == "all" and r["sex"] != "both"
                and (r["age_min"], r["age_max"]) in {("20", "24"), ("25", "34"), ("35", "44"), ("45", "54"), ("55", "64"), ("65", ""), ("16", "")}]
    w("earnings_by_age.csv", ["sex", "age_min", "age_max", "weekly_median"], rows)
    with open(os.path.join(pop, "earnings_by_education.csv")) as f:
        rows = [[r["sex"], r["education"], r["median_annual_earnings"]] for r in csv.DictReader(f)]
    w("earnings_by_education.csv", ["sex", "education", "median_annual_earnings"], rows)
    # Detailed occupations (tab-separated: titles contain commas). Median, else mean.
    rows = []
    with open(os.path.join(pop, "occupations_detailed.csv")) as f:
        for r in csv.DictReader(f):
            med = r["annual_median"] or r["annual_mean"]
            if not med or not r["employment"]:
                continue
            rows.append([r["major_code"][:2], r["occ_title"], r["employment"], med, r["annual_p10"], r["annual_p90"]])
    with open(os.path.join(OUT, "occupations.tsv"), "w") as f:
        f.write("major\ttitle\temployment\tmedian\tp10\tp90\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("occupations.tsv", len(rows))
    fam = os.path.join(SRC, "family")
    with open(os.path.join(fam, "spouse_age_gap.csv")) as f:
        rows = [[r["older_spouse"], r["years_min"], r["years_max"], r["couples_thousands"]] for r in csv.DictReader(f)]
    w("spouse_age_gap.csv", ["older_spouse", "years_min", "years_max", "couples_thousands"], rows)


if __name__ == "__main__":
    main()
    copy_population()
