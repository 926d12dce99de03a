//! Background tasks that run beside the HTTP server.

pub mod retention;
