//! Scoring settings: word lists, rule weights and decision thresholds.

use std::path::PathBuf;

use serde::Deserialize;

/// Rule weights, thresholds and word lists for `domain::scoring`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringSettings {
    pub min_fill_seconds: i64,
    pub blocklist_words_file: PathBuf,
    pub blocklist_domains_file: PathBuf,
    /// A folder of word lists (`*.txt`), each named by its file stem.
    pub lexicon_dir: PathBuf,
    /// Submissions from one IP or email within this many minutes count for velocity.
    pub velocity_window_minutes: i64,
    /// More submissions than this in the window is a burst.
    pub velocity_max: u64,
    /// The same body on another post within this many hours is a duplicate.
    pub duplicate_window_hours: i64,
    pub links: LinkSettings,
    pub weights: RuleWeights,
    pub thresholds: CategoryThresholds,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSettings {
    pub free: usize,
    pub weight_per_extra: f64,
    pub max_weight: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleWeights {
    pub honeypot: f64,
    pub too_fast: f64,
    pub blocklisted_domain: f64,
    pub blocklisted_word: f64,
    pub link_markup: f64,
    pub url_shortener: f64,
    /// A link to a crowdfunding, tipping or payment page: an appeal for money.
    pub fundraising_link: f64,
    pub author_url_in_body: f64,
    pub link_only: f64,
    pub solicitation: f64,
    pub self_promotion: f64,
    /// The writer's own channel or song named with no request or link
    /// beside it: "I covered this on my channel" is held only with other
    /// evidence.
    pub self_mention: f64,
    /// A request aimed at the writer's own things: "subscribe to my channel".
    pub call_to_action: f64,
    /// "Like this comment if …".
    pub engagement_bait: f64,
    /// "I'm a new rapper", "if I reach 100 subscribers".
    pub creator_pitch: f64,
    /// A link carrying a referral or affiliate code.
    pub referral_link: f64,
    /// "www. example .com", "example(dot)com", "(delete spaces)".
    pub disguised_link: f64,
    pub contact_bait: f64,
    pub praise_then_link: f64,
    pub keyword_author: f64,
    pub shouting: f64,
    pub emoji_flood: f64,
    /// A picture drawn in block or braille characters over several lines.
    pub text_art: f64,
    pub duplicate: f64,
    pub velocity: f64,
    pub spam_history: f64,
    /// Negative: earlier approved comments by the same email lower spam.
    pub trusted_author: f64,
    pub profanity_mild: f64,
    pub profanity_strong: f64,
    pub slur: f64,
    pub insult_targeted: f64,
    pub insult_untargeted: f64,
    pub threat: f64,
    pub identity_attack: f64,
    pub group_insult: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryThresholds {
    pub spam: Thresholds,
    pub toxicity: Thresholds,
    /// Toxicity sub-categories, each judged on its own hits.
    pub profanity: Thresholds,
    pub insult: Thresholds,
    pub threat: Thresholds,
    pub identity_attack: Thresholds,
}

/// A category's score at or above `review_at` holds the comment; at or above
/// `reject_at` rejects it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub review_at: f64,
    pub reject_at: f64,
}
