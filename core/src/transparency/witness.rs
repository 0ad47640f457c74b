//! What a witness decides: the log's new signed checkpoint against the last one it kept, by a
//! consistency proof (RFC 9162 §2.1.4) — never by trusting the log. A log that shrank, or whose
//! new root does not extend the old one, was rewritten; the witness keeps its evidence and says so.

use super::checkpoint::Checkpoint;
use super::merkle::{Hash, verify_consistency};
use crate::vocab::Text;
use serde::Serialize;

/// The witness's conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Witnessed {
    /// The new checkpoint extends the last one kept (or is the first): keep it.
    pub consistent: bool,
    /// `first`, `unchanged`, `extended`, `shrank`, `forked`, `other_origin`.
    pub code: &'static str,
    /// The size of the last checkpoint kept; `null` when none was kept.
    pub old_size: Option<u64>,
    /// The size of the new checkpoint.
    pub new_size: u64,
    /// The conclusion in a sentence, in both languages.
    pub message: Text,
}

/// Does `new` extend `last` (both already signature-checked), by `proof`?
pub fn check(last: Option<&Checkpoint>, new: &Checkpoint, proof: &[Hash]) -> Witnessed {
    let n = new.size;
    let done = |consistent, code, zh: String, en: String| Witnessed {
        consistent,
        code,
        old_size: last.map(|l| l.size),
        new_size: n,
        message: Text { zh, en },
    };
    let Some(last) = last else {
        return done(
            true,
            "first",
            format!("首个检查点：{} 条，已保存", n),
            format!("first checkpoint: {n} rows, kept"),
        );
    };
    let m = last.size;
    if last.origin != new.origin {
        return done(
            false,
            "other_origin",
            format!(
                "新检查点来自另一日志（{}，而非 {}）",
                new.origin, last.origin
            ),
            format!(
                "the new checkpoint is another log's ({}, not {})",
                new.origin, last.origin
            ),
        );
    }
    if n < m {
        return done(
            false,
            "shrank",
            format!("日志缩短了：上次 {m} 条，现在 {n} 条——记录被删除"),
            format!("the log shrank: {m} rows last time, {n} now — rows were deleted"),
        );
    }
    if verify_consistency(m, n, &last.root, &new.root, proof) {
        if m == n {
            done(
                true,
                "unchanged",
                format!("日志未变：{n} 条"),
                format!("the log is unchanged: {n} rows"),
            )
        } else {
            done(
                true,
                "extended",
                format!("一致性证明成立：{n} 条的日志延续了已保存的 {m} 条，已保存新检查点"),
                format!(
                    "the consistency proof holds: the log of {n} rows extends the {m} kept; the new checkpoint is kept"
                ),
            )
        }
    } else {
        done(
            false,
            "forked",
            format!("{n} 条的新检查点与已保存的 {m} 条不一致：历史记录被改写"),
            format!(
                "the new checkpoint of {n} rows is not consistent with the {m} kept: history was rewritten"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transparency::merkle::{Tree, leaf_hash};

    fn at(tree: &Tree, size: u64) -> Checkpoint {
        Checkpoint {
            origin: "o".into(),
            size,
            root: tree.root(size).unwrap(),
            extensions: vec![],
        }
    }

    #[test]
    fn extended_unchanged_shrunk_and_forked_logs_are_told_apart() {
        let mut tree = Tree::new();
        for i in 0u32..20 {
            tree.push(leaf_hash(&i.to_be_bytes()));
        }
        let (old, new) = (at(&tree, 7), at(&tree, 20));
        assert_eq!(check(None, &old, &[]).code, "first");
        let proof = tree.consistency_proof(7, 20).unwrap();
        assert_eq!(check(Some(&old), &new, &proof).code, "extended");
        assert_eq!(check(Some(&new), &new, &[]).code, "unchanged");
        assert_eq!(check(Some(&new), &old, &[]).code, "shrank");
        let mut forked = Tree::new();
        for i in 0u32..20 {
            forked.push(leaf_hash(&(if i == 3 { 99 } else { i }).to_be_bytes()));
        }
        let w = check(
            Some(&old),
            &at(&forked, 20),
            &forked.consistency_proof(7, 20).unwrap(),
        );
        assert_eq!((w.consistent, w.code), (false, "forked"));
        let other = Checkpoint {
            origin: "p".into(),
            ..new.clone()
        };
        assert_eq!(check(Some(&old), &other, &proof).code, "other_origin");
    }
}
