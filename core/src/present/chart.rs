//! The progress picture: one bullet chart per indicator, as plain SVG text, so the CLI, Python
//! (`_repr_svg_`) and the browser show the same picture without a plotting library.
//!
//! Each row: a grey scale; the baseline (◆); every target's required value as a tick labelled
//! with its year (solid for the appendix table, dashed for the prose); the on-track value for the
//! next target (orange, dashed); the latest observation as a bar coloured by that target's
//! status; under the scale, the row's own axis (round values: every row has its own unit and
//! range), then the observation's value. Binding (约束性) indicators carry a red marker; a target
//! missed in its year is a red tick, and is named under the status (⚠ when binding); the legend
//! names every mark. Decimals
//! become `f64` only here, for pixel positions — never for a decision.

use crate::number::parse_decimal;
use crate::vocab::Property;
use crate::zone::indicator::Category;
use crate::zone::progress::{IndicatorProgress, ProgressReport, ProgressStatus, TargetProgress};
use crate::zone::target::Source;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

use super::Lang;
use super::html::escape;

const WIDTH: f64 = 1080.0;
const LABEL_X: f64 = 16.0;
const CHART_X: f64 = 400.0;
const CHART_W: f64 = 520.0;
const STATUS_X: f64 = 940.0;
const ROW_H: f64 = 54.0;
const HEADER_H: f64 = 30.0;
const TOP: f64 = 96.0;

/// A pixel coordinate printed with one decimal, by integer arithmetic (keeps the float
/// formatter, a large piece of code, out of the WASM build).
#[derive(Clone, Copy)]
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let abs = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// An indicator's unit in English, for the English chart: money units by their English names,
/// the table's other units translated, a count's measure word (个, 家, 件) left out.
fn unit_en(zh: &str) -> &str {
    if let Ok(money) = crate::quantity::MoneyUnit::parse(zh) {
        return money.name_en();
    }
    match zh {
        "个" | "家" | "件" | "处" => "",
        "人" => "people",
        "户" => "households",
        "公里" => "km",
        "万人" => "10k people",
        "张" => "beds",
        "平方米" => "m²",
        "万平方米" => "10k m²",
        "万元/亩" => "10k yuan/mu",
        "倍" => "×",
        other => other,
    }
}

fn colour(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::Met | ProgressStatus::MetSoFar | ProgressStatus::OnTrack => "#2e7d32",
        ProgressStatus::Behind => "#f9a825",
        ProgressStatus::OffTrack | ProgressStatus::Missed => "#c62828",
        ProgressStatus::NoData => "#9e9e9e",
    }
}

fn number(text: &str) -> Option<f64> {
    parse_decimal(text).ok().and_then(|d| d.to_f64())
}

/// The target a row is about: the next one still ahead, else the latest one due.
fn headline(indicator: &IndicatorProgress, year: u16) -> Option<&TargetProgress> {
    let ahead = indicator
        .targets
        .iter()
        .filter(|t| t.year > year)
        .min_by_key(|t| (t.year, t.source != Source::Table));
    ahead.or_else(|| {
        indicator
            .targets
            .iter()
            .filter(|t| t.year <= year)
            .max_by_key(|t| (t.year, t.source == Source::Table))
    })
}

impl ProgressReport<'_> {
    /// The summary sentence over the chart, as an HTML fragment (what a notebook shows).
    pub fn to_html(&self, lang: Lang) -> String {
        self.html_over(lang, &self.to_svg(lang))
    }

    /// [`ProgressReport::to_html`] over the chart of [`ProgressReport::to_svg_selected`]: a
    /// notebook's default view shows only the indicators observed.
    pub fn to_html_selected(
        &self,
        lang: Lang,
        only_observed: bool,
        indicators: Option<&[String]>,
    ) -> crate::Result<String> {
        Ok(self.html_over(
            lang,
            &self.to_svg_selected(lang, only_observed, indicators)?,
        ))
    }

    fn html_over(&self, lang: Lang, svg: &str) -> String {
        format!(
            r#"<div class="shenfu-progress"><p>{}</p>{svg}</div>"#,
            escape(&crate::present::text::progress_summary(&self.summary, lang)),
        )
    }

    /// The bullet charts as an SVG document: every indicator with a target.
    pub fn to_svg(&self, lang: Lang) -> String {
        self.to_svg_of(lang, |_| true)
    }

    /// The bullet charts for a report: with `only_observed`, only the indicators that have an
    /// observation; with `indicators`, only those named (an id the report does not have is
    /// `unknown_indicator` at `indicators`).
    pub fn to_svg_selected(
        &self,
        lang: Lang,
        only_observed: bool,
        indicators: Option<&[String]>,
    ) -> crate::Result<String> {
        if let Some(unknown) = indicators
            .into_iter()
            .flatten()
            .find(|id| !self.indicators.iter().any(|i| i.id == **id))
        {
            return Err(crate::Error::from(crate::ErrorKind::UnknownIndicator {
                id: unknown.clone(),
            })
            .at("indicators"));
        }
        Ok(self.to_svg_of(lang, |i| {
            (!only_observed || !i.observations.is_empty())
                && indicators.is_none_or(|ids| ids.contains(&i.id))
        }))
    }

    /// The bullet charts of the indicators `shown` keeps (with a target), e.g. only those with
    /// an observation — a chart for a report rather than for the whole plan.
    pub fn to_svg_of(&self, lang: Lang, shown: impl Fn(&IndicatorProgress) -> bool) -> String {
        let zh = lang == Lang::Zh;
        let (width, label_x) = (Px(WIDTH), Px(LABEL_X));
        let rows: Vec<&IndicatorProgress> = self
            .indicators
            .iter()
            .filter(|i| !i.targets.is_empty() && shown(i))
            .collect();
        let categories = Category::ALL
            .iter()
            .filter(|c| rows.iter().any(|r| r.category == **c))
            .count();
        // What the report set aside is said under the rows, above the footer.
        let notes =
            crate::present::text::baseline_notes_in(
                self,
                lang,
                |u| if zh { u } else { unit_en(u) },
            );
        let notes_h = notes.len() as f64 * 16.0;
        let height =
            TOP + categories as f64 * HEADER_H + rows.len() as f64 * ROW_H + 40.0 + notes_h;
        let height_px = Px(height);
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height_px}" viewBox="0 0 {width} {height_px}" font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif" font-size="12">"##
        );
        let title = crate::present::text::progress_title(self.year, lang);
        let _ = write!(
            svg,
            r##"<title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><text x="{label_x}" y="28" font-size="18" font-weight="bold">{}</text>"##,
            escape(&title),
            escape(&title)
        );
        let counts = crate::present::text::progress_summary(&self.summary, lang);
        let _ = write!(
            svg,
            r##"<text x="{label_x}" y="50" fill="#424242">{}</text>"##,
            escape(&counts)
        );
        self.legend(&mut svg, zh);
        let mut y = TOP;
        for category in Category::ALL {
            let in_category: Vec<&&IndicatorProgress> =
                rows.iter().filter(|r| r.category == category).collect();
            if in_category.is_empty() {
                continue;
            }
            let name = if zh {
                category.name_zh()
            } else {
                category.name_en()
            };
            let _ = write!(
                svg,
                r##"<text x="{label_x}" y="{}" font-size="14" font-weight="bold" fill="#1a237e">{}</text><line x1="{label_x}" x2="{}" y1="{}" y2="{}" stroke="#c5cae9"/>"##,
                Px(y + 20.0),
                escape(name),
                Px(WIDTH - LABEL_X),
                Px(y + 26.0),
                Px(y + 26.0)
            );
            y += HEADER_H;
            for row in in_category {
                self.row(&mut svg, row, y, zh);
                y += ROW_H;
            }
        }
        for (k, note) in notes.iter().enumerate() {
            let _ = write!(
                svg,
                r##"<text x="{label_x}" y="{}" fill="#c62828">⚠ {}</text>"##,
                Px(height - 30.0 - notes_h + 16.0 * (k as f64 + 1.0) - 4.0),
                escape(note)
            );
        }
        let footer = format!(
            "{} {} · sha256 {} · {} {}",
            self.rulebook.id,
            self.rulebook.version,
            self.rulebook.sha256.get(..12).unwrap_or(""),
            self.engine.name,
            self.engine.version
        );
        let _ = write!(
            svg,
            r##"<text x="{label_x}" y="{}" font-size="10" fill="#757575">{}</text></svg>"##,
            Px(height - 14.0),
            escape(&footer)
        );
        svg.push('\n');
        svg
    }

    fn legend(&self, svg: &mut String, zh: bool) {
        let items: [(&str, &str, &str); 8] = [
            (
                "obs",
                if zh {
                    "观测值（颜色 = 状态）"
                } else {
                    "observed (colour = status)"
                },
                "#2e7d32",
            ),
            (
                "tick",
                if zh {
                    "目标（附件表）"
                } else {
                    "target (appendix table)"
                },
                "#212121",
            ),
            (
                "dash",
                if zh {
                    "目标（正文）"
                } else {
                    "target (prose)"
                },
                "#6a1b9a",
            ),
            (
                "track",
                if zh { "进度值" } else { "on-track value" },
                "#ef6c00",
            ),
            (
                "base",
                if zh { "2020 基数" } else { "2020 baseline" },
                "#616161",
            ),
            (
                "missed",
                if zh {
                    "已到期未达成的目标"
                } else {
                    "target missed in its year"
                },
                "#c62828",
            ),
            (
                "binding",
                if zh {
                    "约束性指标"
                } else {
                    "binding indicator"
                },
                "#c62828",
            ),
            (
                "violation",
                if zh {
                    "约束性目标未达成"
                } else {
                    "binding target missed"
                },
                "#c62828",
            ),
        ];
        let mut x = LABEL_X;
        let mut y = 72.0;
        for (kind, label, colour) in items {
            let width = 36.0 + label.chars().count() as f64 * if zh { 12.0 } else { 6.2 };
            // A second line when the first is full (the rows start below it).
            if x + width > WIDTH - LABEL_X {
                x = LABEL_X;
                y += 16.0;
            }
            let (xp, yp) = (Px(x), Px(y));
            match kind {
                "obs" => {
                    let _ = write!(
                        svg,
                        r##"<rect x="{xp}" y="{}" width="22" height="8" fill="{colour}"/>"##,
                        Px(y - 8.0)
                    );
                }
                "tick" | "dash" | "track" | "missed" => {
                    let dash = match kind {
                        "dash" => r#" stroke-dasharray="3 2""#,
                        "track" => r#" stroke-dasharray="2 2""#,
                        _ => "",
                    };
                    let _ = write!(
                        svg,
                        r##"<line x1="{}" x2="{}" y1="{}" y2="{yp}" stroke="{colour}" stroke-width="2"{dash}/>"##,
                        Px(x + 11.0),
                        Px(x + 11.0),
                        Px(y - 12.0)
                    );
                }
                "binding" => {
                    let _ = write!(
                        svg,
                        r##"<rect x="{}" y="{}" width="4" height="12" fill="{colour}"/>"##,
                        Px(x + 9.0),
                        Px(y - 11.0)
                    );
                }
                "violation" => {
                    // A warning triangle, the ⚠ of the status column.
                    let _ = write!(
                        svg,
                        r##"<path d="M{} {yp} l6 -11 l6 11 z" fill="{colour}"/>"##,
                        Px(x + 5.0)
                    );
                }
                _ => {
                    let _ = write!(
                        svg,
                        r##"<path d="M{} {} l4 4 l-4 4 l-4 -4 z" fill="{colour}"/>"##,
                        Px(x + 11.0),
                        Px(y - 10.0)
                    );
                }
            }
            let _ = write!(
                svg,
                r##"<text x="{}" y="{yp}" fill="#424242">{}</text>"##,
                Px(x + 28.0),
                escape(label)
            );
            x += width;
        }
    }

    fn row(&self, svg: &mut String, row: &IndicatorProgress, y: f64, zh: bool) {
        let (label_x, chart_x, chart_w, status_x) =
            (Px(LABEL_X), Px(CHART_X), Px(CHART_W), Px(STATUS_X));
        let binding = row.targets.iter().any(|t| t.property == Property::Binding);
        let name = if zh { &row.name.zh } else { &row.name.en };
        let unit = if zh {
            row.unit.as_str()
        } else {
            unit_en(&row.unit)
        };
        let label = match (row.number, zh, unit.is_empty()) {
            (Some(n), true, _) => format!("{n}. {name}（{unit}）"),
            (None, true, _) => format!("· {name}（{unit}）"),
            (Some(n), false, false) => format!("{n}. {name} ({unit})"),
            (None, false, false) => format!("· {name} ({unit})"),
            (Some(n), false, true) => format!("{n}. {name}"),
            (None, false, true) => format!("· {name}"),
        };
        let label = truncate(&label, if zh { 28 } else { 52 });
        let mid = y + ROW_H / 2.0;
        if binding {
            let _ = write!(
                svg,
                r##"<rect x="{}" y="{}" width="4" height="16" fill="#c62828"><title>{}</title></rect>"##,
                Px(LABEL_X - 8.0),
                Px(mid - 8.0),
                if zh {
                    "约束性指标"
                } else {
                    "binding indicator"
                }
            );
        }
        let _ = write!(
            svg,
            r##"<text x="{label_x}" y="{}">{}</text>"##,
            Px(mid + 4.0),
            escape(&label)
        );
        // The scale: zero (or the lowest value) to the highest value up to the row's headline
        // target, plus room; later targets (2035) are named at the right end instead of
        // squeezing the years that matter now.
        let head = headline(row, self.year);
        let horizon = head.map_or(u16::MAX, |t| t.year);
        let mut values: Vec<f64> = row
            .targets
            .iter()
            .filter(|t| t.year <= horizon)
            .filter_map(|t| t.required.as_deref().and_then(number))
            .collect();
        values.extend(row.baseline.as_ref().and_then(|b| number(&b.value)));
        values.extend(
            row.observations
                .iter()
                .filter(|o| o.year <= self.year)
                .filter_map(|o| number(&o.value)),
        );
        values.extend(
            row.targets
                .iter()
                .filter(|t| t.year <= horizon)
                .filter_map(|t| t.on_track.as_deref().and_then(number)),
        );
        let low = values.iter().copied().fold(0.0_f64, f64::min);
        let high = values.iter().copied().fold(0.0_f64, f64::max);
        let span = if high - low > 0.0 {
            (high - low) * 1.08
        } else {
            1.0
        };
        let x = |v: f64| CHART_X + (v - low) / span * CHART_W;
        let _ = write!(
            svg,
            r##"<rect x="{chart_x}" y="{}" width="{chart_w}" height="16" fill="#eceff1"/>"##,
            Px(mid - 8.0)
        );
        axis(svg, low, span, mid);
        if let Some(req) = head.and_then(|t| t.required.as_deref()).and_then(number) {
            let _ = write!(
                svg,
                r##"<rect x="{chart_x}" y="{}" width="{}" height="16" fill="#cfd8dc"/>"##,
                Px(mid - 8.0),
                Px((x(req) - CHART_X).max(0.0))
            );
        }
        // The latest observation up to the evaluation year.
        if let (Some(obs), Some(t)) = (
            row.observations.iter().rev().find(|o| o.year <= self.year),
            head,
        ) && let Some(v) = number(&obs.value)
        {
            let (a, b) = (x(0.0_f64.max(low)), x(v));
            let _ = write!(
                svg,
                r##"<rect x="{}" y="{}" width="{}" height="8" fill="{}"><title>{} {}: {} {}</title></rect>"##,
                Px(a.min(b)),
                Px(mid - 4.0),
                Px((b - a).abs().max(1.0)),
                colour(t.status),
                escape(name),
                obs.year,
                escape(&obs.value),
                escape(unit)
            );
            // The value itself, under the bar's start: a chart for a report is read, not
            // hovered.
            let _ = write!(
                svg,
                r##"<text x="{chart_x}" y="{}" font-size="9" fill="#37474f">{} {}: {} {}</text>"##,
                Px(mid + NOTE_DY),
                if zh { "观测" } else { "observed" },
                obs.year,
                escape(&obs.value),
                escape(unit)
            );
        }
        if let Some(b) = row.baseline.as_ref()
            && let Some(v) = number(&b.value)
        {
            let _ = write!(
                svg,
                r##"<path d="M{} {} l4 4 l-4 4 l-4 -4 z" fill="#616161"><title>2020: {}</title></path>"##,
                Px(x(v)),
                Px(mid - 4.0),
                escape(&b.value)
            );
        }
        let beyond: Vec<String> = row
            .targets
            .iter()
            .filter(|t| t.year > horizon && t.source == Source::Table)
            .filter_map(|t| {
                Some(format!(
                    "{} {} {}",
                    t.year,
                    t.comparator,
                    t.required.as_deref()?
                ))
            })
            .collect();
        if !beyond.is_empty() {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" font-size="9" text-anchor="end" fill="#546e7a">→ {}</text>"##,
                Px(CHART_X + CHART_W),
                Px(mid + NOTE_DY),
                escape(&beyond.join(" · "))
            );
        }
        // Year labels above the markers, merged where they would overlap (a table and a prose
        // target of the same year sit at the same place: one `22`, not `2222`).
        let mut labels: Vec<(f64, Vec<String>)> = Vec::new();
        for t in row.targets.iter().filter(|t| t.year <= horizon) {
            let Some(v) = t.required.as_deref().and_then(number) else {
                continue;
            };
            let (stroke, dash) = match t.source {
                _ if t.status == ProgressStatus::Missed => ("#c62828", ""),
                Source::Table => ("#212121", ""),
                Source::Prose => ("#6a1b9a", r#" stroke-dasharray="3 2""#),
            };
            let _ = write!(
                svg,
                r##"<g><title>{} · {} {}</title><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{stroke}" stroke-width="2"{dash}/></g>"##,
                escape(&t.target_id),
                escape(t.comparator),
                escape(t.required.as_deref().unwrap_or("")),
                Px(x(v)),
                Px(x(v)),
                Px(mid - 10.0),
                Px(mid + 10.0),
            );
            let year = format!("{:02}", t.year % 100);
            let at = x(v);
            match labels
                .iter_mut()
                .find(|(lx, texts)| (lx - at).abs() < label_width(texts.len() + 1) / 2.0 + 6.0)
            {
                Some((_, texts)) if texts.contains(&year) => {}
                Some((_, texts)) => texts.push(year),
                None => labels.push((at, vec![year])),
            }
        }
        for (at, texts) in &labels {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" font-size="9" text-anchor="middle" fill="#212121">{}</text>"##,
                Px(*at),
                Px(mid - 11.0),
                texts.join("/")
            );
        }
        if let Some(text) = head.and_then(|t| t.on_track.as_deref())
            && let Some(v) = number(text)
        {
            let _ = write!(
                svg,
                r##"<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ef6c00" stroke-width="2" stroke-dasharray="2 2"><title>{}: {}</title></line>"##,
                Px(x(v)),
                Px(x(v)),
                Px(mid - 9.0),
                Px(mid + 9.0),
                if zh { "进度值" } else { "on track" },
                escape(text)
            );
        }
        if let Some(t) = head {
            let status = if zh {
                t.status.name_zh()
            } else {
                t.status.name_en()
            };
            let _ = write!(
                svg,
                r##"<text x="{status_x}" y="{}" fill="{}">{}{} {}</text>"##,
                Px(mid + 4.0),
                colour(t.status),
                if t.violation { "⚠ " } else { "" },
                t.year,
                escape(status)
            );
        }
        // Every other target already missed in its year, under the headline status: a miss
        // (and a binding one above all) stays in the picture after its year.
        let mut missed: Vec<String> = Vec::new();
        for t in row.targets.iter().filter(|t| {
            t.status == ProgressStatus::Missed && head.is_none_or(|h| h.target_id != t.target_id)
        }) {
            let text = format!("{}{}", if t.violation { "⚠" } else { "" }, t.year);
            if !missed.contains(&text) {
                missed.push(text);
            }
        }
        if !missed.is_empty() {
            let _ = write!(
                svg,
                r##"<text x="{status_x}" y="{}" font-size="9" fill="#c62828">{} {}</text>"##,
                Px(mid + 17.0),
                missed.join(" "),
                if zh { "未达成" } else { "missed" }
            );
        }
    }
}

/// Where a row's notes (the observed value, later targets) sit below its middle: under the axis.
const NOTE_DY: f64 = 30.0;

/// A row's axis under its scale: a line, and ticks at round values (1, 2 or 5 × 10ᵏ apart, at
/// most five) labelled with their exact decimal text — so a bar is read against numbers, not
/// only against its targets. `low` and `span` are the scale's start and length in the row's unit.
fn axis(svg: &mut String, low: f64, span: f64, mid: f64) {
    let y = mid + 9.0;
    let _ = write!(
        svg,
        r##"<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b0bec5"/>"##,
        Px(CHART_X),
        Px(CHART_X + CHART_W),
        Px(y),
        Px(y)
    );
    let (unit, exponent) = tick_step(span / 4.0);
    let first = (low / unit).ceil() as i64;
    let last = ((low + span) / unit).floor() as i64;
    for n in first..=last {
        let at = CHART_X + (n as f64 * unit - low) / span * CHART_W;
        let _ = write!(
            svg,
            r##"<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#90a4ae"/><text x="{}" y="{}" font-size="8" text-anchor="middle" fill="#607d8b">{}</text>"##,
            Px(at),
            Px(at),
            Px(y),
            Px(y + 3.0),
            Px(at),
            Px(y + 10.0),
            tick_text(n, exponent)
        );
    }
}

/// The smallest round step (1, 2 or 5 × 10ᵏ) of at least `raw`: the step as a number and as
/// (multiplier, k) for printing exactly. Found by multiplying, not by a logarithm (no float
/// formatting or `libm` in the WASM build).
fn tick_step(raw: f64) -> (f64, (i64, i32)) {
    let raw = if raw.is_finite() && raw > 0.0 {
        raw
    } else {
        1.0
    };
    let (mut power, mut k) = (1.0_f64, 0_i32);
    while power * 10.0 <= raw && k < 30 {
        power *= 10.0;
        k += 1;
    }
    while power > raw && k > -30 {
        power /= 10.0;
        k -= 1;
    }
    // Now power ≤ raw < 10 × power.
    for m in [1_i64, 2, 5] {
        if power * m as f64 >= raw {
            return (power * m as f64, (m, k));
        }
    }
    (power * 10.0, (1, k + 1))
}

/// The tick `n × step` as exact decimal text, `step` being (multiplier, k): `m × 10ᵏ`.
fn tick_text(n: i64, (m, k): (i64, i32)) -> String {
    let digits = (n * m).unsigned_abs().to_string();
    let sign = if n * m < 0 { "-" } else { "" };
    if k >= 0 {
        if digits == "0" {
            return "0".to_owned();
        }
        return format!("{sign}{digits}{}", "0".repeat(k.unsigned_abs() as usize));
    }
    let places = k.unsigned_abs() as usize;
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// The width of a year label of `years` two-digit years joined by `/`, at font size 9.
fn label_width(years: usize) -> f64 {
    (years as f64 * 3.0 - 1.0) * 5.5
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_steps_printed_exactly() {
        assert_eq!(tick_step(250.0).1, (5, 2));
        assert_eq!(tick_step(100.0).1, (1, 2));
        assert_eq!(tick_step(101.0).1, (2, 2));
        assert_eq!(tick_step(0.3).1, (5, -1));
        assert_eq!(tick_step(0.06).1, (1, -1));
        assert_eq!(tick_step(7.0).1, (1, 1));
        // No scale at all still gives a step.
        assert_eq!(tick_step(f64::NAN).1, (1, 0));
        assert_eq!(tick_text(3, (5, 2)), "1500");
        assert_eq!(tick_text(0, (5, 2)), "0");
        assert_eq!(tick_text(3, (2, -1)), "0.6");
        assert_eq!(tick_text(5, (2, -1)), "1");
        assert_eq!(tick_text(-1, (5, -2)), "-0.05");
        assert_eq!(tick_text(12, (5, -1)), "6");
        assert_eq!(tick_text(-3, (1, 0)), "-3");
    }
}
