//! Reference figures shared by the statistical tests.

/// Age bands the tests compare against the Census.
pub const AGE_BANDS: [(usize, usize); 7] = [
    (18, 24),
    (25, 34),
    (35, 44),
    (45, 54),
    (55, 64),
    (65, 74),
    (75, 90),
];

/// Share of the 18..=90 population in ages lo..=hi, from the embedded 2024 estimates.
pub fn census_age_share(lo: usize, hi: usize) -> f64 {
    let mut pop = [0.0f64; 91];
    for l in include_str!("../../data/age.csv").lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let a: usize = f[0].parse().unwrap();
        if (18..=90).contains(&a) {
            pop[a] = f[1].parse().unwrap();
        }
    }
    pop[lo..=hi].iter().sum::<f64>() / pop.iter().sum::<f64>()
}

/// Surnames that are predominantly Hispanic (P(hispanic | surname) > 0.5 in the Census 2010
/// surname file), in the title case the generators write.
pub fn hispanic_surnames() -> std::collections::HashSet<String> {
    include_str!("../../data/surnames.csv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[7].parse::<f64>().unwrap() > 0.5).then(|| synth_core::data::title_case(f[0]))
        })
        .collect()
}
