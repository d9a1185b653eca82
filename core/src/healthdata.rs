//! Health reference figures for the patient tables, parsed once (sources in
//! core/data/health/README.md, figures and assumptions in docs/realism.md).

use crate::alias::Alias;
use std::sync::OnceLock;

/// Ages covered per year: 0..=MAX_AGE.
pub const MAX_AGE: usize = 90;

/// A condition's latent factor: conditions sharing one go together (comorbidity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Factor {
    /// Hypertension, diabetes, high cholesterol, obesity and the cardiovascular conditions.
    Metabolic,
    /// Depression, anxiety, insomnia.
    Mental,
    /// Asthma, COPD, allergic rhinitis.
    Respiratory,
    None,
}

impl Factor {
    /// The loading of the shared factor in a condition's liability (an assumption, see
    /// docs/realism.md): liabilities of two conditions of one factor correlate at loading².
    pub fn loading(self) -> f64 {
        match self {
            Factor::Metabolic => 0.6,
            Factor::Mental => 0.6,
            Factor::Respiratory => 0.4,
            Factor::None => 0.0,
        }
    }

    pub fn index(self) -> usize {
        match self {
            Factor::Metabolic => 0,
            Factor::Mental => 1,
            Factor::Respiratory => 2,
            Factor::None => 3,
        }
    }
}

pub struct Code {
    pub code: &'static str,
    pub description: &'static str,
    pub primary: bool,
    /// The youngest age at onset this code is given at (its condition's, or higher for a
    /// code of a late stage such as CKD stage 4; core/data/health/onset_ages.csv).
    pub min_onset: u32,
}

pub struct Drug {
    pub rxcui: &'static str,
    pub name: &'static str,
    /// The pharmacological class a person takes at most one chronic drug of (medications.csv
    /// `drug_class` without its parenthesis; ACE inhibitors, ARBs and sacubitril/valsartan are
    /// one class, renin-angiotensin blockers, as guidelines do not combine them).
    pub class: &'static str,
    /// The year of the first US approval (core/data/health/drug_approvals.csv): no one starts
    /// it before the 1st of January after.
    pub approved: i32,
}

pub struct Condition {
    pub id: &'static str,
    pub chronic: bool,
    pub codes: Vec<Code>,
    pub drugs: Vec<Drug>,
    pub factor: Factor,
    /// Chronic: prevalence by [sex][age]; acute: episodes per person-year by [sex][age].
    pub rate: [[f64; MAX_AGE + 1]; 2],
    /// Chronic: the share of those aged `a` who have it who got it by age `x` is
    /// `onset_cdf[sex][x] / onset_cdf[sex][a]` (a smoothed, non-decreasing prevalence curve).
    pub onset_cdf: [[f64; MAX_AGE + 1]; 2],
    /// The youngest onset age (core/data/health/onset_ages.csv): nobody younger has it.
    pub min_onset: u32,
}

pub struct HealthData {
    pub conditions: Vec<Condition>,
    /// Blood types (ABO + Rh, e.g. "O+") and their shares by group: all, white, black,
    /// hispanic, asian.
    pub blood_labels: Vec<String>,
    pub blood: [Alias; 5],
    /// Mean height (cm) and weight (kg) of adults 20+ by sex (index 0 female, 1 male).
    pub mean_height: [f64; 2],
    pub mean_weight: [f64; 2],
    /// Share uninsured by [sex][age].
    pub uninsured: [[f64; MAX_AGE + 1]; 2],
    /// Coverage of the insured by age group (0–18, 19–34, 35–64, 65+): index into
    /// `INSURANCE` with its weight.
    pub coverage: [Alias; 4],
    pub coverage_labels: [Vec<usize>; 4],
    /// Office visits per person-year by age.
    pub visits: [f64; MAX_AGE + 1],
    /// Multiplier of the visit rate by sex (0 female, 1 male), mean 1.
    pub visit_sex: [f64; 2],
}

/// NAMCS 2015 office visits per 100 persons: women 362, men 262 (via an AJMC report of the NCHS
/// data brief; see core/data/health/SOURCES-added.md, (d)). Data Brief 408 (2018) gives the rates
/// by age only; its sex figures were not readable, so the 2015 ratio splits them.
const VISITS_PER_100_BY_SEX: [f64; 2] = [362.0, 262.0];

/// The insurance column's values.
pub const INSURANCE: [&str; 7] = [
    "private",
    "medicare",
    "medicaid",
    "medicare_medicaid",
    "military",
    "other_public",
    "uninsured",
];

/// Splits a CSV line, honouring double quotes (the shipped files quote fields with commas).
fn fields(line: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i <= b.len() {
        if i < b.len() && b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                j += 1;
            }
            out.push(&line[start..j]);
            i = j + 2; // past the quote and the comma
        } else {
            let start = i;
            let mut j = start;
            while j < b.len() && b[j] != b',' {
                j += 1;
            }
            out.push(&line[start..j]);
            i = j + 1;
        }
    }
    out
}

type Rec = Vec<(&'static str, &'static str)>;

/// Rows as maps from header names.
fn table(text: &'static str) -> Vec<Rec> {
    let mut lines = text.lines().filter(|l| !l.is_empty());
    let header = fields(lines.next().expect("header"));
    lines
        .map(|l| {
            let f = fields(l);
            assert_eq!(f.len(), header.len(), "embedded data: bad row {l:?}");
            header.iter().copied().zip(f).collect()
        })
        .collect()
}

fn get(row: &[(&'static str, &'static str)], key: &str) -> &'static str {
    row.iter()
        .find(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("embedded data: no column {key}"))
        .1
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("embedded data: bad number {s:?}"))
}

fn band(row: &[(&'static str, &'static str)]) -> (usize, usize) {
    let lo = num(get(row, "age_min")) as usize;
    let hi = match get(row, "age_max") {
        "" => MAX_AGE,
        s => num(s) as usize,
    };
    (lo, hi.min(MAX_AGE))
}

fn factor_of(id: &str) -> Factor {
    match id {
        "hypertension"
        | "type2_diabetes"
        | "hyperlipidemia"
        | "obesity"
        | "coronary_heart_disease"
        | "heart_failure"
        | "atrial_fibrillation"
        | "stroke"
        | "chronic_kidney_disease"
        | "sleep_apnea" => Factor::Metabolic,
        "depression" | "anxiety" | "insomnia" => Factor::Mental,
        "asthma" | "copd" | "allergic_rhinitis" => Factor::Respiratory,
        _ => Factor::None,
    }
}

/// The youngest age at onset of a chronic condition (`code` None) or of one of its codes, from
/// core/data/health/onset_ages.csv (sources and assumptions in its `basis` column).
fn min_onset(ages: &[Rec], id: &str, code: Option<&str>) -> Option<u32> {
    ages.iter()
        .find(|r| {
            get(r, "condition_id") == id
                && match code {
                    None => get(r, "icd10cm_code").is_empty(),
                    Some(c) => get(r, "icd10cm_code") == c,
                }
        })
        .map(|r| num(get(r, "min_onset_age")) as u32)
}

/// A drug's class for the one-per-class rule: `drug_class` without its parenthesis, with the
/// renin-angiotensin blockers (ACE inhibitor, ARB, sacubitril given with valsartan) as one.
fn class_of(drug_class: &'static str) -> &'static str {
    let c = drug_class.split(" (").next().unwrap_or(drug_class).trim();
    match c {
        "ACE inhibitor" | "angiotensin II receptor blocker" | "neprilysin inhibitor" => {
            "renin-angiotensin blocker"
        }
        "aminoketone antidepressant" => "aminoketone",
        c => c,
    }
}

/// A banded figure at one age: the band's value; below the youngest band, that band's value
/// within 5 years of it and 0 further down (a condition cited from age 50 is not given to
/// 20-year-olds); above the oldest band, its value; in a gap between bands, linear between them.
fn at_age(bands: &[(usize, usize, f64)], age: usize) -> f64 {
    if let Some(b) = bands.iter().find(|b| (b.0..=b.1).contains(&age)) {
        return b.2;
    }
    let first = bands[0];
    if age < first.0 {
        return if first.0 - age <= 5 { first.2 } else { 0.0 };
    }
    let last = bands[bands.len() - 1];
    if age > last.1 {
        return last.2;
    }
    let prev = bands
        .iter()
        .rev()
        .find(|b| b.1 < age)
        .expect("a band below");
    let next = bands.iter().find(|b| b.0 > age).expect("a band above");
    prev.2 + (next.2 - prev.2) * (age - prev.1) as f64 / (next.0 - prev.1) as f64
}

/// Prevalence (or rate) by [sex][age] from banded rows. Sex-specific bands win; otherwise the
/// both-sexes bands are scaled by the sex's all-ages figure over the mean of the two sexes'
/// (crude figures preferred), so the sexes differ as cited and average to the bands. With
/// all-ages figures only, the figure is flat over age.
fn by_sex_and_age(rows: &[&Rec]) -> [[f64; MAX_AGE + 1]; 2] {
    let all_ages = |r: &Rec| {
        let (lo, hi) = band(r);
        hi == MAX_AGE && lo <= 20
    };
    let crude_first = |sex: &str| -> Option<f64> {
        let mut best: Option<(bool, f64)> = None;
        for r in rows.iter().filter(|r| get(r, "sex") == sex && all_ages(r)) {
            let crude = r
                .iter()
                .any(|(k, v)| *k == "estimate_type" && *v == "crude");
            let p = num(get(r, "prevalence"));
            if best.is_none_or(|(c, _)| !c && crude) {
                best = Some((crude, p));
            }
        }
        best.map(|b| b.1)
    };
    let bands_of = |sex: &str| -> Vec<(usize, usize, f64)> {
        let mut v: Vec<_> = rows
            .iter()
            .filter(|r| get(r, "sex") == sex && !all_ages(r))
            .map(|r| {
                let (lo, hi) = band(r);
                (lo, hi, num(get(r, "prevalence")))
            })
            .collect();
        v.sort_by_key(|b| b.0);
        v
    };
    let both = bands_of("both");
    let sexes = [crude_first("female"), crude_first("male")];
    let mut out = [[0.0; MAX_AGE + 1]; 2];
    for (s, sex) in ["female", "male"].iter().enumerate() {
        let own = bands_of(sex);
        let ratio = match sexes {
            [Some(f), Some(m)] if f + m > 0.0 => sexes[s].unwrap_or(0.0) / ((f + m) / 2.0),
            _ => 1.0,
        };
        let (bands, scale) = if !own.is_empty() {
            (own, 1.0)
        } else if !both.is_empty() {
            (both.clone(), ratio)
        } else {
            // Only all-ages figures: flat over age (0 for a sex without any figure).
            let p = match (sexes[s], sexes[1 - s]) {
                (Some(p), _) => p,
                (None, Some(_)) => 0.0,
                (None, None) => crude_first("both").unwrap_or(0.0),
            };
            out[s] = [p; MAX_AGE + 1];
            continue;
        };
        for (age, cell) in out[s].iter_mut().enumerate() {
            *cell = (at_age(&bands, age) * scale).min(0.95);
        }
    }
    out
}

/// A smoothed, non-decreasing curve through the band figures (linear between band midpoints,
/// zero before the youngest onset), for drawing onset ages.
fn onset_curve(rate: &[f64; MAX_AGE + 1], min_onset: u32) -> [f64; MAX_AGE + 1] {
    // Band midpoints: runs of equal values.
    let mut points: Vec<(f64, f64)> = Vec::new();
    let mut start = 18;
    for a in 19..=MAX_AGE + 1 {
        if a == MAX_AGE + 1 || rate[a] != rate[start] {
            let end = a - 1;
            let mid = if end == MAX_AGE {
                (start as f64 + 80.0f64.max(start as f64)) / 2.0
            } else {
                (start + end) as f64 / 2.0
            };
            points.push((mid, rate[start]));
            start = a;
        }
    }
    let mut out = [0.0; MAX_AGE + 1];
    let mut best: f64 = 0.0;
    for (a, cell) in out.iter_mut().enumerate() {
        let x = a as f64;
        let v = if (a as u32) < min_onset {
            0.0
        } else if x <= points[0].0 {
            // Ramp up from the youngest onset to the first band's midpoint.
            let span = (points[0].0 - min_onset as f64).max(1.0);
            points[0].1 * ((x - min_onset as f64 + 1.0) / (span + 1.0)).min(1.0)
        } else {
            let k = points.iter().rposition(|p| p.0 <= x).expect("a point");
            match points.get(k + 1) {
                Some(&(x1, y1)) => {
                    let (x0, y0) = points[k];
                    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                }
                None => points[k].1,
            }
        };
        best = best.max(v);
        *cell = best;
    }
    out
}

static HEALTH: OnceLock<HealthData> = OnceLock::new();

pub fn health() -> &'static HealthData {
    HEALTH.get_or_init(load)
}

fn load() -> HealthData {
    let codes = table(include_str!("../data/health/conditions.csv"));
    let mut prevalence = table(include_str!("../data/health/condition_prevalence.csv"));
    prevalence.extend(table(include_str!("../data/health/prevalence_added.csv")));
    let meds = table(include_str!("../data/health/medications.csv"));
    let approvals = table(include_str!("../data/health/drug_approvals.csv"));
    let ages = table(include_str!("../data/health/onset_ages.csv"));
    let mut conditions: Vec<Condition> = Vec::new();
    for r in &codes {
        let id = get(r, "condition_id");
        if !prevalence.iter().any(|p| get(p, "condition_id") == id) {
            // No cited figure: not generated (listed in docs/realism.md).
            continue;
        }
        let chronic = get(r, "kind") == "chronic";
        let min = if chronic {
            min_onset(&ages, id, None)
                .unwrap_or_else(|| panic!("embedded data: no onset age for {id}"))
        } else {
            18
        };
        let mut code = Code {
            code: get(r, "icd10cm_code"),
            description: get(r, "icd10cm_description"),
            primary: get(r, "primary_code") == "1",
            min_onset: min,
        };
        if let Some(m) = min_onset(&ages, id, Some(code.code)) {
            code.min_onset = m.max(min);
        }
        if let Some(c) = conditions.iter_mut().find(|c| c.id == id) {
            c.codes.push(code);
            continue;
        }
        let rows: Vec<_> = prevalence
            .iter()
            .filter(|p| get(p, "condition_id") == id)
            .collect();
        let mut rate = by_sex_and_age(&rows);
        if chronic {
            // Nobody younger than the youngest onset age has it.
            for sex in &mut rate {
                for cell in &mut sex[..(min as usize).min(MAX_AGE + 1)] {
                    *cell = 0.0;
                }
            }
        }
        let onset_cdf = [onset_curve(&rate[0], min), onset_curve(&rate[1], min)];
        let drugs = meds
            .iter()
            .filter(|m| get(m, "condition_id") == id)
            .map(|m| {
                let name = get(m, "ingredient");
                let approved = approvals
                    .iter()
                    .find(|a| get(a, "ingredient") == name)
                    .unwrap_or_else(|| panic!("embedded data: no approval year for {name}"));
                assert_eq!(get(approved, "rxcui"), get(m, "rxcui"), "{name}: rxcui");
                Drug {
                    rxcui: get(m, "rxcui"),
                    name,
                    class: class_of(get(m, "drug_class")),
                    approved: num(get(approved, "us_year")) as i32,
                }
            })
            .collect();
        conditions.push(Condition {
            id,
            chronic,
            codes: vec![code],
            drugs,
            factor: factor_of(id),
            rate,
            onset_cdf,
            min_onset: min,
        });
    }
    for c in &conditions {
        let primary = c.codes.iter().find(|k| k.primary);
        assert!(
            primary.is_some_and(|k| k.min_onset == c.min_onset),
            "{}: a primary code given from the condition's youngest onset age",
            c.id
        );
    }

    let blood_rows = table(include_str!("../data/health/blood_types.csv"));
    let mut blood_labels: Vec<String> = Vec::new();
    for r in blood_rows.iter().filter(|r| get(r, "group") == "all") {
        blood_labels.push(format!("{}{}", get(r, "abo"), get(r, "rh")));
    }
    let blood = ["all", "white", "black", "hispanic", "asian"].map(|g| {
        let w: Vec<f64> = blood_labels
            .iter()
            .map(|label| {
                blood_rows
                    .iter()
                    .find(|r| {
                        get(r, "group") == g
                            && format!("{}{}", get(r, "abo"), get(r, "rh")) == *label
                    })
                    .map_or(0.0, |r| num(get(r, "share")))
            })
            .collect();
        Alias::new(&w)
    });

    let body = table(include_str!("../data/health/body_measures.csv"));
    let mut mean_height = [0.0; 2];
    let mut mean_weight = [0.0; 2];
    for r in &body {
        let s = usize::from(get(r, "sex") == "male");
        mean_height[s] = num(get(r, "mean_height_cm"));
        mean_weight[s] = num(get(r, "mean_weight_kg"));
    }

    let status = table(include_str!(
        "../data/health/insurance_status_by_sex_age.csv"
    ));
    let mut uninsured = [[0.0; MAX_AGE + 1]; 2];
    for r in &status {
        let s = match get(r, "sex") {
            "female" => 0,
            "male" => 1,
            _ => continue,
        };
        let (lo, hi) = band(r);
        for cell in &mut uninsured[s][lo..=hi] {
            *cell = num(get(r, "uninsured")) / num(get(r, "total"));
        }
    }
    let by_age = table(include_str!("../data/health/insurance_by_age.csv"));
    let groups = [(0usize, 18usize), (19, 34), (35, 64), (65, MAX_AGE)];
    let mut coverage_labels: [Vec<usize>; 4] = Default::default();
    let coverage = std::array::from_fn(|g| {
        let mut w = Vec::new();
        for r in by_age.iter().filter(|r| band(r) == groups[g]) {
            let cov = get(r, "coverage");
            if cov == "uninsured" {
                continue;
            }
            coverage_labels[g].push(insurance_of(cov, g == 3));
            w.push(num(get(r, "persons")));
        }
        Alias::new(&w)
    });

    let mut visits = [0.0; MAX_AGE + 1];
    for r in table(include_str!("../data/health/visit_rates.csv")) {
        let (lo, hi) = band(&r);
        if lo == 0 && hi == MAX_AGE {
            continue; // the all-ages figure
        }
        for cell in &mut visits[lo..=hi] {
            *cell = num(get(&r, "visits_per_person"));
        }
    }

    HealthData {
        conditions,
        blood_labels,
        blood,
        mean_height,
        mean_weight,
        uninsured,
        coverage,
        coverage_labels,
        visits,
        visit_sex: {
            let [f, m] = VISITS_PER_100_BY_SEX;
            [2.0 * f / (f + m), 2.0 * m / (f + m)]
        },
    }
}

/// An ACS coverage type → the insurance column (index into [`INSURANCE`]). Combinations go to
/// the primary payer: any with Medicare is Medicare (Medicare and Medicaid together are
/// `medicare_medicaid`); at 65 and over the unnamed combinations are Medicare too (an
/// assumption: nearly everyone 65+ with two coverages has Medicare).
fn insurance_of(coverage: &str, senior: bool) -> usize {
    match coverage {
        "employer_only"
        | "direct_purchase_only"
        | "employer_and_direct_purchase"
        | "other_private_combinations" => 0,
        "medicare_only" | "employer_and_medicare" | "direct_purchase_and_medicare" => 1,
        "medicaid_only" => 2,
        "medicare_and_medicaid" => 3,
        "tricare_only" | "va_only" => 4,
        "other_public_combinations" if senior => 1,
        "other_public_combinations" => 5,
        "other_combinations" if senior => 1,
        "other_combinations" => 0,
        other => panic!("embedded data: unknown coverage {other}"),
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9),
/// with the pinned `libm` functions.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail(libm::sqrt(-2.0 * libm::log(p)))
    } else if p > 1.0 - 0.02425 {
        -tail(libm::sqrt(-2.0 * libm::log(1.0 - p)))
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_inverts_the_normal_cdf() {
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_985),
            (0.01, -2.326_347_874),
            (0.841_344_746, 1.0),
        ] {
            assert!((normal_quantile(p) - z).abs() < 1e-4, "{p}");
        }
    }

    #[test]
    fn figures_load_and_are_sane() {
        let h = health();
        assert!(h.conditions.len() >= 5);
        let hyp = h
            .conditions
            .iter()
            .find(|c| c.id == "hypertension")
            .unwrap();
        // 40–59 both sexes 54.5%, men above women.
        assert!(hyp.rate[1][50] > hyp.rate[0][50]);
        assert!(hyp.onset_cdf[1].windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(h.blood_labels.len(), 8);
        assert!(h.uninsured[1][30] > 0.15 && h.uninsured[0][70] < 0.02);
        assert!((h.mean_height[1] - 175.9).abs() < 0.01);
        assert_eq!(h.visits[70], 5.5);
    }
}
