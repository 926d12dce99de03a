//! Background tasks that run beside the HTTP server.

pub mod model_refresh;
pub mod retention;
