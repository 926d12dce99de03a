//! Feeds arbitrary bytes, as text, to the normaliser every rule reads from.
//! It must never panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moderato::domain::normalize::NormalizedText;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normal = NormalizedText::new(&text);
    // Touch everything the rules use.
    let _ = (normal.as_str().len(), normal.tokens().len(), normal.hashes().len(), normal.has_masks());
    for i in 0..normal.tokens().len() {
        let _ = normal.clause_ends_after(i);
    }
});
