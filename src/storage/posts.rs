//! Posts and their registered authors.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, IntoActiveModel,
};

use super::entities::posts;
use super::StorageError;

/// What a moderator registers about a post.
#[derive(Debug, Clone)]
pub struct PostRegistration {
    pub author_email: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// Creates the post or updates it; fields left out keep their values.
pub async fn register(
    db: &DatabaseConnection,
    post_id: &str,
    reg: PostRegistration,
) -> Result<posts::Model, StorageError> {
    let existing = posts::Entity::find_by_id(post_id.to_owned())
        .one(db)
        .await?;
    let model = match existing {
        Some(post) => {
            let mut active = post.into_active_model();
            active.author_email = Set(Some(reg.author_email));
            if let Some(title) = reg.title {
                active.title = Set(Some(title));
            }
            if let Some(url) = reg.url {
                active.url = Set(Some(url));
            }
            active.update(db).await?
        }
        None => {
            posts::ActiveModel {
                id: Set(post_id.to_owned()),
                url: Set(reg.url),
                title: Set(reg.title),
                author_email: Set(Some(reg.author_email)),
                created_at: Set(Utc::now()),
            }
            .insert(db)
            .await?
        }
    };
    Ok(model)
}
