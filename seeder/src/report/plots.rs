//! The report's plots: 640×360 SVG drawn with plotters into a `String`. Text stays SVG
//! `<text>` in the reader's sans-serif (plotters lays it out with its built-in estimate), so
//! no font file is needed or embedded.

use super::profile::{
    rate, AgeHistogram, Category, CustomerStats, Detail, Fit, PeopleStats, SalesStats,
    SectionStats, Spread, AGE_BANDS, AGE_MAX, AGE_MIN,
};
use super::view::Cell;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

const SIZE: (u32, u32) = (640, 360);
const FONT: &str = "sans-serif";
const COLORS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
];

/// Every plot id, for keeping figure ids unique in a page.
pub(super) const IDS: [&str; 8] = [
    "age-histogram",
    "gender",
    "marital-status",
    "children-by-age-band",
    "income-by-age-band",
    "lorenz",
    "missing-duplicates",
    "sales-vs-intensity",
];

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// One plot: its id within the section (one of [`IDS`]), a caption and the `<svg>` element.
pub(super) struct Plot {
    pub id: &'static str,
    pub caption: String,
    pub svg: String,
}

/// The plots of a section, in the order the report shows them (none for a generic table).
pub(super) fn plots(s: &SectionStats) -> Vec<Plot> {
    match &s.detail {
        Detail::Customers(c) => vec![
            age_histogram(&c.ages, "customers"),
            categories("gender", "Gender", "customers", &c.genders),
            lorenz(c),
            missing_duplicates(s),
        ],
        Detail::People(p) => people(s, p),
        Detail::Sales(x) => vec![sales(x), age_histogram(&x.ages, "customers")],
        Detail::Generic => Vec::new(),
    }
}

fn people(s: &SectionStats, p: &PeopleStats) -> Vec<Plot> {
    let mut out = vec![age_histogram(&p.ages, "people")];
    if !p.genders.is_empty() {
        out.push(categories("gender", "Gender", "people", &p.genders));
    }
    let totals: Vec<Category<u64>> = p
        .marital
        .iter()
        .map(|c| Category {
            value: c.value.clone(),
            stat: c.stat.total,
        })
        .collect();
    out.push(categories(
        "marital-status",
        "Marital status",
        "people",
        &totals,
    ));
    let bands: Vec<String> = AGE_BANDS.iter().map(|b| b.to_string()).collect();
    let children = p.children_by_band.iter().map(|s| s.mean).collect();
    out.push(Plot {
        id: "children-by-age-band",
        caption: "Mean number_of_children by age band".into(),
        svg: bars(&Bars {
            title: "Mean number of children by age band",
            x_desc: "age band",
            y_desc: "mean children",
            labels: bands.clone(),
            series: vec![("mean", children)],
            value_text: |v| Cell::ratio(v).text(),
        }),
    });
    let income = |f: fn(&Spread) -> f64| -> Vec<f64> {
        p.income_by_band
            .iter()
            .map(|s| s.as_ref().map_or(0.0, f))
            .collect()
    };
    out.push(Plot {
        id: "income-by-age-band",
        caption: "Median and mean annual_income by age band".into(),
        svg: bars(&Bars {
            title: "Annual income by age band",
            x_desc: "age band",
            y_desc: "annual income ($)",
            labels: bands,
            series: vec![
                ("median", income(|s| s.median)),
                ("mean", income(|s| s.mean)),
            ],
            value_text: |v| Cell::money(v).text(),
        }),
    });
    out.push(missing_duplicates(s));
    out
}

/// The frame of a chart.
struct Axes<'a> {
    title: &'a str,
    x_desc: &'a str,
    y_desc: &'a str,
    x: Range<f64>,
    y: Range<f64>,
    x_labels: usize,
    x_fmt: &'a dyn Fn(&f64) -> String,
    /// Where the series' legend goes, if anywhere.
    legend: Option<SeriesLabelPosition>,
}

/// Draws a titled, labelled chart and `body` in it; a failure becomes a paragraph saying so.
fn draw(axes: Axes, body: impl FnOnce(&mut Chart) -> Drawn) -> String {
    let mut svg = String::new();
    let drawn = (|| -> Drawn {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(axes.title, (FONT, 18))
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(64)
            .build_cartesian_2d(axes.x, axes.y)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RGBColor(225, 225, 225))
            .light_line_style(TRANSPARENT)
            .x_labels(axes.x_labels)
            .x_label_formatter(axes.x_fmt)
            .y_label_formatter(&tick)
            .x_desc(axes.x_desc)
            .y_desc(axes.y_desc)
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 13))
            .draw()?;
        body(&mut chart)?;
        if let Some(at) = axes.legend {
            chart
                .configure_series_labels()
                .position(at)
                .label_font((FONT, 12))
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(160, 160, 160))
                .draw()?;
        }
        root.present()?;
        Ok(())
    })();
    match drawn {
        Ok(()) => svg,
        Err(e) => format!(
            "<p class=\"error\">plot failed: {}</p>",
            super::html::escape(&e.to_string())
        ),
    }
}

/// Axis numbers: at most two decimals, thousands as k and millions as M.
fn tick(v: &f64) -> String {
    let v = *v + 0.0;
    let (x, unit) = match v.abs() {
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e4 => (v / 1e3, "k"),
        _ => (v, ""),
    };
    let s = format!("{x:.2}");
    format!("{}{unit}", s.trim_end_matches('0').trim_end_matches('.'))
}

/// A value range with room above for bars' labels or a legend.
fn span(values: impl Iterator<Item = f64>, headroom: f64) -> Range<f64> {
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let hi = if hi > lo { hi } else { lo + 1.0 };
    lo..hi + (hi - lo) * headroom
}

/// Categorical bars, one group per label and one bar per series in it.
struct Bars<'a> {
    title: &'a str,
    x_desc: &'a str,
    y_desc: &'a str,
    labels: Vec<String>,
    series: Vec<(&'a str, Vec<f64>)>,
    /// The text written over each bar (single series only).
    value_text: fn(f64) -> String,
}

fn bars(b: &Bars) -> String {
    let k = b.labels.len().max(1);
    let x_fmt = |x: &f64| {
        let i = x.round();
        let on_bar = (x - i).abs() < 1e-6 && i >= 0.0;
        let label = on_bar.then(|| b.labels.get(i as usize)).flatten();
        label.cloned().unwrap_or_default()
    };
    let values = b.series.iter().flat_map(|(_, v)| v.iter().copied());
    let axes = Axes {
        title: b.title,
        x_desc: b.x_desc,
        y_desc: b.y_desc,
        x: -0.5..k as f64 - 0.5,
        y: span(values, 0.15),
        x_labels: k,
        x_fmt: &x_fmt,
        legend: (b.series.len() > 1).then_some(SeriesLabelPosition::UpperLeft),
    };
    draw(axes, |chart| {
        let width = 0.8 / b.series.len() as f64;
        for (s, (name, values)) in b.series.iter().enumerate() {
            let color = COLORS[s % COLORS.len()];
            let left = |i: usize| i as f64 - 0.4 + s as f64 * width;
            let rects = values.iter().enumerate().map(|(i, &v)| {
                Rectangle::new([(left(i), 0.0), (left(i) + width, v)], color.filled())
            });
            chart
                .draw_series(rects)?
                .label(*name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                });
        }
        if b.series.len() > 1 {
            return Ok(());
        }
        let values = b.series.first().map_or(&[][..], |(_, v)| v);
        let above = TextStyle::from((FONT, 11)).pos(Pos::new(HPos::Center, VPos::Bottom));
        let texts = values.iter().enumerate().map(|(i, &v)| {
            let at = (i as f64, v.max(0.0));
            EmptyElement::at(at) + Text::new((b.value_text)(v), (0, -4), above.clone())
        });
        chart.draw_series(texts)?;
        Ok(())
    })
}

/// Counts of a categorical column (NULL as its own bar).
fn categories(id: &'static str, title: &str, who: &str, cats: &[Category<u64>]) -> Plot {
    let labels = cats
        .iter()
        .map(|c| c.value.clone().unwrap_or_else(|| "NULL".into()))
        .collect();
    let svg = bars(&Bars {
        title,
        x_desc: &title.to_lowercase(),
        y_desc: who,
        labels,
        series: vec![("count", cats.iter().map(|c| c.stat as f64).collect())],
        value_text: |v| format!("{v:.0}"),
    });
    let total: u64 = cats.iter().map(|c| c.stat).sum();
    let caption = format!("{title} of {total} {who}, NULL included");
    Plot { id, caption, svg }
}

fn age_histogram(ages: &AgeHistogram, who: &str) -> Plot {
    let counts = ages.counts.iter().map(|&n| n as f64);
    let axes = Axes {
        title: "Age",
        x_desc: "age (years)",
        y_desc: who,
        x: AGE_MIN as f64 - 0.5..AGE_MAX as f64 + 0.5,
        y: span(counts, 0.08),
        x_labels: 16,
        x_fmt: &tick,
        legend: None,
    };
    let svg = draw(axes, |chart| {
        let bins = ages.bins().map(|(a, n)| {
            let a = a as f64;
            Rectangle::new([(a - 0.45, 0.0), (a + 0.45, n as f64)], COLORS[0].filled())
        });
        chart.draw_series(bins)?;
        Ok(())
    });
    let caption = format!(
        "Ages of {} {who}, one bar per year from {AGE_MIN} to {AGE_MAX}; {} outside that range or missing",
        ages.total(),
        ages.other
    );
    Plot {
        id: "age-histogram",
        caption,
        svg,
    }
}

fn lorenz(c: &CustomerStats) -> Plot {
    let share = Cell::ratio(c.top20_share).text();
    let top = c.lorenz.iter().map(|p| p.1);
    let axes = Axes {
        title: "Lorenz curve of account balances",
        x_desc: "share of customers, richest first",
        y_desc: "share of the total balance",
        x: 0.0..1.0,
        y: 0.0..top.fold(1.0, f64::max),
        x_labels: 6,
        x_fmt: &tick,
        legend: Some(SeriesLabelPosition::LowerRight),
    };
    let svg = draw(axes, |chart| {
        let grey = RGBColor(120, 120, 120);
        let diagonal = [(0.0, 0.0), (1.0, 1.0)];
        chart
            .draw_series(DashedLineSeries::new(diagonal, 6, 4, grey.into()))?
            .label("equality")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], grey));
        let curve = LineSeries::new(c.lorenz.iter().copied(), COLORS[0].stroke_width(2));
        chart
            .draw_series(curve)?
            .label("account_balance")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], COLORS[0].stroke_width(2)));
        let point = (c.top20_fraction(), c.top20_share);
        let label = format!("top 20% hold {share}");
        let mark = EmptyElement::at(point)
            + Circle::new((0, 0), 5, COLORS[3].filled())
            + Text::new(label, (10, 6), (FONT, 14));
        chart.draw_series(std::iter::once(mark))?;
        Ok(())
    });
    let caption = format!(
        "Lorenz curve of account_balance over {} customers with a balance: the richest {} \
         (20%) hold {share} of the total; the 80/20 rule would be 0.8",
        c.balance.map_or(0, |b| b.count),
        c.top20_count
    );
    Plot {
        id: "lorenz",
        caption,
        svg,
    }
}

/// Missing values (customers: gender and address; people: every column with NULLs) and
/// duplicate rows, as rates.
fn missing_duplicates(s: &SectionStats) -> Plot {
    let mut bars: Vec<(String, f64)> = match &s.detail {
        Detail::Customers(c) => [
            Some(("gender missing".to_string(), c.missing_gender_rate())),
            c.missing_address_rate()
                .map(|r| ("address missing".to_string(), r)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => s
            .columns
            .iter()
            .filter(|c| c.nulls > 0)
            .map(|c| (format!("{} NULL", c.name), rate(c.nulls, s.rows)))
            .collect(),
    };
    if let Some(d) = &s.duplicates {
        bars.push(("duplicate rows".into(), d.rate()));
    }
    let (labels, values) = bars.into_iter().unzip();
    let svg = self::bars(&Bars {
        title: "Missing values and duplicate rows",
        x_desc: "",
        y_desc: "rate",
        labels,
        series: vec![("rate", values)],
        value_text: |v| Cell::ratio(v).text(),
    });
    Plot {
        id: "missing-duplicates",
        caption: "Rates of missing values and of duplicate rows (per distinct id)".into(),
        svg,
    }
}

/// Mean sales by intensity, in and out of the target bracket, with their least-squares lines.
fn sales(s: &SalesStats) -> Plot {
    let xs = || s.cells.iter().map(|c| c.intensity);
    let lo = xs().fold(f64::INFINITY, f64::min);
    let hi = xs().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo < hi {
        (lo, hi)
    } else {
        (lo.min(0.0), lo.max(0.0) + 1.0)
    };
    let pad = (hi - lo) * 0.05;
    let fits = [
        (true, "in target bracket", COLORS[1], s.fit_in),
        (false, "outside it", COLORS[0], s.fit_out),
    ];
    let ends = fits
        .iter()
        .flat_map(|f| f.3)
        .flat_map(|f| [f.at(lo), f.at(hi)]);
    let ys: Vec<f64> = s.cells.iter().map(|c| c.mean_sales).chain(ends).collect();
    let (y_lo, y_hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
            (a.min(y), b.max(y))
        });
    let (y_lo, y_hi) = if y_lo < y_hi {
        (y_lo, y_hi)
    } else {
        (0.0, y_lo.max(0.0) + 1.0)
    };
    let axes = Axes {
        title: "Sales vs marketing intensity",
        x_desc: "intensity",
        y_desc: "mean sales ($)",
        x: lo - pad..hi + pad,
        y: y_lo - (y_hi - y_lo) * 0.1..y_hi + (y_hi - y_lo) * 0.45,
        x_labels: 8,
        x_fmt: &tick,
        legend: Some(SeriesLabelPosition::UpperLeft),
    };
    let svg = draw(axes, |chart| {
        for (inside, name, color, fit) in fits {
            let means = s.cells.iter().filter(|c| c.in_bracket == inside);
            let dots = means.map(|c| Circle::new((c.intensity, c.mean_sales), 5, color.filled()));
            chart
                .draw_series(dots)?
                .label(format!("{name}: mean sales"))
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
            if let Some(f) = fit {
                let line = LineSeries::new([(lo, f.at(lo)), (hi, f.at(hi))], color.stroke_width(2));
                let slope = Cell::ratio(f.slope).text();
                chart
                    .draw_series(line)?
                    .label(format!("{name}: fit, slope {slope}"))
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2))
                    });
            }
        }
        Ok(())
    });
    let slope = |f: Option<Fit>| f.map_or("–".to_string(), |f| Cell::ratio(f.slope).text());
    let caption = format!(
        "Mean sales at each intensity, in and out of the target bracket, with least-squares \
         lines of sales on intensity (slopes {} in, {} out)",
        slope(s.fit_in),
        slope(s.fit_out)
    );
    Plot {
        id: "sales-vs-intensity",
        caption,
        svg,
    }
}
