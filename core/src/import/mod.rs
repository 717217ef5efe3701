//! Imports of other apps' backups (Aegis, 2FAS, Ente, Proton, otpauth lists, Google migration) and exports. (Being written.)
