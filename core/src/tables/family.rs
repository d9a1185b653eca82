//! The population of families behind `synth_people`, `synth_relationships` and
//! `synth_households`.
//!
//! Adults are generated in blocks of [`BLOCK`] adult slots, each block from (seed, block)
//! alone, so that any row is reached by generating one block. A block is built in five steps:
//!
//! 1. **Adults.** Slots come in pairs; a pair is a married couple with the married share of US
//!    adults, else two unmarried adults, with the calibrated age, sex and marital-status draws
//!    of the people issue (so the adult age distribution and marital status by age are those of
//!    the cited tables whatever the family links do).
//! 2. **Children.** Each couple, and each unmarried adult, draws its children ever born from
//!    the mother's age (CPS 2018) and spaces the births from a first birth around the NCHS mean
//!    age. A child under 18 becomes a minor of the household; a child of 18 or more is linked to
//!    an adult of the block of about the planned age who has no parents yet (never the spouse of
//!    a sibling), or is not born when none fits. So `number_of_children` is always the number of
//!    child links, and every child is a person of the population.
//! 3. **Lineage.** In generation order, a child takes the ethnicity of its mother (its parent)
//!    and the surname of its father (its parent); a wife's surname then follows her husband's
//!    at the Pew shares.
//! 4. **Households.** Young never-married childless adults live with their parents at the
//!    ACS rate, widowed or divorced people over 65 move in with an adult child at times, some
//!    unmarried childless adults share a home; the others live alone or with their spouse and
//!    minors.
//! 5. **Order.** Adults are numbered household by household (a couple next to each other), so
//!    that slices by adult number keep households whole within a block.

use crate::data::data;
use crate::date::Date;
use crate::fields::{self, FEMALE, MALE};
use crate::popdata::pop;
use crate::rng::{derive, tag, Rng};

/// Adult slots per block.
pub const BLOCK: u64 = 256;

pub const SINGLE: u8 = 0;
pub const MARRIED: u8 = 1;
pub const DIVORCED: u8 = 2;
pub const WIDOWED: u8 = 3;

const T_PAIR: u64 = tag("pair");
const T_BLOCK: u64 = tag("family-block");
const T_ZIP: u64 = tag("family-zip");

/// Relationship names of [`Block::relatives`].
pub const RELATIONSHIPS: [&str; 6] = [
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "grandchild",
];

/// Household types, in the order of ACS B11003/B11010 (see docs/realism.md).
pub const HOUSEHOLD_TYPES: [&str; 6] = [
    "married_with_children",
    "married_without_children",
    "single_parent",
    "other_family",
    "living_alone",
    "roommates",
];

/// A person of a block: an adult (positions `0..adults`) or a minor (after them).
#[derive(Clone, Debug)]
pub struct Member {
    pub sex: u8,
    pub age: u32,
    pub birth_date: Date,
    pub ethnicity: u8,
    pub last_name: String,
    pub marital: u8,
    pub marriage_date: Option<Date>,
    /// Number of child links (children ever born who are people of the population).
    pub children: u32,
    /// Index into [`Block::households`].
    pub household: u32,
    /// Block positions of the spouse, the parents and the children.
    pub spouse: Option<u32>,
    pub parents: [Option<u32>; 2],
    pub kids: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct HouseholdRec {
    /// Block positions of the adults (contiguous) and of the minors.
    pub adults: std::ops::Range<u32>,
    pub minors: Vec<u32>,
    /// Block position of the householder.
    pub householder: u32,
    /// Index into [`HOUSEHOLD_TYPES`].
    pub kind: u8,
    /// The ZIP (index into `data().zips`) and the key of the street and coordinates.
    pub zip: usize,
    pub home: u64,
}

impl HouseholdRec {
    pub fn size(&self) -> u32 {
        self.adults.len() as u32 + self.minors.len() as u32
    }
}

/// The people of one block: `members[..adults]` are the adults in order, the rest minors.
#[derive(Clone, Debug)]
pub struct Block {
    pub index: u64,
    /// Global number of the block's first adult.
    pub first: u64,
    pub adults: u32,
    pub members: Vec<Member>,
    pub households: Vec<HouseholdRec>,
}

impl Block {
    /// Adult `i` (a global adult number inside this block).
    pub fn adult(&self, i: u64) -> &Member {
        &self.members[(i - self.first) as usize]
    }

    /// A stable id for the household of a block position: its first adult's number + 1.
    pub fn household_id(&self, h: u32) -> u64 {
        self.first + self.households[h as usize].adults.start as u64 + 1
    }

    /// The minors aged `min_age` or more who follow adult `i` in row order (those of its
    /// household when `i` is the household's last adult).
    pub fn minors_after(&self, i: u64, min_age: u32) -> impl Iterator<Item = u32> + '_ {
        let pos = (i - self.first) as u32;
        let hh = &self.households[self.members[pos as usize].household as usize];
        let last = pos + 1 == hh.adults.end;
        hh.minors
            .iter()
            .copied()
            .filter(move |&p| last && self.members[p as usize].age >= min_age)
    }

    /// The relatives of block position `pos` in the order of `synth_relationships`: spouse,
    /// parents, children, siblings, grandparents, grandchildren.
    pub fn relatives(&self, pos: u32, out: &mut Vec<(u32, u8)>) {
        out.clear();
        let m = &self.members[pos as usize];
        if let Some(s) = m.spouse {
            out.push((s, 0));
        }
        let parents = || m.parents.iter().flatten().copied();
        out.extend(parents().map(|p| (p, 1)));
        out.extend(m.kids.iter().map(|&k| (k, 2)));
        if let Some(p) = m.parents[0] {
            let sibs = self.members[p as usize].kids.iter();
            out.extend(sibs.filter(|&&k| k != pos).map(|&k| (k, 3)));
        }
        for p in parents() {
            let gp = self.members[p as usize].parents.iter().flatten();
            out.extend(gp.map(|&g| (g, 4)));
        }
        for &k in &m.kids {
            out.extend(self.members[k as usize].kids.iter().map(|&g| (g, 5)));
        }
    }

    /// A minor's ordinal, unique over the population (for its id).
    pub fn minor_ordinal(&self, pos: u32) -> u64 {
        (self.index << 12) | (pos - self.adults) as u64
    }
}

/// One adult as first drawn, before links.
struct Draft {
    sex: u8,
    age: u32,
    birth: Date,
    eth: u8,
    birth_name: &'static str,
    marital: u8,
    md: Option<Date>,
    unit: u32,
    parent_unit: Option<u32>,
    /// A wife without parents in the block takes her husband's ethnicity (90%).
    eth_follows: bool,
    /// The draw deciding a wife's surname (Pew shares).
    name_u: f64,
    last: String,
}

struct Unit {
    /// Draft indices of the unit's adults (one, or a couple).
    adults: Vec<u32>,
    zip: usize,
    home: u64,
    /// Children: adults as draft indices, minors as indices into `minors`.
    adult_kids: Vec<u32>,
    minor_kids: Vec<u32>,
    host: u32,
    /// Why the unit lives in another unit's home (1 with parents, 2 with a child, 3 shares,
    /// 4 with a sibling).
    moved: u8,
}

struct MinorDraft {
    sex: u8,
    age: u32,
    birth: Date,
    unit: u32,
    eth: u8,
    last: String,
}

pub fn birth_date_for(age: u32, as_of: Date, rng: &mut Rng) -> Date {
    let hi = as_of.add_years(-(age as i32));
    let lo = Date(as_of.add_years(-(age as i32 + 1)).0 + 1);
    Date(lo.0 + rng.below((hi.0 - lo.0 + 1) as u64) as i32)
}

fn truncated_normal(mean: f64, sd: f64, lo: f64, hi: f64, rng: &mut Rng) -> f64 {
    for _ in 0..8 {
        let x = mean + sd * rng.normal();
        if (lo..=hi).contains(&x) {
            return x;
        }
    }
    (lo + hi) / 2.0
}

/// A marriage date: the woman's (or the person's) age at marriage ~ Normal(median age at first
/// marriage, 5.5) within [18, age], after both spouses' 18th birthdays, not after `as_of`.
fn marriage_date(births: &[Date], median: f64, age: u32, as_of: Date, rng: &mut Rng) -> Date {
    // The age reached by the day before `as_of`, so that no marriage piles up on `as_of`.
    let reached = ((as_of.0 - 1 - births[0].0) as f64 / 365.2425).min(age as f64 + 0.99);
    let m = truncated_normal(median, 5.5, 18.0, reached.max(18.0), rng);
    let d = Date(births[0].0 + libm::floor(m * 365.2425) as i32);
    let adult = births
        .iter()
        .map(|b| b.add_years(18))
        .max()
        .expect("a spouse");
    if d.0 >= adult.0 {
        return Date(d.0.min(as_of.0 - 1).max(adult.0));
    }
    // Before the younger spouse's 18th birthday: within the year after it instead.
    let last = (adult.0 + 365).min(as_of.0 - 1).max(adult.0);
    Date(adult.0 + rng.below((last - adult.0 + 1) as u64) as i32)
}

/// Children ever born to a woman of `female_age` (CPS 2018), fewer for the never married and
/// more for the others: with probability [`MARITAL_COUPLING`] the draw's quantile is taken from
/// the never-married share of the age (ACS) at the bottom of the distribution or from the rest at
/// the top, else it is free; either way the mixture over all women of the age is exactly the
/// CPS distribution.
fn children(female_age: u32, never_married: bool, rng: &mut Rng) -> u32 {
    let p = pop();
    let a = female_age.clamp(15, 50);
    let row = p
        .children
        .iter()
        .find(|c| (c.0..=c.1).contains(&a))
        .unwrap_or(&p.children[p.children.len() - 1]);
    let probs = row.2;
    let s = p.never_married[FEMALE as usize][a.clamp(18, 90) as usize];
    let v = rng.f64();
    let coupled = rng.chance(MARITAL_COUPLING);
    let total: f64 = probs.iter().sum();
    let mut u = total
        * match (coupled, never_married) {
            (false, _) => v,
            (true, true) => s * v,
            (true, false) => s + (1.0 - s) * v,
        };
    let mut k = 6;
    for (i, &x) in probs.iter().enumerate() {
        if u < x {
            k = i;
            break;
        }
        u -= x;
    }
    let kids = match k {
        0..=4 => k as u32,
        5 => 5 + rng.below(2) as u32,
        _ => 7 + rng.below(2) as u32,
    };
    kids.min(female_age.saturating_sub(14) / 2 + 1)
}

/// How strongly children ever born follow marital status (see [`children`]).
const MARITAL_COUPLING: f64 = 0.6;

/// Share of never-married childless adults with parents in the population who live with them,
/// by age (calibrated to ACS B09021's 34% of 18–34 year olds living as a child of the
/// householder; see docs/realism.md).
fn at_home_share(age: u32) -> f64 {
    match age {
        18..=21 => 0.78,
        22..=25 => 0.52,
        26..=29 => 0.35,
        30..=34 => 0.22,
        35..=44 => 0.12,
        45..=64 => 0.06,
        _ => 0.0,
    }
}

/// Share of widowed or divorced people of 60 or more with an adult child in the population who live
/// in the child's household.
const ELDER_WITH_CHILD: f64 = 0.3;
/// Share of single parents under 35 living with their parents who live there with their children.
const THREE_GENERATIONS: f64 = 0.5;
/// Share of families whose unmarried adult children live elsewhere that have two of them share a home.
const SIBLINGS_TOGETHER: f64 = 0.3;
/// Share of the other unmarried, childless adults who look for another to share a home with
/// (an unmarried partner or a roommate of the same decade of age and ethnicity): 18–34, 35–64, 65 and over
/// (calibrated to the shares living alone by age in ACS B09021).
const SHARE_HOME: [f64; 3] = [0.75, 0.5, 0.35];
/// Share of unmarried fathers whose children are people of the population (their minors live
/// with them: ACS B11003 has 26% of one-parent families with own children headed by a man).
const FATHER_KEEPS: f64 = 0.35;

pub struct Builder {
    pub key: u64,
    pub n: u64,
    pub as_of: Date,
}

impl Builder {
    /// The adults of pair `p` (global pair number): a couple or two unmarried adults (one at
    /// the end of an odd n).
    fn pair(&self, p: u64, unit: u32, drafts: &mut Vec<Draft>, units: &mut Vec<Unit>) {
        let pd = pop();
        let d = data();
        let hk = derive(derive(self.key, T_PAIR), p);
        let mut hr = Rng::new(hk);
        let alone_at_end = self.n % 2 == 1 && p == self.n / 2;
        let couple = !alone_at_end && hr.chance(pd.married_share);
        if couple {
            let zip = fields::zip_index(&mut hr);
            let z = &d.zips[zip];
            let (mut h_age, mut w_age) = (40, 38);
            for _ in 0..64 {
                h_age = pd.husband_age.sample(&mut hr) as u32;
                let (lo, hi) = pd.gap_bins[pd.gap_alias.sample(&mut hr)];
                let a = h_age as i32 - hr.range(lo as i64, hi as i64) as i32;
                if (18..=90).contains(&a) {
                    w_age = a as u32;
                    if hr.f64() < pd.wife_accept[w_age as usize] {
                        break;
                    }
                }
            }
            let h_eth = fields::ethnicity_in_zip(z, &mut hr);
            let eth_follows = hr.chance(0.9);
            let w_eth = if eth_follows {
                h_eth
            } else {
                fields::ethnicity_in_zip(z, &mut hr)
            };
            let h_name = fields::surname(h_eth, &mut hr);
            let w_name = fields::surname(w_eth, &mut hr);
            let name_u = hr.f64();
            let h_birth = birth_date_for(h_age, self.as_of, &mut hr);
            let w_birth = birth_date_for(w_age, self.as_of, &mut hr);
            let md = marriage_date(&[w_birth, h_birth], 28.3, w_age, self.as_of, &mut hr);
            let husband = Draft {
                sex: MALE,
                age: h_age,
                birth: h_birth,
                eth: h_eth,
                birth_name: h_name,
                marital: MARRIED,
                md: Some(md),
                unit,
                parent_unit: None,
                eth_follows: false,
                name_u: 0.0,
                last: String::new(),
            };
            let wife = Draft {
                sex: FEMALE,
                age: w_age,
                birth: w_birth,
                eth: w_eth,
                birth_name: w_name,
                marital: MARRIED,
                md: Some(md),
                unit,
                parent_unit: None,
                eth_follows,
                name_u,
                last: String::new(),
            };
            let first = drafts.len() as u32;
            if hr.below(2) == 0 {
                drafts.push(husband);
                drafts.push(wife);
            } else {
                drafts.push(wife);
                drafts.push(husband);
            }
            units.push(Unit {
                adults: vec![first, first + 1],
                zip,
                home: hk,
                adult_kids: Vec::new(),
                minor_kids: Vec::new(),
                host: unit,
                moved: 0,
            });
        } else {
            let slots = if alone_at_end { 1 } else { 2 };
            for s in 0..slots {
                let home = derive(hk, 100 + s);
                let u = unit + s as u32;
                let zip = self.single(home, u, drafts);
                units.push(Unit {
                    adults: vec![drafts.len() as u32 - 1],
                    zip,
                    home,
                    adult_kids: Vec::new(),
                    minor_kids: Vec::new(),
                    host: u,
                    moved: 0,
                });
            }
        }
    }

    fn single(&self, home: u64, unit: u32, drafts: &mut Vec<Draft>) -> usize {
        let pd = pop();
        let r = &mut Rng::new(home);
        let zip = fields::zip_index(r);
        let z = &data().zips[zip];
        let sex = if r.chance(pd.single_female_share) {
            FEMALE
        } else {
            MALE
        };
        let age = pd.single_age[sex as usize].sample(r) as u32;
        let [wid, div, _] = pd.unmarried_status[sex as usize][age as usize];
        let u = r.f64();
        let marital = if u < wid {
            WIDOWED
        } else if u < wid + div {
            DIVORCED
        } else {
            SINGLE
        };
        let eth = fields::ethnicity_in_zip(z, r);
        let name = fields::surname(eth, r);
        let birth = birth_date_for(age, self.as_of, r);
        let median = if sex == FEMALE { 28.3 } else { 30.1 };
        let md = (marital != SINGLE).then(|| marriage_date(&[birth], median, age, self.as_of, r));
        drafts.push(Draft {
            sex,
            age,
            birth,
            eth,
            birth_name: name,
            marital,
            md,
            unit,
            parent_unit: None,
            eth_follows: false,
            name_u: 0.0,
            last: String::new(),
        });
        zip
    }

    /// Block `b` of the population of `n` adults.
    pub fn block(&self, b: u64) -> Block {
        let first = b * BLOCK;
        let slots = self.n.saturating_sub(first).min(BLOCK) as u32;
        let mut drafts: Vec<Draft> = Vec::with_capacity(slots as usize);
        let mut units: Vec<Unit> = Vec::with_capacity(slots as usize);
        for q in 0..slots.div_ceil(2) {
            let u = units.len() as u32;
            self.pair(first / 2 + q as u64, u, &mut drafts, &mut units);
        }
        let mut r = Rng::keyed(derive(self.key, T_BLOCK), b);
        let mut minors: Vec<MinorDraft> = Vec::new();
        self.link_children(&mut drafts, &mut units, &mut minors, &mut r);
        lineage(&mut drafts, &mut units, &mut minors);
        arrange_homes(&drafts, &mut units, &mut r);
        assemble(b, first, drafts, units, minors)
    }

    /// Plans each unit's children and links the adult ones to adults of the block.
    fn link_children(
        &self,
        drafts: &mut [Draft],
        units: &mut [Unit],
        minors: &mut Vec<MinorDraft>,
        r: &mut Rng,
    ) {
        // Adults without parents yet, by age.
        let mut pool: Vec<Vec<u32>> = vec![Vec::new(); 91];
        for (k, d) in drafts.iter().enumerate() {
            pool[d.age as usize].push(k as u32);
        }
        for u in 0..units.len() {
            let ad = units[u].adults.clone();
            let ages: Vec<(u8, u32)> = ad
                .iter()
                .map(|&k| (drafts[k as usize].sex, drafts[k as usize].age))
                .collect();
            let (mother_age, youngest, marital, single_father) = if ages.len() == 2 {
                let w = ages.iter().find(|a| a.0 == FEMALE).expect("a wife").1;
                let h = ages.iter().find(|a| a.0 == MALE).expect("a husband").1;
                (w, w.min(h), MARRIED, false)
            } else {
                let d = &drafts[ad[0] as usize];
                if d.sex == FEMALE {
                    (d.age, d.age, d.marital, false)
                } else {
                    (d.age.saturating_sub(2), d.age, d.marital, true)
                }
            };
            let k = children(mother_age, marital == SINGLE, r);
            // A single father's children live with him, or are his ex-partner's (not generated).
            if k == 0 || youngest < 16 || (single_father && !r.chance(FATHER_KEEPS)) {
                continue;
            }
            // A child is at most youngest − 16 years old, so each parent was 15 or more at its
            // birth whatever the days of birth; the mother at most 45.
            let max_child = (youngest - 16).min(mother_age);
            let min_child = mother_age.saturating_sub(45);
            // Birth ages: the first around the NCHS mean age at first birth, then one to four
            // years apart, squeezed so that the last is not after the mother's age (or 45).
            let cap = mother_age.min(45);
            let room = cap.saturating_sub(k - 1).max(15);
            let first_at = libm::floor(truncated_normal(26.0, 5.0, 15.0, room as f64 + 0.99, r));
            let mut at = first_at as u32;
            // Birth dates of the children linked so far: no two of them less than a year
            // apart (no twins; a real birth interval is at least about ten months).
            let mut born: Vec<Date> = Vec::with_capacity(k as usize);
            let spaced = |born: &[Date], b: Date| born.iter().all(|s| (s.0 - b.0).abs() >= 365);
            for j in 0..k {
                if j > 0 {
                    at += 1 + r.below(4) as u32;
                }
                at = at.min(cap.saturating_sub(k - 1 - j));
                let c = (mother_age - at).clamp(min_child, max_child);
                if c >= 18 {
                    // Try the planned age, then one and two years either side.
                    let mut found = None;
                    'ages: for off in [0i32, -1, 1, -2, 2, -3, 3] {
                        let a = c as i32 + off;
                        if a < 18 || a > max_child as i32 || (a as u32) < min_child {
                            continue;
                        }
                        let bucket = &pool[a as usize];
                        for (bi, &cand) in bucket.iter().enumerate().rev() {
                            let cd = &drafts[cand as usize];
                            if cd.unit as usize == u || !spaced(&born, cd.birth) {
                                continue;
                            }
                            // Never the spouse of a sibling.
                            let cu = &units[cd.unit as usize];
                            if cu.adults.len() == 2
                                && cu.adults.iter().any(|&o| {
                                    o != cand && drafts[o as usize].parent_unit == Some(u as u32)
                                })
                            {
                                continue;
                            }
                            found = Some((a as usize, bi, cand));
                            break 'ages;
                        }
                    }
                    if let Some((a, bi, cand)) = found {
                        pool[a].swap_remove(bi);
                        drafts[cand as usize].parent_unit = Some(u as u32);
                        units[u].adult_kids.push(cand);
                        born.push(drafts[cand as usize].birth);
                    }
                } else {
                    let sex = if r.chance(0.512) { MALE } else { FEMALE };
                    // Born on any day of the year of its age; a birth within a year of a
                    // sibling's is a year younger instead, drawn again in that year (squeezing
                    // it into the end of its year piled births up in the last weeks before
                    // each birthday, and in December for as_of on 1 January); not born when
                    // the mother would be past 45.
                    let mut c = c;
                    let mut birth = birth_date_for(c, self.as_of, r);
                    while !spaced(&born, birth) && c > min_child {
                        c -= 1;
                        birth = birth_date_for(c, self.as_of, r);
                    }
                    if !spaced(&born, birth) {
                        continue;
                    }
                    born.push(birth);
                    units[u].minor_kids.push(minors.len() as u32);
                    minors.push(MinorDraft {
                        sex,
                        age: c,
                        birth,
                        unit: u as u32,
                        eth: 0,
                        last: String::new(),
                    });
                }
            }
        }
    }
}

/// The unit's mother (or its one adult), whose ethnicity children take.
fn lineage_of(drafts: &[Draft], unit: &Unit) -> (u8, String) {
    let mother = unit
        .adults
        .iter()
        .map(|&k| &drafts[k as usize])
        .find(|d| d.sex == FEMALE)
        .unwrap_or(&drafts[unit.adults[0] as usize]);
    let father = unit
        .adults
        .iter()
        .map(|&k| &drafts[k as usize])
        .find(|d| d.sex == MALE)
        .unwrap_or(mother);
    (mother.eth, father.last.clone())
}

/// Ethnicity and surnames, parents before children.
fn lineage(drafts: &mut [Draft], units: &mut [Unit], minors: &mut [MinorDraft]) {
    // Generation depth: a unit comes after the units of its members' parents.
    let mut depth = vec![0u32; units.len()];
    for _ in 0..8 {
        let mut changed = false;
        for u in 0..units.len() {
            let dpt = units[u]
                .adults
                .iter()
                .filter_map(|&k| drafts[k as usize].parent_unit)
                .map(|pu| depth[pu as usize] + 1)
                .max()
                .unwrap_or(0);
            if dpt > depth[u] {
                depth[u] = dpt;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut order: Vec<u32> = (0..units.len() as u32).collect();
    order.sort_by_key(|&u| depth[u as usize]);
    for u in order {
        let unit = &units[u as usize];
        let ad = unit.adults.clone();
        let mut moved_eth = None;
        for &k in &ad {
            if let Some(pu) = drafts[k as usize].parent_unit {
                let (eth, name) = lineage_of(drafts, &units[pu as usize]);
                let d = &mut drafts[k as usize];
                d.eth = eth;
                d.last = name;
                if moved_eth.is_none() || d.sex == MALE {
                    moved_eth = Some(eth);
                }
            } else {
                let d = &mut drafts[k as usize];
                d.last = d.birth_name.to_string();
            }
        }
        // A family's own home is where people of its (inherited) ethnicity live.
        if let Some(eth) = moved_eth {
            let unit = &mut units[u as usize];
            unit.zip = fields::zip_for_ethnicity(eth, &mut Rng::keyed(unit.home, T_ZIP));
        }
        if ad.len() == 2 {
            let (hi, wi) = if drafts[ad[0] as usize].sex == MALE {
                (ad[0], ad[1])
            } else {
                (ad[1], ad[0])
            };
            let h_last = drafts[hi as usize].last.clone();
            let h_eth = drafts[hi as usize].eth;
            let w = &mut drafts[wi as usize];
            if w.parent_unit.is_none() && w.eth_follows {
                w.eth = h_eth;
            }
            // Pew Research Center: 79% of married women took their husband's surname, 5%
            // hyphenated.
            let own = std::mem::take(&mut w.last);
            w.last = if w.name_u < 0.79 {
                h_last
            } else if w.name_u < 0.84 && own != h_last {
                format!("{own}-{h_last}")
            } else {
                own
            };
        }
        let (eth, name) = lineage_of(drafts, &units[u as usize]);
        for &m in &units[u as usize].minor_kids {
            let md = &mut minors[m as usize];
            md.eth = eth;
            md.last = name.clone();
        }
    }
}

/// Who lives with whom: sets each unit's host.
fn arrange_homes(drafts: &[Draft], units: &mut [Unit], r: &mut Rng) {
    let n = units.len();
    let single = |units: &[Unit], u: usize| units[u].adults.len() == 1;
    let childless =
        |units: &[Unit], u: usize| units[u].adult_kids.is_empty() && units[u].minor_kids.is_empty();
    let mut hosts_others = vec![false; n];
    // Adults at home with their parents: the childless at the ACS rates by age, young single
    // parents with their children (three generations) at times.
    for u in 0..n {
        if !single(units, u) || !units[u].adult_kids.is_empty() {
            continue;
        }
        let d = &drafts[units[u].adults[0] as usize];
        let p = if childless(units, u) {
            at_home_share(d.age)
        } else if d.age < 35 {
            THREE_GENERATIONS
        } else {
            0.0
        };
        if let (SINGLE | DIVORCED, Some(pu)) = (d.marital, d.parent_unit) {
            if r.chance(p) {
                units[u].host = pu;
                units[u].moved = 1;
                hosts_others[pu as usize] = true;
            }
        }
    }
    // Older widowed or divorced parents with an adult child.
    for u in 0..n {
        if !single(units, u) || units[u].host != u as u32 || hosts_others[u] {
            continue;
        }
        let d = &drafts[units[u].adults[0] as usize];
        if d.age < 60 || !(d.marital == WIDOWED || d.marital == DIVORCED) {
            continue;
        }
        let kid_unit = units[u]
            .adult_kids
            .iter()
            .map(|&k| drafts[k as usize].unit)
            .find(|&cu| units[cu as usize].host == cu);
        if let Some(cu) = kid_unit {
            if r.chance(ELDER_WITH_CHILD) {
                units[u].host = cu;
                units[u].moved = 2;
                hosts_others[cu as usize] = true;
            }
        }
    }
    // Unmarried adult siblings who share a home.
    for u in 0..n {
        let free: Vec<u32> = units[u]
            .adult_kids
            .iter()
            .map(|&k| drafts[k as usize].unit)
            .filter(|&cu| {
                single(units, cu as usize)
                    && units[cu as usize].host == cu
                    && !hosts_others[cu as usize]
                    && units[cu as usize].minor_kids.is_empty()
            })
            .collect();
        if free.len() >= 2 && r.chance(SIBLINGS_TOGETHER) {
            units[free[1] as usize].host = free[0];
            units[free[1] as usize].moved = 4;
            hosts_others[free[0] as usize] = true;
        }
    }
    // Unmarried adults who share a home (a single parent's partner joins the parent's home).
    let mut waiting: [[Option<usize>; 6]; 10] = [[None; 6]; 10];
    for u in 0..n {
        if !single(units, u) || units[u].host != u as u32 || hosts_others[u] {
            continue;
        }
        let d = &drafts[units[u].adults[0] as usize];
        let (age, eth) = (d.age, d.eth as usize);
        let band = match age {
            0..=34 => 0,
            35..=64 => 1,
            _ => 2,
        };
        if !r.chance(SHARE_HOME[band]) {
            continue;
        }
        // Roommates are unrelated: two siblings are not paired this way.
        let slot = &mut waiting[(age / 10) as usize][eth];
        if let Some(w) = *slot {
            let parents = |x: usize| drafts[units[x].adults[0] as usize].parent_unit;
            if parents(w).is_some() && parents(w) == parents(u) {
                continue;
            }
        }
        match slot.take() {
            Some(w) => {
                let (host, guest) = if units[u].minor_kids.is_empty() {
                    (w, u)
                } else if units[w].minor_kids.is_empty() {
                    (u, w)
                } else {
                    // Two single parents: left as they are.
                    continue;
                };
                units[guest].host = host as u32;
                units[guest].moved = 3;
                hosts_others[host] = true;
            }
            None => waiting[(age / 10) as usize][eth] = Some(u),
        }
    }
}

/// Numbers the people household by household and fills the links.
fn assemble(
    b: u64,
    first: u64,
    drafts: Vec<Draft>,
    units: Vec<Unit>,
    minors: Vec<MinorDraft>,
) -> Block {
    let n_adults = drafts.len() as u32;
    let mut guests: Vec<Vec<u32>> = vec![Vec::new(); units.len()];
    for (u, unit) in units.iter().enumerate() {
        if unit.host != u as u32 {
            guests[unit.host as usize].push(u as u32);
        }
    }
    let mut pos_of_draft = vec![0u32; drafts.len()];
    let mut pos_of_minor = vec![0u32; minors.len()];
    let mut order: Vec<u32> = Vec::with_capacity(drafts.len());
    let mut minor_order: Vec<u32> = Vec::with_capacity(minors.len());
    let mut households = Vec::new();
    let mut household_of_unit = vec![0u32; units.len()];
    for (u, unit) in units.iter().enumerate() {
        if unit.host != u as u32 {
            continue;
        }
        let h = households.len() as u32;
        let start = order.len() as u32;
        let members: Vec<u32> = std::iter::once(u as u32)
            .chain(guests[u].iter().copied())
            .collect();
        let mut kids: Vec<u32> = Vec::new();
        for &mu in &members {
            household_of_unit[mu as usize] = h;
            for &k in &units[mu as usize].adults {
                pos_of_draft[k as usize] = order.len() as u32;
                order.push(k);
            }
            kids.extend(units[mu as usize].minor_kids.iter().copied());
        }
        kids.sort_by_key(|&m| minors[m as usize].birth.0);
        let mut mpos = Vec::with_capacity(kids.len());
        for m in kids {
            pos_of_minor[m as usize] = n_adults + minor_order.len() as u32;
            mpos.push(pos_of_minor[m as usize]);
            minor_order.push(m);
        }
        let end = order.len() as u32;
        let couple = unit.adults.len() == 2;
        let own_minors = !unit.minor_kids.is_empty();
        let kind = if couple {
            if own_minors {
                0
            } else {
                1
            }
        } else if own_minors {
            2
        } else if guests[u].iter().any(|&g| units[g as usize].moved != 3) {
            3
        } else if guests[u].is_empty() {
            4
        } else {
            5
        };
        households.push(HouseholdRec {
            adults: start..end,
            minors: mpos,
            householder: start,
            kind,
            zip: unit.zip,
            home: unit.home,
        });
    }
    let parents_of = |pu: Option<u32>| -> [Option<u32>; 2] {
        match pu {
            None => [None, None],
            Some(pu) => {
                let a = &units[pu as usize].adults;
                [
                    Some(pos_of_draft[a[0] as usize]),
                    a.get(1).map(|&k| pos_of_draft[k as usize]),
                ]
            }
        }
    };
    let kids_of = |u: u32| -> Vec<u32> {
        let unit = &units[u as usize];
        let mut v: Vec<(i32, u32)> = unit
            .adult_kids
            .iter()
            .map(|&k| (drafts[k as usize].birth.0, pos_of_draft[k as usize]))
            .chain(
                unit.minor_kids
                    .iter()
                    .map(|&m| (minors[m as usize].birth.0, pos_of_minor[m as usize])),
            )
            .collect();
        v.sort();
        v.into_iter().map(|x| x.1).collect()
    };
    let mut members = Vec::with_capacity(order.len() + minor_order.len());
    for &k in &order {
        let d = &drafts[k as usize];
        let unit = &units[d.unit as usize];
        let spouse = unit
            .adults
            .iter()
            .find(|&&o| o != k)
            .map(|&o| pos_of_draft[o as usize]);
        let kids = kids_of(d.unit);
        members.push(Member {
            sex: d.sex,
            age: d.age,
            birth_date: d.birth,
            ethnicity: d.eth,
            last_name: d.last.clone(),
            marital: d.marital,
            marriage_date: d.md,
            children: kids.len() as u32,
            household: household_of_unit[d.unit as usize],
            spouse,
            parents: parents_of(d.parent_unit),
            kids,
        });
    }
    for &m in &minor_order {
        let md = &minors[m as usize];
        members.push(Member {
            sex: md.sex,
            age: md.age,
            birth_date: md.birth,
            ethnicity: md.eth,
            last_name: md.last.clone(),
            marital: SINGLE,
            marriage_date: None,
            children: 0,
            household: household_of_unit[units[md.unit as usize].host as usize],
            spouse: None,
            parents: parents_of(Some(md.unit)),
            kids: Vec::new(),
        });
    }
    Block {
        index: b,
        first,
        adults: n_adults,
        members,
        households,
    }
}
