//! The Merkle tree's roots and proofs against a naive implementation written straight from
//! RFC 9162's recursive definitions (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF), for
//! random tree sizes; and every proof the tree makes verifies, and fails once altered.
#![cfg(test)]

use proptest::prelude::*;
use shenfu_rules::transparency::merkle::{
    Hash, Tree, empty_root, leaf_hash, node_hash, verify_consistency, verify_inclusion,
};

fn k_of(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => empty_root(),
        1 => d[0],
        n => {
            let k = k_of(n);
            node_hash(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return vec![];
    }
    let k = k_of(d.len());
    if m < k {
        let mut p = path(m, &d[..k]);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = path(m - k, &d[k..]);
        p.push(mth(&d[..k]));
        p
    }
}

fn subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { vec![] } else { vec![mth(d)] };
    }
    let k = k_of(n);
    if m <= k {
        let mut p = subproof(m, &d[..k], b);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = subproof(m - k, &d[k..], false);
        p.push(mth(&d[..k]));
        p
    }
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n as u64).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

fn tree_of(d: &[Hash]) -> Tree {
    let mut t = Tree::new();
    for leaf in d {
        t.push(*leaf);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn inclusion_proofs_match_the_definition(n in 1usize..300, pick in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>()) {
        let d = leaves(n);
        let t = tree_of(&d);
        let m = pick.index(n);
        let proof = t.inclusion_proof(m as u64, n as u64).unwrap();
        prop_assert_eq!(&proof, &path(m, &d));
        let root = mth(&d);
        prop_assert_eq!(t.root(n as u64).unwrap(), root);
        prop_assert!(verify_inclusion(m as u64, n as u64, &d[m], &proof, &root));
        // Another leaf, another index, or one altered hash in the proof: refused.
        prop_assert!(!verify_inclusion(m as u64, n as u64, &leaf_hash(b"forged"), &proof, &root));
        if n > 1 {
            let other = (m + 1) % n;
            prop_assert!(!verify_inclusion(other as u64, n as u64, &d[m], &proof, &root));
            let mut altered = proof.clone();
            let i = flip.index(altered.len());
            altered[i][0] ^= 1;
            prop_assert!(!verify_inclusion(m as u64, n as u64, &d[m], &altered, &root));
        }
    }

    #[test]
    fn consistency_proofs_match_the_definition(n in 1usize..300, pick in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>()) {
        let d = leaves(n);
        let t = tree_of(&d);
        let m = pick.index(n) + 1;
        let proof = t.consistency_proof(m as u64, n as u64).unwrap();
        let expected = if m == n { vec![] } else { subproof(m, &d, true) };
        prop_assert_eq!(&proof, &expected);
        let (old_root, new_root) = (mth(&d[..m]), mth(&d));
        prop_assert_eq!(t.root(m as u64).unwrap(), old_root);
        prop_assert!(verify_consistency(m as u64, n as u64, &old_root, &new_root, &proof));
        // A rewritten history (another leaf inside the old tree) is inconsistent.
        let mut rewritten = d.clone();
        rewritten[pick.index(m)] = leaf_hash(b"rewritten");
        prop_assert!(!verify_consistency(m as u64, n as u64, &old_root, &mth(&rewritten), &proof));
        if !proof.is_empty() {
            let mut altered = proof.clone();
            let i = flip.index(altered.len());
            altered[i][31] ^= 0x80;
            prop_assert!(!verify_consistency(m as u64, n as u64, &old_root, &new_root, &altered));
        }
    }
}

/// 10,000 appends, each checkpoint consistent with every earlier one sampled.
#[test]
fn ten_thousand_appends_stay_consistent() {
    let mut t = Tree::new();
    let mut kept: Vec<(u64, Hash)> = Vec::new();
    for i in 0u64..10_000 {
        t.push(leaf_hash(&i.to_le_bytes()));
        if i % 997 == 0 {
            kept.push((t.len(), t.root(t.len()).unwrap()));
        }
    }
    let (n, root) = (t.len(), t.root(t.len()).unwrap());
    for (m, old) in kept {
        let proof = t.consistency_proof(m, n).unwrap();
        assert!(verify_consistency(m, n, &old, &root, &proof), "{m} → {n}");
    }
}
