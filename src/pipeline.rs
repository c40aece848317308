//! The one place where import → normalize → check → report are wired.
