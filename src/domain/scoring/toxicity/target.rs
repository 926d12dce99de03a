//! Who a remark is aimed at: the reader, a person, a group, or no one.

use super::Toxicity;
use crate::domain::normalize::{NormalizedText, Token};
use crate::domain::scoring::lexicon::Found;

pub(super) const SECOND_PERSON: [&str; 9] = [
    "you", "u", "ya", "you're", "youre", "ur", "yourself", "y'all", "yall",
];
pub(super) const OBJECTS: [&str; 10] = [
    "you", "u", "ya", "him", "her", "them", "y'all", "yall", "yourself", "ur",
];
const PERSONS: [&str; 38] = [
    "he",
    "she",
    "they",
    "author",
    "writer",
    "writers",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "columnist",
    "guy",
    "guys",
    "man",
    "men",
    "woman",
    "women",
    "person",
    "people",
    "folks",
    "kids",
    "fans",
    "voters",
    "supporters",
    "politicians",
    "everyone",
    "anyone",
    "whoever",
    "poster",
    "posters",
    "commenter",
    "commenters",
    "op",
    "moderator",
    "editor",
    "dude",
    "dudes",
    "idiot",
];
const COPULAS: [&str; 8] = ["is", "are", "was", "were", "'s", "he's", "she's", "they're"];
/// Verbs that say what someone is like, as a copula does: "you sound like
/// an idiot", "he acts like a jerk".
const LINKING: [&str; 15] = [
    "sound", "sounds", "sounded", "look", "looks", "looked", "act", "acts", "acted", "acting",
    "seem", "seems", "behave", "behaves", "behaving",
];
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
/// Words that point an insult noun at whoever it names: "these idiots",
/// "what a jerk", "another crop of cowards". ("Such" is left out: "I'm such
/// an idiot" is said of oneself.)
const POINTERS: [&str; 10] = [
    "this", "that", "these", "those", "what", "another", "bunch", "crop", "pack", "gang",
];
const DEMONSTRATIVES: [&str; 4] = ["this", "that", "these", "those"];
/// What before "be"/"being" makes it an order to the reader: "stop being a…".
const ADDRESSING_BE: [&str; 6] = ["stop", "quit", "don't", "dont", "never", "just"];
/// Words that join or relate rather than name: after an adjective they
/// leave it standing for a person ("a stupid and lazy …", "stupid as …").
const CONNECTIVES: [&str; 12] = [
    "and", "or", "but", "nor", "yet", "than", "who", "whom", "that", "which", "like", "as",
];

/// Words that follow a noun phrase: "a stupid idea of theirs", "an idiotic
/// waste of money", "a dumb question in itself".
const AFTER_NOUNS: [&str; 16] = [
    "of", "in", "on", "for", "to", "with", "at", "from", "by", "that", "which", "and", "or", "but",
    "is", "was",
];

/// Subjects that make a remark self-deprecation, not an attack.
const FIRST_PERSON: [&str; 6] = ["i", "me", "we", "us", "myself", "ourselves"];
/// Words after "fuck" that name who it is aimed at: "fuck this guy".
const DETERMINERS: [&str; 6] = ["the", "this", "that", "these", "those", "all"];
/// Adjectives no list holds may stand between a pointer and an insult noun
/// ("this delusional, arrogant jerk"), up to this many.
const MAX_UNKNOWN_ADJECTIVES: usize = 2;

/// What the look back from an insult to its copula saw.
struct Aimed {
    /// The insult is a noun that can only mean a person.
    noun: bool,
    /// "a"/"an"/"such" came before it, and it names no thing after it.
    saw_article: bool,
    /// Only fillers and insults stood between the copula and it: it is
    /// what the subject is said to be.
    predicate: bool,
}

/// How an insult is aimed, looking back within its clause.
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
    pub(super) fn target(&self, text: &NormalizedText, found: &Found) -> Target {
        let tokens = text.tokens();
        // An insult noun ("jerk", "cowards") can only mean a person, so more
        // of what stands before it points it at someone than for an
        // adjective like "stupid", which may describe an idea.
        let noun = self.person_nouns.contains(&found.entry);
        if noun {
            if let Some(target) = Self::vocative(text, found) {
                return target;
            }
        }
        let mut saw_article = false;
        let mut saw_the = false;
        let mut unknown = 0;
        let mut i = found.start;
        while i > 0 {
            i -= 1;
            if text.clause_ends_after(i) {
                break;
            }
            let t = tokens[i].as_str();
            if NEGATIONS.contains(&t) {
                return Target::None;
            }
            // "You delusional idiot" still addresses the reader; "you called
            // them idiots" does not.
            if SECOND_PERSON.contains(&t) && unknown <= 1 {
                return Target::SecondPerson;
            }
            if t == "your" && unknown <= 1 {
                return Target::Possessive;
            }
            // "Stop being a coward", "don't be an idiot": said to the reader.
            if matches!(t, "be" | "being")
                && i > 0
                && ADDRESSING_BE.contains(&tokens[i - 1].as_str())
                && !text.clause_ends_after(i - 1)
            {
                return Target::SecondPerson;
            }
            // "That the blowhard…": a demonstrative points only at the noun
            // it stands right before (adjectives aside).
            if noun && POINTERS.contains(&t) && !(saw_the && DEMONSTRATIVES.contains(&t)) {
                let said_of_oneself = tokens
                    .get(found.end)
                    .is_some_and(|n| FIRST_PERSON.contains(&n.as_str()) || n == "i'm");
                return if said_of_oneself {
                    Target::None
                } else {
                    Target::Person
                };
            }
            if COPULAS.contains(&t) || t.ends_with("'s") || LINKING.contains(&t) {
                // "The stadium is an idiotic waste of money": the adjective
                // describes the thing named after it, not a person.
                let described = saw_article && !noun && self.describes_next(text, found);
                let aimed = Aimed {
                    noun,
                    saw_article: saw_article && !described,
                    predicate: unknown == 0,
                };
                return self.subject_of(tokens, i, &aimed);
            }
            if ARTICLES.contains(&t) {
                saw_article = true;
            }
            saw_the |= t == "the";
            if !FILLERS.contains(&t) && !self.insults.contains(t) && !self.strong.contains(t) {
                if noun && !saw_article && unknown < MAX_UNKNOWN_ADJECTIVES {
                    unknown += 1;
                    continue;
                }
                return Target::None;
            }
        }
        Target::None
    }

    /// Whether the insult adjective `found` stands before a noun it
    /// describes that is no person and no insult: "an idiotic waste", "a
    /// stupid idea", but not "a stupid man" or "a stupid little jerk".
    fn describes_next(&self, text: &NormalizedText, found: &Found) -> bool {
        let Some(next) = text.tokens().get(found.end).map(Token::as_str) else {
            return false;
        };
        // Without a tagger, a noun is told by what ends it: the clause, or
        // a word that follows a noun phrase ("a stupid idea.", "an idiotic
        // waste of money"), so that "a pussy hes only…" stays about him.
        let ends_phrase = text.clause_ends_after(found.end)
            || text
                .tokens()
                .get(found.end + 1)
                .is_some_and(|t| AFTER_NOUNS.contains(&t.as_str()));
        !text.clause_ends_after(found.end - 1)
            && ends_phrase
            && next.len() > 2
            && next.bytes().all(|b| b.is_ascii_lowercase())
            && !CONNECTIVES.contains(&next)
            && !PERSONS.contains(&next)
            && !FILLERS.contains(&next)
            && !self.insults.contains(next)
            && !self.person_nouns.contains(next)
            && !self.strong.contains(next)
            && !self.groups.contains(next)
    }

    /// Who "… is/are <insult>" is said of, from the copula at `at`.
    fn subject_of(&self, tokens: &[Token], at: usize, aimed: &Aimed) -> Target {
        let t = tokens[at].as_str();
        let subject = if t.ends_with("'s") && t.len() > 2 {
            Some(t.trim_end_matches("'s"))
        } else {
            at.checked_sub(1).map(|s| tokens[s].as_str())
        };
        if subject.is_some_and(|s| SECOND_PERSON.contains(&s)) {
            return Target::SecondPerson;
        }
        if at > 0 && self.groups.contains(subject.unwrap_or_default())
            || (at > 1
                && self
                    .groups
                    .match_at(tokens, at - 2)
                    .is_some_and(|f| f.end == at))
        {
            return Target::Group;
        }
        // "My dog is a little pig", "this printer is a total idiot": said
        // of an animal or a machine, the word is a figure of speech. Not
        // when other words come between ("reality tv is making tacky
        // bitches …"): then the insult is the object of something else.
        let figurative = aimed.predicate && subject.is_some_and(|s| self.things.contains(s));
        if figurative || subject.is_some_and(|s| FIRST_PERSON.contains(&s)) {
            return Target::None;
        }
        // "Those are cowards": whatever the subject, a person noun says it
        // of people. "Those are stupid questions" needs a person subject.
        if aimed.noun || subject.is_some_and(|s| PERSONS.contains(&s)) || aimed.saw_article {
            return Target::Person;
        }
        Target::None
    }

    /// "Fuck this guy", "fuck them": who a curse used as a verb is aimed at.
    pub(super) fn cursed_target(&self, text: &NormalizedText, found: &Found) -> Target {
        let tokens = text.tokens();
        if text.clause_ends_after(found.end - 1) {
            return Target::None;
        }
        let Some(next) = tokens.get(found.end).map(Token::as_str) else {
            return Target::None;
        };
        if OBJECTS.contains(&next) {
            return Target::Person;
        }
        if self.groups.match_at(tokens, found.end).is_some() {
            return Target::Group;
        }
        if !DETERMINERS.contains(&next) {
            return Target::None;
        }
        for i in found.end + 1..(found.end + 3).min(tokens.len()) {
            if text.clause_ends_after(i - 1) {
                break;
            }
            if self.groups.match_at(tokens, i).is_some() {
                return Target::Group;
            }
            let word = tokens[i].as_str();
            if PERSONS.contains(&word) || self.person_nouns.contains(word) {
                return Target::Person;
            }
        }
        Target::None
    }
}
