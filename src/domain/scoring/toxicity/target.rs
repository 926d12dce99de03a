//! Who a remark is aimed at: the reader, a person, a group, or no one.

use super::Toxicity;
use crate::domain::normalize::NormalizedText;
use crate::domain::scoring::lexicon::Found;

pub(super) const SECOND_PERSON: [&str; 9] = [
    "you", "u", "ya", "you're", "youre", "ur", "yourself", "y'all", "yall",
];
pub(super) const OBJECTS: [&str; 10] = [
    "you", "u", "ya", "him", "her", "them", "y'all", "yall", "yourself", "ur",
];
const PERSONS: [&str; 24] = [
    "he",
    "she",
    "they",
    "author",
    "writer",
    "writers",
    "reporter",
    "journalist",
    "columnist",
    "guy",
    "man",
    "woman",
    "person",
    "people",
    "everyone",
    "anyone",
    "whoever",
    "poster",
    "commenter",
    "op",
    "moderator",
    "editor",
    "dude",
    "idiot",
];
const COPULAS: [&str; 8] = ["is", "are", "was", "were", "'s", "he's", "she's", "they're"];
pub(super) const NEGATIONS: [&str; 6] = ["not", "never", "no", "isn't", "aren't", "nobody"];
/// Words that may sit between a target and an insult without changing who
/// is addressed: "you are such a total idiot".
const FILLERS: [&str; 34] = [
    "are",
    "r",
    "re",
    "a",
    "an",
    "such",
    "so",
    "total",
    "totally",
    "complete",
    "completely",
    "absolute",
    "absolutely",
    "utter",
    "real",
    "really",
    "just",
    "the",
    "biggest",
    "most",
    "little",
    "big",
    "fat",
    "old",
    "as",
    "like",
    "one",
    "of",
    "bunch",
    "nothing",
    "but",
    "being",
    "very",
    "too",
];
const ARTICLES: [&str; 4] = ["a", "an", "such", "bunch"];

/// How an insult at token `at` is aimed, looking back within its clause.
#[derive(Debug, PartialEq)]
pub(super) enum Target {
    SecondPerson,
    /// "your stupid article": the person through their work.
    Possessive,
    Person,
    Group,
    None,
}

impl Toxicity {
    pub(super) fn target(&self, text: &NormalizedText, at: usize) -> Target {
        let tokens = text.tokens();
        let mut saw_article = false;
        let mut i = at;
        while i > 0 {
            i -= 1;
            if text.clause_ends_after(i) {
                break;
            }
            let t = tokens[i].as_str();
            if NEGATIONS.contains(&t) {
                return Target::None;
            }
            if SECOND_PERSON.contains(&t) {
                return Target::SecondPerson;
            }
            if t == "your" {
                return Target::Possessive;
            }
            if COPULAS.contains(&t) || t.ends_with("'s") {
                let subject = if t.ends_with("'s") && t.len() > 2 {
                    Some(t.trim_end_matches("'s"))
                } else {
                    i.checked_sub(1).map(|s| tokens[s].as_str())
                };
                if subject.is_some_and(|s| SECOND_PERSON.contains(&s)) {
                    return Target::SecondPerson;
                }
                if i > 0 && self.groups.contains(subject.unwrap_or_default())
                    || (i > 1
                        && self
                            .groups
                            .match_at(tokens, i - 2)
                            .is_some_and(|f| f.end == i))
                {
                    return Target::Group;
                }
                if subject.is_some_and(|s| PERSONS.contains(&s)) || saw_article {
                    return Target::Person;
                }
                return Target::None;
            }
            if ARTICLES.contains(&t) {
                saw_article = true;
            }
            if !FILLERS.contains(&t) && !self.insults.contains(t) && !self.strong.contains(t) {
                return Target::None;
            }
        }
        Target::None
    }

    /// "an idiot like you", "fuck you": the addressee follows the insult.
    pub(super) fn followed_by_you(text: &NormalizedText, found: &Found) -> bool {
        let tokens = text.tokens();
        (found.end..(found.end + 2).min(tokens.len()))
            .take_while(|i| *i == found.end || !text.clause_ends_after(i - 1))
            .any(|i| SECOND_PERSON.contains(&tokens[i].as_str()))
            && !text.clause_ends_after(found.end - 1)
    }
}
