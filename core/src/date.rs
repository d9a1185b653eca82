//! Civil dates as days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's
//! public-domain algorithms. No time zones, no wall clock.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        let y2 = if m <= 2 { y - 1 } else { y } as i64;
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let mp = (m as i64 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date((era * 146_097 + doe - 719_468) as i32))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400) as i32 + (m <= 2) as i32;
        (y, m, d)
    }

    /// The last day of the month `months` after this date's month.
    pub fn month_end_after(self, months: i32) -> Date {
        let (y, m, _) = self.ymd();
        let idx = y * 12 + (m as i32 - 1) + months;
        let (ny, nm) = (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32);
        Date::from_ymd(ny, nm, days_in_month(ny, nm)).expect("valid month end")
    }

    /// The same day `years` years later (earlier if negative); 29 February becomes 28 February in
    /// a year without it.
    pub fn add_years(self, years: i32) -> Date {
        let (y, m, d) = self.ymd();
        let ny = y + years;
        Date::from_ymd(ny, m, d.min(days_in_month(ny, m))).expect("valid date")
    }

    /// Whole years from `self` to `later` (an age: birthdays counted by [`Date::add_years`]).
    pub fn years_until(self, later: Date) -> i32 {
        let (y0, _, _) = self.ymd();
        let (y1, _, _) = later.ymd();
        let mut k = y1 - y0;
        if self.add_years(k) > later {
            k -= 1;
        }
        k
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    /// Writes ISO 8601 `YYYY-MM-DD`: four-digit years 0..=9999 (year 0 is 1 BC), more digits
    /// after 9999 and a minus sign before year 0 (astronomical numbering: 44 BC is `-0043`).
    pub fn write(self, out: &mut String) {
        let (y, m, d) = self.ymd();
        if !(0..=9999).contains(&y) {
            return self.write_wide(y, m, d, out);
        }
        let y = y as u32;
        let mut b = [b'0'; 10];
        b[0] += (y / 1000) as u8;
        b[1] += (y / 100 % 10) as u8;
        b[2] += (y / 10 % 10) as u8;
        b[3] += (y % 10) as u8;
        b[4] = b'-';
        b[5] += (m / 10) as u8;
        b[6] += (m % 10) as u8;
        b[7] = b'-';
        b[8] += (d / 10) as u8;
        b[9] += (d % 10) as u8;
        out.push_str(std::str::from_utf8(&b).expect("ascii"));
    }

    #[cold]
    fn write_wide(self, y: i32, m: u32, d: u32, out: &mut String) {
        use std::fmt::Write;
        let sign = if y < 0 { "-" } else { "" };
        let _ = write!(out, "{sign}{:04}-{m:02}-{d:02}", y.unsigned_abs());
    }

    /// The date as PostgreSQL reads and writes it: `YYYY-MM-DD`, with ` BC` for years before 1
    /// (`0044-03-15 BC` is astronomical year -43).
    pub fn write_pg(self, out: &mut String) {
        let (y, m, d) = self.ymd();
        if y >= 1 {
            return self.write(out);
        }
        use std::fmt::Write;
        let _ = write!(out, "{:04}-{m:02}-{d:02} BC", 1 - y as i64);
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::with_capacity(10);
        self.write(&mut s);
        f.write_str(&s)
    }
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_years_outside_four_digits() {
        let text = |y, m, d| Date::from_ymd(y, m, d).unwrap().to_string();
        let pg = |y, m, d| {
            let mut s = String::new();
            Date::from_ymd(y, m, d).unwrap().write_pg(&mut s);
            s
        };
        assert_eq!(text(2024, 2, 29), "2024-02-29");
        assert_eq!(text(0, 12, 31), "0000-12-31");
        assert_eq!(text(-43, 3, 15), "-0043-03-15");
        assert_eq!(text(10000, 1, 1), "10000-01-01");
        assert_eq!(text(294276, 1, 1), "294276-01-01");
        assert_eq!(pg(-43, 3, 15), "0044-03-15 BC");
        assert_eq!(pg(0, 12, 31), "0001-12-31 BC");
        assert_eq!(pg(1, 1, 1), "0001-01-01");
        assert_eq!(pg(10000, 1, 1), "10000-01-01");
    }

    #[test]
    fn round_trips_and_known_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2000, 3, 1), Some(Date(11017)));
        for d in -800_000..800_000 {
            let (y, m, dd) = Date(d).ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(Date(d)));
        }
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-2-1"), None);
        let e = Date::parse("2026-01-31").unwrap().month_end_after(1);
        assert_eq!(e.to_string(), "2026-02-28");
    }
}
