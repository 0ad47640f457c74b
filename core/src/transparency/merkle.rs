//! The RFC 9162 (Certificate Transparency 2.0) Merkle tree over the decision log, SHA-256.
//!
//! A leaf is hashed as `SHA-256(0x00 ‖ data)`, an inner node as `SHA-256(0x01 ‖ left ‖ right)`,
//! the empty tree as `SHA-256("")` (RFC 9162 §2.1.1): so a leaf can never pass for a node, and a
//! tree of one size never for another. [`Tree`] keeps the hash of every complete subtree (about
//! two hashes per leaf), so the root of any earlier size and the inclusion and consistency
//! proofs (§2.1.3, §2.1.4) cost O(log² n) lookups, never a pass over the leaves — a receipt per
//! decision stays cheap at millions of rows. The verifiers are the RFC's algorithms, written
//! to need nothing but the proof, so a receipt is checked without the log.

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 ‖ data)`: the hash of a leaf.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`: the hash of an inner node.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree, `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two strictly smaller than `n` (`n ≥ 2`): where RFC 9162 splits a tree.
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// An append-only Merkle tree: every complete subtree's hash, level by level.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// `levels[k][i]` is the hash of leaves `i·2ᵏ .. (i+1)·2ᵏ`; level 0 holds the leaf hashes.
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many leaves.
    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Append a leaf by its hash ([`leaf_hash`] of its data).
    pub fn push(&mut self, leaf: Hash) {
        let mut hash = leaf;
        let mut level = 0;
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            let Some(row) = self.levels.get_mut(level) else {
                return;
            };
            row.push(hash);
            if row.len() % 2 == 1 {
                return;
            }
            let (Some(left), Some(right)) = (row.get(row.len() - 2), row.last()) else {
                return;
            };
            hash = node_hash(left, right);
            level += 1;
        }
    }

    /// Forget every leaf from `size` on (a group whose transaction did not commit).
    pub fn truncate(&mut self, size: u64) {
        for (k, row) in self.levels.iter_mut().enumerate() {
            row.truncate(usize::try_from(size >> k).unwrap_or(usize::MAX));
        }
    }

    /// The hash of leaves `start..end` (`start < end ≤ len`) as RFC 9162 defines it.
    fn range(&self, start: u64, end: u64) -> Option<Hash> {
        let n = end - start;
        if n.is_power_of_two() && start.is_multiple_of(n) {
            let k = n.trailing_zeros() as usize;
            let i = usize::try_from(start >> k).ok()?;
            return self.levels.get(k)?.get(i).copied();
        }
        let k = split(n);
        Some(node_hash(
            &self.range(start, start + k)?,
            &self.range(start + k, end)?,
        ))
    }

    /// The root of the tree's first `size` leaves; `None` beyond its length.
    pub fn root(&self, size: u64) -> Option<Hash> {
        match size {
            0 => Some(empty_root()),
            s if s > self.len() => None,
            s => self.range(0, s),
        }
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162
    /// §2.1.3.1), leaf side first; `None` unless `index < size ≤ len`.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        if index >= size || size > self.len() {
            return None;
        }
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof)?;
        Some(proof)
    }

    fn path(&self, m: u64, start: u64, end: u64, out: &mut Vec<Hash>) -> Option<()> {
        let n = end - start;
        if n == 1 {
            return Some(());
        }
        let k = split(n);
        if m < k {
            self.path(m, start, start + k, out)?;
            out.push(self.range(start + k, end)?);
        } else {
            self.path(m - k, start + k, end, out)?;
            out.push(self.range(start, start + k)?);
        }
        Some(())
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves (RFC
    /// 9162 §2.1.4.1); empty when `old` is 0 or equals `new`; `None` unless `old ≤ new ≤ len`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Option<Vec<Hash>> {
        if old > new || new > self.len() {
            return None;
        }
        let mut proof = Vec::new();
        if old > 0 && old < new {
            self.subproof(old, 0, new, true, &mut proof)?;
        }
        Some(proof)
    }

    fn subproof(
        &self,
        m: u64,
        start: u64,
        end: u64,
        whole: bool,
        out: &mut Vec<Hash>,
    ) -> Option<()> {
        let n = end - start;
        if m == n {
            if !whole {
                out.push(self.range(start, end)?);
            }
            return Some(());
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, start + k, whole, out)?;
            out.push(self.range(start + k, end)?);
        } else {
            self.subproof(m - k, start + k, end, false, out)?;
            out.push(self.range(start, start + k)?);
        }
        Some(())
    }
}

/// Does `proof` show `leaf` at `index` in the tree of `size` leaves whose root is `root`?
/// (RFC 9162 §2.1.3.2.)
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Does `proof` show the tree of `old` leaves (root `old_root`) to be a prefix of the tree of
/// `new` leaves (root `new_root`)? (RFC 9162 §2.1.4.2; any tree extends the empty one.)
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old > new {
        return false;
    }
    if old == 0 {
        return proof.is_empty() && *old_root == empty_root();
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *old_root && sr == *new_root && s == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(h: &Hash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The test vectors of the Certificate Transparency reference implementation
    /// (`merkle_tree_test.cc`, also used by Trillian and Go's `sumdb/tlog`): eight leaves and
    /// the root of every prefix.
    #[test]
    fn roots_match_the_reference_vectors() {
        let leaves: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\x10",
            b"\x20\x21",
            b"\x30\x31",
            b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57",
            b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
        ];
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        assert_eq!(
            hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let mut tree = Tree::new();
        for leaf in leaves {
            tree.push(leaf_hash(leaf));
        }
        for (size, root) in roots.iter().enumerate() {
            assert_eq!(
                hex(&tree.root(size as u64 + 1).unwrap()),
                *root,
                "size {}",
                size + 1
            );
        }
    }

    #[test]
    fn truncating_forgets_exactly_the_tail() {
        let mut tree = Tree::new();
        for i in 0u32..37 {
            tree.push(leaf_hash(&i.to_be_bytes()));
        }
        let root_20 = tree.root(20).unwrap();
        tree.truncate(20);
        assert_eq!(tree.len(), 20);
        assert_eq!(tree.root(20), Some(root_20));
        assert_eq!(tree.root(21), None);
        for i in 20u32..37 {
            tree.push(leaf_hash(&i.to_be_bytes()));
        }
        let mut fresh = Tree::new();
        for i in 0u32..37 {
            fresh.push(leaf_hash(&i.to_be_bytes()));
        }
        assert_eq!(tree.root(37), fresh.root(37));
    }

    #[test]
    fn proofs_outside_the_tree_are_refused() {
        let mut tree = Tree::new();
        tree.push(leaf_hash(b"a"));
        assert_eq!(tree.inclusion_proof(1, 1), None);
        assert_eq!(tree.inclusion_proof(0, 2), None);
        assert_eq!(tree.consistency_proof(2, 1), None);
        assert_eq!(tree.inclusion_proof(0, 1), Some(vec![]));
        let root = tree.root(1).unwrap();
        assert!(verify_inclusion(0, 1, &leaf_hash(b"a"), &[], &root));
        assert!(!verify_inclusion(1, 1, &leaf_hash(b"a"), &[], &root));
        assert!(verify_consistency(0, 1, &empty_root(), &root, &[]));
        assert!(verify_consistency(1, 1, &root, &root, &[]));
    }
}
