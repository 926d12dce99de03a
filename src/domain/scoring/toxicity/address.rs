//! Insults said to the reader by the shape of the sentence rather than by
//! "you": a name called ("hey idiot", "grow up loser"), or the reader named
//! after the insult ("an idiot like you", "cowards, that's what you are").

use super::target::{Target, NEGATIONS, SECOND_PERSON};
use super::Toxicity;
use crate::domain::normalize::{NormalizedText, Token};
use crate::domain::scoring::lexicon::Found;

/// Words that open an address: "hey idiot", "k bye loser".
const GREETINGS: [&str; 16] = [
    "hey", "hi", "yo", "oi", "ok", "okay", "k", "nah", "naw", "listen", "bye", "goodbye", "sup",
    "wassup", "thanks", "thx",
];
/// Orders to leave or to change that an insult noun may close, said to the
/// reader: "grow up idiot", "go back to school loser".
const DISMISSALS: [&str; 12] = [
    "go", "get", "grow", "shut", "wake", "sit", "move", "piss", "calm", "back", "run", "crawl",
];
/// What completes such an order: "go away", "get lost", "sit down".
const PARTICLES: [&str; 10] = [
    "up", "down", "away", "off", "out", "home", "on", "lost", "along", "already",
];
/// Words after "to" that make what follows a person, not a place: "go back
/// to your cave troll", "go talk to the idiots".
const NOT_A_PLACE: [&str; 12] = [
    "the", "a", "an", "this", "that", "these", "those", "your", "my", "his", "her", "their",
];

impl Toxicity {
    /// "Hey idiot" calls the reader a name; an insult noun standing alone
    /// as its own clause ("Cowards.") calls someone one, and one closing an
    /// order to go away ("grow up idiot") calls the reader one.
    pub(super) fn vocative(text: &NormalizedText, found: &Found) -> Option<Target> {
        let tokens = text.tokens();
        let starts_clause = found.start == 0 || text.clause_ends_after(found.start - 1);
        let ends_clause = found.end == tokens.len() || text.clause_ends_after(found.end - 1);
        if starts_clause && ends_clause {
            return Some(Target::Person);
        }
        // A run of greetings opening the clause: "hey idiot", "k bye loser".
        let mut first = found.start;
        while first > 0 && GREETINGS.contains(&tokens[first - 1].as_str()) {
            first -= 1;
            if first == 0 || text.clause_ends_after(first - 1) {
                break;
            }
        }
        let greeted = first < found.start && (first == 0 || text.clause_ends_after(first - 1));
        (greeted || ends_clause && Self::closes_dismissal(text, found.start))
            .then_some(Target::SecondPerson)
    }

    /// Whether the clause before `at` is an order to go away or grow up,
    /// complete in itself: "go away", "get a life", "go back to school".
    /// Without the completion, the noun may be the order's object ("get
    /// idiots to vote", "go ask the trolls").
    fn closes_dismissal(text: &NormalizedText, at: usize) -> bool {
        let tokens = text.tokens();
        let mut start = at;
        while start > 0 && !text.clause_ends_after(start - 1) {
            start -= 1;
        }
        let clause: Vec<&str> = tokens[start..at].iter().map(Token::as_str).collect();
        let (Some(verb), Some(&last)) = (clause.first(), clause.last()) else {
            return false;
        };
        if clause.len() < 2 || !DISMISSALS.contains(verb) {
            return false;
        }
        if PARTICLES.contains(&last) || (last == "life" && clause.ends_with(&["get", "a", "life"]))
        {
            return true;
        }
        // "to" and a place of one or two words: "go back to school".
        clause.iter().rposition(|&t| t == "to").is_some_and(|to| {
            let place = &clause[to + 1..];
            (1..=2).contains(&place.len()) && !place.iter().any(|t| NOT_A_PLACE.contains(t))
        })
    }

    /// "an idiot like you", "fuck you": the addressee follows the insult.
    pub(super) fn followed_by_you(text: &NormalizedText, found: &Found) -> bool {
        let tokens = text.tokens();
        let at = |i: usize| tokens.get(i).map(Token::as_str).unwrap_or_default();
        // "Cowards, that's what you are": a cleft, across the comma, names
        // the reader.
        let what = match at(found.end) {
            "that's" | "thats" => Some(found.end + 1),
            "that" if at(found.end + 1) == "is" => Some(found.end + 2),
            "is" | "are" => Some(found.end + 1),
            _ => None,
        };
        let you_are = |w: usize| match at(w) {
            "you're" | "youre" => w + 1,
            "you" | "u" if matches!(at(w + 1), "are" | "r") => w + 2,
            _ => 0,
        };
        if let Some(w) = what.filter(|&w| at(w) == "what") {
            let after = you_are(w + 1);
            if after > 0 && !NEGATIONS.contains(&at(after)) {
                return true;
            }
        }
        if text.clause_ends_after(found.end - 1) {
            return false;
        }
        // Only a comparison may stand between: "useless unless you…" is not
        // aimed at the reader.
        SECOND_PERSON.contains(&at(found.end))
            || (matches!(at(found.end), "like" | "as")
                && !text.clause_ends_after(found.end)
                && SECOND_PERSON.contains(&at(found.end + 1)))
    }
}
