//! Step selection, the step DAG and its stable order (issue 5).
