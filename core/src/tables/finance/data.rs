//! The finance reference figures (`core/data/finance/`, provenance in its README), parsed once.

use std::sync::OnceLock;

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines) into fields.
pub fn split_csv(line: &'static str) -> Vec<&'static str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        if i < b.len() && b[i] == b'"' {
            // A quoted field: runs to the closing quote ("" inside is an escaped quote; none of
            // the shipped fields we read keep one, so the raw slice is returned).
            let start = i + 1;
            let mut j = start;
            while j < b.len() {
                if b[j] == b'"' {
                    if j + 1 < b.len() && b[j + 1] == b'"' {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            out.push(&line[start..j.min(b.len())]);
            i = j + 1;
            if i >= b.len() {
                break;
            }
            i += 1; // the comma
        } else {
            let start = i;
            while i < b.len() && b[i] != b',' {
                i += 1;
            }
            out.push(&line[start..i]);
            if i >= b.len() {
                break;
            }
            i += 1;
        }
    }
    out
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(split_csv)
}

fn num(s: &str) -> f64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("embedded finance data: bad number {s:?}"))
}

/// One IIN range of a card network.
#[derive(Clone, Copy, Debug)]
pub struct Network {
    pub brand: &'static str,
    pub from: u64,
    pub to: u64,
    pub digits: u32,
    /// The number length we issue: 16 (15 for American Express), the first listed length.
    pub length: usize,
}

/// One merchant category code of the shipped list.
#[derive(Clone, Copy, Debug)]
pub struct Mcc {
    pub code: &'static str,
    pub description: &'static str,
    /// The editorial CE category (may be empty, or two keys separated by `;`).
    pub spend_category: &'static str,
}

pub struct FinData {
    /// CE 2019 mean income before taxes of the five income quintiles.
    pub quintile_income: [f64; 5],
    /// CE 2019 means per consumer unit: `(category key, [q1..q5])`.
    pub ce: Vec<(&'static str, [f64; 5])>,
    /// SHED 2019 unbanked share of adults by family income: `(income_min, share)` ascending.
    pub unbanked: Vec<(f64, f64)>,
    /// SCPC 2019 credit-card ownership of households: below $40,000 and from $75,000.
    pub card_low: f64,
    pub card_high: f64,
    /// BLS CES February 2023, all private establishments: weekly, biweekly, semimonthly, monthly.
    pub pay_frequency: [f64; 4],
    /// ACS 2018 B25007: `(age_min, share of householders who own)`.
    pub owner_by_age: Vec<(u32, f64)>,
    /// ACS 2018 B25027: `(age_min, share of owners with a mortgage)`.
    pub mortgage_by_age: Vec<(u32, f64)>,
    /// ACS 2018 B25088 medians: monthly owner costs with and without a mortgage.
    pub owner_costs_with_mortgage: f64,
    pub owner_costs_without_mortgage: f64,
    pub networks: Vec<Network>,
    pub mcc: Vec<Mcc>,
}

impl FinData {
    /// The CE figures of one category.
    pub fn ce(&self, key: &str) -> [f64; 5] {
        self.ce
            .iter()
            .find(|c| c.0 == key)
            .unwrap_or_else(|| panic!("expenditure_by_income.csv has no {key}"))
            .1
    }

    pub fn mcc(&self, code: &str) -> Option<&Mcc> {
        self.mcc.iter().find(|m| m.code == code)
    }
}

static DATA: OnceLock<FinData> = OnceLock::new();

pub fn fin_data() -> &'static FinData {
    DATA.get_or_init(load)
}

fn load() -> FinData {
    let mut ce = Vec::new();
    for r in rows(include_str!(
        "../../../data/finance/expenditure_by_income.csv"
    )) {
        ce.push((
            r[1],
            [num(r[5]), num(r[6]), num(r[7]), num(r[8]), num(r[9])],
        ));
    }
    let quintile_income = ce
        .iter()
        .find(|c| c.0 == "income_before_taxes")
        .expect("income row")
        .1;

    let mut unbanked = Vec::new();
    let (mut card_low, mut card_high) = (f64::NAN, f64::NAN);
    for r in rows(include_str!("../../../data/finance/account_ownership.csv")) {
        // source,year,unit,measure,group_type,income_min,income_max,share
        match (r[0], r[3], r[4]) {
            ("SHED", "unbanked", "family_income") => {
                // The table's "*" (< 0.5%) is an empty cell: read as 0.
                let share = if r[7].is_empty() { 0.0 } else { num(r[7]) };
                unbanked.push((num(r[5]), share));
            }
            ("SCPC", "has_credit_card", _) => {
                if num(r[5]) == 0.0 {
                    card_low = num(r[7]);
                } else {
                    card_high = num(r[7]);
                }
            }
            _ => {}
        }
    }
    assert!(unbanked.len() == 3 && card_low.is_finite() && card_high.is_finite());

    let mut pay_frequency = [0.0; 4];
    for r in rows(include_str!("../../../data/finance/pay_frequency.csv")) {
        if r[0] == "2023-02" && r[1] == "all" {
            for k in 0..4 {
                pay_frequency[k] = num(r[5 + k]);
            }
        }
    }
    assert!(pay_frequency[0] > 0.0);

    let mut owner_by_age = Vec::new();
    for r in rows(include_str!(
        "../../../data/finance/housing_tenure_by_age.csv"
    )) {
        // The last row is the total (15 and over).
        if r[1].is_empty() && r[0] == "15" {
            continue;
        }
        owner_by_age.push((num(r[0]) as u32, num(r[5])));
    }
    let mut mortgage_by_age = Vec::new();
    for r in rows(include_str!(
        "../../../data/finance/owner_mortgage_by_age.csv"
    )) {
        if r[1].is_empty() && r[0] == "15" {
            continue;
        }
        mortgage_by_age.push((num(r[0]) as u32, num(r[5])));
    }

    let (mut with_m, mut without_m) = (f64::NAN, f64::NAN);
    for r in rows(include_str!("../../../data/finance/housing_costs.csv")) {
        match (r[0], r[1]) {
            ("median_monthly_owner_costs", "with_mortgage") => with_m = num(r[2]),
            ("median_monthly_owner_costs", "without_mortgage") => without_m = num(r[2]),
            _ => {}
        }
    }

    let mut networks = Vec::new();
    for r in rows(include_str!("../../../data/finance/card_networks.csv")) {
        // network,prefix_from,prefix_to,prefix_digits,lengths,...
        let length = r[4]
            .split(';')
            .next()
            .map(|l| num(l) as usize)
            .expect("a length");
        networks.push(Network {
            brand: r[0],
            from: num(r[1]) as u64,
            to: num(r[2]) as u64,
            digits: num(r[3]) as u32,
            length,
        });
    }

    let mcc = rows(include_str!("../../../data/finance/mcc_codes.csv"))
        .map(|r| Mcc {
            code: r[0],
            description: r[1],
            spend_category: r.get(4).copied().unwrap_or(""),
        })
        .collect();

    FinData {
        quintile_income,
        ce,
        unbanked,
        card_low,
        card_high,
        pay_frequency,
        owner_by_age,
        mortgage_by_age,
        owner_costs_with_mortgage: with_m,
        owner_costs_without_mortgage: without_m,
        networks,
        mcc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_parses_quoted_fields() {
        let d = fin_data();
        assert_eq!(d.mcc.len(), 981);
        let m = d.mcc("5411").unwrap();
        assert_eq!(m.description, "Grocery Stores, Supermarkets");
        assert_eq!(m.spend_category, "food_at_home");
        assert_eq!(
            d.mcc("6300").unwrap().spend_category,
            "vehicle_insurance;life_other_insurance"
        );
        assert_eq!(d.quintile_income[0], 12029.0);
        assert_eq!(d.ce("food_at_home")[4], 7129.0);
        assert_eq!(
            d.unbanked,
            vec![(0.0, 0.14), (40000.0, 0.01), (100001.0, 0.0)]
        );
        assert_eq!((d.card_low, d.card_high), (0.53, 0.93));
        assert_eq!(d.pay_frequency, [0.27, 0.43, 0.198, 0.103]);
        assert_eq!(d.owner_by_age.len(), 9);
        assert_eq!(d.mortgage_by_age.len(), 7);
        assert_eq!(d.networks.len(), 8);
        assert!(d
            .networks
            .iter()
            .any(|n| n.brand == "american_express" && n.length == 15));
        assert_eq!(
            (d.owner_costs_with_mortgage, d.owner_costs_without_mortgage),
            (1566.0, 498.0)
        );
    }
}
