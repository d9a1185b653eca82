//! synth_accounts and synth_transactions over many seeds: exact reconciliation of every account,
//! running balances, balanced transfers, dates, cards, MCCs, the overdraft floor, windows and
//! slices, spending against income, and bad input.

use std::collections::{HashMap, HashSet};
use synth_core::fields::luhn_valid;
use synth_core::{Arg, Date, Row, Value};

const SEEDS: std::ops::Range<i64> = 1..9;
const AS_OF: &str = "2026-01-01";

#[derive(Debug, Clone)]
struct Account {
    id: i64,
    person: String,
    ty: String,
    opened: Date,
    opening: i64,
    closing: i64,
    card: Option<String>,
    brand: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Tx {
    id: i64,
    account: i64,
    date: Date,
    amount: i64,
    balance: i64,
    category: String,
    mcc: Option<String>,
    merchant: String,
}

fn rows(table: &str, args: &[Arg]) -> Vec<Row> {
    let def = synth_core::find(table).unwrap();
    let mut src = def.open_args(args).unwrap();
    let mut out = Vec::new();
    let mut row = Row::new();
    while src.next_row(&mut row) {
        out.push(row.clone());
    }
    out
}

fn text(r: &Row, i: usize) -> Option<String> {
    match r.get(i) {
        Value::Text(s) => Some(s.to_string()),
        Value::Null => None,
        v => panic!("{v:?}"),
    }
}

fn int(r: &Row, i: usize) -> i64 {
    match r.get(i) {
        Value::Int(v) | Value::Money(v) => v,
        v => panic!("{v:?}"),
    }
}

fn date(r: &Row, i: usize) -> Date {
    match r.get(i) {
        Value::Date(d) => d,
        v => panic!("{v:?}"),
    }
}

fn as_of() -> Date {
    Date::parse(AS_OF).unwrap()
}

fn accounts(n: i64, seed: i64) -> Vec<Account> {
    rows(
        "accounts",
        &[Arg::Int(n), Arg::Int(seed), Arg::Date(as_of())],
    )
    .iter()
    .map(|r| Account {
        id: int(r, 0),
        person: text(r, 1).unwrap(),
        ty: text(r, 2).unwrap(),
        opened: date(r, 3),
        opening: int(r, 4),
        closing: int(r, 5),
        card: text(r, 6),
        brand: text(r, 7),
    })
    .collect()
}

fn transactions(n: i64, seed: i64, months: i64, slice: Option<(i64, i64)>) -> Vec<Tx> {
    let mut args = vec![
        Arg::Int(n),
        Arg::Int(seed),
        Arg::Date(as_of()),
        Arg::Int(months),
    ];
    if let Some((f, c)) = slice {
        args.push(Arg::Int(f));
        args.push(Arg::Int(c));
    }
    rows("transactions", &args)
        .iter()
        .map(|r| Tx {
            id: int(r, 0),
            account: int(r, 1),
            date: date(r, 2),
            amount: int(r, 3),
            balance: int(r, 4),
            category: text(r, 5).unwrap(),
            mcc: text(r, 6),
            merchant: text(r, 7).unwrap(),
        })
        .collect()
}

/// The first day of a window of `months` months before as_of.
fn window_start(months: i32) -> Date {
    let (y, m, d) = as_of().ymd();
    let idx = y * 12 + m as i32 - 1 - months;
    let (ny, nm) = (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32);
    Date::from_ymd(ny, nm, d).unwrap()
}

#[test]
fn every_account_reconciles_exactly_and_balances_run() {
    let start = window_start(12);
    for seed in SEEDS {
        let accts = accounts(400, seed);
        let txs = transactions(400, seed, 12, None);
        assert!(
            txs.len() > 50_000,
            "seed {seed}: {} transactions",
            txs.len()
        );
        let by_id: HashMap<i64, &Account> = accts.iter().map(|a| (a.id, a)).collect();
        assert_eq!(by_id.len(), accts.len(), "account ids are unique");
        let mut ids = HashSet::new();
        let mut running: HashMap<i64, i64> = accts.iter().map(|a| (a.id, a.opening)).collect();
        let mut last: HashMap<i64, (Date, i64)> = HashMap::new();
        for t in &txs {
            assert!(ids.insert(t.id), "duplicate transaction_id {}", t.id);
            let a = by_id
                .get(&t.account)
                .unwrap_or_else(|| panic!("unknown account {}", t.account));
            assert!(t.amount != 0, "{t:?}");
            assert!(
                t.date >= a.opened && t.date < as_of() && t.date >= start,
                "{t:?} {a:?}"
            );
            let bal = running.get_mut(&t.account).unwrap();
            *bal += t.amount;
            assert_eq!(*bal, t.balance, "running balance of {t:?}");
            if a.ty == "checking" {
                assert!(t.balance >= 0, "checking below the overdraft floor: {t:?}");
            }
            if let Some(&(d, id)) = last.get(&t.account) {
                assert!(
                    (d, id) < (t.date, t.id),
                    "posting order of account {}: ({d}, {id}) then ({}, {})",
                    t.account,
                    t.date,
                    t.id
                );
            }
            last.insert(t.account, (t.date, t.id));
        }
        for a in &accts {
            assert_eq!(running[&a.id], a.closing, "seed {seed}: {a:?}");
            if a.opened >= start {
                assert_eq!(a.opening, 0, "{a:?}");
            }
            if a.ty != "credit_card" {
                assert!(a.closing >= 0 && a.opening >= 0, "{a:?}");
            } else {
                assert!(a.closing <= 0 && a.opening <= 0, "{a:?}");
            }
        }
    }
}

#[test]
fn transfers_and_card_payments_have_two_legs() {
    for seed in SEEDS {
        let txs = transactions(300, seed, 12, None);
        // Per person and date, the legs of transfers and card payments cancel out: every
        // checking leg has an opposite leg on the person's savings or card account.
        let mut legs: HashMap<(i64, Date, i64), (i64, i64)> = HashMap::new();
        let mut n = 0;
        for t in txs
            .iter()
            .filter(|t| t.category == "transfer" || t.category == "card_payment")
        {
            let person = (t.account - 1) / 8;
            let ty = (t.account - 1) % 8;
            assert!(t.mcc.is_none());
            let key = (person, t.date, t.amount.abs());
            if t.category == "card_payment" {
                assert!(ty == 0 && t.amount < 0 || ty == 2 && t.amount > 0, "{t:?}");
            } else {
                assert!(ty == 0 || ty == 1, "{t:?}");
            }
            let e = legs.entry(key).or_default();
            // Opposite amounts, one on checking and one on the other account.
            e.0 += t.amount.signum();
            e.1 += if ty == 0 { 1 } else { -1 };
            n += 1;
        }
        assert!(n > 1000, "seed {seed}: {n} legs");
        for (k, v) in legs {
            assert_eq!(v, (0, 0), "seed {seed}: unmatched legs {k:?}");
        }
    }
}

#[test]
fn accounts_open_after_18_and_cards_are_valid() {
    let mut brands = HashMap::new();
    let mut types = HashMap::new();
    for seed in SEEDS {
        let people = rows(
            "people",
            &[Arg::Int(500), Arg::Int(seed), Arg::Date(as_of())],
        );
        let birth: HashMap<String, Date> = people
            .iter()
            .map(|r| (text(r, 0).unwrap(), date(r, 5)))
            .collect();
        let accts = accounts(500, seed);
        let mut checking_open = HashMap::new();
        for a in &accts {
            *types.entry(a.ty.clone()).or_insert(0) += 1;
            let b = birth[&a.person];
            let adult = b.add_years(18);
            assert!(a.opened >= adult && a.opened <= as_of(), "{a:?} born {b}");
            match a.ty.as_str() {
                "checking" => {
                    checking_open.insert(a.person.clone(), a.opened);
                }
                _ => {
                    let c = checking_open[&a.person];
                    assert!(a.opened.0 >= c.0 + 31, "{a:?} checking {c}");
                }
            }
            match (&a.card, &a.brand) {
                (None, None) => assert_eq!(a.ty, "savings"),
                (Some(num), Some(brand)) => {
                    *brands.entry(brand.clone()).or_insert(0) += 1;
                    assert!(luhn_valid(num), "{num}");
                    let p = |k: usize| num[..k].parse::<u32>().unwrap();
                    let ok = match brand.as_str() {
                        "visa" => num.starts_with('4') && num.len() == 16,
                        "mastercard" => {
                            num.len() == 16
                                && ((51..=55).contains(&p(2)) || (2221..=2720).contains(&p(4)))
                        }
                        "american_express" => {
                            (num.starts_with("34") || num.starts_with("37")) && num.len() == 15
                        }
                        "discover" => {
                            num.len() == 16
                                && (p(4) == 6011 || (644..=649).contains(&p(3)) || p(2) == 65)
                        }
                        _ => false,
                    };
                    assert!(ok, "{brand} {num}");
                    if a.ty == "checking" {
                        assert!(brand == "visa" || brand == "mastercard");
                    }
                }
                _ => panic!("{a:?}"),
            }
        }
        // Row order: by person, checking first.
        let people_ids: Vec<String> = people.iter().map(|r| text(r, 0).unwrap()).collect();
        let pos: HashMap<&String, usize> =
            people_ids.iter().enumerate().map(|(i, p)| (p, i)).collect();
        for w in accts.windows(2) {
            assert!(w[0].id < w[1].id);
            assert!(pos[&w[0].person] <= pos[&w[1].person]);
            assert_eq!((w[0].id - 1) / 8, pos[&w[0].person] as i64);
        }
    }
    // Ownership: 4000 people, 94% banked or so; every brand appears.
    let total = 500.0 * (SEEDS.end - SEEDS.start) as f64;
    let banked = types["checking"] as f64 / total;
    assert!((0.88..0.98).contains(&banked), "banked {banked}");
    let card = types["credit_card"] as f64 / total;
    assert!((0.55..0.85).contains(&card), "credit cards {card}");
    for b in ["visa", "mastercard", "american_express", "discover"] {
        assert!(brands.get(b).copied().unwrap_or(0) > 20, "{b}: {brands:?}");
    }
}

#[test]
fn every_mcc_is_in_the_shipped_list_and_only_on_card_purchases() {
    let shipped: HashMap<String, String> = include_str!("../data/finance/mcc_codes.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let code = l[..4].to_string();
            let cat = l.rsplit(',').next().unwrap_or("").to_string();
            (code, cat)
        })
        .collect();
    let mut cats = HashSet::new();
    for seed in SEEDS {
        for t in transactions(200, seed, 12, None) {
            match &t.mcc {
                Some(m) => {
                    assert_eq!(m.len(), 4);
                    let cat = shipped
                        .get(m)
                        .unwrap_or_else(|| panic!("{m} not in mcc_codes.csv"));
                    assert!(!cat.is_empty(), "{m} has no spend category");
                    assert!(t.amount < 0 && (t.account - 1) % 8 != 1, "{t:?}");
                }
                None => assert!(
                    !matches!(
                        t.category.as_str(),
                        "groceries" | "restaurants" | "fuel" | "healthcare" | "pharmacy"
                    ),
                    "{t:?}"
                ),
            }
            assert!(!t.merchant.is_empty());
            cats.insert(t.category);
        }
    }
    for c in [
        "payroll",
        "rent",
        "mortgage",
        "utilities",
        "groceries",
        "restaurants",
        "fuel",
        "healthcare",
        "pharmacy",
        "transfer",
        "card_payment",
        "cash_withdrawal",
        "other_income",
        "social_security",
        "interest",
    ] {
        assert!(cats.contains(c), "no {c} in {cats:?}");
    }
}

#[test]
fn windows_share_their_transactions() {
    for seed in [3, 11] {
        let accts = accounts(120, seed);
        let full = transactions(120, seed, 120, None);
        for months in [1, 5, 12, 37] {
            let start = window_start(months);
            let w = transactions(120, seed, months as i64, None);
            let expect: Vec<&Tx> = full.iter().filter(|t| t.date >= start).collect();
            assert_eq!(w.len(), expect.len(), "months {months}");
            for (a, b) in w.iter().zip(expect) {
                assert_eq!(a, b, "months {months}");
            }
            if months == 12 {
                // The window's starting balance is opening_balance.
                let mut first: HashMap<i64, i64> = HashMap::new();
                for t in &w {
                    first.entry(t.account).or_insert(t.balance - t.amount);
                }
                for a in &accts {
                    if let Some(b) = first.get(&a.id) {
                        assert_eq!(*b, a.opening, "{a:?}");
                    }
                }
            }
        }
        // Ten years: every account still reconciles from its balance at the window's start.
        assert!(full.iter().all(|t| t.date >= window_start(120)));
    }
}

#[test]
fn slices_of_people_concatenate() {
    let full = transactions(61, 5, 12, None);
    let mut joined = Vec::new();
    for (f, c) in [(0, 1), (1, 20), (21, 19), (40, 21)] {
        joined.extend(transactions(61, 5, 12, Some((f, c))));
    }
    assert_eq!(joined, full);
}

#[test]
fn spending_grows_with_income_and_falls_as_a_share() {
    let n = 3000;
    let mut points: Vec<(f64, f64)> = Vec::new();
    for seed in [1, 2] {
        let income: HashMap<String, f64> = rows("people", &[Arg::Int(n), Arg::Int(seed)])
            .iter()
            .map(|r| (text(r, 0).unwrap(), int(r, 12) as f64 / 100.0))
            .collect();
        let owner: HashMap<i64, String> = accounts(n, seed)
            .into_iter()
            .map(|a| (a.id, a.person))
            .collect();
        let mut spend: HashMap<&String, f64> = HashMap::new();
        for t in transactions(n, seed, 12, None) {
            let consumption = t.mcc.is_some()
                || matches!(
                    t.category.as_str(),
                    "rent"
                        | "mortgage"
                        | "property_tax"
                        | "utilities"
                        | "phone"
                        | "auto_insurance"
                        | "life_insurance"
                );
            if consumption {
                *spend.entry(&owner[&t.account]).or_default() -= t.amount as f64 / 100.0;
            }
        }
        for (p, s) in spend {
            let y = income[p];
            if y > 0.0 {
                points.push((y, s));
            }
        }
    }
    points.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let q = points.len() / 5;
    let quint: Vec<(f64, f64)> = (0..5)
        .map(|k| {
            let part = &points[k * q..(k + 1) * q];
            let y = part.iter().map(|p| p.0).sum::<f64>() / q as f64;
            let s = part.iter().map(|p| p.1).sum::<f64>() / q as f64;
            (y, s)
        })
        .collect();
    for w in quint.windows(2) {
        assert!(w[1].1 > w[0].1, "spending grows with income: {quint:?}");
        assert!(
            w[1].1 / w[1].0 < w[0].1 / w[0].0,
            "and falls as a share of it: {quint:?}"
        );
    }
}

#[test]
fn bad_arguments_are_named() {
    let acc = synth_core::find("synth_accounts").unwrap();
    let tx = synth_core::find("synth_transactions").unwrap();
    let err = |def: &synth_core::TableDef, args: &[Arg]| match def.open_args(args) {
        Ok(_) => panic!("accepted {args:?}"),
        Err(e) => e,
    };
    let e = err(acc, &[Arg::Int(-1)]);
    assert!(e.to_string().contains("argument n"), "{e}");
    assert_eq!(e.sqlstate(), "22023");
    let e = err(tx, &[Arg::Int(-5)]);
    assert!(e.to_string().contains("argument n"), "{e}");
    for m in [0, 121, -3] {
        let e = err(tx, &[Arg::Int(10), Arg::Int(1), Arg::Absent, Arg::Int(m)]);
        assert!(e.to_string().contains("argument months"), "{e}");
        assert_eq!(e.sqlstate(), "22023");
    }
    let e = err(tx, &[Arg::Int(10), Arg::Int(1), Arg::Absent, Arg::Null]);
    assert!(e.to_string().contains("months"), "{e}");
    assert_eq!(e.sqlstate(), "22004");
    let e = err(
        tx,
        &[Arg::Int(10), Arg::Int(1), Arg::Absent, Arg::Float(f64::NAN)],
    );
    assert!(e.to_string().contains("months"), "{e}");
    let e = err(acc, &[Arg::Int(10), Arg::Null]);
    assert!(e.to_string().contains("seed"), "{e}");
    let e = err(acc, &[Arg::Int(10), Arg::Int(1), Arg::Null]);
    assert!(e.to_string().contains("as_of"), "{e}");
    let e = err(acc, &[Arg::Null]);
    assert!(e.to_string().contains("argument n"), "{e}");
    let e = err(acc, &[Arg::Int(2_000_000_000)]);
    assert_eq!(e.sqlstate(), "54000");
    // n = 0: nothing, not an error.
    assert!(rows("transactions", &[Arg::Int(0)]).is_empty());
    assert!(rows("accounts", &[Arg::Int(0)]).is_empty());
}

#[test]
fn other_as_of_dates_reconcile() {
    // Month ends and leap days make uneven months.
    for as_of in ["2024-03-31", "2000-02-29", "1999-12-15"] {
        let d = Date::parse(as_of).unwrap();
        let accts: Vec<Row> = rows("accounts", &[Arg::Int(150), Arg::Int(9), Arg::Date(d)]);
        let txs = rows(
            "transactions",
            &[Arg::Int(150), Arg::Int(9), Arg::Date(d), Arg::Int(12)],
        );
        let mut bal: HashMap<i64, i64> = accts.iter().map(|r| (int(r, 0), int(r, 4))).collect();
        for t in &txs {
            let b = bal.get_mut(&int(t, 1)).unwrap();
            *b += int(t, 3);
            assert_eq!(*b, int(t, 4));
            assert!(date(t, 2) < d);
        }
        for r in &accts {
            assert_eq!(bal[&int(r, 0)], int(r, 5), "{as_of}");
        }
    }
}

/// 85 million transactions over ten-year windows with the generator's debug assertions (every
/// month ends at the closed-form balances, no debit budget below zero, checking never below the
/// floor): `cargo test -p synth-core --test finance -- --ignored`.
#[test]
#[ignore]
fn ten_year_windows_keep_every_invariant() {
    for seed in 100..106 {
        // Month ends and February make uneven months.
        for as_of in ["2026-01-01", "2019-07-31", "1950-02-28"] {
            let def = synth_core::find("transactions").unwrap();
            let args = [
                Arg::Int(1500),
                Arg::Int(seed),
                Arg::Date(Date::parse(as_of).unwrap()),
                Arg::Int(120),
            ];
            let mut src = def.open_args(&args).unwrap();
            let mut row = Row::new();
            while src.next_row(&mut row) {}
        }
    }
}

/// What the people, households and conditions tables say about the adults of `(n, seed)`.
struct Pop {
    birth: HashMap<String, Date>,
    occupation: HashMap<String, String>,
    household: HashMap<String, i64>,
    householder: HashMap<i64, String>,
    /// Households with a child under 13.
    young_kids: HashSet<i64>,
    /// People with a nicotine-dependence (F17) condition.
    smokers: HashSet<String>,
}

fn population(n: i64, seed: i64) -> Pop {
    let d = Arg::Date(as_of());
    let mut p = Pop {
        birth: HashMap::new(),
        occupation: HashMap::new(),
        household: HashMap::new(),
        householder: HashMap::new(),
        young_kids: HashSet::new(),
        smokers: HashSet::new(),
    };
    for r in rows(
        "people",
        &[Arg::Int(n), Arg::Int(seed), d.clone(), Arg::Int(0)],
    ) {
        let id = text(&r, 0).unwrap();
        let hh = int(&r, 23);
        if int(&r, 6) < 13 {
            p.young_kids.insert(hh);
        }
        p.birth.insert(id.clone(), date(&r, 5));
        p.occupation.insert(id.clone(), text(&r, 11).unwrap());
        p.household.insert(id, hh);
    }
    for r in rows("households", &[Arg::Int(n), Arg::Int(seed), d.clone()]) {
        p.householder.insert(int(&r, 0), text(&r, 7).unwrap());
    }
    for r in rows("conditions", &[Arg::Int(n), Arg::Int(seed), d]) {
        if text(&r, 1).unwrap().starts_with("F17") {
            p.smokers.insert(text(&r, 0).unwrap());
        }
    }
    p
}

/// Per banked person, the day their checking account opened and their transactions.
fn by_person(n: i64, seed: i64) -> HashMap<String, (Date, Vec<Tx>)> {
    let accts = accounts(n, seed);
    let owner: HashMap<i64, &String> = accts.iter().map(|a| (a.id, &a.person)).collect();
    let mut out: HashMap<String, (Date, Vec<Tx>)> = accts
        .iter()
        .filter(|a| a.ty == "checking")
        .map(|a| (a.person.clone(), (a.opened, Vec::new())))
        .collect();
    for t in transactions(n, seed, 12, None) {
        out.get_mut(owner[&t.account]).unwrap().1.push(t);
    }
    out
}

#[test]
fn only_some_people_buy_tobacco_alcohol_pets_cars_and_life_insurance() {
    let n = 1500;
    let mut count: HashMap<&str, usize> = HashMap::new();
    let (mut banked, mut banked21, mut smokers21, mut smokers_buying) = (0, 0, 0, 0);
    for seed in 1..5 {
        let pop = population(n, seed);
        for (p, (opened, ts)) in &by_person(n, seed) {
            banked += 1;
            let age21 = pop.birth[p].add_years(21) <= window_start(12);
            banked21 += age21 as usize;
            let has = |c: &str| ts.iter().any(|t| t.category == c);
            for c in [
                "tobacco",
                "alcohol",
                "pets",
                "fuel",
                "auto_insurance",
                "life_insurance",
            ] {
                if has(c) && (age21 || !matches!(c, "tobacco" | "alcohol")) {
                    *count.entry(c).or_default() += 1;
                }
            }
            // Tobacco buyers are the health tables' smokers.
            if has("tobacco") {
                assert!(pop.smokers.contains(p), "seed {seed}: {p} buys tobacco");
            }
            if age21 && pop.smokers.contains(p) {
                smokers21 += 1;
                smokers_buying += has("tobacco") as usize;
            }
            // Fuel and car repairs only for those who insure a car (a month's bills posted).
            if (has("fuel") || has("auto_maintenance")) && *opened < window_start(11) {
                assert!(has("auto_insurance"), "seed {seed}: {p} fuels no car");
            }
        }
    }
    let share = |c: &str, of: usize| count.get(c).copied().unwrap_or(0) as f64 / of as f64;
    eprintln!(
        "banked {banked} (21+ all window: {banked21}): {count:?}; smokers 21+ {smokers21} buying {smokers_buying}"
    );
    // CDC 2021: 11.5% of adults smoke cigarettes (the health tables' F17 proxy).
    let tobacco = share("tobacco", banked21);
    assert!((0.07..0.16).contains(&tobacco), "tobacco {tobacco}");
    assert!(smokers_buying as f64 >= 0.9 * smokers21 as f64);
    // Gallup 2023: 62% of adults drink.
    let alcohol = share("alcohol", banked21);
    assert!((0.52..0.72).contains(&alcohol), "alcohol {alcohol}");
    // APPA 2023-2024: 66% of households own a pet.
    let pets = share("pets", banked);
    assert!((0.56..0.76).contains(&pets), "pets {pets}");
    // ACS: about 92% of households have a vehicle.
    let cars = share("auto_insurance", banked);
    assert!((0.85..0.97).contains(&cars), "auto insurance {cars}");
    // LIMRA 2023: 52% of adults have life insurance.
    let life = share("life_insurance", banked);
    assert!((0.42..0.62).contains(&life), "life insurance {life}");
}

#[test]
fn no_alcohol_or_tobacco_before_21_and_childcare_only_with_young_children() {
    let mut childcare = 0;
    for seed in 1..5 {
        let n = 1200;
        let pop = population(n, seed);
        for (p, (_, ts)) in &by_person(n, seed) {
            let adult21 = pop.birth[p].add_years(21);
            for t in ts {
                if t.category == "alcohol" || t.category == "tobacco" {
                    assert!(
                        t.date >= adult21,
                        "seed {seed}: {t:?} born {}",
                        pop.birth[p]
                    );
                }
                if t.mcc.as_deref() == Some("8351") {
                    childcare += 1;
                    assert!(
                        pop.young_kids.contains(&pop.household[p]),
                        "seed {seed}: child care without a child under 13: {t:?}"
                    );
                }
            }
        }
    }
    assert!(childcare > 100, "{childcare} child-care purchases");
}

#[test]
fn housing_is_paid_once_per_household_by_its_householder() {
    let mut paying = 0;
    for seed in 1..6 {
        let n = 1500;
        let pop = population(n, seed);
        let txs = by_person(n, seed);
        let mut tenure: HashMap<i64, HashSet<String>> = HashMap::new();
        for (p, (_, ts)) in &txs {
            let hh = pop.household[p];
            for t in ts {
                if matches!(
                    t.category.as_str(),
                    "rent" | "mortgage" | "property_tax" | "utilities"
                ) {
                    assert_eq!(
                        &pop.householder[&hh], p,
                        "seed {seed}: {t:?} paid by a member who is not the householder"
                    );
                    if t.category != "utilities" {
                        tenure.entry(hh).or_default().insert(t.category.clone());
                    }
                }
            }
        }
        for (hh, cats) in &tenure {
            assert_eq!(cats.len(), 1, "seed {seed}: household {hh} pays {cats:?}");
        }
        paying += tenure.len();
    }
    assert!(paying > 2000, "{paying} households pay for housing");
}

#[test]
fn social_security_from_62_and_at_most_the_maximum_benefit() {
    let mut deposits = 0;
    for seed in 1..5 {
        let n = 1500;
        let pop = population(n, seed);
        for (p, (_, ts)) in &by_person(n, seed) {
            for t in ts {
                if t.category == "social_security" {
                    deposits += 1;
                    assert!(
                        t.date >= pop.birth[p].add_years(62),
                        "seed {seed}: {t:?} born {}",
                        pop.birth[p]
                    );
                    // SSA 2025: $5,108 a month at most (claimed at 70).
                    assert!(t.amount <= 510_800, "seed {seed}: {t:?}");
                    assert_eq!(pop.occupation[p], "Retired");
                }
            }
        }
    }
    assert!(deposits > 3000, "{deposits} Social Security deposits");
}
