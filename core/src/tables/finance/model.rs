//! One person's money: accounts, budget, recurring flows, and the transactions of one month.
//!
//! Everything is computed from `(seed, person)` (and the person's household, read through
//! [`People`]). Balances are never accumulated over history: an account's balance at every
//! month boundary of the `as_of` grid is a closed-form function of the person and the boundary,
//! and each month's transactions are made to add up exactly to the difference of the balances
//! at its two ends (see `docs/realism.md`, "Finance").

use super::data::{fin_data, FinData, Network};
use crate::data::data;
use crate::date::{days_in_month, Date};
use crate::fields::STREET_NAMES;
use crate::rng::{derive, tag, Rng};
use crate::tables::health::{Health, Profile};
use crate::tables::people::{Block, People};

/// A checking account never goes below this balance, in cents (no overdraft).
pub const OVERDRAFT_FLOOR_CENTS: i64 = 0;
/// The mean Gregorian month, days (146097 / 4800).
const MONTH_DAYS: f64 = 30.436875;
const YEAR_DAYS: f64 = 365.2425;
/// Annual percentage rate charged on revolving credit-card balances (an assumption).
pub const CARD_APR: f64 = 0.21;
/// Share of credit-card holders who carry a revolving balance (an assumption).
pub const REVOLVER_SHARE: f64 = 0.5;
/// Largest share of variable spending put on a credit card.
const MAX_CARD_SHARE: f64 = 0.75;
/// Savings contribution at the start, as a share of the monthly variable budget.
const SAVINGS_SHARE: f64 = 0.06;

pub const CHECKING: u8 = 0;
pub const SAVINGS: u8 = 1;
pub const CREDIT_CARD: u8 = 2;
pub const ACCOUNT_TYPES: [&str; 3] = ["checking", "savings", "credit_card"];

/// `account_id` of a person's account of a type: `i * 8 + type + 1`.
pub fn account_id(i: u64, ty: u8) -> i64 {
    (i * 8 + ty as u64 + 1) as i64
}

const T_FIN: u64 = tag("synth.finance");
const T_HOUSE: u64 = tag("household");
const T_SINGLE: u64 = tag("single");
const T_PERSON: u64 = tag("person");
const T_DWELLING: u64 = tag("dwelling");

/// Shares of people or households who buy a kind of thing at all (the rest never do); their
/// spending is the CE mean per consumer unit ÷ the share, so that the population's mean stays
/// CE's. Smokers are not drawn here: they are the health tables' nicotine dependence (F17),
/// whose prevalence is current cigarette smoking (NHIS 2021 via CDC MMWR 72(18): 11.5% of
/// adults); TOBACCO_SHARE only scales their spending.
pub const TOBACCO_SHARE: f64 = 0.115;
/// Adults who drink alcohol (Gallup Consumption Habits poll, July 2023: 62%).
pub const ALCOHOL_SHARE: f64 = 0.62;
/// Households that own a pet (APPA National Pet Owners Survey 2023-2024: 66%).
pub const PET_SHARE: f64 = 0.66;
/// Households with at least one vehicle (ACS 2022 1-year, B25044: 91.7%).
pub const VEHICLE_SHARE: f64 = 0.917;
/// Adults with life insurance (LIMRA/Life Happens Insurance Barometer 2023: 52%).
pub const LIFE_INSURANCE_SHARE: f64 = 0.52;
/// US minimum age to buy alcohol and tobacco (21 since the 1984 National Minimum Drinking Age
/// Act and the 2019 federal Tobacco 21 law).
pub const PURCHASE_AGE: i32 = 21;
/// Social Security: the earliest claiming age and the 2025 maximum monthly benefit by claiming
/// age (SSA, "What is the maximum Social Security retirement benefit payable?", 2025: $2,831 at
/// 62, $4,018 at full retirement age, $5,108 at 70), cents. Claiming ages: 25% at 62, 65% at
/// full retirement age (67), 10% at 70 (an assumption).
pub const SS_CLAIM: [(i32, f64, i64); 3] = [
    (62, 0.25, 283_100),
    (67, 0.65, 401_800),
    (70, 0.10, 510_800),
];

// ---------------------------------------------------------------------------------------------
// Calendar helpers

/// `d` moved by `k` months, the day clamped to the month's length.
pub fn add_months(d: Date, k: i32) -> Date {
    let (y, m, dd) = d.ymd();
    let idx = y * 12 + (m as i32 - 1) + k;
    let (ny, nm) = (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32);
    Date::from_ymd(ny, nm, dd.min(days_in_month(ny, nm))).expect("valid date")
}

/// Month index relative to January 1970.
fn month_index(d: Date) -> i64 {
    let (y, m, _) = d.ymd();
    (y as i64 - 1970) * 12 + m as i64 - 1
}

fn ceil_div(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

/// The month boundaries of a call: `p(k)` = `as_of` − k months; month k is `[p(k+1), p(k))`.
#[derive(Clone, Copy, Debug)]
pub struct Grid {
    pub as_of: Date,
}

impl Grid {
    pub fn p(&self, k: u32) -> Date {
        add_months(self.as_of, -(k as i32))
    }
}

// ---------------------------------------------------------------------------------------------
// Recurring flows

/// When a recurring flow posts.
#[derive(Clone, Copy, Debug)]
pub enum Sched {
    /// Every `days` days from `anchor` (weekly and biweekly pay).
    Every { anchor: i32, days: i32 },
    /// Day `day` (1..=28; 0 = the last day) of every `every`-th month, months ≡ `phase`.
    Month { day: u8, every: u8, phase: u8 },
}

impl Sched {
    /// Events strictly before `x`, counted from event 0 (negative before it).
    fn count_before(&self, x: Date) -> i64 {
        match *self {
            Sched::Every { anchor, days } => ceil_div((x.0 - anchor) as i64, days as i64),
            Sched::Month { day, every, phase } => {
                let (_, _, d) = x.ymd();
                let t = month_index(x) + i64::from(day != 0 && d > day as u32);
                ceil_div(t - phase as i64, every as i64)
            }
        }
    }

    fn event_date(&self, j: i64) -> Date {
        match *self {
            Sched::Every { anchor, days } => Date(anchor + (j * days as i64) as i32),
            Sched::Month { day, every, phase } => {
                let m = phase as i64 + j * every as i64;
                let y = 1970 + m.div_euclid(12) as i32;
                let mo = (m.rem_euclid(12) + 1) as u32;
                let d = if day == 0 {
                    days_in_month(y, mo)
                } else {
                    day as u32
                };
                Date::from_ymd(y, mo, d).expect("valid event date")
            }
        }
    }

    /// Events per year (for budgets).
    fn per_year(&self) -> f64 {
        match *self {
            Sched::Every { days, .. } => YEAR_DAYS / days as f64,
            Sched::Month { every, .. } => 12.0 / every as f64,
        }
    }

    /// The straight-line accrual of `amount` per event up to `x`, in whole cents.
    fn accrual(&self, amount: i64, x: Date) -> i64 {
        let (num, den) = match *self {
            Sched::Every { anchor, days } => ((x.0 - anchor) as i128, days as i128),
            Sched::Month { every, .. } => {
                let origin = self.event_date(0);
                ((x.0 - origin.0) as i128 * 4800, 146_097 * every as i128)
            }
        };
        (amount as i128 * num).div_euclid(den) as i64
    }
}

/// How a flow's counterparty is named.
#[derive(Clone, Copy, Debug)]
pub enum Name {
    Fixed(&'static str),
    /// `"{a} {b}{c}"`.
    Parts(&'static str, &'static str, &'static str),
}

impl Name {
    pub fn write(&self, out: &mut String) {
        match *self {
            Name::Fixed(s) => out.push_str(s),
            Name::Parts(a, b, c) => {
                out.push_str(a);
                out.push(' ');
                out.push_str(b);
                out.push_str(c);
            }
        }
    }
}

/// A recurring deposit (sign +1) or bill (sign −1) of the checking account. Event j's amount is
/// `amount + z(j) − z(j + 1)` with `z` a keyed draw in `[0, amount · noise)`: amounts vary, yet
/// the sum over any run of events is known in closed form.
#[derive(Clone, Copy, Debug)]
pub struct Flow {
    pub sched: Sched,
    pub amount: i64,
    noise: f64,
    key: u64,
    pub sign: i64,
    pub category: &'static str,
    pub name: Name,
    /// Events before `switch` carry `early` instead (a retiree's pension before Social
    /// Security starts); `i64::MIN`: none.
    pub switch: i64,
    pub early: (&'static str, Name),
}

impl Flow {
    fn new(
        sched: Sched,
        amount: i64,
        noise: f64,
        key: u64,
        sign: i64,
        category: &'static str,
        name: Name,
    ) -> Self {
        Flow {
            sched,
            amount,
            noise,
            key,
            sign,
            category,
            name,
            switch: i64::MIN,
            early: (category, name),
        }
    }

    /// Event j's category and counterparty.
    pub fn label(&self, j: i64) -> (&'static str, Name) {
        if j < self.switch {
            self.early
        } else {
            (self.category, self.name)
        }
    }

    fn z(&self, j: i64) -> i64 {
        if self.noise == 0.0 {
            return 0;
        }
        let u = Rng::keyed(self.key, j as u64).f64();
        (self.amount as f64 * self.noise * u) as i64
    }

    fn event_amount(&self, j: i64) -> i64 {
        self.amount + self.z(j) - self.z(j + 1)
    }

    /// Posted minus accrued up to `x` (bounded: about one event's amount).
    fn deviation(&self, x: Date) -> i64 {
        let c = self.sched.count_before(x);
        self.amount * c - self.z(c) - self.sched.accrual(self.amount, x)
    }
}

// ---------------------------------------------------------------------------------------------
// Purchases: categories, their CE items, frequencies, merchant codes

/// A kind of card or debit purchase.
pub struct Category {
    pub label: &'static str,
    /// CE items summed, and CE items subtracted.
    pub plus: &'static [&'static str],
    pub minus: &'static [&'static str],
    /// Purchases a month (an assumption; CE publishes amounts, not counts).
    pub per_month: f64,
    /// Log-scale spread of one purchase's amount.
    pub sigma: f64,
    /// Merchant category codes with weights and merchant nouns.
    pub mccs: &'static [(&'static str, u32, &'static [&'static str])],
}

pub const CATEGORIES: &[Category] = &[
    Category {
        label: "groceries",
        plus: &["food_at_home"],
        minus: &[],
        per_month: 6.0,
        sigma: 0.6,
        mccs: &[
            ("5411", 80, &["Market", "Supermarket", "Grocery", "Foods"]),
            (
                "5499",
                10,
                &["Corner Store", "Mini Mart", "Specialty Foods"],
            ),
            ("5462", 5, &["Bakery"]),
            ("5451", 2, &["Dairy"]),
            ("5441", 3, &["Sweets", "Candy Shop"]),
        ],
    },
    Category {
        label: "restaurants",
        plus: &["food_away_from_home"],
        minus: &[],
        per_month: 9.0,
        sigma: 0.7,
        mccs: &[
            (
                "5812",
                55,
                &["Grill", "Kitchen", "Bistro", "Diner", "Trattoria", "Cafe"],
            ),
            (
                "5814",
                45,
                &["Burger", "Tacos", "Pizza", "Chicken", "Sandwiches"],
            ),
        ],
    },
    Category {
        label: "alcohol",
        plus: &["alcoholic_beverages"],
        minus: &[],
        per_month: 2.5,
        sigma: 0.6,
        mccs: &[
            ("5813", 50, &["Tavern", "Pub", "Taproom"]),
            ("5921", 50, &["Wine & Spirits", "Liquors"]),
        ],
    },
    Category {
        label: "fuel",
        plus: &["gasoline_fuel"],
        minus: &[],
        per_month: 4.0,
        sigma: 0.35,
        mccs: &[
            ("5541", 60, &["Gas", "Fuel", "Service Station"]),
            ("5542", 40, &["Fuel Stop", "Gas & Go"]),
        ],
    },
    Category {
        label: "clothing",
        plus: &["apparel"],
        minus: &[],
        per_month: 1.5,
        sigma: 0.8,
        mccs: &[
            ("5311", 30, &["Department Store"]),
            ("5651", 25, &["Family Clothing", "Outfitters"]),
            ("5691", 15, &["Clothiers"]),
            ("5661", 15, &["Shoes"]),
            ("5621", 8, &["Boutique"]),
            ("5611", 7, &["Menswear"]),
        ],
    },
    Category {
        label: "home",
        plus: &["furnishings_equipment", "housekeeping_supplies"],
        minus: &[],
        per_month: 2.0,
        sigma: 0.9,
        mccs: &[
            ("5200", 35, &["Home Supply"]),
            ("5251", 25, &["Hardware"]),
            ("5712", 25, &["Furniture", "Home Furnishings"]),
            ("5722", 15, &["Appliances"]),
        ],
    },
    Category {
        label: "household_services",
        plus: &["household_operations"],
        minus: &[],
        per_month: 0.7,
        sigma: 0.6,
        mccs: &[
            ("0780", 50, &["Landscaping", "Lawn Care"]),
            ("8351", 50, &["Child Care", "Learning Center"]),
        ],
    },
    Category {
        label: "entertainment",
        plus: &["entertainment"],
        minus: &["pets"],
        per_month: 3.0,
        sigma: 0.8,
        mccs: &[
            ("4899", 25, &["Cable", "Streaming"]),
            ("5815", 15, &["Digital Media"]),
            ("5817", 10, &["Apps"]),
            ("5816", 5, &["Games"]),
            ("5941", 10, &["Sporting Goods"]),
            ("5945", 8, &["Toys & Games"]),
            ("7832", 10, &["Cinema"]),
            ("7997", 8, &["Fitness Club"]),
            ("7999", 9, &["Recreation"]),
        ],
    },
    Category {
        label: "pets",
        plus: &["pets"],
        minus: &[],
        per_month: 1.2,
        sigma: 0.7,
        mccs: &[
            ("5995", 70, &["Pet Supply"]),
            ("0742", 30, &["Animal Hospital", "Veterinary Clinic"]),
        ],
    },
    Category {
        label: "personal_care",
        plus: &["personal_care"],
        minus: &[],
        per_month: 1.5,
        sigma: 0.6,
        mccs: &[
            ("7230", 60, &["Salon", "Barbershop"]),
            ("5977", 25, &["Cosmetics"]),
            ("7298", 15, &["Day Spa"]),
        ],
    },
    Category {
        label: "healthcare",
        plus: &["medical_services"],
        minus: &[],
        per_month: 0.6,
        sigma: 0.9,
        mccs: &[
            ("8011", 40, &["Medical Group", "Family Practice"]),
            ("8021", 25, &["Dental"]),
            ("8042", 10, &["Eye Care"]),
            ("8062", 10, &["Hospital"]),
            ("8099", 10, &["Health Clinic"]),
            ("8071", 5, &["Labs"]),
        ],
    },
    Category {
        label: "pharmacy",
        plus: &["drugs"],
        minus: &[],
        per_month: 1.2,
        sigma: 0.7,
        mccs: &[("5912", 100, &["Pharmacy", "Drug"])],
    },
    Category {
        label: "medical_supplies",
        plus: &["medical_supplies"],
        minus: &[],
        per_month: 0.3,
        sigma: 0.6,
        mccs: &[
            ("8043", 70, &["Optical"]),
            ("5976", 30, &["Medical Supply"]),
        ],
    },
    Category {
        label: "auto_maintenance",
        plus: &["vehicle_maintenance_repairs"],
        minus: &[],
        per_month: 0.6,
        sigma: 0.9,
        mccs: &[
            ("7538", 50, &["Auto Service", "Auto Repair"]),
            ("5533", 30, &["Auto Parts"]),
            ("7542", 20, &["Car Wash"]),
        ],
    },
    Category {
        label: "parking_tolls",
        plus: &["other_vehicle_expenses"],
        minus: &[
            "vehicle_finance_charges",
            "vehicle_maintenance_repairs",
            "vehicle_insurance",
        ],
        per_month: 1.5,
        sigma: 0.6,
        mccs: &[("7523", 60, &["Parking"]), ("4784", 40, &["Tolls"])],
    },
    Category {
        label: "transportation",
        plus: &["public_transportation"],
        minus: &[],
        per_month: 1.0,
        sigma: 1.0,
        mccs: &[
            ("4111", 30, &["Transit"]),
            ("4121", 30, &["Taxi", "Rides"]),
            ("4511", 25, &["Airlines"]),
            ("7512", 10, &["Car Rental"]),
            ("4131", 5, &["Bus Lines"]),
        ],
    },
    Category {
        label: "lodging",
        plus: &["other_lodging"],
        minus: &[],
        per_month: 0.15,
        sigma: 0.6,
        mccs: &[("7011", 100, &["Hotel", "Inn", "Resort"])],
    },
    Category {
        label: "education",
        plus: &["education"],
        minus: &[],
        per_month: 0.15,
        sigma: 0.8,
        mccs: &[
            ("8220", 60, &["University", "College"]),
            ("8299", 40, &["Learning Center", "Tutoring"]),
        ],
    },
    Category {
        label: "donations",
        plus: &["cash_contributions"],
        minus: &[],
        per_month: 0.5,
        sigma: 0.7,
        mccs: &[
            ("8398", 60, &["Foundation", "Charities"]),
            ("8661", 40, &["Church", "Congregation"]),
        ],
    },
    Category {
        label: "reading",
        plus: &["reading"],
        minus: &[],
        per_month: 0.3,
        sigma: 0.5,
        mccs: &[("5942", 70, &["Books"]), ("5994", 30, &["News"])],
    },
    Category {
        label: "tobacco",
        plus: &["tobacco"],
        minus: &[],
        per_month: 4.0,
        sigma: 0.4,
        mccs: &[("5993", 100, &["Tobacco"])],
    },
];

pub const NCAT: usize = 21;
const _: () = assert!(CATEGORIES.len() == NCAT);

pub const ATM_MCC: &str = "6011";
/// Child care (household services): only for households with a child under 13.
const CHILD_CARE_MCC: &str = "8351";

/// Interpolates a CE figure per consumer unit at income `y` (dollars): linear between the
/// quintiles' mean incomes, falling to half the lowest quintile's value at zero income, and
/// growing with the square root of income above the highest quintile's mean.
pub fn ce_level(v: &[f64; 5], y: f64, q: &[f64; 5]) -> f64 {
    if y <= q[0] {
        v[0] * (0.5 + 0.5 * y.max(0.0) / q[0])
    } else if y >= q[4] {
        v[4] * libm::sqrt(y / q[4])
    } else {
        let k = (0..4).find(|&k| y <= q[k + 1]).unwrap_or(3);
        let t = (y - q[k]) / (q[k + 1] - q[k]);
        v[k] + t * (v[k + 1] - v[k])
    }
}

/// A ratio interpolated between quintiles and held constant beyond them.
fn ratio_at(r: &[f64; 5], y: f64, q: &[f64; 5]) -> f64 {
    if y <= q[0] {
        r[0]
    } else if y >= q[4] {
        r[4]
    } else {
        let k = (0..4).find(|&k| y <= q[k + 1]).unwrap_or(3);
        let t = (y - q[k]) / (q[k + 1] - q[k]);
        r[k] + t * (r[k + 1] - r[k])
    }
}

/// The budget tables derived once from the CE figures.
pub struct Budgets {
    q: [f64; 5],
    /// Per category, the CE figure per consumer unit at each quintile.
    cat: Vec<[f64; 5]>,
    shelter: [f64; 5],
    utilities: [f64; 5],
    telephone: [f64; 5],
    vehicle_insurance: [f64; 5],
    life_insurance: [f64; 5],
    card_finance: [f64; 5],
    /// Income after taxes ÷ before taxes (at most 1), and payroll deductions (pensions and
    /// Social Security, health insurance) ÷ income before taxes.
    after_tax: [f64; 5],
    deductions: [f64; 5],
    /// Per category, cumulative MCC weights.
    mcc_cum: Vec<Vec<u32>>,
}

fn combine(d: &FinData, plus: &[&str], minus: &[&str]) -> [f64; 5] {
    let mut v = [0.0; 5];
    for k in 0..5 {
        v[k] = plus.iter().map(|c| d.ce(c)[k]).sum::<f64>()
            - minus.iter().map(|c| d.ce(c)[k]).sum::<f64>();
    }
    v
}

impl Budgets {
    fn new() -> Self {
        let d = fin_data();
        let q = d.quintile_income;
        let before = d.ce("income_before_taxes");
        let after = d.ce("income_after_taxes");
        let mut after_tax = [0.0; 5];
        let mut deductions = [0.0; 5];
        let pens = d.ce("pensions_social_security");
        let hi = d.ce("health_insurance");
        for k in 0..5 {
            after_tax[k] = (after[k] / before[k]).min(1.0);
            deductions[k] = (pens[k] + hi[k]) / before[k];
        }
        Budgets {
            q,
            cat: CATEGORIES
                .iter()
                .map(|c| combine(d, c.plus, c.minus))
                .collect(),
            shelter: combine(d, &["owned_dwellings", "rented_dwellings"], &[]),
            utilities: combine(d, &["utilities"], &["telephone"]),
            telephone: d.ce("telephone"),
            vehicle_insurance: d.ce("vehicle_insurance"),
            life_insurance: d.ce("life_other_insurance"),
            card_finance: d.ce("credit_card_finance_charges"),
            after_tax,
            deductions,
            mcc_cum: CATEGORIES
                .iter()
                .map(|c| {
                    let mut acc = 0;
                    c.mccs
                        .iter()
                        .map(|m| {
                            acc += m.1;
                            acc
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

static BUDGETS: std::sync::OnceLock<Budgets> = std::sync::OnceLock::new();

pub fn budgets() -> &'static Budgets {
    BUDGETS.get_or_init(Budgets::new)
}

// ---------------------------------------------------------------------------------------------
// Cards

/// A card number (digits) and its brand.
#[derive(Clone, Copy, Debug)]
pub struct Card {
    pub brand: &'static str,
    digits: [u8; 19],
    len: u8,
}

impl Card {
    /// A Luhn-valid number of `brand`: an IIN range of card_networks.csv drawn in proportion to
    /// the six-digit IINs it covers, a prefix uniform in it, random digits, the check digit.
    pub fn new(brand: &'static str, r: &mut Rng) -> Card {
        let nets: &[Network] = &fin_data().networks;
        let weight = |n: &Network| (n.to - n.from + 1) * 10u64.pow(6 - n.digits);
        let total: u64 = nets.iter().filter(|n| n.brand == brand).map(weight).sum();
        let mut u = r.below(total);
        let net = nets
            .iter()
            .filter(|n| n.brand == brand)
            .find(|n| {
                let w = weight(n);
                if u < w {
                    true
                } else {
                    u -= w;
                    false
                }
            })
            .expect("a network of the brand");
        let prefix = net.from + r.below(net.to - net.from + 1);
        let mut digits = [0u8; 19];
        let mut buf = [0u8; 20];
        let p = crate::schema::fmt_u64(prefix, &mut buf);
        let mut k = 0;
        for b in p.bytes() {
            digits[k] = b - b'0';
            k += 1;
        }
        let len = net.length;
        while k < len - 1 {
            digits[k] = r.below(10) as u8;
            k += 1;
        }
        digits[len - 1] = crate::fields::luhn_check_digit(&digits[..len - 1]);
        Card {
            brand,
            digits,
            len: len as u8,
        }
    }

    pub fn write(&self, out: &mut String) {
        for d in &self.digits[..self.len as usize] {
            out.push((b'0' + d) as char);
        }
    }
}

/// Debit-card brands of checking accounts (an assumption: Visa and Mastercard issue nearly all
/// US debit cards).
const DEBIT_BRANDS: [(&str, f64); 2] = [("visa", 0.7), ("mastercard", 0.3)];

fn pick_brand(items: &[(&'static str, f64)], r: &mut Rng) -> &'static str {
    let total: f64 = items.iter().map(|x| x.1).sum();
    let mut u = r.f64() * total;
    for &(v, w) in items {
        if u < w {
            return v;
        }
        u -= w;
    }
    items[items.len() - 1].0
}

// ---------------------------------------------------------------------------------------------
// The person

pub struct Savings {
    pub open: Date,
    /// Balance approached over time, and the time scale, days.
    s_inf: f64,
    tau: f64,
    /// Contribution scale, cents a month.
    xbar: f64,
    key: u64,
}

pub struct Credit {
    pub open: Date,
    pub card: Card,
    /// Share of variable spending put on the card.
    share: f64,
    /// Revolving balance reached (cents; 0 for those who pay in full) and its growth per day.
    fbar: f64,
    f_rate: f64,
    due_day: u8,
    key: u64,
}

/// A person's accounts and money flows.
pub struct Finances {
    pub i: u64,
    pub checking_open: Date,
    pub debit_card: Card,
    pub savings: Option<Savings>,
    pub credit: Option<Credit>,
    pub flows: Vec<Flow>,
    /// Checking balance level, cents.
    base: i64,
    /// Monthly variable budget (card and debit purchases), cents, and per category.
    pub variable: f64,
    pub cat_budget: [f64; NCAT],
    key: u64,
    pub city: &'static str,
    pub county: &'static str,
    /// The day the person may buy alcohol and tobacco (the 21st birthday).
    of_age: Date,
    /// A child under 13 lives in the household (child care is bought only then).
    young_kids: bool,
}

/// The finance model of one call: the people it reads, their health (who smokes) and the key.
pub struct Model {
    pub people: People,
    pub grid: Grid,
    health: Health,
    /// Index of nicotine dependence in `health().conditions`.
    nicotine: u16,
    key: u64,
}

fn share_by_age(table: &[(u32, f64)], age: u32) -> f64 {
    table
        .iter()
        .rev()
        .find(|(lo, _)| age >= *lo)
        .map_or(table[0].1, |x| x.1)
}

/// The unbanked share of adults at a family income (SHED 2019, Table 10).
fn unbanked_share(income: f64) -> f64 {
    let d = fin_data();
    d.unbanked
        .iter()
        .rev()
        .find(|(lo, _)| income >= *lo)
        .map_or(d.unbanked[0].1, |x| x.1)
}

/// Credit-card ownership among banked adults at a household income: SCPC 2019's 53% below
/// $40,000 and 93% from $75,000, linear in between, divided by the banked share.
fn card_share(income: f64) -> f64 {
    let d = fin_data();
    let all = if income < 40_000.0 {
        d.card_low
    } else if income >= 75_000.0 {
        d.card_high
    } else {
        d.card_low + (d.card_high - d.card_low) * (income - 40_000.0) / 35_000.0
    };
    (all / (1.0 - unbanked_share(income))).min(1.0)
}

/// Savings-account ownership among banked adults (an assumption: no source found).
fn savings_share(income: f64) -> f64 {
    if income < 40_000.0 {
        0.6
    } else if income <= 100_000.0 {
        0.8
    } else {
        0.9
    }
}

/// An account's opening date: `as_of` minus an exponential tenure (mean `mean_years`), not
/// before `earliest`; None when `earliest` is after `as_of`.
fn open_date(earliest: Date, as_of: Date, mean_years: f64, r: &mut Rng) -> Option<Date> {
    if earliest > as_of {
        return None;
    }
    let u = 1.0 - r.f64();
    let tenure = -libm::log(u) * mean_years * YEAR_DAYS;
    let d = as_of.0 - tenure.min(200.0 * YEAR_DAYS) as i32;
    Some(Date(d.max(earliest.0)))
}

fn lognormal(sigma: f64, r: &mut Rng) -> f64 {
    libm::exp(sigma * r.normal() - 0.5 * sigma * sigma)
}

fn prefix(h: u64) -> &'static str {
    STREET_NAMES[(h % STREET_NAMES.len() as u64) as usize]
}

fn pick(items: &[&'static str], h: u64) -> &'static str {
    items[((h >> 20) % items.len() as u64) as usize]
}

impl Model {
    pub fn new(people: People, seed: i64) -> crate::error::Result<Self> {
        let grid = Grid {
            as_of: people.as_of,
        };
        let health = Health::new(people.n, seed, people.as_of)?;
        let nicotine = crate::healthdata::health()
            .conditions
            .iter()
            .position(|c| c.id == "nicotine_dependence")
            .expect("nicotine dependence in conditions.csv") as u16;
        Ok(Model {
            people,
            grid,
            health,
            nicotine,
            key: derive(seed as u64, T_FIN),
        })
    }

    /// Whether person `i` smokes: the nicotine dependence of `synth_conditions` (same n, seed,
    /// as_of), read from the health profile (`prof` is a reusable buffer).
    fn smokes(&self, i: u64, h: &Block, prof: &mut Profile) -> bool {
        self.health.profile(i, h, prof);
        prof.diagnoses.iter().any(|d| d.condition == self.nicotine)
    }

    /// Person `i`'s finances (None when unbanked), given its block `h`; `prof` is a reusable
    /// buffer for its health profile.
    pub fn finances(&self, i: u64, h: &Block, prof: &mut Profile) -> Option<Finances> {
        let b = budgets();
        let (person, _) = self.people.person(i, h);
        let m = person.member;
        let y = person.income;
        // A couple is banked or not together.
        let spouse = m.spouse.map(|p| h.first + p as u64);
        let family = match spouse {
            Some(s) => y + self.people.person(s, h).0.income,
            None => y,
        };
        let hkey = match spouse {
            Some(s) => derive(derive(self.key, T_HOUSE), i.min(s)),
            None => derive(derive(self.key, T_SINGLE), i),
        };
        let mut hr = Rng::new(hkey);
        if hr.chance(unbanked_share(family)) {
            return None;
        }
        // Housing is the dwelling's: its householder decides tenure (by their age) and pays
        // rent or mortgage or property tax, and utilities; the other members pay none.
        let hh = &h.households[m.household as usize];
        let householder = (i - h.first) as u32 == hh.householder;
        let dkey = derive(derive(self.key, T_DWELLING), h.household_id(m.household));
        let mut dr = Rng::new(dkey);
        let owner = dr.chance(share_by_age(&fin_data().owner_by_age, m.age));
        let mortgage = dr.chance(share_by_age(&fin_data().mortgage_by_age, m.age));
        // Who buys what at all: the household has a vehicle, a pet, a child under 13 (child
        // care); the person drinks, smokes, is insured.
        let vehicle = Rng::keyed(dkey, tag("vehicle")).chance(VEHICLE_SHARE);
        let pet = Rng::keyed(dkey, tag("pet")).chance(PET_SHARE);
        let young_kids = hh.minors.iter().any(|&p| h.members[p as usize].age < 13);

        let key = derive(derive(self.key, T_PERSON), i);
        let mut r = Rng::new(key);
        let as_of = self.people.as_of;
        let adult = m.birth_date.add_years(18);
        let checking_open = open_date(adult, as_of, 10.0, &mut r)?;
        let debit_card = Card::new(pick_brand(&DEBIT_BRANDS, &mut r), &mut r);
        let later = Date(checking_open.0 + 31);
        let z = &data().zips[h.households[m.household as usize].zip];

        let pkey = derive(key, tag("habits"));
        let drinks = Rng::keyed(pkey, 0).chance(ALCOHOL_SHARE);
        let life_insured = Rng::keyed(pkey, 1).chance(LIFE_INSURANCE_SHARE);
        let smokes = self.smokes(i, h, prof);

        // Variable budget by category, cents a month: CE's mean ÷ the share of buyers for those
        // who buy, nothing for the others.
        let mut cat_budget = [0.0; NCAT];
        for (k, v) in b.cat.iter().enumerate() {
            let share = match CATEGORIES[k].label {
                "alcohol" => drinks as u8 as f64 / ALCOHOL_SHARE,
                "tobacco" => smokes as u8 as f64 / TOBACCO_SHARE,
                "pets" => pet as u8 as f64 / PET_SHARE,
                "fuel" | "auto_maintenance" | "parking_tolls" => {
                    vehicle as u8 as f64 / VEHICLE_SHARE
                }
                _ => 1.0,
            };
            cat_budget[k] = (ce_level(v, y, &b.q) * 100.0 / 12.0).max(0.0) * share;
        }
        let variable: f64 = cat_budget.iter().sum();

        let savings = if r.chance(savings_share(family)) {
            open_date(later, as_of, 8.0, &mut r).map(|open| {
                let mult = lognormal(0.7, &mut r).clamp(0.3, 6.0);
                let xbar = SAVINGS_SHARE * variable;
                let tau = 730.0 * mult;
                Savings {
                    open,
                    s_inf: xbar * tau / MONTH_DAYS,
                    tau,
                    xbar,
                    key: derive(key, tag("savings")),
                }
            })
        } else {
            None
        };
        let credit = if r.chance(card_share(family)) {
            open_date(later, as_of, 7.0, &mut r).map(|open| {
                let brand = pick_brand(&crate::fields::CARD_BRANDS, &mut r);
                let card = Card::new(brand, &mut r);
                let share = 0.4 + (MAX_CARD_SHARE - 0.4) * r.f64();
                let monthly_card = share * variable;
                let fbar = if r.chance(REVOLVER_SHARE) {
                    // Mean revolving debt implied by CE's card finance charges at this income.
                    let charges = ce_level(&b.card_finance, y, &b.q);
                    let debt = charges / CARD_APR / (REVOLVER_SHARE * card_share(family).max(0.3));
                    (debt * 100.0 * lognormal(0.5, &mut r)).min(3.0 * monthly_card)
                } else {
                    0.0
                };
                // Debt grows at most 40% of the smallest month's card purchases per month, so a
                // card payment is never negative.
                let min_month = 0.9 * monthly_card * 28.0 / MONTH_DAYS;
                Credit {
                    open,
                    card,
                    share,
                    fbar,
                    f_rate: 0.4 * min_month / 31.0,
                    due_day: r.range(1, 27) as u8,
                    key: derive(key, tag("credit")),
                }
            })
        } else {
            None
        };

        let monthly_on = |day: u8| Sched::Month {
            day,
            every: 1,
            phase: 0,
        };

        // Income.
        let q = &b.q;
        let mut flows = Vec::with_capacity(10);
        let fkey = |n: u64| derive(key, 1000 + n);
        let employer = derive(key, tag("employer"));
        let corp: &[&str] = &[
            "Industries",
            "Holdings",
            "Group",
            "Services",
            "Corp",
            "Company",
            "Partners",
            "Logistics",
        ];
        let worker = !matches!(
            person.occupation,
            "Unemployed" | "Retired" | "Not in labor force"
        );
        let mut net_annual = 0.0;
        if y > 0.0 {
            if person.occupation == "Retired" {
                // Social Security from the claiming age (62 at the earliest), at most the
                // maximum benefit at that age; before it, and above the maximum, a pension.
                let net = libm::round(y * ratio_at(&b.after_tax, y, q) * 100.0 / 12.0) as i64;
                let u = Rng::keyed(key, tag("claim")).f64();
                let mut acc = 0.0;
                let &(claim_age, _, cap) = SS_CLAIM
                    .iter()
                    .find(|c| {
                        acc += c.1;
                        u < acc
                    })
                    .unwrap_or(&SS_CLAIM[SS_CLAIM.len() - 1]);
                let sched = monthly_on(3);
                let ss = net.min(cap);
                let pension = Name::Parts(prefix(employer), pick(corp, employer), " Pension");
                let mut f = Flow::new(
                    sched,
                    ss,
                    0.0,
                    fkey(0),
                    1,
                    "social_security",
                    Name::Fixed("SSA Treas 310 Soc Sec"),
                );
                f.switch = sched.count_before(m.birth_date.add_years(claim_age));
                f.early = (
                    "pension",
                    Name::Parts(prefix(employer >> 9), "Retirement Plan", ""),
                );
                flows.push(f);
                if net > ss {
                    let f = Flow::new(monthly_on(1), net - ss, 0.0, fkey(3), 1, "pension", pension);
                    flows.push(f);
                }
            } else if worker {
                let net = y * (ratio_at(&b.after_tax, y, q) - ratio_at(&b.deductions, y, q));
                let name = Name::Parts(prefix(employer), pick(corp, employer), " Payroll");
                let pf = &fin_data().pay_frequency;
                let u = r.f64() * pf.iter().sum::<f64>();
                // A Friday: 1970-01-02.
                let friday = 1 + 7 * r.below(2) as i32;
                let month_end = Sched::Month {
                    day: 0,
                    every: 1,
                    phase: 0,
                };
                let (scheds, count): ([(Sched, f64); 2], usize) = if u < pf[0] {
                    let weekly = Sched::Every {
                        anchor: friday,
                        days: 7,
                    };
                    ([(weekly, 0.03), (weekly, 0.0)], 1)
                } else if u < pf[0] + pf[1] {
                    let biweekly = Sched::Every {
                        anchor: friday,
                        days: 14,
                    };
                    ([(biweekly, 0.03), (biweekly, 0.0)], 1)
                } else if u < pf[0] + pf[1] + pf[2] {
                    let fifteenth = Sched::Month {
                        day: 15,
                        every: 1,
                        phase: 0,
                    };
                    ([(fifteenth, 0.0), (month_end, 0.0)], 2)
                } else {
                    ([(month_end, 0.0), (month_end, 0.0)], 1)
                };
                let scheds = &scheds[..count];
                let per_year: f64 = scheds.iter().map(|s| s.0.per_year()).sum();
                for (n, &(sched, noise)) in scheds.iter().enumerate() {
                    flows.push(Flow::new(
                        sched,
                        libm::round(net * 100.0 / per_year) as i64,
                        noise,
                        fkey(1 + n as u64),
                        1,
                        "payroll",
                        name,
                    ));
                }
            }
            net_annual = flows
                .iter()
                .map(|f| f.amount as f64 * f.sched.per_year())
                .sum::<f64>();
        }

        // Bills.
        let monthly = monthly_on;
        let bill = |flows: &mut Vec<Flow>,
                    sched: Sched,
                    annual: f64,
                    noise: f64,
                    cat: &'static str,
                    name: Name| {
            let amount = libm::round(annual * 100.0 / sched.per_year()) as i64;
            if amount > 0 {
                let n = flows.len() as u64;
                flows.push(Flow::new(sched, amount, noise, fkey(10 + n), -1, cat, name));
            }
        };
        // Housing is the dwelling's: the householder pays the shelter and utilities of their
        // family's income (with a spouse, the couple's); the other members pay none.
        let shelter = ce_level(&b.shelter, family, q);
        let hname = derive(dkey, tag("landlord"));
        if !householder {
        } else if !owner {
            let name = Name::Parts(
                prefix(hname),
                pick(&["Property Management", "Apartments", "Realty"], hname),
                "",
            );
            bill(&mut flows, monthly(1), shelter, 0.0, "rent", name);
        } else if mortgage {
            let name = Name::Parts(
                prefix(hname),
                pick(&["Home Loans", "Mortgage", "Savings Bank"], hname),
                "",
            );
            bill(&mut flows, monthly(1), shelter, 0.0, "mortgage", name);
        } else {
            let d = fin_data();
            let ratio = d.owner_costs_without_mortgage / d.owner_costs_with_mortgage;
            let sched = Sched::Month {
                day: 10,
                every: 6,
                phase: (dkey % 6) as u8,
            };
            let name = Name::Parts(z.county, "Treasurer", "");
            bill(
                &mut flows,
                sched,
                shelter * ratio,
                0.0,
                "property_tax",
                name,
            );
        }
        let day = |r: &mut Rng| r.range(2, 28) as u8;
        let d1 = day(&mut r);
        bill(
            &mut flows,
            monthly(d1),
            ce_level(&b.utilities, family, q) * householder as u8 as f64,
            0.25,
            "utilities",
            Name::Parts(z.city, "Utilities", ""),
        );
        let d2 = day(&mut r);
        let tel = derive(key, tag("telco"));
        bill(
            &mut flows,
            monthly(d2),
            ce_level(&b.telephone, y, q),
            0.05,
            "phone",
            Name::Parts(
                prefix(tel),
                pick(&["Wireless", "Mobile", "Telecom"], tel),
                "",
            ),
        );
        let ins = derive(key, tag("insurer"));
        let d3 = day(&mut r);
        bill(
            &mut flows,
            monthly(d3),
            ce_level(&b.vehicle_insurance, y, q) * vehicle as u8 as f64 / VEHICLE_SHARE,
            0.0,
            "auto_insurance",
            Name::Parts(prefix(ins), "Auto Insurance", ""),
        );
        let d4 = day(&mut r);
        bill(
            &mut flows,
            monthly(d4),
            ce_level(&b.life_insurance, y, q) * life_insured as u8 as f64 / LIFE_INSURANCE_SHARE,
            0.0,
            "life_insurance",
            Name::Parts(prefix(ins >> 7), "Life Insurance", ""),
        );

        // Support or investment: monthly inflow accrual covers bills, variable spending,
        // savings contributions and card interest; a shortfall arrives as other income, a
        // surplus leaves as a brokerage transfer.
        let bills_monthly: f64 = flows
            .iter()
            .filter(|f| f.sign < 0)
            .map(|f| f.amount as f64 * f.sched.per_year() / 12.0)
            .sum();
        let xbar = savings.as_ref().map_or(0.0, |s| s.xbar);
        let interest = credit.as_ref().map_or(0.0, |c| c.fbar * CARD_APR / 12.0);
        let need = variable + bills_monthly + xbar + interest;
        let income_monthly = net_annual / 12.0;
        let d5 = day(&mut r);
        if need > income_monthly {
            let amount = libm::round(need - income_monthly) as i64;
            flows.push(Flow::new(
                monthly(d5),
                amount,
                0.0,
                fkey(30),
                1,
                "other_income",
                Name::Fixed("Deposit"),
            ));
        } else {
            let inv = derive(key, tag("broker"));
            let amount = libm::round(income_monthly - need) as i64;
            if amount > 0 {
                flows.push(Flow::new(
                    monthly(d5),
                    amount,
                    0.0,
                    fkey(31),
                    -1,
                    "investment",
                    Name::Parts(
                        prefix(inv),
                        pick(&["Investments", "Brokerage", "Securities"], inv),
                        "",
                    ),
                ));
            }
        }

        // Checking level: covers every bill's and paycheck's timing swing, plus a buffer.
        let swing: f64 = flows
            .iter()
            .map(|f| f.amount as f64 * if f.sign < 0 { 1.6 } else { 0.4 })
            .sum();
        let base = libm::round(swing + variable * 0.5 * lognormal(0.8, &mut r)) as i64;

        Some(Finances {
            i,
            checking_open,
            debit_card,
            savings,
            credit,
            flows,
            base,
            variable,
            cat_budget,
            key,
            city: z.city,
            county: z.county,
            of_age: m.birth_date.add_years(PURCHASE_AGE),
            young_kids,
        })
    }
}

impl Finances {
    /// Card purchases of month k (`[p(k+1), p(k))`), cents: the part of the month the card is
    /// open × the card's share of the variable budget × a keyed factor in [0.9, 1.1].
    pub fn card_purchases(&self, g: &Grid, k: u32) -> i64 {
        let Some(c) = &self.credit else { return 0 };
        let (s, e) = (g.p(k + 1), g.p(k));
        let days = e.0 - s.0.max(c.open.0);
        if days <= 0 {
            return 0;
        }
        let u = Rng::keyed(c.key, month_index(s) as u64).f64();
        libm::round(c.share * self.variable * days as f64 / MONTH_DAYS * (0.9 + 0.2 * u)) as i64
    }

    fn revolving(&self, x: Date) -> i64 {
        let Some(c) = &self.credit else { return 0 };
        let t = x.0 - c.open.0 - 62;
        if t < 0 || c.fbar <= 0.0 {
            return 0;
        }
        (c.fbar.min(t as f64 * c.f_rate)) as i64
    }

    /// Checking balance at boundary k (before that day's transactions).
    pub fn checking_balance(&self, g: &Grid, k: u32) -> i64 {
        let x = g.p(k);
        if x <= self.checking_open {
            return 0;
        }
        let dev: i64 = self.flows.iter().map(|f| f.sign * f.deviation(x)).sum();
        self.base + dev + self.card_purchases(g, k)
    }

    pub fn savings_balance(&self, g: &Grid, k: u32) -> i64 {
        let Some(s) = &self.savings else { return 0 };
        let x = g.p(k);
        if x <= s.open {
            return 0;
        }
        let t = (x.0 - s.open.0) as f64;
        let gr = t / (t + s.tau);
        let w = Rng::keyed(s.key, x.0 as u64).f64();
        // Whole multiples of $10, so transfers are round sums.
        1_000 * libm::round((s.s_inf * gr + s.xbar * w * gr) / 1_000.0) as i64
    }

    /// Credit-card balance at boundary k: minus (the month's purchases, paid next month, plus
    /// the revolving debt).
    pub fn card_balance(&self, g: &Grid, k: u32) -> i64 {
        let Some(c) = &self.credit else { return 0 };
        let x = g.p(k);
        if x <= c.open {
            return 0;
        }
        -(self.card_purchases(g, k) + self.revolving(x))
    }

    pub fn balance(&self, g: &Grid, ty: u8, k: u32) -> i64 {
        match ty {
            CHECKING => self.checking_balance(g, k),
            SAVINGS => self.savings_balance(g, k),
            _ => self.card_balance(g, k),
        }
    }

    /// The account types this person holds, in order.
    pub fn accounts(&self) -> impl Iterator<Item = u8> + '_ {
        [
            Some(CHECKING),
            self.savings.as_ref().map(|_| SAVINGS),
            self.credit.as_ref().map(|_| CREDIT_CARD),
        ]
        .into_iter()
        .flatten()
    }

    pub fn opened(&self, ty: u8) -> Date {
        match ty {
            CHECKING => self.checking_open,
            SAVINGS => self.savings.as_ref().expect("savings").open,
            _ => self.credit.as_ref().expect("card").open,
        }
    }

    pub fn card(&self, ty: u8) -> Option<&Card> {
        match ty {
            CHECKING => Some(&self.debit_card),
            SAVINGS => None,
            _ => self.credit.as_ref().map(|c| &c.card),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One month of transactions

/// One transaction leg before ids are assigned.
#[derive(Clone, Copy, Debug)]
pub struct Ev {
    pub date: Date,
    order: u32,
    pub acct: u8,
    pub amount: i64,
    pub category: &'static str,
    pub mcc: Option<&'static str>,
    pub name: Name,
    /// Index of the other leg of a transfer or card payment (u32::MAX: none).
    partner: u32,
    /// Scaling group: 0 fixed, 1 debit purchase, 2 card purchase.
    group: u8,
    raw: f64,
}

const NONE: u32 = u32::MAX;
const O_OPEN: u32 = 0;
const O_INCOME: u32 = 1 << 20;
const O_FROM_SAVINGS: u32 = 2 << 20;
const O_BILL: u32 = 3 << 20;
const O_PURCHASE: u32 = 4 << 20;
const O_INTEREST: u32 = 5 << 20;
const O_PAYMENT: u32 = 6 << 20;
const O_TO_SAVINGS: u32 = 7 << 20;

/// Reusable buffers for a person's months.
#[derive(Default)]
pub struct MonthBuf {
    evs: Vec<Ev>,
    /// Output order (indices into `evs`).
    pub order: Vec<u32>,
    idx: Vec<u32>,
    post: Vec<u32>,
}

impl MonthBuf {
    pub fn ev(&self, k: usize) -> &Ev {
        &self.evs[self.order[k] as usize]
    }
    pub fn len(&self) -> usize {
        self.order.len()
    }
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Splits `target` cents over the events of `group` in proportion to their raw amounts, exactly
/// (cumulative rounding), and returns how many got an amount.
fn apportion(evs: &mut [Ev], group: u8, target: i64, sign: i64) {
    let total: f64 = evs.iter().filter(|e| e.group == group).map(|e| e.raw).sum();
    if total <= 0.0 {
        return;
    }
    let mut cum = 0.0;
    let mut prev = 0i64;
    let n = evs.iter().filter(|e| e.group == group).count();
    let mut seen = 0;
    for e in evs.iter_mut().filter(|e| e.group == group) {
        cum += e.raw;
        seen += 1;
        let upto = if seen == n {
            target
        } else {
            libm::round(target as f64 * (cum / total)) as i64
        };
        e.amount = sign * (upto - prev);
        prev = upto;
    }
}

impl Finances {
    fn purchase(&self, cat: usize, date: Date, acct: u8, r: &mut Rng) -> Ev {
        let c = &CATEGORIES[cat];
        let b = budgets();
        // One of four regular merchants of the category.
        let h = derive(derive(self.key, cat as u64), r.below(4));
        let cum = &b.mcc_cum[cat];
        let w = (h >> 40) % *cum.last().expect("weights") as u64;
        let mut j = cum.iter().position(|&x| w < x as u64).unwrap_or(0);
        if c.mccs[j].0 == CHILD_CARE_MCC && !self.young_kids {
            j = 0;
        }
        let (mcc, _, nouns) = c.mccs[j];
        let mean = self.cat_budget[cat] / c.per_month;
        Ev {
            date,
            order: O_PURCHASE,
            acct,
            amount: 0,
            category: c.label,
            mcc: Some(mcc),
            name: Name::Parts(prefix(h), pick(nouns, h), ""),
            partner: NONE,
            group: if acct == CHECKING { 1 } else { 2 },
            raw: mean * lognormal(c.sigma, r),
        }
    }

    /// The transactions of month k (`[p(k+1), p(k))`) of every account, in posting order, into
    /// `buf`. Their amounts add up, per account, to the balance change over the month.
    pub fn month(&self, g: &Grid, k: u32, buf: &mut MonthBuf) {
        buf.evs.clear();
        buf.order.clear();
        let (s, e) = (g.p(k + 1), g.p(k));
        if self.checking_open >= e {
            return;
        }
        let opening = self.checking_open >= s;
        let sc = if opening { self.checking_open } else { s };
        let mut r = Rng::new(derive(
            derive(self.key, tag("month")),
            month_index(s) as u64,
        ));
        let evs = &mut buf.evs;
        let fixed = |date, order, acct, amount, category, name| Ev {
            date,
            order,
            acct,
            amount,
            category,
            mcc: None,
            name,
            partner: NONE,
            group: 0,
            raw: 0.0,
        };

        // Recurring deposits and bills.
        let (mut inflow, mut bills) = (0i64, 0i64);
        for f in &self.flows {
            let (a, b) = (f.sched.count_before(sc), f.sched.count_before(e));
            for j in a..b {
                let amt = f.event_amount(j);
                if f.sign > 0 {
                    inflow += amt;
                } else {
                    bills += amt;
                }
                let order = if f.sign > 0 { O_INCOME } else { O_BILL };
                let (category, name) = f.label(j);
                evs.push(fixed(
                    f.sched.event_date(j),
                    order + evs.len() as u32,
                    CHECKING,
                    f.sign * amt,
                    category,
                    name,
                ));
            }
        }
        let c_end = self.checking_balance(g, k);

        // Savings transfer.
        let mut transfer = 0i64;
        if let Some(sv) = &self.savings {
            if sv.open < e {
                transfer = self.savings_balance(g, k) - self.savings_balance(g, k + 1);
                let from = s.max(sv.open);
                let date = Date(from.0 + r.below((e.0 - from.0) as u64) as i32);
                if transfer != 0 {
                    let n = evs.len() as u32;
                    let (o, cn, sn) = if transfer > 0 {
                        (
                            O_TO_SAVINGS,
                            "Transfer to savings",
                            "Transfer from checking",
                        )
                    } else {
                        (
                            O_FROM_SAVINGS,
                            "Transfer from savings",
                            "Transfer to checking",
                        )
                    };
                    let mut a = fixed(
                        date,
                        o + n,
                        CHECKING,
                        -transfer,
                        "transfer",
                        Name::Fixed(cn),
                    );
                    let mut b = fixed(
                        date,
                        o + n + 1,
                        SAVINGS,
                        transfer,
                        "transfer",
                        Name::Fixed(sn),
                    );
                    a.partner = n + 1;
                    b.partner = n;
                    evs.push(a);
                    evs.push(b);
                }
            }
        }

        // Card interest and payment.
        let mut payment = 0i64;
        let mut card_target = 0i64;
        if let Some(c) = &self.credit {
            if c.open < e {
                card_target = self.card_purchases(g, k);
                let f_start = self.revolving(s);
                let f_end = self.revolving(e);
                let days = (e.0 - s.0) as f64;
                let interest = libm::round(f_start as f64 * CARD_APR * days / YEAR_DAYS) as i64;
                payment = self.card_purchases(g, k + 1) + f_start - f_end + interest;
                if interest > 0 {
                    let n = evs.len() as u32;
                    evs.push(fixed(
                        s,
                        O_INTEREST + n,
                        CREDIT_CARD,
                        -interest,
                        "interest",
                        Name::Fixed("Interest charge"),
                    ));
                }
                if payment > 0 {
                    let sched = Sched::Month {
                        day: c.due_day,
                        every: 1,
                        phase: 0,
                    };
                    let j = sched.count_before(s);
                    let mut date = sched.event_date(j);
                    if date >= e {
                        date = s;
                    }
                    let n = evs.len() as u32;
                    let mut a = fixed(
                        date,
                        O_PAYMENT + n,
                        CHECKING,
                        -payment,
                        "card_payment",
                        Name::Fixed("Credit card payment"),
                    );
                    let mut b = fixed(
                        date,
                        O_PAYMENT + n + 1,
                        CREDIT_CARD,
                        payment,
                        "card_payment",
                        Name::Fixed("Payment - thank you"),
                    );
                    a.partner = n + 1;
                    b.partner = n;
                    evs.push(a);
                    evs.push(b);
                }
            }
        }

        // What debit purchases must come to.
        let c_start;
        let debit = if opening {
            let days = (e.0 - sc.0) as f64;
            let want = libm::round(self.variable * days / MONTH_DAYS) as i64;
            let deposit = (c_end - inflow + bills + want).max(2_500);
            evs.push(fixed(
                sc,
                O_OPEN,
                CHECKING,
                deposit,
                "opening_deposit",
                Name::Fixed("Opening deposit"),
            ));
            c_start = 0;
            deposit - c_end + inflow - bills
        } else {
            c_start = self.checking_balance(g, k + 1);
            c_start - c_end + inflow - bills - transfer - payment
        };
        debug_assert!(debit >= 0, "debit budget {debit} < 0");
        let debit = debit.max(0);

        // Purchases.
        let days = (e.0 - sc.0) as u64;
        let card_from = self.credit.as_ref().map(|c| c.open);
        let share = self.credit.as_ref().map_or(0.0, |c| c.share);
        let first = evs.len();
        for (cat, c) in CATEGORIES.iter().enumerate() {
            if self.cat_budget[cat] <= 0.0 {
                continue;
            }
            let lambda = c.per_month * days as f64 / MONTH_DAYS;
            let n = ((lambda + r.f64()) as u32).min(100);
            let adult_only = matches!(c.label, "alcohol" | "tobacco");
            for _ in 0..n {
                let date = Date(sc.0 + r.below(days) as i32);
                if adult_only && date < self.of_age {
                    continue;
                }
                let on_card =
                    card_target > 0 && card_from.is_some_and(|o| date >= o) && r.chance(share);
                let acct = if on_card { CREDIT_CARD } else { CHECKING };
                let ev = self.purchase(cat, date, acct, &mut r);
                evs.push(ev);
            }
        }
        let have = |evs: &[Ev], g: u8| evs[first..].iter().any(|x| x.group == g);
        if card_target > 0 && !have(evs, 2) {
            let from = s.max(card_from.expect("card"));
            let ev = self.purchase(0, from, CREDIT_CARD, &mut r);
            evs.push(ev);
        }
        // Cash from the ATM: round amounts, at most a quarter of the debit budget.
        let mut atm = 0i64;
        let n_atm = (1.5 * days as f64 / MONTH_DAYS + r.f64()) as u32;
        for _ in 0..n_atm {
            let amt = 2_000 * r.range(2, 10);
            if 4 * (atm + amt) > debit {
                break;
            }
            atm += amt;
            let date = Date(sc.0 + r.below(days) as i32);
            let n = evs.len() as u32;
            evs.push(Ev {
                mcc: Some(ATM_MCC),
                ..fixed(
                    date,
                    O_PURCHASE + n,
                    CHECKING,
                    -amt,
                    "cash_withdrawal",
                    Name::Parts("ATM", self.city, ""),
                )
            });
        }
        if debit - atm > 0 && !have(evs, 1) {
            let ev = self.purchase(0, sc, CHECKING, &mut r);
            evs.push(ev);
        }
        for (n, ev) in evs.iter_mut().enumerate().skip(first) {
            if ev.group != 0 {
                ev.order = O_PURCHASE + n as u32;
            }
        }
        apportion(evs, 1, debit - atm, -1);
        apportion(evs, 2, card_target, -1);

        // Posting order, keeping the checking account at or above the floor: an outflow that
        // would go below it waits until the month's last deposit (after which the balance only
        // falls, to the month's end balance, itself above the floor).
        let idx = &mut buf.idx;
        idx.clear();
        idx.extend((0..evs.len() as u32).filter(|&j| evs[j as usize].amount != 0));
        idx.sort_unstable_by_key(|&j| (evs[j as usize].date, evs[j as usize].order));
        let last_in = idx
            .iter()
            .rposition(|&j| evs[j as usize].acct == CHECKING && evs[j as usize].amount > 0);
        let post = &mut buf.post;
        post.clear();
        let order = &mut buf.order;
        let mut bal = c_start;
        if let Some(l) = last_in {
            for &j in &idx[..l] {
                let ev = evs[j as usize];
                if ev.acct == CHECKING {
                    if ev.amount < 0 && bal + ev.amount < OVERDRAFT_FLOOR_CENTS {
                        post.push(j);
                        continue;
                    }
                    bal += ev.amount;
                    order.push(j);
                } else if ev.partner == NONE || !post.contains(&ev.partner) {
                    order.push(j);
                }
            }
            let lj = idx[l];
            order.push(lj);
            let day = evs[lj as usize].date;
            for &j in post.iter() {
                evs[j as usize].date = day;
                order.push(j);
                let p = evs[j as usize].partner;
                if p != NONE {
                    evs[p as usize].date = day;
                    order.push(p);
                }
            }
            for &j in &idx[l + 1..] {
                // A partner already placed with its postponed leg is skipped.
                let p = evs[j as usize].partner;
                if p != NONE && evs[j as usize].acct != CHECKING && post.contains(&p) {
                    continue;
                }
                order.push(j);
            }
        } else {
            order.extend_from_slice(idx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_count_and_date_agree() {
        let scheds = [
            Sched::Every {
                anchor: 1,
                days: 14,
            },
            Sched::Month {
                day: 15,
                every: 1,
                phase: 0,
            },
            Sched::Month {
                day: 0,
                every: 1,
                phase: 0,
            },
            Sched::Month {
                day: 10,
                every: 6,
                phase: 4,
            },
        ];
        for s in scheds {
            for j in -300..300 {
                let d = s.event_date(j);
                assert_eq!(s.count_before(d), j, "{s:?} {j}");
                assert_eq!(s.count_before(Date(d.0 + 1)), j + 1, "{s:?} {j}");
            }
        }
    }

    #[test]
    fn add_months_clamps() {
        let d = Date::parse("2026-03-31").unwrap();
        assert_eq!(add_months(d, -1).to_string(), "2026-02-28");
        assert_eq!(add_months(d, -2).to_string(), "2026-01-31");
        assert_eq!(add_months(d, -13).to_string(), "2025-02-28");
    }

    #[test]
    fn categories_use_mapped_codes() {
        let d = fin_data();
        for c in CATEGORIES {
            for (mcc, _, _) in c.mccs {
                let m = d.mcc(mcc).unwrap_or_else(|| panic!("{mcc} not shipped"));
                assert!(
                    c.plus
                        .iter()
                        .any(|p| m.spend_category.split(';').any(|s| s == *p))
                        || (c.label == "home" && m.spend_category == "furnishings_equipment"),
                    "{mcc} maps to {} not {:?}",
                    m.spend_category,
                    c.plus
                );
            }
        }
        assert_eq!(
            d.mcc(ATM_MCC).unwrap().spend_category,
            "atm_cash_withdrawal"
        );
    }
}
