//! `synth_life_events`: the dated history of every person of `synth_people`, agreeing with the
//! people rows, their relatives and their households (see docs/realism.md, "Life events").
//!
//! A person's events come from (seed, person) and the person's block; a household's move-in
//! date from its home, so that its members move together.

use crate::data::data;
use crate::date::Date;
use crate::error::Result;
use crate::fields;
use crate::popdata::{pop, EDUCATION_LABELS, EDUCATION_TIER};
use crate::rng::{derive, tag, Rng};
use crate::schema::{Args, Column, LType, Row};
use crate::tables::family::{Block, DIVORCED, MARRIED, WIDOWED};
use crate::tables::people::{min_age_arg, open_range, People, PersonWalk, MINOR_IDS};
use crate::tables::RowSource;

pub const COLUMNS: &[Column] = &[
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "a person of synth_people with the same arguments",
    },
    Column {
        name: "seq",
        ty: LType::Int32,
        nullable: false,
        doc: "1, 2, ... in date order",
    },
    Column {
        name: "event_date",
        ty: LType::Date,
        nullable: false,
        doc: "between the birth date and as_of",
    },
    Column {
        name: "event_type",
        ty: LType::Text,
        nullable: false,
        doc: "birth, graduation, job_start, move, marriage, child_birth, divorce, widowed or \
              retirement",
    },
    Column {
        name: "detail",
        ty: LType::Json,
        nullable: false,
        doc: "a JSON object (jsonb in PostgreSQL): the level, occupation, ZIPs or person ids of \
              the event",
    },
];

pub const EVENT_TYPES: [&str; 9] = [
    "birth",
    "graduation",
    "job_start",
    "move",
    "marriage",
    "child_birth",
    "divorce",
    "widowed",
    "retirement",
];
const BIRTH: u8 = 0;
const GRADUATION: u8 = 1;
const JOB: u8 = 2;
const MOVE: u8 = 3;
const MARRIAGE: u8 = 4;
const CHILD: u8 = 5;
const DIVORCE: u8 = 6;
const WIDOW: u8 = 7;
const RETIREMENT: u8 = 8;

const T_EVENTS: u64 = tag("synth.life_events");
const T_MOVE_IN: u64 = tag("move-in");
const T_MOVES: u64 = tag("own-moves");
const T_COUPLE: u64 = tag("couple-moves");

/// Where a person lived: (since, ZIP), in date order, the first entry the birth.
type Timeline = Vec<(Date, &'static str)>;

/// The ZIP of a timeline on `date` (its first place before it began).
fn zip_at(tl: &Timeline, date: Date) -> &'static str {
    tl.iter()
        .take_while(|(since, _)| since.0 <= date.0)
        .last()
        .unwrap_or(&tl[0])
        .1
}

/// Appends a stay from `since` in `zip`: a later date than the last stay's (an earlier or equal
/// one replaces nothing and is dropped), and another ZIP (else it is no move).
fn stay(tl: &mut Timeline, since: Date, zip: &'static str) {
    match tl.last() {
        Some(&(d, z)) if since.0 <= d.0 || z == zip => {}
        _ => tl.push((since, zip)),
    }
}

/// The household's move into its home on `since`: a move even within one ZIP (from the home of
/// a parent or a spouse there to this one), so that every member arrives on that date.
fn arrive(tl: &mut Timeline, since: Date, zip: &'static str) {
    if tl.last().is_some_and(|&(d, _)| since.0 > d.0) {
        tl.push((since, zip));
    }
}

/// Follows `other`'s stays strictly between `after` and `before` (a child its parent, a wife
/// her husband).
fn follow(tl: &mut Timeline, other: &Timeline, after: Date, before: Date) {
    for &(since, zip) in other {
        if since.0 > after.0 && since.0 < before.0 {
            stay(tl, since, zip);
        }
    }
}

/// Fewer than `most` moves on days drawn in `[lo, hi]`, each to a ZIP ∝ population other than
/// the one left and `home` (a person's own moves, a couple's).
fn wander(tl: &mut Timeline, most: u64, lo: Date, hi: Date, home: &'static str, r: &mut Rng) {
    let k = r.below(most);
    let mut dates: Vec<Date> = (0..k).map(|_| between(lo, hi, r)).collect();
    dates.sort();
    for date in dates {
        let from = tl.last().expect("a birth").1;
        let to = other_zip(&[from, home], r);
        stay(tl, date, to);
    }
}

/// Occupations that are not jobs.
const NOT_JOBS: [&str; 4] = ["Unemployed", "Retired", "Student", "Not in labor force"];

struct Event {
    date: Date,
    kind: u8,
    detail: String,
}

/// Appends `s` as a JSON string.
fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object in PostgreSQL's jsonb output form (keys by length, then bytes; ": " and ", "),
/// so that the text is the same in every engine. Values are JSON strings or null.
fn object(fields: &mut [(&str, Option<&str>)]) -> String {
    fields.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
    let mut s = String::from("{");
    for (k, (key, value)) in fields.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        json_str(key, &mut s);
        s.push_str(": ");
        match value {
            Some(v) => json_str(v, &mut s),
            None => s.push_str("null"),
        }
    }
    s.push('}');
    s
}

fn between(lo: Date, hi: Date, r: &mut Rng) -> Date {
    if hi.0 <= lo.0 {
        return lo;
    }
    Date(lo.0 + r.below((hi.0 - lo.0 + 1) as u64) as i32)
}

/// A graduation in June of `year`; when that June has not come by `as_of` (a degree earned
/// early), a day between the previous graduation `after` and `as_of` instead of a pile-up on
/// `as_of`.
fn june(year: i32, after: Date, as_of: Date, r: &mut Rng) -> Date {
    let d = Date::from_ymd(year, 6, 1 + r.below(28) as u32).expect("a June date");
    if d.0 < as_of.0 && d.0 >= after.0 {
        d
    } else {
        between(
            Date(after.0.min(as_of.0)),
            Date((as_of.0 - 1).max(after.0)),
            r,
        )
    }
}

/// A ZIP drawn by population other than `not` (a move goes somewhere else).
fn other_zip(not: &[&str], r: &mut Rng) -> &'static str {
    let d = data();
    let mut z = d.zips[fields::zip_index(r)].zip;
    for _ in 0..8 {
        if !not.contains(&z) {
            break;
        }
        z = d.zips[fields::zip_index(r)].zip;
    }
    z
}

pub struct LifeEvents {
    pub people: People,
    key: u64,
}

impl LifeEvents {
    pub fn new(people: People, seed: i64) -> Self {
        LifeEvents {
            people,
            key: derive(seed as u64, T_EVENTS),
        }
    }

    /// The date household `hh` moved into its home: within about 8 years of `as_of`
    /// (exponential), after the 18th birthday of each adult who is not a child of another.
    pub fn move_in(&self, h: &Block, hh: u32) -> Date {
        let as_of = self.people.as_of;
        let home = &h.households[hh as usize];
        let mut lo = Date(i32::MIN);
        for a in home.adults.clone() {
            let m = &h.members[a as usize];
            let child_here = m
                .parents
                .iter()
                .flatten()
                .any(|&p| h.members[p as usize].household == hh);
            if !child_here {
                lo = Date(lo.0.max(m.birth_date.add_years(18).0));
            }
        }
        let mut r = Rng::keyed(derive(self.key, home.home), T_MOVE_IN);
        let years = -8.0 * libm::log(1.0 - r.f64());
        let d = Date(as_of.0 - libm::floor(years * 365.2425) as i32);
        Date(d.0.clamp(lo.0, as_of.0))
    }

    /// The person number of block position `pos` (an adult's global number, or a minor's).
    fn number(h: &Block, pos: u32) -> u64 {
        if pos < h.adults {
            h.first + pos as u64
        } else {
            MINOR_IDS + h.minor_ordinal(pos)
        }
    }

    /// Where the person at `pos` lived from birth, so that relatives agree: a child lives where
    /// the parent it grows up with lives (born there, moving with it) until 18, or until the
    /// household's move-in when it still lives with that parent; an adult on their own moves a
    /// few times from 18; a married couple lives together from the wedding (the wife moves to
    /// the husband's place, then they move together); everyone of a household arrives at its
    /// home on its move-in date, and those born since were born there.
    fn residence(&self, h: &Block, pos: u32, depth: u32) -> Timeline {
        let d = data();
        let m = &h.members[pos as usize];
        let hh = m.household;
        let home_zip = d.zips[h.households[hh as usize].zip].zip;
        let move_in = self.move_in(h, hh);
        let mut tl: Timeline = Vec::with_capacity(8);
        if m.birth_date.0 >= move_in.0 {
            tl.push((m.birth_date, home_zip));
            return tl;
        }
        let mut r = Rng::keyed(derive(self.key, T_MOVES), Self::number(h, pos));
        // The parent it grows up with: one of its household, the mother first; else the mother.
        let parents = || m.parents.iter().flatten().copied();
        let female = |p: &u32| h.members[*p as usize].sex == fields::FEMALE;
        let at_home = |p: &u32| h.members[*p as usize].household == hh;
        let parent = parents()
            .filter(at_home)
            .find(female)
            .or_else(|| parents().find(at_home))
            .or_else(|| parents().find(female))
            .or_else(|| parents().next())
            .filter(|_| depth < 8);
        let with_parent = parent.is_some_and(|p| at_home(&p));
        // A wedding before the move-in to a spouse of the household: the couple lives together
        // from that day.
        let adult_at = m.birth_date.add_years(18);
        let wedding = m
            .marriage_date
            .filter(|md| m.spouse.is_some() && md.0 >= adult_at.0 && md.0 < move_in.0);
        match parent.map(|p| self.residence(h, p, depth + 1)) {
            Some(ptl) => {
                tl.push((m.birth_date, zip_at(&ptl, m.birth_date)));
                let until = if with_parent {
                    wedding.unwrap_or(move_in)
                } else {
                    Date(adult_at.0.min(move_in.0))
                };
                follow(&mut tl, &ptl, m.birth_date, until);
                if with_parent && wedding.is_none() {
                    arrive(&mut tl, move_in, home_zip);
                    return tl;
                }
            }
            None => tl.push((m.birth_date, other_zip(&[home_zip], &mut r))),
        }
        // On their own from 18 until the wedding or the move-in (not when living with the parent
        // until the wedding).
        let own_end = wedding.unwrap_or(move_in);
        if !with_parent && adult_at.0 < own_end.0 {
            wander(&mut tl, 4, adult_at, Date(own_end.0 - 1), home_zip, &mut r);
        }
        if let (Some(md), Some(sp)) = (wedding, m.spouse) {
            let other = &h.members[sp as usize];
            let leads =
                m.sex != other.sex && m.sex == fields::MALE || m.sex == other.sex && pos < sp;
            if !leads {
                // She moves in with him at the wedding, then lives where he does.
                let stl = self.residence(h, sp, depth + 1);
                stay(&mut tl, md, zip_at(&stl, md));
                follow(&mut tl, &stl, md, move_in);
                arrive(&mut tl, move_in, home_zip);
                return tl;
            }
            // The couple's moves between the wedding and the move-in.
            let mut cr = Rng::keyed(derive(self.key, T_COUPLE), Self::number(h, pos));
            wander(
                &mut tl,
                3,
                Date(md.0 + 1),
                Date(move_in.0 - 1),
                home_zip,
                &mut cr,
            );
        }
        arrive(&mut tl, move_in, home_zip);
        tl
    }

    /// The events of block position `pos`, in date order.
    fn events(&self, h: &Block, pos: u32, out: &mut Vec<Event>) {
        out.clear();
        let pd = pop();
        let as_of = self.people.as_of;
        let m = &h.members[pos as usize];
        let adult = pos < h.adults;
        let mut r = Rng::keyed(self.key, Self::number(h, pos));
        let id = |p: u32| {
            let mut s = String::new();
            self.people.id_of(h, p, &mut s);
            s
        };
        // Birth and moves: the person's residence, which agrees with the relatives'.
        let tl = self.residence(h, pos, 0);
        let birth_zip = tl[0].1;
        let (mut mother, mut father) = (None, None);
        for &p in m.parents.iter().flatten() {
            if h.members[p as usize].sex == fields::FEMALE {
                mother = Some(id(p));
            } else {
                father = Some(id(p));
            }
        }
        out.push(Event {
            date: m.birth_date,
            kind: BIRTH,
            detail: object(&mut [
                ("zip", Some(birth_zip)),
                ("mother_id", mother.as_deref()),
                ("father_id", father.as_deref()),
            ]),
        });

        for w in tl.windows(2) {
            out.push(Event {
                date: w[1].0,
                kind: MOVE,
                detail: object(&mut [("from_zip", Some(w[0].1)), ("to_zip", Some(w[1].1))]),
            });
        }

        // Children.
        for &k in &m.kids {
            out.push(Event {
                date: h.members[k as usize].birth_date,
                kind: CHILD,
                detail: object(&mut [("child_id", Some(&id(k)))]),
            });
        }

        // Marital history, ending in the marital status.
        if let Some(md) = m.marriage_date {
            let adult_at = m.birth_date.add_years(18);
            if m.marital == MARRIED && m.age >= 30 && md.0 - adult_at.0 > 3 * 365 && r.chance(0.2) {
                // An earlier marriage that ended in a divorce (the ex-spouse is not generated).
                let m0 = between(adult_at, Date(md.0 - 2 * 365), &mut r);
                let d0 = between(Date(m0.0 + 1), Date(md.0 - 1), &mut r);
                out.push(Event {
                    date: m0,
                    kind: MARRIAGE,
                    detail: object(&mut [("spouse_id", None)]),
                });
                out.push(Event {
                    date: d0,
                    kind: DIVORCE,
                    detail: String::from("{}"),
                });
            }
            let spouse = m.spouse.map(id);
            out.push(Event {
                date: md,
                kind: MARRIAGE,
                detail: object(&mut [("spouse_id", spouse.as_deref())]),
            });
            let end = match m.marital {
                DIVORCED => Some(DIVORCE),
                WIDOWED => Some(WIDOW),
                _ => None,
            };
            if let Some(kind) = end {
                // After the children of the marriage were born, and a widowhood not before 25
                // (none under 25 in the marital-status figures).
                let mut lo = md.0 + 1;
                if let Some(last) = m
                    .kids
                    .iter()
                    .map(|&k| h.members[k as usize].birth_date.0)
                    .max()
                {
                    lo = lo.max(last + 1);
                }
                if kind == WIDOW {
                    lo = lo.max(m.birth_date.add_years(25).0);
                }
                out.push(Event {
                    date: between(Date(lo.min(as_of.0 - 1)), Date(as_of.0 - 1), &mut r),
                    kind,
                    detail: String::from("{}"),
                });
            }
        }

        // Education and work (adults).
        if adult {
            let (p, _) = self.people.person(h.first + pos as u64, h);
            let edu = p.education;
            let year18 = m.birth_date.ymd().0 + 18;
            let mut last_school = m.birth_date.add_years(18);
            let mut graduate = |level: usize, date: Date, out: &mut Vec<Event>| {
                last_school = date;
                out.push(Event {
                    date,
                    kind: GRADUATION,
                    detail: object(&mut [("level", Some(EDUCATION_LABELS[level]))]),
                });
            };
            // An early graduation comes after the previous one and not before the level's
            // usual age (17, 19, 21, 23).
            let at_age = |prev: Date, years: i32| Date(prev.0.max(m.birth_date.add_years(years).0));
            let mut prev = m.birth_date.add_years(17);
            if edu >= 2 {
                prev = june(year18, at_age(prev, 17), as_of, &mut r);
                graduate(2, prev, out);
            }
            match edu {
                4 => graduate(4, june(year18 + 2, at_age(prev, 19), as_of, &mut r), out),
                5 | 6 => {
                    let bachelor = year18 + 4 + r.below(3) as i32;
                    prev = june(bachelor, at_age(prev, 21), as_of, &mut r);
                    graduate(5, prev, out);
                    if edu == 6 {
                        let grad = (bachelor + 1).max(year18 + 6) + r.below(3) as i32;
                        graduate(6, june(grad, at_age(prev, 23), as_of, &mut r), out);
                    }
                }
                _ => {}
            }
            let works = !NOT_JOBS.contains(&p.occupation);
            let retired = p.occupation == "Retired";
            if works || retired {
                let start = between(
                    last_school,
                    Date((last_school.0 + 365).min(as_of.0 - 1)),
                    &mut r,
                );
                let end = if retired {
                    // Retirement around 62 (SSA: the most common claiming age), never before 50,
                    // at an age the person has reached: drawn within [50, age reached] (a draw
                    // past it moved onto it piled retirements up just before as_of).
                    let reached = (as_of.0 - m.birth_date.0) as f64 / 365.2425;
                    let mut at = None;
                    for _ in 0..16 {
                        let x = 62.0 + 3.5 * r.normal();
                        if (50.0..=reached).contains(&x) {
                            at = Some(x);
                            break;
                        }
                    }
                    let at = at.unwrap_or_else(|| 50.0 + r.f64() * (reached - 50.0).max(0.0));
                    let fifty = m.birth_date.add_years(50);
                    let date = (m.birth_date.0 + libm::floor(at * 365.2425) as i32).max(fifty.0);
                    Date(date.max(start.0).min(as_of.0))
                } else {
                    as_of
                };
                let years = (end.0 - start.0) as f64 / 365.2425;
                let jobs = 1 + r.below(1 + (years / 8.0).min(3.0) as u64);
                let mut dates: Vec<Date> = (1..jobs).map(|_| between(start, end, &mut r)).collect();
                dates.push(start);
                dates.sort();
                let tier = EDUCATION_TIER[edu];
                let mut last_job = "";
                for (k, date) in dates.iter().enumerate() {
                    let occupation = if k + 1 == dates.len() && works {
                        p.occupation
                    } else {
                        let age = ((date.0 - m.birth_date.0) as f64 / 365.2425) as u32;
                        pd.occupation_for(tier, edu, age, &mut r).title
                    };
                    last_job = occupation;
                    out.push(Event {
                        date: *date,
                        kind: JOB,
                        detail: object(&mut [("occupation", Some(occupation))]),
                    });
                }
                if retired {
                    out.push(Event {
                        date: end,
                        kind: RETIREMENT,
                        detail: object(&mut [("occupation", Some(last_job))]),
                    });
                }
            }
        }
        out.sort_by_key(|e| (e.date.0, e.kind));
    }
}

/// Events of the people of adults `[next, end)` and of their minors, in people row order.
pub struct LifeEventsCursor {
    t: LifeEvents,
    walk: PersonWalk,
    events: Vec<Event>,
    at: usize,
    id: String,
}

impl RowSource for LifeEventsCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        loop {
            if self.at < self.events.len() {
                let e = &self.events[self.at];
                self.at += 1;
                row.clear();
                row.text(&self.id);
                row.int(self.at as i64);
                row.date(e.date);
                row.text_static(EVENT_TYPES[e.kind as usize]);
                row.text(&e.detail);
                return true;
            }
            let Some((h, p)) = self.walk.next(&self.t.people) else {
                return false;
            };
            self.t.events(h, p, &mut self.events);
            self.at = 0;
            self.id.clear();
            self.t.people.id_of(h, p, &mut self.id);
        }
    }

    fn remaining(&self) -> u64 {
        self.walk.remaining()
    }
}

pub fn open(a: &Args) -> Result<Box<dyn RowSource>> {
    let (people, first, end) = open_range(a)?;
    let min_age = min_age_arg(a)?;
    Ok(Box::new(LifeEventsCursor {
        t: LifeEvents::new(people, a.int("seed")?),
        walk: PersonWalk::new(first, end, min_age),
        events: Vec::new(),
        at: 0,
        id: String::new(),
    }))
}
