//! Harm wished on someone: "I hope you die", "hope you get hit by a bus",
//! "I hope someone breaks your legs". Not a wish about what happens to a
//! thing, a criminal's sentence, or an arrest: "I hope they catch whoever
//! shot the officer" reports a shooting and wishes for justice.

use super::target::{NEGATIONS, SECOND_PERSON};
use super::Toxicity;
use crate::domain::normalize::{NormalizedText, Token};

/// Words that open a wish.
pub(super) const WISHING: [&str; 5] = ["hope", "hoping", "wish", "pray", "praying"];
/// What a person may be wished to suffer, as its subject: "hope you rot".
const SUFFER: [&str; 14] = [
    "die", "dies", "rot", "rots", "suffer", "suffers", "burn", "burns", "choke", "chokes", "bleed",
    "bleeds", "starve", "starves",
];
/// What "get" may bring them: "hope you get cancer", "get hit by a bus".
const GET_HARMS: [&str; 16] = [
    "cancer", "aids", "ebola", "hit", "run", "raped", "shot", "stabbed", "killed", "murdered",
    "beaten", "hurt", "lynched", "hanged", "tortured", "deported",
];
/// Verbs of harm beyond the violence lexicon, done to a person's body:
/// "someone breaks your legs".
const BODILY: [&str; 4] = ["break", "breaks", "smash", "smashes"];
/// Verbs that wish violence on him or her too: "hope someone shoots him".
/// Others ("beat", "hurt") are also said of games and feelings.
const KILLING: [&str; 14] = [
    "kill",
    "kills",
    "shoot",
    "shoots",
    "stab",
    "stabs",
    "murder",
    "murders",
    "rape",
    "rapes",
    "strangle",
    "strangles",
    "hang",
    "hangs",
];
/// Words that start a clause about someone else: after them, "you" is no
/// longer the one harmed ("shoots the man who threatened you").
const RELATIVES: [&str; 5] = ["who", "whom", "that", "which", "whoever"];
/// Words between a wish's subject and its verb that change nothing.
const INTENSIFIERS: [&str; 7] = [
    "all",
    "both",
    "just",
    "slowly",
    "actually",
    "really",
    "painfully",
];
/// How far on a wish is read.
const REACH: usize = 8;

impl Toxicity {
    /// The harm wished, when the wish opened by the word at `at` wishes
    /// harm on a person.
    pub(super) fn wished_harm<'t>(&self, text: &'t NormalizedText, at: usize) -> Option<&'t str> {
        let tokens = text.tokens();
        let mut end = at + 1;
        while end < tokens.len() && end <= at + REACH && !text.clause_ends_after(end - 1) {
            end += 1;
        }
        let wish = &tokens[at + 1..end];
        // "I hope it doesn't hurt you", "hope nobody shoots you".
        let negated = |t: &str| {
            NEGATIONS.contains(&t)
                || t.ends_with("n't")
                || matches!(t, "dont" | "doesnt" | "wont" | "didnt" | "cant" | "nothing")
        };
        if wish.iter().any(|t| negated(t.as_str())) {
            return None;
        }
        let word = |i: usize| wish.get(i).map(Token::as_str);
        let start = usize::from(word(0) == Some("that"));
        // Who the wish is about, as the subject of what is wished: "hope
        // you …", "hope they …".
        let about_a_person =
            |s: &str| SECOND_PERSON.contains(&s) || matches!(s, "he" | "she" | "they");
        if word(start).is_some_and(about_a_person) {
            // "hope they all die", "hope you fucking rot".
            let mut verb = start + 1;
            while word(verb).is_some_and(|w| INTENSIFIERS.contains(&w) || self.strong.contains(w)) {
                verb += 1;
            }
            if let Some(v) = word(verb).filter(|v| SUFFER.contains(v)) {
                return Some(v);
            }
            if matches!(word(verb), Some("get" | "gets" | "got")) {
                if let Some(harm) = word(verb + 1).filter(|h| GET_HARMS.contains(h)) {
                    return Some(harm);
                }
            }
        }
        self.harm_done_to_reader(wish)
    }

    /// "Someone shoots you", "someone breaks your legs", "beats the crap
    /// out of you": a violent verb in the wish whose object is the reader
    /// (or him or her, for a killing).
    fn harm_done_to_reader<'t>(&self, wish: &'t [Token]) -> Option<&'t str> {
        wish.iter().enumerate().find_map(|(i, verb)| {
            let v = verb.as_str();
            if !(self.violence.contains(v) || BODILY.contains(&v)) {
                return None;
            }
            let victim = wish[i + 1..]
                .iter()
                .take(5)
                .map(Token::as_str)
                .take_while(|w| !RELATIVES.contains(w))
                .find(|w| {
                    SECOND_PERSON.contains(w)
                        || *w == "your"
                        || (KILLING.contains(&v) && matches!(*w, "him" | "her"))
                });
            victim.map(|_| v)
        })
    }
}
