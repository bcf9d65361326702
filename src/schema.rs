//! The JSON Schema of the article record, as `readout schema` prints it.

/// JSON Schema (draft 2020-12) of schema "readout/1".
pub const JSON_SCHEMA: &str = include_str!("../schema/readout-1.schema.json");
