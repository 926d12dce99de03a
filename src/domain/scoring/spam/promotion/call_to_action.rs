//! "Check out my channel", "follow us on instagram", "subscribe please":
//! a request aimed at the writer's own things.

use super::{phrase_at, PromotionWords};
use crate::config::RuleWeights;
use crate::domain::normalize::{is_link_token, NormalizedText, Token};
use crate::domain::scoring::spam::spam;
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Words after which an imperative still starts the clause: "please
/// subscribe", "hey guys check out", "you should watch", "go visit",
/// "anyway check out". ("plz" and "pls" arrive as "please": the normaliser
/// folds them.)
const LEAD_INS: [&str; 32] = [
    "please",
    "plese",
    "pleas",
    "guys",
    "everyone",
    "everybody",
    "and",
    "also",
    "so",
    "just",
    "now",
    "go",
    "come",
    "hey",
    "hi",
    "hello",
    "then",
    "u",
    "ya",
    "yall",
    "should",
    "could",
    "can",
    "gotta",
    "do",
    "anyway",
    "anyways",
    "btw",
    "ok",
    "okay",
    "oh",
    "yo",
];

/// Lead-ins that are modals: "you should check out", "can you visit".
const MODALS: [&str; 5] = ["should", "could", "can", "gotta", "do"];

/// Subjects that make a modal's verb someone else's act: "I can install
/// it on my site", "they should visit my town".
const OTHER_SUBJECTS: [&str; 9] = ["i", "we", "he", "she", "they", "it", "who", "which", "that"];

/// Words that, followed by "to", introduce a request: "don't forget to
/// subscribe", "care to visit my blog", "feel free to check out".
const TO_LEAD_INS: [&str; 5] = ["forget", "care", "remember", "sure", "free"];

/// Words for "my" and "our", in English and in the languages self-promotion
/// most often arrives in ("suscríbete a mi canal", "abonnez-vous à ma chaîne").
const POSSESSIVES: [&str; 19] = [
    "my", "our", "mine", "mah", "mi", "mis", "nuestro", "nuestra", "meu", "minha", "nosso", "mon",
    "ma", "mes", "notre", "mein", "meine", "meinen", "unser",
];

/// Verbs readers use to cite a source ("see https://…", "watch the hearing
/// on youtube"): they are a pitch only when aimed at the writer's own things.
const CITING: [&str; 11] = [
    "see", "read", "look", "take", "give", "try", "watch", "listen", "go", "come", "search",
];

/// Words that make a request a plea.
const PLEAS: [&str; 3] = ["please", "plese", "pleas"];

/// Verbs whose object may be the writer in person: "subscribe to me",
/// "check me out", "add me", "follow us".
const PERSONAL_VERBS: [&str; 11] = [
    "subscribe",
    "subcribe",
    "subscribing",
    "sub",
    "follow",
    "add",
    "support",
    "check",
    "checkout",
    "vote",
    "checking",
];

/// Verbs that are a request on their own, without an object ("subscribe!"),
/// in English and in the other languages of `cta_verbs.txt`. Aimed at the
/// writer's own things they are a pitch wherever they stand ("I'd love it if
/// you subscribed to my channel").
const BARE_VERBS: [&str; 12] = [
    "subscribe",
    "subcribe",
    "sub",
    "suscribete",
    "suscribanse",
    "suscribirse",
    "subscribirse",
    "suscribir",
    "inscrevase",
    "inscreva",
    "abonnez",
    "iscriviti",
];

/// A comment up to this long that asks for something and carries a link is
/// asking for the link.
const SHORT_WORDS: usize = 30;

/// How far after the verb its object may be, in words.
const OBJECT_REACH: usize = 5;

/// What a call to action was aimed at, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// A bare "subscribe".
    Bare,
    /// "this video", "the playlist": something, perhaps not the writer's.
    Thing,
    /// "Check out Melbourne shuffle": a name to look up, the commonest
    /// opening of a pitch.
    Named,
    /// "me", "my channel", "our song", a link or a platform.
    Own,
}

/// "Check out my channel", "follow us on instagram", "subscribe please".
pub(in crate::domain::scoring::spam) struct CallToAction {
    pub words: std::sync::Arc<PromotionWords>,
    pub weights: RuleWeights,
}

/// Words after "check out" that do not start a name: what follows is
/// described ("check out the report", "check out how it works").
const NOT_NAMES: [&str; 27] = [
    "the", "a", "an", "this", "that", "these", "those", "it", "them", "his", "her", "their",
    "your", "its", "how", "what", "why", "where", "who", "when", "if", "whether", "some", "any",
    "all", "which", "both",
];

/// Words before "check out" that make it a report of what someone did or
/// will do rather than a request.
const REPORTERS: [&str; 14] = [
    "i", "i'll", "ill", "we", "we'll", "will", "gonna", "to", "i'd", "would", "did", "didn't",
    "they", "he",
];

/// "Check out Melbourne shuffle", "check out nuketown rap": a name right
/// after "check out", as opposed to a description of what to check.
fn named_after_check_out(text: &NormalizedText, i: usize) -> Option<Target> {
    let tokens = text.tokens();
    let name_at = match tokens[i].as_str() {
        "check"
            if tokens.get(i + 1).is_some_and(|t| t == "out") && !text.clause_ends_after(i + 1) =>
        {
            i + 2
        }
        "checkout" if !text.clause_ends_after(i) => i + 1,
        _ => return None,
    };
    let name = tokens.get(name_at)?;
    let names = name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && !NOT_NAMES.contains(&name.as_str())
        // "my …" is owned, not a name: the object decides.
        && !POSSESSIVES.contains(&name.as_str())
        && !is_link_token(name);
    names.then_some(Target::Named)
}

/// Determiners of a thing that is not the writer's.
const OTHERS: [&str; 8] = ["the", "a", "an", "his", "her", "their", "its", "your"];

/// Relative pronouns: "a newsletter to which you could subscribe" has its
/// object before the verb.
const RELATIVES: [&str; 3] = ["which", "whom", "whose"];

/// "You should subscribe to the newsletter", "a newsletter to which you
/// could subscribe": a subscription to something named as somebody else's,
/// which is a reader's tip, not a bare request.
fn subscribes_elsewhere(tokens: &[Token], verb_at: usize) -> bool {
    let word = |k: usize| tokens.get(verb_at + k).map(Token::as_str);
    let names_whose =
        matches!(word(1), Some("to" | "for")) && word(2).is_some_and(|w| OTHERS.contains(&w));
    let relative = tokens[verb_at.saturating_sub(3)..verb_at]
        .iter()
        .any(|t| RELATIVES.contains(&t.as_str()));
    names_whose || relative
}

impl PromotionWords {
    fn starts_clause(&self, text: &NormalizedText, i: usize) -> bool {
        let tokens = text.tokens();
        let Some(before) = i.checked_sub(1).map(|b| tokens[b].as_str()) else {
            return true;
        };
        // "I can install it on my site": a modal with a subject other than
        // the reader reports what someone may do; it asks nothing.
        let modal_of_another =
            MODALS.contains(&before) && i >= 2 && OTHER_SUBJECTS.contains(&tokens[i - 2].as_str());
        text.clause_ends_after(i - 1)
            || is_link_token(before)
            || (LEAD_INS.contains(&before) && !modal_of_another)
            // "like & share", "like and subscribe": one request after another.
            || self.verbs.contains(before)
            || (before == "to"
                && i >= 2
                && TO_LEAD_INS.contains(&tokens[i - 2].as_str()))
    }
}

impl CallToAction {
    /// What the request at token `i` asks for, if it is one.
    fn target(&self, text: &NormalizedText, i: usize, has_link: bool) -> Option<Target> {
        let tokens = text.tokens();
        let verb = tokens[i].as_str();
        let mut best = named_after_check_out(text, i);
        let mut j = i + 1;
        while j < tokens.len() && j <= i + OBJECT_REACH {
            let word = tokens[j].as_str();
            let next_is_noun = |from: usize| {
                tokens
                    .iter()
                    .skip(from + 1)
                    .take(3)
                    .any(|t| self.words.is_promotable(t))
            };
            let citing = CITING.contains(&verb);
            let found = match word {
                _ if POSSESSIVES.contains(&word) && next_is_noun(j) => Some(Target::Own),
                // "Check out my girl", "check out our stuff": whatever follows,
                // it is the writer's. ("Check my math" is not "check out".)
                _ if POSSESSIVES.contains(&word)
                    && tokens[j - 1] == "out"
                    && !self.words.owns_thread_part(text, j + 1) =>
                {
                    Some(Target::Own)
                }
                "me" | "us" if PERSONAL_VERBS.contains(&verb) => Some(Target::Own),
                _ if citing => None,
                _ if is_link_token(word) || self.words.platforms.contains(word) => {
                    Some(Target::Own)
                }
                "this" | "these" | "the" | "that" if next_is_noun(j) => Some(Target::Thing),
                // "check out "starlitnightsky" channel": a named channel or
                // song, whoever's it is. ("Just like any other music video"
                // compares: "like" needs its determiner.)
                _ if verb != "like" && self.words.is_noun(word) => Some(Target::Thing),
                _ => None,
            };
            best = best.max(found);
            if text.clause_ends_after(j) {
                break;
            }
            j += 1;
        }
        match best {
            None if BARE_VERBS.contains(&verb) && !subscribes_elsewhere(tokens, i) => {
                Some(Target::Bare)
            }
            // "Vote for him please! http://…": in a short comment the link is
            // the object; in a long one it is more likely a citation.
            None if has_link && !CITING.contains(&verb) && tokens.len() <= SHORT_WORDS => {
                Some(Target::Thing)
            }
            best => best,
        }
    }
}

impl Rule for CallToAction {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let text = input.text;
        let tokens = text.tokens();
        let mut strongest: Option<(Target, usize)> = None;
        for (i, (token, hash)) in tokens.iter().zip(text.hashes()).enumerate() {
            if !self.words.verb_hashes.contains(hash) || !self.words.verbs.contains(token.as_str())
            {
                continue;
            }
            let target = self.target(text, i, !input.links.is_empty());
            let target = if self.words.starts_clause(text, i) {
                target
            } else {
                target.filter(|t| match t {
                    Target::Own => BARE_VERBS.contains(&token.as_str()),
                    // "this is cool check out sexy and i know it"; but "I'll
                    // check out Bellingcat" reports what the writer will do.
                    Target::Named => !REPORTERS.contains(&tokens[i - 1].as_str()),
                    _ => false,
                })
            };
            if let Some(target) = target {
                if strongest.is_none_or(|(best, _)| target > best) {
                    strongest = Some((target, i));
                }
            }
        }
        let Some((target, at)) = strongest else {
            return;
        };
        let base = self.weights.call_to_action;
        let mut weight = match target {
            Target::Own => base,
            Target::Named => base * 0.9,
            Target::Thing | Target::Bare => base * 0.8,
        };
        let pleading = tokens.iter().any(|t| PLEAS.contains(&t.as_str()));
        if pleading {
            weight += 0.1;
        }
        if !input.links.is_empty() && target != Target::Own {
            weight += 0.1;
        }
        let phrase = phrase_at(tokens, at);
        hits.push(spam(
            "call_to_action",
            weight.min(0.9),
            format!("asks readers to act for the writer: \"{}\"", phrase),
            vec![tokens[at].to_string()],
        ));
    }
}
