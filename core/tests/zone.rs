//! The zone part of the rulebook against the plan text, the plan's self-contradictions, and the
//! progress fixtures in `fixtures/indicators/` (hand-worked expectations + canonical snapshots;
//! `SHENFU_BLESS=1` rewrites the snapshots).
#![cfg(test)]

use serde_json::Value;
use shenfu_rules::Rulebook;
use shenfu_rules::error::Location;
use shenfu_rules::table::ObservationTable;
use shenfu_rules::zone::{ConflictKind, Observations, Source};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures")).to_path_buf()
}

fn plan_text() -> String {
    std::fs::read_to_string(fixtures().join("plan/shenfu-14th-five-year-plan.txt")).unwrap()
}

/// The plan as text with the line breaks that the PDF conversion put inside sentences (at page
/// ends) removed; tab-separated table rows keep their tabs.
fn plan_joined() -> String {
    plan_text().replace('\n', "")
}

#[test]
fn every_target_quote_occurs_verbatim_in_the_plan() {
    let plan = plan_joined();
    let book = Rulebook::embedded();
    assert!(book.targets().len() > 140, "{}", book.targets().len());
    for target in book.targets() {
        let quote = &target.citation.quote;
        assert!(!quote.contains('\n'), "{}: a quote is one line", target.id);
        assert!(
            plan.contains(quote.as_str()),
            "{}: {quote:?} not in the plan",
            target.id
        );
        assert!(quote.contains(&target.wording) || target.wording == "表列目标值");
    }
}

/// Numbers the plan writes in words; the test keeps its own list.
fn reads_as(quote: &str, value: &str) -> bool {
    [("千亿", "1000"), ("五百亿", "500"), ("翻两番", "4")]
        .iter()
        .any(|(words, number)| quote.contains(words) && *number == value)
}

#[test]
fn every_prose_threshold_occurs_in_its_quote() {
    let book = Rulebook::embedded();
    for target in book.targets().iter().filter(|t| t.source == Source::Prose) {
        let value = shenfu_rules::number::canonical(target.threshold);
        let quote = &target.citation.quote;
        assert!(
            quote.contains(&value) || reads_as(quote, &value),
            "{}: {value} not in {quote:?}",
            target.id
        );
    }
}

/// The appendix table read straight from the plan text: number → (2020, 2022, 2025, 2035,
/// property) cells.
fn plan_table() -> BTreeMap<u8, Vec<String>> {
    let mut rows = BTreeMap::new();
    for line in plan_text().lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 7 {
            continue;
        }
        let Some((number, _)) = cells[1].split_once('.') else {
            continue;
        };
        if let Ok(n) = number.parse::<u8>() {
            rows.insert(n, cells[2..7].iter().map(|c| (*c).to_owned()).collect());
        }
    }
    rows
}

#[test]
fn the_appendix_table_is_encoded_cell_for_cell() {
    let book = Rulebook::embedded();
    let table = plan_table();
    assert_eq!(table.len(), 34);
    let numbered: BTreeSet<u8> = book.indicators().iter().filter_map(|i| i.number).collect();
    assert_eq!(numbered, (1..=34).collect());
    for indicator in book.indicators() {
        let Some(n) = indicator.number else { continue };
        let cells = &table[&n];
        let strip = |c: &str| c.trim_start_matches(['≥', '≤']).to_owned();
        let baseline = indicator.baseline.map(|b| b.to_string());
        assert_eq!(
            baseline.as_deref().map(|b| b.parse::<f64>().unwrap()),
            (cells[0] != "—").then(|| cells[0].parse::<f64>().unwrap()),
            "row {n} baseline"
        );
        for (year, cell) in [(2022, &cells[1]), (2025, &cells[2]), (2035, &cells[3])] {
            let target = book.target(&format!("indicator.{}.{year}", indicator.id));
            match (cell.as_str(), target) {
                ("—", None) => {}
                ("—", Some(t)) => panic!("{}: the table has no value", t.id),
                (_, None) => panic!("row {n} {year}: not encoded"),
                (c, Some(t)) => {
                    assert_eq!(t.threshold, strip(c).parse().unwrap(), "row {n} {year}");
                    let symbol = t.relation.symbol();
                    let expected = if c.starts_with('≤') { "<=" } else { ">=" };
                    assert_eq!(symbol, expected, "row {n} {year}");
                }
            }
        }
        let property = indicator.property.unwrap().name_zh();
        assert_eq!(property, cells[4], "row {n} property");
    }
}

#[test]
fn the_plans_disagreements_are_listed() {
    let book = Rulebook::embedded();
    let found: BTreeSet<(String, String, &str)> = book
        .conflicts()
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ConflictKind::Substantive => "substantive",
                ConflictKind::Boundary => "boundary",
                ConflictKind::FloorMet => "floor_met",
                ConflictKind::Undetermined => "undetermined",
                ConflictKind::CrossIndicator => "cross_indicator",
            };
            (c.first.id.clone(), c.second.id.clone(), kind)
        })
        .collect();
    // Worked out by reading the plan: same indicator, same year, different requirement.
    let expected: BTreeSet<(String, String, &str)> = [
        ("indicator.gdp.2022", "target.gdp.2022.growth", "floor_met"), // 135 meets 75×1.3²=126.75
        (
            "indicator.industrial_output.2022",
            "target.industrial_output.2022.growth",
            "floor_met",
        ), // 280 vs 202.40
        (
            "indicator.budget_revenue.2022",
            "target.budget_revenue.2022.growth",
            "substantive",
        ), // 25.4 vs 26.58
        // Not budget revenue 2025: the table's 55.7 is 28.8 %/yr from 15.73, inside 30%左右's
        // band of ±5 % (28.5–31.5 %); under the ±1-point reading it is below 29 % (56.19).
        (
            "indicator.disposable_income.2022",
            "target.disposable_income.2022.growth",
            "undetermined",
        ),
        (
            "indicator.disposable_income.2025",
            "target.disposable_income.2025.growth",
            "undetermined",
        ), // 4.0 in 2025 agrees if the 2020 value was below 1.0773
        (
            "indicator.rd_intensity.2022",
            "target.rd_intensity.2022.guidance",
            "floor_met",
        ), // 2.8 vs 超 2.5
        (
            "indicator.rd_intensity.2025",
            "target.rd_intensity.2025",
            "boundary",
        ), // 4.5 vs 突破 4.5
        (
            "indicator.high_tech_enterprises.2025",
            "target.high_tech_enterprises.2025",
            "boundary",
        ),
        (
            "indicator.headquarters.2025",
            "target.headquarters.2025",
            "boundary",
        ), // 100 vs 突破100
        (
            "indicator.foreign_trade.2022",
            "target.foreign_trade.2022.growth",
            "floor_met",
        ), // 6 vs 5.9184
        // Not 外贸 2025: 4.11 × 1.2⁵ = 10.227 and the table's 10 agree within the cell's printed
        // precision (±0.5 亿元).
        (
            "indicator.high_tech_output_share.2022",
            "target.high_tech_output_share.2022.guidance",
            "boundary",
        ),
        (
            "target.high_tech_output_share.2022.guidance",
            "target.high_tech_output_share.2022",
            "boundary",
        ),
        (
            "indicator.public_safety.2025",
            "target.public_safety.2025",
            "substantive",
        ), // 90 vs 95
        (
            "indicator.energy_intensity_reduction.2025",
            "target.energy_intensity_reduction.2025.annual",
            "floor_met",
        ), // 50 vs 1−0.91⁵
        (
            "indicator.budget_revenue.2025",
            "target.budget_revenue.2025.growth",
            "floor_met",
        ), // 55.7 inside 30%左右's band from 15.73: at least 15.73 × 1.285⁵ ≈ 55.1118
        // Value added against GDP, each year: services plus output × the manufacturing
        // value-added rate — 46 + 280 × 35 % = 144 > 135; 110 + 700 × 40 % = 390 > 300;
        // 300 + 4000 × 50 % = 2300 > 1500.
        (
            "indicator.gdp.2022",
            "indicator.services_value_added.2022",
            "cross_indicator",
        ),
        (
            "indicator.gdp.2025",
            "indicator.services_value_added.2025",
            "cross_indicator",
        ),
        (
            "indicator.gdp.2035",
            "indicator.services_value_added.2035",
            "cross_indicator",
        ),
        // The three manufacturing clusters of 2025: 500 × 3 = 1500 亿元 against the table's 700.
        (
            "indicator.industrial_output.2025",
            "target.cluster_output.it_application_equipment.2025",
            "cross_indicator",
        ),
        (
            "indicator.green_travel_share.2025",
            "target.green_travel_share.2025",
            "substantive",
        ), // 60 vs 75
    ]
    .into_iter()
    .map(|(a, b, k)| (a.to_owned(), b.to_owned(), k))
    .collect();
    assert_eq!(found, expected);
    let rd = book
        .conflicts()
        .into_iter()
        .find(|c| c.second.id == "target.rd_intensity.2025")
        .unwrap();
    // 「力争突破 4.5%」 asks more, but as an aspiration: never the stricter side.
    assert!(rd.first.aspiration || rd.second.aspiration);
    assert!(rd.stricter.is_none());
    // Each boundary conflict exists only under the rulebook's reading of its word (突破, 超):
    // worked out by hand, the inclusive reading makes both targets ask >= the same number.
    let dissolved: BTreeSet<(String, Vec<String>)> = book
        .conflicts()
        .iter()
        .filter(|c| !c.dissolved_by.is_empty())
        .map(|c| (c.second.id.clone(), c.dissolved_by.clone()))
        .collect();
    let by = |id: &str, r: &str| (id.to_owned(), vec![r.to_owned()]);
    assert_eq!(
        dissolved,
        [
            by("target.rd_intensity.2025", "wording.tupo"),
            by("target.high_tech_enterprises.2025", "wording.tupo"),
            by("target.headquarters.2025", "wording.tupo"),
            by(
                "target.high_tech_output_share.2022.guidance",
                "wording.chao"
            ),
            by("target.high_tech_output_share.2022", "wording.chao"),
        ]
        .into_iter()
        .collect()
    );
    // The income 2025 pair is undetermined: 「年均增幅超过30%」 averages 2020–2025, and the
    // table's 4.0 万元 in 2025 meets it exactly when the 2020 value was below 4 ÷ 1.3⁵ =
    // 4 ÷ 3.71293 ≈ 1.0773 万元 (the 2022–2025 cells alone decide nothing).
    let income = book
        .conflicts()
        .into_iter()
        .find(|c| c.second.id == "target.disposable_income.2025.growth")
        .unwrap();
    assert!(
        income.kind == ConflictKind::Undetermined
            && income.explanation.en.contains("below about 1.0773 万元"),
        "{}",
        income.explanation.en
    );
    // Only substantive, boundary and cross-indicator ones are disagreements: 3 + 5 + 4 of 20.
    assert_eq!(
        book.conflicts()
            .iter()
            .filter(|c| c.kind.is_disagreement())
            .count(),
        12
    );
    let cross = |id: &str| {
        book.conflicts()
            .into_iter()
            .find(|c| c.kind == ConflictKind::CrossIndicator && c.first.id == id)
            .unwrap()
    };
    // 2025's value added: 110 + 700 × 40 % = 390 against GDP's 300; the parts are the three
    // targets read (services, output, the rate).
    let value_added = cross("indicator.gdp.2025");
    assert_eq!(value_added.parts.len(), 3);
    assert_eq!(
        value_added.second_requires.unwrap().value,
        rust_decimal::Decimal::from(390)
    );
    assert!(
        value_added.explanation.en.contains(
            "indicator.industrial_output.2025 × indicator.manufacturing_value_added_rate.2025"
        ),
        "{}",
        value_added.explanation.en
    );
    let clusters = cross("indicator.industrial_output.2025");
    assert_eq!(clusters.parts.len(), 3);
    assert_eq!(
        clusters.second_requires.unwrap().value,
        rust_decimal::Decimal::from(1500)
    );
    assert!(
        clusters
            .explanation
            .en
            .contains("the plan's expected values do not match"),
        "{}",
        clusters.explanation.en
    );
    assert_eq!(
        clusters.first_requires.unwrap().value,
        rust_decimal::Decimal::from(700)
    );
}

fn read_observations(book: &Rulebook, path: &Path) -> shenfu_rules::Result<Observations> {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        return Observations::from_json_str(book, &text);
    }
    // A minimal CSV reader for these fixtures (no quoting in them): the CLI uses the csv crate;
    // both hand the cells to the core's table reader.
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |line: usize| move |e: shenfu_rules::Error| e.located(Location { line, column: 1 });
    let table = ObservationTable::new(&header).map_err(at(1))?;
    let mut set = Observations::default();
    for (i, line) in lines.enumerate() {
        let cells = line.split(',').map(|c| Some(shenfu_rules::Cell::Text(c)));
        table.add(book, &mut set, cells).map_err(at(i + 2))?;
    }
    Ok(set)
}

fn observation_file(dir: &Path) -> PathBuf {
    ["observations.csv", "observations.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .unwrap()
}

#[test]
fn progress_cases_match_their_hand_worked_expectations_and_snapshots() {
    let book = Rulebook::embedded();
    let bless = std::env::var_os("SHENFU_BLESS").is_some();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("indicators/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 2);
    for dir in dirs {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        let year = u16::try_from(case["year"].as_u64().unwrap()).unwrap();
        let observations = read_observations(book, &observation_file(&dir)).unwrap();
        let report = book.progress(&observations, year).unwrap();
        let json = report.to_canonical_json();
        let value: Value = serde_json::from_str(&json).unwrap();
        for (key, expected) in case["expect"]["summary"].as_object().unwrap() {
            assert_eq!(
                &value["summary"][key],
                expected,
                "{}: summary.{key}",
                dir.display()
            );
        }
        if let Some(indicators) = case["expect"].get("indicators") {
            for (id, expected) in indicators.as_object().unwrap() {
                let actual = serde_json::to_value(report.indicator(id).unwrap()).unwrap();
                for (key, want) in expected.as_object().unwrap() {
                    assert_eq!(&actual[key], want, "{}: {id}.{key}", dir.display());
                }
            }
        }
        for (id, expected) in case["expect"]["targets"].as_object().unwrap() {
            let t = report
                .target(id)
                .unwrap_or_else(|| panic!("{}: no target {id}", dir.display()));
            let actual = serde_json::to_value(t).unwrap();
            for (key, want) in expected.as_object().unwrap() {
                if key == "why" {
                    continue;
                }
                assert_eq!(&actual[key], want, "{}: {id}.{key}", dir.display());
            }
        }
        let snapshot = dir.join("report.json");
        if bless {
            std::fs::write(&snapshot, format!("{json}\n")).unwrap();
        }
        let stored = std::fs::read_to_string(&snapshot).unwrap();
        assert_eq!(
            stored.trim_end(),
            json,
            "{}: snapshot differs",
            dir.display()
        );
    }
}

#[test]
fn bad_observations_name_the_row_and_field() {
    let book = Rulebook::embedded();
    let dir = fixtures().join("indicators/bad");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    let files = std::fs::read_dir(&dir).unwrap().count() - 1;
    assert_eq!(files, expected.len(), "every bad file has an expectation");
    for (file, want) in expected {
        let error = read_observations(book, &dir.join(file)).unwrap_err();
        assert_eq!(error.code(), want["code"], "{file}: {error}");
        assert_eq!(
            error.field.as_deref(),
            want["field"].as_str(),
            "{file}: {error}"
        );
        assert_eq!(
            error.location.map(|l| l.line as u64),
            want["line"].as_u64(),
            "{file}: {error}"
        );
    }
}

#[test]
fn the_chart_is_well_formed_and_marks_what_it_should() {
    let book = Rulebook::embedded();
    let dir = fixtures().join("indicators/cases/2023-mixed");
    let observations = read_observations(book, &observation_file(&dir)).unwrap();
    let report = book.progress(&observations, 2023).unwrap();
    let svg = report.to_svg(shenfu_rules::present::Lang::Zh);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // Balanced elements: every opened <text>, <g>, <rect …>…</rect> closes.
    for tag in ["text", "g", "title"] {
        let open =
            svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
        assert_eq!(open, svg.matches(&format!("</{tag}>")).count(), "<{tag}>");
    }
    // One row per indicator with targets, binding ones marked, statuses coloured.
    // Rows 25–30 and 32–34 are 约束性, and the legend names the mark.
    assert_eq!(svg.matches("约束性指标").count(), 10);
    // The legend names every mark (issue 24): a missed target's red tick, the binding marker, ⚠.
    for mark in [
        "已到期未达成的目标",
        "约束性目标未达成",
        "2020 基数",
        "进度值",
    ] {
        assert!(svg.contains(mark), "{mark}");
    }
    // Earlier misses stay in the picture under the headline status: unemployment 2022 (3.2 >
    // 3.0, binding: ⚠) beside its 2025 target met early; budget revenue 2022 (24 < 25.4).
    assert!(svg.contains(">⚠2022 未达成</text>"));
    assert!(svg.contains(">2022 未达成</text>"));
    assert!(
        report
            .to_svg(shenfu_rules::present::Lang::En)
            .contains(">⚠2022 missed</text>")
    );
    assert!(svg.contains("2025 进度正常"));
    assert!(svg.contains("2025 明显滞后"));
    assert!(svg.contains("2025 略有滞后"));
    assert!(svg.contains("地区生产总值"));
    // The English chart is English throughout: names, units, statuses (issue 16) — no Han
    // character outside the plan's own quotes, which the chart does not draw.
    let en = report.to_svg(shenfu_rules::present::Lang::En);
    let han: String = en
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || *c == '（' || *c == '）')
        .collect();
    assert!(han.is_empty(), "Chinese in the English chart: {han}");
    assert!(en.contains("1. Gross regional product (100m yuan)"), "{en}");
}

/// Every `<text>` of a chart as a box (x0, y0, x1, y1), its width estimated from its characters
/// (a Han or full-width character one em, anything else 0.6 em — generous for digits and Latin).
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        rest = &rest[start..];
        let head_end = rest.find('>').unwrap();
        let head = &rest[..head_end];
        let body_end = rest.find("</text>").unwrap();
        let body = rest[head_end + 1..body_end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
        let attr = |name: &str| -> Option<&str> {
            let key = format!(" {name}=\"");
            let at = head.find(&key)? + key.len();
            Some(&head[at..at + head[at..].find('"')?])
        };
        let size: f64 = attr("font-size").map_or(12.0, |s| s.parse().unwrap());
        let x: f64 = attr("x").unwrap().parse().unwrap();
        let y: f64 = attr("y").unwrap().parse().unwrap();
        let width: f64 = body
            .chars()
            .map(|c| {
                if (c as u32) >= 0x2e80 {
                    size
                } else {
                    0.6 * size
                }
            })
            .sum();
        let x0 = match attr("text-anchor") {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        boxes.push((x0, y - 0.8 * size, x0 + width, y + 0.2 * size, body));
        rest = &rest[body_end..];
    }
    boxes
}

/// No two labels of the picture overlap (issue 16: `22` + `22` drew `2222`; a far target's
/// note ran into the next row), in either language, with every indicator observed.
#[test]
fn no_two_labels_of_the_chart_overlap() {
    let book = Rulebook::embedded();
    for case in [
        "2023-mixed",
        "2022-readings",
        "2025-high-tech-200",
        "2022-observed-baseline-set-aside",
    ] {
        let dir = fixtures().join("indicators/cases").join(case);
        let observations = read_observations(book, &observation_file(&dir)).unwrap();
        let year = match case {
            "2022-readings" | "2022-observed-baseline-set-aside" => 2022,
            "2025-high-tech-200" => 2025,
            _ => 2023,
        };
        let report = book.progress(&observations, year).unwrap();
        for lang in [
            shenfu_rules::present::Lang::Zh,
            shenfu_rules::present::Lang::En,
        ] {
            let boxes = text_boxes(&report.to_svg(lang));
            assert!(boxes.len() > 50, "{case}: {} labels", boxes.len());
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let overlap =
                        a.0 < b.2 - 0.5 && b.0 < a.2 - 0.5 && a.1 < b.3 - 0.5 && b.1 < a.3 - 0.5;
                    assert!(
                        !overlap,
                        "{case} {lang:?}: «{}» overlaps «{}» ({a:?} / {b:?})",
                        a.4, b.4
                    );
                }
            }
        }
    }
}

/// Issue 24: an observed 2020 value the plan's replaced is said in every view — the JSON's
/// `baseline.observed_set_aside`, the text table and the chart's note — in the core's words.
#[test]
fn a_set_aside_baseline_is_said_in_every_view() {
    use shenfu_rules::present::Lang;
    let book = Rulebook::embedded();
    let dir = fixtures().join("indicators/cases/2022-observed-baseline-set-aside");
    let report = book
        .progress(
            &read_observations(book, &observation_file(&dir)).unwrap(),
            2022,
        )
        .unwrap();
    let zh = "地区生产总值：观测的 2020 年值 80 亿元未采用，进度路径和增速目标以规划表列的 2020 年值 75 亿元为基数。";
    let en = "Gross regional product: the observed 2020 value 80 亿元 was set aside; paths and growth targets measure from the plan's 2020 value 75 亿元.";
    assert_eq!(
        shenfu_rules::present::text::baseline_notes(&report, Lang::Zh),
        [zh]
    );
    assert_eq!(
        shenfu_rules::present::text::baseline_notes(&report, Lang::En),
        [en]
    );
    assert!(
        shenfu_rules::present::text::progress(&report, Lang::Zh).contains(&format!("⚠ {zh}\n"))
    );
    assert!(report.to_svg(Lang::Zh).contains(&format!("⚠ {zh}")));
    // The English chart names the unit in English, as its rows do.
    assert!(
        report.to_svg(Lang::En).contains(
            "⚠ Gross regional product: the observed 2020 value 80 100m yuan was set aside"
        )
    );
    // The table (CSV rows, Python's frames): every GDP target measured from 2020 names the 80
    // set aside; no other indicator's does.
    let columns = shenfu_rules::present::progress_rows::columns();
    let at = columns
        .iter()
        .position(|c| c.name == "baseline_set_aside")
        .unwrap();
    let rows = report.rows();
    let set_aside: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|r| (r[3].text().unwrap_or_default(), r[at].text()))
        .filter(|(_, v)| v.is_some())
        .collect();
    assert!(!set_aside.is_empty());
    assert!(
        set_aside
            .iter()
            .all(|(id, v)| id.contains(".gdp.") && v.as_deref() == Some("80"))
    );
    assert!(
        set_aside
            .iter()
            .any(|(id, _)| id == "target.gdp.2022.growth")
    );
    // The same 2020 value as the plan's (75.00 亿元 = 75) sets nothing aside.
    let dir = fixtures().join("indicators/cases/plan-baseline-2020");
    let same = book
        .progress(
            &read_observations(book, &observation_file(&dir)).unwrap(),
            2020,
        )
        .unwrap();
    assert!(shenfu_rules::present::text::baseline_notes(&same, Lang::Zh).is_empty());
    assert!(!same.to_svg(Lang::Zh).contains('⚠'));
}
