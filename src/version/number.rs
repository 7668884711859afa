//! Dotted version numbers as NAV and BC print them: `11.0.44952.0`, `11.0.44952`, `14.21`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A version number of two to four numeric parts. NAV platform and application: `major.0.build.0`;
/// BC application `major.minor.build.0`, BC platform `major.0.build.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber {
    pub major: u32,
    pub minor: u32,
    pub build: Option<u32>,
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a version number of 2 to 4 dotted parts")]
pub struct NumberError(pub String);

impl FromStr for VersionNumber {
    type Err = NumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || NumberError(text.to_string());
        let parts: Vec<&str> = text.split('.').collect();
        if !(2..=4).contains(&parts.len()) {
            return Err(bad());
        }
        let mut numbers = Vec::with_capacity(4);
        for part in &parts {
            // Digits only: `u32::from_str` would also take a leading `+`.
            if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            numbers.push(part.parse::<u32>().map_err(|_| bad())?);
        }
        Ok(VersionNumber {
            major: numbers[0],
            minor: numbers[1],
            build: numbers.get(2).copied(),
            revision: numbers.get(3).copied(),
        })
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(build) = self.build {
            write!(f, ".{build}")?;
        }
        if let Some(revision) = self.revision {
            write!(f, ".{revision}")?;
        }
        Ok(())
    }
}

impl Serialize for VersionNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VersionNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_two_three_and_four_parts() {
        let four: VersionNumber = "11.0.44952.0".parse().unwrap();
        assert_eq!(
            (four.major, four.minor, four.build, four.revision),
            (11, 0, Some(44952), Some(0))
        );
        let three: VersionNumber = "11.0.44952".parse().unwrap();
        assert_eq!(three.build, Some(44952));
        assert_eq!(three.revision, None);
        let two: VersionNumber = "14.21".parse().unwrap();
        assert_eq!((two.major, two.minor, two.build), (14, 21, None));
        assert_eq!(four.to_string(), "11.0.44952.0");
    }

    #[test]
    fn refuses_other_shapes() {
        for text in [
            "",
            "11",
            "11.",
            ".1",
            "1.2.3.4.5",
            "11.0.x",
            "+1.2",
            "1.2 .3",
            "99999999999.0",
        ] {
            assert!(
                text.parse::<VersionNumber>().is_err(),
                "{text:?} should be refused"
            );
        }
    }
}
