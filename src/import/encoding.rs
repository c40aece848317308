//! Placeholder until the text-format readers land.
