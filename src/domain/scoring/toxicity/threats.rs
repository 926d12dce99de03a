//! Threats: "I know where you live", "I'll hurt you", "should be shot",
//! "I hope you die", and calls for a group to be eliminated.

use super::target::{NEGATIONS, OBJECTS};
use super::{toxic, Toxicity};
use crate::domain::normalize::{NormalizedText, Token};
use crate::domain::scoring::{Reason, Subcategory};

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
            if matches!(
                t,
                "should" | "ought" | "deserve" | "deserves" | "needs" | "need" | "must"
            ) {
                let rest = window(i + 1, 4);
                if rest.iter().any(|w| NEGATIONS.contains(w)) {
                    continue;
                }
                let rest: Vec<&str> = rest
                    .into_iter()
                    .filter(|w| !matches!(*w, "to" | "be" | "get" | "all" | "just"))
                    .collect();
                let Some(act) = rest
                    .first()
                    .filter(|w| self.violence.contains(w) || self.eliminationist.contains(w))
                else {
                    continue;
                };
                let subject_is_group =
                    (i.saturating_sub(3)..i).any(|s| self.groups.match_at(tokens, s).is_some());
                if subject_is_group {
                    hits.push(toxic(
                        "identity_attack",
                        Subcategory::IdentityAttack,
                        self.w.identity_attack,
                        format!("calls for a group to be {act}"),
                        vec![(*act).to_owned()],
                    ));
                }
                hits.push(toxic(
                    "threat",
                    Subcategory::Threat,
                    self.w.threat,
                    format!("wishes violence on someone: \"{t} … {act}\""),
                    vec![(*act).to_owned()],
                ));
                return;
            }
            // "I hope you die".
            if matches!(t, "hope" | "wish" | "pray") {
                let rest = window(i + 1, 4);
                let aimed = rest
                    .iter()
                    .position(|w| OBJECTS.contains(w) || matches!(*w, "he" | "she" | "they"));
                if let Some(a) = aimed {
                    if let Some(act) = rest[a + 1..].iter().find(|w| {
                        self.violence.contains(w) || matches!(**w, "dies" | "die" | "rot")
                    }) {
                        hits.push(toxic(
                            "threat",
                            Subcategory::Threat,
                            self.w.threat * 0.9,
                            format!("wishes harm on someone: \"{act}\""),
                            vec![(*act).to_owned()],
                        ));
                        return;
                    }
                }
            }
        }
    }
}
