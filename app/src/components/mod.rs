pub mod chart;
pub mod choice;
pub mod form;
pub mod layout;
pub mod notice;
pub mod session;
