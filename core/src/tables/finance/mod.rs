//! `synth_accounts` and `synth_transactions`: the bank accounts of the people of
//! `synth_people(n, seed, as_of)` and their transactions, which add up exactly.
//!
//! Both slice by person (`first`/`count` count people, like `synth_sales` counts customers):
//! a slice of people and the same slice of their accounts and transactions belong together.
//! Person i's accounts and transactions are computed from (seed, i) and its household alone.

pub mod data;
pub mod model;

use crate::error::{Error, Result};
use crate::schema::{Args, Column, Default, LType, PType, Param, Row};
use crate::tables::customers::DEFAULT_AS_OF;
use crate::tables::health::Profile;
use crate::tables::people::{BlockCache, People, MAX_ROWS};
use crate::tables::{slice_args, RowSource, COMMON_SLICE_PARAMS};
use model::{account_id, Finances, Model, MonthBuf, ACCOUNT_TYPES, CHECKING};

pub use model::{CARD_APR, OVERDRAFT_FLOOR_CENTS};

/// The window whose start `opening_balance` is taken at.
pub const DEFAULT_MONTHS: i64 = 12;
pub const MAX_MONTHS: i64 = 120;

pub const ACCOUNT_COLUMNS: &[Column] = &[
    Column {
        name: "account_id",
        ty: LType::Int64,
        nullable: false,
        doc: "person row i's account of type t (0 checking, 1 savings, 2 credit card): i * 8 + t + 1",
    },
    Column {
        name: "person_id",
        ty: LType::Text,
        nullable: false,
        doc: "the owner's person_id in synth_people(n, seed, as_of)",
    },
    Column {
        name: "account_type",
        ty: LType::Text,
        nullable: false,
        doc: "checking, savings or credit_card",
    },
    Column {
        name: "opened_date",
        ty: LType::Date,
        nullable: false,
        doc: "on or after the 18th birthday, not after as_of; savings and cards at least 31 days after checking",
    },
    Column {
        name: "opening_balance",
        ty: LType::Money,
        nullable: false,
        doc: "balance at the start of the default 12-month window (as_of - 12 months); 0 if opened later",
    },
    Column {
        name: "closing_balance",
        ty: LType::Money,
        nullable: false,
        doc: "balance at as_of; a credit card's is minus what is owed",
    },
    Column {
        name: "card_number",
        ty: LType::Text,
        nullable: true,
        doc: "Luhn-valid: the debit card of a checking account, the credit card; NULL for savings",
    },
    Column {
        name: "card_brand",
        ty: LType::Text,
        nullable: true,
        doc: "visa, mastercard, american_express or discover; NULL for savings",
    },
];

pub const TRANSACTION_COLUMNS: &[Column] = &[
    Column {
        name: "transaction_id",
        ty: LType::Int64,
        nullable: false,
        doc: "unique: account_id * 2^26 + month * 2^12 + sequence in the month",
    },
    Column {
        name: "account_id",
        ty: LType::Int64,
        nullable: false,
        doc: "the account of synth_accounts",
    },
    Column {
        name: "posted_at",
        ty: LType::Date,
        nullable: false,
        doc: "in [opened_date, as_of) and in the window",
    },
    Column {
        name: "amount",
        ty: LType::Money,
        nullable: false,
        doc: "signed: deposits and payments received positive, spending negative",
    },
    Column {
        name: "balance_after",
        ty: LType::Money,
        nullable: false,
        doc: "the account's balance after this transaction (posted_at, then transaction_id order)",
    },
    Column {
        name: "category",
        ty: LType::Text,
        nullable: false,
        doc: "payroll, rent, groceries, transfer, card_payment, ... (docs/functions.md)",
    },
    Column {
        name: "mcc",
        ty: LType::Text,
        nullable: true,
        doc: "ISO 18245 merchant category code of a card purchase; NULL otherwise",
    },
    Column {
        name: "merchant",
        ty: LType::Text,
        nullable: false,
        doc: "the counterparty as a statement shows it",
    },
];

const N: Param = Param {
    name: "n",
    ty: PType::Int,
    default: Default::Required,
    doc: "people, as in synth_people (0..1,000,000,000)",
};
const SEED: Param = Param {
    name: "seed",
    ty: PType::Int,
    default: Default::Int(42),
    doc: "the people's seed (also keys the accounts)",
};
const AS_OF: Param = Param {
    name: "as_of",
    ty: PType::Date,
    default: Default::Date(DEFAULT_AS_OF),
    doc: "the date balances are taken at; transactions are before it",
};

pub const ACCOUNT_PARAMS: &[Param] = &[
    N,
    SEED,
    AS_OF,
    COMMON_SLICE_PARAMS[0],
    COMMON_SLICE_PARAMS[1],
];

pub const TRANSACTION_PARAMS: &[Param] = &[
    N,
    SEED,
    AS_OF,
    Param {
        name: "months",
        ty: PType::Int,
        default: Default::Int(DEFAULT_MONTHS),
        doc: "the window: the last `months` months before as_of (1..120)",
    },
    COMMON_SLICE_PARAMS[0],
    COMMON_SLICE_PARAMS[1],
];

/// The people range of a call and its model.
fn open_model(a: &Args) -> Result<(Model, u64, u64)> {
    let n = a.int("n")?;
    if n < 0 {
        return Err(Error::invalid("n", format!("between 0 and {MAX_ROWS}"), n));
    }
    let seed = a.int("seed")?;
    let people = People::new(n as u64, seed, a.date("as_of")?)?;
    let s = slice_args(a, n as u64)?;
    let first = s.first.min(n as u64);
    let end = first.saturating_add(s.count).min(n as u64);
    Ok((Model::new(people, seed)?, first, end))
}

/// Walks people `[next, end)`, keeping the current household.
struct Walk {
    m: Model,
    next: u64,
    end: u64,
    cache: BlockCache,
    prof: Profile,
}

impl Walk {
    /// The next person's finances (None for the unbanked); None at the end.
    fn step(&mut self) -> Option<(u64, Option<Finances>)> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let h = self.cache.get(&self.m.people, i);
        Some((i, self.m.finances(i, h, &mut self.prof)))
    }
}

pub struct AccountsCursor {
    w: Walk,
    cur: Option<(u64, Finances)>,
    types: [u8; 3],
    ntypes: usize,
    pos: usize,
}

impl RowSource for AccountsCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        while self.pos >= self.ntypes {
            match self.w.step() {
                None => return false,
                Some((_, None)) => {}
                Some((i, Some(f))) => {
                    self.ntypes = 0;
                    for t in f.accounts() {
                        self.types[self.ntypes] = t;
                        self.ntypes += 1;
                    }
                    self.pos = 0;
                    self.cur = Some((i, f));
                }
            }
        }
        let (i, f) = self.cur.as_ref().expect("a person");
        let t = self.types[self.pos];
        self.pos += 1;
        let g = &self.w.m.grid;
        row.clear();
        row.int(account_id(*i, t));
        row.text_with(|s| self.w.m.people.write_uuid(*i, s));
        row.text_static(ACCOUNT_TYPES[t as usize]);
        row.date(f.opened(t));
        row.money(f.balance(g, t, DEFAULT_MONTHS as u32));
        row.money(f.balance(g, t, 0));
        match f.card(t) {
            Some(c) => {
                row.text_with(|s| c.write(s));
                row.text_static(c.brand);
            }
            None => {
                row.null();
                row.null();
            }
        }
        true
    }

    /// An upper bound: at most three accounts per person.
    fn remaining(&self) -> u64 {
        (self.w.end - self.w.next) * 3 + (self.ntypes - self.pos) as u64
    }

    fn slice_units(&self) -> u64 {
        self.w.end - self.w.next
    }
}

pub fn open_accounts(a: &Args) -> Result<Box<dyn RowSource>> {
    let (m, next, end) = open_model(a)?;
    Ok(Box::new(AccountsCursor {
        w: Walk {
            m,
            next,
            end,
            cache: BlockCache::default(),
            prof: Profile::default(),
        },
        cur: None,
        types: [0; 3],
        ntypes: 0,
        pos: 0,
    }))
}

pub struct TransactionsCursor {
    w: Walk,
    months: u32,
    cur: Option<(u64, Finances)>,
    /// The month in `buf` (k: `[p(k+1), p(k))`), and the next row of it.
    k: u32,
    buf: MonthBuf,
    pos: usize,
    /// Running balance and sequence number per account type.
    bal: [i64; 3],
    seq: [i64; 3],
    month_key: i64,
}

impl TransactionsCursor {
    /// Fills `buf` with the next non-empty month; false when the slice is done.
    fn advance(&mut self) -> bool {
        loop {
            if let Some((_, f)) = &self.cur {
                let g = self.w.m.grid;
                if cfg!(debug_assertions) && self.k < self.months {
                    // The month just emitted ends at the closed-form balances.
                    for t in f.accounts() {
                        debug_assert_eq!(self.bal[t as usize], f.balance(&g, t, self.k));
                    }
                }
                if self.k > 0 {
                    self.k -= 1;
                    f.month(&g, self.k, &mut self.buf);
                    self.pos = 0;
                    self.seq = [0; 3];
                    let (y, mo, _) = g.p(self.k + 1).ymd();
                    self.month_key = (y as i64 - 1800) * 12 + mo as i64 - 1;
                    if !self.buf.is_empty() {
                        return true;
                    }
                    continue;
                }
                self.cur = None;
            }
            match self.w.step() {
                None => return false,
                Some((_, None)) => {}
                Some((i, Some(f))) => {
                    let g = self.w.m.grid;
                    self.k = self.months;
                    self.bal = [0; 3];
                    for t in f.accounts() {
                        self.bal[t as usize] = f.balance(&g, t, self.months);
                    }
                    self.cur = Some((i, f));
                }
            }
        }
    }
}

impl RowSource for TransactionsCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        if self.pos >= self.buf.len() && !self.advance() {
            return false;
        }
        let (i, _) = self.cur.as_ref().expect("a person");
        let ev = *self.buf.ev(self.pos);
        self.pos += 1;
        let t = ev.acct as usize;
        self.bal[t] += ev.amount;
        debug_assert!(t != CHECKING as usize || self.bal[t] >= OVERDRAFT_FLOOR_CENTS);
        let id = account_id(*i, ev.acct);
        let seq = self.seq[t];
        self.seq[t] += 1;
        debug_assert!(seq < 1 << 12);
        row.clear();
        row.int((id << 26) | (self.month_key << 12) | seq);
        row.int(id);
        row.date(ev.date);
        row.money(ev.amount);
        row.money(self.bal[t]);
        row.text_static(ev.category);
        match ev.mcc {
            Some(m) => row.text_static(m),
            None => row.null(),
        }
        row.text_with(|s| ev.name.write(s));
        true
    }

    /// Unknown without generating: the rows buffered for the current month, or 1 while people
    /// remain (the engines read rows until `next_row` returns false).
    fn remaining(&self) -> u64 {
        let buffered = (self.buf.len() - self.pos.min(self.buf.len())) as u64;
        if buffered > 0 || self.w.next < self.w.end || self.k > 0 {
            buffered.max(1)
        } else {
            0
        }
    }

    fn slice_units(&self) -> u64 {
        self.w.end - self.w.next
    }
}

pub fn open_transactions(a: &Args) -> Result<Box<dyn RowSource>> {
    let months = a.int("months")?;
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(Error::invalid(
            "months",
            format!("between 1 and {MAX_MONTHS}"),
            months,
        ));
    }
    let (m, next, end) = open_model(a)?;
    Ok(Box::new(TransactionsCursor {
        w: Walk {
            m,
            next,
            end,
            cache: BlockCache::default(),
            prof: Profile::default(),
        },
        months: months as u32,
        cur: None,
        k: 0,
        buf: MonthBuf::default(),
        pos: 0,
        bal: [0; 3],
        seq: [0; 3],
        month_key: 0,
    }))
}
