//! Renderers: Markdown, HTML, JSON, DOT, Mermaid and terminal tables (issue 5).
