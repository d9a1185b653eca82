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
