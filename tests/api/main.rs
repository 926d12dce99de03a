//! Integration tests: a real moderato on port 0, on a fresh SQLite database
//! and, when MODERATO_TEST_DATABASE_URL is set, on a fresh PostgreSQL one.

mod helpers;
mod pairs;
mod process;
mod smtp;

mod binary;
mod browser;
mod burst;
mod config;
mod contract;
mod faults;
mod group_attacks;
mod group_commit;
mod health;
mod history_lookups;
mod idempotency;
mod insults;
mod learning;
mod listing;
mod metrics;
mod moderation_auth;
mod moderation_decisions;
mod moderation_page;
mod moderation_queue;
mod notifications;
mod offers_and_attacks;
mod openapi;
mod privacy;
mod properties;
mod quality;
mod rate_limits;
mod replicas;
mod retention;
mod score;
mod scoring_cases;
mod self_promotion;
mod submission;
mod submitter_history;
mod text_art;
mod validation;
mod web_safety;
mod wished_harm;
