//! Panics caught where one file or one output must not stop the run (see
//! [`crate::output::OutputSet::build`] and the import stage).
//!
//! jiaoke reads files it has never seen with libraries that have panicked on corrupt input
//! in several releases. A panic while one file is read or normalized, or while one output is
//! built, becomes a message about that file or output; the run goes on with the rest. The
//! panic hook stays quiet for panics caught here (they are reported as findings or messages)
//! and prints every other panic as usual.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it comes back as `Err` with the panic's message.
///
/// ```
/// assert_eq!(jiaoke::guard::catch(|| 1 + 1), Ok(2));
/// let err = jiaoke::guard::catch(|| -> u8 { panic!("boom") }).unwrap_err();
/// assert_eq!(err, "boom");
/// ```
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "内部错误".to_string())
    })
}

/// Installs a panic hook that stays quiet for panics caught by [`catch`] and reports every
/// other panic as usual.
pub fn install_quiet_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(Cell::get) {
            default(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_guards_restore_the_outer_state() {
        let inner = catch(|| {
            let _ = catch(|| -> () { panic!("inner") });
            GUARDED.with(Cell::get)
        });
        assert_eq!(inner, Ok(true), "still guarded after an inner catch");
        assert!(!GUARDED.with(Cell::get));
    }
}
