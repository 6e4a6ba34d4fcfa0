//! Opinion groups (the Pol.is method), deterministic.
