//! Loading settings: layering and unknown keys.

use std::fs;

use moderato::config::Settings;

fn config_dir_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let default = fs::read_to_string("config/default.toml").unwrap();
    fs::write(
        dir.path().join("default.toml"),
        format!("{default}\n{extra}"),
    )
    .unwrap();
    dir
}

#[test]
fn the_shipped_configuration_loads() {
    let settings = Settings::load_from(std::path::Path::new("config")).unwrap();
    assert_eq!(settings.server.port, 8080);
    assert_eq!(settings.server.host, "127.0.0.1");
    assert!(!settings.database.is_postgres());
}

#[test]
fn an_unknown_key_is_an_error_that_names_it() {
    let dir = config_dir_with("[telemetry.extra]\nsurprise_key = 1\n");
    let err = Settings::load_from(dir.path()).unwrap_err().to_string();
    assert!(err.contains("extra"), "{err}");

    let dir = config_dir_with("[mystery_section]\nx = 1\n");
    let err = Settings::load_from(dir.path()).unwrap_err().to_string();
    assert!(err.contains("mystery_section"), "{err}");
}

#[test]
fn inconsistent_thresholds_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let default = fs::read_to_string("config/default.toml").unwrap().replace(
        "review_at = 0.5\nreject_at = 0.9",
        "review_at = 0.95\nreject_at = 0.9",
    );
    fs::write(dir.path().join("default.toml"), default).unwrap();
    let err = Settings::load_from(dir.path()).unwrap_err().to_string();
    assert!(err.contains("scoring.thresholds"), "{err}");
}

#[test]
fn secrets_in_the_database_url_never_print() {
    let mut settings = Settings::load_from(std::path::Path::new("config")).unwrap();
    settings.database.url = "postgres://app:hunter2@db/moderato".to_string().into();
    assert!(!format!("{settings:?}").contains("hunter2"));
}
