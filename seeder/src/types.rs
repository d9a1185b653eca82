//! Output columns and their logical types.
//!
//! Every engine reports its result columns as [`ColumnInfo`]s typed with the core's
//! [`LType`], and every row as a [`synth_core::Row`] whose cells already have those types
//! (money as integer cents, dates as days since 1970, booleans as `bool`). The writers never
//! look at an engine's own types.
//!
//! How a column gets its type, first match wins:
//! 1. its name is a column of a synth table (`account_balance` is Money, `in_target_bracket`
//!    Bool, `credit_card_expiry` Date), and the first non-NULL value fits that type;
//! 2. a name like `*_date`, `*_expiry` or `date`, holding 'YYYY-MM-DD' text, is a Date;
//! 3. the engine's declared type (SQLite decltype, the Postgres column type);
//! 4. the first non-NULL value's own type (SQLite INTEGER, REAL, TEXT).

use synth_core::LType;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    pub ty: LType,
}

/// The type the synth tables give a column of this name, if any.
pub fn core_type(name: &str) -> Option<LType> {
    synth_core::TABLES
        .iter()
        .flat_map(|t| t.columns.iter())
        .find(|c| c.name.eq_ignore_ascii_case(name))
        .map(|c| c.ty)
}

/// A name that announces a date.
pub fn date_like_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "date" || n.ends_with("_date") || n.ends_with("_expiry")
}

/// SQLite declared type → logical type (SQLite's affinity rules, plus DATE and BOOL).
pub fn sqlite_decltype(decl: &str) -> Option<LType> {
    let d = decl.to_ascii_uppercase();
    if d.contains("INT") {
        Some(LType::Int64)
    } else if d.contains("BOOL") {
        Some(LType::Bool)
    } else if d.contains("DATE") && !d.contains("TIME") {
        Some(LType::Date)
    } else if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") {
        Some(LType::Text)
    } else if ["REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL"]
        .iter()
        .any(|k| d.contains(k))
    {
        Some(LType::Float64)
    } else {
        None
    }
}

/// Names unique within a result (`count`, `count_2`, ...); empty names become `column_N`.
pub fn dedupe_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, n) in names.into_iter().enumerate() {
        let base = if n.trim().is_empty() {
            format!("column_{}", i + 1)
        } else {
            n
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

pub fn type_name(t: LType) -> &'static str {
    match t {
        LType::Int64 => "int64",
        LType::Int32 => "int32",
        LType::Int16 => "int16",
        LType::Text => "text",
        LType::Date => "date",
        LType::Money => "money",
        LType::Float64 => "float64",
        LType::Bool => "bool",
        LType::Json => "json",
    }
}

pub fn is_int(t: LType) -> bool {
    matches!(t, LType::Int64 | LType::Int32 | LType::Int16)
}

/// Money from a float: integer cents, rounded half away from zero.
pub fn cents(x: f64) -> Option<i64> {
    let c = (x * 100.0).round();
    (c.is_finite() && c.abs() < 9.0e18).then_some(c as i64)
}

/// Excel's serial day number of a date (1900 date system: 1900-01-01 is 1, 1970-01-01 is
/// 25569), or `None` outside the dates Excel shows (1900-01-01 to 9999-12-31). Excel counts a
/// 29 February 1900 that never was (serial 60), so the days before March 1900 are one less.
pub fn excel_serial(days_since_1970: i32) -> Option<f64> {
    const JAN_1_1900: i32 = -25_567;
    const MAR_1_1900: i32 = -25_508;
    const DEC_31_9999: i32 = 2_932_896;
    match days_since_1970 {
        d if !(JAN_1_1900..=DEC_31_9999).contains(&d) => None,
        d if d < MAR_1_1900 => Some(d as f64 + 25_568.0),
        d => Some(d as f64 + 25_569.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing() {
        assert_eq!(core_type("account_balance"), Some(LType::Money));
        assert_eq!(core_type("credit_card_expiry"), Some(LType::Date));
        assert_eq!(core_type("nope"), None);
        assert!(
            date_like_name("order_date")
                && date_like_name("card_expiry")
                && !date_like_name("updated")
        );
        assert_eq!(sqlite_decltype("BIGINT"), Some(LType::Int64));
        assert_eq!(sqlite_decltype("date"), Some(LType::Date));
        assert_eq!(sqlite_decltype("DATETIME"), None);
        assert_eq!(sqlite_decltype("BOOLEAN"), Some(LType::Bool));
        assert_eq!(sqlite_decltype("varchar(20)"), Some(LType::Text));
        assert_eq!(
            dedupe_names(["a".into(), "A".into(), "".into(), "a".into()]),
            vec!["a", "A_2", "column_3", "a_3"]
        );
        assert_eq!(cents(1234.565), Some(123457));
        assert_eq!(cents(-0.005), Some(-1));
        assert_eq!(excel_serial(0), Some(25569.0));
        let serial = |y, m, d| excel_serial(synth_core::Date::from_ymd(y, m, d).unwrap().0);
        // Excel's own serials: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01, 2958465 = 9999-12-31.
        assert_eq!(serial(1900, 1, 1), Some(1.0));
        assert_eq!(serial(1900, 2, 28), Some(59.0));
        assert_eq!(serial(1900, 3, 1), Some(61.0));
        assert_eq!(serial(9999, 12, 31), Some(2_958_465.0));
        assert_eq!(serial(1899, 12, 31), None);
        assert_eq!(serial(10000, 1, 1), None);
    }
}
