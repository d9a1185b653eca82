//! Rules for a people table: the constraints every row must meet, and the correlations the
//! population must show (reference figures and their sources in docs/realism.md).

use super::{
    date_of, int_of, locate, median, none, num_of, share, share_near, text_hash, text_of, too_few,
    zero, CheckResult, Checker, Offenders,
};
use crate::data::{data, Zip};
use crate::date::Date;
use crate::error::Result;
use crate::schema::Value;
use std::collections::{HashMap, HashSet};

const READS: [&str; 15] = [
    "person_id",
    "gender",
    "birth_date",
    "age",
    "marital_status",
    "marriage_date",
    "number_of_children",
    "education",
    "occupation",
    "annual_income",
    "email",
    "phone",
    "city",
    "state",
    "zip",
];

/// Married share by age band, both sexes (ACS 2018, table B12002, "now married except
/// separated"), and the distance the generator may keep from it (its households are built from
/// the same figures by sex, so the mixed share drifts a little).
const MARRIED_BANDS: [(&str, i64, i64, f64); 4] = [
    ("married_share_25_29", 25, 29, 0.2919),
    ("married_share_30_34", 30, 34, 0.4962),
    ("married_share_45_49", 45, 49, 0.6343),
    ("married_share_65_74", 65, 74, 0.6244),
];
const MARRIED_SLACK: f64 = 0.05;

/// Rows a relation needs before it is assessed.
const NEED: u64 = 200;

#[derive(Default)]
struct Tally {
    hits: u64,
    of: u64,
}

impl Tally {
    fn add(&mut self, hit: bool) {
        self.hits += u64::from(hit);
        self.of += 1;
    }
}

#[derive(Default)]
struct Mean {
    sum: f64,
    sq: f64,
    n: u64,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.sq += x * x;
        self.n += 1;
    }
    /// The standard error of the mean.
    fn se(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let m = self.get();
        let var = (self.sq / self.n as f64 - m * m).max(0.0) * self.n as f64 / (self.n - 1) as f64;
        (var / self.n as f64).sqrt()
    }
    fn get(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / self.n as f64
        }
    }
}

/// Checks a people table streamed row by row.
pub struct PeopleChecker {
    as_of: Date,
    at: [usize; 15],
    rows: u64,
    ids: HashSet<u64>,
    emails: HashSet<u64>,
    zips: HashMap<&'static str, &'static Zip>,
    bad_age: Offenders,
    bad_birth: Offenders,
    bad_status: Offenders,
    bad_values: Offenders,
    occupations: HashSet<&'static str>,
    bad_marriage: Offenders,
    young_widows: u64,
    bad_children: Offenders,
    bad_income: Offenders,
    dup_ids: Offenders,
    bad_uuid: Offenders,
    dup_emails: Offenders,
    bad_zip: Offenders,
    bad_area_code: Offenders,
    married: [Tally; 4],
    married_under_20: Tally,
    widowed_under_60: Tally,
    widowed_60_up: Tally,
    kids_under_25: Mean,
    kids_40_49: Mean,
    kids_35_44_married: Mean,
    kids_35_44_single: Mean,
    income_under_25: Vec<f64>,
    income_45_54: Vec<f64>,
    income_high_school: Vec<f64>,
    income_bachelor: Vec<f64>,
    retired_65_74: Tally,
    women: Tally,
}

fn uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'4'
        && matches!(b[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b')
}

fn working(occupation: &str) -> bool {
    !matches!(
        occupation,
        "Retired" | "Student" | "Unemployed" | "Not in labor force"
    )
}

impl PeopleChecker {
    pub fn with_columns(as_of: Date, columns: &[&str]) -> Result<Self> {
        Ok(PeopleChecker {
            as_of,
            at: locate("people", columns, READS)?,
            rows: 0,
            ids: HashSet::new(),
            emails: HashSet::new(),
            zips: data().zips.iter().map(|z| (z.zip, z)).collect(),
            bad_age: Offenders::default(),
            bad_birth: Offenders::default(),
            bad_status: Offenders::default(),
            bad_values: Offenders::default(),
            occupations: crate::popdata::pop()
                .occupations
                .iter()
                .map(|o| o.title)
                .chain(["Retired", "Student", "Unemployed", "Not in labor force"])
                .collect(),
            bad_marriage: Offenders::default(),
            young_widows: 0,
            bad_children: Offenders::default(),
            bad_income: Offenders::default(),
            dup_ids: Offenders::default(),
            bad_uuid: Offenders::default(),
            dup_emails: Offenders::default(),
            bad_zip: Offenders::default(),
            bad_area_code: Offenders::default(),
            married: Default::default(),
            married_under_20: Tally::default(),
            widowed_under_60: Tally::default(),
            widowed_60_up: Tally::default(),
            kids_under_25: Mean::default(),
            kids_40_49: Mean::default(),
            kids_35_44_married: Mean::default(),
            kids_35_44_single: Mean::default(),
            income_under_25: Vec::new(),
            income_45_54: Vec::new(),
            income_high_school: Vec::new(),
            income_bachelor: Vec::new(),
            retired_65_74: Tally::default(),
            women: Tally::default(),
        })
    }

    fn push_row(&mut self, row: &[Value<'_>]) {
        let [id, gender, birth, age, status, married_on, kids, edu, occ, income, email, phone, city, state, zip] =
            self.at.map(|i| row[i]);
        self.rows += 1;
        let key = text_of(id).unwrap_or("NULL");
        match text_of(id) {
            Some(s) => {
                self.dup_ids.hit(!self.ids.insert(text_hash(s)), key);
                self.bad_uuid.hit(!uuid_v4(s), key);
            }
            None => self.bad_uuid.hit(true, key),
        }
        if let Some(e) = text_of(email) {
            self.dup_emails
                .hit(!self.emails.insert(text_hash(&e.to_ascii_lowercase())), key);
        }
        // Values from the table's own lists: a gender, an education level and an occupation.
        let known = matches!(text_of(gender), Some("female" | "male"))
            && text_of(edu).is_some_and(|e| crate::popdata::EDUCATION_LABELS.contains(&e))
            && text_of(occ).is_some_and(|o| self.occupations.contains(o));
        self.bad_values.hit(!known, key);
        let age = int_of(age).unwrap_or(-1);
        let birth = date_of(birth);
        self.bad_birth.hit(
            birth.is_none_or(|b| b.years_until(self.as_of) as i64 != age),
            key,
        );
        if (0..18).contains(&age) {
            // A minor of synth_people(min_age below 18): never married, no children, no email
            // or phone of its own; the household's address. Not part of the adult statistics.
            let status = text_of(status).unwrap_or("");
            self.bad_status.hit(status != "single", key);
            self.bad_marriage.hit(date_of(married_on).is_some(), key);
            self.bad_children.hit(int_of(kids) != Some(0), key);
            self.bad_income
                .hit(!num_of(income).is_some_and(|x| x >= 0.0), key);
            let zip_ok = text_of(zip)
                .and_then(|z| self.zips.get(z))
                .is_some_and(|z| text_of(state) == Some(z.state) && text_of(city) == Some(z.city));
            self.bad_zip.hit(!zip_ok, key);
            return;
        }
        self.bad_age.hit(!(18..=90).contains(&age), key);
        let status = text_of(status).unwrap_or("");
        let married_on = date_of(married_on);
        match status {
            "single" => self.bad_marriage.hit(married_on.is_some(), key),
            "married" | "divorced" | "widowed" => {
                let ok = match (married_on, birth) {
                    (Some(m), Some(b)) => m >= b.add_years(18) && m <= self.as_of,
                    _ => false,
                };
                self.bad_marriage.hit(!ok, key);
            }
            _ => self.bad_status.hit(true, key),
        }
        if status == "widowed" && age < 25 {
            self.young_widows += 1;
        }
        let kids = int_of(kids);
        let kids_ok = kids.is_some_and(|k| (0..=8).contains(&k) && (age >= 20 || k <= 3));
        self.bad_children.hit(!kids_ok, key);
        let kids = kids.unwrap_or(0) as f64;
        let income = num_of(income);
        self.bad_income.hit(!income.is_some_and(|x| x >= 0.0), key);
        let income = income.unwrap_or(0.0);
        match text_of(zip).and_then(|z| self.zips.get(z)) {
            Some(z) => {
                self.bad_zip.hit(
                    text_of(state) != Some(z.state) || text_of(city) != Some(z.city),
                    key,
                );
                let area_ok = text_of(phone).is_some_and(|p| {
                    p.starts_with(z.area_code) && p[z.area_code.len()..].starts_with('-')
                });
                self.bad_area_code.hit(!area_ok, key);
            }
            None => {
                self.bad_zip.hit(true, key);
                self.bad_area_code.hit(true, key);
            }
        }

        // Correlations.
        let is_married = status == "married";
        for (k, &(_, lo, hi, _)) in MARRIED_BANDS.iter().enumerate() {
            if (lo..=hi).contains(&age) {
                self.married[k].add(is_married);
            }
        }
        if age < 20 {
            self.married_under_20.add(is_married);
        }
        if age >= 60 {
            self.widowed_60_up.add(status == "widowed");
        } else {
            self.widowed_under_60.add(status == "widowed");
        }
        if age < 25 {
            self.kids_under_25.add(kids);
        }
        if (40..50).contains(&age) {
            self.kids_40_49.add(kids);
        }
        if (35..45).contains(&age) {
            match status {
                "married" => self.kids_35_44_married.add(kids),
                "single" => self.kids_35_44_single.add(kids),
                _ => {}
            }
        }
        let occ = text_of(occ).unwrap_or("");
        if working(occ) && income > 0.0 {
            if age < 25 {
                self.income_under_25.push(income);
            } else if (45..55).contains(&age) {
                self.income_45_54.push(income);
            }
            if age >= 25 {
                match text_of(edu) {
                    Some("High school graduate") => self.income_high_school.push(income),
                    Some("Bachelor's degree") => self.income_bachelor.push(income),
                    _ => {}
                }
            }
        }
        if (65..75).contains(&age) {
            self.retired_65_74.add(occ == "Retired");
        }
        if let Some(g) = text_of(gender) {
            self.women.add(g == "female");
        }
    }

    pub fn finish(mut self) -> Vec<CheckResult> {
        let mut out = vec![
            none("age_in_18_90", "adults' ages outside 18..90 (minors of min_age below 18: 0..17)", &self.bad_age, "person_id"),
            none("birth_date_agrees_with_age", "birth dates that do not give the age at as_of", &self.bad_birth, "person_id"),
            none("marital_status_known", "statuses other than single, married, divorced, widowed", &self.bad_status, "person_id"),
            none("gender_education_occupation_known", "genders other than female/male, or education or occupation outside the table's lists", &self.bad_values, "person_id"),
            none("marriage_date_iff_ever_married_after_18", "marriage dates missing, present for single people, before the 18th birthday or after as_of", &self.bad_marriage, "person_id"),
            zero("no_widows_under_25", "widowed people under 25", self.young_widows),
            none("children_plausible_for_age", "children counts outside 0..8 (0..3 under 20)", &self.bad_children, "person_id"),
            none("income_non_negative", "missing or negative incomes", &self.bad_income, "person_id"),
            none("person_id_unique", "repeated person_ids", &self.dup_ids, "person_id"),
            none("person_id_uuid_v4", "person_ids that are not UUID v4", &self.bad_uuid, "person_id"),
            none("emails_unique", "repeated emails", &self.dup_emails, "person_id"),
            none("zip_city_state_agree", "rows whose ZIP is unknown or whose city/state is not the ZIP's", &self.bad_zip, "person_id"),
            none("phone_area_code_of_zip", "phones without the ZIP's area code", &self.bad_area_code, "person_id"),
        ];
        for (k, &(rule, lo, hi, want)) in MARRIED_BANDS.iter().enumerate() {
            let t = &self.married[k];
            let what = format!("married share of ages {lo}-{hi}: ACS");
            out.push(
                too_few(rule, format!("{what} {want:.3}"), t.of, NEED)
                    .unwrap_or_else(|| share_near(rule, &what, t.hits, t.of, want, MARRIED_SLACK)),
            );
        }
        let t = &self.married_under_20;
        let got = share(t.hits, t.of);
        let tol = 0.05 + 4.0 * (0.05 * 0.95 / t.of.max(1) as f64).sqrt();
        out.push(
            too_few("rarely_married_under_20", "< 0.05".into(), t.of, NEED).unwrap_or(
                CheckResult {
                    rule: "rarely_married_under_20",
                    expected: format!("married share of ages 18-19 < {tol:.3}"),
                    observed: format!("{got:.4} ({} of {})", t.hits, t.of),
                    passed: got < tol,
                },
            ),
        );
        let (w0, w1) = (&self.widowed_under_60, &self.widowed_60_up);
        let (s0, s1) = (share(w0.hits, w0.of), share(w1.hits, w1.of));
        out.push(
            too_few(
                "widowhood_rises_after_60",
                "widowed share 60+ > 5 × under 60".into(),
                w0.of.min(w1.of),
                NEED,
            )
            .unwrap_or(CheckResult {
                rule: "widowhood_rises_after_60",
                expected: "widowed share 60+ > 5 × under 60".into(),
                observed: format!("{s1:.4} vs {s0:.4}"),
                passed: s1 > 5.0 * s0,
            }),
        );
        let (young, mid) = (self.kids_under_25.get(), self.kids_40_49.get());
        // 1.6..2.4, widened by 4 standard errors of the sample means.
        let (se_y, se_m) = (4.0 * self.kids_under_25.se(), 4.0 * self.kids_40_49.se());
        let expected = format!(
            "mean children under 25 < {:.2}, ages 40-49 in {:.2}..{:.2} (0.5, 1.6..2.4 ± 4 SE)",
            0.5 + se_y,
            1.6 - se_m,
            2.4 + se_m
        );
        out.push(
            too_few(
                "children_rise_with_age",
                expected.clone(),
                self.kids_under_25.n.min(self.kids_40_49.n),
                NEED,
            )
            .unwrap_or(CheckResult {
                rule: "children_rise_with_age",
                expected,
                observed: format!("{young:.2} under 25, {mid:.2} at 40-49"),
                passed: young < 0.5 + se_y && (1.6 - se_m..=2.4 + se_m).contains(&mid),
            }),
        );
        let (m, s) = (self.kids_35_44_married.get(), self.kids_35_44_single.get());
        out.push(
            too_few(
                "married_have_more_children",
                "ages 35-44: married mean children > never married + 0.5".into(),
                self.kids_35_44_married.n.min(self.kids_35_44_single.n),
                NEED / 4,
            )
            .unwrap_or(CheckResult {
                rule: "married_have_more_children",
                expected: "ages 35-44: married mean children > never married + 0.5".into(),
                observed: format!("{m:.2} married, {s:.2} never married"),
                passed: m > s + 0.5,
            }),
        );
        let ratio_rule =
            |rule: &'static str, what: &str, lo: &mut Vec<f64>, hi: &mut Vec<f64>, min: f64| {
                let expected = format!("{what} > {min} ×");
                let have = lo.len().min(hi.len()) as u64;
                too_few(rule, expected.clone(), have, NEED / 4).unwrap_or_else(|| {
                    let (a, b) = (median(lo), median(hi));
                    CheckResult {
                        rule,
                        expected,
                        observed: format!("{b:.0} vs {a:.0} ({:.2} ×)", b / a.max(1.0)),
                        passed: b > min * a,
                    }
                })
            };
        out.push(ratio_rule(
            "income_rises_with_age",
            "median income of workers 45-54 vs under 25",
            &mut self.income_under_25,
            &mut self.income_45_54,
            1.4,
        ));
        out.push(ratio_rule(
            "income_rises_with_education",
            "median income of workers 25+ with a bachelor's vs high school",
            &mut self.income_high_school,
            &mut self.income_bachelor,
            1.3,
        ));
        let t = &self.retired_65_74;
        let what = "retired share of ages 65-74: CPS";
        out.push(
            too_few("retired_share_65_74", format!("{what} 0.640"), t.of, NEED).unwrap_or_else(
                || share_near("retired_share_65_74", what, t.hits, t.of, 0.64, 0.05),
            ),
        );
        let t = &self.women;
        let what = "female share of adults: Census";
        out.push(
            too_few("female_share", format!("{what} 0.508"), t.of, NEED)
                .unwrap_or_else(|| share_near("female_share", what, t.hits, t.of, 0.508, 0.01)),
        );
        out
    }
}

impl Checker for PeopleChecker {
    fn push(&mut self, row: &[Value<'_>]) {
        self.push_row(row)
    }

    fn finish(self: Box<Self>) -> Vec<CheckResult> {
        PeopleChecker::finish(*self)
    }
}
