//! A QR code for the printed record's verification payload, and nothing more: byte mode, version
//! 6 (41 × 41 modules), error correction level M (4 blocks of 27 data and 16 correction
//! codewords), mask 0 — up to 106 bytes. Written here rather than taken from a general encoder
//! because the self-assessment page's WASM has a 150 KiB budget: this is about a tenth of the
//! size. ISO/IEC 18004; each step follows Nayuki's reference encoder, and a test checks every
//! module against it.

/// Modules per side (version 6).
pub const SIZE: usize = 41;
/// The most bytes a code holds (version 6, level M, byte mode).
pub const CAPACITY: usize = 106;
const BLOCKS: usize = 4;
const DATA_PER_BLOCK: usize = 27;
const EC_PER_BLOCK: usize = 16;

/// A QR code's modules, `true` for dark, row by row.
pub struct Qr {
    dark: Vec<bool>,
}

impl Qr {
    /// Whether the module at column `x`, row `y` is dark.
    pub fn get(&self, x: usize, y: usize) -> bool {
        x < SIZE && self.dark.get(y * SIZE + x).copied().unwrap_or(false)
    }

    /// `bytes` as a QR code; `None` beyond [`CAPACITY`].
    pub fn encode(bytes: &[u8]) -> Option<Self> {
        if bytes.len() > CAPACITY {
            return None;
        }
        let data = data_codewords(bytes);
        let codewords = interleaved(&data);
        let mut grid = Grid {
            dark: vec![false; SIZE * SIZE],
            function: vec![false; SIZE * SIZE],
        };
        grid.function_patterns();
        grid.codewords(&codewords);
        grid.mask();
        Some(Self { dark: grid.dark })
    }
}

/// Mode, count, the bytes, terminator and padding: 108 data codewords.
fn data_codewords(bytes: &[u8]) -> Vec<u8> {
    let mut bits: Vec<bool> = Vec::with_capacity(BLOCKS * DATA_PER_BLOCK * 8);
    let mut push = |value: u32, count: u32| {
        for i in (0..count).rev() {
            bits.push((value >> i) & 1 == 1);
        }
    };
    push(0b0100, 4);
    push(bytes.len() as u32, 8);
    for b in bytes {
        push(u32::from(*b), 8);
    }
    let capacity = BLOCKS * DATA_PER_BLOCK * 8;
    let terminator = (capacity - bits.len()).min(4);
    bits.extend(std::iter::repeat_n(false, terminator));
    while !bits.len().is_multiple_of(8) {
        bits.push(false);
    }
    let mut out: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |a, b| (a << 1) | u8::from(*b)))
        .collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if out.len() >= BLOCKS * DATA_PER_BLOCK {
            break;
        }
        out.push(pad);
    }
    out
}

/// GF(256) product, modulo x⁸ + x⁴ + x³ + x² + 1.
fn multiply(x: u8, y: u8) -> u8 {
    let mut z: u16 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= u16::from((y >> i) & 1) * u16::from(x);
    }
    (z & 0xFF) as u8
}

/// The Reed–Solomon generator of degree [`EC_PER_BLOCK`] (roots 2⁰ … 2¹⁵), highest term first
/// (its leading 1 left out).
fn divisor() -> [u8; EC_PER_BLOCK] {
    let mut result = [0u8; EC_PER_BLOCK];
    if let Some(last) = result.last_mut() {
        *last = 1;
    }
    let mut root = 1u8;
    for _ in 0..EC_PER_BLOCK {
        // result ← result × (x − root): each term times root, plus the next term.
        let next: Vec<u8> = result.iter().skip(1).copied().chain([0]).collect();
        for (r, n) in result.iter_mut().zip(&next) {
            *r = multiply(*r, root) ^ *n;
        }
        root = multiply(root, 0x02);
    }
    result
}

fn remainder(data: &[u8], divisor: &[u8; EC_PER_BLOCK]) -> [u8; EC_PER_BLOCK] {
    let mut result = [0u8; EC_PER_BLOCK];
    for b in data {
        let factor = b ^ result.first().copied().unwrap_or(0);
        result.rotate_left(1);
        if let Some(last) = result.last_mut() {
            *last = 0;
        }
        for (r, d) in result.iter_mut().zip(divisor) {
            *r ^= multiply(*d, factor);
        }
    }
    result
}

/// The data split in blocks, each with its correction codewords, interleaved.
fn interleaved(data: &[u8]) -> Vec<u8> {
    let divisor = divisor();
    let blocks: Vec<&[u8]> = data.chunks(DATA_PER_BLOCK).collect();
    let ecs: Vec<[u8; EC_PER_BLOCK]> = blocks.iter().map(|b| remainder(b, &divisor)).collect();
    let mut out = Vec::with_capacity(BLOCKS * (DATA_PER_BLOCK + EC_PER_BLOCK));
    for i in 0..DATA_PER_BLOCK {
        out.extend(blocks.iter().filter_map(|b| b.get(i)));
    }
    for i in 0..EC_PER_BLOCK {
        out.extend(ecs.iter().filter_map(|e| e.get(i)));
    }
    out
}

struct Grid {
    dark: Vec<bool>,
    function: Vec<bool>,
}

impl Grid {
    /// Draw a function module (outside the grid: nothing).
    fn set(&mut self, x: isize, y: isize, dark: bool) {
        if let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y))
            && x < SIZE
            && y < SIZE
        {
            if let Some(m) = self.dark.get_mut(y * SIZE + x) {
                *m = dark;
            }
            if let Some(f) = self.function.get_mut(y * SIZE + x) {
                *f = true;
            }
        }
    }

    fn is_function(&self, x: usize, y: usize) -> bool {
        self.function.get(y * SIZE + x).copied().unwrap_or(true)
    }

    fn function_patterns(&mut self) {
        let size = SIZE as isize;
        for i in 0..size {
            self.set(6, i, i % 2 == 0);
            self.set(i, 6, i % 2 == 0);
        }
        // The three finders with their separators.
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4isize..=4 {
                for dx in -4isize..=4 {
                    let d = dx.abs().max(dy.abs());
                    self.set(cx + dx, cy + dy, d != 2 && d != 4);
                }
            }
        }
        // Version 6's one alignment pattern (the others would overlap the finders).
        for dy in -2isize..=2 {
            for dx in -2isize..=2 {
                self.set(34 + dx, 34 + dy, dx.abs().max(dy.abs()) != 1);
            }
        }
        self.format_bits();
    }

    /// Level M (00) and mask 0, BCH-coded, in both copies, and the dark module.
    fn format_bits(&mut self) {
        let data: u32 = 0;
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        let bits = ((data << 10) | rem) ^ 0x5412;
        let bit = |i: u32| (bits >> i) & 1 == 1;
        let size = SIZE as isize;
        for i in 0..=5 {
            self.set(8, i as isize, bit(i));
        }
        self.set(8, 7, bit(6));
        self.set(8, 8, bit(7));
        self.set(7, 8, bit(8));
        for i in 9..15 {
            self.set(14 - i as isize, 8, bit(i));
        }
        for i in 0..8 {
            self.set(size - 1 - i as isize, 8, bit(i));
        }
        for i in 8..15 {
            self.set(8, size - 15 + i as isize, bit(i));
        }
        self.set(8, size - 8, true);
    }

    /// The codewords in the zigzag of two-module columns, right to left, skipping functions.
    fn codewords(&mut self, codewords: &[u8]) {
        let total = codewords.len() * 8;
        let mut i = 0;
        let mut right = SIZE - 1;
        while right >= 1 {
            if right == 6 {
                right = 5;
            }
            for vert in 0..SIZE {
                for j in 0..2 {
                    let x = right - j;
                    let upward = (right + 1) & 2 == 0;
                    let y = if upward { SIZE - 1 - vert } else { vert };
                    if !self.is_function(x, y) && i < total {
                        let byte = codewords.get(i >> 3).copied().unwrap_or(0);
                        if let Some(m) = self.dark.get_mut(y * SIZE + x) {
                            *m = (byte >> (7 - (i & 7))) & 1 == 1;
                        }
                        i += 1;
                    }
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
    }

    /// Mask 0: every module with x + y even flipped, functions kept.
    fn mask(&mut self) {
        for (i, (m, f)) in self.dark.iter_mut().zip(&self.function).enumerate() {
            if !f && (i % SIZE + i / SIZE).is_multiple_of(2) {
                *m = !*m;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_as_the_reference_encoder_draws_it() {
        for payload in [
            "".to_owned(),
            "shenfu:1:d2906ed4707debee60b63b80005a1755f46a7a7eb456fe6e7d663d211716a58b:shenfu-14th-fyp@2026.11.2".to_owned(),
            "x".repeat(CAPACITY),
            "核验码 · 自评结果单".to_owned(),
        ] {
            let ours = Qr::encode(payload.as_bytes()).unwrap();
            let theirs = qrcodegen::QrCode::encode_segments_advanced(
                &[qrcodegen::QrSegment::make_bytes(payload.as_bytes())],
                qrcodegen::QrCodeEcc::Medium,
                qrcodegen::Version::new(6),
                qrcodegen::Version::new(6),
                Some(qrcodegen::Mask::new(0)),
                false,
            )
            .unwrap();
            assert_eq!(theirs.size(), SIZE as i32);
            for y in 0..SIZE {
                for x in 0..SIZE {
                    assert_eq!(
                        ours.get(x, y),
                        theirs.get_module(x as i32, y as i32),
                        "{payload:?} at ({x}, {y})"
                    );
                }
            }
        }
        assert!(Qr::encode(&[0; CAPACITY + 1]).is_none());
    }
}
