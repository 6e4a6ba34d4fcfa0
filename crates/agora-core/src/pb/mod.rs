//! Participatory-budgeting winner rules in exact arithmetic.
