//! Known errors: match a pasted message or log against data/errors.toml (issue 6).
