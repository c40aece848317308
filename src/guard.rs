//! Running one piece of work so that a panic inside it becomes an error message instead of
//! ending the program: one output that cannot be built must not cost the others (see
//! [`crate::report::output::OutputSet::build`]). Panics caught here are not printed by the
//! panic hook ([`install_quiet_panic_hook`]); the caller reports them in its own words.
//!
//! The import stage guards each file's reader the same way, with its own flag
//! ([`crate::import::install_quiet_panic_hook`]); both hooks are installed by the binary.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it is returned as `Err` with the panic's message.
///
/// `f` is treated as unwind safe: after a panic the caller throws away whatever `f` was
/// building.
///
/// ```
/// let r: Result<(), String> = jiaoke::guard::catching(|| panic!("boom"));
/// assert_eq!(r.unwrap_err(), "boom");
/// assert_eq!(jiaoke::guard::catching(|| 1 + 1), Ok(2));
/// ```
pub fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "内部错误".to_string())
    })
}

/// Installs a panic hook that stays quiet for panics caught by [`catching`] and hands every
/// other panic to the hook installed before it.
pub fn install_quiet_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(Cell::get) {
            previous(info);
        }
    }));
}
