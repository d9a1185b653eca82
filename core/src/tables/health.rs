//! Patient histories of the people of `synth_people(n, seed, as_of)`: `synth_patients`,
//! `synth_conditions`, `synth_medications` and `synth_encounters`.
//!
//! Everything about person i's health is a function of (seed, i) and the person's people row
//! (sex, age, birth date, ethnicity), computed once as a [`Profile`]: the four tables are views
//! of it, so they agree with each other and with `synth_people`. Chronic conditions follow a
//! liability-threshold model: condition c is present when `λ·z_f + √(1−λ²)·e_c` exceeds the
//! normal quantile of 1 − prevalence(c, sex, age), with z_f a per-person factor shared by the
//! conditions of one family (metabolic, mental, respiratory): each marginal prevalence is the
//! cited figure and conditions of one family go together. Slices count people, so a slice of
//! people and the same slice of their patients, conditions, medications and encounters belong
//! together.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::healthdata::{health, normal_quantile, Condition, Drug, INSURANCE, MAX_AGE};
use crate::rng::{derive, tag, Perm, Rng};
use crate::schema::{Args, Column, LType, Row};
use crate::tables::people::{self, Block, BlockCache, People};
use crate::tables::{slice_args, RowSource};

const T_HEALTH: u64 = tag("synth.health");
const T_MRN: u64 = tag("mrn");
const T_FACTORS: u64 = tag("factors");
const T_COND: u64 = tag("condition");
const T_BODY: u64 = tag("body");
const T_INS: u64 = tag("insurance");
const T_MED: u64 = tag("medication");
const T_VISIT: u64 = tag("visit");

/// Acute episodes and routine visits cover the years before `as_of`.
pub const WINDOW_YEARS: i32 = 3;
/// Days within which a second episode of one acute condition is the same episode.
const ACUTE_GAP_DAYS: i32 = 28;
/// Encounter ids are `person_index · 4096 + k + 1`; a person has fewer than 4096 encounters.
const ENCOUNTER_STRIDE: u64 = 4096;
/// Routine visits are capped per person (a Poisson draw above this is cut).
const MAX_ROUTINE_VISITS: u32 = 200;
/// Share of people with a condition that has listed drugs who take one (an assumption).
const TREATED_CHRONIC: f64 = 0.7;
const TREATED_ACUTE: f64 = 0.8;
/// Share of treated chronic conditions whose medication has stopped (an assumption).
const STOPPED: f64 = 0.15;
/// A patient whose condition predates a drug switches to it within this many years of its
/// arrival (an assumption).
const SWITCH_YEARS: i32 = 10;

/// The first day a drug can be started: the 1st of January after its US approval year (the
/// table gives years, so no start precedes the approval).
fn available(drug: &Drug) -> Date {
    Date::from_ymd(drug.approved + 1, 1, 1).expect("a valid year")
}

pub const PATIENT_COLUMNS: &[Column] = &[
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "the person_id of synth_people(n, seed, as_of)",
    },
    Column {
        name: "mrn",
        ty: LType::Text,
        nullable: false,
        doc: "synthetic medical record number 'SYN' + 10 digits, unique per seed (not a real format)",
    },
    Column {
        name: "insurance",
        ty: LType::Text,
        nullable: false,
        doc: "private, medicare, medicaid, medicare_medicaid, military, other_public or uninsured (ACS by sex and age)",
    },
    Column {
        name: "blood_type",
        ty: LType::Text,
        nullable: false,
        doc: "ABO and Rh, e.g. 'O+', at the shares of the person's ethnicity",
    },
    Column {
        name: "height_cm",
        ty: LType::Float64,
        nullable: false,
        doc: "Normal around the NHANES mean for the sex (1 decimal)",
    },
    Column {
        name: "weight_kg",
        ty: LType::Float64,
        nullable: false,
        doc: "BMI × height²; BMI ≥ 30 exactly when the person has obesity (1 decimal)",
    },
];

pub const CONDITION_COLUMNS: &[Column] = &[
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "the person",
    },
    Column {
        name: "icd10_code",
        ty: LType::Text,
        nullable: false,
        doc: "a billable ICD-10-CM (FY2023) code of the shipped list",
    },
    Column {
        name: "description",
        ty: LType::Text,
        nullable: false,
        doc: "the code's official long description",
    },
    Column {
        name: "onset_date",
        ty: LType::Date,
        nullable: false,
        doc: "after birth and not after as_of; chronic: not below the condition's youngest onset age; acute: in the 3 years before as_of",
    },
];

pub const MEDICATION_COLUMNS: &[Column] = &[
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "the person",
    },
    Column {
        name: "rxcui",
        ty: LType::Text,
        nullable: false,
        doc: "RxNorm ingredient concept id",
    },
    Column {
        name: "drug_name",
        ty: LType::Text,
        nullable: false,
        doc: "the ingredient",
    },
    Column {
        name: "icd10_code",
        ty: LType::Text,
        nullable: false,
        doc: "the code of the person's condition it treats",
    },
    Column {
        name: "start_date",
        ty: LType::Date,
        nullable: false,
        doc: "on or after the condition's onset and after the drug's US approval year, not after as_of",
    },
    Column {
        name: "end_date",
        ty: LType::Date,
        nullable: true,
        doc: "NULL while ongoing; after start_date and not after as_of",
    },
];

pub const ENCOUNTER_COLUMNS: &[Column] = &[
    Column {
        name: "encounter_id",
        ty: LType::Int64,
        nullable: false,
        doc: "person index × 4096 + k + 1: unique, the same in every slice",
    },
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "the person",
    },
    Column {
        name: "encounter_date",
        ty: LType::Date,
        nullable: false,
        doc: "in date order per person, not after as_of",
    },
    Column {
        name: "encounter_type",
        ty: LType::Text,
        nullable: false,
        doc: "diagnosis (a condition's onset), follow_up (a chronic condition) or checkup",
    },
    Column {
        name: "icd10_code",
        ty: LType::Text,
        nullable: true,
        doc: "the condition diagnosed or followed up; NULL for a checkup",
    },
];

/// One condition of a person.
#[derive(Clone, Copy, Debug)]
pub struct Diagnosis {
    /// Index into `health().conditions`.
    pub condition: u16,
    /// Index into the condition's codes.
    pub code: u8,
    pub onset: Date,
}

#[derive(Clone, Copy, Debug)]
pub struct Medication {
    /// Index into the profile's diagnoses.
    pub diagnosis: u16,
    pub drug: u8,
    pub start: Date,
    pub end: Option<Date>,
}

#[derive(Clone, Copy, Debug)]
pub struct Encounter {
    pub date: Date,
    /// 0 diagnosis, 1 follow-up, 2 checkup.
    pub kind: u8,
    /// Index into the profile's diagnoses, for diagnosis and follow-up visits.
    pub diagnosis: Option<u16>,
}

const ENCOUNTER_TYPES: [&str; 3] = ["diagnosis", "follow_up", "checkup"];

/// Person i's health, reused between people to avoid allocation.
#[derive(Debug)]
pub struct Profile {
    pub sex: u8,
    pub age: u32,
    pub birth_date: Date,
    pub ethnicity: u8,
    pub diagnoses: Vec<Diagnosis>,
    pub medications: Vec<Medication>,
    pub encounters: Vec<Encounter>,
    pub bmi: f64,
    pub height_cm: f64,
    pub weight_kg: f64,
    pub insurance: usize,
    pub blood_type: usize,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            sex: 0,
            age: 0,
            birth_date: Date(0),
            ethnicity: 0,
            diagnoses: Vec::new(),
            medications: Vec::new(),
            encounters: Vec::new(),
            bmi: 0.0,
            height_cm: 0.0,
            weight_kg: 0.0,
            insurance: 0,
            blood_type: 0,
        }
    }
}

pub struct Health {
    pub people: People,
    key: u64,
    mrn_perm: Perm,
}

/// A Poisson draw by inversion (λ small).
fn poisson(lambda: f64, r: &mut Rng, cap: u32) -> u32 {
    let mut k = 0;
    let mut p = libm::exp(-lambda);
    let mut cdf = p;
    let u = r.f64();
    while u > cdf && k < cap {
        k += 1;
        p *= lambda / k as f64;
        cdf += p;
    }
    k
}

fn day_between(lo: Date, hi: Date, r: &mut Rng) -> Date {
    if hi.0 <= lo.0 {
        return lo;
    }
    Date(lo.0 + r.below((hi.0 - lo.0 + 1) as u64) as i32)
}

impl Health {
    pub fn new(n: u64, seed: i64, as_of: Date) -> Result<Self> {
        Ok(Health {
            people: People::new(n, seed, as_of)?,
            key: derive(seed as u64, T_HEALTH),
            mrn_perm: Perm::new(10_000_000_000, derive(derive(seed as u64, T_HEALTH), T_MRN)),
        })
    }

    /// Fills `p` with person i's health (`h`: the block of person i).
    pub fn profile(&self, i: u64, h: &Block, p: &mut Profile) {
        let hd = health();
        let m = h.adult(i);
        let as_of = self.people.as_of;
        let age = m.age.min(MAX_AGE as u32);
        let s = m.sex as usize;
        p.sex = m.sex;
        p.age = m.age;
        p.birth_date = m.birth_date;
        p.ethnicity = m.ethnicity;
        p.diagnoses.clear();
        p.medications.clear();
        p.encounters.clear();
        let key = derive(self.key, i);

        // Chronic conditions: shared factors, then one liability per condition.
        let mut fr = Rng::keyed(key, T_FACTORS);
        let z = [fr.normal(), fr.normal(), fr.normal(), 0.0];
        let window_start = as_of.add_years(-WINDOW_YEARS);
        let mut obese = false;
        let mut has_ckd = false;
        let mut episodes: Vec<Date> = Vec::new();
        for (c, cond) in hd.conditions.iter().enumerate() {
            let mut r = Rng::keyed(derive(key, T_COND), c as u64);
            if cond.chronic {
                let prev = cond.rate[s][age as usize];
                if prev <= 0.0 {
                    continue;
                }
                let l = cond.factor.loading();
                let liability = l * z[cond.factor.index()] + libm::sqrt(1.0 - l * l) * r.normal();
                if liability <= normal_quantile(1.0 - prev) {
                    continue;
                }
                let onset = self.onset(cond, s, m.age, m.birth_date, &mut r);
                obese |= cond.id == "obesity";
                has_ckd |= cond.id == "chronic_kidney_disease";
                p.diagnoses.push(Diagnosis {
                    condition: c as u16,
                    code: 0, // chosen below, once all conditions are known
                    onset,
                });
            } else {
                // Acute episodes in the window, each its own diagnosis.
                let lambda = cond.rate[s][age as usize] * WINDOW_YEARS as f64;
                let from = Date(window_start.0.max(m.birth_date.add_years(18).0));
                if from.0 > as_of.0 {
                    continue;
                }
                let k = poisson(lambda, &mut r, 50);
                episodes.clear();
                episodes.extend((0..k).map(|_| day_between(from, as_of, &mut r)));
                episodes.sort_unstable();
                // One episode of a condition at a time: another within four weeks is the same
                // one (an infection is not diagnosed twice in a fortnight).
                let mut last: Option<Date> = None;
                for &onset in episodes.iter() {
                    if last.is_some_and(|l| onset.0 - l.0 < ACUTE_GAP_DAYS) {
                        continue;
                    }
                    last = Some(onset);
                    p.diagnoses.push(Diagnosis {
                        condition: c as u16,
                        code: 0,
                        onset,
                    });
                }
            }
        }

        // Type 1 and type 2 diabetes exclude each other: type 1 (autoimmune, and the rarer)
        // wins, which lowers type 2's prevalence by about 0.5% of itself.
        let id_of = |d: &Diagnosis| hd.conditions[d.condition as usize].id;
        if p.diagnoses.iter().any(|d| id_of(d) == "type1_diabetes") {
            p.diagnoses.retain(|d| id_of(d) != "type2_diabetes");
        }

        // Body: BMI agrees with obesity; weight = BMI · height².
        let mut br = Rng::keyed(key, T_BODY);
        let height_sd = if s == 1 { 7.6 } else { 7.1 };
        let shrink = 0.08 * (m.age as f64 - 50.0).max(0.0); // older adults are a little shorter
        let height = (hd.mean_height[s] - shrink + height_sd * br.normal()).clamp(135.0, 215.0);
        let bmi = if obese {
            (30.0 + 5.5 * -libm::log(1.0 - br.f64())).min(70.0)
        } else {
            let mut x = 0.0;
            for _ in 0..16 {
                x = 24.6 + 3.4 * br.normal();
                if (16.5..30.0).contains(&x) {
                    break;
                }
            }
            x.clamp(16.5, 29.99)
        };
        p.height_cm = libm::round(height * 10.0) / 10.0;
        let hm = p.height_cm / 100.0;
        // Round the weight so that the BMI class survives rounding.
        let mut w = libm::round(bmi * hm * hm * 10.0) / 10.0;
        if obese && w / (hm * hm) < 30.0 {
            w += 0.1;
        } else if !obese && w / (hm * hm) >= 30.0 {
            w -= 0.1;
        }
        p.weight_kg = w;
        p.bmi = w / (hm * hm);

        // Codes: the primary one mostly; E11.22 only with kidney disease, E66.01 only at BMI ≥ 40,
        // a late-stage code (CKD stage 3 or 4) only from its own youngest onset age.
        for d in p.diagnoses.iter_mut() {
            let onset_age = m.birth_date.years_until(d.onset).max(0) as u32;
            let cond = &hd.conditions[d.condition as usize];
            let mut r = Rng::keyed(
                derive(derive(key, T_COND), 1000 + d.condition as u64),
                d.onset.0 as u64,
            );
            let primary = cond.codes.iter().position(|k| k.primary).unwrap_or(0);
            d.code = primary as u8;
            if cond.codes.len() > 1 && r.chance(0.3) {
                let k = 1 + r.below(cond.codes.len() as u64 - 1) as usize;
                let k = (primary + k) % cond.codes.len();
                let ok = onset_age >= cond.codes[k].min_onset
                    && match cond.codes[k].code {
                        "E11.22" => has_ckd,
                        "E66.01" => p.bmi >= 40.0,
                        _ => true,
                    };
                if ok {
                    d.code = k as u8;
                }
            }
        }
        p.diagnoses.sort_by_key(|d| (d.onset, d.condition));

        // Insurance: uninsured by sex and age (B27001), else the coverage of the age group.
        let mut ir = Rng::keyed(key, T_INS);
        p.insurance = if ir.chance(hd.uninsured[s][age as usize]) {
            INSURANCE.len() - 1
        } else {
            let g = match m.age {
                0..=18 => 0,
                19..=34 => 1,
                35..=64 => 2,
                _ => 3,
            };
            hd.coverage_labels[g][hd.coverage[g].sample(&mut ir)]
        };
        let group = match crate::data::ETHNICITIES[m.ethnicity as usize] {
            "white" => 1,
            "black" => 2,
            "hispanic" => 3,
            "api" => 4,
            _ => 0,
        };
        p.blood_type = hd.blood[group].sample(&mut ir);

        // Medications: one drug for a treated condition (two of different classes for some
        // hypertension). A person takes at most one chronic drug of a class (so never an ACE
        // inhibitor with an ARB), and only drugs approved in the US before as_of's year: a drug
        // approved after the onset starts after its approval (the patient switched to it).
        let mut mr = Rng::keyed(key, T_MED);
        let mut classes: Vec<&'static str> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for (k, d) in p.diagnoses.iter().enumerate() {
            let cond = &hd.conditions[d.condition as usize];
            if cond.drugs.is_empty()
                || !mr.chance(if cond.chronic {
                    TREATED_CHRONIC
                } else {
                    TREATED_ACUTE
                })
            {
                continue;
            }
            let two = cond.id == "hypertension" && mr.chance(0.3);
            for _ in 0..1 + usize::from(two) {
                candidates.clear();
                candidates.extend((0..cond.drugs.len()).filter(|&x| {
                    let drug = &cond.drugs[x];
                    available(drug).0 <= as_of.0 && !(cond.chronic && classes.contains(&drug.class))
                }));
                if candidates.is_empty() {
                    break; // treated by a drug of a class the person already takes
                }
                let drug = candidates[mr.below(candidates.len() as u64) as usize];
                let delay = mr.below(if cond.chronic { 90 } else { 3 }) as i32;
                let from = available(&cond.drugs[drug]);
                let start = if d.onset.0 + delay > as_of.0 {
                    // Not started by as_of (a drug drawn to start later is not in the record
                    // yet; moving it onto as_of would pile starts there).
                    continue;
                } else if d.onset.0 + delay >= from.0 {
                    Date(d.onset.0 + delay)
                } else {
                    // Switched to it within ten years of its arrival.
                    day_between(
                        from,
                        Date(as_of.0.min(from.add_years(SWITCH_YEARS).0)),
                        &mut mr,
                    )
                };
                let end = if cond.chronic {
                    classes.push(cond.drugs[drug].class);
                    if mr.chance(STOPPED) && start.0 + 30 <= as_of.0 {
                        Some(day_between(Date(start.0 + 30), as_of, &mut mr))
                    } else {
                        None
                    }
                } else {
                    let e = start.0 + 5 + mr.below(10) as i32;
                    (e <= as_of.0).then_some(Date(e))
                };
                p.medications.push(Medication {
                    diagnosis: k as u16,
                    drug: drug as u8,
                    start,
                    end,
                });
            }
        }

        // Encounters: the diagnosis visit of every condition, then routine visits in the window
        // at the NAMCS rate for the age (a follow-up of an ongoing chronic condition when there
        // is one, else a checkup).
        for (k, d) in p.diagnoses.iter().enumerate() {
            p.encounters.push(Encounter {
                date: d.onset,
                kind: 0,
                diagnosis: Some(k as u16),
            });
        }
        let mut vr = Rng::keyed(key, T_VISIT);
        let from = Date(window_start.0.max(m.birth_date.add_years(18).0));
        if from.0 <= as_of.0 {
            let years = (as_of.0 - from.0 + 1) as f64 / 365.2425;
            let rate = hd.visits[age as usize] * hd.visit_sex[s];
            let n = poisson(rate * years, &mut vr, MAX_ROUTINE_VISITS);
            for _ in 0..n {
                let date = day_between(from, as_of, &mut vr);
                let chronic: usize = p
                    .diagnoses
                    .iter()
                    .filter(|d| hd.conditions[d.condition as usize].chronic && d.onset.0 < date.0)
                    .count();
                let (kind, diagnosis) = if chronic > 0 && vr.chance(0.7) {
                    let pick = vr.below(chronic as u64) as usize;
                    let k = p
                        .diagnoses
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| {
                            hd.conditions[d.condition as usize].chronic && d.onset.0 < date.0
                        })
                        .nth(pick)
                        .map(|(k, _)| k as u16);
                    (1, k)
                } else {
                    (2, None)
                };
                p.encounters.push(Encounter {
                    date,
                    kind,
                    diagnosis,
                });
            }
        }
        p.encounters.sort_by_key(|e| (e.date, e.kind, e.diagnosis));
        // One visit a day: a routine visit drawn on a day that already has one (a diagnosis
        // visit, or another routine visit) is that visit. Every diagnosis visit stays.
        let mut seen: Option<Date> = None;
        p.encounters.retain(|e| {
            let keep = e.kind == 0 || seen != Some(e.date);
            seen = Some(e.date);
            keep
        });
    }

    /// A chronic condition's onset: an age drawn from the smoothed prevalence curve up to the
    /// person's age, then a day in that year of life, after birth and not after `as_of`.
    fn onset(&self, cond: &Condition, s: usize, age: u32, birth: Date, r: &mut Rng) -> Date {
        let cdf = &cond.onset_cdf[s];
        let a = (age as usize).min(MAX_AGE);
        let lo_age = (cond.min_onset as usize).min(a);
        let top = cdf[a];
        let onset_age = if top <= 0.0 {
            lo_age
        } else {
            let u = r.f64() * top;
            (lo_age..=a).find(|&x| cdf[x] > u).unwrap_or(a)
        };
        // A day of that year of life, up to as_of in the current one (a day drawn past as_of
        // and moved back onto it would pile the onsets of the current year on as_of).
        let from = Date(birth.add_years(onset_age as i32).0.max(birth.0 + 1));
        let to = Date((birth.add_years(onset_age as i32 + 1).0 - 1).min(self.people.as_of.0));
        day_between(from, Date(to.0.max(from.0)), r)
    }

    pub fn write_mrn(&self, i: u64, out: &mut String) {
        out.push_str("SYN");
        let v = self.mrn_perm.apply(i);
        let mut div = 1_000_000_000;
        while div > 0 {
            out.push((b'0' + (v / div % 10) as u8) as char);
            div /= 10;
        }
    }
}

/// Which of the four tables a cursor writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Patients,
    Conditions,
    Medications,
    Encounters,
}

pub struct HealthCursor {
    t: Health,
    view: View,
    next: u64,
    end: u64,
    cache: BlockCache,
    profile: Profile,
    /// The current person's row within its view, and how many rows it has.
    k: usize,
    rows: usize,
    id: String,
}

impl HealthCursor {
    fn load(&mut self) {
        let i = self.next;
        let h = self.cache.get(&self.t.people, i);
        self.t.profile(i, h, &mut self.profile);
        self.rows = match self.view {
            View::Patients => 1,
            View::Conditions => self.profile.diagnoses.len(),
            View::Medications => self.profile.medications.len(),
            View::Encounters => self.profile.encounters.len(),
        };
        self.id.clear();
        self.t.people.write_uuid(i, &mut self.id);
        self.k = 0;
    }
}

impl RowSource for HealthCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        loop {
            if self.k < self.rows {
                break;
            }
            if self.next >= self.end {
                return false;
            }
            self.load();
            self.next += 1;
        }
        let hd = health();
        let p = &self.profile;
        let i = self.next - 1;
        let k = self.k;
        self.k += 1;
        row.clear();
        match self.view {
            View::Patients => {
                row.text(&self.id);
                row.text_with(|s| self.t.write_mrn(i, s));
                row.text_static(INSURANCE[p.insurance]);
                row.text(&hd.blood_labels[p.blood_type]);
                row.float(p.height_cm);
                row.float(p.weight_kg);
            }
            View::Conditions => {
                let d = &p.diagnoses[k];
                let code = &hd.conditions[d.condition as usize].codes[d.code as usize];
                row.text(&self.id);
                row.text_static(code.code);
                row.text_static(code.description);
                row.date(d.onset);
            }
            View::Medications => {
                let m = &p.medications[k];
                let d = &p.diagnoses[m.diagnosis as usize];
                let cond = &hd.conditions[d.condition as usize];
                let drug = &cond.drugs[m.drug as usize];
                row.text(&self.id);
                row.text_static(drug.rxcui);
                row.text_static(drug.name);
                row.text_static(cond.codes[d.code as usize].code);
                row.date(m.start);
                match m.end {
                    Some(e) => row.date(e),
                    None => row.null(),
                }
            }
            View::Encounters => {
                let e = &p.encounters[k];
                row.int((i * ENCOUNTER_STRIDE + k as u64 + 1) as i64);
                row.text(&self.id);
                row.date(e.date);
                row.text_static(ENCOUNTER_TYPES[e.kind as usize]);
                match e.diagnosis {
                    Some(d) => {
                        let d = &p.diagnoses[d as usize];
                        row.text_static(
                            hd.conditions[d.condition as usize].codes[d.code as usize].code,
                        );
                    }
                    None => row.null(),
                }
            }
        }
        true
    }

    /// Exact for patients; for the other views (a varying number of rows per person, known
    /// only by generating them) the current person's rows left plus one per person to come.
    /// Adapters stream until `next_row` is false and never rely on it.
    fn remaining(&self) -> u64 {
        (self.end - self.next) + (self.rows - self.k) as u64
    }

    fn slice_units(&self) -> u64 {
        self.end - self.next + u64::from(self.k < self.rows)
    }
}

fn open_view(a: &Args, view: View) -> Result<Box<dyn RowSource>> {
    let n = a.int("n")?;
    if n < 0 {
        return Err(Error::invalid(
            "n",
            format!("between 0 and {}", people::MAX_ROWS),
            n,
        ));
    }
    let t = Health::new(n as u64, a.int("seed")?, a.date("as_of")?)?;
    let s = slice_args(a, n as u64)?;
    let first = s.first.min(t.people.n);
    let end = first.saturating_add(s.count).min(t.people.n);
    Ok(Box::new(HealthCursor {
        t,
        view,
        next: first,
        end,
        cache: BlockCache::default(),
        profile: Profile::default(),
        k: 0,
        rows: 0,
        id: String::new(),
    }))
}

pub fn open_patients(a: &Args) -> Result<Box<dyn RowSource>> {
    open_view(a, View::Patients)
}

pub fn open_conditions(a: &Args) -> Result<Box<dyn RowSource>> {
    open_view(a, View::Conditions)
}

pub fn open_medications(a: &Args) -> Result<Box<dyn RowSource>> {
    open_view(a, View::Medications)
}

pub fn open_encounters(a: &Args) -> Result<Box<dyn RowSource>> {
    open_view(a, View::Encounters)
}
