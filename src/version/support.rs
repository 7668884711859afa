//! Support status on the run date, from the lifecycle dates: a customer can be ready for OAuth
//! and still be out of support.

use chrono::NaiveDate;
use serde::Serialize;

use super::data::Lifecycle;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SupportStatus {
    /// Before the lifecycle start date.
    NotYetReleased { from: NaiveDate },
    /// Mainstream support (for a single-phase policy: in support) until `until`.
    Mainstream {
        until: NaiveDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        extended_until: Option<NaiveDate>,
    },
    /// Extended support (security fixes only) until `until`.
    Extended { until: NaiveDate },
    /// Support ended on `since` (the last day of support).
    OutOfSupport { since: NaiveDate },
    /// No lifecycle dates in the data (BC online, newest BC majors).
    Unknown,
}

pub fn support_status(lifecycle: Option<&Lifecycle>, today: NaiveDate) -> SupportStatus {
    let Some(lc) = lifecycle else {
        return SupportStatus::Unknown;
    };
    if today < lc.start {
        SupportStatus::NotYetReleased { from: lc.start }
    } else if today <= lc.mainstream_end {
        SupportStatus::Mainstream {
            until: lc.mainstream_end,
            extended_until: lc.extended_end,
        }
    } else {
        match lc.extended_end {
            Some(end) if today <= end => SupportStatus::Extended { until: end },
            Some(end) => SupportStatus::OutOfSupport { since: end },
            None => SupportStatus::OutOfSupport {
                since: lc.mainstream_end,
            },
        }
    }
}

impl SupportStatus {
    /// One line for people: "extended support until 2028-01-11".
    pub fn describe(&self) -> String {
        match self {
            SupportStatus::NotYetReleased { from } => format!("not released until {from}"),
            SupportStatus::Mainstream {
                until,
                extended_until: Some(ext),
            } => format!("mainstream support until {until}, extended support until {ext}"),
            SupportStatus::Mainstream { until, .. } => format!("in support until {until}"),
            SupportStatus::Extended { until } => {
                format!("extended support (security fixes only) until {until}")
            }
            SupportStatus::OutOfSupport { since } => {
                format!("out of support since {since}: no more fixes, not even for security")
            }
            SupportStatus::Unknown => "no lifecycle dates known to navplan".to_string(),
        }
    }

    /// A few words for a table cell: "extended until 2028-01-11".
    pub fn short(&self) -> String {
        match self {
            SupportStatus::NotYetReleased { from } => format!("from {from}"),
            SupportStatus::Mainstream { until, .. } => format!("mainstream until {until}"),
            SupportStatus::Extended { until } => format!("extended until {until}"),
            SupportStatus::OutOfSupport { since } => format!("ended {since}"),
            SupportStatus::Unknown => "unknown".to_string(),
        }
    }

    pub fn is_out_of_support(&self) -> bool {
        matches!(self, SupportStatus::OutOfSupport { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn lc(extended: Option<&str>) -> Lifecycle {
        Lifecycle {
            start: d("2017-12-01"),
            mainstream_end: d("2023-01-10"),
            extended_end: extended.map(d),
            source: "S-LC".into(),
            uncertain: None,
        }
    }

    #[test]
    fn phases_follow_the_dates_with_end_days_inclusive() {
        let l = lc(Some("2028-01-11"));
        assert!(matches!(
            support_status(Some(&l), d("2017-11-30")),
            SupportStatus::NotYetReleased { .. }
        ));
        assert!(matches!(
            support_status(Some(&l), d("2023-01-10")),
            SupportStatus::Mainstream { .. }
        ));
        assert_eq!(
            support_status(Some(&l), d("2023-01-11")),
            SupportStatus::Extended {
                until: d("2028-01-11")
            }
        );
        assert_eq!(
            support_status(Some(&l), d("2028-01-11")),
            SupportStatus::Extended {
                until: d("2028-01-11")
            }
        );
        assert_eq!(
            support_status(Some(&l), d("2028-01-12")),
            SupportStatus::OutOfSupport {
                since: d("2028-01-11")
            }
        );
    }

    #[test]
    fn single_phase_policy_ends_at_mainstream_end() {
        let l = lc(None);
        assert_eq!(
            support_status(Some(&l), d("2023-01-11")),
            SupportStatus::OutOfSupport {
                since: d("2023-01-10")
            }
        );
        assert_eq!(
            support_status(None, d("2023-01-11")),
            SupportStatus::Unknown
        );
    }
}
