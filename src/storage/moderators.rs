//! Moderator accounts and their web sessions.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::entities::{moderator_sessions, moderators};
use super::StorageError;
use crate::domain::token;

/// A moderator who presented a valid credential.
#[derive(Debug, Clone)]
pub struct Moderator {
    pub id: String,
    pub name: String,
}

/// A live web session with its CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub moderator: Moderator,
    pub csrf_token: String,
}

/// Why an account could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("a moderator named {0} already exists")]
    NameTaken(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Adds a moderator with the given token hash.
pub async fn add(
    db: &DatabaseConnection,
    name: &str,
    email: &str,
    token_hash: &str,
) -> Result<(), AddError> {
    let exists = moderators::Entity::find()
        .filter(moderators::Column::Name.eq(name))
        .one(db)
        .await
        .map_err(StorageError::from)?;
    if exists.is_some() {
        return Err(AddError::NameTaken(name.to_owned()));
    }
    moderators::Entity::insert(moderators::ActiveModel {
        id: Set(Uuid::now_v7().to_string()),
        name: Set(name.to_owned()),
        email: Set(email.to_owned()),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await
    .map_err(StorageError::from)?;
    Ok(())
}

pub async fn list(db: &DatabaseConnection) -> Result<Vec<moderators::Model>, StorageError> {
    Ok(moderators::Entity::find()
        .order_by_asc(moderators::Column::Name)
        .all(db)
        .await?)
}

/// Revokes a moderator's token and ends their sessions. Returns false when no
/// active moderator has that name.
pub async fn revoke(db: &DatabaseConnection, name: &str) -> Result<bool, StorageError> {
    let Some(found) = moderators::Entity::find()
        .filter(moderators::Column::Name.eq(name))
        .filter(moderators::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    moderators::Entity::update_many()
        .col_expr(moderators::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(moderators::Column::Id.eq(found.id.clone()))
        .exec(db)
        .await?;
    moderator_sessions::Entity::delete_many()
        .filter(moderator_sessions::Column::ModeratorId.eq(found.id))
        .exec(db)
        .await?;
    Ok(true)
}

/// The active moderator whose API token this is.
pub async fn authenticate(
    db: &DatabaseConnection,
    secret: &str,
) -> Result<Option<Moderator>, StorageError> {
    let hash = token::hash(secret);
    let found = moderators::Entity::find()
        .filter(moderators::Column::TokenHash.eq(hash.clone()))
        .filter(moderators::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    Ok(found
        .filter(|m| token::equal(&m.token_hash, &hash))
        .map(|m| Moderator {
            id: m.id,
            name: m.name,
        }))
}

/// Starts a web session; the caller sets `secret` as the cookie.
pub async fn create_session(
    db: &DatabaseConnection,
    moderator: &Moderator,
    session_hash: &str,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), StorageError> {
    moderator_sessions::Entity::insert(moderator_sessions::ActiveModel {
        token_hash: Set(session_hash.to_owned()),
        moderator_id: Set(moderator.id.clone()),
        csrf_token: Set(csrf_token.to_owned()),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The unexpired session for this cookie value, if its moderator is active.
pub async fn find_session(
    db: &DatabaseConnection,
    secret: &str,
) -> Result<Option<Session>, StorageError> {
    let hash = token::hash(secret);
    let Some(session) = moderator_sessions::Entity::find_by_id(hash)
        .filter(moderator_sessions::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let moderator = moderators::Entity::find_by_id(session.moderator_id.clone())
        .filter(moderators::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    Ok(moderator.map(|m| Session {
        moderator: Moderator {
            id: m.id,
            name: m.name,
        },
        csrf_token: session.csrf_token,
    }))
}

pub async fn end_session(db: &DatabaseConnection, secret: &str) -> Result<(), StorageError> {
    moderator_sessions::Entity::delete_by_id(token::hash(secret))
        .exec(db)
        .await?;
    Ok(())
}
