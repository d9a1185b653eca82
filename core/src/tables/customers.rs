//! `synth_customers`: the customers of an online game (the seed's population).

use crate::data::data;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::fields::{self, gender_name};
use crate::pareto::Balances;
use crate::rng::{derive, tag, Perm, Rng};
use crate::schema::{Args, Column, Default, LType, PType, Param, Row};
use crate::tables::{slice_args, RowSource, Slice, COMMON_SLICE_PARAMS};

/// The largest n accepted: above it the richest balance would not fit numeric(12,2).
pub const MAX_ROWS: u64 = 1_000_000_000;
/// The minimum balance (Pareto scale), dollars.
pub const MIN_BALANCE: f64 = 10.0;
/// Default `as_of`: 2026-01-01.
pub const DEFAULT_AS_OF: Date = Date(20454);
/// Originals per block of the duplicate layout.
const DUP_BLOCK: u64 = 1024;

pub const COLUMNS: &[Column] = &[
    Column { name: "customer_id", ty: LType::Int64, nullable: false, doc: "1..n; a duplicate row repeats its source's id" },
    Column { name: "first_name", ty: LType::Text, nullable: false, doc: "first name of the customer's sex, ∝ P(first name | ethnicity)" },
    Column { name: "surname", ty: LType::Text, nullable: false, doc: "surname ∝ P(surname | ethnicity), ethnicity from the ZIP's mix" },
    Column { name: "gender", ty: LType::Text, nullable: true, doc: "'female' or 'male'; NULL for exactly round(missing_gender·n) customers" },
    Column { name: "email", ty: LType::Text, nullable: false, doc: "from the customer's name plus a number unique to the row; unique per customer" },
    Column { name: "password_hash", ty: LType::Text, nullable: false, doc: "sha256$<salt hex>$<SHA-256(salt ‖ password) hex>" },
    Column { name: "address", ty: LType::Text, nullable: true, doc: "street line; NULL (with city, state, zip) for exactly round(missing_address·n) customers" },
    Column { name: "city", ty: LType::Text, nullable: true, doc: "the ZIP's city" },
    Column { name: "state", ty: LType::Text, nullable: true, doc: "the ZIP's state (USPS code)" },
    Column { name: "zip", ty: LType::Text, nullable: true, doc: "a real STANDARD ZIP code ∝ population" },
    Column { name: "age", ty: LType::Int16, nullable: false, doc: "18..90 from the 2024 US age distribution" },
    Column { name: "credit_card_number", ty: LType::Text, nullable: false, doc: "Luhn-valid, real brand prefix and length" },
    Column { name: "credit_card_expiry", ty: LType::Date, nullable: false, doc: "a month end 1 to 5 years after as_of" },
    Column { name: "security_question", ty: LType::Text, nullable: false, doc: "one of five questions" },
    Column { name: "security_answer", ty: LType::Text, nullable: false, doc: "an answer consistent with the question" },
    Column { name: "account_balance", ty: LType::Money, nullable: false, doc: "Pareto; the top 20% hold 80% of the total" },
];

pub const PARAMS: &[Param] = &[
    Param {
        name: "n",
        ty: PType::Int,
        default: Default::Required,
        doc: "number of customers, 0..1,000,000,000",
    },
    Param {
        name: "seed",
        ty: PType::Int,
        default: Default::Int(42),
        doc: "any 64-bit integer",
    },
    Param {
        name: "missing_gender",
        ty: PType::Float,
        default: Default::Float(0.1),
        doc: "share of customers with NULL gender, 0..1",
    },
    Param {
        name: "missing_address",
        ty: PType::Float,
        default: Default::Float(0.1),
        doc: "share of customers with NULL address, city, state and zip, 0..1",
    },
    Param {
        name: "duplicates",
        ty: PType::Float,
        default: Default::Float(0.0),
        doc: "extra exact-copy rows as a share of n, 0..1",
    },
    Param {
        name: "as_of",
        ty: PType::Date,
        default: Default::Date(DEFAULT_AS_OF),
        doc: "reference date for card expiry",
    },
    COMMON_SLICE_PARAMS[0],
    COMMON_SLICE_PARAMS[1],
];

#[derive(Clone, Debug, PartialEq)]
pub struct CustomersOpts {
    pub n: u64,
    pub seed: i64,
    pub missing_gender: f64,
    pub missing_address: f64,
    pub duplicates: f64,
    pub as_of: Date,
}

impl CustomersOpts {
    pub fn new(n: u64, seed: i64) -> Self {
        CustomersOpts {
            n,
            seed,
            missing_gender: 0.1,
            missing_address: 0.1,
            duplicates: 0.0,
            as_of: DEFAULT_AS_OF,
        }
    }

    pub fn from_args(a: &Args) -> Result<Self> {
        let n = a.int("n")?;
        if n < 0 {
            return Err(Error::invalid("n", format!("between 0 and {MAX_ROWS}"), n));
        }
        Ok(CustomersOpts {
            n: n as u64,
            seed: a.int("seed")?,
            missing_gender: a.rate("missing_gender")?,
            missing_address: a.rate("missing_address")?,
            duplicates: a.rate("duplicates")?,
            as_of: a.date("as_of")?,
        })
    }
}

/// round(rate · n), exactly, for rates in [0, 1].
pub fn rate_count(rate: f64, n: u64) -> u64 {
    (libm::round(rate * n as f64) as u64).min(n)
}

const T_TABLE: u64 = tag("synth.customers");
const T_GEO: u64 = tag("geo");
const T_PERSON: u64 = tag("person");
const T_EMAIL: u64 = tag("email");
const T_PASSWORD: u64 = tag("password");
const T_ADDRESS: u64 = tag("address");
const T_CARD: u64 = tag("card");
const T_SECURITY: u64 = tag("security");
const T_BALANCE: u64 = tag("balance");
const T_MISSING_GENDER: u64 = tag("missing_gender");
const T_MISSING_ADDRESS: u64 = tag("missing_address");
const T_BALANCE_RANK: u64 = tag("balance_rank");
const T_DUP_LAYOUT: u64 = tag("dup_layout");
const T_DUP_SOURCE: u64 = tag("dup_source");

/// The customers table for one set of options: row-addressable, with its population-level
/// properties (exact missing counts, the 80/20 balances, duplicate rows) fixed by `n`.
#[derive(Clone, Debug)]
pub struct Customers {
    pub opts: CustomersOpts,
    key: u64,
    n_dup: u64,
    n_missing_gender: u64,
    n_missing_address: u64,
    perm_gender: Perm,
    perm_address: Perm,
    perm_balance: Perm,
    balances: Balances,
    /// The card expiry dates: the month ends 12 to 59 months after `as_of`.
    expiry: Vec<Date>,
}

impl Customers {
    pub fn new(opts: CustomersOpts) -> Result<Self> {
        if opts.n > MAX_ROWS {
            return Err(Error::LimitExceeded {
                arg: "n",
                limit: MAX_ROWS.to_string(),
                got: opts.n.to_string(),
            });
        }
        for (name, r) in [
            ("missing_gender", opts.missing_gender),
            ("missing_address", opts.missing_address),
            ("duplicates", opts.duplicates),
        ] {
            if !(0.0..=1.0).contains(&r) {
                return Err(Error::invalid(name, "a rate between 0 and 1", r));
            }
        }
        let n = opts.n;
        let key = derive(opts.seed as u64, T_TABLE);
        Ok(Customers {
            key,
            n_dup: rate_count(opts.duplicates, n),
            n_missing_gender: rate_count(opts.missing_gender, n),
            n_missing_address: rate_count(opts.missing_address, n),
            perm_gender: Perm::new(n, derive(key, T_MISSING_GENDER)),
            perm_address: Perm::new(n, derive(key, T_MISSING_ADDRESS)),
            perm_balance: Perm::new(n, derive(key, T_BALANCE_RANK)),
            balances: Balances::new(n, MIN_BALANCE),
            expiry: (12..=59).map(|m| opts.as_of.month_end_after(m)).collect(),
            opts,
        })
    }

    /// Rows of the full table: n customers plus round(duplicates · n) copies.
    pub fn total_rows(&self) -> u64 {
        self.opts.n + self.n_dup
    }

    pub fn duplicate_count(&self) -> u64 {
        self.n_dup
    }

    /// The balance rank of customer `i` (0 = richest).
    pub fn balance_rank(&self, i: u64) -> u64 {
        self.perm_balance.apply(i)
    }

    pub fn balance_alpha(&self) -> f64 {
        self.balances.alpha()
    }

    /// The age of customer `i`, as its row has it, without generating the row.
    pub fn age_of(&self, i: u64) -> u32 {
        fields::adult_age(&mut Rng::keyed(derive(self.key, i), T_PERSON))
    }

    /// The account balance of customer `i` in cents, as its row has it.
    pub fn balance_cents_of(&self, i: u64) -> i64 {
        self.balance_cents(i, derive(self.key, i))
    }

    /// The balance of customer `i`, whose row key is `rk`.
    #[inline]
    fn balance_cents(&self, i: u64, rk: u64) -> i64 {
        let u = Rng::keyed(rk, T_BALANCE).f64();
        self.balances.cents(self.perm_balance.apply(i), u)
    }

    /// Who customer `i` is: ZIP, ethnicity, age, sex and names.
    fn who(&self, i: u64) -> Who {
        // The draws have one definition: the prefetch stages that resolve them.
        let mut a = Ahead::new(i);
        while a.stage < 4 {
            self.prefetch_stage(&mut a);
        }
        a.who()
    }

    /// Writes customer `i` (0-based; id i + 1) into `row`.
    pub fn write_customer(&self, i: u64, row: &mut Row) {
        let mut numbers = fields::UniqueNumbers::new(derive(self.key, T_EMAIL));
        self.write_who(i, &self.who(i), &mut numbers, row)
    }

    /// Writes customer `i`, who is `w`, into `row`; `numbers` gives the emails' numbers.
    fn write_who(&self, i: u64, w: &Who, numbers: &mut fields::UniqueNumbers, row: &mut Row) {
        let rk = derive(self.key, i);
        let zip = &data().zips[w.zip];
        let (eth, age, gender, first, last) = (w.eth, w.age, w.gender, w.first, w.last);

        row.clear();
        row.int(i as i64 + 1);
        row.text_static(first);
        row.text_static(last);
        if self.perm_gender.apply(i) < self.n_missing_gender {
            row.null();
        } else {
            row.text_static(gender_name(gender));
        }
        let number = numbers.get(i);
        let mut er = Rng::keyed(rk, T_EMAIL);
        row.text_with(|s| fields::email(first, last, number, &mut er, s));
        let mut pr = Rng::keyed(rk, T_PASSWORD);
        row.text_with(|s| fields::password_hash(&mut pr, s));
        if self.perm_address.apply(i) < self.n_missing_address {
            for _ in 0..4 {
                row.null();
            }
        } else {
            let mut ar = Rng::keyed(rk, T_ADDRESS);
            row.text_with(|s| fields::street_line(&mut ar, s));
            row.text_static(zip.city);
            row.text_static(zip.state);
            row.text_static(zip.zip);
        }
        row.int(age as i64);
        let mut cr = Rng::keyed(rk, T_CARD);
        row.text_with(|s| {
            fields::card_number(&mut cr, s);
        });
        row.date(self.expiry[(cr.range(12, 59) - 12) as usize]);
        let mut sr = Rng::keyed(rk, T_SECURITY);
        let q = fields::security_question(&mut sr);
        row.text_static(fields::SECURITY_QUESTIONS[q]);
        row.text_with(|s| fields::security_answer(q, eth, &mut sr, s));
        row.money(self.balance_cents(i, rk));
    }

    /// Runs the next prefetch stage of customer `a.row` (see [`Ahead`]): stage 0 fetches the
    /// ZIP's alias slot, 1 the ZIP, 2 the name alias slots and the ZIP's texts, 3 the names, 4
    /// their bytes. A stage only reads what the earlier stages fetched, so running stage k a
    /// few rows before the row is written hides each cache miss behind other rows' work.
    /// Results never depend on it.
    fn prefetch_stage(&self, a: &mut Ahead) {
        use crate::alias::prefetch;
        let d = data();
        match a.stage {
            0 => {
                a.rk = derive(self.key, a.row);
                a.geo = Rng::keyed(a.rk, T_GEO);
                a.u_zip = a.geo.next_u64();
                d.zip_alias.prefetch(a.u_zip);
            }
            1 => {
                a.zip = d.zip_alias.sample_u64(a.u_zip);
                let p = &d.zips[a.zip] as *const crate::data::Zip as *const u8;
                for off in (0..std::mem::size_of::<crate::data::Zip>()).step_by(64) {
                    // SAFETY: inside the one Zip value.
                    prefetch(unsafe { &*p.add(off) });
                }
            }
            2 => {
                let zip = &d.zips[a.zip];
                let rk = a.rk;
                a.eth = fields::ethnicity_in_zip(zip, &mut a.geo);
                let eth = a.eth as usize;
                let mut person = Rng::keyed(rk, T_PERSON);
                a.age = fields::adult_age(&mut person);
                a.gender = fields::gender_for_age(a.age, &mut person);
                let g = a.gender.min(1) as usize;
                let (uf, us) = (person.next_u64(), person.next_u64());
                // The names the row looks up: first name, surname, a street named after a
                // surname, a mother's maiden name (the draws as write_customer makes them).
                let street = fields::street_start(&mut Rng::keyed(rk, T_ADDRESS)).1;
                let mut sr = Rng::keyed(rk, T_SECURITY);
                let q = fields::security_question(&mut sr);
                let maiden = (q == 0).then(|| sr.next_u64());
                // A birthplace answer (question 1) looks up a city.
                a.city = (q == 1).then(|| sr.next_u64());
                if let Some(u) = a.city {
                    d.city_alias.prefetch(u);
                }
                a.names = [
                    Some((&d.first_alias[eth][g], uf, &d.first_by_gender[g])),
                    Some((&d.surname_alias[eth], us, &d.surnames)),
                    street.map(|u| (&d.surname_alias[0], u, &d.surnames)),
                    maiden.map(|u| (&d.surname_alias[eth], u, &d.surnames)),
                ];
                for (alias, u, _) in a.names.iter().flatten() {
                    alias.prefetch(*u);
                }
                for s in [zip.city, zip.state, zip.zip] {
                    prefetch(s);
                }
            }
            3 => {
                for n in a.names.iter_mut().flatten() {
                    n.1 = n.0.sample_u64(n.1) as u64; // from here on: the index
                    prefetch(&n.2[n.1 as usize]);
                }
                if let Some(u) = &mut a.city {
                    *u = d.city_alias.sample_u64(*u) as u64;
                    prefetch(&d.cities[*u as usize]);
                }
            }
            4 => {
                for (_, i, list) in a.names.iter().flatten() {
                    prefetch(list[*i as usize].as_str());
                }
                if let Some(i) = a.city {
                    prefetch(d.cities[i as usize].0);
                }
            }
            _ => return,
        }
        a.stage += 1;
    }

    /// Where output row `j` of the full table comes from: `(customer index, is_duplicate)`.
    pub fn source_of(&self, j: u64) -> (u64, bool) {
        let mut c = self.cursor(Slice { first: j, count: 1 });
        c.advance()
    }

    /// A cursor over output rows `[first, first + count)`.
    pub fn cursor(&self, s: Slice) -> CustomersCursor {
        CustomersCursor::new(self.clone(), s)
    }
}

/// How many customers ahead the cursor prefetches (one prefetch stage per row).
const AHEAD: u64 = 5;

type NameLookup = (&'static crate::alias::Alias, u64, &'static Vec<String>);

/// Who a customer is: the draws every other field depends on.
struct Who {
    zip: usize,
    eth: u8,
    age: u32,
    gender: u8,
    first: &'static str,
    last: &'static str,
}

/// A customer being prefetched: the draws its later stages need (and, from stage 4 on, who
/// the customer is).
#[derive(Clone)]
struct Ahead {
    row: u64,
    stage: u8,
    rk: u64,
    geo: Rng,
    u_zip: u64,
    zip: usize,
    eth: u8,
    age: u32,
    gender: u8,
    names: [Option<NameLookup>; 4],
    /// The birthplace draw, then the city's index.
    city: Option<u64>,
}

impl Ahead {
    /// Who the customer is, once stage 3 has resolved the names.
    fn who(&self) -> Who {
        let (Some(f), Some(l)) = (&self.names[0], &self.names[1]) else {
            unreachable!("stage 2 sets both names")
        };
        Who {
            zip: self.zip,
            eth: self.eth,
            age: self.age,
            gender: self.gender,
            first: &f.2[f.1 as usize],
            last: &l.2[l.1 as usize],
        }
    }

    fn new(row: u64) -> Self {
        Ahead {
            row,
            stage: 0,
            rk: 0,
            geo: Rng::keyed(0, 0),
            u_zip: 0,
            zip: 0,
            eth: 0,
            age: 0,
            gender: 0,
            names: [None; 4],
            city: None,
        }
    }
}

/// Streams a slice of the customers table, duplicates included.
///
/// Layout of duplicates: originals are cut into blocks of 1,024; block k receives
/// `D(end) − D(start)` copies where `D(x) = ⌊x · d / n⌋`, so the d copies are spread evenly and
/// the block's first output row is `start + D(start)`, computable in O(1). Within a block a keyed
/// permutation of its slots decides which slots are copies; a copy's source is a uniformly
/// drawn customer. Reaching any output row costs one block scan at most.
pub struct CustomersCursor {
    t: Customers,
    pos: u64,
    end: u64,
    block: u64,
    slot: u64,
    originals_seen: u64,
    layout: Option<BlockLayout>,
    ahead: Vec<Ahead>,
    numbers: fields::UniqueNumbers,
}

struct BlockLayout {
    start: u64,
    slots: u64,
    dups: u64,
    dups_before: u64,
    perm: Perm,
}

impl CustomersCursor {
    fn new(t: Customers, s: Slice) -> Self {
        let numbers = fields::UniqueNumbers::new(derive(t.key, T_EMAIL));
        let total = t.total_rows();
        let first = s.first.min(total);
        let end = first.saturating_add(s.count).min(total);
        let mut c = CustomersCursor {
            t,
            pos: first,
            end,
            block: 0,
            slot: 0,
            originals_seen: 0,
            layout: None,
            ahead: (0..AHEAD).map(|_| Ahead::new(u64::MAX)).collect(),
            numbers,
        };
        if c.t.n_dup > 0 && first < end {
            c.seek(first);
        }
        c
    }

    fn dups_before(&self, x: u64) -> u64 {
        ((x as u128 * self.t.n_dup as u128) / self.t.opts.n as u128) as u64
    }

    fn block_out_start(&self, k: u64) -> u64 {
        let start = k * DUP_BLOCK;
        start + self.dups_before(start)
    }

    fn layout(&self, k: u64) -> BlockLayout {
        let n = self.t.opts.n;
        let start = k * DUP_BLOCK;
        let end = (start + DUP_BLOCK).min(n);
        let dups_before = self.dups_before(start);
        let dups = self.dups_before(end) - dups_before;
        let slots = end - start + dups;
        BlockLayout {
            start,
            slots,
            dups,
            dups_before,
            perm: Perm::new(slots, derive(self.t.key ^ T_DUP_LAYOUT, k)),
        }
    }

    fn seek(&mut self, j: u64) {
        let blocks = self.t.opts.n.div_ceil(DUP_BLOCK);
        let (mut lo, mut hi) = (0u64, blocks - 1);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.block_out_start(mid) <= j {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        self.block = lo;
        let l = self.layout(lo);
        let slot = j - self.block_out_start(lo);
        self.originals_seen = (0..slot).filter(|&s| l.perm.apply(s) >= l.dups).count() as u64;
        self.slot = slot;
        self.layout = Some(l);
    }

    /// The source of the next row, advancing by one.
    fn advance(&mut self) -> (u64, bool) {
        self.pos += 1;
        if self.t.n_dup == 0 {
            return (self.pos - 1, false);
        }
        let l = self.layout.as_ref().expect("seeked");
        let v = l.perm.apply(self.slot);
        let out = if v < l.dups {
            let g = l.dups_before + v;
            (
                Rng::keyed(self.t.key ^ T_DUP_SOURCE, g).below(self.t.opts.n),
                true,
            )
        } else {
            self.originals_seen += 1;
            (l.start + self.originals_seen - 1, false)
        };
        self.slot += 1;
        if self.slot == l.slots && self.pos < self.end {
            self.block += 1;
            self.slot = 0;
            self.originals_seen = 0;
            self.layout = Some(self.layout(self.block));
        }
        out
    }

    pub fn remaining(&self) -> u64 {
        self.end - self.pos
    }
}

impl RowSource for CustomersCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        if self.pos >= self.end {
            return false;
        }
        let (i, dup) = self.advance();
        // Who the customer is, from the prefetch when it got that far.
        let slot = (i % AHEAD) as usize;
        let who = match &self.ahead[slot] {
            a if a.row == i && a.stage >= 4 && !dup => Some(a.who()),
            _ => None,
        };
        if !dup {
            // Customer i + d is prefetched up to stage 5 - d (the furthest only started).
            for d in 1..=AHEAD {
                let j = i + d;
                if j >= self.t.opts.n {
                    break;
                }
                let a = &mut self.ahead[(j % AHEAD) as usize];
                if a.row != j {
                    *a = Ahead::new(j);
                }
                while (a.stage as u64) < AHEAD + 1 - d {
                    self.t.prefetch_stage(a);
                }
            }
        }
        let w = who.unwrap_or_else(|| self.t.who(i));
        self.t.write_who(i, &w, &mut self.numbers, row);
        true
    }

    fn remaining(&self) -> u64 {
        CustomersCursor::remaining(self)
    }
}

pub fn open(a: &Args) -> Result<Box<dyn RowSource>> {
    let t = Customers::new(CustomersOpts::from_args(a)?)?;
    let s = slice_args(a, t.total_rows())?;
    Ok(Box::new(t.cursor(s)))
}
