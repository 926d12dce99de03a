use super::*;

const TEXT: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const OTHER_TEXT: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000) + Duration::seconds(seconds)
}

fn window() -> RecentSubmissions {
    RecentSubmissions::new(Duration::hours(1), CAPACITY)
}

fn store(
    recent: &mut RecentSubmissions,
    body: &str,
    post: &str,
    email: Option<&str>,
    ip: Option<&str>,
    seconds: i64,
) -> Uuid {
    let id = Uuid::now_v7();
    recent.remember(&Remembered {
        id,
        body_hash: body,
        post_id: post,
        email,
        ip,
        at: at(seconds),
    });
    id
}

fn ask<'a>(
    post: &'a str,
    email: Option<&'a str>,
    ip: Option<&'a str>,
    seconds: i64,
) -> Question<'a> {
    Question {
        body_hash: TEXT,
        post_id: post,
        email,
        ip,
        now: at(seconds),
        recent_since: at(seconds) - Duration::minutes(10),
        duplicates_since: at(seconds) - Duration::minutes(30),
        cap: 3,
        double_submit_since: Some(at(seconds) - Duration::seconds(120)),
    }
}

#[test]
fn the_same_text_counts_on_other_posts_only_and_up_to_the_cap() {
    let mut recent = window();
    store(&mut recent, TEXT, "a", None, Some("203.0.113.1"), 0);
    store(&mut recent, TEXT, "b", None, Some("203.0.113.2"), 1);
    store(&mut recent, OTHER_TEXT, "c", None, Some("203.0.113.3"), 2);
    let mut q = ask("a", None, None, 3);
    q.double_submit_since = None;
    assert_eq!(recent.answer(&q).duplicates_elsewhere, 1);
    for (i, post) in ["c", "d", "e", "f"].into_iter().enumerate() {
        store(&mut recent, TEXT, post, None, None, 4 + i as i64);
    }
    assert_eq!(recent.answer(&q).duplicates_elsewhere, 3, "capped");
}

#[test]
fn texts_older_than_the_duplicate_window_do_not_count_and_expire() {
    let mut recent = window();
    store(&mut recent, TEXT, "b", None, None, 0);
    let q = ask("a", None, None, 31 * 60);
    assert_eq!(
        recent.answer(&q).duplicates_elsewhere,
        0,
        "outside 30 minutes"
    );
    assert_eq!(recent.len(), 1, "still inside the hour");
    recent.answer(&ask("a", None, None, 61 * 60));
    assert!(recent.is_empty(), "expired after the hour");
}

#[test]
fn a_double_submit_is_the_same_submitters_first_comment_with_the_text_on_the_post() {
    let mut recent = window();
    let first = store(
        &mut recent,
        TEXT,
        "a",
        Some("r@example.com"),
        Some("203.0.113.1"),
        0,
    );
    store(
        &mut recent,
        TEXT,
        "a",
        Some("r@example.com"),
        Some("203.0.113.1"),
        5,
    );
    let anonymous = store(&mut recent, TEXT, "a", None, Some("198.51.100.7"), 6);
    let found = |q: Question<'_>, recent: &mut RecentSubmissions| recent.answer(&q).double_submit;
    assert_eq!(
        found(ask("a", Some("r@example.com"), None, 10), &mut recent),
        Some(first.to_string())
    );
    assert_eq!(
        found(ask("a", None, Some("198.51.100.7"), 10), &mut recent),
        Some(anonymous.to_string())
    );
    // The address of a comment that gave an email is not an anonymous
    // submitter, nor is an anonymous comment anyone's by email.
    assert_eq!(
        found(ask("a", None, Some("203.0.113.1"), 10), &mut recent),
        None
    );
    assert_eq!(
        found(
            ask("a", Some("other@example.com"), Some("198.51.100.7"), 10),
            &mut recent
        ),
        None
    );
    assert_eq!(
        found(ask("b", Some("r@example.com"), None, 10), &mut recent),
        None,
        "another post"
    );
    assert_eq!(
        found(ask("a", Some("r@example.com"), None, 200), &mut recent),
        None,
        "past the window"
    );
    let mut not_looking = ask("a", Some("r@example.com"), None, 10);
    not_looking.double_submit_since = None;
    assert_eq!(found(not_looking, &mut recent), None);
}

#[test]
fn past_capacity_the_oldest_entries_go_and_the_rest_still_answer() {
    let mut recent = RecentSubmissions::new(Duration::hours(1), 4);
    for (i, post) in ["a", "b", "c", "d", "e", "f"].into_iter().enumerate() {
        store(&mut recent, TEXT, post, None, None, i as i64);
    }
    assert_eq!(recent.len(), 4);
    let mut q = ask("z", None, None, 10);
    q.cap = 100;
    assert_eq!(recent.answer(&q).duplicates_elsewhere, 4);
    store(&mut recent, OTHER_TEXT, "a", None, None, 11);
    store(&mut recent, OTHER_TEXT, "a", None, None, 12);
    store(&mut recent, OTHER_TEXT, "a", None, None, 13);
    store(&mut recent, OTHER_TEXT, "a", None, None, 14);
    assert_eq!(
        recent.answer(&q).duplicates_elsewhere,
        0,
        "all of TEXT evicted"
    );
}

#[test]
fn an_address_counts_its_comments_in_the_velocity_window_up_to_the_cap() {
    let mut recent = window();
    store(&mut recent, TEXT, "a", None, Some("203.0.113.0/24"), 0);
    for i in 0..4 {
        store(
            &mut recent,
            OTHER_TEXT,
            "b",
            Some("r@example.com"),
            Some("203.0.113.0/24"),
            700 + i,
        );
    }
    store(
        &mut recent,
        OTHER_TEXT,
        "b",
        None,
        Some("198.51.100.0/24"),
        705,
    );
    let ip = |address, cap| {
        let mut q = ask("c", None, Some(address), 710);
        q.cap = cap;
        q
    };
    // The comment at 0 s is outside the ten minutes before 710 s.
    assert_eq!(recent.answer(&ip("203.0.113.0/24", 10)).recent_by_ip, 4);
    assert_eq!(recent.answer(&ip("203.0.113.0/24", 3)).recent_by_ip, 3);
    assert_eq!(recent.answer(&ip("198.51.100.0/24", 10)).recent_by_ip, 1);
    assert_eq!(recent.answer(&ip("192.0.2.0/24", 10)).recent_by_ip, 0);
    assert_eq!(
        recent.answer(&ask("c", None, None, 710)).recent_by_ip,
        0,
        "no address"
    );
}

#[test]
fn evicting_an_addresss_only_entry_forgets_the_address() {
    let mut recent = RecentSubmissions::new(Duration::hours(1), 2);
    store(&mut recent, TEXT, "a", None, Some("203.0.113.0/24"), 0);
    store(&mut recent, TEXT, "a", None, Some("198.51.100.0/24"), 1);
    store(&mut recent, TEXT, "a", None, Some("198.51.100.0/24"), 2);
    assert_eq!(
        recent
            .answer(&ask("c", None, Some("203.0.113.0/24"), 3))
            .recent_by_ip,
        0
    );
    assert_eq!(
        recent
            .answer(&ask("c", None, Some("198.51.100.0/24"), 3))
            .recent_by_ip,
        2
    );
}

#[test]
fn the_reach_is_the_oldest_entrys_age_up_to_the_window() {
    let mut recent = RecentSubmissions::new(Duration::hours(1), 2);
    assert_eq!(recent.reach(at(0)), Duration::zero());
    store(&mut recent, TEXT, "a", None, None, 0);
    assert_eq!(recent.reach(at(90)), Duration::seconds(90));
    // Full: the oldest goes, and the window reaches less far than an hour.
    store(&mut recent, TEXT, "b", None, None, 100);
    store(&mut recent, TEXT, "c", None, None, 200);
    assert_eq!(recent.reach(at(300)), Duration::seconds(200));
}
