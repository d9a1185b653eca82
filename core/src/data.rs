//! Reference tables embedded in the library (see `core/data/README.md` for provenance), parsed
//! once per process on first use and sampled with alias tables.

use crate::alias::Alias;
use std::sync::OnceLock;

/// The six race/ethnicity categories of the Census surname file, in its column order.
pub const ETHNICITIES: [&str; 6] = ["white", "black", "api", "native", "multiple", "hispanic"];

pub struct Zip {
    pub zip: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    pub county: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub area_code: &'static str,
    pub population: u32,
    /// Cumulative race shares (the ZIP's mix), for a draw by one uniform.
    pub race_cum: [f64; 6],
}

pub struct Named {
    pub name: &'static str,
    pub weight: f64,
}

pub struct Data {
    pub zips: Vec<Zip>,
    pub zip_alias: Alias,
    /// Surnames in title case, and per ethnicity an alias table ∝ freq × P(ethnicity | surname).
    pub surnames: Vec<String>,
    pub surname_alias: Vec<Alias>,
    /// First names in title case; `first_alias[ethnicity][gender]` (gender 0 = female, 1 = male)
    /// samples indices into `first_by_gender[gender]`.
    pub first_by_gender: [Vec<String>; 2],
    pub first_alias: Vec<[Alias; 2]>,
    /// Adult ages 18..=90 with their 2024 population, and the female share at each age.
    pub age_alias: Alias,
    pub female_share: [f64; 91],
    pub cities: Vec<(&'static str, &'static str)>,
    pub city_alias: Alias,
    pub states: Vec<State>,
}

pub struct State {
    pub code: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    pub division: &'static str,
}

pub const MIN_ADULT_AGE: u32 = 18;
pub const MAX_AGE: u32 = 90;

static DATA: OnceLock<Data> = OnceLock::new();

/// The parsed reference data (parsed on first call, then shared).
pub fn data() -> &'static Data {
    DATA.get_or_init(load)
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("embedded data: bad number {s:?}"))
}

/// Irish surnames the Census file writes without their apostrophe (OBRIEN is O'Brien).
const O_NAMES: [&str; 46] = [
    "OBANNON",
    "OBOYLE",
    "OBRIANT",
    "OBRIEN",
    "OBRYAN",
    "OCALLAGHAN",
    "OCONNELL",
    "OCONNER",
    "OCONNOR",
    "ODANIEL",
    "ODAY",
    "ODOHERTY",
    "ODONNELL",
    "ODONOGHUE",
    "ODONOVAN",
    "ODWYER",
    "OFARRELL",
    "OGORMAN",
    "OGRADY",
    "OHAGAN",
    "OHAIR",
    "OHALLORAN",
    "OHARA",
    "OHARE",
    "OHEARN",
    "OHERN",
    "OKANE",
    "OKEEFE",
    "OKEEFFE",
    "OKELLY",
    "OLEARY",
    "OLOUGHLIN",
    "OMAHONY",
    "OMALLEY",
    "OMARA",
    "OMEARA",
    "ONEAL",
    "ONEIL",
    "ONEILL",
    "OQUINN",
    "OREILLY",
    "OROARK",
    "OROURKE",
    "OSHEA",
    "OSULLIVAN",
    "OTOOLE",
];

/// Spanish surnames of several words the Census file writes as one (DELACRUZ is De la Cruz).
const SPANISH_PARTICLES: [(&str, &str); 28] = [
    ("DELACERDA", "De la Cerda"),
    ("DELACRUZ", "De la Cruz"),
    ("DELACUEVA", "De la Cueva"),
    ("DELAFUENTE", "De la Fuente"),
    ("DELAGARZA", "De la Garza"),
    ("DELAGUARDIA", "De la Guardia"),
    ("DELAGUILA", "Del Aguila"),
    ("DELAHOYA", "De la Hoya"),
    ("DELAHOZ", "De la Hoz"),
    ("DELALUZ", "De la Luz"),
    ("DELAMORA", "De la Mora"),
    ("DELANGEL", "Del Angel"),
    ("DELANUEZ", "De la Nuez"),
    ("DELAO", "De la O"),
    ("DELAPAZ", "De la Paz"),
    ("DELAPENA", "De la Pena"),
    ("DELAPORTILLA", "De la Portilla"),
    ("DELAPUENTE", "De la Puente"),
    ("DELARA", "De Lara"),
    ("DELARIVA", "De la Riva"),
    ("DELAROCA", "De la Roca"),
    ("DELAROSA", "De la Rosa"),
    ("DELATORRE", "De la Torre"),
    ("DELATRINIDAD", "De la Trinidad"),
    ("DELAVEGA", "De la Vega"),
    ("DELOSANGELES", "De los Angeles"),
    ("DELOSRIOS", "De los Rios"),
    ("DELOSSANTOS", "De los Santos"),
];

pub fn title_case(upper: &str) -> String {
    // MCDONALD → McDonald; names of three letters or fewer (e.g. MCC) stay plain.
    if upper.len() > 3 && upper.starts_with("MC") {
        return format!("Mc{}", title_case(&upper[2..]));
    }
    if O_NAMES.contains(&upper) {
        return format!("O'{}", title_case(&upper[1..]));
    }
    if let Some((_, name)) = SPANISH_PARTICLES.iter().find(|(u, _)| *u == upper) {
        return name.to_string();
    }
    let mut out = String::with_capacity(upper.len());
    let mut start = true;
    for ch in upper.chars() {
        if start {
            out.extend(ch.to_uppercase());
        } else {
            out.extend(ch.to_lowercase());
        }
        start = !ch.is_alphabetic();
    }
    out
}

fn load() -> Data {
    let mut zips = Vec::new();
    for r in rows(include_str!("../data/zips.csv")) {
        let mut cum = [0.0; 6];
        let mut acc = 0.0;
        for k in 0..6 {
            acc += num(r[8 + k]);
            cum[k] = acc;
        }
        for c in cum.iter_mut() {
            *c /= acc;
        }
        zips.push(Zip {
            zip: r[0],
            city: r[1],
            state: r[2],
            county: r[3],
            lat: num(r[4]),
            lon: num(r[5]),
            area_code: r[6],
            population: num(r[7]) as u32,
            race_cum: cum,
        });
    }
    let zip_alias = Alias::new(&zips.iter().map(|z| z.population as f64).collect::<Vec<_>>());

    let mut surnames = Vec::new();
    let mut sw: Vec<Vec<f64>> = vec![Vec::new(); 6];
    for r in rows(include_str!("../data/surnames.csv")) {
        surnames.push(title_case(r[0]));
        let f = num(r[1]);
        for (k, w) in sw.iter_mut().enumerate() {
            w.push(f * num(r[2 + k]));
        }
    }
    let surname_alias = sw.iter().map(|w| Alias::new(w)).collect();

    let mut first_by_gender: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut fw: Vec<[Vec<f64>; 2]> = (0..6).map(|_| [Vec::new(), Vec::new()]).collect();
    for r in rows(include_str!("../data/first_names.csv")) {
        let g = usize::from(r[1] == "male");
        first_by_gender[g].push(title_case(r[0]));
        // P(first | race, sex) ∝ frequency within the sex × P(race | first), as for surnames.
        let f = num(r[2]);
        for (k, w) in fw.iter_mut().enumerate() {
            w[g].push(f * num(r[3 + k]));
        }
    }
    let first_alias = fw
        .iter()
        .map(|[f, m]| [Alias::new(f), Alias::new(m)])
        .collect();

    let mut age_w = vec![0.0; (MAX_AGE + 1) as usize];
    let mut female_share = [0.5; 91];
    for r in rows(include_str!("../data/age.csv")) {
        let a = num(r[0]) as usize;
        if a <= MAX_AGE as usize {
            if a >= MIN_ADULT_AGE as usize {
                age_w[a] = num(r[1]);
            }
            female_share[a] = num(r[3]) / num(r[1]);
        }
    }
    let age_alias = Alias::new(&age_w);

    let mut cities = Vec::new();
    let mut cw = Vec::new();
    for r in rows(include_str!("../data/cities.csv")) {
        // City names may contain commas only when quoted; the derived file has none.
        cities.push((r[0], r[1]));
        cw.push(num(r[2]));
    }
    let city_alias = Alias::new(&cw);

    let states = rows(include_str!("../data/states.csv"))
        .map(|r| State {
            code: r[0],
            name: r[1],
            region: r[3],
            division: r[4],
        })
        .collect();

    Data {
        zips,
        zip_alias,
        surnames,
        surname_alias,
        first_by_gender,
        first_alias,
        age_alias,
        female_share,
        cities,
        city_alias,
        states,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_and_is_consistent() {
        let d = data();
        assert!(d.zips.len() > 20_000);
        assert!(d.surnames.len() > 50_000);
        assert!(d.first_by_gender[0].len() > 1000 && d.first_by_gender[1].len() > 500);
        assert_eq!(d.states.len(), 51);
        for z in &d.zips {
            assert!(d.states.iter().any(|s| s.code == z.state), "{}", z.zip);
            assert!((z.race_cum[5] - 1.0).abs() < 1e-9);
        }
        assert_eq!(title_case("MCDONALD"), "McDonald");
        assert_eq!(title_case("OBRIEN"), "O'Brien");
        assert_eq!(title_case("ODELL"), "Odell");
        assert_eq!(title_case("DELACRUZ"), "De la Cruz");
        assert_eq!(title_case("DELGADO"), "Delgado");
        assert_eq!(title_case("MARY-ANN"), "Mary-Ann");
    }
}
