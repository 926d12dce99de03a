//! Toxicity rules by sub-category. Words alone rarely decide: what matters
//! is who a remark is aimed at. "You idiot" insults a person; "an idiotic
//! policy" does not. "You should be shot" threatens; "the boss was shot"
//! reports. "Immigrants are vermin" dehumanises a group; "vermin in the barn"
//! is about rats.

use super::lexicon::{Found, Lexicon};
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule, RuleInput, Subcategory};
use crate::config::{RuleWeights, ScoringSettings};
use crate::domain::normalize::NormalizedText;

pub(super) fn rules(s: &ScoringSettings, v: &Vocabulary) -> Vec<Box<dyn Rule>> {
    let lexicon = |name: &str| Lexicon::new(v.list(name));
    let insults: Vec<String> = v
        .list("insults")
        .iter()
        .chain(v.list("profanity_strong"))
        .chain(v.list("slurs"))
        .cloned()
        .collect();
    let plain_insults = lexicon("insults");
    vec![Box::new(Toxicity {
        mild: lexicon("profanity_mild"),
        strong: lexicon("profanity_strong"),
        slurs: lexicon("slurs"),
        insults: Lexicon::new(&insults),
        plain_insults,
        insult_phrases: lexicon("insult_phrases"),
        threats: lexicon("threats"),
        violence: lexicon("violence"),
        eliminationist: lexicon("eliminationist"),
        dehumanizing: lexicon("dehumanizing"),
        groups: lexicon("groups"),
        w: s.weights.clone(),
    })]
}

struct Toxicity {
    mild: Lexicon,
    strong: Lexicon,
    slurs: Lexicon,
    /// Insults, strong profanity and slurs: anything that insults when aimed.
    insults: Lexicon,
    /// Insult words proper: these count a little even when not aimed.
    plain_insults: Lexicon,
    insult_phrases: Lexicon,
    threats: Lexicon,
    violence: Lexicon,
    eliminationist: Lexicon,
    dehumanizing: Lexicon,
    groups: Lexicon,
    w: RuleWeights,
}

fn toxic(
    rule: &str,
    sub: Subcategory,
    weight: f64,
    evidence: String,
    matches: Vec<String>,
) -> Reason {
    let mut reason = hit(rule, Category::Toxicity, weight, evidence);
    reason.subcategory = Some(sub);
    reason.matches = matches;
    reason
}

const SECOND_PERSON: [&str; 9] = [
    "you", "u", "ya", "you're", "youre", "ur", "yourself", "y'all", "yall",
];
const OBJECTS: [&str; 10] = [
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
const NEGATIONS: [&str; 6] = ["not", "never", "no", "isn't", "aren't", "nobody"];
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
enum Target {
    SecondPerson,
    /// "your stupid article": the person through their work.
    Possessive,
    Person,
    Group,
    None,
}

impl Toxicity {
    fn target(&self, text: &NormalizedText, at: usize) -> Target {
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
    fn followed_by_you(text: &NormalizedText, found: &Found) -> bool {
        let tokens = text.tokens();
        (found.end..(found.end + 2).min(tokens.len()))
            .take_while(|i| *i == found.end || !text.clause_ends_after(i - 1))
            .any(|i| SECOND_PERSON.contains(&tokens[i].as_str()))
            && !text.clause_ends_after(found.end - 1)
    }

    fn profanity(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
        let slurs = self.slurs.find_in(text);
        if let Some(first) = slurs.first() {
            hits.push(toxic(
                "slur",
                Subcategory::Profanity,
                self.w.slur,
                format!("a slur: \"{}\"", first.entry),
                entries(&slurs),
            ));
        }
        let strong = self.strong.find_in(text);
        if let Some(first) = strong.first() {
            let weight = if distinct(&strong) > 1 {
                (self.w.profanity_strong * 1.6).min(0.8)
            } else {
                self.w.profanity_strong
            };
            hits.push(toxic(
                "profanity",
                Subcategory::Profanity,
                weight,
                format!("strong profanity: \"{}\"", first.entry),
                entries(&strong),
            ));
        }
        let mild = self.mild.find_in(text);
        if let Some(first) = mild.first() {
            hits.push(toxic(
                "profanity_mild",
                Subcategory::Profanity,
                self.w.profanity_mild,
                format!("mild profanity: \"{}\"", first.entry),
                entries(&mild),
            ));
        }
    }

    fn insults(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
        if let Some(phrase) = self.insult_phrases.find_in(text).first() {
            hits.push(toxic(
                "insult",
                Subcategory::Insult,
                self.w.insult_targeted,
                format!("a personal attack: \"{}\"", phrase.entry),
                vec![phrase.entry.clone()],
            ));
            return;
        }
        let mut best: Option<(f64, Reason)> = None;
        for found in self.insults.find_in(text) {
            let (weight, rule, sub, how) = match self.target(text, found.start) {
                Target::SecondPerson => (
                    self.w.insult_targeted,
                    "insult",
                    Subcategory::Insult,
                    "aimed at the reader",
                ),
                _ if Self::followed_by_you(text, &found) => (
                    self.w.insult_targeted,
                    "insult",
                    Subcategory::Insult,
                    "aimed at the reader",
                ),
                Target::Person => (
                    self.w.insult_targeted * 0.9,
                    "insult",
                    Subcategory::Insult,
                    "aimed at a person",
                ),
                Target::Group => (
                    self.w.group_insult,
                    "group_insult",
                    Subcategory::IdentityAttack,
                    "aimed at a group",
                ),
                Target::Possessive => (
                    self.w.insult_targeted * 0.6,
                    "insult",
                    Subcategory::Insult,
                    "aimed at the reader's words",
                ),
                // "Fucking love it" is profanity, already counted; not an insult.
                Target::None if !self.plain_insults.contains(&found.entry) => continue,
                Target::None => (
                    self.w.insult_untargeted,
                    "insult_untargeted",
                    Subcategory::Insult,
                    "not aimed at anyone in particular",
                ),
            };
            if best.as_ref().is_none_or(|(w, _)| weight > *w) {
                let reason = toxic(
                    rule,
                    sub,
                    weight,
                    format!("\"{}\" {how}", found.entry),
                    vec![found.entry.clone()],
                );
                best = Some((weight, reason));
            }
        }
        if let Some((_, reason)) = best {
            hits.push(reason);
        }
    }

    fn threats(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
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
                    .map(String::as_str)
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

    /// A group named near a term that denies its humanity.
    fn identity(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
        if hits.iter().any(|h| h.rule == "identity_attack") {
            return;
        }
        let groups = self.groups.find_in(text);
        for term in self.dehumanizing.find_in(text) {
            let near = groups.iter().find(|g| {
                let (a, b) = if g.end <= term.start {
                    (g.end, term.start)
                } else {
                    (term.end, g.start)
                };
                b.saturating_sub(a) <= 4
                    && !(a..b).any(|i| text.clause_ends_after(i.saturating_sub(1)) && i > a)
            });
            if let Some(group) = near {
                hits.push(toxic(
                    "identity_attack",
                    Subcategory::IdentityAttack,
                    self.w.identity_attack,
                    format!("calls {} \"{}\"", group.entry, term.entry),
                    vec![group.entry.clone(), term.entry.clone()],
                ));
                return;
            }
        }
    }
}

fn entries(found: &[Found]) -> Vec<String> {
    let mut out: Vec<String> = found.iter().map(|f| f.entry.clone()).collect();
    out.dedup();
    out
}

fn distinct(found: &[Found]) -> usize {
    let mut words: Vec<&str> = found.iter().map(|f| f.entry.as_str()).collect();
    words.sort_unstable();
    words.dedup();
    words.len()
}

impl Rule for Toxicity {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        let text = input.text;
        self.profanity(text, hits);
        self.insults(text, hits);
        self.threats(text, hits);
        self.identity(text, hits);
    }
}
