//! HTML fragments: a report as a notebook shows it (`_repr_html_`) and as the page's print view
//! can use it. Self-contained (inline styles only, no scripts), escaped, and worded by the same
//! labels and sentences as every other view.

use super::Lang;
use super::text::{signed, with_unit};
use crate::report::{Report, Status};
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

/// The colour a status is shown in (dark enough for WCAG AA on white).
fn colour(status: Status) -> &'static str {
    match status {
        Status::Pass => "#1b5e20",
        Status::Fail => "#b71c1c",
        Status::NotApplicable | Status::MissingInput => "#455a64",
    }
}

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
        let verdict = super::verdict(self.eligible, lang);
        let head = lang.choose(
            &["规则", "结果", "实际值", "门槛", "差额", "说明"],
            &[
                "rule",
                "result",
                "observed",
                "threshold",
                "margin",
                "message",
            ],
        );
        let mut out = String::from(r#"<div class="shenfu-report">"#);
        let _ = write!(
            out,
            r#"<p><b style="color:{}">{}</b></p><table><thead><tr>"#,
            colour(if self.eligible {
                Status::Pass
            } else {
                Status::Fail
            }),
            escape(verdict)
        );
        for h in head {
            let _ = write!(out, r#"<th scope="col">{h}</th>"#);
        }
        out.push_str("</tr></thead><tbody>");
        for o in &self.outcomes {
            let condition = match (&o.threshold, o.comparator) {
                (Some(t), Some(c)) if t.unit.is_some() => format!("{c} {}", with_unit(t)),
                _ => String::new(),
            };
            let _ = write!(
                out,
                r#"<tr><th scope="row"><code>{}</code></th><td><b style="color:{}">{}</b></td><td>{}</td><td>{}</td><td>{}</td><td>{}"#,
                escape(o.rule_id),
                colour(o.status),
                escape(o.status.label(lang)),
                escape(&o.observed.as_ref().map(with_unit).unwrap_or_default()),
                escape(&condition),
                escape(&o.margin.as_ref().map(signed).unwrap_or_default()),
                escape(lang.pick(&o.message)),
            );
            if let Some(derivation) = &o.derivation {
                let _ = write!(out, "<br><small>{}</small>", escape(derivation));
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
    #![allow(clippy::unwrap_used)]
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
            assert!(html.contains(super::super::verdict(false, lang)));
            for o in &report.outcomes {
                assert!(html.contains(&format!("<code>{}</code>", o.rule_id)));
                assert!(html.contains(&escape(lang.pick(&o.message))));
            }
            let text = crate::present::text::report(Some(1), "x", &report, book, lang);
            assert!(text.contains(super::super::verdict(false, lang)));
        }
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
