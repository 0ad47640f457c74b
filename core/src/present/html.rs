//! HTML fragments: a report as a notebook shows it (`_repr_html_`) and as the page's print view
//! can use it. Self-contained (inline styles only, no scripts), escaped, and worded by the same
//! labels and sentences as every other view.

use super::Lang;
use super::text::{signed, with_unit};
use crate::report::{Report, Status, Verdict};
use std::fmt::Write;

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The colour a status is shown in (dark enough for WCAG AA on white). A failed reference
/// point (a target used as a benchmark, a guidance rule) is amber, not the red of a failed
/// admission condition: it does not decide.
fn colour(status: Status, decides: bool) -> &'static str {
    match status {
        Status::Pass => "#1b5e20",
        Status::Fail if decides => "#b71c1c",
        Status::Fail => "#8a4b00",
        Status::NotApplicable | Status::MissingInput => "#455a64",
    }
}

/// A number for people (rounded, `≈` when it was) with the exact value in its tooltip.
fn quantity_cell(
    q: Option<&crate::report::Quantity>,
    shown: impl Fn(&crate::report::Quantity) -> String,
) -> String {
    match q {
        Some(q) => {
            let exact = match &q.unit {
                Some(unit) => format!("{} {unit}", q.value),
                None => q.value.clone(),
            };
            format!(
                r#"<td title="{}">{}</td>"#,
                escape(&exact),
                escape(&shown(q))
            )
        }
        None => "<td></td>".to_owned(),
    }
}

const CELL: &str = "padding:3px 8px;text-align:left";
const ROW: &str = "border-top:1px solid #e0e0e0;vertical-align:top";

impl Report<'_> {
    /// The report as an HTML fragment: the verdict, one table row per rule (result, observed,
    /// condition, margin, the message with its derivation, and the plan's words), and the
    /// rulebook and input fingerprints.
    ///
    /// ```
    /// use shenfu_rules::{Options, Project, Rulebook, present::Lang};
    /// let book = Rulebook::embedded();
    /// let project = Project::from_json_str(r#"{"industry":"数字经济",
    ///   "fixed_asset_investment":{"value":"24000","unit":"万元"},
    ///   "land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#)?;
    /// let html = book.assess(&project, Options::default())?.to_html(Lang::En);
    /// assert!(html.contains("Eligible ✓"));
    /// # Ok::<(), shenfu_rules::Error>(())
    /// ```
    pub fn to_html(&self, lang: Lang) -> String {
        let verdict = super::verdict(self.verdict, lang);
        let head = super::report_headings(lang);
        let mut out = String::from(r#"<div class="shenfu-report">"#);
        let subject = match (&self.subject.name, &self.subject.id) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            (Some(one), None) | (None, Some(one)) => one.clone(),
            (None, None) => String::new(),
        };
        let year = match self.year {
            Some(y) => format!("{} {y}", lang.choose("评估年份", "evaluation year")),
            None => lang.choose("未指定年份", "no evaluation year").to_owned(),
        };
        let _ = write!(
            out,
            r#"<p><b style="color:{}">{}</b> {} · {}</p><table style="border-collapse:collapse" cellpadding="4"><thead><tr>"#,
            colour(
                match self.verdict {
                    Verdict::Eligible => Status::Pass,
                    Verdict::NotEligible => Status::Fail,
                    Verdict::NotSubject => Status::NotApplicable,
                },
                true
            ),
            escape(verdict),
            escape(&subject),
            escape(&year),
        );
        for h in head {
            let _ = write!(out, r#"<th scope="col" style="{CELL}">{h}</th>"#);
        }
        out.push_str("</tr></thead><tbody>");
        for o in &self.outcomes {
            let condition = match (&o.threshold, o.comparator) {
                (Some(t), Some(c)) if t.unit.is_some() => {
                    quantity_cell(Some(t), |t| format!("{c} {}", with_unit(t)))
                }
                _ => "<td></td>".to_owned(),
            };
            let decides = o.property == crate::vocab::Property::Admission;
            let _ = write!(
                out,
                r#"<tr style="{ROW}"><th scope="row"><code>{}</code></th><td>{}</td><td><b style="color:{}">{}</b></td>{}{}{}<td>{}"#,
                escape(o.rule_id),
                escape(o.property.label(lang)),
                colour(o.status, decides),
                escape(o.status.label(lang)),
                quantity_cell(o.observed.as_ref(), with_unit),
                condition,
                quantity_cell(o.margin.as_ref(), signed),
                escape(lang.pick(&o.message)),
            );
            if let Some(derivation) = &o.derivation {
                let _ = write!(out, "<br><small>{}</small>", escape(derivation));
            }
            if let Some(conditions) = o.to_pass.as_deref().filter(|c| !c.is_empty()) {
                let _ = write!(
                    out,
                    "<br><b>{}</b>",
                    escape(&super::to_pass_sentence(conditions, lang))
                );
            }
            if let Some(sentence) = super::alternative_sentence(o, lang) {
                let _ = write!(out, "<br><i>{}</i>", escape(&sentence));
            }
            let _ = write!(
                out,
                r#"<br><small title="{}">「{}」</small></td></tr>"#,
                escape(&o.citation.section),
                escape(&o.citation.quote)
            );
        }
        out.push_str("</tbody></table>");
        for a in &self.assumptions {
            let _ = write!(
                out,
                "<p><small>{}</small></p>",
                escape(lang.pick(&a.message))
            );
        }
        let short = |hash: &str| escape(hash.get(..12).unwrap_or(hash));
        let _ = write!(
            out,
            "<small>{} {} · sha256 {} · {} {}</small></div>",
            escape(self.rulebook.id),
            escape(self.rulebook.version),
            short(self.rulebook.sha256),
            lang.choose("输入", "input"),
            short(&self.input_sha256),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Project, Rulebook};

    #[test]
    fn a_report_in_html_has_every_outcome_escaped_and_the_same_words_as_the_text_view() {
        let book = Rulebook::embedded();
        let project = Project::from_json_str(
            r#"{"name":"<script>","industry":"其他","fixed_asset_investment":"1",
                "land_area":"1","annual_tax":"1"}"#,
        )
        .unwrap();
        let report = book.assess(&project, Options::default()).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let html = report.to_html(lang);
            assert!(!html.contains("<script>"));
            assert!(html.contains(super::super::verdict(crate::Verdict::NotEligible, lang)));
            for o in &report.outcomes {
                assert!(html.contains(&format!("<code>{}</code>", o.rule_id)));
                assert!(html.contains(&escape(lang.pick(&o.message))));
            }
            let text = crate::present::text::report(Some(1), "x", &report, book, lang);
            assert!(text.contains(super::super::verdict(crate::Verdict::NotEligible, lang)));
        }
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }

    /// A failing condition says what would pass; a boundary one, the verdict under the other
    /// reading — the same sentences as the text view and the page.
    #[test]
    fn a_report_in_html_says_what_would_pass_and_the_other_reading() {
        let book = Rulebook::embedded();
        let project = Project::from_json_str(
            r#"{"industry":"智能制造","fixed_asset_investment":{"value":"18000","unit":"万元"},
                "land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"3000","unit":"万元"}}"#,
        )
        .unwrap();
        let report = book.assess(&project, Options::default()).unwrap();
        let html = report.to_html(Lang::Zh);
        assert!(
            html.contains(
                "满足其一即可通过：固定资产投资总额超过 18000 万元；或用地面积小于 60 亩"
            )
        );
        assert!(html.contains("按另一种解读（超）结果为：通过"));
        let text = crate::present::text::report(None, "x", &report, book, Lang::En);
        assert!(text.contains("It would pass with either: Total fixed-asset investment more than 18000 万元; or Land area less than 60 亩"), "{text}");
        assert!(
            text.contains("Under the other reading (超) it would be: pass"),
            "{text}"
        );
    }

    /// The notebook view (issue 16): who and which year, what decides (red) against what is
    /// only a reference point (amber), rounded numbers with the exact value in the tooltip.
    #[test]
    fn a_report_in_html_says_who_what_decides_and_the_exact_values() {
        // The R&D reference points are assessed under `benchmark.enterprise_share`'s
        // alternative only.
        let book = &Rulebook::embedded()
            .under(&["benchmark.enterprise_share"])
            .unwrap();
        let project = Project::from_json_str(
            r#"{"id":"P-7","name":"试点项目","industry":"智能制造",
                "fixed_asset_investment":{"value":"20000","unit":"万元"},
                "land_area":{"value":"60","unit":"亩"},"annual_tax":{"value":"1000","unit":"万元"},
                "rd_expenditure":{"value":"1","unit":"万元"},"revenue":{"value":"1000","unit":"万元"}}"#,
        )
        .unwrap();
        let report = book.assess(&project, Options::year(2024)).unwrap();
        let html = report.to_html(Lang::Zh);
        assert!(html.contains("试点项目 (P-7) · 评估年份 2024"));
        // 20000 ÷ 60 = 333.33…: shown rounded, exact in the tooltip.
        assert!(
            html.contains(r#"title="333.33333333333333333333333333 万元/亩">≈333.3333 万元/亩<"#)
        );
        // The tax condition fails (16.67 < 40): red; the R&D reference fails: amber.
        let row = |id: &str| {
            html.split(&format!("<code>{id}</code>"))
                .nth(1)
                .unwrap()
                .to_owned()
        };
        assert!(row("admission.tax_per_mu").contains(r#"<b style="color:#b71c1c">未通过"#));
        let rd = book
            .project_rules()
            .find(|r| {
                r.id.starts_with("benchmark.") && r.in_force.0 <= 2024 && 2024 <= r.in_force.1
            })
            .unwrap();
        assert!(
            row(&rd.id).contains(r#"<b style="color:#8a4b00">未通过"#),
            "{}",
            row(&rd.id)
        );
        assert!(row("admission.tax_per_mu").contains("基本约束性条件"));
    }
}
