//! Fiscal years (年度, April–March) and Japanese era names.
//!
//! A fiscal year is stored as the calendar year it starts in: 2023 is
//! 令和5年度. The era is named by calendar year, so the year an era begins is
//! its first year (元年): 2019 is 令和元年度, 2018 is 平成30年度.

/// Months of a fiscal year in order: April … March.
pub const FISCAL_MONTHS: [u32; 12] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

/// Eras by the calendar year they begin in, newest first.
const ERAS: [(i32, &str); 5] = [
    (2019, "令和"),
    (1989, "平成"),
    (1926, "昭和"),
    (1912, "大正"),
    (1868, "明治"),
];

/// Era name and year number for a calendar or fiscal year (None before 明治).
pub fn era_of(year: i32) -> Option<(&'static str, i32)> {
    ERAS.iter()
        .find(|(start, _)| year >= *start)
        .map(|(start, name)| (*name, year - start + 1))
}

/// `令和5年度` for 2023, `令和元年度` for 2019.
pub fn era_fiscal_year(year: i32) -> String {
    match era_of(year) {
        Some((name, 1)) => format!("{name}元年度"),
        Some((name, n)) => format!("{name}{n}年度"),
        None => format!("{year}年度"),
    }
}

/// Short form used in tables and the era abbreviations of the plans: `R5`.
pub fn era_short(year: i32) -> String {
    match era_of(year) {
        Some((name, n)) => {
            let letter = match name {
                "令和" => "R",
                "平成" => "H",
                "昭和" => "S",
                "大正" => "T",
                _ => "M",
            };
            format!("{letter}{n}")
        }
        None => year.to_string(),
    }
}

/// `FY2023` for English.
pub fn western_fiscal_year(year: i32) -> String {
    format!("FY{year}")
}

/// The fiscal year a calendar month falls in: March 2024 is in 2023.
pub fn fiscal_year_of(year: i32, month: u32) -> i32 {
    if month >= 4 { year } else { year - 1 }
}

/// 0 for April … 11 for March; None for a month outside 1–12.
pub fn fiscal_month_index(month: u32) -> Option<usize> {
    FISCAL_MONTHS.iter().position(|m| *m == month)
}

/// Parses `YYYY-MM` strictly (two-digit month 01–12).
pub fn parse_year_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = m.parse().ok()?;
    let year: i32 = y.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// Parses `YYYY-MM-DD` strictly, checking the day against the month length.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month) = parse_year_month(&s[..7])?;
    let day_str = &s[8..];
    if !day_str.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let day: u32 = day_str.parse().ok()?;
    (1..=days_in_month(year, month))
        .contains(&day)
        .then_some((year, month, day))
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks an RFC 3339 timestamp with offset: `2024-03-31T17:00:00+09:00`.
pub fn is_timestamp(s: &str) -> bool {
    let Some((date, rest)) = s.split_once(['T', 't']) else {
        return false;
    };
    // `get` rather than indexing: the text may hold multi-byte characters.
    let (Some(time), Some(mut tail)) = (rest.get(..8), rest.get(8..)) else {
        return false;
    };
    if parse_date(date).is_none() {
        return false;
    }
    let t = time.as_bytes();
    let two = |i: usize, max: u32| {
        time.get(i..i + 2)
            .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|v| v <= max)
    };
    if t[2] != b':' || t[5] != b':' || !two(0, 23) || !two(3, 59) || !two(6, 60) {
        return false;
    }
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        tail = &frac[digits..];
    }
    if tail == "Z" || tail == "z" {
        return true;
    }
    let o = tail.as_bytes();
    let num = |r: std::ops::Range<usize>, max: u32| {
        tail.get(r)
            .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|v| v <= max)
    };
    o.len() == 6 && (o[0] == b'+' || o[0] == b'-') && o[3] == b':' && num(1..3, 23) && num(4..6, 59)
}

/// Seconds since 1970-01-01T00:00:00Z and the fraction's digits (padded to
/// nine), for a well-formed RFC 3339 timestamp.
pub fn timestamp_instant(s: &str) -> Option<(i64, u64)> {
    if !is_timestamp(s) {
        return None;
    }
    let (date, rest) = s.split_once(['T', 't'])?;
    let (y, m, d) = parse_date(date)?;
    let num = |r: std::ops::Range<usize>| rest.get(r)?.parse::<i64>().ok();
    let (hh, mm, ss) = (num(0..2)?, num(3..5)?, num(6..8)?);
    let mut tail = rest.get(8..)?;
    let mut nanos = 0u64;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        let padded: String = frac[..digits]
            .chars()
            .chain(std::iter::repeat('0'))
            .take(9)
            .collect();
        nanos = padded.parse().ok()?;
        tail = &frac[digits..];
    }
    let offset = if tail.eq_ignore_ascii_case("z") {
        0
    } else {
        let sign = if tail.starts_with('-') { -1 } else { 1 };
        let oh: i64 = tail.get(1..3)?.parse().ok()?;
        let om: i64 = tail.get(4..6)?.parse().ok()?;
        sign * (oh * 3600 + om * 60)
    };
    let days = days_from_civil(y, m, d);
    Some((days * 86_400 + hh * 3600 + mm * 60 + ss - offset, nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01
/// (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_years_follow_the_calendar_year_an_era_began() {
        assert_eq!(era_fiscal_year(2023), "令和5年度");
        assert_eq!(era_fiscal_year(2019), "令和元年度");
        assert_eq!(era_fiscal_year(2018), "平成30年度");
        assert_eq!(era_fiscal_year(1989), "平成元年度");
        assert_eq!(era_fiscal_year(1988), "昭和63年度");
        assert_eq!(era_fiscal_year(1900), "明治33年度");
        assert_eq!(era_short(2024), "R6");
        assert_eq!(western_fiscal_year(2024), "FY2024");
    }

    #[test]
    fn months_run_april_to_march() {
        assert_eq!(fiscal_year_of(2024, 3), 2023);
        assert_eq!(fiscal_year_of(2024, 4), 2024);
        assert_eq!(fiscal_year_of(2024, 12), 2024);
        assert_eq!(fiscal_month_index(4), Some(0));
        assert_eq!(fiscal_month_index(3), Some(11));
        assert_eq!(fiscal_month_index(13), None);
    }

    #[test]
    fn year_months_and_dates_are_strict() {
        assert_eq!(parse_year_month("2023-08"), Some((2023, 8)));
        for bad in [
            "2023-8",
            "2023-13",
            "2023-00",
            "23-08",
            "2023/08",
            "２０２３-08",
            "",
        ] {
            assert_eq!(parse_year_month(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-04-31"), None);
    }

    #[test]
    fn instants_take_the_offset_into_account() {
        assert_eq!(timestamp_instant("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(
            timestamp_instant("1970-01-01T09:00:00+09:00"),
            timestamp_instant("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            timestamp_instant("2000-03-01T00:00:00Z").unwrap().0,
            951_868_800
        );
        assert_eq!(
            timestamp_instant("2024-01-01T00:00:00.5Z").unwrap().1,
            500_000_000
        );
        assert_eq!(timestamp_instant("1969-12-31T23:59:59Z").unwrap().0, -1);
        assert_eq!(timestamp_instant("きのう"), None);
    }

    #[test]
    fn day_counts_and_dates_convert_both_ways() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in [-800_000, -1, 0, 11_016, 20_513, 60_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m, d), days);
        }
    }

    #[test]
    fn timestamps_need_an_offset() {
        assert!(is_timestamp("2024-03-31T17:00:00+09:00"));
        assert!(is_timestamp("2024-03-31T08:00:00.123Z"));
        assert!(!is_timestamp("2024-03-31T17:00:00"));
        assert!(!is_timestamp("2024-03-31 17:00:00+09:00"));
        assert!(!is_timestamp("2024-03-31T25:00:00+09:00"));
        assert!(!is_timestamp("2024-03-31"));
    }
}
