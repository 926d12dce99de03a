//! Money, loans, crypto, pharma, casino, SEO, follower and dating pitches:
//! the families' words, and the grammar that tells an offer or an earnings
//! claim from a discussion that uses the same words.

use super::spam;
use crate::domain::normalize::{NormalizedText, Token};
use crate::domain::scoring::lexicon::{Found, Lexicon};
use crate::domain::scoring::{Reason, Rule, RuleInput};

/// Words beyond which a comment without a link reads as discussion.
const DISCUSSION_WORDS: usize = 100;

/// In a discussion, at most one link per this many words: sources cited,
/// not a pitch's links.
const WORDS_PER_CITATION: usize = 50;

/// Money, loans, crypto, pharma, casino, SEO, followers and dating pitches.
pub(super) struct Solicitation {
    pub(super) families: Vec<(&'static str, Lexicon)>,
    pub(super) weight: f64,
}

impl Rule for Solicitation {
    fn check(&self, input: &RuleInput<'_>, hits: &mut Vec<Reason>) {
        // A long comment that uses the words, without links or with a
        // source or two cited, is discussing money, housing or drugs, not
        // selling them; a pitch that carries a link is there to be clicked.
        let words_in_text = input.text.tokens().len();
        let discussion = words_in_text > DISCUSSION_WORDS
            && input.links.len() <= words_in_text / WORDS_PER_CITATION;
        let linked = !input.links.is_empty() && !discussion;
        for (family, lexicon) in &self.families {
            let found = lexicon.find_in(input.text);
            let claim = *family == "money" && claims_earnings(input.text.tokens());
            let mut words: Vec<String> = found.iter().map(|f| f.entry.clone()).collect();
            words.dedup();
            if claim {
                words.push(EARNINGS_CLAIM.to_owned());
            }
            if let Some(first) = words.first().cloned() {
                // Two different words of one family are a pitch, one may be
                // chance. So is one offered to the reader: "Earn money from home",
                // "get free gift cards here", "want to make money online?".
                let offered = found
                    .iter()
                    .any(|f| offered_to_reader(input.text, f) && baited(input, f));
                let mut weight = match (words.len() > 1 || offered, discussion) {
                    (_, true) => self.weight * 0.6,
                    (true, false) => self.weight * 1.75,
                    (false, false) => self.weight,
                };
                if linked {
                    weight += 0.25;
                }
                let weight = weight.min(0.9);
                hits.push(spam(
                    &format!("solicitation_{family}"),
                    weight,
                    format!("{family} pitch: \"{first}\""),
                    words,
                ));
            }
        }
    }
}

/// Words that may open a clause before an offer: "so want to earn money?",
/// "hey guys, get paid to …".
const OFFER_LEAD_INS: [&str; 14] = [
    "please", "just", "want", "wanna", "to", "how", "you", "can", "guys", "hey", "hi", "so", "now",
    "and",
];

/// Imperatives that hand the reader what a solicitation word names: "get
/// free gift cards", "win a free iphone", "claim your cash".
const OFFER_VERBS: [&str; 6] = ["get", "earn", "make", "win", "claim", "grab"];

/// How far into its clause an offer's verb may stand before the word.
const OFFER_REACH: usize = 5;

/// Whether a solicitation word stands in a clause that offers it to the
/// reader: opened by an offer verb, or by a phrase of the family itself
/// ("Work from home and…").
fn offered_to_reader(text: &NormalizedText, found: &Found) -> bool {
    let tokens = text.tokens();
    let mut start = found.start;
    while start > 0 && !text.clause_ends_after(start - 1) {
        if found.start - start >= OFFER_REACH {
            return false;
        }
        start -= 1;
    }
    while start < found.start && OFFER_LEAD_INS.contains(&tokens[start].as_str()) {
        start += 1;
    }
    // A phrase of the family opening the clause offers itself when it starts
    // with an offer verb, "free" or "work": "Earn money from home", "Free
    // iphone giveaway", "Work from home".
    let opener = tokens[start].as_str();
    let phrase_opens = start == found.start
        && found.end - found.start > 1
        && (OFFER_VERBS.contains(&opener) || matches!(opener, "free" | "work"));
    phrase_opens || (start < found.start && OFFER_VERBS.contains(&tokens[start].as_str()))
}

/// Words besides an offer that bait it: "get free gift cards", "earn money,
/// you can too". ("Get paid leave passed", "make money off prisons illegal"
/// offer nothing.)
const BAIT: [&str; 6] = ["you", "your", "u", "ur", "free", "yourself"];

/// Units after a number that make it a sum: "I already got 50 dollars".
const CURRENCIES: [&str; 6] = ["dollars", "bucks", "usd", "euros", "eur", "pounds"];

/// Whether anything outside the offer `found` baits it: the reader
/// addressed, "free", a sum of money, or a link.
fn baited(input: &RuleInput<'_>, found: &Found) -> bool {
    let tokens = input.text.tokens();
    !input.links.is_empty()
        || (0..tokens.len())
            .filter(|i| !(found.start..found.end).contains(i))
            .any(|i| BAIT.contains(&tokens[i].as_str()) || is_sum(tokens, i))
}

/// "$300", "50 dollars".
fn is_sum(tokens: &[Token], i: usize) -> bool {
    let t = tokens[i].as_str();
    t.strip_prefix('$')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        || (!t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit())
            && tokens
                .get(i + 1)
                .is_some_and(|u| CURRENCIES.contains(&u.as_str())))
}

/// How an earnings claim shows in the evidence.
const EARNINGS_CLAIM: &str = "an earnings claim";

/// The writer, as the one who earns.
const EARNERS: [&str; 6] = ["i", "we", "i've", "ive", "i'm", "im"];

/// Verbs of earning.
const EARNING: [&str; 9] = [
    "make", "made", "earn", "earned", "making", "earning", "got", "get", "getting",
];

/// Periods a pitch's earnings are counted in: "$300 a day", "per week".
/// (An hourly figure is how people talk about their wages.)
const PERIODS: [&str; 7] = ["day", "week", "month", "daily", "weekly", "monthly", "days"];

/// How many words may stand between the parts of an earnings claim.
const CLAIM_REACH: usize = 3;

/// "I make $300 a day", "I earned 2000 dollars last week": the writer's
/// earnings over a period, the opening of a money-making pitch.
fn claims_earnings(tokens: &[Token]) -> bool {
    let within = |from: usize, test: &dyn Fn(usize) -> bool| {
        (from..tokens.len().min(from + CLAIM_REACH)).find(|&j| test(j))
    };
    (0..tokens.len()).any(|i| {
        EARNERS.contains(&tokens[i].as_str())
            && within(i + 1, &|j| EARNING.contains(&tokens[j].as_str()))
                .and_then(|verb| within(verb + 1, &|j| is_sum(tokens, j)))
                .and_then(|sum| within(sum + 1, &|j| PERIODS.contains(&tokens[j].as_str())))
                .is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::claims_earnings;
    use crate::domain::normalize::NormalizedText;

    fn claims(body: &str) -> bool {
        claims_earnings(NormalizedText::new(body).tokens())
    }

    #[test]
    fn the_writers_earnings_over_a_period_are_a_claim_and_wages_are_not() {
        assert!(claims("I make $300 a day from home"));
        assert!(claims("we earned 2000 dollars last week"));
        assert!(!claims("I make $15 an hour at the warehouse"));
        assert!(!claims("they make $300 a day"));
        assert!(!claims("I make 300 videos a day"));
    }
}
