//! Field generators: each column's value as a function of the row's key and of the values it
//! depends on. Tables compose them; the schema filler will call them one column at a time.

use crate::data::{data, Zip};
use crate::rng::{Perm, Rng};
use crate::schema::write_i64;
use std::fmt::Write;

pub const FEMALE: u8 = 0;
pub const MALE: u8 = 1;

pub fn gender_name(g: u8) -> &'static str {
    if g == MALE {
        "male"
    } else {
        "female"
    }
}

/// A ZIP code drawn in proportion to its 2010 population; returns its index in `data().zips`.
#[inline]
pub fn zip_index(rng: &mut Rng) -> usize {
    data().zip_alias.sample(rng)
}

/// A ZIP drawn in proportion to its people of ethnicity `eth` (population × the ZIP's share of
/// the ethnicity): where a person of a given ethnicity lives.
pub fn zip_for_ethnicity(eth: u8, rng: &mut Rng) -> usize {
    static BY_ETH: std::sync::OnceLock<Vec<crate::alias::Alias>> = std::sync::OnceLock::new();
    let tables = BY_ETH.get_or_init(|| {
        let zips = &data().zips;
        (0..6)
            .map(|e| {
                let w: Vec<f64> = zips
                    .iter()
                    .map(|z| {
                        let below = if e == 0 { 0.0 } else { z.race_cum[e - 1] };
                        z.population as f64 * (z.race_cum[e] - below)
                    })
                    .collect();
                crate::alias::Alias::new(&w)
            })
            .collect()
    });
    tables[eth as usize].sample(rng)
}

/// An ethnicity (index into `data::ETHNICITIES`) drawn from the ZIP's own mix.
#[inline]
pub fn ethnicity_in_zip(zip: &Zip, rng: &mut Rng) -> u8 {
    let u = rng.f64();
    zip.race_cum.iter().position(|&c| u < c).unwrap_or(5) as u8
}

/// An adult age (18..=90) from the 2024 single-year population estimates.
#[inline]
pub fn adult_age(rng: &mut Rng) -> u32 {
    data().age_alias.sample(rng) as u32
}

/// A sex drawn from the female share of the population at that age.
#[inline]
pub fn gender_for_age(age: u32, rng: &mut Rng) -> u8 {
    let share = data().female_share[age.min(90) as usize];
    if rng.f64() < share {
        FEMALE
    } else {
        MALE
    }
}

/// A surname ∝ P(surname | ethnicity).
#[inline]
pub fn surname(ethnicity: u8, rng: &mut Rng) -> &'static str {
    let d = data();
    &d.surnames[d.surname_alias[ethnicity as usize].sample(rng)]
}

/// A first name of that gender ∝ P(first name | ethnicity).
#[inline]
pub fn first_name(ethnicity: u8, gender: u8, rng: &mut Rng) -> &'static str {
    let d = data();
    let g = gender.min(1) as usize;
    &d.first_by_gender[g][d.first_alias[ethnicity as usize][g].sample(rng)]
}

/// A number unique to row `i` under `key`, independent of the table size: rows are grouped in
/// blocks of 10,000 and each block's numbers are a keyed shuffle of its range, so the first
/// 10,000 rows get numbers below 10,000 in a random-looking order.
pub fn unique_number(key: u64, i: u64) -> u64 {
    UniqueNumbers::new(key).get(i)
}

/// [`unique_number`] for rows read in order: keeps the shuffle of the current block.
#[derive(Clone, Debug)]
pub struct UniqueNumbers {
    key: u64,
    block: u64,
    perm: Perm,
}

impl UniqueNumbers {
    const B: u64 = 10_000;

    pub fn new(key: u64) -> Self {
        UniqueNumbers {
            key,
            block: 0,
            perm: Perm::new(Self::B, crate::rng::derive(key, 0)),
        }
    }

    /// `unique_number(key, i)`.
    #[inline]
    pub fn get(&mut self, i: u64) -> u64 {
        let block = i / Self::B;
        if block != self.block {
            self.block = block;
            self.perm = Perm::new(Self::B, crate::rng::derive(self.key, block));
        }
        block * Self::B + self.perm.apply(i % Self::B) + 1
    }
}

const EMAIL_DOMAINS: [(&str, f64); 14] = [
    ("gmail.com", 0.44),
    ("yahoo.com", 0.14),
    ("hotmail.com", 0.08),
    ("outlook.com", 0.07),
    ("icloud.com", 0.07),
    ("aol.com", 0.05),
    ("comcast.net", 0.03),
    ("sbcglobal.net", 0.02),
    ("msn.com", 0.02),
    ("live.com", 0.02),
    ("att.net", 0.02),
    ("verizon.net", 0.01),
    ("me.com", 0.02),
    ("protonmail.com", 0.01),
];

fn pick<T: Copy>(items: &[(T, f64)], rng: &mut Rng) -> T {
    let total: f64 = items.iter().map(|x| x.1).sum();
    let mut u = rng.f64() * total;
    for &(v, w) in items {
        if u < w {
            return v;
        }
        u -= w;
    }
    items[items.len() - 1].0
}

fn push_lower(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
        }
    }
}

/// An email from the person's own name, e.g. `maria.lopez4821@gmail.com`. `number` must be
/// unique per row (see [`unique_number`]); it ends the local part, so emails are unique.
pub fn email(first: &str, last: &str, number: u64, rng: &mut Rng, out: &mut String) {
    let f1 = &first[..first.chars().next().map_or(0, |c| c.len_utf8())];
    let l1 = &last[..last.chars().next().map_or(0, |c| c.len_utf8())];
    let (a, sep, b) = match rng.below(100) {
        0..=34 => (first, ".", last),
        35..=49 => (first, "", last),
        50..=59 => (first, "_", last),
        60..=74 => (f1, "", last),
        75..=79 => (first, ".", l1),
        80..=84 => (last, ".", first),
        85..=89 => (last, "", f1),
        _ => (first, "", ""),
    };
    push_lower(a, out);
    out.push_str(sep);
    push_lower(b, out);
    write_i64(number as i64, out);
    out.push('@');
    out.push_str(pick(&EMAIL_DOMAINS, rng));
}

/// The first draws of a street line: the house number, and for a street named after a surname
/// (40%) the draw that picks the surname (from the names of ethnicity 0's table).
#[inline]
pub fn street_start(rng: &mut Rng) -> (i64, Option<u64>) {
    let digits = match rng.below(100) {
        0..=4 => 1,
        5..=19 => 2,
        20..=54 => 3,
        55..=94 => 4,
        _ => 5,
    };
    let lo = [1, 10, 100, 1000, 10_000][digits - 1];
    let number = rng.range(lo, lo * 10 - 1);
    let named_after = (rng.below(100) >= 60).then(|| rng.next_u64());
    (number, named_after)
}

/// Common US street names (the most frequent names in the Census/NLC tally, plus trees and
/// presidents that recur across the country).
pub const STREET_NAMES: [&str; 72] = [
    "Second",
    "Third",
    "First",
    "Fourth",
    "Park",
    "Fifth",
    "Main",
    "Sixth",
    "Oak",
    "Seventh",
    "Pine",
    "Maple",
    "Cedar",
    "Eighth",
    "Elm",
    "View",
    "Washington",
    "Ninth",
    "Lake",
    "Hill",
    "Walnut",
    "Spring",
    "North",
    "Ridge",
    "Church",
    "Willow",
    "Mill",
    "Sunset",
    "Railroad",
    "Jackson",
    "Cherry",
    "Highland",
    "Lincoln",
    "Jefferson",
    "Center",
    "Madison",
    "Forest",
    "Meadow",
    "River",
    "Hickory",
    "Adams",
    "Franklin",
    "Chestnut",
    "Lakeview",
    "Dogwood",
    "Birch",
    "Spruce",
    "Magnolia",
    "Poplar",
    "Valley",
    "Woodland",
    "Sycamore",
    "Hillcrest",
    "Laurel",
    "Locust",
    "Broad",
    "Market",
    "Union",
    "Water",
    "High",
    "Prospect",
    "Green",
    "College",
    "School",
    "Grove",
    "Pleasant",
    "Bridge",
    "Liberty",
    "Monroe",
    "Wilson",
    "Lee",
    "Johnson",
];

const STREET_SUFFIXES: [(&str, f64); 11] = [
    ("St", 0.24),
    ("Ave", 0.18),
    ("Rd", 0.15),
    ("Dr", 0.15),
    ("Ln", 0.08),
    ("Ct", 0.05),
    ("Way", 0.04),
    ("Blvd", 0.03),
    ("Pl", 0.03),
    ("Cir", 0.03),
    ("Ter", 0.02),
];

/// A street line: house number, a street named from the common-name list or after a surname,
/// a USPS suffix, and sometimes an apartment, e.g. `4821 Oak St Apt 12`.
pub fn street_line(rng: &mut Rng, out: &mut String) {
    let (number, named_after) = street_start(rng);
    write_i64(number, out);
    out.push(' ');
    match named_after {
        None => out.push_str(STREET_NAMES[rng.below(STREET_NAMES.len() as u64) as usize]),
        Some(u) => {
            let d = data();
            out.push_str(&d.surnames[d.surname_alias[0].sample_u64(u)]);
        }
    }
    out.push(' ');
    out.push_str(pick(&STREET_SUFFIXES, rng));
    if rng.below(100) < 12 {
        out.push_str(" Apt ");
        write_i64(rng.range(1, 450), out);
    }
}

/// Card brands with their US credit/charge cards in force at the end of 2018, millions
/// (CardData/RAM Research; Discover as the residual of the Major-4 total).
pub const CARD_BRANDS: [(&str, f64); 4] = [
    ("visa", 339.0),
    ("mastercard", 216.0),
    ("american_express", 53.7),
    ("discover", 63.8),
];

/// A Luhn-valid card number with the brand's real prefix and length (card_networks.csv).
/// Returns the brand.
pub fn card_number(rng: &mut Rng, out: &mut String) -> &'static str {
    let brand = pick(&CARD_BRANDS, rng);
    let mut digits = [0u8; 19];
    let (prefix, len): (u64, usize) = match brand {
        "visa" => (4, 16),
        "mastercard" => {
            if rng.below(100) < 80 {
                (rng.range(51, 55) as u64, 16)
            } else {
                (rng.range(2221, 2720) as u64, 16)
            }
        }
        "american_express" => (if rng.below(2) == 0 { 34 } else { 37 }, 15),
        _ => match rng.below(10) {
            0..=5 => (6011, 16),
            6 => (rng.range(644, 649) as u64, 16),
            _ => (65, 16),
        },
    };
    let mut buf = [0u8; 20];
    let p = crate::schema::fmt_u64(prefix, &mut buf);
    let mut k = 0;
    for b in p.bytes() {
        digits[k] = b - b'0';
        k += 1;
    }
    while k < len - 1 {
        digits[k] = rng.below(10) as u8;
        k += 1;
    }
    digits[len - 1] = luhn_check_digit(&digits[..len - 1]);
    let mut text = [0u8; 19];
    for (t, d) in text.iter_mut().zip(&digits[..len]) {
        *t = b'0' + d;
    }
    out.push_str(std::str::from_utf8(&text[..len]).expect("digits"));
    brand
}

/// The digit that makes `payload` followed by it pass the Luhn check.
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &d) in payload.iter().rev().enumerate() {
        let mut v = d as u32;
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Whether a digit string has a real brand's prefix (IIN) and that brand's length: Visa 4
/// (13, 16 or 19 digits), Mastercard 51–55 and 2221–2720 (16), American Express 34 and 37 (15),
/// Discover 6011, 644–649 and 65 (16 to 19).
pub fn card_brand_valid(number: &str) -> bool {
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let len = number.len();
    let prefix = |k: usize| {
        number
            .get(..k)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    match number.as_bytes().first() {
        Some(b'4') => matches!(len, 13 | 16 | 19),
        Some(b'3') => matches!(prefix(2), 34 | 37) && len == 15,
        Some(b'5') => (51..=55).contains(&prefix(2)) && len == 16,
        Some(b'2') => (2221..=2720).contains(&prefix(4)) && len == 16,
        Some(b'6') => {
            (prefix(4) == 6011 || (644..=649).contains(&prefix(3)) || prefix(2) == 65)
                && (16..=19).contains(&len)
        }
        _ => false,
    }
}

/// Whether a digit string passes the Luhn check.
pub fn luhn_valid(number: &str) -> bool {
    if number.len() < 2 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0u32;
    for (i, b) in number.bytes().rev().enumerate() {
        let mut v = (b - b'0') as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

const PASSWORD_CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*?";
const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex_into(bytes: &[u8], out: &mut [u8]) {
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
}

/// SHA-256 of `a ‖ b` when both fit one block with the padding (at most 55 bytes): the one
/// compression of the sha2 crate, without the streaming API's buffering.
fn sha256_short(a: &[u8], b: &[u8]) -> [u8; 32] {
    const H0: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    let len = a.len() + b.len();
    debug_assert!(len <= 55);
    let mut block = [0u8; 64];
    block[..a.len()].copy_from_slice(a);
    block[a.len()..len].copy_from_slice(b);
    block[len] = 0x80;
    block[56..].copy_from_slice(&(len as u64 * 8).to_be_bytes());
    let mut state = H0;
    sha2::compress256(&mut state, &[block.into()]);
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// A salted SHA-256 of a generated 10–16 character password, written as
/// `sha256$<salt: 32 hex digits>$<SHA-256(salt bytes ‖ password UTF-8): 64 hex digits>`.
/// The plaintext never leaves this function.
pub fn password_hash(rng: &mut Rng, out: &mut String) {
    // 16 bytes of salt and at most 16 of password: one SHA-256 block with its padding.
    let mut salt = [0u8; 16];
    salt[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    salt[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
    let len = rng.range(10, 16) as usize;
    let mut pw = [0u8; 16];
    for c in pw.iter_mut().take(len) {
        *c = PASSWORD_CHARS[rng.below(PASSWORD_CHARS.len() as u64) as usize];
    }
    let digest = sha256_short(&salt, &pw[..len]);
    // `sha256$` + 32 + `$` + 64 hex digits, formatted in one buffer.
    let mut buf = [0u8; 104];
    buf[..7].copy_from_slice(b"sha256$");
    hex_into(&salt, &mut buf[7..39]);
    buf[39] = b'$';
    hex_into(&digest, &mut buf[40..104]);
    // SAFETY: the buffer holds only ASCII (the prefix, '$' and hex digits).
    out.push_str(unsafe { std::str::from_utf8_unchecked(&buf) });
}

pub const SECURITY_QUESTIONS: [&str; 5] = [
    "What is your mother's maiden name?",
    "In what city were you born?",
    "What was the name of your first pet?",
    "What was the make of your first car?",
    "What was the name of your elementary school?",
];

const PET_NAMES: [&str; 50] = [
    "Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Bailey", "Daisy", "Sadie", "Molly",
    "Buddy", "Lola", "Stella", "Tucker", "Bentley", "Zoe", "Oliver", "Duke", "Penny", "Bear",
    "Rocky", "Chloe", "Milo", "Leo", "Jack", "Sophie", "Toby", "Maggie", "Riley", "Coco", "Ginger",
    "Shadow", "Oreo", "Simba", "Tiger", "Smokey", "Whiskers", "Mittens", "Pepper", "Buster",
    "Lucky", "Rusty", "Sam", "Princess", "Gizmo", "Jake", "Roxy", "Harley", "Abby", "Zeus",
];

const CAR_MAKES: [(&str, f64); 20] = [
    ("Toyota", 14.0),
    ("Ford", 13.0),
    ("Chevrolet", 12.0),
    ("Honda", 9.0),
    ("Nissan", 6.0),
    ("Jeep", 4.0),
    ("Hyundai", 4.0),
    ("Dodge", 4.0),
    ("Kia", 3.0),
    ("Subaru", 3.0),
    ("Volkswagen", 3.0),
    ("GMC", 3.0),
    ("Mazda", 2.0),
    ("BMW", 2.0),
    ("Mercedes-Benz", 2.0),
    ("Buick", 2.0),
    ("Pontiac", 2.0),
    ("Chrysler", 1.0),
    ("Oldsmobile", 1.0),
    ("Plymouth", 1.0),
];

/// The index of a security question in [`SECURITY_QUESTIONS`], uniformly.
pub fn security_question(rng: &mut Rng) -> usize {
    rng.below(SECURITY_QUESTIONS.len() as u64) as usize
}

/// An answer consistent with question `q`: a surname of the person's ethnicity for a maiden
/// name, a US city ∝ population for a birthplace, a common pet name, a car make, a school.
pub fn security_answer(q: usize, ethnicity: u8, rng: &mut Rng, out: &mut String) {
    match q {
        0 => out.push_str(surname(ethnicity, rng)),
        1 => {
            let d = data();
            out.push_str(d.cities[d.city_alias.sample(rng)].0)
        }
        2 => out.push_str(PET_NAMES[rng.below(PET_NAMES.len() as u64) as usize]),
        3 => out.push_str(pick(&CAR_MAKES, rng)),
        _ => {
            let _ = write!(
                out,
                "{} Elementary",
                STREET_NAMES[rng.below(STREET_NAMES.len() as u64) as usize]
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_sha256_is_sha256() {
        use sha2::{Digest, Sha256};
        let mut rng = Rng::keyed(7, 7);
        for len in 0..=55usize {
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let cut = len / 3;
            let want: [u8; 32] = Sha256::digest(&bytes).into();
            assert_eq!(
                sha256_short(&bytes[..cut], &bytes[cut..]),
                want,
                "{len} bytes"
            );
        }
    }

    #[test]
    fn luhn_digits_and_known_numbers() {
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4111111111111112"));
        let mut r = Rng::new(3);
        for _ in 0..10_000 {
            let mut s = String::new();
            let brand = card_number(&mut r, &mut s);
            assert!(luhn_valid(&s), "{s}");
            let ok = match brand {
                "visa" => s.starts_with('4') && s.len() == 16,
                "mastercard" => {
                    let p2: u32 = s[..2].parse().unwrap();
                    let p4: u32 = s[..4].parse().unwrap();
                    s.len() == 16 && ((51..=55).contains(&p2) || (2221..=2720).contains(&p4))
                }
                "american_express" => (s.starts_with("34") || s.starts_with("37")) && s.len() == 15,
                "discover" => {
                    let p3: u32 = s[..3].parse().unwrap();
                    s.len() == 16
                        && (s.starts_with("6011")
                            || s.starts_with("65")
                            || (644..=649).contains(&p3))
                }
                _ => false,
            };
            assert!(ok, "{brand} {s}");
        }
    }

    #[test]
    fn unique_numbers_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..35_000 {
            assert!(seen.insert(unique_number(5, i)));
        }
        assert!(seen.iter().all(|&x| (1..=40_000).contains(&x)));
    }

    #[test]
    fn password_hash_format() {
        let mut s = String::new();
        password_hash(&mut Rng::new(1), &mut s);
        let parts: Vec<&str> = s.split('$').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], "sha256");
        assert_eq!(parts[1].len(), 32);
        assert_eq!(parts[2].len(), 64);
        assert!(parts[1..]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit())));
    }
}
