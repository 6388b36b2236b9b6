//! Dates and times in GS1 element strings (GS1 General Specifications §7.12).
//!
//! Two-digit years are placed in the window from 49 years before to 50 years after the
//! current year — "today" is a parameter, this module never reads a clock.  Day `00`
//! means the last day of the month.

use std::fmt;

use super::error::DateProblem;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// One field of a date/time layout such as `YYMMDD[hhmm]` (from the AI's description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Year2,
    Year4,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// The second date of a range such as `YYMMDD[YYMMDD]` (harvest dates).
    EndYear2,
    EndMonth,
    EndDay,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The four-digit year of a two-digit year `yy`, seen from `current_year`
/// (GS1 General Specifications §7.12: 49 years back to 50 years ahead).
pub fn full_year(yy: u8, current_year: i32) -> i32 {
    let century = current_year - current_year.rem_euclid(100);
    let difference = i32::from(yy) - current_year.rem_euclid(100);
    let century = if difference >= 51 {
        century.saturating_sub(100)
    } else if difference <= -50 {
        century.saturating_add(100)
    } else {
        century
    };
    century.saturating_add(i32::from(yy))
}

/// A date (and maybe a time) read from the digits of an AI's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateTime {
    pub date: Date,
    pub time: Option<Time>,
}

fn two(digits: &[u8], at: usize) -> u8 {
    (digits[at] - b'0') * 10 + (digits[at + 1] - b'0')
}

/// Read `digits` (ASCII digits only; the AI's format has checked them) by `layout`.
/// Optional fields are read when digits remain.  `hhmm` = `9999` means "no time".
pub(crate) fn read(
    layout: &[(DateField, bool)],
    digits: &[u8],
    today: Date,
) -> Result<DateTime, DateProblem> {
    let mut at = 0;
    let (mut year, mut month, mut day) = (0i32, 0u8, 0u8);
    let (mut end_year, mut end_month, mut end_day) = (None, 0u8, 0u8);
    let (mut hour, mut minute, mut second) = (None, None, None);
    for &(field, optional) in layout {
        let width = if field == DateField::Year4 { 4 } else { 2 };
        if at + width > digits.len() {
            if optional {
                break;
            }
            // The AI's format guarantees the length; treat a shortfall as no date.
            return Err(DateProblem::NotAMonth(0));
        }
        match field {
            DateField::Year2 => year = full_year(two(digits, at), today.year),
            DateField::Year4 => {
                year = i32::from(two(digits, at)) * 100 + i32::from(two(digits, at + 2))
            }
            DateField::Month => month = two(digits, at),
            DateField::Day => day = two(digits, at),
            DateField::Hour => hour = Some(two(digits, at)),
            DateField::Minute => minute = Some(two(digits, at)),
            DateField::Second => second = Some(two(digits, at)),
            DateField::EndYear2 => end_year = Some(full_year(two(digits, at), today.year)),
            DateField::EndMonth => end_month = two(digits, at),
            DateField::EndDay => end_day = two(digits, at),
        }
        at += width;
    }
    let date = calendar_date(year, month, day)?;
    if let Some(end_year) = end_year {
        calendar_date(end_year, end_month, end_day)?;
    }
    let time = match (hour, minute, second) {
        (None, _, _) => None,
        // "Time not known" (GS1 General Specifications, AIs 4324/4325: hhmm = 9999).
        (Some(99), Some(99), _) => None,
        (Some(hour), minute, second) => {
            let (minute, second) = (minute.unwrap_or(0), second.unwrap_or(0));
            if hour > 23 {
                return Err(DateProblem::NotAnHour(hour));
            }
            if minute > 59 {
                return Err(DateProblem::NotAMinute(minute));
            }
            if second > 59 {
                return Err(DateProblem::NotASecond(second));
            }
            Some(Time {
                hour,
                minute,
                second,
            })
        }
    };
    Ok(DateTime { date, time })
}

fn calendar_date(year: i32, month: u8, day: u8) -> Result<Date, DateProblem> {
    if !(1..=12).contains(&month) {
        return Err(DateProblem::NotAMonth(month));
    }
    let last = days_in_month(year, month);
    let day = if day == 0 { last } else { day };
    Date::new(year, month, day).ok_or(DateProblem::NoSuchDay { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YYMMDD: &[(DateField, bool)] = &[
        (DateField::Year2, false),
        (DateField::Month, false),
        (DateField::Day, false),
    ];

    fn today(year: i32) -> Date {
        Date::new(year, 6, 15).unwrap()
    }

    #[test]
    fn two_digit_years_fall_in_the_gs1_window() {
        assert_eq!(full_year(25, 2025), 2025);
        assert_eq!(full_year(75, 2025), 2075); // +50: still ahead
        assert_eq!(full_year(76, 2025), 1976); // +51: the previous century
        assert_eq!(full_year(0, 2075), 2100); // -75 ≤ -50: the next century
        assert_eq!(full_year(26, 2075), 2026); // -49: this century
        assert_eq!(full_year(99, 2000), 1999);
    }

    #[test]
    fn reads_dates_and_the_last_day_of_the_month() {
        let read_date = |s: &str, year| read(YYMMDD, s.as_bytes(), today(year)).map(|d| d.date);
        assert_eq!(
            read_date("250531", 2025),
            Ok(Date::new(2025, 5, 31).unwrap())
        );
        assert_eq!(
            read_date("240200", 2025),
            Ok(Date::new(2024, 2, 29).unwrap())
        );
        assert_eq!(
            read_date("250200", 2025),
            Ok(Date::new(2025, 2, 28).unwrap())
        );
        assert_eq!(read_date("251300", 2025), Err(DateProblem::NotAMonth(13)));
        assert_eq!(read_date("250000", 2025), Err(DateProblem::NotAMonth(0)));
        assert_eq!(
            read_date("250230", 2025),
            Err(DateProblem::NoSuchDay {
                year: 2025,
                month: 2,
                day: 30
            })
        );
    }

    #[test]
    fn reads_times_and_unknown_times() {
        let layout = &[
            (DateField::Year2, false),
            (DateField::Month, false),
            (DateField::Day, false),
            (DateField::Hour, false),
            (DateField::Minute, true),
            (DateField::Second, true),
        ];
        let t = |s: &str| read(layout, s.as_bytes(), today(2025));
        assert_eq!(
            t("25053114").unwrap().time,
            Some(Time {
                hour: 14,
                minute: 0,
                second: 0
            })
        );
        assert_eq!(
            t("250531143059").unwrap().time,
            Some(Time {
                hour: 14,
                minute: 30,
                second: 59
            })
        );
        assert_eq!(t("2505319999").unwrap().time, None);
        assert_eq!(t("25053124"), Err(DateProblem::NotAnHour(24)));
        assert_eq!(t("2505312360"), Err(DateProblem::NotAMinute(60)));
    }

    #[test]
    fn checks_the_second_date_of_a_range() {
        let layout = &[
            (DateField::Year2, false),
            (DateField::Month, false),
            (DateField::Day, false),
            (DateField::EndYear2, true),
            (DateField::EndMonth, true),
            (DateField::EndDay, true),
        ];
        let t = |s: &str| read(layout, s.as_bytes(), today(2025));
        assert_eq!(t("250801").unwrap().date, Date::new(2025, 8, 1).unwrap());
        assert_eq!(
            t("250801250831").unwrap().date,
            Date::new(2025, 8, 1).unwrap()
        );
        assert_eq!(t("250801251331"), Err(DateProblem::NotAMonth(13)));
    }
}
