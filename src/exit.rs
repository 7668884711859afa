//! Exit codes: one place, documented in `--help` and `docs/exit-codes.md`.

/// The installation is ready for OAuth (or the command succeeded).
pub const OK: u8 = 0;
/// Bad input, unreadable files, bad data files, or a scan that had to skip something.
pub const ERROR: u8 = 1;
/// Wrong arguments (clap uses the same code for its own usage errors).
pub const USAGE: u8 = 2;
/// A covered version below the minimum CU: upgrade the platform and/or the application first.
pub const UPGRADE_REQUIRED: u8 = 3;
/// A version this procedure does not cover (NAV 2015 and older, BC 13, BC 16 and later, online).
pub const NOT_COVERED: u8 = 4;

/// The text shown at the end of `navplan --help` and of the gate commands.
pub const HELP: &str = "\
Exit codes:
  0  ready: platform and application are at or above the minimum CU (or the command succeeded)
  1  error: bad input, unreadable files or data, or a scan that skipped something
  2  usage: wrong arguments
  3  upgrade-required: a covered version below the minimum CU
  4  not-covered: a version this procedure does not cover";
