//! 18-digit 身份证号 (GB 11643-1999): region, birth date, sequence, check digit.

use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of the first 17 digits.
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// A valid number. `seq` (0–499) is turned into the 3-digit sequence whose parity encodes
/// the sex (odd for men).
pub fn make(region: u32, birth: NaiveDate, seq: u32, male: bool) -> String {
    let seq = seq % 500 * 2 + u32::from(male);
    let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
    let c = check_char(&first17);
    format!("{first17}{c}")
}

/// The same number with a wrong check character.
pub fn with_wrong_check(id: &str) -> String {
    let (body, check) = id.split_at(17);
    let wrong = if check == "0" { '1' } else { '0' };
    format!("{body}{wrong}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_check_digit() {
        // The worked example of GB 11643: 11010519491231002X.
        assert_eq!(super::check_char("11010519491231002"), 'X');
    }
}
