//! Integration tests: a real moderato on port 0, on a fresh SQLite database
//! and, when MODERATO_TEST_DATABASE_URL is set, on a fresh PostgreSQL one.

mod helpers;

mod binary;
mod config;
mod health;
mod listing;
mod score;
mod submission;
mod validation;
