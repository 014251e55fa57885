//! (to be written by the site work)
