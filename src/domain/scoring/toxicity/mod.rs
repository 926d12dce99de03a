//! Toxicity rules by sub-category. Words alone rarely decide: what matters
//! is who a remark is aimed at. "You idiot" insults a person; "an idiotic
//! policy" does not. "You should be shot" threatens; "the boss was shot"
//! reports. "Immigrants are vermin" dehumanises a group; "vermin in the barn"
//! is about rats.

use super::lexicon::{Found, Lexicon, LexiconSet};
use super::rules::{hit, Vocabulary};
use super::{Category, Reason, Rule, RuleInput, Subcategory};
use crate::config::{RuleWeights, ScoringSettings};
use crate::domain::normalize::NormalizedText;

pub(super) fn rules(s: &ScoringSettings, v: &Vocabulary, lists: &LexiconSet) -> Vec<Box<dyn Rule>> {
    let lexicon = |name: &str| lists.lexicon(v.list(name));
    let insults: Vec<String> = v
        .list("insults")
        .iter()
        .chain(v.list("profanity_strong"))
        .chain(v.list("slurs"))
        .chain(v.list("insult_nouns"))
        .cloned()
        .collect();
    // Strong profanity that is also an insult noun ("asshole") is already
    // counted as profanity when it is aimed at no one.
    let plain: Vec<String> = v
        .list("insults")
        .iter()
        .chain(v.list("insult_nouns"))
        .filter(|w| !v.list("profanity_strong").contains(w))
        .cloned()
        .collect();
    let plain_insults = lists.lexicon(&plain);
    vec![Box::new(Toxicity {
        mild: lexicon("profanity_mild"),
        strong: lexicon("profanity_strong"),
        slurs: lexicon("slurs"),
        insults: lists.lexicon(&insults),
        plain_insults,
        person_nouns: lexicon("insult_nouns"),
        insult_phrases: lexicon("insult_phrases"),
        threats: lexicon("threats"),
        violence: lexicon("violence"),
        eliminationist: lexicon("eliminationist"),
        dehumanizing: lexicon("dehumanizing"),
        groups: lexicon("groups"),
        things: lexicon("things"),
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
    /// Insults that can only mean a person (`jerk`, `cowards`).
    person_nouns: Lexicon,
    insult_phrases: Lexicon,
    threats: Lexicon,
    violence: Lexicon,
    eliminationist: Lexicon,
    dehumanizing: Lexicon,
    groups: Lexicon,
    /// Animals, machines and objects, which an insult noun may be said of
    /// as a figure of speech.
    things: Lexicon,
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

mod address;
mod attack_phrases;
mod target;
mod threats;
mod wishes;

/// Curses that, used as a verb, aim at whoever follows: "fuck this guy".
const CURSES: [&str; 3] = ["fuck", "fck", "fuk"];

use target::Target;

impl Toxicity {
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
        if let Some(phrase) = self.attack_phrase(text) {
            hits.push(toxic(
                "insult",
                Subcategory::Insult,
                self.w.insult_targeted,
                format!("a personal attack: \"{phrase}\""),
                vec![phrase],
            ));
            return;
        }
        let mut best: Option<(f64, Reason)> = None;
        for found in self.insults.find_in(text) {
            let target = match self.target(text, &found) {
                Target::None if CURSES.contains(&found.entry.as_str()) => {
                    self.cursed_target(text, &found)
                }
                target => target,
            };
            let (weight, rule, sub, how) = match target {
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

    /// A group named near a term that denies its humanity.
    fn identity(&self, text: &NormalizedText, hits: &mut Vec<Reason>) {
        if hits.iter().any(|h| h.rule == "identity_attack") {
            return;
        }
        let groups = self.groups.find_in(text);
        for term in self.dehumanizing.find_in(text) {
            if reports_mistreatment(text.tokens(), term.start) {
                continue;
            }
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

/// Verbs of how people are handled: "treated like animals" says what was
/// done to them.
const TREATMENT: [&str; 12] = [
    "treated",
    "treat",
    "treats",
    "treating",
    "herded",
    "caged",
    "hunted",
    "handled",
    "slaughtered",
    "kept",
    "housed",
    "packed",
];

/// Words that prescribe what should happen to someone: "should be shot",
/// and the same simile made a prescription, "they should be treated like
/// animals".
const PRESCRIBING: [&str; 7] = [
    "should", "must", "ought", "deserve", "deserves", "need", "needs",
];

/// Whether the term at `at` is the simile of a treatment reported, not
/// prescribed: "those people were treated like animals at the border".
fn reports_mistreatment(tokens: &[crate::domain::normalize::Token], at: usize) -> bool {
    let word = |i: usize| tokens.get(i).map(|t| t.as_str());
    let (Some(verb_at), Some(like)) = (at.checked_sub(2), at.checked_sub(1).and_then(word)) else {
        return false;
    };
    matches!(like, "like" | "as")
        && word(verb_at).is_some_and(|v| TREATMENT.contains(&v))
        && !(verb_at.saturating_sub(4)..verb_at)
            .any(|i| word(i).is_some_and(|w| PRESCRIBING.contains(&w)))
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
