//! moderato: self-hosted comment moderation. A blog posts each reader comment
//! here; moderato scores it for spam and toxicity, decides approve / review /
//! reject, stores it and serves the published comments back.

pub mod cli;
pub mod config;
pub mod domain;
pub mod eval;
pub mod limits;
pub mod metrics;
pub mod notify;
pub mod routes;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod training;
pub mod workers;
