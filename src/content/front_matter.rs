//! Splits a `.md` file into front matter and body (gray_matter), and maps
//! serde_yaml errors back to line and column in the `.md` file.
