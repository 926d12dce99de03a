//! The text both the criterion bench and `examples/score_loop.rs` score.

/// About 1 KB of ordinary prose with a link, some shouting and a stretched word.
pub fn comment_1kb() -> String {
    let paragraph = "The report on the port of Manzanillo was sharp, but I think it underplays how \
        much of the fentanyl trade now moves through small parcels. My cousin works in customs and \
        says the scanners catch maybe one shipment in fifty. See https://www.justice.gov/opa for the \
        indictments. Sooooo much of this is about money laundering, not just smuggling. ";
    let mut text = String::new();
    while text.len() < 1024 {
        text.push_str(paragraph);
    }
    text.truncate(1024);
    text
}
