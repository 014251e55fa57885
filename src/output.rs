//! Writes a rendered `Site` to disk: into a temporary folder beside the
//! target, swapped in only when everything was written.
