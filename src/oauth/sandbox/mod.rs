//! The sandbox authorization server: a real HTTP server (tiny_http) that
//! answers like France Travail's, for the live demo and for tests.
