//! Products, CUs, builds, installed-version specs and the OAuth gate (issue 2).
