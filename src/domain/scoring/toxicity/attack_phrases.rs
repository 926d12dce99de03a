//! Attack phrases ("shut up", "get lost"): when one is aimed at someone,
//! and the "shut your … up" family that no fixed list can hold.

use super::target::SECOND_PERSON;
use super::Toxicity;
use crate::domain::normalize::{NormalizedText, Token};

/// Verbs that report what someone said: "the man who yelled \"shut up\" at
/// him" quotes an attack rather than making one.
const SPEECH: [&str; 12] = [
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "yelled",
    "yelling",
    "shouted",
    "shouting",
    "screamed",
    "screaming",
];

/// Subjects that make a phrase the writer's about themselves: "I need to
/// shut up now", "I'll get lost".
const WRITER: [&str; 9] = ["i", "i'll", "ill", "i'd", "i'm", "im", "we", "we'll", "me"];

/// Words between the writer and the phrase that keep it about the writer:
/// "I should probably just shut up", "let me shut up".
const SELF_MODALS: [&str; 14] = [
    "need", "to", "should", "better", "just", "will", "gotta", "must", "probably", "now", "gonna",
    "shall", "have", "let",
];

/// How far back, in words, a phrase's subject or reporting verb may be.
const SUBJECT_REACH: usize = 4;

/// Whether an attack phrase ("shut up", "get lost") is reported or said by
/// the writers of themselves, rather than aimed at someone. "I said shut up"
/// and "I told you to shut up" still aim it.
fn is_said_not_meant(text: &NormalizedText, start: usize) -> bool {
    let tokens = text.tokens();
    let mut only_modals = true;
    let mut j = start;
    while j > 0 && start - j < SUBJECT_REACH && !text.clause_ends_after(j - 1) {
        j -= 1;
        let word = tokens[j].as_str();
        if SECOND_PERSON.contains(&word) {
            return false;
        }
        if SPEECH.contains(&word) {
            let speaker = j.checked_sub(1).map(|s| tokens[s].as_str());
            return !speaker.is_some_and(|s| WRITER.contains(&s));
        }
        if WRITER.contains(&word) {
            return only_modals;
        }
        only_modals &= SELF_MODALS.contains(&word);
    }
    false
}

/// Words between "shut" and "up" that aim it at someone: "shut your mouth",
/// "shut yo ass up", "shut the hell up".
const AIMED_OBJECTS: [&str; 7] = ["your", "yo", "ur", "ya", "you", "yer", "the"];

/// Nouns that, shut, silence a person: "shut your mouth", "shut your trap".
const MOUTHS: [&str; 5] = ["mouth", "trap", "piehole", "gob", "face"];

/// How many words may sit between the object and "up": "shut yo hoe ass up".
const SHUT_REACH: usize = 3;

impl Toxicity {
    /// The first attack phrase in `text` aimed at someone: one from
    /// `insult_phrases.txt` that is neither quoted nor said by the writers of
    /// themselves, or "shut" with a second-person object and "up".
    pub(super) fn attack_phrase(&self, text: &NormalizedText) -> Option<String> {
        let listed = self.insult_phrases.find_in(text);
        let listed = listed
            .iter()
            .map(|found| (found.start, found.entry.clone()));
        let shut =
            (0..text.tokens().len()).filter_map(|i| self.shut_up_at(text, i).map(|p| (i, p)));
        listed
            .chain(shut)
            .find(|(start, _)| !is_said_not_meant(text, *start))
            .map(|(_, phrase)| phrase)
    }

    /// "Shut your mouth", "shut yo ass up", "shut the hell up" at token `i`.
    fn shut_up_at(&self, text: &NormalizedText, i: usize) -> Option<String> {
        let tokens = text.tokens();
        let object = tokens.get(i + 1)?.as_str();
        if tokens[i] != "shut" || !AIMED_OBJECTS.contains(&object) || text.clause_ends_after(i) {
            return None;
        }
        // "Shut the door up there" has no second person: "the" aims it only
        // with a curse between ("shut the hell up").
        let cursed = |words: &[Token]| {
            words
                .iter()
                .any(|w| self.strong.contains(w) || self.mild.contains(w))
        };
        let last = tokens.len().min(i + 3 + SHUT_REACH);
        for j in i + 2..last {
            let word = tokens[j].as_str();
            let aimed = object != "the" || cursed(&tokens[i + 2..j]);
            if (word == "up" && aimed && j > i + 2) || (object != "the" && MOUTHS.contains(&word)) {
                return Some(tokens[i..=j].join(" "));
            }
            if text.clause_ends_after(j) {
                break;
            }
        }
        None
    }
}
