//! The public listing: approved comments, oldest first, cursor-paginated.

use serde_json::json;

use crate::backend_tests;
use crate::helpers::clean_comment;

backend_tests! {
    async fn comments_are_listed_oldest_first_across_pages(app) {
        let mut ids = Vec::new();
        for n in 0..5 {
            let mut c = clean_comment("post-1");
            c["body"] = json!(format!("Comment number {n}"));
            ids.push(app.submit(&c).await["id"].as_str().unwrap().to_owned());
        }

        let mut seen = Vec::new();
        let mut query = "?limit=2".to_owned();
        let mut pages = 0;
        loop {
            let page = app.list("post-1", &query).await;
            pages += 1;
            for item in page["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, ids);
    }

    async fn an_unknown_post_has_an_empty_list(app) {
        let page = app.list("never-commented", "").await;
        assert_eq!(page, json!({"items": [], "next_cursor": null}));
    }

    async fn comments_of_other_posts_are_not_listed(app) {
        app.submit(&clean_comment("post-1")).await;
        app.submit(&clean_comment("post-2")).await;
        assert_eq!(app.list("post-2", "").await["items"].as_array().unwrap().len(), 1);
    }
}
