//! Population figures for synth_people, parsed once (sources in core/data/README.md).

use crate::alias::Alias;
use crate::rng::Rng;
use std::sync::OnceLock;

pub const EDUCATION_LABELS: [&str; 7] = [
    "Less than 9th grade",
    "9th to 12th grade, no diploma",
    "High school graduate",
    "Some college, no degree",
    "Associate's degree",
    "Bachelor's degree",
    "Graduate or professional degree",
];

/// Education level (0..7) → tier: 0 less than high school, 1 high school, 2 some college or
/// associate, 3 bachelor, 4 graduate.
pub const EDUCATION_TIER: [usize; 7] = [0, 0, 1, 2, 2, 3, 4];

/// Typical education tier of each SOC major group (two-digit code), after BLS's "typical
/// education needed for entry" of the group's largest occupations (an assumption, see realism.md).
pub const MAJOR_TIER: [(u8, usize); 22] = [
    (11, 3),
    (13, 3),
    (15, 3),
    (17, 3),
    (19, 4),
    (21, 3),
    (23, 4),
    (25, 3),
    (27, 2),
    (29, 3),
    (31, 1),
    (33, 1),
    (35, 0),
    (37, 0),
    (39, 1),
    (41, 1),
    (43, 1),
    (45, 0),
    (47, 1),
    (49, 1),
    (51, 1),
    (53, 1),
];
/// Weight of a major group by the distance between a person's tier and the group's tier.
pub const TIER_AFFINITY: [f64; 5] = [1.0, 0.35, 0.1, 0.03, 0.01];

pub struct Occupation {
    pub title: &'static str,
    pub median: f64,
    /// Log-scale spread from the published 10th/90th percentiles (0.55 where not published).
    pub sigma: f64,
    /// A licensed or academic profession whose typical entry-level education is a doctoral,
    /// professional or master's degree (BLS Occupational Outlook Handbook): physicians,
    /// dentists, lawyers, pharmacists, therapists, psychologists, postsecondary teachers, ...
    pub graduate: bool,
    /// Heavy physical work (construction, extraction, installation and repair, production,
    /// transportation and material moving, farming, building cleaning, healthcare support).
    pub physical: bool,
}

/// Title words of [`Occupation::graduate`] professions.
const GRADUATE_TITLES: &[&str] = &[
    "Physician",
    "Surgeon",
    "Dentist",
    "Orthodontist",
    "Prosthodontist",
    "Lawyer",
    "Judges, Magistrate",
    "Pharmacists",
    "Optometrist",
    "Podiatrist",
    "Veterinarians",
    "Chiropractor",
    "Physical Therapists",
    "Occupational Therapists",
    "Audiologist",
    "Psychologist",
    "Nurse Practitioner",
    "Nurse Anesthetist",
    "Nurse Midwives",
    "Speech-Language Pathologist",
    "Anesthesiologist",
    "Pediatrician",
    "Psychiatrist",
    "Radiologist",
    "Cardiologist",
    "Dermatologist",
    "Neurologist",
    "Obstetrician",
    "Ophthalmologist",
    "Hospitalist",
    "Medical Scientists",
    "Teachers, Postsecondary",
];

/// SOC major groups of [`Occupation::physical`] work.
const PHYSICAL_MAJORS: &[u8] = &[31, 37, 45, 47, 49, 51, 53];

impl PopData {
    /// A job a person of education level `edu` (index into [`EDUCATION_LABELS`]) and `age`
    /// can hold, its major group by the education tier's affinities and the job by employment:
    /// a licensed profession only with a graduate degree, no job with a six-figure median
    /// before 22, no heavy physical work from 75 (redrawn when it does not fit).
    pub fn occupation_for(&self, tier: usize, edu: usize, age: u32, r: &mut Rng) -> &Occupation {
        let fits = |o: &Occupation| {
            (!o.graduate || edu == 6)
                && (age >= 22 || o.median <= 70_000.0)
                && (age < 75 || !o.physical)
        };
        let draw = |r: &mut Rng| {
            let major = self.major_by_tier[tier].sample(r);
            (
                major,
                &self.occupations[self.major_members[major][self.occ_in_major[major].sample(r)]],
            )
        };
        let (mut major, mut occ) = draw(r);
        for _ in 0..8 {
            if fits(occ) {
                return occ;
            }
            (major, occ) = draw(r);
        }
        self.major_members[major]
            .iter()
            .map(|&o| &self.occupations[o])
            .find(|o| fits(o))
            .unwrap_or(occ)
    }
}

pub struct PopData {
    /// Share of adults 18–90 who are married (ACS: now married, except separated).
    pub married_share: f64,
    /// Husband's age (index = age) ∝ men × P(married | age).
    pub husband_age: Alias,
    /// Share of women among unmarried adults.
    pub single_female_share: f64,
    /// Age of an unmarried adult by sex (0 female, 1 male), ∝ population × P(not married | age).
    pub single_age: [Alias; 2],
    /// Per sex and age: shares (widowed, divorced incl. separated, never married) among the unmarried.
    pub unmarried_status: [[[f64; 3]; 91]; 2],
    /// Per sex and age: share never married (ACS B12002).
    pub never_married: [[f64; 91]; 2],
    /// Husband's age minus wife's: bins (lo, hi) and an alias over them.
    pub gap_bins: Vec<(i32, i32)>,
    pub gap_alias: Alias,
    /// Acceptance probability of a wife's age drawn as husband's age − gap, so that wives' ages
    /// follow married women's ages (rejection sampling against the convolution).
    pub wife_accept: [f64; 91],
    /// Education level by sex and age band (18–24, 25–34, 35–44, 45–64, 65+).
    pub education: [[Alias; 5]; 2],
    /// Children ever born by woman's age band (15–19 … 45–50): categories 0,1,2,3,4,5–6,7–8.
    pub children: Vec<(u32, u32, [f64; 7])>,
    pub occupations: Vec<Occupation>,
    /// Per education tier, an alias over major groups; per major group, an alias over its occupations.
    pub major_by_tier: Vec<Alias>,
    pub major_members: Vec<Vec<usize>>,
    pub occ_in_major: Vec<Alias>,
    /// Median weekly earnings by sex and age band (18–24, 25–34, 35–44, 45–54, 55–64, 65+)
    /// relative to all full-time workers (CPS 2019: $917).
    pub earnings_age_ratio: [[f64; 6]; 2],
    /// Median annual earnings by sex and education tier relative to that sex's median (ACS 2018).
    pub earnings_edu_ratio: [[f64; 5]; 2],
    /// Labour-force participation and unemployment rates by sex and band (18–19, 20–24, 25–34,
    /// 35–44, 45–54, 55–64, 65–69, 70–74, 75+): BLS CPS 2019 annual averages, Table 3.
    pub lfpr: [[f64; 9]; 2],
    pub unemployment: [[f64; 9]; 2],
}

/// The labour-force band of an age.
pub fn lf_band(age: u32) -> usize {
    match age {
        0..=19 => 0,
        20..=24 => 1,
        25..=34 => 2,
        35..=44 => 3,
        45..=54 => 4,
        55..=64 => 5,
        65..=69 => 6,
        70..=74 => 7,
        _ => 8,
    }
}

fn rows(text: &'static str, sep: char) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(move |l| l.split(sep).collect())
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("embedded data: bad number {s:?}"))
}

fn in_band(age: u32, lo: &str, hi: &str) -> bool {
    let lo: u32 = lo.parse().expect("age");
    let hi: u32 = if hi.is_empty() {
        200
    } else {
        hi.parse().expect("age")
    };
    (lo..=hi).contains(&age)
}

static POP: OnceLock<PopData> = OnceLock::new();

pub fn pop() -> &'static PopData {
    POP.get_or_init(load)
}

pub fn sex_index(sex: &str) -> usize {
    usize::from(sex == "male")
}

fn load() -> PopData {
    // Population by sex and single year of age (index 0 female, 1 male).
    let mut popn = [[0.0f64; 91]; 2];
    for r in rows(include_str!("../data/age.csv"), ',') {
        let a = num(r[0]) as usize;
        if (18..=90).contains(&a) {
            popn[1][a] = num(r[2]);
            popn[0][a] = num(r[3]);
        }
    }
    // Marital shares per sex and age.
    let mut married = [[0.0f64; 91]; 2];
    let mut unmarried_status = [[[0.0f64; 3]; 91]; 2];
    let mut never_married = [[0.0f64; 91]; 2];
    let marital: Vec<Vec<&str>> = rows(include_str!("../data/marital.csv"), ',').collect();
    for s in 0..2 {
        for a in 18..=90u32 {
            let r = marital
                .iter()
                .find(|r| sex_index(r[0]) == s && in_band(a, r[1], r[2]))
                .expect("marital band");
            let (m, sep, wid, div, nev) = (num(r[3]), num(r[4]), num(r[5]), num(r[6]), num(r[7]));
            married[s][a as usize] = m;
            never_married[s][a as usize] = nev / (m + sep + wid + div + nev);
            // Widowhood is not generated under 25 (the ACS shows a few hundredths of a percent).
            let wid = if a < 25 { 0.0 } else { wid };
            let t = wid + div + sep + nev;
            unmarried_status[s][a as usize] = [wid / t, (div + sep) / t, nev / t];
        }
    }
    let mut total = 0.0;
    let mut total_married = 0.0;
    let mut single_w = [vec![0.0; 91], vec![0.0; 91]];
    let mut husband_w = vec![0.0; 91];
    for s in 0..2 {
        for a in 18..=90 {
            total += popn[s][a];
            total_married += popn[s][a] * married[s][a];
            single_w[s][a] = popn[s][a] * (1.0 - married[s][a]);
        }
    }
    for a in 18..=90 {
        husband_w[a] = popn[1][a] * married[1][a];
    }
    let single_f: f64 = single_w[0].iter().sum();
    let single_m: f64 = single_w[1].iter().sum();

    let mut gap_bins = Vec::new();
    let mut gap_w = Vec::new();
    for r in rows(include_str!("../data/spouse_age_gap.csv"), ',') {
        let lo = num(r[1]) as i32;
        let hi = if r[2].is_empty() {
            25
        } else {
            num(r[2]) as i32
        };
        let (lo, hi) = match r[0] {
            "husband" => (lo, hi),
            "wife" => (-hi, -lo),
            _ => (-hi, hi), // "either": 0–1 years, either way
        };
        gap_bins.push((lo, hi));
        gap_w.push(num(r[3]));
    }

    // Wives' ages: the naive draw (husband's age − gap) has density g = f_h ⊛ gap; accepting a
    // draw with probability ∝ f_w / g makes it follow f_w, married women's own ages.
    let gap_total: f64 = gap_w.iter().sum();
    let mut g = [0.0f64; 91];
    for h in 18..=90usize {
        for (&(lo, hi), w) in gap_bins.iter().zip(&gap_w) {
            let per = w / gap_total / (hi - lo + 1) as f64;
            for gap in lo..=hi {
                let a = h as i32 - gap;
                if (18..=90).contains(&a) {
                    g[a as usize] += husband_w[h] * per;
                }
            }
        }
    }
    let g_sum: f64 = g.iter().sum();
    let fw_sum: f64 = (18..=90).map(|a| popn[0][a] * married[0][a]).sum();
    let mut wife_accept = [0.0f64; 91];
    for a in 18..=90 {
        if g[a] > 0.0 {
            wife_accept[a] = (popn[0][a] * married[0][a] / fw_sum) / (g[a] / g_sum);
        }
    }
    let max_r = wife_accept.iter().cloned().fold(0.0, f64::max);
    for r in wife_accept.iter_mut() {
        *r /= max_r;
    }

    let edu_rows: Vec<Vec<&str>> = rows(include_str!("../data/education.csv"), ',').collect();
    let band_ages = [18u32, 25, 35, 45, 65];
    let education = [0usize, 1].map(|s| {
        band_ages.map(|a| {
            let r = edu_rows
                .iter()
                .find(|r| sex_index(r[0]) == s && in_band(a, r[1], r[2]))
                .expect("education band");
            Alias::new(&r[3..10].iter().map(|x| num(x)).collect::<Vec<_>>())
        })
    });

    let children = rows(include_str!("../data/children.csv"), ',')
        .map(|r| {
            let mut p = [0.0; 7];
            for (k, v) in p.iter_mut().enumerate() {
                *v = num(r[2 + k]) / 100.0;
            }
            (num(r[0]) as u32, num(r[1]) as u32, p)
        })
        .collect();

    let mut occupations = Vec::new();
    let mut occ_major = Vec::new();
    let mut occ_emp = Vec::new();
    for r in rows(include_str!("../data/occupations.tsv"), '\t') {
        let median = num(r[3]);
        let sigma = match (r[4].parse::<f64>(), r[5].parse::<f64>()) {
            (Ok(p10), Ok(p90)) if p90 > p10 => libm::log(p90 / p10) / 2.563,
            _ => 0.55,
        };
        let major = num(r[0]) as u8;
        occupations.push(Occupation {
            title: r[1],
            median,
            sigma,
            graduate: GRADUATE_TITLES.iter().any(|w| r[1].contains(w)),
            physical: PHYSICAL_MAJORS.contains(&major),
        });
        occ_major.push(major);
        occ_emp.push(num(r[2]));
    }
    let majors: Vec<u8> = MAJOR_TIER.iter().map(|m| m.0).collect();
    let major_members: Vec<Vec<usize>> = majors
        .iter()
        .map(|m| {
            (0..occupations.len())
                .filter(|&i| occ_major[i] == *m)
                .collect()
        })
        .collect();
    let occ_in_major = major_members
        .iter()
        .map(|mem| Alias::new(&mem.iter().map(|&i| occ_emp[i]).collect::<Vec<_>>()))
        .collect();
    let major_emp: Vec<f64> = major_members
        .iter()
        .map(|mem| mem.iter().map(|&i| occ_emp[i]).sum())
        .collect();
    let major_by_tier = (0..5)
        .map(|t| {
            Alias::new(
                &MAJOR_TIER
                    .iter()
                    .zip(&major_emp)
                    .map(|(&(_, mt), e)| {
                        e * TIER_AFFINITY[(t as i64 - mt as i64).unsigned_abs() as usize]
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();

    let mut earnings_age_ratio = [[0.0; 6]; 2];
    let er: Vec<Vec<&str>> = rows(include_str!("../data/earnings_by_age.csv"), ',').collect();
    let all_workers = 917.0; // CPS 2019 median weekly earnings, all full-time wage and salary workers
    for s in 0..2 {
        for (b, lo) in ["20", "25", "35", "45", "55", "65"].iter().enumerate() {
            let r = er
                .iter()
                .find(|r| sex_index(r[0]) == s && r[1] == *lo)
                .expect("earnings band");
            earnings_age_ratio[s][b] = num(r[3]) / all_workers;
        }
    }
    let mut earnings_edu_ratio = [[0.0; 5]; 2];
    let ee: Vec<Vec<&str>> = rows(include_str!("../data/earnings_by_education.csv"), ',').collect();
    for s in 0..2 {
        let get = |e: &str| {
            num(ee
                .iter()
                .find(|r| sex_index(r[0]) == s && r[0] != "both" && r[1] == e)
                .expect("edu")[2])
        };
        let all = get("all");
        for (t, e) in [
            "less_than_high_school",
            "high_school",
            "some_college_or_associate",
            "bachelor",
            "graduate",
        ]
        .iter()
        .enumerate()
        {
            earnings_edu_ratio[s][t] = get(e) / all;
        }
    }

    let mut lfpr = [[0.0; 9]; 2];
    let mut unemployment = [[0.0; 9]; 2];
    let lf: Vec<Vec<&str>> =
        rows(include_str!("../data/labor/labor_force_by_age.csv"), ',').collect();
    for s in 0..2 {
        for (b, (lo, hi)) in [
            ("18", "19"),
            ("20", "24"),
            ("25", "34"),
            ("35", "44"),
            ("45", "54"),
            ("55", "64"),
            ("65", "69"),
            ("70", "74"),
            ("75", ""),
        ]
        .iter()
        .enumerate()
        {
            let r = lf
                .iter()
                .find(|r| r[0] != "both" && sex_index(r[0]) == s && r[1] == *lo && r[2] == *hi)
                .expect("labour-force band");
            lfpr[s][b] = num(r[9]);
            unemployment[s][b] = num(r[10]);
        }
    }

    PopData {
        lfpr,
        unemployment,
        married_share: total_married / total,
        husband_age: Alias::new(&husband_w),
        single_female_share: single_f / (single_f + single_m),
        single_age: [Alias::new(&single_w[0]), Alias::new(&single_w[1])],
        unmarried_status,
        never_married,
        gap_alias: Alias::new(&gap_w),
        gap_bins,
        wife_accept,
        education,
        children,
        occupations,
        major_by_tier,
        major_members,
        occ_in_major,
        earnings_age_ratio,
        earnings_edu_ratio,
    }
}
