//! `shenfu progress`: the zone's indicators against the plan's targets, as a table grouped by
//! the appendix's five categories, or CSV. JSON and SVG are the core's, untouched.

use crate::render::Lang;
use crate::table::Table;
use shenfu_rules::Property;
use shenfu_rules::zone::{Category, ProgressReport};

fn signed(text: &str) -> String {
    if text.starts_with('-') || text == "0" {
        text.to_owned()
    } else {
        format!("+{text}")
    }
}

/// The progress report as text.
pub fn table(report: &ProgressReport<'_>, lang: Lang) -> String {
    let mut out = match lang {
        Lang::Zh => format!(
            "沈抚示范区「十四五」指标进度 · 评估年份 {} · 规则库 {} {}\n",
            report.year, report.rulebook.id, report.rulebook.version
        ),
        Lang::En => format!(
            "Shenfu zone indicators · progress in {} · rulebook {} {}\n",
            report.year, report.rulebook.id, report.rulebook.version
        ),
    };
    let header: [&str; 9] = match lang {
        Lang::Zh => [
            "指标",
            "目标",
            "年份",
            "规定",
            "要求值",
            "观测",
            "进度值",
            "差距",
            "状态",
        ],
        Lang::En => [
            "indicator",
            "target",
            "year",
            "stated",
            "required",
            "observed",
            "on track",
            "gap",
            "status",
        ],
    };
    for category in Category::ALL {
        let indicators: Vec<_> = report
            .indicators
            .iter()
            .filter(|i| i.category == category && !i.targets.is_empty())
            .collect();
        if indicators.is_empty() {
            continue;
        }
        let name = match lang {
            Lang::Zh => category.name_zh(),
            Lang::En => category.name_en(),
        };
        out.push_str(&format!("\n{name}\n"));
        let mut table = Table::new(&header);
        for indicator in indicators {
            let label = match lang {
                Lang::Zh => &indicator.name.zh,
                Lang::En => &indicator.name.en,
            };
            let label = match indicator.number {
                Some(n) => format!("{n}. {label}（{}）", indicator.unit),
                None => format!("· {label}（{}）", indicator.unit),
            };
            for (i, t) in indicator.targets.iter().enumerate() {
                let mut status = t.status.label(lang.core()).to_owned();
                if t.violation {
                    status.push_str(match lang {
                        Lang::Zh => " ⚠约束性",
                        Lang::En => " ⚠binding",
                    });
                } else if t.property == Property::Binding {
                    status.push_str(match lang {
                        Lang::Zh => " (约束性)",
                        Lang::En => " (binding)",
                    });
                }
                table.row(vec![
                    if i == 0 { label.clone() } else { String::new() },
                    t.target_id.clone(),
                    t.year.to_string(),
                    t.stated(lang.core()),
                    t.requirement_text(),
                    t.observed
                        .as_ref()
                        .map(|o| format!("{} ({})", o.value, o.year))
                        .unwrap_or_else(|| "—".to_owned()),
                    t.on_track.clone().unwrap_or_else(|| "—".to_owned()),
                    t.gap
                        .as_deref()
                        .map(signed)
                        .unwrap_or_else(|| "—".to_owned()),
                    status,
                ]);
            }
        }
        out.push_str(&table.render("  "));
    }
    let s = &report.summary;
    out.push('\n');
    out.push_str(&match lang {
        Lang::Zh => format!(
            "共 {} 项目标：已达成 {}，进度正常 {}，略有滞后 {}，明显滞后 {}，未达成 {}，缺少数据 {}；约束性目标未达成 {} 项。\n",
            s.targets, s.met, s.on_track, s.behind, s.off_track, s.missed, s.no_data, s.violations
        ),
        Lang::En => format!(
            "{} targets: met {}, on track {}, behind {}, off track {}, missed {}, no data {}; binding targets missed: {}.\n",
            s.targets, s.met, s.on_track, s.behind, s.off_track, s.missed, s.no_data, s.violations
        ),
    });
    out
}

pub const CSV_HEADER: [&str; 20] = [
    "category",
    "indicator",
    "number",
    "target_id",
    "year",
    "goal",
    "property",
    "comparator",
    "threshold",
    "threshold_unit",
    "required",
    "unit",
    "status",
    "violation",
    "observed_year",
    "observed",
    "on_track",
    "gap",
    "required_annual_growth",
    "required_annual_change",
];

/// One CSV row per target.
pub fn csv_rows(report: &ProgressReport<'_>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for i in &report.indicators {
        for t in &i.targets {
            rows.push(vec![
                i.category.key().to_owned(),
                i.id.clone(),
                i.number.map(|n| n.to_string()).unwrap_or_default(),
                t.target_id.clone(),
                t.year.to_string(),
                t.goal.key().to_owned(),
                t.property.key().to_owned(),
                t.comparator.to_owned(),
                t.threshold.value.clone(),
                t.threshold.unit.clone(),
                t.required.clone().unwrap_or_default(),
                i.unit.clone(),
                t.status.key().to_owned(),
                t.violation.to_string(),
                t.observed
                    .as_ref()
                    .map(|o| o.year.to_string())
                    .unwrap_or_default(),
                t.observed
                    .as_ref()
                    .map(|o| o.value.clone())
                    .unwrap_or_default(),
                t.on_track.clone().unwrap_or_default(),
                t.gap.clone().unwrap_or_default(),
                t.required_annual_growth.clone().unwrap_or_default(),
                t.required_annual_change.clone().unwrap_or_default(),
            ]);
        }
    }
    rows
}
