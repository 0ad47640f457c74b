//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over
//! `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z), the last a check character over the
//! first 17 with weights 3^i mod 31 — `1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28` — and
//! check = 31 − (Σ mod 31), 31 being written 0.
//!
//! The self-assessment page checks the code the applicant types for its printout; the words for
//! each problem are the page's (`present::page`, keys `credit_code_*`).

/// The code's alphabet: a character's value is its position.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weight of each of the first 17 characters (3^i mod 31).
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// What is wrong with a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not 18 characters (the count found).
    Length(usize),
    /// A character outside the alphabet, at this position (1-based).
    Character(usize),
    /// The last character is not the check character (the one expected).
    CheckDigit(char),
}

impl Problem {
    /// The page's word for this problem (`present::page::FORM`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Length(_) => "credit_code_length",
            Self::Character(_) => "credit_code_character",
            Self::CheckDigit(_) => "credit_code_check",
        }
    }
}

fn value(c: char) -> Option<u32> {
    CHARSET.chars().position(|x| x == c).map(|p| p as u32)
}

/// The check character of the first 17 characters, or the position (1-based) of the first
/// character outside the alphabet.
pub fn check_character(first17: &str) -> Result<char, usize> {
    let mut sum = 0u32;
    for (i, (c, w)) in first17.chars().zip(WEIGHTS).enumerate() {
        sum += value(c).ok_or(i + 1)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Ok(CHARSET.chars().nth(check as usize).unwrap_or('0'))
}

/// Check `code` (spaces around it ignored, lower-case letters read as capitals).
pub fn check(code: &str) -> Result<String, Problem> {
    let code: String = code.trim().to_ascii_uppercase();
    let count = code.chars().count();
    if count != 18 {
        return Err(Problem::Length(count));
    }
    if let Some(p) = code.chars().position(|c| value(c).is_none()) {
        return Err(Problem::Character(p + 1));
    }
    let first17: String = code.chars().take(17).collect();
    let expected = check_character(&first17).map_err(Problem::Character)?;
    if !code.ends_with(expected) {
        return Err(Problem::CheckDigit(expected));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn a_code_checked_by_hand() {
        // 91350100M000100Y4?: values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4
        //   9×1 + 1×3 + 3×9 + 5×27 + 0 + 1×26 + 0 + 0 + 21×20 + 0 + 0 + 0 + 1×8 + 0 + 0
        //   + 30×30 + 4×28 = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640;
        //   1640 mod 31 = 28 (31 × 52 = 1612); 31 − 28 = 3 → '3'.
        assert_eq!(check_character("91350100M000100Y4"), Ok('3'));
        assert_eq!(check("91350100M000100Y43").unwrap(), "91350100M000100Y43");
        // 91110000600037341?: 9 + 3 + 9 + 27 + 6×20 + 3×8 + 7×24 + 3×10 + 4×30 + 1×28 = 538;
        //   538 mod 31 = 11 (31 × 17 = 527); 31 − 11 = 20 → the 21st character, 'L'.
        assert_eq!(check_character("91110000600037341"), Ok('L'));
        assert_eq!(check(" 91110000600037341l ").unwrap(), "91110000600037341L");
        // A sum divisible by 31 has check 31, written 0: 91320594MA1MFRX89? sums to 2945 = 31 × 95.
        assert_eq!(check_character("91320594MA1MFRX89"), Ok('0'));
    }

    #[test]
    fn problems() {
        assert_eq!(check("91350100M000100Y4"), Err(Problem::Length(17)));
        assert_eq!(check("91350100M000100Y42"), Err(Problem::CheckDigit('3')));
        // I, O, S, V and Z are not in the alphabet.
        assert_eq!(check("9135010OM000100Y43"), Err(Problem::Character(8)));
        assert_eq!(Problem::CheckDigit('3').key(), "credit_code_check");
    }
}
