//! Comparators and the Chinese wording they come from.
//!
//! PRC Civil Code art. 1259: 「民法所称的“以上”、“以下”、“以内”、“届满”，包括本数；所称的“不满”、
//! “超过”、“以外”，不包括本数。」 So a threshold written 超 300 万元 is `> 300`: exactly 300 does
//! not pass. Every rule keeps its wording next to its comparator and the rulebook refuses a pair
//! that disagrees.

use std::cmp::Ordering;

/// How an observed value must stand to a threshold, read from the plan's wording by Civil Code art.
/// 1259.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// 超、超过、突破、高于 — the stated number is excluded.
    Gt,
    /// 以上、达到、不低于 — the stated number is included.
    Ge,
    /// 以下、以内、不超过 — the stated number is included.
    Le,
    /// 不满、低于 — the stated number is excluded.
    Lt,
}

/// The marker for a bare number in the appendix table (e.g. `2.8` for 2022): a level to reach,
/// read as 达到 (`>=`). It is the only wording that need not occur in the quote itself.
pub const TABLE_VALUE: &str = "表列目标值";

/// Wording → comparator. Exact words, not substrings: 不超过 is not 超过.
const WORDING: &[(&str, Comparator)] = &[
    ("超", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("突破", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("以上", Comparator::Ge),
    ("达到", Comparator::Ge),
    ("达", Comparator::Ge),
    ("不低于", Comparator::Ge),
    // Verbs of reaching before a bare number (培育 50 家, 建设 7 个, 新增 200 万平方米, 实现千亿
    // 产值, 形成千亿级集群, 完成 51 处规划, 翻两番): the number is a level to reach, and reaching it
    // is enough.
    ("培育", Comparator::Ge),
    ("建设", Comparator::Ge),
    ("新增", Comparator::Ge),
    ("实现", Comparator::Ge),
    ("形成", Comparator::Ge),
    ("完成", Comparator::Ge),
    ("翻两番", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("≥", Comparator::Ge),
    (TABLE_VALUE, Comparator::Ge),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("不超过", Comparator::Le),
    ("≤", Comparator::Le),
    ("不满", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
];

impl Comparator {
    /// The comparator its symbol names (`>`, `>=`, `<=`, `<`), as rulebooks and reports write it.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            ">" => Self::Gt,
            ">=" => Self::Ge,
            "<=" => Self::Le,
            "<" => Self::Lt,
            _ => return None,
        })
    }

    /// The comparator a wording means, if the wording is known.
    pub fn of_wording(wording: &str) -> Option<Self> {
        WORDING.iter().find(|(w, _)| *w == wording).map(|&(_, c)| c)
    }

    /// Every wording the engine knows, for error messages and docs.
    pub fn known_wordings() -> impl Iterator<Item = (&'static str, Comparator)> {
        WORDING.iter().copied()
    }

    /// The symbol rulebooks and reports write (`>`, `>=`, `<=`, `<`).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Le => "<=",
            Self::Lt => "<",
        }
    }

    /// Whether `observed ⋚ threshold`, given as `observed.cmp(threshold)`, satisfies this.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Self::Gt => ordering == Ordering::Greater,
            Self::Ge => ordering != Ordering::Less,
            Self::Le => ordering != Ordering::Greater,
            Self::Lt => ordering == Ordering::Less,
        }
    }

    /// "超过" / "未超过" and the like, for messages.
    pub fn phrase_zh(self, met: bool) -> &'static str {
        match (self, met) {
            (Self::Gt, true) => "超过",
            (Self::Gt, false) => "未超过",
            (Self::Ge, true) => "达到",
            (Self::Ge, false) => "未达到",
            (Self::Le, true) => "不超过",
            (Self::Le, false) => "超过",
            (Self::Lt, true) => "低于",
            (Self::Lt, false) => "不低于",
        }
    }

    /// "exceeds" / "does not exceed" and the like, for messages.
    pub fn phrase_en(self, met: bool) -> &'static str {
        match (self, met) {
            (Self::Gt, true) => "exceeds",
            (Self::Gt, false) => "does not exceed",
            (Self::Ge, true) => "reaches",
            (Self::Ge, false) => "falls short of",
            (Self::Le, true) => "stays within",
            (Self::Le, false) => "exceeds",
            (Self::Lt, true) => "is below",
            (Self::Lt, false) => "is not below",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_code_1259_inclusion_is_kept() {
        // 以上/以下/以内 include the number; 超过/不满 exclude it.
        assert!(Comparator::of_wording("以上").is_some_and(|c| c.holds(Ordering::Equal)));
        assert!(Comparator::of_wording("以下").is_some_and(|c| c.holds(Ordering::Equal)));
        assert!(Comparator::of_wording("以内").is_some_and(|c| c.holds(Ordering::Equal)));
        assert!(Comparator::of_wording("超过").is_some_and(|c| !c.holds(Ordering::Equal)));
        assert!(Comparator::of_wording("不满").is_some_and(|c| !c.holds(Ordering::Equal)));
        assert_eq!(Comparator::of_wording("不超过"), Some(Comparator::Le));
        assert_eq!(Comparator::of_wording("左右"), None);
    }

    #[test]
    fn symbols_round_trip() {
        for c in [
            Comparator::Gt,
            Comparator::Ge,
            Comparator::Le,
            Comparator::Lt,
        ] {
            assert_eq!(Comparator::parse(c.symbol()), Some(c));
        }
    }
}
