//! Threats: "I know where you live", "I'll hurt you", "should be shot",
//! "I hope you die", and calls for a group to be eliminated.

use super::target::{NEGATIONS, OBJECTS};
use super::wishes::WISHING;
use super::{toxic, Toxicity, PRESCRIBING};
use crate::domain::normalize::{NormalizedText, Token};
use crate::domain::scoring::{Reason, Subcategory};

/// Subjects of "should" that are things: "that should be rape" judges what
/// something is, "it needs to die" is about a bill.
const THINGS: [&str; 5] = ["that", "this", "it", "which", "what"];

/// A violent verb with a particle that makes it harmless: "needs to hang up
/// the car keys", "should die down", "should be shot down" (a proposal).
const IDIOMS: [(&str, &[&str]); 6] = [
    (
        "hang",
        &[
            "up", "out", "on", "around", "in", "onto", "back", "together", "loose", "tight",
            "over", "with",
        ],
    ),
    ("die", &["down", "out", "off"]),
    ("burn", &["out"]),
    ("shoot", &["for", "down"]),
    ("shot", &["down"]),
    ("choke", &["up", "back", "down"]),
];

fn is_idiom(verb: &str, next: Option<&str>) -> bool {
    next.is_some_and(|next| {
        IDIOMS
            .iter()
            .any(|(v, particles)| *v == verb && particles.contains(&next))
    })
}

impl Toxicity {
    pub(super) fn threats(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
        let tokens = text.tokens();
        if let Some(phrase) = self.threats.find_in(text).first() {
            hits.push(toxic(
                "threat",
                Subcategory::Threat,
                self.w.threat,
                format!("a threat: \"{}\"", phrase.entry),
                vec![phrase.entry.clone()],
            ));
            return;
        }
        for (i, token) in tokens.iter().enumerate() {
            let t = token.as_str();
            let window = |from: usize, len: usize| {
                tokens
                    .iter()
                    .skip(from)
                    .take(len)
                    .map(Token::as_str)
                    .collect::<Vec<_>>()
            };
            // "I will kill you", "I'm going to hurt him".
            if matches!(
                t,
                "i'll" | "we'll" | "ill" | "i'm" | "im" | "will" | "gonna" | "wanna"
            ) {
                let starts_first_person = matches!(t, "i'll" | "we'll" | "ill" | "i'm" | "im")
                    || (i > 0 && matches!(tokens[i - 1].as_str(), "i" | "we"));
                if starts_first_person {
                    let rest = window(i + 1, 4);
                    let verb = rest.iter().position(|w| self.violence.contains(w));
                    if let Some(v) = verb {
                        if rest.get(v + 1).is_some_and(|o| OBJECTS.contains(o)) {
                            hits.push(toxic(
                                "threat",
                                Subcategory::Threat,
                                self.w.threat,
                                format!("a threat to {} someone", rest[v]),
                                vec![rest[v].to_owned()],
                            ));
                            return;
                        }
                    }
                }
            }
            // "should be shot", "deserve to die", "ought to be hanged".
            if PRESCRIBING.contains(&t) {
                let rest = window(i + 1, 4);
                if rest.iter().any(|w| NEGATIONS.contains(w)) {
                    continue;
                }
                // "That should be rape", "it needs to die": a verdict on a
                // thing or an idea, not a wish about a person.
                if i > 0 && THINGS.contains(&tokens[i - 1].as_str()) {
                    continue;
                }
                let Some(at) = (i + 1..tokens.len().min(i + 5))
                    .find(|&j| !matches!(tokens[j].as_str(), "to" | "be" | "get" | "all" | "just"))
                else {
                    continue;
                };
                let subject_is_group =
                    (i.saturating_sub(3)..i).any(|s| self.groups.match_at(tokens, s).is_some());
                let mut act = tokens[at].as_str();
                // A phrase ("wiped out") only of a group: "the cartel should
                // be wiped out" is a verdict on an organisation.
                let phrase = self
                    .eliminationist
                    .match_at(tokens, at)
                    .filter(|found| subject_is_group && found.end > found.start + 1);
                if let Some(found) = &phrase {
                    act = found.entry.as_str();
                } else if !(self.violence.contains(act) || self.eliminationist.contains(act))
                    || is_idiom(act, tokens.get(at + 1).map(Token::as_str))
                {
                    continue;
                }
                if subject_is_group {
                    hits.push(toxic(
                        "identity_attack",
                        Subcategory::IdentityAttack,
                        self.w.identity_attack,
                        format!("calls for a group to be {act}"),
                        vec![act.to_owned()],
                    ));
                }
                hits.push(toxic(
                    "threat",
                    Subcategory::Threat,
                    self.w.threat,
                    format!("wishes violence on someone: \"{t} … {act}\""),
                    vec![act.to_owned()],
                ));
                return;
            }
            // "I hope you die", "hope someone breaks your legs".
            if WISHING.contains(&t) {
                if let Some(act) = self.wished_harm(text, i) {
                    hits.push(toxic(
                        "threat",
                        Subcategory::Threat,
                        self.w.threat * 0.9,
                        format!("wishes harm on someone: \"{act}\""),
                        vec![act.to_owned()],
                    ));
                    return;
                }
            }
        }
    }
}
