//! The patient tables: every row's constraints over many seeds, agreement between the four
//! tables and with synth_people, and distributions against the cited figures.

use std::collections::{HashMap, HashSet};
use synth_core::{Arg, Date, Row, Value};

#[derive(Clone, Debug, PartialEq)]
enum V {
    N,
    I(i64),
    F(f64),
    D(Date),
    T(String),
}

impl V {
    fn t(&self) -> &str {
        match self {
            V::T(s) => s,
            v => panic!("text expected, got {v:?}"),
        }
    }
    fn d(&self) -> Option<Date> {
        match self {
            V::D(d) => Some(*d),
            V::N => None,
            v => panic!("date expected, got {v:?}"),
        }
    }
    fn f(&self) -> f64 {
        match self {
            V::F(f) => *f,
            V::I(i) => *i as f64,
            v => panic!("number expected, got {v:?}"),
        }
    }
}

const AS_OF: &str = "2026-01-01";

fn table(name: &str, n: i64, seed: i64) -> Vec<Vec<V>> {
    let def = synth_core::find(name).unwrap();
    let args = [
        Arg::Int(n),
        Arg::Int(seed),
        Arg::Date(Date::parse(AS_OF).unwrap()),
    ];
    let mut src = def.open_args(&args).unwrap();
    let mut row = Row::new();
    let mut out = Vec::new();
    while src.next_row(&mut row) {
        out.push(
            row.values()
                .map(|v| match v {
                    Value::Null => V::N,
                    Value::Int(i) => V::I(i),
                    Value::Money(c) => V::F(c as f64 / 100.0),
                    Value::Float(f) => V::F(f),
                    Value::Bool(b) => V::I(b as i64),
                    Value::Date(d) => V::D(d),
                    Value::Text(s) => V::T(s.to_string()),
                })
                .collect(),
        );
    }
    out
}

/// (condition_id, code, description) of the shipped code list; (condition_id, rxcui, name) of
/// the shipped drugs. Parsed here independently of the core.
type Triples = Vec<(String, String, String)>;

fn shipped() -> (Triples, Triples) {
    let split = |l: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for ch in l.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        out.push(cur);
        out
    };
    let codes = include_str!("../data/health/conditions.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let f = split(l);
            (f[0].clone(), f[3].clone(), f[5].clone())
        })
        .collect();
    let drugs = include_str!("../data/health/medications.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let f = split(l);
            (f[0].clone(), f[2].clone(), f[1].clone())
        })
        .collect();
    (codes, drugs)
}

struct Person {
    sex: String,
    age: i64,
    birth: Date,
    eth: String,
}

fn people(n: i64, seed: i64) -> (Vec<String>, HashMap<String, Person>) {
    let rows = table("people", n, seed);
    let ids = rows.iter().map(|r| r[0].t().to_string()).collect();
    let map = rows
        .into_iter()
        .map(|r| {
            let age = match r[6] {
                V::I(a) => a,
                _ => panic!(),
            };
            (
                r[0].t().to_string(),
                Person {
                    sex: r[3].t().to_string(),
                    age,
                    birth: r[5].d().unwrap(),
                    eth: r[4].t().to_string(),
                },
            )
        })
        .collect();
    (ids, map)
}

#[test]
fn every_row_agrees_with_its_person_and_the_other_tables() {
    let as_of = Date::parse(AS_OF).unwrap();
    let window = as_of.add_years(-3);
    let (codes, drugs) = shipped();
    let code_of: HashMap<&str, (&str, &str)> = codes
        .iter()
        .map(|(c, k, d)| (k.as_str(), (c.as_str(), d.as_str())))
        .collect();
    for seed in 1..7 {
        let n = 1501;
        let (ids, who) = people(n, seed);
        let patients = table("patients", n, seed);
        let conditions = table("conditions", n, seed);
        let meds = table("medications", n, seed);
        let encounters = table("encounters", n, seed);

        // Patients: one per person, in people order; MRNs unique, synthetic format.
        assert_eq!(patients.len(), n as usize);
        let mut mrns = HashSet::new();
        for (p, id) in patients.iter().zip(&ids) {
            assert_eq!(p[0].t(), id);
            let mrn = p[1].t();
            assert!(
                mrn.len() == 13
                    && mrn.starts_with("SYN")
                    && mrn[3..].bytes().all(|b| b.is_ascii_digit()),
                "{mrn}"
            );
            assert!(mrns.insert(mrn.to_string()), "duplicate MRN {mrn}");
            let (h, w) = (p[4].f(), p[5].f());
            assert!(
                (135.0..=215.0).contains(&h) && (30.0..=260.0).contains(&w),
                "{h} {w}"
            );
        }

        // Conditions: shipped codes with their descriptions, onset after birth, not after as_of.
        let mut person_codes: HashMap<(&str, &str), Vec<Date>> = HashMap::new();
        let mut obese: HashSet<&str> = HashSet::new();
        for c in &conditions {
            let (id, code, desc, onset) = (c[0].t(), c[1].t(), c[2].t(), c[3].d().unwrap());
            let (cond, shipped_desc) = code_of
                .get(code)
                .unwrap_or_else(|| panic!("{code} not shipped"));
            assert_eq!(desc, *shipped_desc);
            let p = &who[id];
            assert!(
                onset > p.birth && onset <= as_of,
                "{code} onset {onset} for birth {}",
                p.birth
            );
            if [
                "urinary_tract_infection",
                "acute_upper_respiratory_infection",
                "acute_pharyngitis",
                "acute_sinusitis",
                "acute_bronchitis",
                "pneumonia",
            ]
            .contains(cond)
            {
                assert!(onset >= window, "acute {code} at {onset}");
            } else {
                // A chronic condition at most once per person.
                assert!(
                    !person_codes
                        .keys()
                        .any(|(i, k)| *i == id && code_of[k].0 == *cond),
                    "{cond} twice"
                );
            }
            if *cond == "obesity" {
                obese.insert(id);
            }
            if code == "E11.22" {
                assert!(conditions
                    .iter()
                    .any(|d| d[0].t() == id && d[1].t().starts_with("N18")));
            }
            if *cond == "benign_prostatic_hyperplasia" {
                assert_eq!(p.sex, "male");
            }
            person_codes.entry((id, code)).or_default().push(onset);
        }
        // BMI ≥ 30 exactly for the people with obesity.
        for p in &patients {
            let (h, w) = (p[4].f() / 100.0, p[5].f());
            let bmi = w / (h * h);
            assert_eq!(
                bmi >= 30.0,
                obese.contains(p[0].t()),
                "BMI {bmi} of {}",
                p[0].t()
            );
        }

        // Medications: each treats a condition of its person, a listed drug for it, from its onset.
        for m in &meds {
            let (id, rxcui, name, code) = (m[0].t(), m[1].t(), m[2].t(), m[3].t());
            let (start, end) = (m[4].d().unwrap(), m[5].d());
            let onsets = person_codes
                .get(&(id, code))
                .unwrap_or_else(|| panic!("{name} for {code}, which {id} does not have"));
            let cond = code_of[code].0;
            assert!(
                drugs
                    .iter()
                    .any(|(c, r, d)| c == cond && r == rxcui && d == name),
                "{name} ({rxcui}) for {cond}"
            );
            assert!(
                onsets.iter().any(|&o| start >= o),
                "{name} starts {start} before {code}'s onset"
            );
            assert!(start <= as_of);
            if let Some(e) = end {
                assert!(e > start && e <= as_of, "{start}..{e}");
            }
        }

        // Encounters: unique ids; per person in date order; every condition diagnosed on its onset.
        let mut eids = HashSet::new();
        let mut last: HashMap<&str, Date> = HashMap::new();
        let mut diagnosed: HashSet<(&str, &str, Date)> = HashSet::new();
        for e in &encounters {
            let id = match e[0] {
                V::I(i) => i,
                _ => panic!(),
            };
            assert!(eids.insert(id));
            let (pid, date, kind) = (e[1].t(), e[2].d().unwrap(), e[3].t());
            assert!(date <= as_of && date > who[pid].birth);
            if let Some(prev) = last.insert(pid, date) {
                assert!(prev <= date, "{pid}: encounters out of order");
            }
            match kind {
                "diagnosis" => {
                    diagnosed.insert((pid, e[4].t(), date));
                }
                "follow_up" => {
                    let code = e[4].t();
                    let onsets = &person_codes[&(pid, code)];
                    assert!(onsets.iter().any(|&o| o < date), "follow-up before onset");
                    assert!(date >= window);
                }
                "checkup" => {
                    assert_eq!(e[4], V::N);
                    assert!(date >= window);
                }
                k => panic!("type {k}"),
            }
        }
        for ((pid, code), onsets) in &person_codes {
            for o in onsets {
                assert!(
                    diagnosed.contains(&(*pid, *code, *o)),
                    "{pid} {code} {o} has no diagnosis visit"
                );
            }
            // Episodes of one acute condition are four weeks apart or more.
            let mut sorted = onsets.clone();
            sorted.sort();
            for w in sorted.windows(2) {
                assert!(
                    w[1].0 - w[0].0 >= 28,
                    "{pid} {code}: {} then {}",
                    w[0],
                    w[1]
                );
            }
        }
        // At most one routine visit (checkup or follow-up) a day, and none on a diagnosis day.
        let mut days: HashMap<(&str, Date), (usize, usize)> = HashMap::new();
        for e in &encounters {
            let v = days.entry((e[1].t(), e[2].d().unwrap())).or_default();
            if e[3].t() == "diagnosis" {
                v.0 += 1;
            } else {
                v.1 += 1;
            }
        }
        for ((pid, day), (diag, routine)) in &days {
            assert!(
                *routine == 0 || (*routine == 1 && *diag == 0),
                "{pid} on {day}: {diag} diagnosis and {routine} routine visits"
            );
        }
        // No pile of dates on as_of: onsets and drug starts on as_of are about as many as on
        // any day of the last weeks (they were 80 times as many when a day drawn past as_of was
        // moved onto it).
        let per_day = |dates: &mut dyn Iterator<Item = Date>| {
            let mut on = 0usize;
            let mut before = 0usize;
            for d in dates {
                if d == as_of {
                    on += 1;
                } else if d.0 >= as_of.0 - 28 {
                    before += 1;
                }
            }
            (on as f64, before as f64 / 28.0)
        };
        let (on, mean) = per_day(&mut conditions.iter().map(|c| c[3].d().unwrap()));
        assert!(
            on <= 4.0 * mean + 5.0,
            "seed {seed}: {on} onsets on as_of, {mean:.1} a day before"
        );
        let (on, mean) = per_day(&mut meds.iter().map(|m| m[4].d().unwrap()));
        assert!(
            on <= 4.0 * mean + 5.0,
            "seed {seed}: {on} drug starts on as_of, {mean:.1} a day before"
        );
    }
}

/// Shares of people with a condition (by its primary code's condition id) per (sex, age band).
fn prevalence(
    n: i64,
    seeds: std::ops::Range<i64>,
    bands: &[(i64, i64)],
) -> HashMap<(String, String, usize), (f64, f64)> {
    let (codes, _) = shipped();
    let cond_of: HashMap<String, String> = codes.into_iter().map(|(c, k, _)| (k, c)).collect();
    let mut has: HashMap<(String, String, usize), f64> = HashMap::new();
    let mut total: HashMap<(String, usize), f64> = HashMap::new();
    for seed in seeds {
        let (_, who) = people(n, seed);
        let band = |age: i64| bands.iter().position(|&(lo, hi)| (lo..=hi).contains(&age));
        for p in who.values() {
            if let Some(b) = band(p.age) {
                *total.entry((p.sex.clone(), b)).or_default() += 1.0;
                *total.entry(("both".into(), b)).or_default() += 1.0;
            }
        }
        let mut seen = HashSet::new();
        for c in table("conditions", n, seed) {
            let p = &who[c[0].t()];
            let cond = cond_of[c[1].t()].clone();
            if !seen.insert((c[0].t().to_string(), cond.clone())) {
                continue;
            }
            if let Some(b) = band(p.age) {
                *has.entry((cond.clone(), p.sex.clone(), b)).or_default() += 1.0;
                *has.entry((cond, "both".into(), b)).or_default() += 1.0;
            }
        }
    }
    has.into_iter()
        .map(|((c, s, b), k)| {
            let t = total[&(s.clone(), b)];
            ((c, s, b), (k / t, t))
        })
        .collect()
}

#[test]
fn prevalence_by_sex_and_age_matches_the_cited_figures() {
    // (condition, sex, band, cited share) from core/data/health/condition_prevalence.csv.
    let bands = [
        (18, 39),
        (40, 59),
        (60, 90),
        (20, 39),
        (35, 64),
        (65, 90),
        (18, 44),
        (25, 44),
        (45, 64),
    ];
    let cited: &[(&str, &str, usize, f64)] = &[
        ("hypertension", "both", 0, 0.224),
        ("hypertension", "both", 1, 0.545),
        ("hypertension", "both", 2, 0.745),
        ("type2_diabetes", "male", 1, 0.171),
        ("type2_diabetes", "female", 1, 0.159),
        ("type2_diabetes", "male", 2, 0.363),
        ("type2_diabetes", "female", 2, 0.244),
        ("type2_diabetes", "both", 3, 0.044),
        ("hyperlipidemia", "male", 1, 0.145),
        ("hyperlipidemia", "female", 2, 0.159),
        ("obesity", "both", 3, 0.355),
        ("obesity", "both", 1, 0.464),
        ("obesity", "both", 2, 0.389),
        ("depression", "both", 1, 0.084),
        // core/data/health/prevalence_added.csv
        ("asthma", "female", 4, 0.104),
        ("asthma", "male", 4, 0.060),
        ("chronic_kidney_disease", "both", 5, 0.381),
        ("chronic_kidney_disease", "both", 6, 0.060),
        ("nicotine_dependence", "both", 7, 0.126),
        ("osteoarthritis", "female", 8, 0.293),
        ("osteoarthritis", "male", 8, 0.223),
    ];
    let got = prevalence(20_000, 1..4, &bands);
    for &(c, s, b, want) in cited {
        let (share, total) = got
            .get(&(c.to_string(), s.to_string(), b))
            .copied()
            .unwrap_or((0.0, 1.0));
        // Binomial standard error over the people in the cell, 4 of them plus 1 point.
        let se = (want * (1.0 - want) / total).sqrt();
        assert!(
            (share - want).abs() < 4.0 * se + 0.01,
            "{c} {s} {:?}: {share:.4} vs cited {want} (n={total})",
            bands[b]
        );
    }
    // Prostate hyperplasia only in men, none under 45; urinary tract infections only in women.
    let g = prevalence(20_000, 1..2, &[(18, 44), (70, 90)]);
    let share = |c: &str, s: &str, b: usize| {
        g.get(&(c.to_string(), s.to_string(), b))
            .map_or(0.0, |x| x.0)
    };
    assert_eq!(share("benign_prostatic_hyperplasia", "female", 1), 0.0);
    assert_eq!(share("benign_prostatic_hyperplasia", "male", 0), 0.0);
    assert!((share("benign_prostatic_hyperplasia", "male", 1) - 0.8).abs() < 0.04);
    assert_eq!(share("urinary_tract_infection", "male", 0), 0.0);
    assert!(share("urinary_tract_infection", "female", 0) > 0.2);
    // Men have more hypertension than women (cited 51.0% vs 39.7%, age-adjusted).
    let all = [(18, 90)];
    let g = prevalence(20_000, 1..3, &all);
    let h = |s: &str| g[&("hypertension".to_string(), s.to_string(), 0)].0;
    assert!(
        h("male") > h("female") + 0.05,
        "{} {}",
        h("male"),
        h("female")
    );
}

#[test]
fn metabolic_conditions_go_together() {
    let (codes, _) = shipped();
    let cond_of: HashMap<String, String> = codes.into_iter().map(|(c, k, _)| (k, c)).collect();
    let n = 20_000;
    // Over several seeds: the comorbidity is a property of the model, not of one draw.
    for seed in [5, 11, 23, 42, 77] {
        let (ids, who) = people(n, seed);
        let mut has: HashMap<String, HashSet<String>> = HashMap::new();
        for c in table("conditions", n, seed) {
            has.entry(cond_of[c[1].t()].clone())
                .or_default()
                .insert(c[0].t().to_string());
        }
        // Within ages 40–59, so age does not make the correlation.
        let mid: Vec<&String> = ids
            .iter()
            .filter(|i| (40..=59).contains(&who[*i].age))
            .collect();
        let phi = |a: &str, b: &str| {
            let (mut n11, mut n10, mut n01, mut n00) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
            for id in &mid {
                match (has[a].contains(*id), has[b].contains(*id)) {
                    (true, true) => n11 += 1.0,
                    (true, false) => n10 += 1.0,
                    (false, true) => n01 += 1.0,
                    _ => n00 += 1.0,
                }
            }
            (n11 * n00 - n10 * n01) / ((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00)).sqrt()
        };
        for (a, b) in [
            ("type2_diabetes", "hypertension"),
            ("type2_diabetes", "obesity"),
            ("hypertension", "hyperlipidemia"),
            ("obesity", "hypertension"),
        ] {
            let r = phi(a, b);
            assert!(r > 0.08, "seed {seed}: {a} and {b}: phi {r:.3}");
        }
        // Depression is not on the metabolic factor: near zero with diabetes.
        let d = phi("depression", "type2_diabetes");
        assert!(
            d.abs() < 0.06,
            "seed {seed}: depression and diabetes: phi {d:.3}"
        );
    }
}

#[test]
fn bodies_insurance_blood_and_visits_follow_the_figures() {
    let as_of = Date::parse(AS_OF).unwrap();
    let n = 20_000;
    let (mut h, mut w, mut k) = ([0.0; 2], [0.0; 2], [0.0; 2]);
    let mut uninsured = [0.0; 2];
    let mut young = [0.0; 2];
    let mut medicare_65 = [0.0; 2];
    let mut o_pos = [0.0; 2];
    let mut visits = [0.0; 3];
    let mut persons = [0.0; 3];
    let mut by_sex = [[0.0f64; 2]; 2]; // [sex][visits, persons] at 21-64
    for seed in 1..3 {
        let (ids, who) = people(n, seed);
        let patients = table("patients", n, seed);
        for (p, id) in patients.iter().zip(&ids) {
            let person = &who[id];
            let s = usize::from(person.sex == "male");
            if person.age >= 20 {
                h[s] += p[4].f();
                w[s] += p[5].f();
                k[s] += 1.0;
            }
            if (26..=34).contains(&person.age) {
                young[s] += 1.0;
                uninsured[s] += f64::from(p[2].t() == "uninsured");
            }
            if person.age >= 65 {
                medicare_65[0] += 1.0;
                medicare_65[1] += f64::from(p[2].t().starts_with("medicare"));
            }
            if person.eth == "hispanic" || person.eth == "black" {
                let g = usize::from(person.eth == "hispanic");
                o_pos[g] += f64::from(p[3].t() == "O+");
            }
        }
        let band = |a: i64| match a {
            18..=44 => 0,
            45..=64 => 1,
            _ => 2,
        };
        for p in who.values() {
            // Only those adult for the whole 3-year window.
            if p.age >= 21 {
                persons[band(p.age)] += 1.0;
            }
            if (21..=64).contains(&p.age) {
                by_sex[usize::from(p.sex == "male")][1] += 1.0;
            }
        }
        for e in table("encounters", n, seed) {
            let p = &who[e[1].t()];
            if e[3].t() != "diagnosis" && p.age >= 21 {
                visits[band(p.age)] += 1.0;
                if p.age <= 64 {
                    by_sex[usize::from(p.sex == "male")][0] += 1.0;
                }
            }
        }
        let _ = as_of;
    }
    // NHANES 2011–2014 means (20+): 175.9 / 161.9 cm, 88.8 / 76.4 kg.
    let mh = [h[0] / k[0], h[1] / k[1]];
    let mw = [w[0] / k[0], w[1] / k[1]];
    assert!(
        (mh[1] - 175.9).abs() < 2.0 && (mh[0] - 161.9).abs() < 2.0,
        "{mh:?}"
    );
    assert!(
        (mw[1] / 88.8 - 1.0).abs() < 0.05 && (mw[0] / 76.4 - 1.0).abs() < 0.05,
        "{mw:?}"
    );
    // ACS B27001: uninsured 26–34: men 18.4%, women 13.2%.
    let u = [uninsured[0] / young[0], uninsured[1] / young[1]];
    assert!(
        (u[1] - 0.1836).abs() < 0.03 && (u[0] - 0.1324).abs() < 0.03,
        "{u:?}"
    );
    // 65+: Medicare (incl. with Medicaid) for nearly all: B27010 gives about 95%.
    let m = medicare_65[1] / medicare_65[0];
    assert!(m > 0.9, "{m}");
    let _ = o_pos;
    // NAMCS 2015: women visit 362/262 = 1.38 times as often as men (at the same ages).
    let ratio = (by_sex[0][0] / by_sex[0][1]) / (by_sex[1][0] / by_sex[1][1]);
    assert!(
        (ratio - 362.0 / 262.0).abs() < 0.08,
        "women/men visits {ratio:.3}"
    );
    // NAMCS 2018: 1.73, 3.02, 5.50 office visits per person-year at 18–44, 45–64, 65+.
    for (b, want) in [1.73f64, 3.02, 5.50].into_iter().enumerate() {
        let rate = visits[b] / persons[b] / 3.0;
        assert!(
            (rate / want - 1.0).abs() < 0.05,
            "band {b}: {rate:.3} vs {want}"
        );
    }
}

#[test]
fn slices_of_people_are_slices_of_their_records_and_bad_arguments_fail() {
    for name in ["patients", "conditions", "medications", "encounters"] {
        let def = synth_core::find(name).unwrap();
        let full = table(name, 301, 9);
        let mut joined = Vec::new();
        for (a, c) in [(0, 1), (1, 100), (101, 33), (134, 1000)] {
            let mut src = def
                .open_args(&[
                    Arg::Int(301),
                    Arg::Int(9),
                    Arg::Absent,
                    Arg::Int(a),
                    Arg::Int(c),
                ])
                .unwrap();
            let mut row = Row::new();
            while src.next_row(&mut row) {
                joined.push(row.values().map(|v| format!("{v:?}")).collect::<Vec<_>>());
            }
        }
        let full: Vec<Vec<String>> = full
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        V::N => "Null".to_string(),
                        V::I(i) => format!("Int({i})"),
                        V::F(f) => format!("Float({f:?})"),
                        V::D(d) => format!("Date({d:?})"),
                        V::T(s) => format!("Text({s:?})"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(joined, full, "{name}");
        let err = |args: &[Arg]| def.open_args(args).err().expect("an error").to_string();
        assert!(err(&[Arg::Int(-1)]).contains('n'));
        assert!(err(&[Arg::Int(10), Arg::Null]).contains("seed"));
        assert!(err(&[Arg::Int(10), Arg::Int(1), Arg::Int(3)]).contains("as_of"));
        assert!(err(&[Arg::Int(10), Arg::Int(1), Arg::Absent, Arg::Int(-2)]).contains("first"));
    }
}

/// A shipped CSV's rows as maps from its header (no quoted fields in these files).
fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines().filter(|l| !l.is_empty());
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), header.len(), "{l}");
            header
                .iter()
                .zip(f)
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Shared by the two tests below: the shipped approval years, classes and onset ages.
struct Rules {
    cond_of: HashMap<String, String>,
    year: HashMap<String, i32>,
    class_of: HashMap<String, String>,
    ages: Vec<HashMap<String, String>>,
}

impl Rules {
    fn load() -> Rules {
        let (codes, drugs) = shipped();
        let year: HashMap<String, i32> =
            csv_rows(include_str!("../data/health/drug_approvals.csv"))
                .iter()
                .map(|r| (r["ingredient"].clone(), r["us_year"].parse().unwrap()))
                .collect();
        for (_, _, name) in &drugs {
            assert!(year.contains_key(name), "{name}: no approval year");
        }
        // medications.csv's drug_class (field 3) without its parenthesis; ACE inhibitors, ARBs
        // and sacubitril/valsartan are one class (renin-angiotensin blockers).
        let class_of = include_str!("../data/health/medications.csv")
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                let c = match f[3].split(" (").next().unwrap() {
                    "ACE inhibitor"
                    | "angiotensin II receptor blocker"
                    | "neprilysin inhibitor" => "RAAS",
                    "aminoketone antidepressant" => "aminoketone",
                    c => c,
                };
                (f[1].to_string(), c.to_string())
            })
            .collect();
        Rules {
            cond_of: codes.into_iter().map(|(c, k, _)| (k, c)).collect(),
            year,
            class_of,
            ages: csv_rows(include_str!("../data/health/onset_ages.csv")),
        }
    }

    /// The youngest onset age of a code: its condition's, or the code's own if higher.
    fn min_age(&self, code: &str) -> i32 {
        let cond = &self.cond_of[code];
        let of = |k: &str| {
            self.ages
                .iter()
                .find(|r| &r["condition_id"] == cond && r["icd10cm_code"] == k)
                .map(|r| r["min_onset_age"].parse::<i32>().unwrap())
        };
        of("").unwrap_or(18).max(of(code).unwrap_or(0))
    }
}

const REVIEW_SEEDS: [i64; 4] = [1, 2, 42, 99];

/// No condition (or late-stage code) before its youngest onset age: BPH from 45, coronary heart
/// disease from 35, CKD stage 4 from 50, the "30" group from 30; never both types of diabetes.
#[test]
fn onsets_respect_the_youngest_onset_age_and_diabetes_is_one_type() {
    let rules = Rules::load();
    assert_eq!(rules.min_age("N40.1"), 45);
    assert_eq!(rules.min_age("I25.10"), 35);
    assert_eq!(rules.min_age("N18.4"), 50);
    assert_eq!(rules.min_age("N18.31"), 40);
    for code in ["I50.9", "I63.9", "J44.9", "I48.91", "M19.90", "G47.33"] {
        assert_eq!(rules.min_age(code), 30, "{code}");
    }
    let n = 4001;
    let (mut young, mut both) = (Vec::new(), Vec::new());
    for seed in REVIEW_SEEDS {
        let (_, who) = people(n, seed);
        let mut diabetes: HashMap<String, (bool, bool)> = HashMap::new();
        for c in table("conditions", n, seed) {
            let (id, code, onset) = (c[0].t(), c[1].t(), c[3].d().unwrap());
            let age = who[id].birth.years_until(onset);
            if age < rules.min_age(code) {
                young.push(format!("seed {seed}: {code} at {age}"));
            }
            let e = diabetes.entry(id.to_string()).or_default();
            e.0 |= code.starts_with("E10");
            e.1 |= code.starts_with("E11");
        }
        both.extend(
            diabetes
                .values()
                .filter(|(t1, t2)| *t1 && *t2)
                .map(|_| seed),
        );
    }
    assert!(
        young.is_empty() && both.is_empty(),
        "{} onsets below the youngest onset age (e.g. {:?}); {} people with type 1 and type 2 diabetes",
        young.len(),
        young.first(),
        both.len()
    );
}

/// No drug before its US approval (start from the 1st of January after the approval year; a
/// patient whose condition is older switched to it later), and at most one chronic drug of a
/// class per person: never an ACE inhibitor with an ARB.
#[test]
fn drugs_start_after_us_approval_and_never_two_of_one_class() {
    let rules = Rules::load();
    let n = 4001;
    let (mut early, mut doubled) = (Vec::new(), Vec::new());
    let (mut meds_seen, mut old_onsets, mut switched) = (0, 0, 0);
    for seed in REVIEW_SEEDS {
        let conditions = table("conditions", n, seed);
        let onsets: HashMap<(&str, &str), Date> = conditions
            .iter()
            .map(|c| ((c[0].t(), c[1].t()), c[3].d().unwrap()))
            .collect();
        let mut classes: HashMap<(String, &str), String> = HashMap::new();
        for m in table("medications", n, seed) {
            let (id, name, code, start) = (m[0].t(), m[2].t(), m[3].t(), m[4].d().unwrap());
            meds_seen += 1;
            let from = Date::from_ymd(rules.year[name] + 1, 1, 1).unwrap();
            if start < from {
                early.push(format!("seed {seed}: {name} from {start}"));
            }
            if let Some(&o) = onsets.get(&(id, code)) {
                if o < from {
                    old_onsets += 1;
                    switched += usize::from(start.0 - o.0 > 90);
                }
            }
            if !["N39.0", "J18.9"].contains(&code) {
                let class = rules.class_of[name].as_str();
                if let Some(other) = classes.insert((id.to_string(), class), name.to_string()) {
                    doubled.push(format!("seed {seed}: {other} and {name} ({class})"));
                }
            }
        }
    }
    assert!(
        early.is_empty() && doubled.is_empty(),
        "{} drugs started before their US approval (e.g. {:?}); {} second drugs of a class (e.g. {:?})",
        early.len(),
        early.first(),
        doubled.len(),
        doubled.first()
    );
    assert!(meds_seen > 10_000);
    // Conditions older than their drug exist: their patients switched to it later.
    assert!(
        old_onsets > 100 && switched * 10 > old_onsets * 9,
        "{old_onsets} {switched}"
    );
}
