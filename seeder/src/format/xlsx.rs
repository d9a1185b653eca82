//! Excel workbooks with rust_xlsxwriter in constant-memory mode: each row goes to disk as it
//! is written, so memory does not grow with the row count.
//!
//! Each query is a sheet named after it, with a bold header row that is frozen and carries an
//! autofilter, column widths from the header and the values, `#,##0.00` for money,
//! `yyyy-mm-dd` real Excel dates, TRUE/FALSE booleans, and NULL as an empty cell. A sheet
//! holds 1,048,575 data rows; more continue on `name (2)`, `name (3)`, ... (said on stderr).
//! With `--chart Y:X[:SPLIT]` a query with those columns gets a native scatter chart of mean Y
//! by X (one line per SPLIT value) on its first sheet; the means are on a small extra sheet
//! `name means`, computed while streaming (at most [`MAX_GROUPS`] groups).
//!
//! Knobs for tests and benchmarks (environment): `SEEDER_XLSX_SHEET_ROWS` lowers the rows per
//! sheet (to test the continuation without a million rows), `SEEDER_XLSX_ZIP_LEVEL` sets the
//! zip level (default 3, as Excel 365 writes: 2.8 s instead of 5.0 s at level 6 for a million
//! rows, the file 8% larger).

use super::{ChartSpec, Writer};
use crate::pipeline::Progress;
use crate::types::{excel_serial, ColumnInfo};
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Format, Workbook, XlsxError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use synth_core::{LType, Row, Value};

/// Data rows per sheet (Excel's 1,048,576 rows less the header).
pub const MAX_DATA_ROWS: u32 = 1_048_575;
/// Excel's limit on the characters in a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Rows sampled for text column widths.
const WIDTH_SAMPLE: u32 = 1000;
/// Distinct (split, x) pairs a chart may have.
pub const MAX_GROUPS: usize = 500;

fn xerr(e: XlsxError) -> String {
    format!("writing xlsx: {e}")
}

struct ChartAgg {
    spec: ChartSpec,
    yi: usize,
    xi: usize,
    si: Option<usize>,
    y_money: bool,
    /// (split label, x) → (sum of y, count).
    groups: BTreeMap<(String, OrdF64), (f64, u64)>,
    too_many: bool,
}

/// An f64 ordered by `total_cmp` (a map key).
#[derive(Clone, Copy)]
struct OrdF64(f64);
impl PartialEq for OrdF64 {
    fn eq(&self, o: &Self) -> bool {
        self.0.total_cmp(&o.0).is_eq()
    }
}
impl Eq for OrdF64 {}
impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdF64 {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

fn number(v: Value<'_>) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i as f64),
        Value::Money(c) => Some(c as f64 / 100.0),
        Value::Float(f) if f.is_finite() => Some(f),
        Value::Bool(b) => Some(b as i64 as f64),
        _ => None,
    }
}

impl ChartAgg {
    fn new(spec: &ChartSpec, cols: &[ColumnInfo]) -> Option<ChartAgg> {
        let find = |n: &str| cols.iter().position(|c| c.name.eq_ignore_ascii_case(n));
        let yi = find(&spec.y)?;
        let xi = find(&spec.x)?;
        let si = match &spec.split {
            Some(s) => Some(find(s)?),
            None => None,
        };
        Some(ChartAgg {
            spec: spec.clone(),
            yi,
            xi,
            si,
            y_money: cols[yi].ty == LType::Money,
            groups: BTreeMap::new(),
            too_many: false,
        })
    }

    fn label(&self, v: Value<'_>) -> String {
        let name = self.spec.split.as_deref().unwrap_or("").replace('_', " ");
        match v {
            Value::Bool(true) => name,
            Value::Bool(false) => format!("not {name}"),
            Value::Null => format!("{name} unknown"),
            Value::Text(s) => s.to_string(),
            other => {
                let mut s = String::new();
                synth_core::schema::write_value(other, &mut s);
                format!("{name} = {s}")
            }
        }
    }

    #[inline]
    fn add(&mut self, row: &Row) {
        if self.too_many {
            return;
        }
        let (Some(x), Some(y)) = (number(row.get(self.xi)), number(row.get(self.yi))) else {
            return;
        };
        let label = match self.si {
            Some(i) => self.label(row.get(i)),
            None => String::new(),
        };
        let key = (label, OrdF64(x));
        let full = self.groups.len() >= MAX_GROUPS;
        match self.groups.get_mut(&key) {
            Some(g) => {
                g.0 += y;
                g.1 += 1;
            }
            None if !full => {
                self.groups.insert(key, (y, 1));
            }
            None => {
                self.too_many = true;
                self.groups.clear();
            }
        }
    }
}

/// A chart waiting for `finish`: it goes on sheet `sheet`, its means on a new sheet.
struct PendingChart {
    agg: ChartAgg,
    sheet: usize,
    data_name: String,
    ncols: u16,
}

pub struct XlsxWriter {
    wb: Workbook,
    path: PathBuf,
    bold: Format,
    money: Format,
    date: Format,
    boolean: Format,
    progress: Progress,
    chart: Option<ChartSpec>,
    used: Vec<String>,
    charts: Vec<PendingChart>,
    // The current query.
    base: String,
    cols: Vec<ColumnInfo>,
    sheet: usize,
    part: u32,
    row: u32,
    widths: Vec<usize>,
    max_abs: Vec<f64>,
    agg: Option<ChartAgg>,
    first_sheet: usize,
    first_sheet_name: String,
    cur_name: String,
    warned_long: bool,
    chart_skipped: bool,
    /// Data rows per sheet: [`MAX_DATA_ROWS`], lowered only by tests.
    max_rows: u32,
}

/// A valid, unused sheet name (Excel: at most 31 characters, none of `[]:*?/\`).
fn sheet_name(base: &str, suffix: &str, used: &[String]) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let clean = if clean.is_empty() { "Sheet" } else { clean };
    let mut k = 1;
    loop {
        let extra = if k == 1 {
            suffix.to_string()
        } else {
            format!("{suffix} {k}")
        };
        let room = 31usize.saturating_sub(extra.chars().count());
        let name: String = clean.chars().take(room).collect::<String>() + &extra;
        if !used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            return name;
        }
        k += 1;
    }
}

impl XlsxWriter {
    pub fn new(
        path: &Path,
        chart: Option<ChartSpec>,
        progress: Progress,
    ) -> Result<XlsxWriter, String> {
        let mut wb = Workbook::new();
        // Excel 365's own level (see the module doc for the measured trade-off).
        let level = std::env::var("SEEDER_XLSX_ZIP_LEVEL")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3);
        wb.set_zip_compression_level(level);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Constant-memory sheets spool to temporary files; keep them beside the output.
            wb.set_tempdir(dir).map_err(xerr)?;
        }
        Ok(XlsxWriter {
            wb,
            path: path.to_path_buf(),
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            // Excel shows boolean cells as TRUE/FALSE anyway; this makes LibreOffice do the same.
            boolean: Format::new().set_num_format("\"TRUE\";\"TRUE\";\"FALSE\""),
            progress,
            chart,
            used: Vec::new(),
            charts: Vec::new(),
            base: String::new(),
            cols: Vec::new(),
            sheet: 0,
            part: 0,
            row: 0,
            widths: Vec::new(),
            max_abs: Vec::new(),
            agg: None,
            first_sheet: 0,
            first_sheet_name: String::new(),
            cur_name: String::new(),
            warned_long: false,
            chart_skipped: false,
            max_rows: std::env::var("SEEDER_XLSX_SHEET_ROWS")
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|n| (1..=MAX_DATA_ROWS).contains(n))
                .unwrap_or(MAX_DATA_ROWS),
        })
    }

    /// Adds the next sheet of the current query and writes its header.
    fn open_sheet(&mut self) -> Result<(), String> {
        self.part += 1;
        let suffix = if self.part == 1 {
            String::new()
        } else {
            format!(" ({})", self.part)
        };
        let name = sheet_name(&self.base, &suffix, &self.used);
        self.used.push(name.clone());
        let ws = self.wb.add_worksheet_with_constant_memory().map_err(xerr)?;
        ws.set_name(&name).map_err(xerr)?;
        for (i, c) in self.cols.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, &c.name, &self.bold)
                .map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        self.sheet = self.wb.worksheets().len() - 1;
        if self.part == 1 {
            self.first_sheet = self.sheet;
            self.first_sheet_name = name.clone();
        } else {
            self.progress.note(&format!(
                "seeder: sheet {:?} is full ({} data rows); continuing on sheet {name:?}",
                self.cur_name, self.max_rows
            ));
        }
        self.cur_name = name;
        self.row = 1;
        self.widths = self
            .cols
            .iter()
            .map(|c| c.name.chars().count() + 3)
            .collect();
        self.max_abs = vec![0.0; self.cols.len()];
        Ok(())
    }

    /// Autofilter and widths for the current sheet.
    fn close_sheet(&mut self) -> Result<(), String> {
        let last_row = self.row.saturating_sub(1);
        let ncols = self.cols.len() as u16;
        let widths: Vec<f64> = self
            .cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let digits = |x: f64| {
                    if x < 1.0 {
                        1
                    } else {
                        x.log10().floor() as usize + 1
                    }
                };
                let content = match c.ty {
                    LType::Int64 | LType::Int32 | LType::Int16 => digits(self.max_abs[i]) + 1,
                    LType::Money => {
                        let d = digits(self.max_abs[i]);
                        d + (d - 1) / 3 + 4
                    }
                    LType::Date => 10,
                    LType::Bool => 5,
                    LType::Float64 => 11,
                    LType::Text | LType::Json => self.widths[i],
                };
                (content.max(self.widths[i]) as f64 + 1.0).clamp(6.0, 60.0)
            })
            .collect();
        let ws = self.wb.worksheet_from_index(self.sheet).map_err(xerr)?;
        for (i, w) in widths.into_iter().enumerate() {
            ws.set_column_width(i as u16, w).map_err(xerr)?;
        }
        if ncols > 0 {
            ws.autofilter(0, 0, last_row, ncols - 1).map_err(xerr)?;
        }
        Ok(())
    }
}

impl Writer for XlsxWriter {
    fn begin(&mut self, name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        if cols.len() > 16_384 {
            return Err(format!(
                "{} columns do not fit an Excel sheet (16,384)",
                cols.len()
            ));
        }
        self.base = name.to_string();
        self.cols = cols.to_vec();
        self.part = 0;
        self.agg = self.chart.as_ref().and_then(|s| ChartAgg::new(s, cols));
        self.open_sheet()
    }

    fn row(&mut self, row: &Row) -> Result<(), String> {
        if self.row > self.max_rows {
            self.close_sheet()?;
            self.open_sheet()?;
        }
        if let Some(a) = self.agg.as_mut() {
            a.add(row);
        }
        let r = self.row;
        let sample = r <= WIDTH_SAMPLE;
        let ws = self.wb.worksheet_from_index(self.sheet).map_err(xerr)?;
        for i in 0..row.len() {
            let c = i as u16;
            match row.get(i) {
                Value::Null => {}
                Value::Int(v) => {
                    let a = v.unsigned_abs() as f64;
                    if a > self.max_abs[i] {
                        self.max_abs[i] = a;
                    }
                    if v.unsigned_abs() <= 1 << 53 {
                        ws.write_number(r, c, v as f64)
                    } else {
                        // Beyond 2^53 a double loses digits: keep them as text.
                        ws.write_string(r, c, v.to_string())
                    }
                    .map_err(xerr)?;
                }
                Value::Money(cents) => {
                    let x = cents as f64 / 100.0;
                    if x.abs() > self.max_abs[i] {
                        self.max_abs[i] = x.abs();
                    }
                    ws.write_number_with_format(r, c, x, &self.money)
                        .map_err(xerr)?;
                }
                Value::Float(f) if f.is_finite() => {
                    ws.write_number(r, c, f).map_err(xerr)?;
                }
                Value::Float(f) => {
                    ws.write_string(r, c, super::non_finite(f)).map_err(xerr)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean_with_format(r, c, b, &self.boolean)
                        .map_err(xerr)?;
                }
                // Excel's dates run from 1900 to 9999; others stay text.
                Value::Date(d) => match excel_serial(d.0) {
                    Some(serial) => {
                        ws.write_number_with_format(r, c, serial, &self.date)
                            .map_err(xerr)?;
                    }
                    None => {
                        ws.write_string(r, c, d.to_string()).map_err(xerr)?;
                    }
                },
                Value::Text(s) => {
                    if sample {
                        let n = s.chars().count();
                        if n > self.widths[i] {
                            self.widths[i] = n;
                        }
                    }
                    if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
                        if !self.warned_long {
                            self.warned_long = true;
                            self.progress.note(&format!(
                                "seeder: column {:?} has text longer than Excel's {MAX_CELL_CHARS} characters per cell; truncated",
                                self.cols[i].name
                            ));
                        }
                        let cut: String = s.chars().take(MAX_CELL_CHARS).collect();
                        ws.write_string(r, c, cut).map_err(xerr)?;
                    } else {
                        ws.write_string(r, c, s).map_err(xerr)?;
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.close_sheet()?;
        if let Some(agg) = self.agg.take() {
            if agg.too_many {
                self.chart_skipped = true;
                self.progress.note(&format!(
                    "seeder: no chart on {:?}: more than {MAX_GROUPS} distinct ({}, {}) groups",
                    self.first_sheet_name,
                    agg.spec.split.as_deref().unwrap_or("-"),
                    agg.spec.x
                ));
            } else if !agg.groups.is_empty() {
                let data_name = sheet_name(&self.base, " means", &self.used);
                self.used.push(data_name.clone());
                self.charts.push(PendingChart {
                    agg,
                    sheet: self.first_sheet,
                    data_name,
                    ncols: self.cols.len() as u16,
                });
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if let Some(spec) = &self.chart {
            if self.charts.is_empty() && !self.chart_skipped {
                self.progress.note(&format!(
                    "seeder: no chart: no query has the columns {:?} and {:?}{} with numbers in them (the chart is the mean of the first by each value of the second)",
                    spec.y,
                    spec.x,
                    spec.split
                        .as_ref()
                        .map(|s| format!(" and {s:?}"))
                        .unwrap_or_default()
                ));
            }
        }
        for p in std::mem::take(&mut self.charts) {
            let agg = &p.agg;
            let xs: Vec<f64> = {
                let mut v: Vec<f64> = agg.groups.keys().map(|(_, x)| x.0).collect();
                v.sort_by(f64::total_cmp);
                v.dedup();
                v
            };
            let mut labels: Vec<String> = agg.groups.keys().map(|(l, _)| l.clone()).collect();
            labels.dedup();
            // Put "x" before "not x" whatever the sort order says.
            labels.sort_by_key(|l| l.starts_with("not "));
            let ws = self.wb.add_worksheet();
            ws.set_name(&p.data_name).map_err(xerr)?;
            ws.write_string_with_format(0, 0, &agg.spec.x, &self.bold)
                .map_err(xerr)?;
            ws.set_column_width(0, 14).map_err(xerr)?;
            for (k, label) in labels.iter().enumerate() {
                let head = if agg.si.is_some() {
                    format!("mean {} ({label})", agg.spec.y)
                } else {
                    format!("mean {}", agg.spec.y)
                };
                ws.write_string_with_format(0, k as u16 + 1, head, &self.bold)
                    .map_err(xerr)?;
                ws.set_column_width(k as u16 + 1, 28).map_err(xerr)?;
            }
            for (j, x) in xs.iter().enumerate() {
                let r = j as u32 + 1;
                ws.write_number(r, 0, *x).map_err(xerr)?;
                for (k, label) in labels.iter().enumerate() {
                    if let Some((sum, n)) = agg.groups.get(&(label.clone(), OrdF64(*x))) {
                        let mean = sum / *n as f64;
                        if agg.y_money {
                            ws.write_number_with_format(r, k as u16 + 1, mean, &self.money)
                                .map_err(xerr)?;
                        } else {
                            ws.write_number(r, k as u16 + 1, mean).map_err(xerr)?;
                        }
                    }
                }
            }
            let last = xs.len() as u32;
            let mut chart = Chart::new(ChartType::ScatterStraightWithMarkers);
            for (k, label) in labels.iter().enumerate() {
                let col = k as u16 + 1;
                let s = chart.add_series();
                s.set_categories((p.data_name.as_str(), 1, 0, last, 0))
                    .set_values((p.data_name.as_str(), 1, col, last, col));
                let name = if label.is_empty() {
                    format!("mean {}", agg.spec.y)
                } else {
                    label.clone()
                };
                s.set_name(name.as_str());
            }
            chart
                .title()
                .set_name(format!("Mean {} by {}", agg.spec.y, agg.spec.x).as_str());
            chart.x_axis().set_name(agg.spec.x.as_str());
            chart
                .y_axis()
                .set_name(format!("mean {}", agg.spec.y).as_str());
            if agg.y_money {
                chart.y_axis().set_num_format("#,##0");
            }
            if let (Some(lo), Some(hi)) = (xs.first(), xs.last()) {
                if lo < hi {
                    chart.x_axis().set_min(*lo).set_max(*hi);
                }
            }
            chart.legend().set_position(ChartLegendPosition::Bottom);
            chart.set_width(640).set_height(400);
            let target = self.wb.worksheet_from_index(p.sheet).map_err(xerr)?;
            target.insert_chart(1, p.ncols + 1, &chart).map_err(xerr)?;
        }
        self.wb.save(&self.path).map_err(xerr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names() {
        let used = vec!["sales".to_string()];
        assert_eq!(sheet_name("sales", "", &used), "sales 2");
        assert_eq!(sheet_name("sales", " (2)", &used), "sales (2)");
        assert_eq!(sheet_name("a/b:c", "", &used), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, " (2)", &used).chars().count(), 31);
    }
}
