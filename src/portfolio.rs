//! Many customers at once: the portfolio table and one runbook each (issue 6).
