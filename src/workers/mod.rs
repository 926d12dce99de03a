//! Background tasks that run beside the HTTP server.

pub mod housekeeping;
pub mod model_refresh;
pub mod retention;
