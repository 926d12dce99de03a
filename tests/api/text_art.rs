//! Chain-letter pictures drawn in block characters are held and explained;
//! a reader's decorated divider or a table drawn with box lines is
//! published.

use crate::backend_tests;
use crate::pairs::assert_held_beside_published;

const PAIRS: &[(&str, &str, &str)] = &[
    (
        "░░░░▄▄▄▄░░░░\n░░▄▀░░░░▀▄░░\n░█░░▀░░▀░░█░\n░░▀▄▄▄▄▄▄▀░░\nYOU HAVE BEEN VISITED. Paste this on three videos",
        "text_art",
        "▀▄▀▄▀▄▀▄▀▄▀▄▀▄▀▄ Great interview, thanks for posting it ▀▄▀▄▀▄▀▄▀▄▀▄",
    ),
    (
        "⣿⣿⣿⣿⣿⣿⣿⣿\n⣿⡟⠉⠉⠉⠉⢻⣿\n⣿⡇⠀⠀⠀⠀⢸⣿\n⣿⣧⣀⣀⣀⣀⣼⣿",
        "text_art",
        "The figures from the report:\n┌──────┬──────┐\n│ year │ rate │\n├──────┼──────┤\n│ 2024 │ 3.1% │\n└──────┴──────┘",
    ),
];

backend_tests! {
    async fn a_picture_in_block_characters_is_held_while_a_divider_or_a_table_is_published(app) {
        assert_held_beside_published(&app, PAIRS).await;
    }
}
