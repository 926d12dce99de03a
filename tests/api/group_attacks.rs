//! Attacks on people pointed at as a group (docs/quality.md, eighth
//! revision): "those people are vermin" is held like naming who they are,
//! an eliminationist phrase is an attack only when its subject is a group of
//! people, and a dehumanising simile is an attack when it is prescribed, not
//! when it reports what was done to them.

use crate::backend_tests;
use crate::pairs::assert_held_beside_published;

/// (held body, the rule that must explain it, a reader's sentence)
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "Those people are vermin.",
        "identity_attack",
        "Those people deserve better housing than the city offers them.",
    ),
    (
        "These folks are animals and should be wiped out.",
        "identity_attack",
        "The cartel should be wiped out, and the report says it nearly was.",
    ),
    (
        "Immigrants should be wiped out.",
        "identity_attack",
        "Immigrants were nearly wiped out financially by the new visa fees.",
    ),
    (
        "Those people should be treated like animals.",
        "identity_attack",
        "Those people were treated like animals at the border, inspectors found.",
    ),
    (
        "Refugees should be caged like animals.",
        "identity_attack",
        "Refugees were caged like animals in the camp, the inspectors wrote.",
    ),
];

backend_tests! {
    async fn a_group_attack_is_held_while_reporting_with_the_same_words_is_published(app) {
        assert_held_beside_published(&app, PAIRS).await;
    }
}
