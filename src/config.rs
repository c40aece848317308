//! A school's settings: `jiaoke.toml` in the inbox or given with `--config`.
