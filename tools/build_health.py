#!/usr/bin/env python3
"""Select and derive core/data/health/prevalence_added.csv from the cited figures in
core/data/health/prevalence_extra.csv (sources in core/data/health/SOURCES-added.md).

One source per condition (figures from different surveys are not mixed); where a source gives
only an all-ages figure for a condition that plainly rises with age, age bands are derived and
marked estimate_type=derived with the rule in `note`. Run from the repository root:
    python3 tools/build_health.py
Standard library only; output is deterministic.
"""
import csv, os

HERE = os.path.join(os.path.dirname(__file__), "..", "core", "data")
SRC = os.path.join(HERE, "health", "prevalence_extra.csv")
OUT = os.path.join(HERE, "health", "prevalence_added.csv")
COLS = ["condition_id", "sex", "age_min", "age_max", "prevalence", "percent_published",
        "measure", "period", "estimate_type", "source_id", "note"]

# condition -> (source_id, row filter)
PICK = {
    "type1_diabetes": ("mmwr_mm6712a2", None),
    "anxiety": ("nchs_nhsr213_t1", lambda r: r["period"] == "2019"),
    "nicotine_dependence": ("mmwr_mm7218a1", None),
    "migraine": ("burch_headache_2018", lambda r: r["age_max"] == ""),
    "sleep_apnea": ("peppard_aje_2013", None),
    "insomnia": ("nchs_db436", lambda r: r["measure"].startswith("trouble falling asleep")),
    "coronary_heart_disease": ("aha_hdss_2016_t19_1", None),
    "heart_failure": ("aha_hdss_2019_via_rnceus", None),
    "atrial_fibrillation": ("go_jama_2001", None),
    "stroke": ("nhis2016_via_statinvestor", None),
    "copd": ("nchs_db529", None),
    "asthma": ("cdc_asthma_nhis2021_t4_1", None),
    "allergic_rhinitis": ("nchs_db460", None),
    "gerd": ("ajmc_upper_gi_review", None),
    "osteoarthritis": ("mmwr_quickstats_arthritis_2019", None),
    "low_back_pain": ("nchs_db415", None),
    "chronic_kidney_disease": ("cdc_ckd_us_2021", None),
    "benign_prostatic_hyperplasia": ("egan_ucna_2016", None),
    "urinary_tract_infection": ("foxman_annepidemiol_2000", None),
    "pneumonia": ("marston_aim_1997", None),
}


def adult_ages():
    """Census adults by single year of age, 18..90 (90 = 90 and over)."""
    pop = {}
    with open(os.path.join(HERE, "age.csv")) as f:
        for r in csv.DictReader(f):
            a = int(r["age"])
            if a >= 18:
                pop[min(a, 90)] = pop.get(min(a, 90), 0) + int(r["total"])
    return pop


def weighted(bands, pop, lo=18):
    """Population-weighted mean of banded figures over ages lo..90."""
    num = den = 0.0
    for a, w in pop.items():
        if a < lo:
            continue
        for (b_lo, b_hi, p) in bands:
            if b_lo <= a <= b_hi:
                num += w * p
                den += w
                break
    return num / den


def main():
    with open(SRC) as f:
        rows = list(csv.DictReader(f))
    pop = adult_ages()
    out = []
    for cond, (source, keep) in PICK.items():
        sel = [r for r in rows if r["condition_id"] == cond and r["source_id"] == source
               and (keep is None or keep(r))]
        assert sel, cond
        for r in sel:
            r = dict(r)
            r["estimate_type"] = "cited"
            if cond == "benign_prostatic_hyperplasia" and r["age_min"] == "50":
                r["age_max"] = "69"
                r["note"] = (r["note"] + " " if r["note"] else "") + "age_max 69 set here: the 70+ row is its own band"
            out.append(r)

    # The stroke age gradient (NHIS 2016, the selected stroke source) shapes CHD and heart
    # failure, for which only all-ages figures were found: band = all-ages x stroke band /
    # stroke's population-weighted all-ages mean, so the all-ages share stays the cited one.
    stroke = [(int(r["age_min"]), int(r["age_max"] or 90), float(r["prevalence"]))
              for r in out if r["condition_id"] == "stroke"]
    s_mean = weighted(stroke, pop)
    for cond in ["coronary_heart_disease", "heart_failure"]:
        base = next(r for r in out if r["condition_id"] == cond and r["sex"] == "both" and r["age_max"] == "")
        for (lo, hi, p) in stroke:
            out.append({
                "condition_id": cond, "sex": "both", "age_min": str(lo),
                "age_max": "" if hi == 90 else str(hi),
                "prevalence": f"{float(base['prevalence']) * p / s_mean:.4f}",
                "percent_published": "", "measure": base["measure"], "period": base["period"],
                "estimate_type": "derived", "source_id": base["source_id"] + "+nhis2016_via_statinvestor",
                "note": f"derived: all-ages {base['prevalence']} x stroke band {p} / stroke adult mean {s_mean:.4f} (Census 2024 adult ages)",
            })

    # Atrial fibrillation: the cited bands are 20-54 and 80+; 55-79 is set so that the adult
    # (20+) weighted mean equals the cited all-ages 0.95%.
    af = {(r["age_min"], r["age_max"]): float(r["prevalence"]) for r in out
          if r["condition_id"] == "atrial_fibrillation" and r["sex"] == "both"}
    total = af[("20", "")]
    lo_band, hi_band = af[("20", "54")], af[("80", "")]
    w = {k: sum(v for a, v in pop.items() if a >= 20 and lo <= a <= hi)
         for k, (lo, hi) in {"a": (20, 54), "b": (55, 79), "c": (80, 90)}.items()}
    mid = (total * sum(w.values()) - lo_band * w["a"] - hi_band * w["c"]) / w["b"]
    out.append({
        "condition_id": "atrial_fibrillation", "sex": "both", "age_min": "55", "age_max": "79",
        "prevalence": f"{mid:.4f}", "percent_published": "", "measure": "diagnosed atrial fibrillation",
        "period": "1996-1997", "estimate_type": "derived", "source_id": "go_jama_2001",
        "note": "derived: the 55-79 share that makes the 20+ Census-weighted mean the cited 0.95%",
    })

    with open(OUT, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        for r in out:
            w.writerow({k: r.get(k, "") for k in COLS})


if __name__ == "__main__":
    main()
